#include "cli/latent_png.hpp"

#include <stb_image_write.h>

#include <algorithm>
#include <cmath>

#include "common/image_bytes.hpp"
#include "common/latent_plane.hpp"
#include "common/palette.hpp"
#include "util/error.hpp"

namespace lex::cli {

void write_latent_png(const std::string& path, FrozenModel& model, const EncodedSet& enc,
                      const std::vector<uint8_t>& labels, int grid) {
  const int Z = static_cast<int>(enc.mu.rows());
  const ImageShape& image = model.image();
  const int cell = std::max(image.height, image.width);
  // 2-D coordinates: the latent itself, or its principal plane; the same window for both halves.
  app::LatentPlane plane;
  plane.fit(enc.mu, app::PlaneChoice{});
  std::vector<float> xy;
  plane.project(enc.mu, xy);
  const app::PlaneWindow w = app::fit_window(xy);
  const int side = grid * cell, width = 2 * side + 8;
  std::vector<uint8_t> rgb(static_cast<size_t>(width) * side * 3);
  for (size_t i = 0; i < rgb.size(); i += 3) std::copy(app::kPlotBackground8.begin(), app::kPlotBackground8.end(), &rgb[i]);

  // Scatter: 2x2 dots, later points over earlier ones.
  for (size_t i = 0; i < labels.size() && 2 * i + 1 < xy.size(); ++i) {
    const int px = static_cast<int>((xy[2 * i] - (w.center_x - w.half_x)) / (2 * w.half_x) * side);
    const int py = static_cast<int>((w.center_y + w.half_y - xy[2 * i + 1]) / (2 * w.half_y) * side);  // y up
    const app::Rgb8& c = app::class_rgb8(labels[i]);
    for (int dy = 0; dy < 2; ++dy)
      for (int dx = 0; dx < 2; ++dx) {
        const int x = px + dx, y = py + dy;
        if (x < 0 || y < 0 || x >= side || y >= side) continue;
        std::copy(c.begin(), c.end(), &rgb[(static_cast<size_t>(y) * width + x) * 3]);
      }
  }

  // Grid: cell (i, j) decodes the centre of its square of the window; a conditional model
  // decodes row j under class j % classes.
  Mat<float> z(Z, grid * grid);
  std::vector<uint8_t> row_labels;
  for (int j = 0; j < grid; ++j)
    for (int i = 0; i < grid; ++i) {
      const auto [u, v] = app::grid_point(i, j, grid, w, false);
      plane.lift(u, v, z.col(j * grid + i).data());
      if (model.conditional()) row_labels.push_back(static_cast<uint8_t>(j % model.spec().classes));
    }
  Mat<float> images;
  model.decode_probabilities(z, row_labels, images);
  std::vector<uint8_t> grey(static_cast<size_t>(image.height) * image.width);
  for (int n = 0; n < grid * grid; ++n) {
    app::write_grey(images.col(n).data(), image, grey.data(), image.width);
    const int ox = side + 8 + (n % grid) * cell, oy = (n / grid) * cell;
    for (int r = 0; r < image.height; ++r)
      for (int c = 0; c < image.width; ++c) {
        uint8_t* p = &rgb[(static_cast<size_t>(oy + r) * width + ox + c) * 3];
        p[0] = p[1] = p[2] = grey[static_cast<size_t>(r) * image.width + c];
      }
  }
  if (!stbi_write_png(path.c_str(), width, side, 3, rgb.data(), width * 3))
    throw file_error(path, "cannot write the PNG");
}

}  // namespace lex::cli
