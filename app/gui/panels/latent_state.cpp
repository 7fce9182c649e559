#include "panels/latent_state.hpp"

#include <cmath>

namespace lex::gui {

bool LatentState::sync(const Snapshot& snap) {
  const int Z = static_cast<int>(snap.test_mu.rows());
  if (snap.version == points_version && plane_choice == fitted_choice && Z == plane.latent()) return false;
  const app::PlaneChoice before = plane.choice();
  const int latent_before = plane.latent();
  plane.fit(snap.test_mu, plane_choice);
  fitted_choice = plane_choice;
  const bool plane_changed = !(plane.choice() == before) || plane.latent() != latent_before;
  plane.project(snap.test_mu, xy);
  points_version = snap.version;
  if (follow_data || plane_changed || !(window.half_x > 0) || !std::isfinite(window.half_x)) {
    window = app::fit_window(xy);
    window.half_x /= follow_zoom;
    window.half_y /= follow_zoom;
  }
  if (plane_changed) trail.clear();
  if (!has_cursor) has_cursor = true, cursor = {0, 0};  // the prior's mean, until the mouse moves
  return true;
}

std::vector<float> LatentState::lifted(ImVec2 p) const {
  std::vector<float> z(static_cast<size_t>(plane.latent()));
  plane.lift(p.x, p.y, z.data());
  return z;
}

}  // namespace lex::gui
