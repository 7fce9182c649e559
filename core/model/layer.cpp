#include "model/layer.hpp"

#include <algorithm>

namespace lex {


template <typename S>
void Transpose<S>::transpose_into(const Mat<S>& a, Mat<S>& out) {
  // In 16 x 16 blocks, so that both the reads and the writes run along cache lines.
  const Eigen::Index rows = a.rows(), cols = a.cols();
  out.resize(cols, rows);
  constexpr Eigen::Index kBlock = 16;
  for (Eigen::Index j0 = 0; j0 < cols; j0 += kBlock)
    for (Eigen::Index i0 = 0; i0 < rows; i0 += kBlock) {
      const Eigen::Index i1 = std::min(rows, i0 + kBlock), j1 = std::min(cols, j0 + kBlock);
      for (Eigen::Index i = i0; i < i1; ++i)
        for (Eigen::Index j = j0; j < j1; ++j) out(j, i) = a(i, j);
    }
}

template class Transpose<float>;
template class Transpose<double>;

}  // namespace lex
