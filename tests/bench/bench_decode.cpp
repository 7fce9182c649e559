// Decoding latent points on the UI thread from a snapshot's frozen decoder: the grid view
// re-decodes N x N points whenever the view or the snapshot changes (target: a 20 x 20 grid in
// under 2 ms), and the cursor preview decodes one point every frame.
#include <benchmark/benchmark.h>

#include "model/decoder.hpp"
#include "util/compute.hpp"

namespace {

lex::DecoderWeights decoder(int latent) {
  lex::Vae<float> model(lex::ModelShape{784, 400, latent});
  lex::Rng rng(1);
  model.init(rng);
  return lex::DecoderWeights::from(model);
}

void DecodeGrid(benchmark::State& state) {
  const int side = static_cast<int>(state.range(0)), latent = static_cast<int>(state.range(1));
  const lex::DecoderWeights d = decoder(latent);
  lex::Mat<float> z = lex::Mat<float>::Random(latent, side * side), hidden, probs;
  for (auto _ : state) {
    d.decode(z, hidden, probs);
    benchmark::DoNotOptimize(probs.data());
  }
  state.counters["images/s"] = benchmark::Counter(static_cast<double>(side * side), benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(DecodeGrid)->Args({20, 2})->Args({20, 20})->Args({40, 2})->Args({1, 2})->Unit(benchmark::kMicrosecond);

}  // namespace

int main(int argc, char** argv) {
  lex::configure_process(1);  // the UI thread decodes alone
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  return 0;
}
