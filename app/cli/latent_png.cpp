#include "cli/latent_png.hpp"

#include <stb_image_write.h>

#include <algorithm>
#include <cmath>

#include "gui/ui/palette.hpp"
#include "util/error.hpp"

namespace lex::cli {
namespace {

struct Window {
  float x0, x1, y0, y1;
};

// The central 98% of the points on each axis, padded by 10% and made square.
Window robust_window(const Mat<float>& xy) {
  auto range = [&](int row) {
    std::vector<float> v(static_cast<size_t>(xy.cols()));
    for (Eigen::Index i = 0; i < xy.cols(); ++i) v[static_cast<size_t>(i)] = xy(row, i);
    std::sort(v.begin(), v.end());
    const size_t lo = v.size() / 100, hi = v.size() - 1 - v.size() / 100;
    return std::pair<float, float>{v[lo], v[hi]};
  };
  auto [ax0, ax1] = range(0);
  auto [ay0, ay1] = range(1);
  const float cx = 0.5f * (ax0 + ax1), cy = 0.5f * (ay0 + ay1);
  const float half = std::max({0.5f * (ax1 - ax0), 0.5f * (ay1 - ay0), 1e-3f}) * 1.1f;
  return {cx - half, cx + half, cy - half, cy + half};
}

}  // namespace

void write_latent_png(const std::string& path, FrozenModel& model, const EncodedSet& enc,
                      const std::vector<uint8_t>& labels, int grid) {
  const int Z = static_cast<int>(enc.mu.rows());
  const int cell_h = model.image().height, cell_w = model.image().width;
  // 2-D coordinates: the latent itself, or its principal plane.
  Projection2D projection;
  Mat<float> xy;
  if (Z == 1) {
    xy = Mat<float>::Zero(2, enc.mu.cols());
    xy.row(0) = enc.mu.row(0);
  } else if (Z == 2) {
    xy = enc.mu;
  } else {
    projection = pca_2d(enc.mu);
    xy = projection.axes * (enc.mu.colwise() - projection.mean);
  }
  const Window w = robust_window(xy);
  const int side = grid * std::max(cell_h, cell_w), width = 2 * side + 8;
  std::vector<uint8_t> rgb(static_cast<size_t>(width) * side * 3);
  for (size_t i = 0; i < rgb.size(); i += 3)
    for (int k = 0; k < 3; ++k) rgb[i + static_cast<size_t>(k)] = gui::kPlotBackground8[static_cast<size_t>(k)];

  // Scatter: 2x2 dots, later points over earlier ones.
  for (Eigen::Index i = 0; i < xy.cols(); ++i) {
    const int px = static_cast<int>((xy(0, i) - w.x0) / (w.x1 - w.x0) * side);
    const int py = static_cast<int>((w.y1 - xy(1, i)) / (w.y1 - w.y0) * side);  // y up
    const auto& c = gui::kClassRgb8[labels[static_cast<size_t>(i)] % 10];
    for (int dy = 0; dy < 2; ++dy)
      for (int dx = 0; dx < 2; ++dx) {
        const int x = px + dx, y = py + dy;
        if (x < 0 || y < 0 || x >= side || y >= side) continue;
        uint8_t* p = &rgb[(static_cast<size_t>(y) * width + x) * 3];
        p[0] = c[0], p[1] = c[1], p[2] = c[2];
      }
  }

  // Grid: cell (i, j) decodes the centre of its square of the window.
  Mat<float> z = Mat<float>::Zero(Z, grid * grid);
  for (int j = 0; j < grid; ++j)
    for (int i = 0; i < grid; ++i) {
      const float u = w.x0 + (i + 0.5f) / grid * (w.x1 - w.x0);
      const float v = w.y1 - (j + 0.5f) / grid * (w.y1 - w.y0);
      const int n = j * grid + i;
      if (Z <= 2) {
        z(0, n) = u;
        if (Z == 2) z(1, n) = v;
      } else {
        z.col(n) = projection.mean + projection.axes.transpose() * Eigen::Vector2f(u, v);
      }
    }
  std::vector<uint8_t> row_labels;
  if (model.conditional())
    for (int n = 0; n < grid * grid; ++n) row_labels.push_back(static_cast<uint8_t>((n / grid) % model.spec().classes));
  Mat<float> images;
  model.decode_probabilities(z, row_labels, images);
  for (int n = 0; n < grid * grid; ++n) {
    const int ox = side + 8 + (n % grid) * cell_w, oy = (n / grid) * cell_h;
    for (int r = 0; r < cell_h; ++r)
      for (int c = 0; c < cell_w; ++c) {
        const auto g = static_cast<uint8_t>(std::lround(255.0f * images(r * cell_w + c, n)));
        uint8_t* p = &rgb[(static_cast<size_t>(oy + r) * width + ox + c) * 3];
        p[0] = p[1] = p[2] = g;
      }
  }
  if (!stbi_write_png(path.c_str(), width, side, 3, rgb.data(), width * 3))
    throw file_error(path, "cannot write the PNG");
}

}  // namespace lex::cli
