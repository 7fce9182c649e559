// The evaluation measures on cases whose answer is known.
#include <gtest/gtest.h>

#include "eval/metrics.hpp"
#include "mnist_fixture.hpp"
#include "model/losses.hpp"
#include "train/trainer.hpp"

namespace lex {
namespace {

TEST(Metrics, KnnIsPerfectOnSeparatedClustersAndChanceOnNoise) {
  Rng rng(1);
  const int n = 600;
  Mat<float> clusters(2, n), noise(2, n);
  std::vector<uint8_t> labels(n);
  for (int i = 0; i < n; ++i) {
    labels[i] = static_cast<uint8_t>(i % 10);
    clusters(0, i) = static_cast<float>(10 * (i % 10) + 0.1 * rng.normal());
    clusters(1, i) = static_cast<float>(0.1 * rng.normal());
    noise(0, i) = static_cast<float>(rng.normal());
    noise(1, i) = static_cast<float>(rng.normal());
  }
  EXPECT_EQ(knn_accuracy(clusters, labels, 5), 1.0);
  EXPECT_LT(knn_accuracy(noise, labels, 5), 0.2);
}

TEST(Metrics, LatentStatsOfKnownEncodings) {
  EncodedSet enc;
  enc.mu.resize(2, 4);
  enc.mu << 1, -1, 1, -1,  //
      0.001, 0.002, 0.001, 0.002;
  enc.lv = Mat<float>::Zero(2, 4);  // sigma = 1
  const LatentStats s = latent_stats(enc, Mode::kVae);
  EXPECT_NEAR(s.mean[0], 0.0, 1e-9);
  EXPECT_NEAR(s.std[0], std::sqrt(2.0), 1e-6);  // E sigma^2 + Var mu = 1 + 1
  EXPECT_EQ(s.active_units, 1);                 // the second dimension barely moves
  EXPECT_NEAR(s.kl_per_dim[0], 0.5, 1e-6);      // mu^2 / 2
  const LatentStats ae = latent_stats(enc, Mode::kAe);
  EXPECT_NEAR(ae.std[0], 1.0, 1e-6);  // a deterministic code: the spread of the means only
}

TEST(Metrics, PcaFindsTheLongAxis) {
  Rng rng(2);
  Mat<float> pts(3, 500);
  for (int i = 0; i < 500; ++i) {
    const double t = 5 * rng.normal(), u = 0.5 * rng.normal();
    pts(0, i) = static_cast<float>(t * 0.6 + 3);
    pts(1, i) = static_cast<float>(t * 0.8);
    pts(2, i) = static_cast<float>(u);
  }
  const Projection2D p = pca_2d(pts);
  EXPECT_NEAR(std::abs(p.axes(0, 0)), 0.6, 0.02);
  EXPECT_NEAR(std::abs(p.axes(0, 1)), 0.8, 0.02);
  EXPECT_NEAR(std::abs(p.axes(1, 2)), 1.0, 0.02);
  EXPECT_NEAR(p.mean(0), 3.0, 0.5);
}

TEST(Metrics, InterpolationEndsAtTheEndpointsAndSlerpKeepsTheNorm) {
  Vec<float> a(2), b(2);
  a << 1, 0;
  b << 0, 1;
  const Mat<float> line = interpolate(a, b, 5, false), arc = interpolate(a, b, 5, true);
  EXPECT_TRUE(line.col(0).isApprox(a));
  EXPECT_TRUE(line.col(4).isApprox(b));
  EXPECT_NEAR(line.col(2).norm(), std::sqrt(0.5), 1e-6);
  for (int i = 0; i < 5; ++i) EXPECT_NEAR(arc.col(i).norm(), 1.0, 1e-6);
}

// With a 1-D latent space, log p(x) = log \int p(x|z) N(z; 0, 1) dz can be computed by quadrature:
// the importance-weighted estimate must approach it from below as k grows.
TEST(Metrics, ImportanceSamplingApproachesTheExactLogLikelihood) {
  auto data = test::mnist_subset(3000, 20);
  TrainConfig c;
  c.arch.hidden = {64};
  c.arch.latent = 1;
  Trainer t(c, data);
  t.train_epoch();
  const Mat<float>& x = data->test.images;
  // Quadrature on [-8, 8]: log-sum-exp of log p(x|z) + log N(z) + log dz.
  const int points = 4001;
  const double lo = -8, hi = 8, dz = (hi - lo) / (points - 1);
  Mat<float> z(1, points), logits;
  for (int i = 0; i < points; ++i) z(0, i) = static_cast<float>(lo + i * dz);
  t.model().decode(z, {}, logits);
  double exact = 0;
  Vec<float> recon;
  for (Eigen::Index n = 0; n < x.cols(); ++n) {
    Mat<float> target = x.col(n).replicate(1, points);
    reconstruction_nll<float>(c.objective, logits, target, nullptr, 1.0f, &recon);
    Eigen::ArrayXd terms(points);
    for (int i = 0; i < points; ++i)
      terms(i) = -recon(i) - 0.5 * z(0, i) * z(0, i) - 0.5 * kLog2Pi + std::log(dz);
    const double m = terms.maxCoeff();
    exact += m + std::log((terms - m).exp().sum());
  }
  exact /= static_cast<double>(x.cols());
  // An undertrained encoder is a poor proposal, so convergence is slow; what must hold is that
  // every estimate stays below the truth and closes in on it as k grows.
  auto estimate = [&](int k) {
    Rng rng(3);
    FrozenModel model = t.frozen();
    return importance_weighted_log_px(model, c.objective, x, {}, k, rng);
  };
  const double elbo = estimate(1), iw100 = estimate(100), iw5000 = estimate(5000);
  EXPECT_LT(elbo, iw100);
  EXPECT_LT(iw100, iw5000);
  EXPECT_LT(iw5000, exact + 0.5);
  EXPECT_LT(exact - iw5000, 0.25 * (exact - elbo));
}

TEST(Metrics, SmoothnessSeesEvenPathsAndJumps) {
  // A decoder with one hidden unit: a3 = relu(z0 + 10) stays on the linear side of the relu for
  // |z0| <= 1, and logits = gain * (a3 - 10) = gain * z0. A small gain decodes a near-linear
  // path (even steps: ratio ~1); a huge gain is a step function (all the change in one of the
  // 11 steps: ratio ~11, the signature of a jump over a gap).
  auto measure = [](float gain) {
    ArchSpec spec;
    spec.hidden = {1};
    spec.latent = 2;
    spec.input = {1, 28, 28};
    spec.classes = 10;
    Vec<float> params = Vec<float>::Zero(static_cast<Eigen::Index>(Model<float>::param_count(spec)));
    const size_t encoder_params = Model<float>(spec).num_encoder_params();
    float* p = params.data() + encoder_params;
    p[0] = 1;   // dec1 W (1, 2): z0
    p[1] = 0;   //                z1
    p[2] = 10;  // dec1 b
    for (int i = 0; i < 784; ++i) p[3 + i] = gain;              // dec2 W (784, 1)
    for (int i = 0; i < 784; ++i) p[3 + 784 + i] = -10 * gain;  // dec2 b
    FrozenModel model(spec, params);
    Mat<float> mu(2, 2);
    mu << -1, 1, 0.3f, -0.2f;
    Rng rng(4);
    return interpolation_smoothness(model, mu, {}, 10, 12, rng);
  };
  const Smoothness even = measure(0.01f), jump = measure(1000.0f);
  EXPECT_NEAR(even.max_over_mean, 1.0, 0.01);
  EXPECT_GT(jump.max_over_mean, 10.0);
  EXPECT_NEAR(jump.path_length, 28.0, 0.1);  // every pixel goes 0 -> 1: sqrt(784)
}

}  // namespace
}  // namespace lex
