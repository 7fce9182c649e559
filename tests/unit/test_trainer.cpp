// The trainer on real MNIST: the same seed gives bit-identical runs, the loss falls, a diverging
// run is caught and rolled back, and bad configs are refused.
#include <gtest/gtest.h>

#include "mnist_fixture.hpp"
#include "model/losses.hpp"
#include "train/trainer.hpp"
#include "util/error.hpp"

namespace lex {
namespace {

TrainConfig config(Mode mode, uint64_t seed = 1) {
  TrainConfig c;
  c.arch.hidden = {64};
  c.objective.mode = mode;
  c.seed = seed;
  return c;
}

TEST(Trainer, SameSeedGivesBitIdenticalRuns) {
  auto data = test::mnist_subset(2000, 200);
  Trainer a(config(Mode::kVae), data), b(config(Mode::kVae), data), c(config(Mode::kVae, 2), data);
  for (int i = 0; i < 20; ++i) {
    const auto sa = a.step(), sb = b.step();
    EXPECT_EQ(sa.loss.loss, sb.loss.loss);
    c.step();
  }
  EXPECT_EQ(a.model().params(), b.model().params());
  EXPECT_NE(a.model().params(), c.model().params());
}

TEST(Trainer, EveryModeStartsFromTheSameWeightsAndBatchOrder) {
  auto data = test::mnist_subset(500, 100);
  Trainer ae(config(Mode::kAe), data), vae(config(Mode::kVae), data), kl(config(Mode::kKlOnly), data);
  EXPECT_EQ(ae.model().params(), vae.model().params());
  EXPECT_EQ(kl.model().params(), vae.model().params());
}

TEST(Trainer, TestLossFallsOnRealMnist) {
  auto data = test::mnist_subset(6000, 1000);
  TrainConfig c = config(Mode::kVae);
  c.arch.hidden = {128};
  Trainer t(c, data);
  const double before = t.evaluate_test().loss;
  const EpochStats e1 = t.train_epoch();
  const EpochStats e2 = t.train_epoch();
  EXPECT_LT(e1.test.loss, before - 200);  // ~543 nats at random weights
  EXPECT_LT(e2.test.loss, e1.test.loss);
  EXPECT_LT(e2.test.loss, 215);
  EXPECT_GT(e2.test.kl, 1.0);  // the latent code is used
  EXPECT_EQ(e2.epoch, 2);
  EXPECT_GT(e2.samples_per_s, 0);
}

TEST(Trainer, WarmUpRampsBetaFromZero) {
  TrainConfig c;
  c.objective.beta = 2.0;
  c.warmup_steps = 100;
  EXPECT_NEAR(c.beta_at(0), 0.02, 1e-12);
  EXPECT_NEAR(c.beta_at(49), 1.0, 1e-12);
  EXPECT_EQ(c.beta_at(99), 2.0);
  EXPECT_EQ(c.beta_at(5000), 2.0);
}

TEST(Trainer, DivergingRunIsCaughtAndRolledBack) {
  auto data = test::mnist_subset(3000, 100);
  TrainConfig c = config(Mode::kVae);
  c.lr = 10.0;
  Trainer t(c, data);
  StepStats bad;
  for (int i = 0; i < 200 && bad.finite; ++i) bad = t.step();
  ASSERT_FALSE(bad.finite) << "learning rate 10 did not diverge in 200 steps";
  EXPECT_GE(bad.rolled_back_to, 0);
  EXPECT_TRUE(t.model().params().allFinite());
  EXPECT_THROW(t.train_epoch(), DivergedError);
  EXPECT_TRUE(t.model().params().allFinite());
  const std::string message = divergence_message(bad, 10.0);
  EXPECT_NE(message.find("rolled back"), std::string::npos);
  EXPECT_NE(message.find("learning rate"), std::string::npos);
}

TEST(Trainer, RefusesBadConfigs) {
  auto data = test::mnist_subset(100, 10);
  TrainConfig c;
  c.arch.latent = 0;
  EXPECT_THROW(Trainer(c, data), InputError);
  c.arch.latent = -7;  // refused before any buffer is sized from it
  EXPECT_THROW(Trainer(c, data), InputError);
  c = TrainConfig{};
  c.arch.hidden = {-1};
  EXPECT_THROW(Trainer(c, data), InputError);
  c = TrainConfig{};
  c.lr = std::nan("");
  EXPECT_THROW(Trainer(c, data), InputError);
  c = TrainConfig{};
  c.batch = -1;
  EXPECT_THROW(Trainer(c, data), InputError);
}

}  // namespace
}  // namespace lex

