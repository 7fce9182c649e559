// Finite-difference checks, in double, of the dense layers, each likelihood, the KL, the
// reparameterisation, and the whole loss of every architecture in each mode, with and without
// the class condition. (The convolutions have their own checks in test_conv.cpp.)
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <utility>

#include "fd_check.hpp"
#include "model/linear.hpp"
#include "model/losses.hpp"
#include "model/model.hpp"
#include "util/error.hpp"
#include "util/rng.hpp"

namespace lex {
namespace {

using test::all_indices;
using test::fd_check;
using D = double;

Mat<D> random_matrix(int rows, int cols, Rng& rng, double zero_fraction = 0.0) {
  Mat<D> m(rows, cols);
  for (Eigen::Index i = 0; i < m.size(); ++i) m.data()[i] = rng.uniform01() < zero_fraction ? 0.0 : rng.normal();
  return m;
}

Mat<D> random_pixels(int rows, int cols, Rng& rng, double zero_fraction) {
  Mat<D> m(rows, cols);
  for (Eigen::Index i = 0; i < m.size(); ++i) m.data()[i] = rng.uniform01() < zero_fraction ? 0.0 : rng.uniform01();
  return m;
}

// Sum of (y .* weights): a scalar whose gradient with respect to y is `weights`.
double weighted_sum(const Mat<D>& y, const Mat<D>& weights) { return (y.array() * weights.array()).sum(); }

TEST(Gradients, LinearLayer) {
  Rng rng(3);
  Linear<D> layer(5, 4);
  Vec<D> params = Vec<D>::Zero(static_cast<Eigen::Index>(layer.size()));
  Vec<D> grads = Vec<D>::Zero(params.size());
  layer.bind(params.data(), grads.data());
  for (Eigen::Index i = 0; i < params.size(); ++i) params(i) = rng.normal();
  Mat<D> x = random_matrix(5, 3, rng), w = random_matrix(4, 3, rng), y, dx;
  auto f = [&] {
    layer.forward(x, y);
    return weighted_sum(y, w);
  };
  f();
  layer.backward(x, w, &dx);  // dL/dy = w
  fd_check(params, grads, f, all_indices(params.size()));
  // Input gradient: treat x as the variable.
  Vec<D> x_flat = Eigen::Map<Vec<D>>(x.data(), x.size());
  Vec<D> dx_flat = Eigen::Map<Vec<D>>(dx.data(), dx.size());
  auto fx = [&] {
    Mat<D> xx = Eigen::Map<Mat<D>>(x_flat.data(), 5, 3);
    layer.forward(xx, y);
    return weighted_sum(y, w);
  };
  fd_check(x_flat, dx_flat, fx, all_indices(x_flat.size()));
}

TEST(Gradients, LinearBackwardAccumulates) {
  Rng rng(4);
  Linear<D> layer(3, 2);
  Vec<D> params = Vec<D>::Random(static_cast<Eigen::Index>(layer.size()));
  Vec<D> grads = Vec<D>::Zero(params.size());
  layer.bind(params.data(), grads.data());
  Mat<D> x = random_matrix(3, 4, rng), dy = random_matrix(2, 4, rng), y;
  layer.forward(x, y);
  layer.backward(x, dy, nullptr);
  const Vec<D> once = grads;
  layer.backward(x, dy, nullptr);
  EXPECT_TRUE(grads.isApprox(2 * once));
}

// The sparse first layer must be the same function as the dense one, with the same gradient,
// on both of its paths (sparse below the density threshold, dense above).
class InputLinearTest : public ::testing::TestWithParam<double> {};

TEST_P(InputLinearTest, MatchesDenseLayerAndFiniteDifferences) {
  const double zero_fraction = GetParam();
  Rng rng(5);
  InputLinear<D> sparse(30, 6);
  Linear<D> dense(30, 6);
  Vec<D> params(static_cast<Eigen::Index>(sparse.size()));
  for (Eigen::Index i = 0; i < params.size(); ++i) params(i) = rng.normal();
  Vec<D> g_sparse = Vec<D>::Zero(params.size()), g_dense = Vec<D>::Zero(params.size());
  sparse.bind(params.data(), g_sparse.data());
  dense.bind(params.data(), g_dense.data());
  Mat<D> x = random_pixels(30, 9, rng, zero_fraction), w = random_matrix(6, 9, rng), ys, yd;
  sparse.forward(x, ys);
  dense.forward(x, yd);
  EXPECT_LT((ys - yd).cwiseAbs().maxCoeff(), 1e-12);
  sparse.backward(x, w, nullptr);
  dense.backward(x, w, nullptr);
  EXPECT_LT((g_sparse - g_dense).cwiseAbs().maxCoeff(), 1e-12);
  auto f = [&] {
    sparse.forward(x, ys);
    return weighted_sum(ys, w);
  };
  fd_check(params, g_sparse, f, all_indices(params.size()));
}

// The float path has its own vectorised kernels (model/sparse_input_kernels.hpp): same results as
// the dense float product up to rounding, for widths that exercise every row block and tail, and
// pixel and batch counts that leave a partial pixel group, a 16-pixel chunk or a single image.
TEST(Gradients, SparseFloatKernelMatchesDenseProduct) {
  Rng rng(15);
  for (int out : {1, 15, 16, 17, 100, 129, 400, 785})
    for (const auto& [pixels, batch] : {std::pair{50, 7}, std::pair{33, 1}, std::pair{784, 33}}) {
      InputLinear<float> sparse(pixels, out);
      Linear<float> dense(pixels, out);
      Vec<float> params(static_cast<Eigen::Index>(sparse.size()));
      for (Eigen::Index i = 0; i < params.size(); ++i) params(i) = static_cast<float>(rng.normal());
      Vec<float> gs = Vec<float>::Zero(params.size()), gd = Vec<float>::Zero(params.size());
      sparse.bind(params.data(), gs.data());
      dense.bind(params.data(), gd.data());
      Mat<float> x = random_pixels(pixels, batch, rng, 0.85).cast<float>();
      Mat<float> dy = random_matrix(out, batch, rng).cast<float>(), ys, yd;
      sparse.forward(x, ys);
      dense.forward(x, yd);
      const std::string where = "out " + std::to_string(out) + ", pixels " + std::to_string(pixels) + ", batch " +
                                std::to_string(batch);
      EXPECT_LT((ys - yd).cwiseAbs().maxCoeff(), 1e-4f * std::sqrt(pixels / 50.0f)) << where;
      sparse.backward(x, dy, nullptr);
      dense.backward(x, dy, nullptr);
      EXPECT_LT((gs - gd).cwiseAbs().maxCoeff(), 1e-4f * std::sqrt(batch / 7.0f + 1)) << where;
    }
}

INSTANTIATE_TEST_SUITE_P(SparseAndDensePaths, InputLinearTest, ::testing::Values(0.9, 0.1));

TEST(Gradients, BernoulliLikelihood) {
  Rng rng(6);
  Mat<D> logits = 3 * random_matrix(7, 4, rng), x = random_pixels(7, 4, rng, 0.3), dlogits;
  bernoulli_nll<D>(logits, x, &dlogits, 1.0, nullptr);
  Vec<D> flat = Eigen::Map<Vec<D>>(logits.data(), logits.size());
  Vec<D> grad = Eigen::Map<Vec<D>>(dlogits.data(), dlogits.size());
  auto f = [&] { return bernoulli_nll<D>(Eigen::Map<Mat<D>>(flat.data(), 7, 4), x, nullptr, 1.0, nullptr); };
  fd_check(flat, grad, f, all_indices(flat.size()));
}

TEST(Gradients, GaussianLikelihood) {
  Rng rng(7);
  Mat<D> logits = random_matrix(7, 4, rng), x = random_pixels(7, 4, rng, 0.3), dlogits;
  gaussian_nll<D>(logits, x, 0.3, &dlogits, 1.0, nullptr);
  Vec<D> flat = Eigen::Map<Vec<D>>(logits.data(), logits.size());
  Vec<D> grad = Eigen::Map<Vec<D>>(dlogits.data(), dlogits.size());
  auto f = [&] { return gaussian_nll<D>(Eigen::Map<Mat<D>>(flat.data(), 7, 4), x, 0.3, nullptr, 1.0, nullptr); };
  fd_check(flat, grad, f, all_indices(flat.size()));
}

TEST(Gradients, KlAndReparameterisation) {
  Rng rng(8);
  const int Z = 3, B = 4;
  Mat<D> mu = random_matrix(Z, B, rng), lv = random_matrix(Z, B, rng), eps = random_matrix(Z, B, rng);
  Mat<D> w = random_matrix(Z, B, rng);  // L = KL + sum(w .* z)
  auto loss = [&](const Mat<D>& m, const Mat<D>& l) {
    Mat<D> z(Z, B);
    reparameterize(m, l, eps, z);
    return gaussian_kl<D>(m, l, nullptr, nullptr, 1.0, nullptr) + weighted_sum(z, w);
  };
  Mat<D> dmu = Mat<D>::Zero(Z, B), dlv = Mat<D>::Zero(Z, B);
  reparameterize_backward(lv, eps, w, dmu, dlv);
  gaussian_kl<D>(mu, lv, &dmu, &dlv, 1.0, nullptr);
  Vec<D> both(2 * Z * B), grad(2 * Z * B);
  both << Eigen::Map<Vec<D>>(mu.data(), Z * B), Eigen::Map<Vec<D>>(lv.data(), Z * B);
  grad << Eigen::Map<Vec<D>>(dmu.data(), Z * B), Eigen::Map<Vec<D>>(dlv.data(), Z * B);
  auto f = [&] {
    return loss(Eigen::Map<Mat<D>>(both.data(), Z, B), Eigen::Map<Mat<D>>(both.data() + Z * B, Z, B));
  };
  fd_check(both, grad, f, all_indices(both.size()));
}

// A ReLU layer's gradient check through the activation.
TEST(Gradients, LinearWithReluMatchesFiniteDifferences) {
  Rng rng(11);
  Linear<D> layer(6, 5, true);
  Vec<D> params(static_cast<Eigen::Index>(layer.size())), grads = Vec<D>::Zero(static_cast<Eigen::Index>(layer.size()));
  layer.bind(params.data(), grads.data());
  layer.init(rng);
  Mat<D> x = random_matrix(6, 4, rng), w = random_matrix(5, 4, rng), y, dx;
  auto f = [&] {
    layer.forward(x, y);
    return weighted_sum(y, w);
  };
  f();
  Mat<D> dy = w;
  relu_backward(y, dy);  // backward takes the gradient before the layer's ReLU
  layer.backward(x, dy, &dx);
  const auto r = fd_check(params, grads, f, all_indices(params.size()));
  EXPECT_GT(r.checked, static_cast<int>(params.size()) / 2);
}

struct LossCase {
  const char* arch;
  bool cond;
  Mode mode;
  Likelihood likelihood;
  double beta;
};

std::string case_name(const LossCase& c) {
  std::string name = std::string(c.arch) + (c.cond ? "_cond_" : "_") + to_string(c.mode) + "_" +
                     to_string(c.likelihood) + "_beta" + std::to_string(static_cast<int>(c.beta * 100));
  for (auto& ch : name)
    if (ch == '-' || ch == ':' || ch == ',') ch = '_';
  return name;
}

// Small images for each architecture: 5x8 for the MLPs, 8x8 for conv (the smallest it takes).
ArchSpec spec_for(const LossCase& c) {
  ArchSpec spec;
  EXPECT_EQ(parse_arch(c.arch, spec), "");
  spec.latent = 3;
  spec.conditional = c.cond;
  spec.classes = 4;
  spec.input = spec.kind == ArchKind::kConv ? ImageShape{1, 8, 8} : ImageShape{1, 5, 8};
  EXPECT_EQ(validate(spec), "");
  return spec;
}

// Every `stride`-th index of [begin, end), plus the last: a sample spread over every layer.
std::vector<Eigen::Index> spread(Eigen::Index begin, Eigen::Index end, Eigen::Index stride) {
  std::vector<Eigen::Index> v;
  for (Eigen::Index i = begin; i < end; i += stride) v.push_back(i);
  if (end > begin && v.back() != end - 1) v.push_back(end - 1);
  return v;
}

class WholeLossTest : public ::testing::TestWithParam<LossCase> {};

// The model's analytic gradient of the whole batch loss against finite differences of evaluate().
// The small MLPs are checked at every parameter; conv (57k parameters) at an even sample of about
// 300 of them, every layer's weights and biases among them.
TEST_P(WholeLossTest, MatchesFiniteDifferences) {
  const LossCase c = GetParam();
  const ArchSpec spec = spec_for(c);
  Rng rng(9);
  Model<D> model(spec);
  model.init(rng);
  const Objective obj{c.mode, c.likelihood, c.beta, 0.4};
  const int B = 5;
  Mat<D> x = random_pixels(spec.input.pixels(), B, rng, 0.7), eps = random_matrix(spec.latent, B, rng);
  const std::vector<uint8_t> labels{0, 3, 1, 3, 2};
  model.train_batch(x, labels, eps, obj, c.beta);
  const Vec<D> grads = model.grads();
  Vec<D>& params = model.params();
  const auto n = static_cast<Eigen::Index>(model.num_params());
  const auto n_enc = static_cast<Eigen::Index>(model.num_encoder_params());
  const Eigen::Index stride = std::max<Eigen::Index>(1, n / 300);
  const std::vector<Eigen::Index> enc = spread(0, n_enc, stride), dec = spread(n_enc, n, stride);

  if (c.mode == Mode::kKlOnly) {
    // Two objectives: the encoder descends the KL, the decoder the reconstruction (z held fixed).
    auto kl = [&] { return model.evaluate(x, labels, eps, obj, c.beta).kl; };
    auto recon = [&] { return model.evaluate(x, labels, eps, obj, c.beta).recon; };
    const auto r_enc = fd_check(params, grads, kl, enc);
    const auto r_dec = fd_check(params, grads, recon, dec);
    EXPECT_GT(r_enc.checked, static_cast<int>(enc.size()) / 2);
    EXPECT_GT(r_dec.checked, static_cast<int>(dec.size()) / 2);
  } else {
    auto loss = [&] { return model.evaluate(x, labels, eps, obj, c.beta).loss; };
    std::vector<Eigen::Index> all = enc;
    all.insert(all.end(), dec.begin(), dec.end());
    const auto r = fd_check(params, grads, loss, all);
    EXPECT_GT(r.checked, static_cast<int>(all.size()) * 8 / 10);
  }
}

std::vector<LossCase> loss_cases() {
  std::vector<LossCase> cases;
  for (const char* arch : {"mlp:9", "mlp:7,5", "conv"})
    for (bool cond : {false, true}) {
      cases.push_back({arch, cond, Mode::kVae, Likelihood::kBernoulli, 1.0});
      cases.push_back({arch, cond, Mode::kAe, Likelihood::kBernoulli, 1.0});
      cases.push_back({arch, cond, Mode::kKlOnly, Likelihood::kBernoulli, 1.0});
    }
  cases.push_back({"mlp:9", false, Mode::kVae, Likelihood::kBernoulli, 0.25});
  cases.push_back({"mlp:9", false, Mode::kVae, Likelihood::kGaussian, 1.0});
  cases.push_back({"conv", true, Mode::kVae, Likelihood::kGaussian, 0.25});
  return cases;
}

INSTANTIATE_TEST_SUITE_P(ArchModeCond, WholeLossTest, ::testing::ValuesIn(loss_cases()),
                         [](const auto& info) { return case_name(info.param); });

// The convolutions run on chunks of at most 32 images, the last one padded (model/planes.hpp):
// a batch of 70 must give each image's loss, and the mean of the images' gradients, exactly as
// the images one at a time do.
TEST(Gradients, ConvBatchesInChunksAgreeWithImagesOneAtATime) {
  ArchSpec spec;
  ASSERT_EQ(parse_arch("conv", spec), "");
  spec.latent = 3;
  spec.conditional = true;
  spec.classes = 4;
  spec.input = {1, 8, 8};
  Rng rng(12);
  Model<D> model(spec);
  model.init(rng);
  const Objective obj{Mode::kVae, Likelihood::kBernoulli, 1.0, 0.1};
  const int B = 70;
  const Mat<D> x = random_pixels(64, B, rng, 0.5), eps = random_matrix(3, B, rng);
  std::vector<uint8_t> labels(B);
  for (int b = 0; b < B; ++b) labels[static_cast<size_t>(b)] = static_cast<uint8_t>(b % 4);
  Vec<D> recon, kl;
  model.evaluate(x, labels, eps, obj, 1.0, &recon, &kl);
  model.train_batch(x, labels, eps, obj, 1.0);
  const Vec<D> batch_grads = model.grads();
  Vec<D> mean_grads = Vec<D>::Zero(batch_grads.size());
  for (int b = 0; b < B; ++b) {
    const Mat<D> xb = x.col(b), eb = eps.col(b);
    const std::vector<uint8_t> lb{labels[static_cast<size_t>(b)]};
    Vec<D> rb, kb;
    model.evaluate(xb, lb, eb, obj, 1.0, &rb, &kb);
    EXPECT_NEAR(rb(0), recon(b), 1e-9) << "image " << b;
    EXPECT_NEAR(kb(0), kl(b), 1e-9) << "image " << b;
    model.train_batch(xb, lb, eb, obj, 1.0);
    mean_grads += model.grads() / B;
  }
  EXPECT_LT((mean_grads - batch_grads).cwiseAbs().maxCoeff(), 1e-9 * (1 + batch_grads.cwiseAbs().maxCoeff()));
}

// Not gradients, but the same models: the edges a caller can reach. An empty batch (a panel
// with nothing to decode) gives empty results; a label the model does not have is refused,
// not written past the one-hot matrix.
TEST(ModelEdges, EmptyBatchesAndUnknownLabels) {
  for (const char* arch : {"mlp:5", "conv"}) {
    ArchSpec spec;
    ASSERT_EQ(parse_arch(arch, spec), "");
    spec.latent = 2;
    spec.conditional = true;
    spec.classes = 3;
    spec.input = {1, 8, 8};
    Rng rng(13);
    Model<D> model(spec);
    model.init(rng);
    Mat<D> z(2, 0), logits, mu, lv;
    model.decode(z, {}, logits);
    EXPECT_EQ(logits.rows(), 64) << arch;
    EXPECT_EQ(logits.cols(), 0) << arch;
    model.encode(Mat<D>(64, 0), {}, mu, lv);
    EXPECT_EQ(mu.cols(), 0) << arch;
    const Mat<D> one = random_matrix(2, 1, rng);
    const std::vector<uint8_t> known{2}, unknown{3};
    model.decode(one, known, logits);
    EXPECT_EQ(logits.cols(), 1) << arch;
    EXPECT_THROW(model.decode(one, unknown, logits), InputError) << arch;
  }
}

TEST(Gradients, AeLeavesLogVarianceRowsUntouched) {
  Rng rng(10);
  ArchSpec spec;
  spec.hidden = {6};
  spec.latent = 2;
  spec.input = {1, 4, 5};
  Model<D> model(spec);
  model.init(rng);
  Mat<D> x = random_pixels(20, 4, rng, 0.5), eps = random_matrix(2, 4, rng);
  model.train_batch(x, {}, eps, Objective{Mode::kAe, Likelihood::kBernoulli, 1.0, 0.1}, 1.0);
  // head W is (2Z, H) column-major after enc1 (H*20 + H); rows Z..2Z-1 are log sigma^2.
  const Eigen::Index head_w = 6 * 20 + 6;
  Eigen::Map<const Mat<D>> dW(model.grads().data() + head_w, 4, 6);
  EXPECT_EQ(dW.bottomRows(2).cwiseAbs().maxCoeff(), 0.0);
  EXPECT_GT(dW.topRows(2).cwiseAbs().maxCoeff(), 0.0);
}

}  // namespace
}  // namespace lex
