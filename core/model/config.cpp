#include "model/config.hpp"

#include <cmath>

namespace lex {

std::string to_string(Mode m) {
  switch (m) {
    case Mode::kAe: return "ae";
    case Mode::kVae: return "vae";
    case Mode::kKlOnly: return "kl-only";
  }
  return "?";
}

std::string to_string(Likelihood l) { return l == Likelihood::kBernoulli ? "bernoulli" : "gaussian"; }

std::optional<Mode> parse_mode(const std::string& s) {
  if (s == "ae") return Mode::kAe;
  if (s == "vae") return Mode::kVae;
  if (s == "kl-only" || s == "klonly" || s == "kl") return Mode::kKlOnly;
  return std::nullopt;
}

std::optional<Likelihood> parse_likelihood(const std::string& s) {
  if (s == "bernoulli" || s == "bce") return Likelihood::kBernoulli;
  if (s == "gaussian" || s == "mse") return Likelihood::kGaussian;
  return std::nullopt;
}

std::string validate(const TrainConfig& c) {
  auto finite_positive = [](double v) { return std::isfinite(v) && v > 0; };
  if (const std::string problem = validate(c.arch); !problem.empty()) return problem;
  if (c.batch < 1 || c.batch > 8192) return "--batch must be between 1 and 8192";
  if (!finite_positive(c.lr)) return "--lr must be a finite number above 0";
  if (!std::isfinite(c.objective.beta) || c.objective.beta < 0) return "--beta must be a finite number >= 0";
  if (c.warmup_steps < 0) return "--warmup must be >= 0";
  if (c.threads < 1 || c.threads > 64) return "--threads must be between 1 and 64";
  if (!finite_positive(c.objective.gaussian_sigma)) return "--gaussian-sigma must be a finite number above 0";
  if (!(c.adam_beta1 >= 0 && c.adam_beta1 < 1) || !(c.adam_beta2 >= 0 && c.adam_beta2 < 1))
    return "Adam betas must lie in [0, 1)";
  return "";
}

}  // namespace lex
