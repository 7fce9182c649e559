#include "model/planes.hpp"

#include <algorithm>
#include <type_traits>

#include "model/dense_kernels.hpp"

namespace lex {
namespace {

// b (n x m, ldb) = a^T for a (m x n, lda), column-major.
template <typename S>
void transpose_block(int m, int n, const S* a, long lda, S* b, long ldb) {
#if defined(LEX_HAVE_DENSE_KERNELS)
  if constexpr (std::is_same_v<S, float>) return transpose(m, n, a, lda, b, ldb);
#endif
  for (int j = 0; j < n; ++j)
    for (int i = 0; i < m; ++i) b[j + i * ldb] = a[i + j * lda];
}

// (F, B) -> planes of h = min(B, kPlaneChunk) rows, padding rows zero.
template <typename S>
void to_planes(const Mat<S>& a, int features, Mat<S>& out) {
  const int images = static_cast<int>(a.cols());
  const int h = std::min(images, kPlaneChunk), chunks = (images + h - 1) / h;
  out.resize(h, static_cast<Eigen::Index>(features) * chunks);
  for (int k = 0; k < chunks; ++k) {
    const int rows = std::min(h, images - k * h);
    S* chunk = out.data() + static_cast<long>(k) * h * features;
    transpose_block(features, rows, a.data() + static_cast<long>(k) * h * features, features, chunk, h);
    if (rows < h)
      for (int f = 0; f < features; ++f) std::fill(chunk + static_cast<long>(f) * h + rows, chunk + static_cast<long>(f + 1) * h, S(0));
  }
}

// Planes -> (F, images), the padding rows dropped.
template <typename S>
void from_planes(const Mat<S>& p, int features, int images, Mat<S>& out) {
  const int h = static_cast<int>(p.rows()), chunks = static_cast<int>(p.cols() / features);
  out.resize(features, images);
  for (int k = 0; k < chunks; ++k) {
    const int rows = std::min(h, images - k * h);
    transpose_block(rows, features, p.data() + static_cast<long>(k) * h * features, h,
                    out.data() + static_cast<long>(k) * h * features, features);
  }
}

}  // namespace

template <typename S>
void ToPlanes<S>::forward(const Mat<S>& x, Mat<S>& y) {
  batch_->images = static_cast<int>(x.cols());
  to_planes(x, features_, y);
}

template <typename S>
void ToPlanes<S>::backward(const Mat<S>& x, const Mat<S>& dy, Mat<S>* dx) {
  if (!dx) return;
  from_planes(dy, features_, static_cast<int>(x.cols()), *dx);
  if (this->input_after_relu_) relu_backward(x, *dx);
}

template <typename S>
void FromPlanes<S>::forward(const Mat<S>& x, Mat<S>& y) {
  from_planes(x, features_, batch_->images, y);
}

template <typename S>
void FromPlanes<S>::backward(const Mat<S>& x, const Mat<S>& dy, Mat<S>* dx) {
  if (!dx) return;
  to_planes(dy, features_, *dx);  // zero gradient for the padding images
  if (this->input_after_relu_) relu_backward(x, *dx);
}

template class ToPlanes<float>;
template class ToPlanes<double>;
template class FromPlanes<float>;
template class FromPlanes<double>;

}  // namespace lex
