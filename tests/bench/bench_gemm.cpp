// The three products of a fully connected layer at batch 128, which are most of a training step:
// Eigen's general product against the hand-written kernels that the float layers use
// (core/model/dense_kernels.hpp). Shapes (out x in): the decoder's output layer 784 x 400 and
// the encoder's head 40 x 400 (latent 20), whose input gradient has a short inner dimension.
// Reports GFLOP/s; run beside a peak figure of the machine.
#include <benchmark/benchmark.h>

#include "model/dense_kernels.hpp"
#include "model/tensor.hpp"
#include "util/compute.hpp"

namespace {

constexpr int kBatch = 128;

struct Operands {
  Operands(int out, int in)
      : out(out), in(in), w(lex::Mat<float>::Random(out, in)), wt(w.transpose()), x(lex::Mat<float>::Random(in, kBatch)),
        dy(lex::Mat<float>::Random(out, kBatch)), y(out, kBatch), dx(in, kBatch), dw(lex::Mat<float>::Zero(out, in)) {}
  int out, in;
  lex::Mat<float> w, wt, x, dy, y, dx, dw;
};

template <class Product>
void run(benchmark::State& state, Product product) {
  lex::prepare_compute_thread(1);
  Operands o(static_cast<int>(state.range(0)), static_cast<int>(state.range(1)));
  for (auto _ : state) {
    product(o);
    benchmark::ClobberMemory();
  }
  state.counters["GFLOP/s"] =
      benchmark::Counter(2.0 * o.out * o.in * kBatch * 1e-9, benchmark::Counter::kIsIterationInvariantRate);
}

void Shapes(benchmark::internal::Benchmark* b) { b->ArgNames({"out", "in"})->Args({784, 400})->Args({40, 400})->Args({400, 20}); }

void EigenForward(benchmark::State& s) { run(s, [](Operands& o) { o.y.noalias() = o.w * o.x; }); }
void EigenWeightGradient(benchmark::State& s) { run(s, [](Operands& o) { o.dw.noalias() += o.dy * o.x.transpose(); }); }
void EigenInputGradient(benchmark::State& s) { run(s, [](Operands& o) { o.dx.noalias() = o.w.transpose() * o.dy; }); }
BENCHMARK(EigenForward)->Apply(Shapes);
BENCHMARK(EigenWeightGradient)->Apply(Shapes);
BENCHMARK(EigenInputGradient)->Apply(Shapes);

#if defined(LEX_HAVE_DENSE_KERNELS)
void KernelForward(benchmark::State& s) {
  run(s, [](Operands& o) { lex::gemm_nn<false>(o.out, kBatch, o.in, o.w.data(), o.out, o.x.data(), 1, o.in, o.y.data(), o.out); });
}
void KernelWeightGradient(benchmark::State& s) {
  run(s, [](Operands& o) { lex::gemm_nn<true>(o.out, o.in, kBatch, o.dy.data(), o.out, o.x.data(), o.in, 1, o.dw.data(), o.out); });
}
// dx = W^T dy as dot products down W's columns (gemm_tn)...
void KernelInputGradientDots(benchmark::State& s) {
  run(s, [](Operands& o) { lex::gemm_tn(o.in, kBatch, o.out, o.w.data(), o.out, o.dy.data(), o.out, o.dx.data(), o.in); });
}
// ... or as gemm_nn on a transposed copy of W, the transpose included in the time.
void KernelInputGradientTransposed(benchmark::State& s) {
  run(s, [](Operands& o) {
    lex::transpose(o.out, o.in, o.w.data(), o.out, o.wt.data(), o.in);
    lex::gemm_nn<false>(o.in, kBatch, o.out, o.wt.data(), o.in, o.dy.data(), 1, o.out, o.dx.data(), o.in);
  });
}
BENCHMARK(KernelForward)->Apply(Shapes);
BENCHMARK(KernelWeightGradient)->Apply(Shapes);
BENCHMARK(KernelInputGradientDots)->Apply(Shapes);
BENCHMARK(KernelInputGradientTransposed)->Apply(Shapes);
#endif

}  // namespace

int main(int argc, char** argv) {
  lex::configure_process(1);  // one thread for Eigen too (it would use OpenMP's default otherwise)
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  return 0;
}
