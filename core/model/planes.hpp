// The layout of the convolutional layers ("planes") and the steps into and out of it.
//
// Dense layers take a batch of B images as columns, (F, B). Convolutions take it in chunks of
// h = min(B, kPlaneChunk) images, as an (h, F * chunks) column-major matrix: chunk k is the
// (h, F) block of columns [k F, (k + 1) F), its row r image k h + r. Within a chunk the images
// are innermost, which is what the convolution kernels want (model/conv.hpp says why, and why
// chunks). When h does not divide B, the last chunk is padded with images of zeros: the
// convolutions run on them (they stay finite and cost at most a chunk), ToPlanes makes their
// gradient zero on the way back, and FromPlanes drops them, so they touch no result.
//
// A FromPlanes needs to know how many real images the planes hold: it shares a PlanesBatch with
// the ToPlanes that made them, which records B at every forward().
#pragma once
#include <memory>

#include "model/layer.hpp"

namespace lex {

inline constexpr int kPlaneChunk = 32;

struct PlanesBatch {
  int images = 0;
};

// (F, B) -> planes.
template <typename S>
class ToPlanes final : public Layer<S> {
 public:
  ToPlanes(int features, std::shared_ptr<PlanesBatch> batch) : features_(features), batch_(std::move(batch)) {}
  void forward(const Mat<S>& x, Mat<S>& y) override;
  void backward(const Mat<S>& x, const Mat<S>& dy, Mat<S>* dx) override;

 private:
  int features_;
  std::shared_ptr<PlanesBatch> batch_;
};

// Planes -> (F, B), the padding dropped.
template <typename S>
class FromPlanes final : public Layer<S> {
 public:
  FromPlanes(int features, std::shared_ptr<const PlanesBatch> batch) : features_(features), batch_(std::move(batch)) {}
  void forward(const Mat<S>& x, Mat<S>& y) override;
  void backward(const Mat<S>& x, const Mat<S>& dy, Mat<S>* dx) override;

 private:
  int features_;
  std::shared_ptr<const PlanesBatch> batch_;
};

}  // namespace lex
