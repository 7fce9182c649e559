// Central finite differences against analytic gradients, in double. Relative error
// |g - g_num| / (|g| + |g_num|), the denominator floored at `floor` so that gradients near zero
// are judged by an absolute error (the FD estimate carries ~1e-10 of rounding); a point where the FD estimate at h and at h/2 disagree sits on a
// ReLU kink (FD lies there) and is skipped, as in ggml's test-backend-ops.
#pragma once
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <vector>

#include "model/tensor.hpp"

namespace lex::test {

struct FdReport {
  int checked = 0, skipped = 0;
  double worst = 0;
};

// f: the scalar function of `x`; grad: its analytic gradient at x. Checks `indices` of x.
inline FdReport fd_check(Vec<double>& x, const Vec<double>& grad, const std::function<double()>& f,
                         const std::vector<Eigen::Index>& indices, double tolerance = 1e-6, double h = 1e-4,
                         double floor = 1e-3) {
  FdReport r;
  for (Eigen::Index i : indices) {
    const double saved = x(i);
    auto central = [&](double step) {
      x(i) = saved + step;
      const double up = f();
      x(i) = saved - step;
      const double down = f();
      x(i) = saved;
      return (up - down) / (2 * step);
    };
    const double g1 = central(h), g2 = central(h / 2);
    if (std::abs(g1 - g2) > 1e-4 * (std::abs(g1) + std::abs(g2)) + 1e-9) {
      ++r.skipped;  // a kink between x - h and x + h
      continue;
    }
    const double g = grad(i);
    const double denom = std::max(std::abs(g) + std::abs(g2), floor);
    const double rel = std::abs(g - g2) / denom;
    r.worst = std::max(r.worst, rel);
    ++r.checked;
    EXPECT_LT(rel, tolerance) << "index " << i << ": analytic " << g << " vs numeric " << g2;
  }
  return r;
}

inline std::vector<Eigen::Index> all_indices(Eigen::Index n) {
  std::vector<Eigen::Index> v(static_cast<size_t>(n));
  for (Eigen::Index i = 0; i < n; ++i) v[static_cast<size_t>(i)] = i;
  return v;
}

}  // namespace lex::test
