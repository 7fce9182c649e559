// Decoding latent points from a snapshot's frozen model, as the GUI does: the grid view decodes
// N x N points whenever the view or the snapshot changes, and the cursor preview decodes one
// point every frame. For the MLP (784-400-z) and the convolutional decoder. And the drawing pad's
// work on each stroke, on the UI thread: the 280 x 280 canvas made to look like MNIST, encoded,
// decoded, and its 5 nearest neighbours among 10,000 test codes.
#include <benchmark/benchmark.h>

#include "data/digit_image.hpp"
#include "eval/probe.hpp"
#include "model/frozen_model.hpp"
#include "util/compute.hpp"

namespace {

lex::FrozenModel model(const char* arch, int latent) {
  lex::ArchSpec spec;
  lex::parse_arch(arch, spec);
  spec.latent = latent;
  spec.input = {1, 28, 28};  // MNIST's
  spec.classes = 10;
  lex::Model<float> m(spec);
  lex::Rng rng(1);
  m.init(rng);
  return lex::FrozenModel::of(m);
}

void Decode(benchmark::State& state, const char* arch) {
  const int side = static_cast<int>(state.range(0)), latent = static_cast<int>(state.range(1));
  lex::FrozenModel m = model(arch, latent);
  lex::Mat<float> z = lex::Mat<float>::Random(latent, side * side), probs;
  for (auto _ : state) {
    m.decode_probabilities(z, {}, probs);
    benchmark::DoNotOptimize(probs.data());
  }
  state.counters["images/s"] = benchmark::Counter(static_cast<double>(side * side), benchmark::Counter::kIsIterationInvariantRate);
}
void DecodeMlp(benchmark::State& state) { Decode(state, "mlp:400"); }
void DecodeConv(benchmark::State& state) { Decode(state, "conv"); }
BENCHMARK(DecodeMlp)->ArgNames({"side", "z"})->Args({20, 2})->Args({20, 20})->Args({40, 2})->Args({1, 2})->Unit(benchmark::kMicrosecond);
BENCHMARK(DecodeConv)->ArgNames({"side", "z"})->Args({20, 2})->Args({1, 2})->Args({4, 2})->Unit(benchmark::kMicrosecond);

void PadStroke(benchmark::State& state, const char* arch) {
  const int latent = static_cast<int>(state.range(0));
  lex::FrozenModel m = model(arch, latent);
  lex::GreyImage canvas{280, 280, std::vector<float>(280 * 280, 0.0f)};
  for (int y = 40; y < 240; ++y)
    for (int x = 130; x < 152; ++x) canvas.pixels[static_cast<size_t>(y) * 280 + x] = 1.0f;  // a "1"
  const lex::Mat<float> test_codes = lex::Mat<float>::Random(latent, 10000);
  const std::vector<uint8_t> labels(10000, 1);
  const lex::Objective obj;
  for (auto _ : state) {
    const std::vector<float> x = lex::digit_like_data(canvas, {1, 28, 28}, "pad");
    const lex::ImageCode code = lex::encode_image(m, obj, x, 0);
    const auto near = lex::nearest_images(test_codes, labels, code.mu, 5);
    benchmark::DoNotOptimize(near.data());
  }
}
void PadStrokeMlp(benchmark::State& state) { PadStroke(state, "mlp:400"); }
void PadStrokeConv(benchmark::State& state) { PadStroke(state, "conv"); }
BENCHMARK(PadStrokeMlp)->ArgNames({"z"})->Arg(2)->Arg(20)->Unit(benchmark::kMicrosecond);
BENCHMARK(PadStrokeConv)->ArgNames({"z"})->Arg(2)->Unit(benchmark::kMicrosecond);

}  // namespace

int main(int argc, char** argv) {
  lex::configure_process(1);  // the UI thread decodes alone
  lex::prepare_compute_thread(1);
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  return 0;
}
