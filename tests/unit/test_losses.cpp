// The loss terms' values: closed-form KL against Monte Carlo, the stable cross-entropy at extreme
// logits, and the random generator the noise comes from.
#include <gtest/gtest.h>

#include <cmath>

#include "model/losses.hpp"
#include "util/rng.hpp"

namespace lex {
namespace {

TEST(Losses, ClosedFormKlMatchesMonteCarlo) {
  // KL(q || p) = E_q[log q(z) - log p(z)], estimated with many samples of z ~ q.
  Mat<double> mu(3, 1), lv(3, 1);
  mu << 0.5, -1.2, 0.0;
  lv << -0.7, 0.4, -2.0;
  const double closed = gaussian_kl<double>(mu, lv, nullptr, nullptr, 1.0, nullptr);
  Rng rng(11);
  const int n = 400000;
  double sum = 0, sum_sq = 0;
  for (int i = 0; i < n; ++i) {
    double log_ratio = 0;
    for (int d = 0; d < 3; ++d) {
      const double eps = rng.normal();
      const double z = mu(d) + std::exp(0.5 * lv(d)) * eps;
      log_ratio += -0.5 * (eps * eps + lv(d)) + 0.5 * z * z;  // log q - log p, 2 pi cancels
    }
    sum += log_ratio;
    sum_sq += log_ratio * log_ratio;
  }
  const double mean = sum / n, stderr_ = std::sqrt((sum_sq / n - mean * mean) / n);
  EXPECT_NEAR(closed, mean, 5 * stderr_);
  EXPECT_NEAR(closed, 0.5 * (0.25 + std::exp(-0.7) + 0.7 - 1 + 1.44 + std::exp(0.4) - 0.4 - 1 + std::exp(-2.0) + 2 - 1), 1e-12);
}

TEST(Losses, KlIsZeroAtThePrior) {
  Mat<double> mu = Mat<double>::Zero(4, 2), lv = Mat<double>::Zero(4, 2);
  EXPECT_EQ(gaussian_kl<double>(mu, lv, nullptr, nullptr, 1.0, nullptr), 0.0);
}

template <typename S>
void check_extreme_logits() {
  Mat<S> logits(4, 1), x(4, 1), grad;
  logits << S(100), S(-100), S(100), S(-100);
  x << S(1), S(0), S(0), S(1);
  Vec<S> per;
  const double nll = bernoulli_nll<S>(logits, x, &grad, S(1), &per);
  EXPECT_TRUE(std::isfinite(nll));
  EXPECT_TRUE(grad.allFinite());
  // Right answers cost ~0 nats, confidently wrong ones 100 nats each.
  EXPECT_NEAR(nll, 200.0, 1e-3);
  EXPECT_NEAR(static_cast<double>(grad(0)), 0.0, 1e-6);
  EXPECT_NEAR(static_cast<double>(grad(2)), 1.0, 1e-6);
  EXPECT_NEAR(static_cast<double>(grad(3)), -1.0, 1e-6);
}

TEST(Losses, CrossEntropyFiniteAtLogitsPlusMinus100Float) { check_extreme_logits<float>(); }
TEST(Losses, CrossEntropyFiniteAtLogitsPlusMinus100Double) { check_extreme_logits<double>(); }

TEST(Losses, CrossEntropyMatchesNaiveFormulaForModerateLogits) {
  Rng rng(12);
  Mat<double> logits(10, 3), x(10, 3);
  for (Eigen::Index i = 0; i < logits.size(); ++i) {
    logits.data()[i] = 4 * rng.normal();
    x.data()[i] = rng.uniform01();
  }
  double naive = 0;
  for (Eigen::Index i = 0; i < logits.size(); ++i) {
    const double p = 1 / (1 + std::exp(-logits.data()[i]));
    naive -= x.data()[i] * std::log(p) + (1 - x.data()[i]) * std::log(1 - p);
  }
  EXPECT_NEAR(bernoulli_nll<double>(logits, x, nullptr, 1.0, nullptr), naive, 1e-9 * std::abs(naive));
}

TEST(Rng, SameSeedSameStreamDifferentSeedDifferentStream) {
  Rng a(42), b(42), c(43);
  for (int i = 0; i < 100; ++i) {
    const uint64_t va = a.next_u64();
    EXPECT_EQ(va, b.next_u64());
    EXPECT_NE(va, c.next_u64());
  }
}

TEST(Rng, NormalHasUnitMomentsAndUniformIsInRange) {
  Rng rng(13);
  const int n = 200000;
  double s = 0, s2 = 0;
  for (int i = 0; i < n; ++i) {
    const double v = rng.normal();
    s += v;
    s2 += v * v;
    const double u = rng.uniform01();
    ASSERT_GE(u, 0.0);
    ASSERT_LT(u, 1.0);
  }
  EXPECT_NEAR(s / n, 0.0, 0.01);
  EXPECT_NEAR(s2 / n, 1.0, 0.015);
}

TEST(Rng, ShuffleIsAPermutation) {
  Rng rng(14);
  std::vector<int> v(1000);
  for (int i = 0; i < 1000; ++i) v[i] = i;
  rng.shuffle(v);
  std::vector<int> sorted = v;
  std::sort(sorted.begin(), sorted.end());
  for (int i = 0; i < 1000; ++i) EXPECT_EQ(sorted[i], i);
  int fixed = 0;
  for (int i = 0; i < 1000; ++i) fixed += v[i] == i;
  EXPECT_LT(fixed, 10);
}

}  // namespace
}  // namespace lex
