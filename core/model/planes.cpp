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

// (F, B) -> planes of h = min(B, kPlaneChunk) rows, padding rows and spare columns zero.
template <typename S>
void to_planes(const Mat<S>& a, const PlanesShape& shape, Mat<S>& out) {
  const int images = static_cast<int>(a.cols()), F = shape.features();
  if (images == 0) return out.resize(0, 0);
  const int h = std::min(images, kPlaneChunk), chunks = (images + h - 1) / h;
  out.setZero(h, shape.columns_per_chunk() * chunks);
  for (int k = 0; k < chunks; ++k) {
    const int rows = std::min(h, images - k * h);
    for (int c = 0; c < shape.channels; ++c)
      transpose_block(shape.pixels, rows, a.data() + static_cast<long>(k) * h * F + static_cast<long>(c) * shape.pixels, F,
                      out.data() + k * shape.chunk_size(h) + c * shape.channel_stride(h), h);
  }
}

// Planes -> (F, images), the padding rows dropped.
template <typename S>
void from_planes(const Mat<S>& p, const PlanesShape& shape, int images, Mat<S>& out) {
  const int h = static_cast<int>(p.rows()), F = shape.features();
  const int chunks = static_cast<int>(p.cols() / shape.columns_per_chunk());
  out.resize(F, images);
  for (int k = 0; k < chunks; ++k) {
    const int rows = std::min(h, images - k * h);
    for (int c = 0; c < shape.channels; ++c)
      transpose_block(rows, shape.pixels, p.data() + k * shape.chunk_size(h) + c * shape.channel_stride(h), h,
                      out.data() + static_cast<long>(k) * h * F + static_cast<long>(c) * shape.pixels, F);
  }
}

}  // namespace

template <typename S>
void zero_spare_columns(Mat<S>& y, const PlanesShape& shape) {
  const int h = static_cast<int>(y.rows());
  const long chunks = y.cols() / shape.columns_per_chunk();
  for (long k = 0; k < chunks; ++k)
    for (int c = 0; c < shape.channels; ++c) {
      S* spare = y.data() + k * shape.chunk_size(h) + c * shape.channel_stride(h) + static_cast<long>(shape.pixels) * h;
      std::fill(spare, spare + h, S(0));
    }
}

template <typename S>
void ToPlanes<S>::forward(const Mat<S>& x, Mat<S>& y) {
  batch_->images = static_cast<int>(x.cols());
  to_planes(x, shape_, y);
}

template <typename S>
void ToPlanes<S>::backward(const Mat<S>& x, const Mat<S>& dy, Mat<S>* dx) {
  if (!dx) return;
  from_planes(dy, shape_, static_cast<int>(x.cols()), *dx);
  if (this->input_after_relu_) relu_backward(x, *dx);
}

template <typename S>
void FromPlanes<S>::forward(const Mat<S>& x, Mat<S>& y) {
  from_planes(x, shape_, batch_->images, y);
}

template <typename S>
void FromPlanes<S>::backward(const Mat<S>& x, const Mat<S>& dy, Mat<S>* dx) {
  if (!dx) return;
  to_planes(dy, shape_, *dx);  // zero gradient for the padding images
  if (this->input_after_relu_) relu_backward(x, *dx);
}

template void zero_spare_columns(Mat<float>&, const PlanesShape&);
template void zero_spare_columns(Mat<double>&, const PlanesShape&);
template class ToPlanes<float>;
template class ToPlanes<double>;
template class FromPlanes<float>;
template class FromPlanes<double>;

}  // namespace lex
