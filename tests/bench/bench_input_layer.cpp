// The sparse first encoder layer (core/model/linear.hpp, InputLinear) on real MNIST batches of
// 128, forward and weight gradient, against the dense product it replaces. Reports nanoseconds
// per image and, for the sparse passes, GFLOP/s counted over the non-zero pixels only (the work
// actually needed). Needs data/mnist (scripts/fetch_mnist.sh); run from the repository root.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <memory>

#include "data/dataset.hpp"
#include "model/linear.hpp"
#include "util/compute.hpp"
#include "util/rng.hpp"

namespace {

constexpr int kIn = 784, kOut = 400, kBatch = 128, kBatches = 16;

struct Setup {
  std::vector<lex::Mat<float>> batches;
  lex::Vec<float> params, grads;
  double nonzeros = 0;  // over all batches
};

const Setup& setup() {
  static const std::unique_ptr<Setup> s = [] {
    auto out = std::make_unique<Setup>();
    const lex::DataSplit data = lex::load_data_dir("data/mnist");
    for (int b = 0; b < kBatches; ++b) {
      out->batches.push_back(data.train.images.middleCols(b * kBatch, kBatch));
      out->nonzeros += static_cast<double>((out->batches.back().array() != 0.f).count());
    }
    lex::Rng rng(1);
    out->params.resize(static_cast<Eigen::Index>(lex::InputLinear<float>(kIn, kOut).size()));
    for (auto& v : out->params) v = static_cast<float>(rng.uniform(-0.04, 0.04));
    out->grads.setZero(out->params.size());
    return out;
  }();
  return *s;
}

template <class Pass>
void run(benchmark::State& state, bool sparse_flops, Pass pass) {
  lex::prepare_compute_thread(1);
  const Setup& s = setup();
  lex::Vec<float> params = s.params, grads = s.grads;
  lex::InputLinear<float> layer(kIn, kOut);
  layer.bind(params.data(), grads.data());
  lex::Mat<float> y, dy = lex::Mat<float>::Random(kOut, kBatch);
  for (auto _ : state) {
    for (const auto& x : s.batches) pass(layer, x, y, dy);
    benchmark::ClobberMemory();
  }
  const double images = static_cast<double>(kBatches) * kBatch;
  state.counters["ns/image"] = benchmark::Counter(images * 1e-9, benchmark::Counter::kIsIterationInvariantRate |
                                                                      benchmark::Counter::kInvert);
  const double flops = 2.0 * kOut * (sparse_flops ? s.nonzeros : images * kIn);
  state.counters["GFLOP/s"] = benchmark::Counter(flops * 1e-9, benchmark::Counter::kIsIterationInvariantRate);
}

void SparseForward(benchmark::State& st) {
  run(st, true, [](auto& layer, const auto& x, auto& y, auto&) { layer.forward(x, y); });
}
void SparseForwardBackward(benchmark::State& st) {
  run(st, true, [](auto& layer, const auto& x, auto& y, auto& dy) {
    layer.forward(x, y);
    layer.backward(x, dy, nullptr);
  });
}
void DenseForward(benchmark::State& st) {
  run(st, false, [](auto& layer, const auto& x, auto& y, auto&) { layer.dense().product(x, y); });
}
void DenseForwardBackward(benchmark::State& st) {
  run(st, false, [](auto& layer, const auto& x, auto& y, auto& dy) {
    layer.dense().product(x, y);
    layer.dense().product_backward(x, dy, nullptr);
  });
}
BENCHMARK(SparseForward)->Unit(benchmark::kMicrosecond);
BENCHMARK(SparseForwardBackward)->Unit(benchmark::kMicrosecond);
BENCHMARK(DenseForward)->Unit(benchmark::kMicrosecond);
BENCHMARK(DenseForwardBackward)->Unit(benchmark::kMicrosecond);

}  // namespace

int main(int argc, char** argv) {
  lex::configure_process(1);
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  return 0;
}
