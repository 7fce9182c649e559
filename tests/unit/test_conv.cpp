// The convolutions (model/conv.hpp) against a naive implementation of PyTorch's definitions, on
// awkward shapes (odd sizes, batches that are not multiples of 16, one channel, kernel 2 and 4,
// stride 3, padding and output padding): the float kernels and the double path alike, for the
// output, the input gradient and the weight and bias gradients. Then the double layer, ReLU
// included, against finite differences.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "fd_check.hpp"
#include "model/conv.hpp"
#include "util/rng.hpp"

namespace lex {
namespace {

using test::all_indices;
using test::fd_check;

// x(b, (c * H + h) * W + w): the batch-innermost layout of model/conv.hpp.
long at(int c, int h, int w, int height, int width) { return (static_cast<long>(c) * height + h) * width + w; }

// PyTorch's storage: Conv2d [out][in][k][k], ConvTranspose2d [in][out][k][k].
long weight_at(const ConvShape& s, int c, int o, int u, int v) {
  const long k = s.kernel;
  return s.transposed ? ((static_cast<long>(c) * s.out_channels + o) * k + u) * k + v
                      : ((static_cast<long>(o) * s.in_channels + c) * k + u) * k + v;
}

// The naive convolution: for every input pixel (c, i, j) and tap (u, v), the output pixel it
// feeds. Conv2d: y[o, i', j'] gets x[c, s i' + u - p, s j' + v - p]; ConvTranspose2d: y[o, s i - p + u,
// s j - p + v] gets x[c, i, j]. Both as one list of (input, output, tap) triples.
struct Link {
  int c_pixel_h, c_pixel_w, out_h, out_w, u, v;
};

std::vector<Link> links(const ConvShape& s) {
  std::vector<Link> out;
  const int oh = s.out_height(), ow = s.out_width(), k = s.kernel;
  if (s.transposed) {
    for (int i = 0; i < s.in_height; ++i)
      for (int j = 0; j < s.in_width; ++j)
        for (int u = 0; u < k; ++u)
          for (int v = 0; v < k; ++v) {
            const int y = s.stride * i - s.padding + u, x = s.stride * j - s.padding + v;
            if (y >= 0 && y < oh && x >= 0 && x < ow) out.push_back({i, j, y, x, u, v});
          }
  } else {
    for (int y = 0; y < oh; ++y)
      for (int x = 0; x < ow; ++x)
        for (int u = 0; u < k; ++u)
          for (int v = 0; v < k; ++v) {
            const int i = s.stride * y + u - s.padding, j = s.stride * x + v - s.padding;
            if (i >= 0 && i < s.in_height && j >= 0 && j < s.in_width) out.push_back({i, j, y, x, u, v});
          }
  }
  return out;
}

struct Reference {
  Mat<double> y, dx;
  std::vector<double> dw, db;
};

Reference reference(const ConvShape& s, const std::vector<double>& params, const Mat<double>& x, const Mat<double>& dy) {
  const int B = static_cast<int>(x.rows()), oh = s.out_height(), ow = s.out_width();
  const size_t n_weights = params.size() - static_cast<size_t>(s.out_channels);
  Reference r;
  r.y.resize(B, s.out_features());
  for (int o = 0; o < s.out_channels; ++o)
    for (int p = 0; p < oh * ow; ++p) r.y.col(static_cast<long>(o) * oh * ow + p).setConstant(params[n_weights + o]);
  r.dx = Mat<double>::Zero(B, s.in_features());
  r.dw.assign(n_weights, 0.0);
  r.db.assign(static_cast<size_t>(s.out_channels), 0.0);
  for (const Link& l : links(s))
    for (int c = 0; c < s.in_channels; ++c)
      for (int o = 0; o < s.out_channels; ++o) {
        const long wi = weight_at(s, c, o, l.u, l.v);
        const long xi = at(c, l.c_pixel_h, l.c_pixel_w, s.in_height, s.in_width), yi = at(o, l.out_h, l.out_w, oh, ow);
        for (int b = 0; b < B; ++b) {
          r.y(b, yi) += params[static_cast<size_t>(wi)] * x(b, xi);
          r.dx(b, xi) += params[static_cast<size_t>(wi)] * dy(b, yi);
          r.dw[static_cast<size_t>(wi)] += x(b, xi) * dy(b, yi);
        }
      }
  for (int o = 0; o < s.out_channels; ++o)
    for (int p = 0; p < oh * ow; ++p) r.db[static_cast<size_t>(o)] += dy.col(static_cast<long>(o) * oh * ow + p).sum();
  return r;
}

struct Case {
  ConvShape shape;
  int batch;
};

std::string name(const Case& c) {
  const ConvShape& s = c.shape;
  return std::string(s.transposed ? "ConvT " : "Conv ") + std::to_string(s.in_channels) + "->" +
         std::to_string(s.out_channels) + " on " + std::to_string(s.in_height) + "x" + std::to_string(s.in_width) +
         ", k" + std::to_string(s.kernel) + " s" + std::to_string(s.stride) + " p" + std::to_string(s.padding) + " op" +
         std::to_string(s.output_padding) + ", batch " + std::to_string(c.batch);
}

std::vector<Case> awkward_cases() {
  auto conv = [](int ci, int co, int h, int w, int k, int s, int p, int batch) {
    return Case{ConvShape{ci, co, h, w, k, s, p, 0, false}, batch};
  };
  auto convt = [](int ci, int co, int h, int w, int k, int s, int p, int op, int batch) {
    return Case{ConvShape{ci, co, h, w, k, s, p, op, true}, batch};
  };
  return {conv(1, 32, 28, 28, 3, 2, 0, 33),     // the conv VAE's first layer, a batch of 33
          conv(32, 64, 13, 13, 3, 2, 0, 64),    // its second
          conv(3, 5, 9, 7, 3, 2, 1, 17),        // padding, odd sizes
          conv(13, 17, 6, 5, 3, 1, 0, 1),       // one image
          conv(4, 6, 7, 7, 2, 3, 1, 20),        // kernel 2, stride 3
          convt(32, 64, 7, 7, 3, 2, 1, 1, 64),  // the decoder's first transposed convolution
          convt(5, 3, 4, 5, 3, 2, 1, 1, 7),
          convt(6, 1, 9, 9, 3, 1, 1, 0, 31),    // one output channel, as the decoder's last
          convt(2, 7, 3, 4, 3, 3, 0, 2, 16),    // stride 3, output padding 2
          convt(3, 4, 5, 5, 4, 2, 1, 0, 5)};    // kernel 4
}

double max_abs(const Mat<double>& m) { return m.cwiseAbs().maxCoeff(); }

// One chunk of planes (model/planes.hpp) from an (h, C * pixels) matrix: a spare column after
// each channel's pixels; and back.
template <typename S>
Mat<S> padded(const Mat<S>& m, const PlanesShape& p) {
  Mat<S> out = Mat<S>::Zero(m.rows(), p.columns_per_chunk());
  for (int c = 0; c < p.channels; ++c) out.middleCols(static_cast<long>(c) * (p.pixels + 1), p.pixels) = m.middleCols(static_cast<long>(c) * p.pixels, p.pixels);
  return out;
}

template <typename S>
Mat<S> unpadded(const Mat<S>& m, const PlanesShape& p) {
  EXPECT_EQ(m.cols(), p.columns_per_chunk());
  Mat<S> out(m.rows(), p.features());
  for (int c = 0; c < p.channels; ++c) {
    out.middleCols(static_cast<long>(c) * p.pixels, p.pixels) = m.middleCols(static_cast<long>(c) * (p.pixels + 1), p.pixels);
    EXPECT_EQ(m.col(static_cast<long>(c) * (p.pixels + 1) + p.pixels).cwiseAbs().maxCoeff(), S(0)) << "spare column";
  }
  return out;
}

template <typename S>
void expect_matches_reference(const Case& c, double tolerance) {
  const ConvShape& s = c.shape;
  Rng rng(31);
  Conv2d<S> layer(s, false);
  std::vector<double> params(layer.size());
  for (double& p : params) p = rng.uniform(-1, 1);
  Mat<double> x(c.batch, s.in_features()), dy(c.batch, s.out_features());
  for (Eigen::Index i = 0; i < x.size(); ++i) x.data()[i] = rng.uniform01() < 0.3 ? 0.0 : rng.normal();
  for (Eigen::Index i = 0; i < dy.size(); ++i) dy.data()[i] = rng.normal();
  const Reference ref = reference(s, params, x, dy);

  std::vector<S> p(params.begin(), params.end()), g(params.size(), S(0));
  layer.bind(p.data(), g.data());
  Mat<S> y_planes, dx_planes;
  const Mat<S> x_s = padded<S>(x.cast<S>(), layer.in_planes()), dy_s = padded<S>(dy.cast<S>(), layer.out_planes());
  layer.forward(x_s, y_planes);
  layer.backward(x_s, dy_s, &dx_planes);
  Mat<S> y = unpadded(y_planes, layer.out_planes()), dx = unpadded(dx_planes, layer.in_planes());
  // Errors grow with the length of the sums; judge them against the size of the results.
  auto check = [&](double err, double scale, const char* what) {
    EXPECT_LE(err, tolerance * std::max(1.0, scale)) << name(c) << ": " << what;
  };
  check(max_abs(y.template cast<double>() - ref.y), max_abs(ref.y), "output");
  check(max_abs(dx.template cast<double>() - ref.dx), max_abs(ref.dx), "input gradient");
  const size_t n_weights = ref.dw.size();
  double dw_err = 0, dw_scale = 0, db_err = 0, db_scale = 0;
  for (size_t i = 0; i < n_weights; ++i) {
    dw_err = std::max(dw_err, std::abs(static_cast<double>(g[i]) - ref.dw[i]));
    dw_scale = std::max(dw_scale, std::abs(ref.dw[i]));
  }
  for (size_t o = 0; o < ref.db.size(); ++o) {
    db_err = std::max(db_err, std::abs(static_cast<double>(g[n_weights + o]) - ref.db[o]));
    db_scale = std::max(db_scale, std::abs(ref.db[o]));
  }
  check(dw_err, dw_scale, "weight gradient");
  check(db_err, db_scale, "bias gradient");

  // The ReLU variant clamps the same output at 0.
  Conv2d<S> relu_layer(s, true);
  relu_layer.bind(p.data(), g.data());
  Mat<S> y_relu;
  relu_layer.forward(x_s, y_planes);
  y_relu = unpadded(y_planes, layer.out_planes());
  check(max_abs(y_relu.template cast<double>() - ref.y.cwiseMax(0.0)), max_abs(ref.y), "output after ReLU");
  // After a ReLU, the input gradient is written through it: zero where the input is not positive.
  relu_layer.set_input_after_relu(true);
  relu_layer.backward(x_s, dy_s, &dx_planes);
  dx = unpadded(dx_planes, layer.in_planes());
  const Mat<double> through = ref.dx.array() * (x.array() > 0.0).cast<double>();
  check(max_abs(dx.template cast<double>() - through), max_abs(ref.dx), "input gradient through the input's ReLU");
}

TEST(Conv, FloatKernelsMatchTheNaiveDefinition) {
  for (const Case& c : awkward_cases()) expect_matches_reference<float>(c, 2e-5);
}

TEST(Conv, DoublePathMatchesTheNaiveDefinition) {
  for (const Case& c : awkward_cases()) expect_matches_reference<double>(c, 1e-12);
}

TEST(Conv, ShapesFollowPyTorch) {
  // The conv VAE: 28 -> 13 -> 6 down; 7 -> 14 -> 28 -> 28 up.
  EXPECT_EQ((ConvShape{1, 32, 28, 28, 3, 2, 0, 0, false}.out_height()), 13);
  EXPECT_EQ((ConvShape{32, 64, 13, 13, 3, 2, 0, 0, false}.out_height()), 6);
  EXPECT_EQ((ConvShape{32, 64, 7, 7, 3, 2, 1, 1, true}.out_height()), 14);
  EXPECT_EQ((ConvShape{64, 32, 14, 14, 3, 2, 1, 1, true}.out_height()), 28);
  EXPECT_EQ((ConvShape{32, 1, 28, 28, 3, 1, 1, 0, true}.out_height()), 28);
}

// The double layer's backward is the derivative of its forward, ReLU included: parameters and input.
TEST(Conv, GradientsMatchFiniteDifferences) {
  for (const bool transposed : {false, true}) {
    const ConvShape s = transposed ? ConvShape{3, 2, 3, 4, 3, 2, 1, 1, true} : ConvShape{2, 3, 6, 5, 3, 2, 1, 0, false};
    Rng rng(41);
    Conv2d<double> layer(s, true);
    Vec<double> params(static_cast<Eigen::Index>(layer.size())), grads = Vec<double>::Zero(params.size());
    layer.bind(params.data(), grads.data());
    layer.init(rng);
    const int B = 3;
    Mat<double> x(B, s.in_features()), w(B, s.out_features()), y, dx;
    for (Eigen::Index i = 0; i < x.size(); ++i) x.data()[i] = rng.normal();
    for (Eigen::Index i = 0; i < w.size(); ++i) w.data()[i] = rng.normal();
    x = padded(x, layer.in_planes());
    w = padded(w, layer.out_planes());  // zero on the spare columns, so they add nothing
    auto f = [&] {
      layer.forward(x, y);
      return (y.array() * w.array()).sum();
    };
    f();
    Mat<double> dy = w;
    relu_backward(y, dy);  // backward takes the gradient before the layer's ReLU
    layer.backward(x, dy, &dx);
    const auto r = fd_check(params, grads, f, all_indices(params.size()));
    EXPECT_GT(r.checked, static_cast<int>(params.size()) / 2) << (transposed ? "transposed" : "plain");
    Vec<double> x_flat = Eigen::Map<Vec<double>>(x.data(), x.size());
    const Vec<double> dx_flat = Eigen::Map<Vec<double>>(dx.data(), dx.size());
    auto fx = [&] {
      const Mat<double> xx = Eigen::Map<Mat<double>>(x_flat.data(), B, layer.in_planes().columns_per_chunk());
      layer.forward(xx, y);
      return (y.array() * w.array()).sum();
    };
    const auto rx = fd_check(x_flat, dx_flat, fx, all_indices(x_flat.size()));
    EXPECT_GT(rx.checked, static_cast<int>(x_flat.size()) / 2) << (transposed ? "transposed" : "plain");
  }
}

}  // namespace
}  // namespace lex
