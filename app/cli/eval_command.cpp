// `latent-explorer eval`: loads a checkpoint and reports the test set's ELBO, an importance-
// weighted estimate of log p(x), active units and KL per latent dimension.
#include <cstdio>
#include <iostream>

#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
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
    configure_process(o.threads);
    prepare_compute_thread(o.threads);
    auto data = std::make_shared<const DataSplit>(load_data_dir(resolve_data_dir(o.data_dir)));
    trainer = Trainer::load(o.load_path, data);
    if (!trainer->load_note().empty()) std::fprintf(stderr, "latent-explorer: %s\n", trainer->load_note().c_str());
  } catch (const InputError& e) {
    print_error(e.what());
    return 2;
  }
  const TrainConfig& c = trainer->config();
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
                        {"latent_std", stats.std}};
  if (c.objective.mode != Mode::kAe) {
    Rng rng(c.seed + 2);
    const double log_px = importance_weighted_log_px(model, c.objective, test.images, test.labels, o.iw_samples, rng);
    out["iw_samples"] = o.iw_samples;
    out["log_px"] = log_px;
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
  return 0;
}

}  // namespace lex::cli
