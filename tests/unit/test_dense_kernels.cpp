// The hand-written float products (model/dense_kernels.hpp) against Eigen in double, on shapes
// that exercise every edge: rows not a multiple of 32 or 16, columns not a multiple of the tile
// widths, k not a multiple of 16, and the layer shapes the model actually uses. The float
// layers use these kernels, so the gradient checks (in double, through Eigen) do not cover them.
#include <gtest/gtest.h>

#include <tuple>
#include <vector>

#include "model/dense_kernels.hpp"
#include "model/linear.hpp"
#include "model/tensor.hpp"
#include "util/rng.hpp"

namespace lex {
namespace {

using MatD = Eigen::MatrixXd;

Mat<float> random_matrix(int rows, int cols, Rng& rng) {
  Mat<float> m(rows, cols);
  for (Eigen::Index i = 0; i < m.size(); ++i) m.data()[i] = static_cast<float>(rng.uniform(-1, 1));
  return m;
}

// |got - want| within a few float roundings of the sum's magnitude.
void expect_close(const Mat<float>& got, const MatD& want, int k, const char* what) {
  ASSERT_EQ(got.rows(), want.rows());
  ASSERT_EQ(got.cols(), want.cols());
  const double tolerance = 1e-6 * (k + 1) * 4;
  for (Eigen::Index j = 0; j < want.cols(); ++j)
    for (Eigen::Index i = 0; i < want.rows(); ++i)
      ASSERT_NEAR(got(i, j), want(i, j), tolerance) << what << " at (" << i << ", " << j << ")";
}

const std::vector<std::tuple<int, int, int>> kShapes = {
    {1, 1, 1},     {5, 4, 16},     {16, 12, 15},  {17, 5, 3},     {31, 13, 17},   {32, 12, 33},
    {33, 25, 40},  {40, 128, 400}, {400, 128, 20}, {784, 128, 400}, {400, 96, 784}, {6, 7, 1}};

#if defined(LEX_HAVE_DENSE_KERNELS)
TEST(DenseKernels, ProductMatchesEigen) {
  Rng rng(7);
  for (const auto& [m, n, k] : kShapes) {
    const Mat<float> a = random_matrix(m, k, rng), b = random_matrix(k, n, rng);
    Mat<float> c(m, n);
    gemm_nn<false>(m, n, k, a.data(), m, b.data(), 1, k, c.data(), m);
    expect_close(c, a.cast<double>() * b.cast<double>(), k, "A B");
  }
}

TEST(DenseKernels, AccumulatedProductWithTransposeMatchesEigen) {
  Rng rng(8);
  for (const auto& [m, n, k] : kShapes) {
    const Mat<float> a = random_matrix(m, k, rng), bt = random_matrix(n, k, rng), c0 = random_matrix(m, n, rng);
    Mat<float> c = c0;
    gemm_nn<true>(m, n, k, a.data(), m, bt.data(), n, 1, c.data(), m);  // B = bt^T
    expect_close(c, c0.cast<double>() + a.cast<double>() * bt.cast<double>().transpose(), k, "C + A B^T");
  }
}

TEST(DenseKernels, TransposedProductMatchesEigen) {
  Rng rng(9);
  for (const auto& [m, n, k] : kShapes) {
    const Mat<float> a = random_matrix(k, m, rng), b = random_matrix(k, n, rng);
    Mat<float> c(m, n);
    gemm_tn(m, n, k, a.data(), k, b.data(), k, c.data(), m);
    expect_close(c, a.cast<double>().transpose() * b.cast<double>(), k, "A^T B");
  }
}

TEST(DenseKernels, TransposeMatchesEigen) {
  Rng rng(11);
  for (const auto& [m, n, k] : kShapes) {
    (void)k;
    const Mat<float> a = random_matrix(m, n, rng);
    Mat<float> b(n, m);
    transpose(m, n, a.data(), m, b.data(), n);
    ASSERT_EQ(b, a.transpose()) << m << " x " << n;
  }
}
#endif

// The float layer (which uses the kernels where the CPU has them) against the same layer in double,
// with few outputs (input gradient through a transposed copy of W) and many (dot products).
TEST(DenseKernels, FloatLayerMatchesDoubleLayer) {
  Rng rng(10);
  for (const int out : {45, Linear<float>::kMinDotLength + 22}) {
    const int in = 37, batch = 29;
    std::vector<float> pf((static_cast<size_t>(in) + 1) * out), gf(pf.size(), 0.0f);
    std::vector<double> pd(pf.size()), gd(pf.size(), 0.0);
    for (size_t i = 0; i < pf.size(); ++i) pd[i] = pf[i] = static_cast<float>(rng.uniform(-1, 1));
    Linear<float> lf(in, out);
    Linear<double> ld(in, out);
    lf.bind(pf.data(), gf.data());
    ld.bind(pd.data(), gd.data());
    const Mat<float> x = random_matrix(in, batch, rng), dy = random_matrix(out, batch, rng);
    Mat<float> y, dx;
    Mat<double> yd, dxd;
    lf.forward(x, y);
    ld.forward(x.cast<double>(), yd);
    expect_close(y, yd, in, "forward");
    lf.backward(x, dy, &dx);
    ld.backward(x.cast<double>(), dy.cast<double>(), &dxd);
    expect_close(dx, dxd, out, "input gradient");
    for (size_t i = 0; i < gf.size(); ++i) ASSERT_NEAR(gf[i], gd[i], 1e-4) << "weight gradient " << i << ", out " << out;
  }
}

}  // namespace
}  // namespace lex
