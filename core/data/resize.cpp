#include "data/resize.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <vector>

namespace lex {
namespace {

// One axis's resampling: output pixel j is sum_k weights[offset[j] + k] * src[first[j] + k] for
// k < count[j]. The weights of each output pixel sum to 1.
struct AxisFilter {
  std::vector<int> first, count, offset;
  std::vector<float> weights;
};

// Shrinking n_in -> n_out: output pixel j covers the source interval [j s, (j + 1) s) with
// s = n_in / n_out, and each source pixel counts by how much of it lies inside.
AxisFilter area_filter(int n_in, int n_out) {
  AxisFilter f;
  const double scale = static_cast<double>(n_in) / n_out;
  for (int j = 0; j < n_out; ++j) {
    const double lo = j * scale, hi = (j + 1) * scale;
    const int a = static_cast<int>(std::floor(lo));
    const int b = std::min(n_in, static_cast<int>(std::ceil(hi)));
    f.first.push_back(a);
    f.count.push_back(b - a);
    f.offset.push_back(static_cast<int>(f.weights.size()));
    for (int i = a; i < b; ++i)
      f.weights.push_back(static_cast<float>((std::min<double>(hi, i + 1) - std::max<double>(lo, i)) / scale));
  }
  return f;
}

// Growing n_in -> n_out: output pixel j's centre lies at source coordinate (j + 0.5) / s - 0.5
// (pixel centres aligned, as PIL and OpenCV do); it mixes the two source pixels around it, and
// beyond the outermost centres repeats the edge pixel.
AxisFilter linear_filter(int n_in, int n_out) {
  AxisFilter f;
  const double scale = static_cast<double>(n_out) / n_in;
  for (int j = 0; j < n_out; ++j) {
    const double x = std::clamp((j + 0.5) / scale - 0.5, 0.0, static_cast<double>(n_in - 1));
    const int a = std::min(static_cast<int>(x), n_in - 1);
    const int b = std::min(a + 1, n_in - 1);
    const float t = static_cast<float>(x - a);
    f.first.push_back(a);
    f.offset.push_back(static_cast<int>(f.weights.size()));
    if (b == a || t == 0.0f) {
      f.count.push_back(1);
      f.weights.push_back(1.0f);
    } else {
      f.count.push_back(2);
      f.weights.push_back(1.0f - t);
      f.weights.push_back(t);
    }
  }
  return f;
}

AxisFilter axis_filter(int n_in, int n_out) {
  if (n_out < n_in) return area_filter(n_in, n_out);
  if (n_out > n_in) return linear_filter(n_in, n_out);
  AxisFilter f;  // the same size: a copy
  for (int j = 0; j < n_out; ++j) {
    f.first.push_back(j);
    f.count.push_back(1);
    f.offset.push_back(j);
    f.weights.push_back(1.0f);
  }
  return f;
}

}  // namespace

void resize_grey_into(const GreyImage& src, int height, int width, float* out) {
  assert(src.width > 0 && src.height > 0 && height > 0 && width > 0);
  assert(src.pixels.size() == static_cast<size_t>(src.width) * src.height);
  if (src.width == width && src.height == height) {
    std::copy(src.pixels.begin(), src.pixels.end(), out);
    return;
  }
  const AxisFilter fx = axis_filter(src.width, width), fy = axis_filter(src.height, height);
  // Rows first: tmp is (src.height x width), then columns into out (height x width).
  std::vector<float> tmp(static_cast<size_t>(src.height) * width);
  for (int y = 0; y < src.height; ++y) {
    const float* row = src.pixels.data() + static_cast<size_t>(y) * src.width;
    float* dst = tmp.data() + static_cast<size_t>(y) * width;
    for (int j = 0; j < width; ++j) {
      const float* w = fx.weights.data() + fx.offset[j];
      float sum = 0;
      for (int k = 0; k < fx.count[j]; ++k) sum += w[k] * row[fx.first[j] + k];
      dst[j] = sum;
    }
  }
  for (int i = 0; i < height; ++i) {
    float* dst = out + static_cast<size_t>(i) * width;
    std::fill(dst, dst + width, 0.0f);
    const float* w = fy.weights.data() + fy.offset[i];
    for (int k = 0; k < fy.count[i]; ++k) {
      const float* row = tmp.data() + static_cast<size_t>(fy.first[i] + k) * width;
      for (int j = 0; j < width; ++j) dst[j] += w[k] * row[j];
    }
    // The weights sum to 1 only up to rounding: keep pixels in [0, 1] as the data sets promise.
    for (int j = 0; j < width; ++j) dst[j] = std::clamp(dst[j], 0.0f, 1.0f);
  }
}

GreyImage resize_grey(const GreyImage& src, int height, int width) {
  GreyImage out;
  out.width = width;
  out.height = height;
  out.pixels.resize(static_cast<size_t>(width) * height);
  resize_grey_into(src, height, width, out.pixels.data());
  return out;
}

}  // namespace lex
