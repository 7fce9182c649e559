#include "train/experiment.hpp"

namespace lex {

std::vector<CompareModelSpec> compare_experiment(const TrainConfig& base, std::optional<double> beta_vae) {
  auto model = [&](const char* id, const char* name, Mode mode, double beta) {
    TrainConfig c = base;
    c.objective.mode = mode;
    c.objective.beta = beta;
    c.threads = 1;
    return CompareModelSpec{id, name, c};
  };
  std::vector<CompareModelSpec> models{model("ae", "AE", Mode::kAe, 1.0), model("vae", "VAE", Mode::kVae, 1.0),
                                       model("kl-only", "KL-only", Mode::kKlOnly, 1.0)};
  if (beta_vae) models.push_back(model("beta-vae", "beta-VAE", Mode::kVae, *beta_vae));
  return models;
}

}  // namespace lex
