#include "common/options.hpp"

#include <unistd.h>

#include <cstdio>
#include <filesystem>

#include "data/dataset.hpp"
#include "util/error.hpp"

namespace lex::app {

void add_model_options(CLI::App& cmd, TrainOptions& o) {
  auto& c = o.config;
  cmd.add_option("--mode", o.mode, "ae | vae | kl-only")->capture_default_str()->each([&o](const std::string&) {
    o.mode_given = true;
  });
  // Given explicitly, these must agree with a checkpoint given by --load.
  cmd.add_option("--arch", o.arch, "mlp:H[,H...] (hidden widths; the decoder mirrors them) or conv (default mlp:400)")
      ->each([&o](const std::string&) { o.arch_given = true; });
  cmd.add_option("--hidden", o.hidden, "shorthand for --arch mlp:H")->capture_default_str()->each([&o](const std::string&) {
    o.hidden_given = true;
  });
  cmd.add_option("--latent", c.arch.latent, "latent dimensions (1-64)")->capture_default_str()->each([&o](const std::string&) {
    o.latent_given = true;
  });
  cmd.add_flag("--cond", c.arch.conditional, "class-conditional: the one-hot label joins the encoder's features and z")
      ->each([&o](const std::string&) { o.cond_given = true; });
  cmd.add_option("--batch", c.batch, "minibatch size")->capture_default_str();
  cmd.add_option("--lr", c.lr, "Adam learning rate")->capture_default_str();
  cmd.add_option("--beta", c.objective.beta, "KL weight (vae)")->capture_default_str()->each([&o](const std::string&) {
    o.beta_given = true;
  });
  cmd.add_option("--warmup", c.warmup_steps, "steps over which beta ramps up from 0")->capture_default_str();
  cmd.add_option("--seed", c.seed, "random seed")->capture_default_str();
  cmd.add_option("--threads", c.threads, "compute threads")->capture_default_str();
  cmd.add_option("--data", o.data_dir,
                 "directory with the four MNIST-format IDX files (raw or .gz), or an image folder: train/<class>/*.png, "
                 "test/<class>/*.png");
  add_image_size_option(cmd, o.image_size);
  cmd.add_option("--likelihood", o.likelihood, "bernoulli | gaussian")->capture_default_str()->each(
      [&o](const std::string&) { o.likelihood_given = true; });
  cmd.add_option("--gaussian-sigma", c.objective.gaussian_sigma, "pixel std of the gaussian likelihood")
      ->capture_default_str()
      ->each([&o](const std::string&) { o.gaussian_sigma_given = true; });
  cmd.add_flag("--binarize", c.binarize, "threshold pixels at 0.5 (a true Bernoulli likelihood)")->each([&o](const std::string&) {
    o.binarize_given = true;
  });
}

void add_image_size_option(CLI::App& cmd, int& image_size) {
  cmd.add_option("--image-size", image_size,
                 "resize every image to N x N (default: the data's own size; an image folder's most common)")
      ->check(CLI::Range(1, kMaxImageSizeOption));
}

void finish(TrainOptions& o) {
  const auto mode = parse_mode(o.mode);
  if (!mode) throw InputError("--mode: '" + o.mode + "' is not one of ae, vae, kl-only");
  const auto likelihood = parse_likelihood(o.likelihood);
  if (!likelihood) throw InputError("--likelihood: '" + o.likelihood + "' is not one of bernoulli, gaussian");
  o.config.objective.mode = *mode;
  o.config.objective.likelihood = *likelihood;
  if (o.arch_given && o.hidden_given) throw InputError("--hidden is shorthand for --arch mlp:H: give one of them, not both");
  const std::string arch = o.arch_given ? o.arch : "mlp:" + std::to_string(o.hidden);
  if (const std::string problem = parse_arch(arch, o.config.arch); !problem.empty())
    throw InputError((o.arch_given ? "--arch: " : "--hidden: ") + problem);
  if (o.epochs < 1 || o.epochs > 100000) throw InputError("--epochs must be between 1 and 100000");
  if (const std::string problem = validate(o.config); !problem.empty()) throw InputError(problem);
}

void check_against_checkpoint(const TrainOptions& o, const TrainConfig& checkpoint, const std::string& path) {
  const ArchSpec& file = checkpoint.arch;
  const ArchSpec& given = o.config.arch;
  const bool differs = ((o.arch_given || o.hidden_given) && (file.kind != given.kind || file.hidden != given.hidden)) ||
                       (o.latent_given && file.latent != given.latent) ||
                       (o.cond_given && file.conditional != given.conditional);
  if (!differs) return;
  // Describe what the command line asked for on top of the file's model.
  ArchSpec asked = file;
  if (o.arch_given || o.hidden_given) asked.kind = given.kind, asked.hidden = given.hidden;
  if (o.latent_given) asked.latent = given.latent;
  if (o.cond_given) asked.conditional = given.conditional;
  throw file_error(path, "the checkpoint holds " + describe(file) + ", but the command line asks for " + describe(asked));
}

void print_error(const std::string& message) { std::fprintf(stderr, "latent-explorer: %s\n", message.c_str()); }

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

}  // namespace lex::app
