// Images of one shape laid out as cells of one grey texture: the decoded grid, the strips, the
// style x class grid, a single preview. The texture is made again only when the image shape
// changes or more cells are needed than it holds; drawing a cell is one textured quad.
#pragma once
#include <memory>

#include "gl/image_texture.hpp"
#include "imgui.h"
#include "model/arch.hpp"

namespace lex::gui {

class ImageAtlas {
 public:
  // Room for columns x rows images of this shape. True if the texture was made anew (its cells
  // are blank).
  bool reserve(const ImageShape& shape, int columns, int rows);
  bool ready() const { return texture_ != nullptr; }

  // Cell (column, row) from pixel values in [0, 1] in the model's layout (common/image_bytes.hpp).
  void put(int column, int row, const float* pixels);
  // Sends the cells written since the last upload to the GPU.
  void upload();

  ImTextureID id() const { return texture_->id(); }
  // A block of cells [column, column + columns) x [row, row + rows), in texture coordinates.
  ImVec2 uv_min(int column, int row) const;
  ImVec2 uv_max(int column, int row, int columns = 1, int rows = 1) const;

 private:
  ImageShape shape_;
  int columns_ = 0, rows_ = 0;
  int used_columns_ = 0, used_rows_ = 0;
  std::unique_ptr<ImageTexture> texture_;
};

}  // namespace lex::gui
