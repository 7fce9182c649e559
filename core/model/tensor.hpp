// Eigen type names used across the model. Batches are columns: a (features, B) matrix holds B
// samples, so a sample is contiguous and a layer is y = W x.
#pragma once
#include <Eigen/Core>

namespace lex {

template <typename S> using Mat = Eigen::Matrix<S, Eigen::Dynamic, Eigen::Dynamic>;
template <typename S> using Vec = Eigen::Matrix<S, Eigen::Dynamic, 1>;
template <typename S> using MatMap = Eigen::Map<Mat<S>>;
template <typename S> using VecMap = Eigen::Map<Vec<S>>;
template <typename S> using ConstMatMap = Eigen::Map<const Mat<S>>;
template <typename S> using ConstVecMap = Eigen::Map<const Vec<S>>;

}  // namespace lex
