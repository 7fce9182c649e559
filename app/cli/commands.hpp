// The headless subcommands. Each returns the process exit status: 0 done, 2 bad input (one line
// on stderr already printed), 1 a run that failed (diverged).
#pragma once
#include <cmath>
#include <string>
#include <vector>

#include "common/options.hpp"

namespace lex::cli {

using app::TrainOptions;

int run_train(TrainOptions& o);

struct EvalOptions {
  std::string load_path;
  std::string data_dir;
  int image_size = 0;
  int iw_samples = 100;
  int threads = 1;
  bool json = false;
  bool iw_curve = false;  // the importance-weighted bound at k = 1, 10, 100, 1000 (eval/iw_curve.hpp)
  int iw_images = 1000;   // on this many test images (an even subset), the same for every k
};
int run_eval(EvalOptions& o);

struct CompareOptions {
  TrainOptions train;
  std::string save_dir;   // a PNG per mode: scatter and decoded grid
  double beta_vae = -1;   // >= 0: also train a beta-VAE with this beta
  bool json = false;
};
int run_compare(CompareOptions& o);

struct EncodeOptions {
  std::string load_path;
  std::string data_dir;
  std::string image_path;
  bool invert = false;        // dark ink on light paper
  int label = -1;             // a conditional model's class; -1: the class with the best ELBO
  int iw_samples = 100;       // importance samples for log p(x)
  int reference_images = 0;   // test images ranked against (0: all)
  int image_size = 0;         // --image-size, as the model was trained
  bool json = false;
};
int run_encode(EncodeOptions& o);

struct SweepOptions {
  TrainOptions train;
  std::vector<double> betas;  // one VAE per beta, all from the same seed
  std::string save_dir;       // where sweep.png goes (the current directory if empty)
  bool json = false;
};
int run_sweep(SweepOptions& o);

struct ExportOptions {
  std::string load_path;  // a checkpoint (or a safetensors file)
  std::string out_path;   // FILE.safetensors
};
int run_export(ExportOptions& o);

}  // namespace lex::cli
