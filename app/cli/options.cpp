#include "cli/options.hpp"

#include <unistd.h>

#include <filesystem>

#include "util/error.hpp"

namespace lex::cli {

void add_model_options(CLI::App& cmd, TrainOptions& o) {
  auto& c = o.config;
  cmd.add_option("--mode", o.mode, "ae | vae | kl-only")->capture_default_str();
  // Either one given explicitly must agree with a checkpoint given by --load.
  auto note_shape = [&o](const auto&) { o.shape_given = true; };
  cmd.add_option("--latent", c.shape.latent, "latent dimensions (1-64)")->capture_default_str()->each(note_shape);
  cmd.add_option("--hidden", c.shape.hidden, "hidden units in encoder and decoder")->capture_default_str()->each(note_shape);
  cmd.add_option("--batch", c.batch, "minibatch size")->capture_default_str();
  cmd.add_option("--lr", c.lr, "Adam learning rate")->capture_default_str();
  cmd.add_option("--beta", c.objective.beta, "KL weight (vae)")->capture_default_str();
  cmd.add_option("--warmup", c.warmup_steps, "steps over which beta ramps up from 0")->capture_default_str();
  cmd.add_option("--seed", c.seed, "random seed")->capture_default_str();
  cmd.add_option("--threads", c.threads, "compute threads")->capture_default_str();
  cmd.add_option("--data", o.data_dir, "directory with the four MNIST-format IDX files (raw or .gz)");
  cmd.add_option("--likelihood", o.likelihood, "bernoulli | gaussian")->capture_default_str();
  cmd.add_option("--gaussian-sigma", c.objective.gaussian_sigma, "pixel std of the gaussian likelihood")
      ->capture_default_str();
  cmd.add_flag("--binarize", c.binarize, "threshold pixels at 0.5 (a true Bernoulli likelihood)");
}

void finish(TrainOptions& o) {
  const auto mode = parse_mode(o.mode);
  if (!mode) throw InputError("--mode: '" + o.mode + "' is not one of ae, vae, kl-only");
  const auto likelihood = parse_likelihood(o.likelihood);
  if (!likelihood) throw InputError("--likelihood: '" + o.likelihood + "' is not one of bernoulli, gaussian");
  o.config.objective.mode = *mode;
  o.config.objective.likelihood = *likelihood;
  if (o.epochs < 1 || o.epochs > 100000) throw InputError("--epochs must be between 1 and 100000");
  if (const std::string problem = validate(o.config); !problem.empty()) throw InputError(problem);
}

std::string resolve_data_dir(const std::string& given) {
  namespace fs = std::filesystem;
  if (!given.empty()) return given;
  std::error_code ec;
  if (fs::is_directory("data/mnist", ec)) return "data/mnist";
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const fs::path beside = exe.parent_path().parent_path().parent_path() / "data" / "mnist";  // build/bin/..
    if (fs::is_directory(beside, ec)) return beside.string();
  }
  return "data/mnist";
}

}  // namespace lex::cli
