// Reads the default framebuffer (after rendering, before the swap): the whole window to a PNG, or
// a rectangle of it as RGB bytes (the panel exports and the recording, gui/exports.hpp).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace lex::gui {
// Returns an empty string on success, else a message naming the file.
std::string save_screenshot(const std::string& path, int width, int height);
// The rectangle (x, y, width, height) in framebuffer pixels, y from the top of a framebuffer
// `framebuffer_height` tall, as RGB rows from the top.
std::vector<uint8_t> read_window_pixels(int x, int y, int width, int height, int framebuffer_height);
}  // namespace lex::gui
