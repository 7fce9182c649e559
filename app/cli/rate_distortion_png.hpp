// The rate-distortion plane of a beta sweep as a PNG, for `sweep`: distortion (the test set's
// reconstruction term) against rate (its KL), one point per beta joined in beta order and
// labelled with its beta, over faint lines of equal ELBO (rate + distortion = const, the test
// loss of a beta-1 VAE). Every point on one such line has the same ELBO; how the sweep trades
// one term for the other is the curve's shape.
#pragma once
#include <string>
#include <vector>

namespace lex::cli {

struct RateDistortionPoint {
  double beta = 0;
  double rate = 0;        // nats per image
  double distortion = 0;  // nats per image
};

// Writes PATH; throws InputError naming it if the file cannot be written.
void write_rate_distortion_png(const std::string& path, std::vector<RateDistortionPoint> points);

}  // namespace lex::cli
