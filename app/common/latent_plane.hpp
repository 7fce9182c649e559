// The plane through latent space that a scatter and its decoded grid show, for the GUI and the
// PNG export alike. A plane is an origin and two axes in R^Z: two chosen coordinate dimensions
// (origin 0), or the test means' top two principal axes (origin = their mean). project() maps
// latent means onto it; lift() maps a point of the plane back to a full latent vector for the
// decoder, so scatter, grid and cursor all share one coordinate frame.
#pragma once
#include <utility>
#include <vector>

#include "model/tensor.hpp"

namespace lex::app {

struct PlaneChoice {
  bool pca = true;  // for latent sizes above 2
  int dim_x = 0, dim_y = 1;
  bool operator==(const PlaneChoice&) const = default;
};

// A window on the plane: [center - half, center + half] on each axis, y up.
struct PlaneWindow {
  float center_x = 0, center_y = 0;
  float half_x = 1, half_y = 1;
  bool operator==(const PlaneWindow&) const = default;
};

class LatentPlane {
 public:
  // The plane for these means (Z, N) and this choice (clamped to the latent size: choice() is
  // what is shown; PCA only above 2 dimensions). PCA axes keep pointing the way they did when the
  // plane is refitted to new means, so the view does not flip from one snapshot to the next.
  void fit(const Mat<float>& mu, const PlaneChoice& wanted);

  const PlaneChoice& choice() const { return choice_; }
  int latent() const { return static_cast<int>(origin_.size()); }
  bool has_y_axis() const { return latent() > 1; }  // a 1-D latent is spread out in y for visibility
  const std::vector<float>& axis_x() const { return axis_x_; }
  const std::vector<float>& axis_y() const { return axis_y_; }

  // xy = (x0, y0, x1, y1, ...): every column of mu on the plane.
  void project(const Mat<float>& mu, std::vector<float>& xy) const;
  // z = origin + x * axis_x + y * axis_y (Z values).
  void lift(float x, float y, float* z) const;
  // The plane coordinates of z: its components along the axes, from the origin.
  std::pair<float, float> coordinates(const float* z) const;

 private:
  PlaneChoice choice_;
  std::vector<float> origin_, axis_x_, axis_y_;
};

// A square window around the bulk of the points (x0, y0, x1, y1, ...): the 1st to 99th
// percentile on each axis, plus a margin, so that a few outliers do not shrink the clusters.
PlaneWindow fit_window(const std::vector<float>& xy);

// The inverse of the standard normal CDF (Acklam's rational approximation, |error| < 1.2e-9).
double normal_quantile(double p);

// The centre of cell (i, j) of an n x n grid (j = 0 the top row): evenly over the window, or at
// the N(0, 1) quantiles (i + 0.5) / n, where each cell covers equal prior mass.
std::pair<float, float> grid_point(int i, int j, int n, const PlaneWindow& window, bool gaussian_quantiles);

}  // namespace lex::app
