// Command-line options shared by the subcommands (train, eval, compare, gui), and how they become
// a TrainConfig.
#pragma once
#include <CLI/CLI.hpp>
#include <string>

#include "model/config.hpp"

namespace lex::cli {

struct TrainOptions {
  TrainConfig config;
  std::string mode = "vae";
  std::string likelihood = "bernoulli";
  std::string data_dir;  // empty: the default MNIST folder
  int epochs = 10;
  std::string save_path;
  std::string load_path;
  bool json = false;
  bool shape_given = false;  // --latent or --hidden on the command line (set after parsing)
};

// --mode --latent --hidden --batch --lr --beta --warmup --seed --threads --data --likelihood
// --binarize --gaussian-sigma
void add_model_options(CLI::App& cmd, TrainOptions& o);

// Parses the strings and checks every value. Throws InputError naming the option.
void finish(TrainOptions& o);

// The data directory to use: --data if given, else data/mnist here or beside the executable.
std::string resolve_data_dir(const std::string& given);

}  // namespace lex::cli
