// What defines a model and its objective. Plain values, parsed from and printed to the strings the
// CLI and checkpoints use.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "model/arch.hpp"

namespace lex {

// ae:      z = mu;                      loss = reconstruction.
// vae:     z = mu + sigma * eps;        loss = reconstruction + beta * KL.
// kl-only: the encoder gets only the KL gradient; the decoder still fits reconstruction from a
//          sampled z that it cannot backpropagate through (a stop-gradient), which shows what a
//          decoder can do with an uninformative code.
enum class Mode { kAe, kVae, kKlOnly };

// bernoulli: binary cross-entropy on logits (nats); gaussian: -log N(x; sigmoid(logit), sigma^2).
enum class Likelihood { kBernoulli, kGaussian };

std::string to_string(Mode m);
std::string to_string(Likelihood l);
std::optional<Mode> parse_mode(const std::string& s);
std::optional<Likelihood> parse_likelihood(const std::string& s);

struct Objective {
  Mode mode = Mode::kVae;
  Likelihood likelihood = Likelihood::kBernoulli;
  double beta = 1.0;            // weight of the KL term (after warm-up)
  double gaussian_sigma = 0.1;  // fixed pixel std of the Gaussian likelihood
};

struct TrainConfig {
  ArchSpec arch;
  Objective objective;
  bool binarize = false;   // threshold inputs at 0.5 for a true Bernoulli likelihood
  int warmup_steps = 0;    // beta ramps linearly from 0 to beta over this many steps
  int batch = 128;
  double lr = 1e-3;
  double adam_beta1 = 0.9;
  double adam_beta2 = 0.999;
  double adam_eps = 1e-8;
  uint64_t seed = 1;
  int threads = 1;

  // The KL weight at a given optimisation step (0-based).
  double beta_at(int64_t step) const {
    if (warmup_steps <= 0) return objective.beta;
    const double ramp = static_cast<double>(step + 1) / warmup_steps;
    return objective.beta * (ramp < 1.0 ? ramp : 1.0);
  }
};

// Returns an empty string if the configuration is usable, else one line naming the option.
std::string validate(const TrainConfig& c);

}  // namespace lex
