// What the user chose and pointed at in one model's latent panels (the scatter, the decoded grid,
// the decoder preview, the style x class grid), kept across snapshots, and the current snapshot's
// test means on the chosen plane. The panels read and write it; none of them owns it.
#pragma once
#include <cstdint>
#include <vector>

#include "common/latent_plane.hpp"
#include "imgui.h"
#include "train/worker.hpp"

namespace lex::gui {

struct LatentState {
  app::PlaneChoice plane_choice;
  app::PlaneWindow window;
  bool follow_data = true;          // re-fit the window to each snapshot until the user pans or zooms
  float follow_zoom = 1.0f;         // while following: the fitted window, this many times closer (gui --zoom)
  uint32_t visible_classes = ~0u;   // bit c: class c is shown (classes from 32 on always are)
  float point_size = 3.0f;
  int grid_n = 20;
  bool gaussian_quantiles = false;  // grid at N(0,1) quantiles (as in the Keras VAE example)
  int decode_class = 0;             // a conditional model decodes under this class
  bool show_dimensions = false;     // the per-dimension view in place of the decoded grid
  bool show_holes = false;          // shade q(z) and its holes against the prior's contours

  std::vector<ImVec2> trail;        // plane points visited while the left button was held
  bool has_cursor = false;
  ImVec2 cursor{0, 0};              // plane point under the mouse (scatter or grid), last seen
  bool has_pinned = false;
  ImVec2 pinned{0, 0};
  int pinned_cell = -1, pinned_grid_n = 0;

  // The plane fitted to the snapshot's test means (plane.choice() is plane_choice clamped to the
  // latent size), and the means on it.
  app::LatentPlane plane;
  std::vector<float> xy;
  uint64_t points_version = 0;  // the snapshot xy comes from
  app::PlaneChoice fitted_choice;  // the plane_choice it was fitted for

  // Refits the plane and reprojects the means when the snapshot or the plane choice changed (and
  // the window, while following the data); returns true if the points moved.
  bool sync(const Snapshot& snap);
  // The cursor as a full latent vector.
  std::vector<float> lifted(ImVec2 plane_point) const;
  bool class_visible(int c) const { return c >= 32 || (visible_classes >> c & 1u); }
};

}  // namespace lex::gui
