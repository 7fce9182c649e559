// Training throughput of the core trainer, headless: one JSON line per epoch with training
// samples per second (evaluation excluded), the same figure `latent-explorer train` reports.
// tests/bench/compare_torch.sh runs it (through the CLI) beside the PyTorch reference.
//   bench_train --data DIR --latent 20 --epochs 1 --threads 1
#include <CLI/CLI.hpp>
#include <cstdio>

#include "train/trainer.hpp"
#include "util/compute.hpp"

int main(int argc, char** argv) {
  lex::TrainConfig c;
  std::string data_dir = "data/mnist";
  int epochs = 1;
  CLI::App app{"bench_train"};
  app.add_option("--data", data_dir);
  app.add_option("--latent", c.shape.latent);
  app.add_option("--hidden", c.shape.hidden);
  app.add_option("--epochs", epochs);
  app.add_option("--threads", c.threads);
  app.add_option("--batch", c.batch);
  CLI11_PARSE(app, argc, argv);
  lex::configure_process(c.threads);
  lex::prepare_compute_thread(c.threads);
  auto data = std::make_shared<const lex::DataSplit>(lex::load_data_dir(data_dir));
  lex::Trainer trainer(c, data);
  for (int e = 0; e < epochs; ++e) {
    const lex::EpochStats s = trainer.train_epoch();
    std::printf("{\"epoch\":%d,\"threads\":%d,\"latent\":%d,\"samples_per_s\":%.1f,\"test_loss\":%.3f}\n", s.epoch,
                c.threads, c.shape.latent, s.samples_per_s, s.test.loss);
  }
  return 0;
}
