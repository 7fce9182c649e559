// `latent-explorer eval`: loads a checkpoint and reports the test set's ELBO, an importance-
// weighted estimate of log p(x), active units, KL per latent dimension and the prior mass in
// holes; with --iw-curve, the importance-weighted bound at k = 1, 10, 100, 1000.
#include <cstdio>
#include <iostream>

#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/progress.hpp"
#include "eval/holes.hpp"
#include "eval/iw_curve.hpp"
#include "cli/load_data.hpp"
#include "eval/metrics.hpp"
#include "train/trainer.hpp"
#include "util/compute.hpp"
#include "util/error.hpp"

namespace lex::cli {

using app::print_error;
using app::resolve_data_dir;
using app::finish;

int run_eval(EvalOptions& o) {
  std::unique_ptr<Trainer> trainer;
  try {
    if (o.load_path.empty()) throw InputError("eval: --load PATH is required");
    if (o.iw_samples < 1 || o.iw_samples > 100000) throw InputError("--iw must be between 1 and 100000");
    if (o.threads < 1 || o.threads > 64) throw InputError("--threads must be between 1 and 64");
    if (o.iw_images < 1 || o.iw_images > 1000000) throw InputError("--iw-images must be between 1 and 1000000");
    configure_process(o.threads);
    prepare_compute_thread(o.threads);
    auto data = load_data(resolve_data_dir(o.data_dir), o.image_size);
    trainer = Trainer::load(o.load_path, data);
    if (!trainer->load_note().empty()) std::fprintf(stderr, "latent-explorer: %s\n", trainer->load_note().c_str());
  } catch (const InputError& e) {
    print_error(e.what());
    return 2;
  }
  const TrainConfig& c = trainer->config();
  if (o.iw_curve && c.objective.mode == Mode::kAe) {
    print_error(o.load_path + ": --iw-curve needs a posterior q(z|x): this checkpoint is an ae (use a vae or kl-only one)");
    return 2;
  }
  const Dataset& test = trainer->data().test;
  const LossParts elbo = trainer->evaluate_test();
  FrozenModel model = trainer->frozen();
  const EncodedSet enc = encode_all(model, test.images, test.labels);
  const LatentStats stats = latent_stats(enc, c.objective.mode);
  nlohmann::json out = {{"checkpoint", o.load_path},
                        {"mode", to_string(c.objective.mode)},
                        {"arch", arch_text(c.arch)},
                        {"cond", c.arch.conditional},
                        {"latent", c.arch.latent},
                        {"epochs", trainer->epochs_done()},
                        {"test_loss", elbo.loss},
                        {"test_recon", elbo.recon},
                        {"test_kl", elbo.kl},
                        {"active_units", stats.active_units},
                        {"kl_per_dim", stats.kl_per_dim},
                        {"latent_mean", stats.mean},
                        {"latent_std", stats.std},
                        {"prior_mass_in_holes", prior_mass_in_holes(enc, c.objective.mode)}};
  if (c.objective.mode != Mode::kAe) {
    Rng rng(c.seed + 2);
    const double log_px = importance_weighted_log_px(model, c.objective, test.images, test.labels, o.iw_samples, rng);
    out["iw_samples"] = o.iw_samples;
    out["log_px"] = log_px;
  }
  IwCurve curve;
  if (o.iw_curve) {
    ProgressBar bar("iw curve");
    IwCurveOptions options;
    options.images = o.iw_images;
    options.seed = c.seed + 3;
    options.on_progress = [&](int64_t done, int64_t total) {
      bar.update(static_cast<int>(1000 * done / total), 1000);
    };
    curve = importance_weighted_curve(model, c.objective, test.images, test.labels, options);
    bar.clear();
    nlohmann::json points = nlohmann::json::array();
    for (const IwPoint& p : curve.points) points.push_back({{"k", p.k}, {"log_px", p.log_px}, {"stderr", p.std_error}});
    out["iw_curve"] = points;
    out["iw_curve_images"] = curve.images;
  }
  if (o.json) {
    std::cout << out.dump() << std::endl;
    return 0;
  }
  std::printf("checkpoint   %s (%s %s, %d epochs)\n", o.load_path.c_str(), describe(c.arch).c_str(),
              to_string(c.objective.mode).c_str(), trainer->epochs_done());
  std::printf("test -ELBO   %.3f nats (recon %.3f + KL %.3f), one z per image\n", elbo.recon + elbo.kl, elbo.recon, elbo.kl);
  if (out.contains("log_px"))
    std::printf("log p(x)     %.3f nats (importance weighted, k = %d)\n", out["log_px"].get<double>(), o.iw_samples);
  std::printf("active units %d of %d (Var_x E_q[z] > 0.01)\n", stats.active_units, c.arch.latent);
  std::printf("KL per dim  ");
  for (double v : stats.kl_per_dim) std::printf(" %.3f", v);
  std::printf("\n");
  std::printf("prior mass in holes %.3f (where q(z) < p(z) / 10)\n", out["prior_mass_in_holes"].get<double>());
  if (o.iw_curve) {
    std::printf("importance-weighted bound on log p(x), %d test images:\n", curve.images);
    for (const IwPoint& p : curve.points)
      std::printf("  k = %-5d %10.3f +- %.3f nats (rise over k = %d: %+.3f +- %.3f)\n", p.k, p.log_px, p.std_error,
                  curve.points.front().k, p.log_px - curve.points.front().log_px, p.rise_std_error);
  }
  return 0;
}

}  // namespace lex::cli
