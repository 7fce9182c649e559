// The prior mass in holes on codes whose answer is known, and the IW curve on a small trained
// model (it must rise with k, and k = 1 must be the ELBO on the same images).
#include <gtest/gtest.h>

#include "eval/holes.hpp"
#include "eval/iw_curve.hpp"
#include "mnist_fixture.hpp"
#include "train/trainer.hpp"

namespace lex {
namespace {

// n codes in Z dimensions drawn from the prior, each with log-variance lv.
EncodedSet prior_codes(int z, int n, float lv, uint64_t seed) {
  Rng rng(seed);
  EncodedSet enc;
  enc.mu.resize(z, n);
  rng.fill_normal(enc.mu.data(), static_cast<size_t>(enc.mu.size()));
  enc.lv = Mat<float>::Constant(z, n, lv);
  return enc;
}

TEST(Holes, CodesThatArePriorSamplesLeaveNoHoles) {
  // q(z) = N(0, 2 I) then: q / p >= 1/2 everywhere, far above 1/10.
  EXPECT_LT(prior_mass_in_holes(prior_codes(2, 2000, 0.0f, 1), Mode::kVae), 0.01);
  // The same in 5 dimensions, seen on the means' principal plane.
  EXPECT_LT(prior_mass_in_holes(prior_codes(5, 2000, 0.0f, 2), Mode::kVae), 0.01);
  // And in 1.
  EXPECT_LT(prior_mass_in_holes(prior_codes(1, 2000, 0.0f, 3), Mode::kVae), 0.01);
}

TEST(Holes, CodesFarFromThePriorLeaveItAllInHoles) {
  EncodedSet enc = prior_codes(2, 500, 0.0f, 4);
  enc.mu.setConstant(8.0f);  // every code at (8, 8)
  EXPECT_GT(prior_mass_in_holes(enc, Mode::kVae), 0.99);
  EXPECT_GT(prior_mass_in_holes(enc, Mode::kAe), 0.99);
}

TEST(Holes, AnAeCoveringHalfThePriorLeavesHalfInHoles) {
  // AE codes (narrow kernels) drawn from the prior but folded onto x > 0: q = 2 p there and ~0 on
  // the other half, except that the kernels (sigma 0.1) spill over the edge: q = 2 p Phi(x / 0.1)
  // stays above p / 10 down to x = -0.16, which takes P(-0.16 < x < 0) = 0.065 off the half.
  EncodedSet enc = prior_codes(2, 4000, 0.0f, 5);
  enc.mu.row(0) = enc.mu.row(0).cwiseAbs();
  const double holes = prior_mass_in_holes(enc, Mode::kAe);
  EXPECT_GT(holes, 0.40);
  EXPECT_LT(holes, 0.47);
}

TEST(Holes, DensitiesOnAPlaneMatchTheClosedFormForOneKernel) {
  // One code at (1, -1) with variances (0.25, 4); the plane is the whole space.
  EncodedSet enc;
  enc.mu.resize(2, 1);
  enc.mu << 1, -1;
  enc.lv.resize(2, 1);
  enc.lv << std::log(0.25f), std::log(4.0f);
  const PlaneDensities d(enc, Mode::kVae, holes_plane(enc.mu));
  Mat<float> u(2, 2);
  u << 1, 2, -1, 0;
  std::vector<double> q, p;
  d.at(u, q, p);
  const double two_pi = 6.283185307179586;
  EXPECT_NEAR(q[0], 1.0 / (two_pi * 0.5 * 2.0), 1e-6);
  EXPECT_NEAR(q[1], std::exp(-0.5 * (1.0 / 0.25 + 1.0 / 4.0)) / (two_pi * 0.5 * 2.0), 1e-6);
  EXPECT_NEAR(p[0], std::exp(-1.0) / two_pi, 1e-7);
  EXPECT_NEAR(p[1], std::exp(-2.0) / two_pi, 1e-7);
}

TEST(IwCurve, RisesWithKAndStartsAtTheElbo) {
  auto data = test::mnist_subset(2000, 200);
  TrainConfig c;
  c.arch.hidden = {64};
  c.arch.latent = 4;
  Trainer t(c, data);
  t.train_epoch();
  FrozenModel model = t.frozen();
  IwCurveOptions options;
  options.ks = {1, 10, 100};
  options.images = 100;  // an even half of the 200 test images
  int64_t last_done = 0, total = 0;
  options.on_progress = [&](int64_t done, int64_t all) { last_done = done, total = all; };
  const IwCurve curve = importance_weighted_curve(model, c.objective, data->test.images, data->test.labels, options);
  ASSERT_TRUE(curve.complete);
  ASSERT_EQ(curve.points.size(), 3u);
  EXPECT_EQ(total, 111 * 100);
  EXPECT_EQ(last_done, total);
  EXPECT_LT(curve.points[0].log_px, curve.points[1].log_px);
  EXPECT_LT(curve.points[1].log_px, curve.points[2].log_px);
  for (const IwPoint& pt : curve.points) EXPECT_GT(pt.std_error, 0.0);
  // The rise over k = 1, image by image, is clearly above 0.
  EXPECT_EQ(curve.points[0].rise_std_error, 0.0);
  EXPECT_GT(curve.points[2].log_px - curve.points[0].log_px, 3 * curve.points[2].rise_std_error);

  // k = 1 is the ELBO: the model's -(recon + KL) on the same images (other noise, and the KL in
  // closed form rather than sampled) agrees within a few standard errors.
  Mat<float> x(data->test.images.rows(), 100);
  for (int i = 0; i < 100; ++i) x.col(i) = data->test.images.col(2 * i);
  Rng rng(11);
  Mat<float> eps(c.arch.latent, 100);
  rng.fill_normal(eps.data(), static_cast<size_t>(eps.size()));
  const LossParts elbo = t.model().evaluate(x, {}, eps, c.objective, 1.0);  // per-image averages
  EXPECT_NEAR(curve.points[0].log_px, -(elbo.recon + elbo.kl), 3 * curve.points[0].std_error);
  // ... and far closer than the bound's rise from k = 1 to k = 100 would allow a mix-up of k.
  EXPECT_LT(std::abs(curve.points[0].log_px + elbo.recon + elbo.kl), curve.points[2].log_px - curve.points[0].log_px);
}

TEST(IwCurve, StopsWhenAsked) {
  auto data = test::mnist_subset(500, 100);
  TrainConfig c;
  c.arch.hidden = {32};
  Trainer t(c, data);
  FrozenModel model = t.frozen();
  std::stop_source stop;
  IwCurveOptions options;
  options.ks = {1, 100};
  options.images = 100;
  options.stop = stop.get_token();
  options.on_progress = [&](int64_t done, int64_t) {
    if (done > 100) stop.request_stop();  // during k = 100: k = 1 finished
  };
  const IwCurve curve = importance_weighted_curve(model, c.objective, data->test.images, data->test.labels, options);
  EXPECT_FALSE(curve.complete);
  ASSERT_EQ(curve.points.size(), 1u);
  EXPECT_EQ(curve.points[0].k, 1);
}

}  // namespace
}  // namespace lex
