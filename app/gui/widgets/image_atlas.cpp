#include "widgets/image_atlas.hpp"

#include <algorithm>
#include <cassert>

#include "common/image_bytes.hpp"

namespace lex::gui {

bool ImageAtlas::reserve(const ImageShape& shape, int columns, int rows) {
  if (texture_ && shape == shape_ && columns <= columns_ && rows <= rows_) return false;
  shape_ = shape;
  columns_ = std::max(columns, 1);
  rows_ = std::max(rows, 1);
  texture_ = std::make_unique<ImageTexture>(columns_ * shape.width, rows_ * shape.height);
  used_columns_ = used_rows_ = 0;
  return true;
}

void ImageAtlas::put(int column, int row, const float* pixels) {
  assert(texture_ && column >= 0 && column < columns_ && row >= 0 && row < rows_ && "reserve() first");
  uint8_t* at = texture_->pixels() + static_cast<long>(row) * shape_.height * texture_->stride() + column * shape_.width;
  app::write_grey(pixels, shape_, at, texture_->stride());
  used_columns_ = std::max(used_columns_, column + 1);
  used_rows_ = std::max(used_rows_, row + 1);
}

void ImageAtlas::upload() { texture_->upload(used_columns_ * shape_.width, used_rows_ * shape_.height); }

ImVec2 ImageAtlas::uv_min(int column, int row) const {
  return {static_cast<float>(column) / columns_, static_cast<float>(row) / rows_};
}

ImVec2 ImageAtlas::uv_max(int column, int row, int columns, int rows) const {
  return {static_cast<float>(column + columns) / columns_, static_cast<float>(row + rows) / rows_};
}

}  // namespace lex::gui