namespace lex {
namespace {

// Data-parallel training: bit-identical for the same seed and thread count, and the same
// optimisation as one thread up to the order of the floating-point sums.
TEST(Trainer, TwoThreadsAreDeterministicAndAgreeWithOne) {
  auto data = test::mnist_subset(2000, 200);
  TrainConfig c1 = config(Mode::kVae);
  TrainConfig c2 = c1;
  c2.threads = 2;
  Trainer one(c1, data), a(c2, data), b(c2, data);
  for (int i = 0; i < 15; ++i) {
    const auto s1 = one.step(), sa = a.step(), sb = b.step();
    EXPECT_EQ(sa.loss.loss, sb.loss.loss);
    EXPECT_NEAR(sa.loss.loss, s1.loss.loss, 1e-3 * std::abs(s1.loss.loss));
  }
  EXPECT_EQ(a.model().params(), b.model().params());
  EXPECT_LT((a.model().params() - one.model().params()).cwiseAbs().maxCoeff(), 1e-3f);
}

TEST(Trainer, MoreThreadsThanSamplesInABatch) {
  TrainConfig c = config(Mode::kVae);
  c.threads = 2;
  c.batch = 1;  // one slice is empty every step
  Trainer t(c, test::mnist_subset(20, 10));
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(t.step().finite);
}

}  // namespace
}  // namespace lex

namespace lex {
namespace {

// Every architecture, with and without the class condition, on real MNIST.
struct ArchCase {
  const char* arch;
  bool cond;
};

class EachArch : public ::testing::TestWithParam<ArchCase> {
 protected:
  TrainConfig config() const {
    TrainConfig c;
    EXPECT_EQ(parse_arch(GetParam().arch, c.arch), "");
    c.arch.conditional = GetParam().cond;
    c.batch = 64;
    return c;
  }
};

TEST_P(EachArch, TestLossFallsOnRealMnist) {
  auto data = test::mnist_subset(3000, 300);
  Trainer t(config(), data);
  const double before = t.evaluate_test().loss;  // ~543 nats at random weights
  const EpochStats e1 = t.train_epoch();
  const EpochStats e2 = t.train_epoch();
  EXPECT_LT(e1.test.loss, before - 250);
  EXPECT_LT(e2.test.loss, e1.test.loss);
  // The code is used (a conditional model leans on the label at first, so its code carries less).
  EXPECT_GT(e2.test.kl, GetParam().cond ? 0.2 : 1.0);
}

TEST_P(EachArch, SameSeedGivesBitIdenticalRunsOnOneAndTwoThreads) {
  auto data = test::mnist_subset(1000, 100);
  for (int threads : {1, 2}) {
    TrainConfig c = config();
    c.threads = threads;
    Trainer a(c, data), b(c, data);
    for (int i = 0; i < 6; ++i) EXPECT_EQ(a.step().loss.loss, b.step().loss.loss);
    EXPECT_EQ(a.model().params(), b.model().params()) << threads << " thread(s)";
  }
}

// The frozen model's encode and decode are the training forward pass: the loss computed through
// them equals the trainer's own evaluation, image by image.
TEST_P(EachArch, FrozenModelComputesTheTrainingForwardPass) {
  auto data = test::mnist_subset(500, 64);
  Trainer t(config(), data);
  for (int i = 0; i < 5; ++i) t.step();
  const Dataset& test = data->test;
  Rng rng(5);
  Mat<float> eps(t.config().arch.latent, test.size());
  rng.fill_normal(eps.data(), static_cast<size_t>(eps.size()));
  Vec<float> recon_trained, kl_trained;
  t.model().evaluate(test.images, test.labels, eps, t.config().objective, 1.0, &recon_trained, &kl_trained);

  FrozenModel frozen = t.frozen();
  Mat<float> mu, lv, z, logits;
  frozen.encode(test.images, test.labels, mu, lv);
  reparameterize(mu, lv, eps, z);
  frozen.decode(z, test.labels, logits);
  Vec<float> recon_frozen, kl_frozen;
  reconstruction_nll<float>(t.config().objective, logits, test.images, nullptr, 1.0f, &recon_frozen);
  gaussian_kl<float>(mu, lv, nullptr, nullptr, 1.0f, &kl_frozen);
  EXPECT_EQ(recon_frozen, recon_trained);
  EXPECT_EQ(kl_frozen, kl_trained);
  // A copy decodes the same, from its own scratch.
  FrozenModel copy = frozen;
  Mat<float> logits_copy;
  copy.decode(z, test.labels, logits_copy);
  EXPECT_EQ(logits_copy, logits);
}

INSTANTIATE_TEST_SUITE_P(Archs, EachArch,
                         ::testing::Values(ArchCase{"mlp:400", false}, ArchCase{"mlp:256,128", false},
                                           ArchCase{"conv", false}, ArchCase{"mlp:400", true}, ArchCase{"conv", true}),
                         [](const auto& info) {
                           std::string name = std::string(info.param.arch) + (info.param.cond ? "_cond" : "");
                           for (auto& ch : name)
                             if (ch == ':' || ch == ',') ch = '_';
                           return name;
                         });

}  // namespace
}  // namespace lex
