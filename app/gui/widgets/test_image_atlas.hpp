// A data set's test images in one grey texture, for the scatter's thumbnails. Built the first time
// a scatter asks for it and shared by every scatter of the same data (the compare view's three or
// four): 10,000 MNIST digits are one 2,800 x 2,800 texture, made once, not per frame or per model.
#pragma once
#include <memory>

#include "data/dataset.hpp"
#include "widgets/image_atlas.hpp"

namespace lex::gui {

class TestImageAtlas {
 public:
  // The atlas of data's test images, made now if no scatter holds one.
  static std::shared_ptr<const TestImageAtlas> of(const std::shared_ptr<const DataSplit>& data);

  const DataSplit* data() const { return data_; }
  // The first count() test images are in it: all of them unless the texture would exceed
  // kMaxTextureSide a side (large images of a big image folder). Cell count() is white.
  int count() const { return count_; }
  ImTextureID id() const { return atlas_.id(); }
  ImVec2 uv_min(int index) const { return atlas_.uv_min(index % columns_, index / columns_); }
  ImVec2 uv_max(int index) const { return atlas_.uv_max(index % columns_, index / columns_); }
  // A point inside a white cell: a quad sampling it, tinted, is a solid colour drawn from the same
  // texture, so frames and images interleave in one draw call.
  ImVec2 uv_white() const;

  explicit TestImageAtlas(const DataSplit& data);

 private:
  static constexpr int kMaxTextureSide = 8192;  // what OpenGL 3.3 hardware and llvmpipe all allow
  const DataSplit* data_;
  int columns_ = 1, count_ = 0;
  ImageAtlas atlas_;
};

}  // namespace lex::gui
