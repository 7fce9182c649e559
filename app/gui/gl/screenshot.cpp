#include "gl/screenshot.hpp"

#include <algorithm>
#include <cstdint>
#include <vector>

#include "gl/gl.hpp"
// The implementation lives in Debian's libstb; only the declarations here.
#include <stb_image_write.h>

namespace lex::gui {

std::string save_screenshot(const std::string& path, int width, int height) {
  const size_t row = static_cast<size_t>(width) * 3;
  std::vector<uint8_t> pixels(row * height);
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  glReadBuffer(GL_BACK);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadPixels(0, 0, width, height, GL_RGB, GL_UNSIGNED_BYTE, pixels.data());
  // GL's rows start at the bottom; PNG's at the top.
  std::vector<uint8_t> flipped(pixels.size());
  for (int y = 0; y < height; ++y)
    std::copy_n(pixels.data() + (height - 1 - y) * row, row, flipped.data() + y * row);
  if (!stbi_write_png(path.c_str(), width, height, 3, flipped.data(), static_cast<int>(row)))
    return path + ": could not write the screenshot (does the folder exist and is it writable?)";
  return {};
}

}  // namespace lex::gui
