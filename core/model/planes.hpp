// The layout of the convolutional layers ("planes") and the steps into and out of it.
//
// Dense layers take a batch of B images as columns, (F, B). Convolutions take it in chunks of
// h = min(B, kPlaneChunk) images, as an h-row column-major matrix: chunk after chunk, and in each
// chunk channel after channel, the channel's plane (one column per pixel, its row r image
// k h + r) followed by one spare column. Within a chunk the images are innermost, which is what
// the convolution kernels want (model/conv.hpp says why, and why chunks).
// The spare column: without it a plane of 28 x 28 pixels of 32 images is 100,352 bytes, 2 KB
// past a multiple of 4 KB, so the 32 channels of one pixel fall into two L1 set groups and evict
// each other; one column (128 bytes) further on, they spread over all of them. It holds zeros.
// When h does not divide B, the last chunk is padded with images of zeros: the
// convolutions run on them (they stay finite and cost at most a chunk); FromPlanes drops them on
// the way forward and gives them zero gradient on the way back, and ToPlanes' backward drops
// theirs, so they touch no result.
//
// A FromPlanes needs to know how many real images the planes hold: it shares a PlanesBatch with
// the ToPlanes that made them, which records B at every forward().
#pragma once
#include <memory>

#include "model/layer.hpp"

namespace lex {

inline constexpr int kPlaneChunk = 32;

// Where things are in planes of `channels` planes of `pixels` pixels, for chunks of h images.
struct PlanesShape {
  int channels = 1, pixels = 1;
  long channel_stride(int h) const { return static_cast<long>(pixels + 1) * h; }  // the spare column
  long chunk_size(int h) const { return channels * channel_stride(h); }
  long columns_per_chunk() const { return static_cast<long>(channels) * (pixels + 1); }
  int features() const { return channels * pixels; }
};

// Zeroes the spare column of every channel of every chunk of y (h rows).
template <typename S>
void zero_spare_columns(Mat<S>& y, const PlanesShape& shape);

struct PlanesBatch {
  int images = 0;
};

// (F, B) -> planes.
template <typename S>
class ToPlanes final : public Layer<S> {
 public:
  ToPlanes(PlanesShape shape, std::shared_ptr<PlanesBatch> batch) : shape_(shape), batch_(std::move(batch)) {}
  void forward(const Mat<S>& x, Mat<S>& y) override;
  void backward(const Mat<S>& x, const Mat<S>& dy, Mat<S>* dx) override;

 private:
  PlanesShape shape_;
  std::shared_ptr<PlanesBatch> batch_;
};

// Planes -> (F, B), the padding dropped.
template <typename S>
class FromPlanes final : public Layer<S> {
 public:
  FromPlanes(PlanesShape shape, std::shared_ptr<const PlanesBatch> batch) : shape_(shape), batch_(std::move(batch)) {}
  void forward(const Mat<S>& x, Mat<S>& y) override;
  void backward(const Mat<S>& x, const Mat<S>& dy, Mat<S>* dx) override;

 private:
  PlanesShape shape_;
  std::shared_ptr<const PlanesBatch> batch_;
};

}  // namespace lex
