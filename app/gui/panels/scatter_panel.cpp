#include "panels/scatter_panel.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "widgets/colors.hpp"
#include "widgets/plane_frame.hpp"

namespace lex::gui {
namespace {

constexpr size_t kMaxTrail = 4096;

// The test point nearest to the mouse within a few pixels, among the shown classes, or -1.
int nearest_point(const LatentState& s, const Snapshot& snap, const PlaneFrame& f, ImVec2 mouse) {
  const ImVec2 m = f.to_plane(mouse);
  const float radius = 8.0f / f.pixels_per_unit();
  float best = radius * radius;
  int best_i = -1;
  const auto& labels = snap.data->test.labels;
  const int n = static_cast<int>(std::min(s.xy.size() / 2, labels.size()));
  for (int i = 0; i < n; ++i) {
    const float dx = s.xy[2 * static_cast<size_t>(i)] - m.x, dy = s.xy[2 * static_cast<size_t>(i) + 1] - m.y;
    const float d = dx * dx + dy * dy;
    if (d < best && s.class_visible(labels[static_cast<size_t>(i)])) best = d, best_i = i;
  }
  return best_i;
}

// 1- and 2-sigma ellipses of q(z|x) = N(mu, diag(sigma^2)), lv = log sigma^2 (Z values),
// projected onto the plane: covariance A diag(sigma^2) A^T with A the plane's two axes, drawn
// through its Cholesky factor.
void draw_posterior_ellipses(ImDrawList* dl, const PlaneFrame& f, const float* lv, const app::LatentPlane& p,
                             ImVec2 center, ImU32 color) {
  if (!p.has_y_axis()) return;
  double cxx = 0, cxy = 0, cyy = 0;
  for (int k = 0; k < p.latent(); ++k) {
    const double var = std::exp(static_cast<double>(lv[k]));
    cxx += p.axis_x()[k] * p.axis_x()[k] * var;
    cxy += p.axis_x()[k] * p.axis_y()[k] * var;
    cyy += p.axis_y()[k] * p.axis_y()[k] * var;
  }
  const double l11 = std::sqrt(cxx), l21 = l11 > 0 ? cxy / l11 : 0, l22 = std::sqrt(std::max(0.0, cyy - l21 * l21));
  ImVec2 points[48];
  for (const float k : {1.0f, 2.0f}) {
    for (int t = 0; t < 48; ++t) {
      const double a = t * 2 * 3.14159265358979 / 48, u = std::cos(a) * k, v = std::sin(a) * k;
      points[t] = f.to_screen(center.x + static_cast<float>(l11 * u), center.y + static_cast<float>(l21 * u + l22 * v));
    }
    dl->AddPolyline(points, 48, color, ImDrawFlags_Closed, 1.5f);
  }
}

}  // namespace

int ScatterPanel::draw(const Snapshot& snap, LatentState& s, ImVec2 origin, float side, ScreenRect& rect,
                       const ScatterMarks& marks) {
  ImGui::SetCursorScreenPos(origin);
  ImGui::InvisibleButton("scatter", {side, side},
                         ImGuiButtonFlags_MouseButtonLeft | ImGuiButtonFlags_MouseButtonRight |
                             ImGuiButtonFlags_MouseButtonMiddle);
  const bool hovered = ImGui::IsItemHovered(), active = ImGui::IsItemActive();
  PlaneFrame f{origin, {origin.x + side, origin.y + side}, s.window};
  ImGuiIO& io = ImGui::GetIO();

  // Navigation: wheel zooms around the cursor, right or middle drag pans.
  if (hovered && io.MouseWheel != 0) {
    const ImVec2 m = f.to_plane(io.MousePos);
    const float scale = std::pow(0.85f, io.MouseWheel);
    s.window = {m.x + (s.window.center_x - m.x) * scale, m.y + (s.window.center_y - m.y) * scale, s.window.half_x * scale,
                s.window.half_y * scale};
    s.follow_data = false;
  }
  if (active && (ImGui::IsMouseDragging(ImGuiMouseButton_Right) || ImGui::IsMouseDragging(ImGuiMouseButton_Middle))) {
    s.window.center_x -= io.MouseDelta.x / f.pixels_per_unit();
    s.window.center_y += io.MouseDelta.y / f.pixels_per_unit();
    s.follow_data = false;
  }
  f.window = s.window;

  // The points, uploaded when they moved and re-rendered when anything they depend on changed.
  if (uploaded_version_ != s.points_version) {
    renderer_.upload(s.xy, snap.data->test.labels);
    uploaded_version_ = s.points_version;
  }
  holes_shown_ = s.show_holes;
  if (holes_shown_) holes_.update(snap, s);
  const bool holes_drawn = holes_shown_ && holes_.ready();
  const RenderKey key{s.points_version, s.window, static_cast<int>(side * io.DisplayFramebufferScale.x),
                      s.visible_classes, s.point_size, holes_drawn ? holes_.version() : 0};
  if (!(key == rendered_)) {
    PlaneUnderlay underlay;
    if (holes_drawn) underlay = {holes_.shading_texture(), holes_.window()};
    renderer_.render(key.side_px, key.side_px, s.window, s.point_size, s.visible_classes, class_palette(),
                     plot_background_rgb(), underlay);
    rendered_ = key;
  }
  ImDrawList* dl = ImGui::GetWindowDrawList();
  draw_opaque_image(dl, reinterpret_cast<ImTextureID>(static_cast<uintptr_t>(renderer_.texture())), f.min, f.max, {0, 1},
                    {1, 0});
  rect = {f.min, f.max};
  dl->PushClipRect(f.min, f.max, true);
  draw_plane_ticks(dl, f);
  thumbnails_.draw(dl, snap, s, f);
  if (holes_drawn) {
    draw_prior_contours(dl, f, holes_);
    const float h = ImGui::GetTextLineHeight();
    if (ImGui::CalcTextSize(HolesMap::kLegend).x + 8 <= side) {
      dl->AddRectFilled({f.min.x, f.max.y - h - 4}, f.max, IM_COL32(0, 0, 0, 150));
      dl->AddText({f.min.x + 4, f.max.y - h - 2}, IM_COL32(230, 230, 230, 255), HolesMap::kLegend);
    }
  }

  // Cursor, trail: the left button held draws a path through latent space.
  if (hovered || active) {
    s.has_cursor = true;
    s.cursor = f.to_plane(io.MousePos);
  }
  if (marks.trail && ImGui::IsItemActivated() && ImGui::IsMouseClicked(ImGuiMouseButton_Left)) s.trail.clear();
  if (marks.trail && active && ImGui::IsMouseDown(ImGuiMouseButton_Left)) {
    const bool moved = s.trail.empty() || std::abs(f.to_screen(s.trail.back().x, s.trail.back().y).x - io.MousePos.x) +
                                                  std::abs(f.to_screen(s.trail.back().x, s.trail.back().y).y - io.MousePos.y) >=
                                              2.0f;
    if (moved && s.trail.size() < kMaxTrail) s.trail.push_back(s.cursor);
  }
  if (s.trail.size() >= 2) {
    std::vector<ImVec2> screen;
    screen.reserve(s.trail.size());
    for (const ImVec2& p : s.trail) screen.push_back(f.to_screen(p.x, p.y));
    dl->AddPolyline(screen.data(), static_cast<int>(screen.size()), IM_COL32(0, 0, 0, 160), 0, 4.0f);
    dl->AddPolyline(screen.data(), static_cast<int>(screen.size()), kTrailColor, 0, 2.0f);
  }

  // Marked test images (the interpolation's ends), each with its letter.
  const int n_points = static_cast<int>(s.xy.size() / 2);
  const auto point_of = [&](int i) { return f.to_screen(s.xy[2 * static_cast<size_t>(i)], s.xy[2 * static_cast<size_t>(i) + 1]); };
  for (const ScatterMarks::Mark& m : marks.marks) {
    if (m.index < 0 || m.index >= n_points) continue;
    const ImVec2 p = point_of(m.index);
    dl->AddCircleFilled(p, 5, IM_COL32(0, 0, 0, 255));
    dl->AddCircle(p, 6, IM_COL32(255, 255, 255, 255), 0, 2);
    dl->AddText({p.x + 7, p.y - 16}, IM_COL32(0, 0, 0, 255), m.label);
    dl->AddText({p.x + 6, p.y - 17}, IM_COL32(255, 255, 255, 255), m.label);
  }
  // The image hovered in a linked view: the same test index, wherever this model put it.
  if (marks.highlight >= 0 && marks.highlight < n_points && !hovered) {
    const ImVec2 p = point_of(marks.highlight);
    dl->AddCircle(p, 7, IM_COL32(0, 0, 0, 255), 0, 4);
    dl->AddCircle(p, 7, IM_COL32(255, 255, 255, 255), 0, 2);
  }

  // The drawing pad's picture: samples z ~ q(z|x) as small dots, the mean as a ringed diamond, and
  // its 1 and 2 sigma ellipses; drawn in white on black so they stand out from every class colour.
  if (marks.probe && static_cast<int>(marks.probe->mu.size()) == s.plane.latent()) {
    const ProbeMarks& probe = *marks.probe;
    for (Eigen::Index c = 0; c < probe.samples.cols(); ++c) {
      const auto [x, y] = s.plane.coordinates(probe.samples.col(c).data());
      const ImVec2 p = f.to_screen(x, y);
      dl->AddCircleFilled(p, 3.5f, IM_COL32(0, 0, 0, 255));
      dl->AddCircleFilled(p, 2.2f, kProbeColor);
    }
    const auto [mx, my] = s.plane.coordinates(probe.mu.data());
    if (!probe.lv.empty()) {
      draw_posterior_ellipses(dl, f, probe.lv.data(), s.plane, {mx, my}, kProbeColor);
    }
    const ImVec2 p = f.to_screen(mx, my);
    const ImVec2 diamond[4] = {{p.x, p.y - 8}, {p.x + 8, p.y}, {p.x, p.y + 8}, {p.x - 8, p.y}};
    dl->AddConvexPolyFilled(diamond, 4, IM_COL32(0, 0, 0, 255));
    const ImVec2 inner[4] = {{p.x, p.y - 5.5f}, {p.x + 5.5f, p.y}, {p.x, p.y + 5.5f}, {p.x - 5.5f, p.y}};
    dl->AddConvexPolyFilled(inner, 4, kProbeColor);
  }

  // Hover: the nearest test image, its label and its posterior's sigma ellipses.
  const int nearest = hovered ? nearest_point(s, snap, f, io.MousePos) : -1;
  if (nearest >= 0) {
    const ImVec2 center{s.xy[2 * static_cast<size_t>(nearest)], s.xy[2 * static_cast<size_t>(nearest) + 1]};
    const int label = snap.data->test.labels[static_cast<size_t>(nearest)];
    const bool has_posterior = snap.config.objective.mode != Mode::kAe;  // the AE's z is a point
    if (has_posterior) draw_posterior_ellipses(dl, f, &snap.test_lv(0, nearest), s.plane, center, IM_COL32(255, 255, 255, 200));
    dl->AddCircle(f.to_screen(center.x, center.y), 6, IM_COL32(255, 255, 255, 255), 0, 2);
    if (marks.tooltip) {
      if (nearest != hovered_index_ || snap.data.get() != hovered_data_) {
        hovered_image_.reserve(snap.data->shape, 1, 1);
        hovered_image_.put(0, 0, snap.data->test.images.col(nearest).data());
        hovered_image_.upload();
        hovered_index_ = nearest;
        hovered_data_ = snap.data.get();
      }
      const float size = ImGui::GetFontSize() * 6;
      ImGui::BeginTooltip();
      ImGui::Image(hovered_image_.id(), {size, size}, hovered_image_.uv_min(0, 0), hovered_image_.uv_max(0, 0));
      ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(class_color(label)), "test image #%d: %s", nearest,
                         snap.data->class_names[static_cast<size_t>(label)].c_str());
      if (has_posterior) ImGui::TextDisabled("rings: 1 and 2 sigma of q(z|x)");
      ImGui::EndTooltip();
    }
  }
  if (s.has_cursor && !hovered && !active) draw_crosshair(dl, f.to_screen(s.cursor.x, s.cursor.y), IM_COL32(255, 255, 255, 200));
  dl->PopClipRect();
  dl->AddRect(f.min, f.max, IM_COL32(255, 255, 255, 60));
  return nearest;
}

}  // namespace lex::gui
