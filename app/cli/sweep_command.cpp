// `latent-explorer sweep`: the rate-distortion trade-off of the beta-VAE, headless. Trains one VAE
// per beta from the same seed (so the same initial weights and batch order), as many at a time
// as there are cores, one thread each; then measures each on the test set (eval/report.hpp) and
// prints one line per beta, in the order given, as soon as it and those before it are done.
// rate = KL(q(z|x) || p(z)) and distortion = -log p(x|z) are the test set's two loss terms; their
// sum is the test loss of the beta-1 VAE whatever beta trained the model. The curve goes to
// <save-dir>/sweep.png (cli/rate_distortion_png.hpp).
#include <algorithm>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <mutex>
#include <set>
#include <thread>

#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/rate_distortion_png.hpp"
#include "eval/report.hpp"
#include "util/compute.hpp"
#include "util/error.hpp"

namespace lex::cli {

using app::finish;
using app::print_error;
using app::resolve_data_dir;

namespace {

constexpr size_t kMaxBetas = 64;

std::string beta_text(double beta) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", beta);
  return text;
}

void check_betas(const std::vector<double>& betas) {
  if (betas.empty()) throw InputError("--betas: give at least one beta, e.g. --betas 0.5,1,2,4");
  if (betas.size() > kMaxBetas) throw InputError("--betas: at most " + std::to_string(kMaxBetas) + " betas");
  std::set<double> seen;
  for (double b : betas) {
    if (!std::isfinite(b) || b < 0) throw InputError("--betas: every beta must be a finite number >= 0");
    if (!seen.insert(b).second) throw InputError("--betas: beta " + beta_text(b) + " is given twice");
  }
}

struct SweepResult {
  ModelReport report;
  double seconds = 0;
  std::string failure;  // a diverged run: the message; nothing else of it is valid
  bool done = false;
};

double rate(const ModelReport& r) { return r.test.kl; }
double distortion(const ModelReport& r) { return r.test.recon; }

}  // namespace

int run_sweep(SweepOptions& o) {
  std::shared_ptr<const DataSplit> data;
  std::string png_path;
  try {
    if (o.train.beta_given) throw InputError("--beta does not apply to a sweep: give the betas with --betas");
    if (o.train.mode != "vae")
      throw InputError("--mode: a sweep trains VAEs (beta weighs their KL); '" + o.train.mode + "' has no beta");
    finish(o.train);
    check_betas(o.betas);
    namespace fs = std::filesystem;
    const std::string dir = o.save_dir.empty() ? "." : o.save_dir;
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (!fs::is_directory(dir, ec)) throw file_error(dir, "--save-dir: cannot create this folder");
    png_path = (fs::path(dir) / "sweep.png").string();
    configure_process(1);
    data = std::make_shared<const DataSplit>(load_data_dir(resolve_data_dir(o.train.data_dir)));
  } catch (const InputError& e) {
    print_error(e.what());
    return 2;
  }

  std::vector<std::unique_ptr<Trainer>> trainers;
  try {
    for (double beta : o.betas) {
      TrainConfig c = o.train.config;
      c.objective.beta = beta;
      c.threads = 1;
      trainers.push_back(std::make_unique<Trainer>(c, data));
    }
  } catch (const InputError& e) {  // the architecture does not fit the data (conv on odd sizes)
    print_error(e.what());
    return 2;
  }

  if (!o.json) {
    std::printf("# %d epochs per beta, seed %llu; rate = test KL, distortion = test recon (nats per image)\n",
                o.train.epochs, static_cast<unsigned long long>(o.train.config.seed));
    std::printf("%8s %9s %11s %10s %7s %6s %6s %8s\n", "beta", "rate", "distortion", "test loss", "active", "kNN",
                "holes", "s");
    std::fflush(stdout);
  }
  std::vector<SweepResult> results(trainers.size());
  std::mutex print_mutex;
  size_t printed = 0;
  // Prints every finished result not yet printed that has no unfinished one before it.
  auto print_ready = [&] {
    for (; printed < results.size() && results[printed].done; ++printed) {
      const SweepResult& r = results[printed];
      if (!r.failure.empty()) continue;
      const double beta = o.betas[printed];
      if (o.json) {
        const nlohmann::json line = {{"beta", beta},
                                     {"rate", rate(r.report)},
                                     {"distortion", distortion(r.report)},
                                     {"test_loss", rate(r.report) + distortion(r.report)},
                                     {"active_units", r.report.latent.active_units},
                                     {"knn_accuracy", r.report.knn_accuracy},
                                     {"prior_mass_in_holes", r.report.prior_mass_in_holes},
                                     {"epochs", r.report.epochs}};
        std::cout << line.dump() << std::endl;
      } else {
        std::printf("%8g %9.3f %11.3f %10.3f %7d %6.3f %6.3f %8.1f\n", beta, rate(r.report), distortion(r.report),
                    rate(r.report) + distortion(r.report), r.report.latent.active_units, r.report.knn_accuracy,
                    r.report.prior_mass_in_holes, r.seconds);
        std::fflush(stdout);
      }
    }
  };

  // One model per core at a time, one thread each: models take the next beta as they finish.
  const size_t workers = std::min<size_t>(trainers.size(), std::max(1u, std::thread::hardware_concurrency()));
  std::atomic<size_t> next{0};
  {
    std::vector<std::jthread> threads;
    for (size_t w = 0; w < workers; ++w)
      threads.emplace_back([&] {
        prepare_compute_thread(1);
        for (size_t i = next++; i < trainers.size(); i = next++) {
          SweepResult result;
          try {
            for (int e = 0; e < o.train.epochs; ++e) result.seconds += trainers[i]->train_epoch().seconds;
            result.report = report_model(*trainers[i]);
          } catch (const DivergedError& err) {
            result.failure = "beta " + beta_text(o.betas[i]) + ": " + err.what();
          }
          trainers[i].reset();  // its memory is not needed any more
          std::lock_guard lock(print_mutex);
          result.done = true;
          results[i] = std::move(result);
          print_ready();
        }
      });
  }

  int status = 0;
  std::vector<RateDistortionPoint> curve;
  for (size_t i = 0; i < results.size(); ++i) {
    if (!results[i].failure.empty()) {
      print_error(results[i].failure);
      status = 1;
      continue;
    }
    curve.push_back({o.betas[i], rate(results[i].report), distortion(results[i].report)});
  }
  try {
    write_rate_distortion_png(png_path, curve);
  } catch (const InputError& e) {
    print_error(e.what());
    return 2;
  }
  if (!o.json) std::printf("# wrote %s\n", png_path.c_str());
  return status;
}

}  // namespace lex::cli
