// A small RGB canvas for the command line's plots (no window, no font files): anti-aliased lines
// and discs blended over a background, and text in a 5 x 7 bitmap font of our own (digits,
// lower-case letters, a little punctuation; upper case is drawn as lower case). Enough for axes,
// tick numbers and labels in a PNG; not a general renderer.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "common/palette.hpp"

namespace lex::cli {

class Canvas {
 public:
  Canvas(int width, int height, app::Rgb8 background);
  int width() const { return width_; }
  int height() const { return height_; }
  const std::vector<uint8_t>& rgb() const { return rgb_; }  // rows top to bottom, 3 bytes a pixel

  // Mixes `color` into pixel (x, y) with weight `alpha` (0..1); outside the canvas: nothing.
  void blend(int x, int y, app::Rgb8 color, double alpha);
  // A segment `width` pixels wide, its edges anti-aliased; coordinates in pixels (y down).
  void line(double x0, double y0, double x1, double y1, double width, app::Rgb8 color, double alpha = 1.0);
  void disc(double cx, double cy, double radius, app::Rgb8 color);
  // Text with its top-left corner at (x, y), each font pixel `scale` x `scale`.
  void text(int x, int y, const std::string& s, int scale, app::Rgb8 color);
  static int text_width(const std::string& s, int scale);
  static int text_height(int scale) { return 7 * scale; }

  // Writes the canvas as a PNG; throws InputError naming the path if it cannot.
  void write_png(const std::string& path) const;

 private:
  int width_, height_;
  std::vector<uint8_t> rgb_;
};

}  // namespace lex::cli
