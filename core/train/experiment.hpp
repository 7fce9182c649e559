// The compare experiment, defined once for the CLI (`compare`) and the GUI's compare view: the
// same network, data, seed, initial weights and batch order under three objectives, so that the
// only difference between the models is what they are trained to do.
//   ae        reconstruction only
//   vae       reconstruction + KL, beta 1 (the textbook VAE, whatever beta the base config has)
//   kl-only   the KL only (its decoder still fits what it can from an uninformative code)
//   beta-vae  optional: reconstruction + beta * KL with the given beta
// Each model trains on one thread (several models share a small machine).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "model/config.hpp"

namespace lex {

struct CompareModelSpec {
  std::string id;    // "ae", "vae", "kl-only", "beta-vae": stable, for code and files
  std::string name;  // "AE", "VAE", "KL-only", "beta-VAE": for people
  TrainConfig config;
};

std::vector<CompareModelSpec> compare_experiment(const TrainConfig& base, std::optional<double> beta_vae);

// Why --beta is refused for a comparison, in one line.
inline constexpr const char* kCompareBetaRefusal =
    "--beta does not apply to a comparison: its VAE always has beta 1; add a beta-VAE with --beta-vae B";

}  // namespace lex
