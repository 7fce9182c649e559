// The convolution kernels (core/model/conv_kernels.hpp) on the conv VAE's layers, one thread, at
// batch 128 (one thread's whole batch), 64 (each thread's half with --threads 2) and 32 (one
// chunk of the planes layout): GFLOP/s of
// the forward pass, the input gradient and the weight gradient, counting 2 flops per multiply-add
// of the taps that land inside the output. PeakFma measures this core's FMA peak in the same run
// (12 independent 512-bit FMA chains), so each figure can be read as a fraction of it.
// TrainStep runs the whole model: forward, loss, backward (Adam excluded).
#include <benchmark/benchmark.h>

#include <immintrin.h>

#include "model/conv.hpp"
#include "model/model.hpp"
#include "model/planes.hpp"
#include "util/compute.hpp"

namespace {

struct Layer {
  const char* name;
  lex::ConvShape shape;
};

// The conv VAE on 28 x 28 images (model/architectures.cpp).
const Layer kLayers[] = {
    {"enc_conv1", {1, 32, 28, 28, 3, 2, 0, 0, false}},     {"enc_conv2", {32, 64, 13, 13, 3, 2, 0, 0, false}},
    {"dec_deconv1", {32, 64, 7, 7, 3, 2, 1, 1, true}},     {"dec_deconv2", {64, 32, 14, 14, 3, 2, 1, 1, true}},
    {"dec_deconv3", {32, 1, 28, 28, 3, 1, 1, 0, true}},
};

// Multiply-adds of one image's forward pass.
double macs(const lex::ConvShape& s) {
  const lex::GatherPlan plan =
      s.transposed ? lex::transposed_plan(s.in_height, s.in_width, s.out_height(), s.out_width(), s.kernel, s.stride, s.padding)
                   : lex::correlation_plan(s.in_height, s.in_width, s.out_height(), s.out_width(), s.kernel, s.stride, s.padding);
  return static_cast<double>(plan.tap.size()) * s.in_channels * s.out_channels;
}

enum Pass { kForward, kInputGradient, kWeightGradient };

void Conv(benchmark::State& state) {
  const Layer& layer = kLayers[state.range(0)];
  const auto pass = static_cast<Pass>(state.range(1));
  const int batch = static_cast<int>(state.range(2));
  state.SetLabel(std::string(layer.name) + (pass == kForward ? " forward" : pass == kInputGradient ? " dW+dx" : " dW"));
  lex::Conv2d<float> conv(layer.shape, true);
  lex::Vec<float> params(static_cast<Eigen::Index>(conv.size())), grads = lex::Vec<float>::Zero(params.size());
  conv.bind(params.data(), grads.data());
  lex::Rng rng(1);
  conv.init(rng);
  // In planes (core/model/planes.hpp): chunks of 32 images.
  const int h = std::min(batch, lex::kPlaneChunk), chunks = batch / h;
  lex::Mat<float> x = lex::Mat<float>::Random(h, conv.in_planes().columns_per_chunk() * chunks).cwiseMax(0.0f), y, dx;
  lex::Mat<float> dy = lex::Mat<float>::Random(h, conv.out_planes().columns_per_chunk() * chunks);
  conv.forward(x, y);
  for (auto _ : state) {
    if (pass == kForward) {
      conv.forward(x, y);
    } else {
      conv.backward(x, dy, pass == kInputGradient ? &dx : nullptr);
    }
    benchmark::ClobberMemory();
  }
  // The input gradient is timed together with the weight gradient it always comes with.
  const double passes = pass == kInputGradient ? 2 : 1;
  state.counters["GFLOP/s"] = benchmark::Counter(2 * macs(layer.shape) * batch * passes * 1e-9,
                                                 benchmark::Counter::kIsIterationInvariantRate);
}

void Args(benchmark::internal::Benchmark* b) {
  b->ArgNames({"layer", "pass", "batch"});
  for (int batch : {128, 64, 32})
    for (int l = 0; l < 5; ++l)
      for (int p : {kForward, kInputGradient, kWeightGradient})
        if (!(l == 0 && p == kInputGradient)) b->Args({l, p, batch});
}
BENCHMARK(Conv)->Apply(Args)->Unit(benchmark::kMillisecond);

void TrainStep(benchmark::State& state) {
  lex::ArchSpec spec;
  lex::parse_arch("conv", spec);
  spec.latent = static_cast<int>(state.range(0));
  spec.input = {1, 28, 28};  // MNIST's
  spec.classes = 10;
  const int batch = static_cast<int>(state.range(1));
  lex::Model<float> model(spec);
  lex::Rng rng(1);
  model.init(rng);
  lex::Mat<float> x = lex::Mat<float>::Random(784, batch).cwiseAbs(), eps(spec.latent, batch);
  rng.fill_normal(eps.data(), static_cast<size_t>(eps.size()));
  for (auto _ : state) benchmark::DoNotOptimize(model.train_batch(x, {}, eps, lex::Objective{}, 1.0));
  state.counters["samples/s"] = benchmark::Counter(batch, benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(TrainStep)->ArgNames({"z", "batch"})->Args({20, 128})->Args({20, 64})->Unit(benchmark::kMillisecond);

void PeakFma(benchmark::State& state) {
  constexpr int kChains = 12, kSteps = 1 << 16;
  for (auto _ : state) {
    __m512 acc[kChains];
    for (int i = 0; i < kChains; ++i) acc[i] = _mm512_set1_ps(static_cast<float>(i));
    const __m512 a = _mm512_set1_ps(0.999f), b = _mm512_set1_ps(1e-4f);
    for (int s = 0; s < kSteps; ++s)
      for (int i = 0; i < kChains; ++i) acc[i] = _mm512_fmadd_ps(acc[i], a, b);
    for (int i = 1; i < kChains; ++i) acc[0] = _mm512_add_ps(acc[0], acc[i]);
    benchmark::DoNotOptimize(acc[0]);
  }
  state.counters["GFLOP/s"] =
      benchmark::Counter(2.0 * 16 * kChains * kSteps * 1e-9, benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(PeakFma)->Unit(benchmark::kMillisecond);

}  // namespace

int main(int argc, char** argv) {
  lex::configure_process(1);
  lex::prepare_compute_thread(1);
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  return 0;
}
