// Lines of equal ELBO on a rate-distortion plane: rate + distortion = c (= -ELBO, nats). Shared by
// the `sweep` command's PNG and the GUI's rate-distortion panel, so both pick the same levels.
#pragma once
#include <algorithm>
#include <cmath>
#include <vector>

#include "common/nice_step.hpp"

namespace lex::app {

// One line, clipped to the plot: from (rate_a, c - rate_a), its upper-left end, to (rate_b, c - rate_b).
struct EqualElboLine {
  double c = 0;  // rate + distortion along the line
  double rate_a = 0, rate_b = 0;
};

// About `target` lines at round values of c that cross the plot [x_lo, x_hi] x [y_lo, y_hi]
// (rate across, distortion up).
inline std::vector<EqualElboLine> equal_elbo_lines(double x_lo, double x_hi, double y_lo, double y_hi, int target) {
  std::vector<EqualElboLine> lines;
  const double step = nice_step((x_hi + y_hi) - (x_lo + y_lo), target);
  for (double c = std::ceil((x_lo + y_lo) / step) * step; c < x_hi + y_hi; c += step) {
    const double a = std::max(x_lo, c - y_hi), b = std::min(x_hi, c - y_lo);
    if (b - a > 1e-9 * step) lines.push_back({c, a, b});
  }
  return lines;
}

}  // namespace lex::app
