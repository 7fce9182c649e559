#include "model/linear.hpp"

namespace lex {

template <typename S>
void InputLinear<S>::index_by_sample(const Mat<S>& x) {
  const int rows = static_cast<int>(x.rows()), cols = static_cast<int>(x.cols());
  col_start_.assign(cols + 1, 0);
  row_.clear();
  val_.clear();
  row_.reserve(static_cast<size_t>(rows) * cols / 4);
  val_.reserve(static_cast<size_t>(rows) * cols / 4);
  for (int c = 0; c < cols; ++c) {
    const S* col = x.data() + static_cast<size_t>(c) * rows;
    for (int r = 0; r < rows; ++r)
      if (col[r] != S(0)) {
        row_.push_back(r);
        val_.push_back(col[r]);
      }
    col_start_[c + 1] = static_cast<int>(row_.size());
  }
}

template <typename S>
void InputLinear<S>::index_by_pixel(const Mat<S>& x) {
  // Counting sort of the by-sample index; keeps samples in increasing order within a pixel so
  // the sum order, and so the rounding, is fixed.
  const int rows = static_cast<int>(x.rows()), cols = static_cast<int>(x.cols());
  pix_start_.assign(rows + 1, 0);
  for (int r : row_) ++pix_start_[r + 1];
  for (int r = 0; r < rows; ++r) pix_start_[r + 1] += pix_start_[r];
  pix_col_.resize(row_.size());
  pix_val_.resize(row_.size());
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
  const double density = x.size() ? static_cast<double>(row_.size()) / static_cast<double>(x.size()) : 1.0;
  sparse_ = density < kSparseBelowDensity;
  if (!sparse_) {
    dense_.forward(x, y);
    return;
  }
  const auto W = dense_.W();
  const auto b = dense_.b();
  const int cols = static_cast<int>(x.cols());
  y.resize(dense_.out(), cols);
#pragma omp parallel for schedule(static) num_threads(threads_) if (threads_ > 1)
  for (int c = 0; c < cols; ++c) {
    auto yc = y.col(c);
    yc = b;
    int k = col_start_[c];
    const int end = col_start_[c + 1];
    // Four non-zeros per pass: one load and store of y_c for four columns of W.
    for (; k + 4 <= end; k += 4)
      yc.noalias() += val_[k] * W.col(row_[k]) + val_[k + 1] * W.col(row_[k + 1]) +
                      val_[k + 2] * W.col(row_[k + 2]) + val_[k + 3] * W.col(row_[k + 3]);
    for (; k < end; ++k) yc.noalias() += val_[k] * W.col(row_[k]);
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
#pragma omp parallel for schedule(dynamic, 16) num_threads(threads_) if (threads_ > 1)
  for (int p = 0; p < rows; ++p) {
    int k = pix_start_[p];
    const int end = pix_start_[p + 1];
    if (k == end) continue;
    auto dwp = dW.col(p);
    for (; k + 4 <= end; k += 4)
      dwp.noalias() += pix_val_[k] * dy.col(pix_col_[k]) + pix_val_[k + 1] * dy.col(pix_col_[k + 1]) +
                       pix_val_[k + 2] * dy.col(pix_col_[k + 2]) + pix_val_[k + 3] * dy.col(pix_col_[k + 3]);
    for (; k < end; ++k) dwp.noalias() += pix_val_[k] * dy.col(pix_col_[k]);
  }
}

template class InputLinear<float>;
template class InputLinear<double>;

}  // namespace lex
