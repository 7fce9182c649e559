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
  std::string arch = "mlp:400";
  app.add_option("--arch", arch);
  app.add_option("--latent", c.arch.latent);
  app.add_flag("--cond", c.arch.conditional);
  app.add_option("--epochs", epochs);
  app.add_option("--threads", c.threads);
  app.add_option("--batch", c.batch);
  CLI11_PARSE(app, argc, argv);
  if (const std::string problem = lex::parse_arch(arch, c.arch); !problem.empty()) {
    std::fprintf(stderr, "bench_train: --arch %s\n", problem.c_str());
    return 2;
  }
  lex::configure_process(c.threads);
  lex::prepare_compute_thread(c.threads);
  auto data = std::make_shared<const lex::DataSplit>(lex::load_data_dir(data_dir));
  lex::Trainer trainer(c, data);
  for (int e = 0; e < epochs; ++e) {
    const lex::EpochStats s = trainer.train_epoch();
    std::printf("{\"epoch\":%d,\"arch\":\"%s\",\"threads\":%d,\"latent\":%d,\"samples_per_s\":%.1f,\"test_loss\":%.3f}\n",
                s.epoch, arch.c_str(), c.threads, c.arch.latent, s.samples_per_s, s.test.loss);
  }
  return 0;
}
