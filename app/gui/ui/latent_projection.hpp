// The plane through latent space that the scatter and the grid show. A plane is an origin and two
// axes in R^Z: two chosen coordinate dimensions (origin 0), or the test means' top two principal
// axes (origin = their mean). project() maps the snapshot's test means onto it; lift() maps a
// point of the plane back to a full latent vector for the decoder, so scatter, grid and cursor all
// share one coordinate frame. Recomputed only when the snapshot version or the choice changes.
#pragma once
#include <cstdint>
#include <vector>

#include "train/worker.hpp"

namespace lex::gui {

struct PlaneChoice {
  bool pca = true;  // for latent sizes above 2
  int dim_x = 0, dim_y = 1;
  bool operator==(const PlaneChoice&) const = default;
};

class LatentProjection {
 public:
  // Returns true if the points changed (new snapshot or new choice). The choice is clamped to the
  // snapshot's latent size; choice() is what is shown.
  bool update(const Snapshot& snap, const PlaneChoice& wanted);
  const PlaneChoice& choice() const { return choice_; }

  int latent() const { return static_cast<int>(origin_.size()); }
  bool has_y_axis() const { return latent() > 1; }  // a 1-D latent is spread out in y for visibility
  const std::vector<float>& xy() const { return xy_; }  // (x0, y0, x1, y1, ...)
  const std::vector<float>& axis_x() const { return axis_x_; }
  const std::vector<float>& axis_y() const { return axis_y_; }

  // z = origin + x * axis_x + y * axis_y, written into z (Z values).
  void lift(float x, float y, float* z) const;

 private:
  uint64_t version_ = 0;
  PlaneChoice choice_;
  std::vector<float> origin_, axis_x_, axis_y_;
  std::vector<float> xy_;
};

}  // namespace lex::gui
