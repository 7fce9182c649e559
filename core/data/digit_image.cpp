#include "data/digit_image.hpp"

#include <algorithm>
#include <cmath>

#include "data/resize.hpp"
#include "util/error.hpp"

namespace lex {

GreyImage ink_of(const GreyImage& picture, bool invert) {
  GreyImage ink = picture;
  if (invert)
    for (float& v : ink.pixels) v = 1.0f - v;
  if (ink.pixels.empty()) return ink;
  std::vector<float> sorted = ink.pixels;
  std::nth_element(sorted.begin(), sorted.begin() + static_cast<long>(sorted.size() / 2), sorted.end());
  const float ground = sorted[sorted.size() / 2];
  const float peak = *std::max_element(ink.pixels.begin(), ink.pixels.end());
  const float range = peak - ground;
  for (float& v : ink.pixels) v = range > 0 ? std::clamp((v - ground) / range, 0.0f, 1.0f) : 0.0f;
  return ink;
}

std::vector<float> digit_like_data(const GreyImage& ink, const ImageShape& shape, const std::string& name) {
  if (shape.channels != 1)
    throw file_error(name, "the model takes " + to_string(shape) + " images; only grey pictures can be encoded");
  // The ink's bounding box: pixels with at least a tenth of full ink (anti-aliasing fringes and
  // paper texture below that do not stretch the box).
  constexpr float kInk = 0.1f;
  int top = ink.height, bottom = -1, left = ink.width, right = -1;
  for (int y = 0; y < ink.height; ++y)
    for (int x = 0; x < ink.width; ++x)
      if (ink.at(y, x) >= kInk) {
        top = std::min(top, y), bottom = std::max(bottom, y);
        left = std::min(left, x), right = std::max(right, x);
      }
  if (bottom < 0) throw file_error(name, "no ink found (a blank picture; for dark ink on light paper use invert)");
  GreyImage box;
  box.width = right - left + 1;
  box.height = bottom - top + 1;
  box.pixels.resize(static_cast<size_t>(box.width) * box.height);
  for (int y = 0; y < box.height; ++y)
    for (int x = 0; x < box.width; ++x) box.pixels[static_cast<size_t>(y) * box.width + x] = ink.at(top + y, left + x);

  // Fit the box into 20/28 of the frame, keeping the aspect ratio.
  const double fit_h = shape.height * 20.0 / 28.0, fit_w = shape.width * 20.0 / 28.0;
  const double scale = std::min(fit_h / box.height, fit_w / box.width);
  const int h = std::clamp(static_cast<int>(std::lround(box.height * scale)), 1, shape.height);
  const int w = std::clamp(static_cast<int>(std::lround(box.width * scale)), 1, shape.width);
  const GreyImage digit = resize_grey(box, h, w);  // anti-aliased: an area average

  // Its centre of mass goes to the frame's centre: to pixel index (H/2, W/2), which is where MNIST's
  // digits have it (their mean centre of mass is at index 14.0, 14.0), in whole pixels as MNIST
  // did. What falls outside the frame is cut.
  double mass = 0, cy = 0, cx = 0;
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      const double v = digit.at(y, x);
      mass += v, cy += v * y, cx += v * x;
    }
  const int dy = static_cast<int>(std::lround(shape.height / 2.0 - cy / mass));
  const int dx = static_cast<int>(std::lround(shape.width / 2.0 - cx / mass));
  std::vector<float> out(static_cast<size_t>(shape.pixels()), 0.0f);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      const int fy = y + dy, fx = x + dx;
      if (fy >= 0 && fy < shape.height && fx >= 0 && fx < shape.width)
        out[static_cast<size_t>(fy) * shape.width + fx] = std::clamp(digit.at(y, x), 0.0f, 1.0f);
    }
  return out;
}

}  // namespace lex
