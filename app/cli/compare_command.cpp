// `latent-explorer compare`: the classic experiment (train/experiment.hpp), headless. Trains AE,
// VAE and KL-only (and optionally a beta-VAE) from the same seed, initial weights and batch
// order, one thread each, then measures each latent space the same way (eval/report.hpp).
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <thread>

#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/latent_png.hpp"
#include "eval/report.hpp"
#include "train/experiment.hpp"
#include "util/compute.hpp"
#include "util/error.hpp"

namespace lex::cli {

using app::print_error;
using app::resolve_data_dir;
using app::finish;
namespace {

nlohmann::json report_json(const std::string& id, const ModelReport& r, double seconds) {
  return {{"model", id},
          {"mode", to_string(r.config.objective.mode)},
          {"beta", r.config.objective.beta},
          {"arch", arch_text(r.config.arch)},
          {"cond", r.config.arch.conditional},
          {"latent", r.config.arch.latent},
          {"epochs", r.epochs},
          {"test_loss", r.test.loss},
          {"test_recon", r.test.recon},
          {"test_kl", r.test.kl},
          {"latent_mean", r.latent.mean},
          {"latent_std", r.latent.std},
          {"active_units", r.latent.active_units},
          {"knn_accuracy", r.knn_accuracy},
          {"smoothness_max_over_mean", r.smoothness.max_over_mean},
          {"path_length", r.smoothness.path_length},
          {"prior_mass_in_holes", r.prior_mass_in_holes},
          {"train_seconds", seconds}};
}

std::string join(const std::vector<double>& v) {
  std::string s;
  for (double x : v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%s%.2f", s.empty() ? "" : "/", x);
    s += buf;
  }
  return s;
}

}  // namespace

int run_compare(CompareOptions& o) {
  std::vector<CompareModelSpec> models;
  std::shared_ptr<const DataSplit> data;
  try {
    if (o.train.beta_given) throw InputError(kCompareBetaRefusal);
    finish(o.train);
    if (!o.save_dir.empty()) {
      namespace fs = std::filesystem;
      std::error_code ec;
      fs::create_directories(o.save_dir, ec);
      if (!fs::is_directory(o.save_dir, ec)) throw file_error(o.save_dir, "--save-dir: cannot create this folder");
    }
    if (o.beta_vae >= 0 && !std::isfinite(o.beta_vae)) throw InputError("--beta-vae must be a finite number >= 0");
    models = compare_experiment(o.train.config, o.beta_vae >= 0 ? std::optional<double>(o.beta_vae) : std::nullopt);
    configure_process(1);
    data = std::make_shared<const DataSplit>(load_data_dir(resolve_data_dir(o.train.data_dir)));
  } catch (const InputError& e) {
    print_error(e.what());
    return 2;
  }

  // One thread per model; on 2 cores the three share the machine.
  std::vector<std::unique_ptr<Trainer>> trainers;
  try {
    for (const auto& m : models) trainers.push_back(std::make_unique<Trainer>(m.config, data));
  } catch (const InputError& e) {  // the architecture does not fit the data (conv on odd sizes)
    print_error(e.what());
    return 2;
  }
  std::vector<double> seconds(trainers.size());
  std::vector<std::string> failures(trainers.size());
  {
    std::vector<std::jthread> threads;
    for (size_t i = 0; i < trainers.size(); ++i)
      threads.emplace_back([&, i] {
        prepare_compute_thread(1);
        try {
          for (int e = 0; e < o.train.epochs; ++e) seconds[i] += trainers[i]->train_epoch().seconds;
        } catch (const DivergedError& err) {
          failures[i] = models[i].id + ": " + err.what();
        }
      });
  }
  for (const auto& f : failures)
    if (!f.empty()) {
      print_error(f);
      return 1;
    }

  if (!o.json)
    std::printf("%-8s %5s %9s %7s  %-13s %-11s %6s %11s %9s %6s\n", "model", "beta", "recon", "KL", "latent mean",
                "latent std", "kNN", "smoothness", "path", "holes");
  for (size_t i = 0; i < trainers.size(); ++i) {
    const ModelReport r = report_model(*trainers[i]);
    if (o.json) {
      std::cout << report_json(models[i].id, r, seconds[i]).dump() << std::endl;
    } else {
      std::printf("%-8s %5.2f %9.2f %7.2f  %-13s %-11s %6.3f %11.3f %9.2f %6.3f\n", models[i].id.c_str(),
                  r.config.objective.beta, r.test.recon, r.test.kl, join(r.latent.mean).c_str(), join(r.latent.std).c_str(),
                  r.knn_accuracy, r.smoothness.max_over_mean, r.smoothness.path_length, r.prior_mass_in_holes);
    }
    if (!o.save_dir.empty()) {
      const std::string path = (std::filesystem::path(o.save_dir) / (models[i].id + ".png")).string();
      try {
        FrozenModel model = trainers[i]->frozen();
        write_latent_png(path, model, encode_all(model, data->test.images, data->test.labels), data->test.labels);
      } catch (const InputError& e) {
        print_error(e.what());
        return 2;
      }
    }
  }
  return 0;
}

}  // namespace lex::cli
