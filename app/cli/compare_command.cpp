// `latent-explorer compare`: the classic experiment, headless. Trains AE, VAE and KL-only (and
// optionally a beta-VAE) from the same seed, initial weights and batch order, one thread each,
// then measures each latent space the same way (eval/report.hpp).
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <thread>

#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/latent_png.hpp"
#include "eval/report.hpp"
#include "util/compute.hpp"
#include "util/error.hpp"

namespace lex::cli {
namespace {

nlohmann::json report_json(const ModelReport& r, double seconds) {
  return {{"mode", to_string(r.config.objective.mode)},
          {"beta", r.config.objective.beta},
          {"latent", r.config.shape.latent},
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
  std::vector<TrainConfig> configs;
  std::shared_ptr<const DataSplit> data;
  try {
    finish(o.train);
    if (!o.save_dir.empty()) {
      namespace fs = std::filesystem;
      std::error_code ec;
      fs::create_directories(o.save_dir, ec);
      if (!fs::is_directory(o.save_dir, ec)) throw file_error(o.save_dir, "--save-dir: cannot create this folder");
    }
    if (o.beta_vae >= 0 && !std::isfinite(o.beta_vae)) throw InputError("--beta-vae must be a finite number >= 0");
    for (Mode m : {Mode::kAe, Mode::kVae, Mode::kKlOnly}) {
      TrainConfig c = o.train.config;
      c.objective.mode = m;
      c.objective.beta = m == Mode::kVae ? 1.0 : c.objective.beta;
      c.threads = 1;  // one trainer per thread
      configs.push_back(c);
    }
    if (o.beta_vae >= 0) {
      TrainConfig c = configs[1];
      c.objective.beta = o.beta_vae;
      configs.push_back(c);
    }
    configure_process(1);
    data = std::make_shared<const DataSplit>(load_data_dir(resolve_data_dir(o.train.data_dir)));
  } catch (const InputError& e) {
    print_error(e.what());
    return 2;
  }

  // One thread per model; on 2 cores the three share the machine.
  std::vector<std::unique_ptr<Trainer>> trainers;
  for (const auto& c : configs) trainers.push_back(std::make_unique<Trainer>(c, data));
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
          failures[i] = to_string(configs[i].objective.mode) + ": " + err.what();
        }
      });
  }
  for (const auto& f : failures)
    if (!f.empty()) {
      print_error(f);
      return 1;
    }

  if (!o.json)
    std::printf("%-8s %5s %9s %7s  %-13s %-11s %6s %11s %9s\n", "mode", "beta", "recon", "KL", "latent mean",
                "latent std", "kNN", "smoothness", "path");
  for (size_t i = 0; i < trainers.size(); ++i) {
    const ModelReport r = report_model(*trainers[i]);
    if (o.json) {
      std::cout << report_json(r, seconds[i]).dump() << std::endl;
    } else {
      std::printf("%-8s %5.2f %9.2f %7.2f  %-13s %-11s %6.3f %11.3f %9.2f\n", to_string(r.config.objective.mode).c_str(),
                  r.config.objective.beta, r.test.recon, r.test.kl, join(r.latent.mean).c_str(), join(r.latent.std).c_str(),
                  r.knn_accuracy, r.smoothness.max_over_mean, r.smoothness.path_length);
    }
    if (!o.save_dir.empty()) {
      std::string name = to_string(r.config.objective.mode);
      if (i >= 3) name += "-beta" + std::to_string(r.config.objective.beta).substr(0, 4);
      const std::string path = (std::filesystem::path(o.save_dir) / (name + ".png")).string();
      try {
        write_latent_png(path, trainers[i]->model(), encode_all(trainers[i]->model(), data->test.images), data->test.labels);
      } catch (const InputError& e) {
        print_error(e.what());
        return 2;
      }
    }
  }
  return 0;
}

}  // namespace lex::cli
