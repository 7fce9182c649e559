// The three products of the decoder's output layer (784 x 400, batch 128), which are most of a
// training step: Eigen's general product against the hand-written kernels that the float layers
// use (core/model/dense_kernels.hpp). Reports GFLOP/s; run beside a peak figure of the machine.
#include <benchmark/benchmark.h>

#include "model/dense_kernels.hpp"
#include "model/tensor.hpp"
#include "util/compute.hpp"

namespace {

constexpr int kOut = 784, kIn = 400, kBatch = 128;

struct Operands {
  lex::Mat<float> w = lex::Mat<float>::Random(kOut, kIn), x = lex::Mat<float>::Random(kIn, kBatch);
  lex::Mat<float> dy = lex::Mat<float>::Random(kOut, kBatch), y{kOut, kBatch}, dx{kIn, kBatch};
  lex::Mat<float> dw = lex::Mat<float>::Zero(kOut, kIn);
};

template <class Product>
void run(benchmark::State& state, Product product) {
  lex::prepare_compute_thread(1);
  Operands o;
  for (auto _ : state) {
    product(o);
    benchmark::ClobberMemory();
  }
  state.counters["GFLOP/s"] = benchmark::Counter(2.0 * kOut * kIn * kBatch * 1e-9, benchmark::Counter::kIsIterationInvariantRate);
}

void EigenForward(benchmark::State& s) { run(s, [](Operands& o) { o.y.noalias() = o.w * o.x; }); }
void EigenWeightGradient(benchmark::State& s) { run(s, [](Operands& o) { o.dw.noalias() += o.dy * o.x.transpose(); }); }
void EigenInputGradient(benchmark::State& s) { run(s, [](Operands& o) { o.dx.noalias() = o.w.transpose() * o.dy; }); }
BENCHMARK(EigenForward);
BENCHMARK(EigenWeightGradient);
BENCHMARK(EigenInputGradient);

#if defined(LEX_HAVE_DENSE_KERNELS)
void KernelForward(benchmark::State& s) {
  run(s, [](Operands& o) { lex::gemm_nn<false>(kOut, kBatch, kIn, o.w.data(), kOut, o.x.data(), 1, kIn, o.y.data(), kOut); });
}
void KernelWeightGradient(benchmark::State& s) {
  run(s, [](Operands& o) { lex::gemm_nn<true>(kOut, kIn, kBatch, o.dy.data(), kOut, o.x.data(), kIn, 1, o.dw.data(), kOut); });
}
void KernelInputGradient(benchmark::State& s) {
  run(s, [](Operands& o) { lex::gemm_tn(kIn, kBatch, kOut, o.w.data(), kOut, o.dy.data(), kOut, o.dx.data(), kIn); });
}
BENCHMARK(KernelForward);
BENCHMARK(KernelWeightGradient);
BENCHMARK(KernelInputGradient);
#endif

}  // namespace

int main(int argc, char** argv) {
  lex::configure_process(1);  // one thread for Eigen too (it would use OpenMP's default otherwise)
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  return 0;
}
