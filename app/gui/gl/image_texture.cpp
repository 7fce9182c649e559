#include "gl/image_texture.hpp"

namespace lex::gui {

ImageTexture::ImageTexture(int capacity_width, int capacity_height)
    : capacity_width_(capacity_width),
      capacity_height_(capacity_height),
      pixels_(static_cast<size_t>(capacity_width) * capacity_height, 0) {
  glGenTextures(1, &texture_);
  glBindTexture(GL_TEXTURE_2D, texture_);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_R8, capacity_width, capacity_height, 0, GL_RED, GL_UNSIGNED_BYTE, pixels_.data());
  // Nearest: digits are shown magnified, and crisp pixels are what the model actually outputs.
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  const GLint grey[4] = {GL_RED, GL_RED, GL_RED, GL_ONE};
  glTexParameteriv(GL_TEXTURE_2D, GL_TEXTURE_SWIZZLE_RGBA, grey);
  glBindTexture(GL_TEXTURE_2D, 0);
}

ImageTexture::~ImageTexture() { glDeleteTextures(1, &texture_); }

void ImageTexture::upload(int used_width, int used_height) {
  used_width_ = used_width;
  used_height_ = used_height;
  glBindTexture(GL_TEXTURE_2D, texture_);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
  glPixelStorei(GL_UNPACK_ROW_LENGTH, capacity_width_);
  glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, used_width, used_height, GL_RED, GL_UNSIGNED_BYTE, pixels_.data());
  glPixelStorei(GL_UNPACK_ROW_LENGTH, 0);
  glBindTexture(GL_TEXTURE_2D, 0);
}

}  // namespace lex::gui
