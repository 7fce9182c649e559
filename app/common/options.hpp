// Command-line options shared by the subcommands (train, eval, compare) and the window, how they
// become a TrainConfig, and the other start-up helpers both use.
#pragma once
#include <CLI/CLI.hpp>

#include <string>

#include "model/config.hpp"

namespace lex::app {

struct TrainOptions {
  TrainConfig config;
  std::string mode = "vae";
  std::string likelihood = "bernoulli";
  std::string data_dir;  // empty: the default MNIST folder
  int image_size = 0;    // --image-size N: every image resized to N x N (0: the data's own size)
  int epochs = 10;
  std::string save_path;
  std::string load_path;
  bool json = false;
  // The architecture: --arch TEXT, or --hidden H as shorthand for mlp:H (finish() sets config.arch).
  std::string arch;
  int hidden = 400;
  // Which options were on the command line (set while parsing): with --load, these must agree
  // with the checkpoint.
  bool arch_given = false, hidden_given = false, latent_given = false, cond_given = false, beta_given = false;
  // A safetensors file's objective applies unless these are given (train --load F.safetensors).
  bool mode_given = false, likelihood_given = false, gaussian_sigma_given = false, binarize_given = false;
};

// --arch --hidden --latent --cond --mode --batch --lr --beta --warmup --seed --threads --data
// --image-size --likelihood --binarize --gaussian-sigma
void add_model_options(CLI::App& cmd, TrainOptions& o);

// Parses the strings and checks every value. Throws InputError naming the option.
void finish(TrainOptions& o);

// With --load the checkpoint's model wins, unless --arch, --hidden, --latent or --cond was given
// and differs: then this throws InputError naming both.
void check_against_checkpoint(const TrainOptions& o, const TrainConfig& checkpoint, const std::string& path);

// --image-size for a command that has no model options (eval).
void add_image_size_option(CLI::App& cmd, int& image_size);

// The data directory to use: --data if given, else data/mnist here or beside the executable.
std::string resolve_data_dir(const std::string& given);

// Prints "latent-explorer: message" on one line of stderr.
void print_error(const std::string& message);

}  // namespace lex::app
