// A greyscale texture of fixed capacity for decoded digits: the N x N grid atlas (one texture, the
// cells written side by side) and the single-image previews. One byte per pixel on the GPU
// (GL_R8), swizzled to grey so ImGui's shader shows it as is. Allocated once; updates go through
// glTexSubImage2D, so changing the grid size never reallocates.
#pragma once
#include <cstdint>
#include <vector>

#include "gl/gl.hpp"
#include "imgui.h"

namespace lex::gui {

class ImageTexture {
 public:
  ImageTexture(int capacity_width, int capacity_height);
  ~ImageTexture();
  ImageTexture(const ImageTexture&) = delete;
  ImageTexture& operator=(const ImageTexture&) = delete;

  // The CPU-side pixels, row-major, capacity_width per row. Fill, then upload the used corner.
  uint8_t* pixels() { return pixels_.data(); }
  int stride() const { return capacity_width_; }
  void upload(int used_width, int used_height);

  ImTextureID id() const { return reinterpret_cast<ImTextureID>(static_cast<uintptr_t>(texture_)); }
  // The texture coordinates of the used corner, for ImGui::Image.
  ImVec2 uv_max() const {
    return {static_cast<float>(used_width_) / capacity_width_, static_cast<float>(used_height_) / capacity_height_};
  }

 private:
  GLuint texture_ = 0;
  int capacity_width_, capacity_height_;
  int used_width_ = 0, used_height_ = 0;
  std::vector<uint8_t> pixels_;
};

}  // namespace lex::gui
