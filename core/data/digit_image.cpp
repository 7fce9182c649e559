#include "data/digit_image.hpp"

#include <algorithm>
#include <cmath>

#include "util/error.hpp"

namespace lex {
namespace {

// One axis of resample(): out[i] = sum_j w[i][j] in[j], as (first j, weights) per output pixel.
struct Taps {
  int first = 0;
  std::vector<float> weights;
};

std::vector<Taps> axis_taps(int in_size, int out_size) {
  std::vector<Taps> taps(static_cast<size_t>(out_size));
  const double ratio = static_cast<double>(in_size) / out_size;
  for (int i = 0; i < out_size; ++i) {
    Taps& t = taps[static_cast<size_t>(i)];
    if (ratio >= 1.0) {
      // Shrinking: the footprint [i r, (i+1) r) covers input pixels fully or in part.
      const double lo = i * ratio, hi = (i + 1) * ratio;
      t.first = static_cast<int>(std::floor(lo));
      const int last = std::min(in_size - 1, static_cast<int>(std::ceil(hi)) - 1);
      for (int j = t.first; j <= last; ++j)
        t.weights.push_back(static_cast<float>((std::min<double>(hi, j + 1) - std::max<double>(lo, j)) / ratio));
    } else {
      // Enlarging: between the two input pixels whose centres bracket this one's centre.
      const double centre = std::clamp((i + 0.5) * ratio - 0.5, 0.0, in_size - 1.0);
      t.first = std::min(static_cast<int>(centre), std::max(0, in_size - 2));
      const float frac = static_cast<float>(centre - t.first);
      t.weights = in_size == 1 ? std::vector<float>{1.0f} : std::vector<float>{1.0f - frac, frac};
    }
  }
  return taps;
}

}  // namespace

GreyImage resample(const GreyImage& image, int width, int height) {
  const std::vector<Taps> across = axis_taps(image.width, width), down = axis_taps(image.height, height);
  // Rows first (image.height x width), then columns.
  std::vector<float> rows(static_cast<size_t>(image.height) * width);
  for (int y = 0; y < image.height; ++y)
    for (int x = 0; x < width; ++x) {
      const Taps& t = across[static_cast<size_t>(x)];
      float sum = 0;
      for (size_t k = 0; k < t.weights.size(); ++k) sum += t.weights[k] * image.at(y, t.first + static_cast<int>(k));
      rows[static_cast<size_t>(y) * width + x] = sum;
    }
  GreyImage out;
  out.width = width;
  out.height = height;
  out.pixels.assign(static_cast<size_t>(width) * height, 0.0f);
  for (int y = 0; y < height; ++y) {
    const Taps& t = down[static_cast<size_t>(y)];
    for (size_t k = 0; k < t.weights.size(); ++k) {
      const float* row = &rows[static_cast<size_t>(t.first + static_cast<int>(k)) * width];
      for (int x = 0; x < width; ++x) out.pixels[static_cast<size_t>(y) * width + x] += t.weights[k] * row[x];
    }
  }
  return out;
}

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
  const GreyImage digit = resample(box, w, h);

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
