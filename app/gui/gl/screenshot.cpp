#include "gl/screenshot.hpp"

#include <algorithm>

#include "gl/gl.hpp"
// The implementation lives in Debian's libstb; only the declarations here.
#include <stb_image_write.h>

namespace lex::gui {

std::vector<uint8_t> read_window_pixels(int x, int y, int width, int height, int framebuffer_height) {
  const size_t row = static_cast<size_t>(width) * 3;
  std::vector<uint8_t> pixels(row * height);
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  glReadBuffer(GL_BACK);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadPixels(x, framebuffer_height - y - height, width, height, GL_RGB, GL_UNSIGNED_BYTE, pixels.data());
  // GL's rows start at the bottom; PNG's at the top.
  std::vector<uint8_t> flipped(pixels.size());
  for (int r = 0; r < height; ++r) std::copy_n(pixels.data() + (height - 1 - r) * row, row, flipped.data() + r * row);
  return flipped;
}

std::string save_screenshot(const std::string& path, int width, int height) {
  const std::vector<uint8_t> pixels = read_window_pixels(0, 0, width, height, height);
  if (!stbi_write_png(path.c_str(), width, height, 3, pixels.data(), width * 3))
    return path + ": could not write the screenshot (does the folder exist and is it writable?)";
  return {};
}

}  // namespace lex::gui
