// The three objectives on the same small slice of real MNIST differ the way the theory says:
// KL-only learns nothing about x, the AE reconstructs best, and the VAE's latent space is close to
// N(0, I) and smoother to walk through than the AE's.
#include <gtest/gtest.h>

#include "eval/report.hpp"
#include "mnist_fixture.hpp"

namespace lex {
namespace {

ModelReport train_and_report(Mode mode) {
  TrainConfig c;
  c.arch.hidden = {128};
  c.objective.mode = mode;
  c.seed = 3;
  Trainer t(c, test::mnist_subset(60000, 1000));
  for (int e = 0; e < 2; ++e) t.train_epoch();
  return report_model(t);
}

TEST(Compare, ModesDifferAsTheTheorySays) {
  const ModelReport ae = train_and_report(Mode::kAe);
  const ModelReport vae = train_and_report(Mode::kVae);
  const ModelReport kl = train_and_report(Mode::kKlOnly);

  // KL-only: every posterior collapses onto the prior; the code carries no class information.
  EXPECT_LT(kl.test.kl, 0.05);
  EXPECT_LT(kl.knn_accuracy, 0.2);
  EXPECT_EQ(kl.latent.active_units, 0);

  // The AE, free of the KL term, reconstructs best; the KL-only decoder worst.
  EXPECT_LT(ae.test.recon, vae.test.recon);
  EXPECT_LT(vae.test.recon, kl.test.recon);

  // The VAE's aggregate posterior heads for N(0, I) (it is within ~0.1 after 10 epochs; after
  // 2 it is still centring); the AE's is tied to no location or scale at all.
  auto distance_from_prior = [](const ModelReport& r, size_t d) {
    return std::abs(r.latent.mean[d]) + std::abs(r.latent.std[d] - 1.0);
  };
  for (size_t d = 0; d < 2; ++d) {
    EXPECT_LT(std::abs(vae.latent.mean[d]), 1.0);
    EXPECT_GT(vae.latent.std[d], 0.5);
    EXPECT_LT(vae.latent.std[d], 1.7);
    EXPECT_LT(3 * distance_from_prior(vae, d), distance_from_prior(ae, d));
  }
  EXPECT_GT(vae.knn_accuracy, 0.4);
  EXPECT_GT(ae.knn_accuracy, 0.4);

  // Walking between two test images: the VAE's steps are more even than the AE's.
  EXPECT_LT(vae.smoothness.max_over_mean, ae.smoothness.max_over_mean);
}

}  // namespace
}  // namespace lex
