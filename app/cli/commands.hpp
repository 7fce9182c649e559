// The headless subcommands. Each returns the process exit status: 0 done, 2 bad input (one line
// on stderr already printed), 1 a run that failed (diverged).
#pragma once
#include <cmath>

#include "common/options.hpp"

namespace lex::cli {

using app::TrainOptions;

int run_train(TrainOptions& o);

struct EvalOptions {
  std::string load_path;
  std::string data_dir;
  int iw_samples = 100;
  int threads = 1;
  bool json = false;
};
int run_eval(EvalOptions& o);

struct CompareOptions {
  TrainOptions train;
  std::string save_dir;   // a PNG per mode: scatter and decoded grid
  double beta_vae = -1;   // >= 0: also train a beta-VAE with this beta
  bool json = false;
};
int run_compare(CompareOptions& o);

struct ExportOptions {
  std::string load_path;  // a checkpoint (or a safetensors file)
  std::string out_path;   // FILE.safetensors
};
int run_export(ExportOptions& o);

}  // namespace lex::cli
