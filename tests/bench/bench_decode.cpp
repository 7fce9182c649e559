// Decoding latent points from a snapshot's frozen model, as the GUI does: the grid view decodes
// N x N points whenever the view or the snapshot changes, and the cursor preview decodes one
// point every frame. For the MLP (784-400-z) and the convolutional decoder.
#include <benchmark/benchmark.h>

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

}  // namespace

int main(int argc, char** argv) {
  lex::configure_process(1);  // the UI thread decodes alone
  lex::prepare_compute_thread(1);
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  return 0;
}
