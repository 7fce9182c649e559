// Tick spacing for plot axes: 1, 2 or 5 times a power of ten, about `target` ticks over `range`.
#pragma once
#include <algorithm>
#include <cmath>

namespace lex::app {
inline double nice_step(double range, int target) {
  const double raw = std::max(range, 1e-12) / std::max(1, target);
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  const double r = raw / magnitude;
  return magnitude * (r < 1.5 ? 1 : r < 3.5 ? 2 : r < 7.5 ? 5 : 10);
}
}  // namespace lex::app
