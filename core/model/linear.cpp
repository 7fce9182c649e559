#include "model/linear.hpp"

#include "model/scaled_columns.hpp"

#include <type_traits>
#if defined(__AVX512F__)
#include <immintrin.h>
#endif

namespace lex {

template <typename S>
void InputLinear<S>::index_by_sample(const Mat<S>& x) {
  const int rows = static_cast<int>(x.rows()), cols = static_cast<int>(x.cols());
  col_start_.assign(cols + 1, 0);
  // Sized for the worst case (every input non-zero) so the scan can write without checks.
  row_.resize(static_cast<size_t>(rows) * cols);
  val_.resize(static_cast<size_t>(rows) * cols);
  int* row_out = row_.data();
  S* val_out = val_.data();
  int nnz = 0;
  for (int c = 0; c < cols; ++c) {
    const S* col = x.data() + static_cast<size_t>(c) * rows;
    int r = 0;
#if defined(__AVX512F__)
    if constexpr (std::is_same_v<S, float>) {
      // 16 pixels at a time: compare with zero, compress the non-zeros and their row numbers.
      const __m512i step = _mm512_set1_epi32(16);
      __m512i rows_vec = _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
      for (; r + 16 <= rows; r += 16) {
        const __m512 v = _mm512_loadu_ps(col + r);
        const __mmask16 nonzero = _mm512_cmp_ps_mask(v, _mm512_setzero_ps(), _CMP_NEQ_UQ);
        _mm512_mask_compressstoreu_ps(val_out + nnz, nonzero, v);
        _mm512_mask_compressstoreu_epi32(row_out + nnz, nonzero, rows_vec);
        nnz += __builtin_popcount(nonzero);
        rows_vec = _mm512_add_epi32(rows_vec, step);
      }
    }
#endif
    for (; r < rows; ++r)
      if (col[r] != S(0)) {
        row_out[nnz] = r;
        val_out[nnz] = col[r];
        ++nnz;
      }
    col_start_[c + 1] = nnz;
  }
  nnz_ = nnz;
}

template <typename S>
void InputLinear<S>::index_by_pixel(const Mat<S>& x) {
  // Counting sort of the by-sample index; keeps samples in increasing order within a pixel so
  // the sum order, and so the rounding, is fixed.
  const int rows = static_cast<int>(x.rows()), cols = static_cast<int>(x.cols());
  pix_start_.assign(rows + 1, 0);
  for (int k = 0; k < nnz_; ++k) ++pix_start_[row_[k] + 1];
  for (int r = 0; r < rows; ++r) pix_start_[r + 1] += pix_start_[r];
  pix_col_.resize(static_cast<size_t>(nnz_));
  pix_val_.resize(static_cast<size_t>(nnz_));
  std::vector<int> fill(pix_start_.begin(), pix_start_.end() - 1);
  for (int c = 0; c < cols; ++c)
    for (int k = col_start_[c]; k < col_start_[c + 1]; ++k) {
      const int at = fill[row_[k]]++;
      pix_col_[at] = c;
      pix_val_[at] = val_[k];
    }
}

template <typename S>
void InputLinear<S>::forward(const Mat<S>& x, Mat<S>& y) {
  index_by_sample(x);
  const double density = x.size() ? static_cast<double>(nnz_) / static_cast<double>(x.size()) : 1.0;
  sparse_ = density < kSparseBelowDensity;
  if (!sparse_) {
    dense_.forward(x, y);
    return;
  }
  const auto W = dense_.W();
  const auto b = dense_.b();
  const int cols = static_cast<int>(x.cols());
  const int out = dense_.out();
  y.resize(out, cols);
  for (int c = 0; c < cols; ++c) {
    S* yc = y.data() + static_cast<long>(c) * out;
    for (int i = 0; i < out; ++i) yc[i] = b(i);
    const int k = col_start_[c];
    add_scaled_columns(yc, W.data(), out, out, row_.data() + k, val_.data() + k, col_start_[c + 1] - k);
  }
}

template <typename S>
void InputLinear<S>::backward(const Mat<S>& x, const Mat<S>& dy) {
  if (!sparse_) {
    dense_.backward(x, dy, nullptr);
    return;
  }
  index_by_pixel(x);
  auto dW = dense_.dW();
  dense_.db() += dy.rowwise().sum();
  const int rows = static_cast<int>(x.rows());
  for (int p = 0; p < rows; ++p) {
    const int k = pix_start_[p];
    add_scaled_columns(dW.data() + static_cast<long>(p) * dW.rows(), dy.data(), dy.rows(), static_cast<int>(dy.rows()),
                       pix_col_.data() + k, pix_val_.data() + k, pix_start_[p + 1] - k);
  }
}

template class InputLinear<float>;
template class InputLinear<double>;

}  // namespace lex
