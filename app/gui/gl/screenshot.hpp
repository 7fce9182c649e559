// Writes the default framebuffer (after rendering, before the swap) to a PNG.
#pragma once
#include <string>

namespace lex::gui {
// Returns an empty string on success, else a message naming the file.
std::string save_screenshot(const std::string& path, int width, int height);
}  // namespace lex::gui
