// `latent-explorer train`: trains headless, prints one line per epoch (a table, or JSON lines with
// --json) and saves a checkpoint after every epoch with --save.
#include <cstdio>
#include <filesystem>
#include <iostream>

#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/load_data.hpp"
#include "cli/progress.hpp"
#include "io/checkpoint.hpp"
#include "io/state_dict.hpp"
#include "train/trainer.hpp"
#include "util/compute.hpp"
#include "util/error.hpp"

namespace lex::cli {

using app::print_error;
using app::resolve_data_dir;
using app::finish;

namespace {

void check_save_path(const std::string& path) {
  namespace fs = std::filesystem;
  if (path.empty()) return;
  std::error_code ec;
  if (fs::is_directory(path, ec)) throw file_error(path, "--save: is a directory, expected a file name");
  const fs::path parent = fs::path(path).parent_path();
  if (!parent.empty() && !fs::is_directory(parent, ec)) throw file_error(path, "--save: folder " + parent.string() + " does not exist");
}

nlohmann::json epoch_json(const EpochStats& e, const TrainConfig& c) {
  return {{"epoch", e.epoch},
          {"mode", to_string(c.objective.mode)},
          {"arch", arch_text(c.arch)},
          {"latent", c.arch.latent},
          {"cond", c.arch.conditional},
          {"train_loss", e.train.loss},
          {"train_recon", e.train.recon},
          {"train_kl", e.train.kl},
          {"test_loss", e.test.loss},
          {"test_recon", e.test.recon},
          {"test_kl", e.test.kl},
          {"seconds", e.seconds},
          {"samples_per_s", e.samples_per_s}};
}

// train --load F.safetensors: a new run from the file's weights. The file gives the model and, unless
// the command line gives them, the objective (mode, likelihood, binarize); every other option is
// the command line's. Says so in one line (on stderr with --json, whose stdout is JSON lines).
std::unique_ptr<Trainer> start_from_state_dict(const TrainOptions& o, std::shared_ptr<const DataSplit> data) {
  const SavedModel saved = read_state_dict(o.load_path);
  app::check_against_checkpoint(o, saved.config, o.load_path);
  TrainConfig c = o.config;
  c.arch = saved.config.arch;
  const Objective& file = saved.config.objective;
  if (!o.mode_given) c.objective.mode = file.mode;
  if (!o.likelihood_given) c.objective.likelihood = file.likelihood;
  if (!o.gaussian_sigma_given) c.objective.gaussian_sigma = file.gaussian_sigma;
  if (!o.binarize_given) c.binarize = saved.config.binarize;
  auto trainer = Trainer::start_from(c, saved.params, std::move(data), o.load_path);
  std::string line = "# a new run from the weights of " + o.load_path + " (" + describe(c.arch) + ", mode " +
                     to_string(c.objective.mode) + (o.mode_given ? "" : " from the file") +
                     "): Adam and the step count start at zero, random streams from --seed " + std::to_string(c.seed);
  if (saved.decoder_untrained) line += "; " + untrained_decoder_note(o.load_path);
  std::fprintf(o.json ? stderr : stdout, "%s\n", line.c_str());
  return trainer;
}

}  // namespace

int run_train(TrainOptions& o) {
  std::unique_ptr<Trainer> trainer;
  try {
    finish(o);
    check_save_path(o.save_path);
    configure_process(o.config.threads);
    prepare_compute_thread(o.config.threads);
    auto data = load_data(resolve_data_dir(o.data_dir), o.image_size);
    if (is_safetensors_path(o.load_path)) {
      trainer = start_from_state_dict(o, data);
    } else if (!o.load_path.empty()) {
      app::check_against_checkpoint(o, read_checkpoint_config(o.load_path), o.load_path);
      trainer = Trainer::load(o.load_path, data);
    } else {
      trainer = std::make_unique<Trainer>(o.config, data);
    }
  } catch (const InputError& e) {
    print_error(e.what());
    return 2;
  }
  const TrainConfig& c = trainer->config();
  if (!o.json) {
    std::printf("# %s, %d train / %d test images of %s; %s %s, %zu parameters, batch %d, lr %g, beta %g, seed %llu, "
                "%d thread(s)\n",
                trainer->data().name.c_str(), trainer->data().train.size(), trainer->data().test.size(),
                to_string(c.arch.input).c_str(), describe(c.arch).c_str(), to_string(c.objective.mode).c_str(),
                trainer->model().num_params(), c.batch, c.lr, c.objective.beta, static_cast<unsigned long long>(c.seed),
                c.threads);
    std::printf("%5s  %10s %9s %8s  %10s %9s %8s  %7s %10s\n", "epoch", "train", "recon", "KL", "test", "recon", "KL",
                "s", "samples/s");
    std::fflush(stdout);
  }
  const int first_epoch = trainer->epochs_done();
  for (int e = 0; e < o.epochs; ++e) {
    ProgressBar bar("epoch " + std::to_string(first_epoch + e + 1));
    EpochStats stats;
    try {
      stats = trainer->train_epoch([&](const StepStats& s) {
        if (s.progress.step_in_epoch % 20 == 0) bar.update(s.progress.step_in_epoch, s.progress.steps_per_epoch);
      });
    } catch (const DivergedError& err) {
      bar.clear();
      print_error(err.what());
      return 1;
    }
    bar.clear();
    if (o.json) {
      std::cout << epoch_json(stats, c).dump() << std::endl;
    } else {
      std::printf("%5d  %10.3f %9.3f %8.3f  %10.3f %9.3f %8.3f  %7.2f %10.0f\n", stats.epoch, stats.train.loss,
                  stats.train.recon, stats.train.kl, stats.test.loss, stats.test.recon, stats.test.kl, stats.seconds,
                  stats.samples_per_s);
      std::fflush(stdout);
    }
    if (!o.save_path.empty()) {
      try {
        trainer->save(o.save_path);
      } catch (const InputError& err) {
        print_error(err.what());
        return 2;
      }
    }
  }
  return 0;
}

}  // namespace lex::cli
