// The user's image made to look like the data (data/digit_image.hpp) and what a model makes of it
// (eval/probe.hpp).
#include <gtest/gtest.h>

#include <cmath>
#include <numeric>

#include "data/digit_image.hpp"
#include "eval/metrics.hpp"
#include "eval/probe.hpp"
#include "mnist_fixture.hpp"
#include "util/error.hpp"

namespace lex {
namespace {

GreyImage filled(int w, int h, float v) { return {w, h, std::vector<float>(static_cast<size_t>(w) * h, v)}; }

TEST(Resample, ConstantsStayConstantBothWays) {
  for (auto [w, h] : {std::pair{7, 3}, std::pair{40, 90}}) {
    const GreyImage out = resample(filled(13, 17, 0.25f), w, h);
    for (float v : out.pixels) EXPECT_NEAR(v, 0.25f, 1e-6f);
  }
}

TEST(Resample, ShrinkingAveragesTheFootprint) {
  GreyImage checker = filled(4, 4, 0);
  for (int y = 0; y < 4; ++y)
    for (int x = 0; x < 4; ++x) checker.pixels[static_cast<size_t>(y) * 4 + x] = static_cast<float>((x + y) % 2);
  const GreyImage half = resample(checker, 2, 2);
  for (float v : half.pixels) EXPECT_FLOAT_EQ(v, 0.5f);
  // 3 -> 2: the middle pixel is shared half and half.
  const GreyImage row = resample({3, 1, {0.f, 1.f, 0.f}}, 2, 1);
  EXPECT_NEAR(row.pixels[0], 1.0f / 3, 1e-6f);
  EXPECT_NEAR(row.pixels[1], 1.0f / 3, 1e-6f);
}

// A bar of ink anywhere on a big canvas comes out 20 pixels tall, centred by its mass.
TEST(DigitLikeData, ScalesToTheBoxAndCentresTheMass) {
  GreyImage canvas = filled(300, 200, 0);
  for (int y = 20; y < 120; ++y)
    for (int x = 230; x < 255; ++x) canvas.pixels[static_cast<size_t>(y) * 300 + x] = 1;
  const std::vector<float> x = digit_like_data(ink_of(canvas, false), {1, 28, 28}, "bar");
  ASSERT_EQ(x.size(), 784u);
  double mass = 0, cy = 0, cx = 0;
  int top = 28, bottom = -1;
  for (int r = 0; r < 28; ++r)
    for (int c = 0; c < 28; ++c) {
      const double v = x[static_cast<size_t>(r) * 28 + c];
      mass += v, cy += v * r, cx += v * c;
      if (v > 0.5) top = std::min(top, r), bottom = std::max(bottom, r);
    }
  EXPECT_EQ(bottom - top + 1, 20);
  EXPECT_NEAR(cy / mass, 14.0, 0.5);
  EXPECT_NEAR(cx / mass, 14.0, 0.5);
}

TEST(DigitLikeData, DarkInkOnPaperNeedsInvertAndABlankPictureIsAnError) {
  GreyImage paper = filled(50, 50, 0.8f);  // grey paper, darker ink
  for (int y = 10; y < 40; ++y) paper.pixels[static_cast<size_t>(y) * 50 + 25] = 0.1f;
  const std::vector<float> x = digit_like_data(ink_of(paper, true), {1, 28, 28}, "photo");
  EXPECT_NEAR(*std::max_element(x.begin(), x.end()), 1.0f, 1e-5f);  // the ink is full ink
  EXPECT_EQ(x[0], 0.0f);                                             // the paper is ground
  EXPECT_THROW(digit_like_data(ink_of(filled(10, 10, 0.3f), false), {1, 28, 28}, "blank"), InputError);
  EXPECT_THROW(digit_like_data(ink_of(paper, true), {3, 32, 32}, "colour"), InputError);
}

// MNIST's own digits went through this step once already: doing it again changes little.
TEST(DigitLikeData, MnistDigitsComeBackNearlyUnchanged) {
  const auto data = test::mnist_subset(100, 200);
  double diff = 0;
  for (int i = 0; i < data->test.size(); ++i) {
    GreyImage img{28, 28, {}};
    img.pixels.assign(data->test.images.col(i).data(), data->test.images.col(i).data() + 784);
    const std::vector<float> again = digit_like_data(ink_of(img, false), data->shape, "mnist");
    for (int p = 0; p < 784; ++p) diff += std::abs(again[static_cast<size_t>(p)] - img.pixels[static_cast<size_t>(p)]);
  }
  const double mean_abs = diff / (200.0 * 784);
  EXPECT_LT(mean_abs, 0.02) << "mean absolute pixel change";
}

TEST(Probe, NearestImagesAndPercentiles) {
  Mat<float> means(2, 4);
  means << 0, 1, 5, 2,
           0, 0, 5, 0;
  const std::vector<Neighbour> near = nearest_images(means, {7, 8, 9, 3}, {1.9f, 0.f}, 2);
  ASSERT_EQ(near.size(), 2u);
  EXPECT_EQ(near[0].index, 3);
  EXPECT_EQ(near[0].label, 3);
  EXPECT_NEAR(near[0].distance, 0.1, 1e-6);
  EXPECT_EQ(near[1].index, 1);
  TypicalityReference ref;
  ref.log_px_sorted = {-200, -150, -120, -100};
  EXPECT_DOUBLE_EQ(percentile_among(ref, -130), 50.0);
  EXPECT_DOUBLE_EQ(percentile_among(ref, -300), 0.0);
  EXPECT_DOUBLE_EQ(percentile_among(ref, -50), 100.0);
}

// encode_image is the model's encode and decode of one column; log p(x) of one image is the
// batch estimate's; a conditional model's best class is one it knows.
TEST(Probe, OneImageAgreesWithTheBatchPaths) {
  const auto data = test::mnist_subset(100, 20);
  for (bool conditional : {false, true}) {
    ArchSpec spec;
    spec.hidden = {32};
    spec.latent = 3;
    spec.conditional = conditional;
    spec.input = data->shape;
    spec.classes = data->classes();
    Model<float> trained(spec);
    Rng init(5);
    trained.init(init);
    FrozenModel model = FrozenModel::of(trained);
    const Objective obj;
    const std::vector<float> x(data->test.images.col(3).data(), data->test.images.col(3).data() + 784);
    const int label = data->test.labels[3];
    const ImageCode code = encode_image(model, obj, x, label);
    const EncodedSet all = encode_all(model, data->test.images, data->test.labels);
    for (int d = 0; d < 3; ++d) {
      EXPECT_NEAR(code.mu[static_cast<size_t>(d)], all.mu(d, 3), 1e-5f);
      EXPECT_NEAR(code.sigma[static_cast<size_t>(d)], std::exp(0.5f * all.lv(d, 3)), 1e-5f);
    }
    ASSERT_EQ(code.reconstruction.size(), 784u);
    EXPECT_GT(code.recon, 0);
    Rng a(9), b(9);
    const double one = image_log_px(model, obj, x, label, 20, a);
    const Mat<float> col = data->test.images.col(3);
    const std::vector<uint8_t> labels = conditional ? std::vector<uint8_t>{static_cast<uint8_t>(label)} : std::vector<uint8_t>{};
    EXPECT_DOUBLE_EQ(one, importance_weighted_log_px_per_image(model, obj, col, labels, 20, b).front());
    if (conditional) {
      Rng r(1);
      const int best = best_class(model, obj, x, 8, r);
      EXPECT_GE(best, 0);
      EXPECT_LT(best, spec.classes);
    }
  }
}

}  // namespace
}  // namespace lex
