#include "panels/grid_panel.hpp"

#include <algorithm>
#include <chrono>

#include "widgets/colors.hpp"
#include "widgets/plane_frame.hpp"

namespace lex::gui {
namespace {

double now_ms() { return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now().time_since_epoch()).count(); }

}  // namespace

void GridPanel::request(const Snapshot& snap, const LatentState& s, uint64_t key) {
  const int n = s.grid_n, Z = s.plane.latent();
  Decoder::Job job;
  job.model = snap.model;
  job.key = key;
  job.z.resize(Z, n * n);
  for (int j = 0; j < n; ++j)
    for (int i = 0; i < n; ++i) {
      const auto [x, y] = app::grid_point(i, j, n, s.window, s.gaussian_quantiles);
      s.plane.lift(x, y, job.z.col(j * n + i).data());
    }
  job.columns = n;
  // The picker may still hold a class of the data set before (it is drawn after the grid).
  const int label = std::clamp(s.decode_class, 0, std::max(0, snap.model.spec().classes - 1));
  if (snap.model.conditional()) job.labels.assign(static_cast<size_t>(n) * n, static_cast<uint8_t>(label));
  slot_->submit(std::move(job));
  requested_at_ = now_ms();
}

void GridPanel::draw(const Snapshot& snap, LatentState& s, ImVec2 origin, float side, ScreenRect& rect,
                     const HolesMap* holes) {
  s.grid_n = std::clamp(s.grid_n, 1, kMaxGrid);
  const app::PlaneWindow w = s.gaussian_quantiles ? app::PlaneWindow{} : s.window;
  const app::PlaneChoice& p = s.plane.choice();
  const float what[] = {w.center_x, w.center_y, w.half_x, w.half_y, static_cast<float>(p.pca), static_cast<float>(p.dim_x),
                        static_cast<float>(p.dim_y), static_cast<float>(s.grid_n), static_cast<float>(s.gaussian_quantiles),
                        static_cast<float>(snap.model.conditional() ? s.decode_class : 0)};
  const uint64_t key = Decoder::key(snap.version, what, sizeof what);
  if (key != slot_->submitted_key()) request(snap, s, key);
  if (auto result = slot_->take(); result && result->error.empty()) {
    const int n = result->columns;  // the grid it was asked for, not necessarily today's
    atlas_.reserve(result->shape, kMaxGrid, kMaxGrid);
    for (int c = 0; c < n * n; ++c) atlas_.put(c % n, c / n, result->images.col(c).data());
    atlas_.upload();
    shown_key_ = result->key;
    shown_n_ = n;
    last_decode_ms_ = now_ms() - requested_at_;
  }

  ImGui::SetCursorScreenPos(origin);
  ImGui::InvisibleButton("grid", {side, side});
  const bool hovered = ImGui::IsItemHovered();
  const PlaneFrame f{origin, {origin.x + side, origin.y + side}, s.window};
  ImDrawList* dl = ImGui::GetWindowDrawList();
  rect = {f.min, f.max};
  if (shown_n_ > 0)
    draw_opaque_image(dl, atlas_.id(), f.min, f.max, atlas_.uv_min(0, 0), atlas_.uv_max(0, 0, shown_n_, shown_n_));
  else
    dl->AddRectFilled(f.min, f.max, plot_background());  // until the first grid arrives
  if (holes && !s.gaussian_quantiles) {
    dl->PushClipRect(f.min, f.max, true);
    draw_hole_cells(dl, f, s.grid_n, *holes);
    draw_prior_contours(dl, f, *holes);
    dl->PopClipRect();
  }
  const int n = s.grid_n;
  const float cell = side / n;
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  if (hovered) {
    const int i = std::clamp(static_cast<int>((mouse.x - f.min.x) / cell), 0, n - 1);
    const int j = std::clamp(static_cast<int>((mouse.y - f.min.y) / cell), 0, n - 1);
    const auto [gx, gy] = app::grid_point(i, j, n, s.window, s.gaussian_quantiles);
    // Over the grid the cursor moves continuously through the same window as the scatter; with
    // quantiles the cells are not evenly spaced, so the cursor snaps to the cell's point.
    s.has_cursor = true;
    s.cursor = s.gaussian_quantiles ? ImVec2{gx, gy} : f.to_plane(mouse);
    const ImVec2 cell_min{f.min.x + i * cell, f.min.y + j * cell};
    dl->AddRect(cell_min, {cell_min.x + cell, cell_min.y + cell}, IM_COL32(255, 255, 255, 180));
    if (ImGui::IsMouseClicked(ImGuiMouseButton_Left)) {
      s.has_pinned = true;
      s.pinned = {gx, gy};
      s.pinned_cell = j * n + i;
      s.pinned_grid_n = n;
    }
    ImGui::SetTooltip("cell (%d, %d): z = (%.2f, %.2f) in the plane\nclick to pin it in the preview", i, j, gx, gy);
  } else if (s.has_cursor && !s.gaussian_quantiles) {
    dl->PushClipRect(f.min, f.max, true);
    draw_crosshair(dl, f.to_screen(s.cursor.x, s.cursor.y), IM_COL32(255, 80, 80, 230));
    dl->PopClipRect();
  }
  if (s.has_pinned && s.pinned_grid_n == n && s.pinned_cell >= 0) {
    const int i = s.pinned_cell % n, j = s.pinned_cell / n;
    const ImVec2 cell_min{f.min.x + i * cell, f.min.y + j * cell};
    dl->AddRect(cell_min, {cell_min.x + cell, cell_min.y + cell}, IM_COL32(230, 159, 0, 255), 0, 0, 2);
  }
  dl->AddRect(f.min, f.max, IM_COL32(255, 255, 255, 60));
}

}  // namespace lex::gui
