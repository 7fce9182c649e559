#include "ui/latent_view.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <string>

#include "ui/nice_step.hpp"
#include "ui/palette.hpp"

namespace lex::gui {
namespace {

constexpr int kSide = 28;
constexpr size_t kMaxTrail = 4096;

// Inverse of the standard normal CDF (Acklam's rational approximation, |error| < 1.2e-9).
double normal_quantile(double p) {
  static const double a[] = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
                             1.383577518672690e+02,  -3.066479806614716e+01, 2.506628277459239e+00};
  static const double b[] = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                             6.680131188771972e+01,  -1.328068155288572e+01};
  static const double c[] = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                             -2.549732539343734e+00, 4.374664141464968e+00,  2.938163982698783e+00};
  static const double d[] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                             3.754408661907416e+00};
  const double lo = 0.02425, hi = 1 - lo;
  if (p < lo) {
    const double q = std::sqrt(-2 * std::log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
           ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (p > hi) return -normal_quantile(1 - p);
  const double q = p - 0.5, r = q * q;
  return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
         (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

}  // namespace

// The scatter and grid images are opaque: drawing them without blending spares a software
// rasteriser reading back half a megapixel every frame. ImGui's backend restores its state after.
void draw_opaque_image(ImDrawList* dl, ImTextureID texture, ImVec2 min, ImVec2 max, ImVec2 uv0, ImVec2 uv1) {
  dl->AddCallback([](const ImDrawList*, const ImDrawCmd*) { glDisable(GL_BLEND); }, nullptr);
  dl->AddImage(texture, min, max, uv0, uv1);
  dl->AddCallback(ImDrawCallback_ResetRenderState, nullptr);
}

namespace {

// Screen square <-> plane coordinates of the current view (y up in the plane, down on screen).
struct Frame {
  ImVec2 min, max;
  ScatterView view;
  ImVec2 to_screen(ImVec2 p) const {
    return {min.x + (p.x - (view.center_x - view.half_x)) / (2 * view.half_x) * (max.x - min.x),
            max.y - (p.y - (view.center_y - view.half_y)) / (2 * view.half_y) * (max.y - min.y)};
  }
  ImVec2 to_plane(ImVec2 s) const {
    return {view.center_x - view.half_x + (s.x - min.x) / (max.x - min.x) * 2 * view.half_x,
            view.center_y - view.half_y + (max.y - s.y) / (max.y - min.y) * 2 * view.half_y};
  }
  float pixels_per_unit() const { return (max.x - min.x) / (2 * view.half_x); }
};

// The centre of grid cell (i, j), j = 0 the top row, in plane coordinates.
ImVec2 grid_point(int i, int j, const LatentViewState& s) {
  const int n = s.grid_n;
  if (s.gaussian_quantiles)
    return {static_cast<float>(normal_quantile((i + 0.5) / n)), static_cast<float>(normal_quantile(1 - (j + 0.5) / n))};
  const ScatterView& v = s.view;
  return {v.center_x - v.half_x + (i + 0.5f) / n * 2 * v.half_x, v.center_y + v.half_y - (j + 0.5f) / n * 2 * v.half_y};
}

LatentResources::Key grid_key(const Snapshot& snap, const LatentViewState& s) {
  return {snap.version, s.plane, s.gaussian_quantiles ? ScatterView{} : s.view, s.grid_n, s.gaussian_quantiles, 0, 0};
}

// A square window around the bulk of the points: the 1st to 99th percentile, plus a margin, so a
// few outliers do not shrink the clusters to a dot.
ScatterView fit_view(const std::vector<float>& xy) {
  const size_t n = xy.size() / 2;
  if (n == 0) return {};
  static std::vector<float> scratch;  // UI thread only; reused
  auto percentile_range = [&](int axis, float& lo, float& hi) {
    scratch.resize(n);
    for (size_t i = 0; i < n; ++i) scratch[i] = xy[2 * i + axis];
    const size_t a = n / 100, b = n - 1 - n / 100;
    std::nth_element(scratch.begin(), scratch.begin() + a, scratch.end());
    lo = scratch[a];
    std::nth_element(scratch.begin(), scratch.begin() + b, scratch.end());
    hi = scratch[b];
  };
  float x0, x1, y0, y1;
  percentile_range(0, x0, x1);
  percentile_range(1, y0, y1);
  const float half = std::max({(x1 - x0) * 0.5f, (y1 - y0) * 0.5f, 1e-3f}) * 1.15f;
  return {(x0 + x1) * 0.5f, (y0 + y1) * 0.5f, half, half};
}

}  // namespace

void write_digit(const float* probs, uint8_t* out, int stride) {
  for (int r = 0; r < kSide; ++r)
    for (int c = 0; c < kSide; ++c) out[r * stride + c] = static_cast<uint8_t>(probs[r * kSide + c] * 255.0f + 0.5f);
}

namespace {

}  // namespace

void decode_latents(const Snapshot& snap, const LatentViewState& s, LatentResources& res, const Mat<float>& z,
                    Mat<float>& probs) {
  if (res.model_version != snap.version) {
    res.model = snap.model;
    res.model_version = snap.version;
  }
  res.labels.assign(res.model.conditional() ? static_cast<size_t>(z.cols()) : 0, static_cast<uint8_t>(s.decode_class));
  res.model.decode_probabilities(z, res.labels, probs);
}

namespace {

void decode_grid(const Snapshot& snap, const LatentViewState& s, LatentResources& res) {
  const auto t0 = std::chrono::steady_clock::now();
  const int n = s.grid_n, Z = res.projection.latent();
  if (res.grid_z.rows() != Z || res.grid_z.cols() != n * n) res.grid_z.resize(Z, n * n);
  for (int j = 0; j < n; ++j)
    for (int i = 0; i < n; ++i) {
      const ImVec2 p = grid_point(i, j, s);
      res.projection.lift(p.x, p.y, res.grid_z.col(j * n + i).data());
    }
  decode_latents(snap, s, res, res.grid_z, res.grid_probs);
  uint8_t* atlas = res.grid_atlas.pixels();
  const int stride = res.grid_atlas.stride();
  for (int j = 0; j < n; ++j)
    for (int i = 0; i < n; ++i)
      write_digit(res.grid_probs.col(j * n + i).data(), atlas + (j * kSide) * stride + i * kSide, stride);
  res.grid_atlas.upload(n * kSide, n * kSide);
  res.last_grid_decode_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  if (res.grid_decode_ms.size() < 100000) res.grid_decode_ms.push_back(res.last_grid_decode_ms);
}

// Decodes one latent point into a 28x28 texture when the point or the model changed.
void decode_one(const Snapshot& snap, const LatentViewState& s, ImVec2 plane_point, LatentResources& res,
                ImageTexture& image, std::vector<float>& decoded_z, uint64_t& decoded_version) {
  const int Z = res.projection.latent();
  res.z_scratch.resize(Z);
  res.projection.lift(plane_point.x, plane_point.y, res.z_scratch.data());
  if (decoded_version == snap.version && decoded_z == res.z_scratch) return;
  decoded_z = res.z_scratch;
  decoded_version = snap.version;
  if (res.one_z.rows() != Z) res.one_z.resize(Z, 1);
  std::copy(decoded_z.begin(), decoded_z.end(), res.one_z.data());
  decode_latents(snap, s, res, res.one_z, res.one_probs);
  write_digit(res.one_probs.data(), image.pixels(), image.stride());
  image.upload(kSide, kSide);
}

void upload_test_image(const Snapshot& snap, int index, LatentResources& res) {
  if (index == res.nearest_index && snap.data.get() == res.nearest_data) return;
  res.nearest_index = index;
  res.nearest_data = snap.data.get();
  write_digit(snap.data->test.images.col(index).data(), res.nearest_image.pixels(), res.nearest_image.stride());
  res.nearest_image.upload(kSide, kSide);
}

std::string axis_name(const LatentProjection& p, bool x) {
  const PlaneChoice& c = p.choice();
  if (c.pca) return x ? "PC1" : "PC2";
  if (!x && !p.has_y_axis()) return "(spread for visibility)";
  char name[16];  // snprintf, not "z" + to_string: GCC 12 warns falsely (-Wrestrict) on the latter
  std::snprintf(name, sizeof name, "z%d", x ? c.dim_x : c.dim_y);
  return name;
}

void draw_plane_ticks(ImDrawList* dl, const Frame& f) {
  const ImU32 grid_line = IM_COL32(255, 255, 255, 22), axis_line = IM_COL32(255, 255, 255, 70),
              label = IM_COL32(190, 190, 190, 220);
  // About one labelled tick per 90 pixels (at most 6), so labels like "-0.004" do not collide.
  const double step = nice_step(2 * f.view.half_x, std::clamp(static_cast<int>((f.max.x - f.min.x) / 90), 2, 6));
  char text[32];
  for (double x = std::ceil((f.view.center_x - f.view.half_x) / step) * step; x <= f.view.center_x + f.view.half_x;
       x += step) {
    const float px = f.to_screen({static_cast<float>(x), 0}).x;
    dl->AddLine({px, f.min.y}, {px, f.max.y}, std::abs(x) < step * 1e-3 ? axis_line : grid_line);
    std::snprintf(text, sizeof text, "%g", std::abs(x) < step * 1e-3 ? 0.0 : x);
    if (px > f.min.x + 40) dl->AddText({px + 2, f.max.y - 15}, label, text);  // the corner is the y labels'
  }
  for (double y = std::ceil((f.view.center_y - f.view.half_y) / step) * step; y <= f.view.center_y + f.view.half_y;
       y += step) {
    const float py = f.to_screen({0, static_cast<float>(y)}).y;
    dl->AddLine({f.min.x, py}, {f.max.x, py}, std::abs(y) < step * 1e-3 ? axis_line : grid_line);
    std::snprintf(text, sizeof text, "%g", std::abs(y) < step * 1e-3 ? 0.0 : y);
    if (py > f.min.y + 16 && py < f.max.y - 18) dl->AddText({f.min.x + 3, py - 14}, label, text);
  }
}

void draw_crosshair(ImDrawList* dl, ImVec2 p, ImU32 color) {
  dl->AddLine({p.x - 7, p.y}, {p.x + 7, p.y}, color, 1.5f);
  dl->AddLine({p.x, p.y - 7}, {p.x, p.y + 7}, color, 1.5f);
}

// 1- and 2-sigma ellipses of q(z|x) = N(mu, diag(sigma^2)) of test point i, projected onto the
// plane: covariance A diag(sigma^2) A^T with A the plane's two axes, drawn through its Cholesky
// factor.
void draw_posterior_ellipses(ImDrawList* dl, const Frame& f, const Snapshot& snap, const LatentProjection& p, int i,
                             ImVec2 center, ImU32 color) {
  if (!p.has_y_axis()) return;
  double cxx = 0, cxy = 0, cyy = 0;
  for (int k = 0; k < p.latent(); ++k) {
    const double var = std::exp(static_cast<double>(snap.test_lv(k, i)));
    cxx += p.axis_x()[k] * p.axis_x()[k] * var;
    cxy += p.axis_x()[k] * p.axis_y()[k] * var;
    cyy += p.axis_y()[k] * p.axis_y()[k] * var;
  }
  const double l11 = std::sqrt(cxx), l21 = l11 > 0 ? cxy / l11 : 0, l22 = std::sqrt(std::max(0.0, cyy - l21 * l21));
  ImVec2 points[48];
  for (const float k : {1.0f, 2.0f}) {
    for (int t = 0; t < 48; ++t) {
      const double a = t * 2 * 3.14159265358979 / 48, u = std::cos(a) * k, v = std::sin(a) * k;
      points[t] = f.to_screen({center.x + static_cast<float>(l11 * u), center.y + static_cast<float>(l21 * u + l22 * v)});
    }
    dl->AddPolyline(points, 48, color, ImDrawFlags_Closed, k == 1 ? 1.5f : 1.0f);
  }
}

// The test point nearest to the mouse within a few pixels, among the shown classes, or -1.
int nearest_point(const LatentProjection& p, const Snapshot& snap, const Frame& f, ImVec2 mouse, uint32_t visible) {
  const ImVec2 m = f.to_plane(mouse);
  const float radius = 8.0f / f.pixels_per_unit();
  float best = radius * radius;
  int best_i = -1;
  const std::vector<float>& xy = p.xy();
  const auto& labels = snap.data->test.labels;
  const int n = static_cast<int>(std::min(xy.size() / 2, labels.size()));
  for (int i = 0; i < n; ++i) {
    const float dx = xy[2 * i] - m.x, dy = xy[2 * i + 1] - m.y, d = dx * dx + dy * dy;
    if (d < best && (visible >> labels[i] & 1u)) best = d, best_i = i;
  }
  return best_i;
}

void draw_toolbar(const Snapshot& snap, LatentViewState& s, LatentResources& res) {
  const int Z = static_cast<int>(snap.test_mu.rows());
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("Plane");
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("Which 2-D slice of the %d-D latent space to show. Dimensions not shown are 0 when decoding;\n"
                      "PCA shows the plane of the test means' top two principal axes, through their mean.", Z);
  ImGui::SameLine();
  ImGui::SetNextItemWidth(110);
  const PlaneChoice& shown = res.projection.choice();
  char preview[32] = "PCA";
  if (!shown.pca) std::snprintf(preview, sizeof preview, "z%d / z%d", shown.dim_x, shown.dim_y);
  if (Z > 1 && ImGui::BeginCombo("##plane", preview)) {
    if (Z > 2 && ImGui::Selectable("PCA", shown.pca)) s.plane.pca = true;
    if (ImGui::Selectable("dimensions", !shown.pca)) s.plane.pca = false;
    ImGui::EndCombo();
  }
  if (Z == 1) ImGui::TextDisabled("z0 (1-D latent)");
  if (!shown.pca && Z > 2) {
    ImGui::SameLine();
    ImGui::SetNextItemWidth(80);
    ImGui::SliderInt("x dim", &s.plane.dim_x, 0, Z - 1);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(80);
    ImGui::SliderInt("y dim", &s.plane.dim_y, 0, Z - 1);
  }
  ImGui::SameLine();
  if (ImGui::Button("Fit view")) {
    s.view = fit_view(res.projection.xy());
    s.follow_data = true;
  }
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Fit the window to the points and follow them as training moves them.");
  ImGui::SameLine();
  ImGui::Checkbox("follow", &s.follow_data);
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("Re-fit the window to every new snapshot. Panning (right or middle drag) or zooming (wheel) "
                      "turns it off.");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(80);
  ImGui::SliderFloat("point size", &s.point_size, 1.0f, 8.0f, "%.0f px");
  ImGui::SameLine(0, 24);
  ImGui::SetNextItemWidth(100);
  ImGui::SliderInt("grid N", &s.grid_n, 5, LatentResources::kMaxGrid);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("The grid decodes N x N evenly spaced points of the scatter's window.");
  ImGui::SameLine();
  ImGui::Checkbox("Gaussian quantiles", &s.gaussian_quantiles);
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("Place the grid at z = Phi^-1((i + 0.5) / N) of the N(0, 1) prior, as in the Keras VAE example,\n"
                      "instead of over the scatter's window: each cell then covers equal prior mass.");

  // Class legend: toggles, coloured as the points; right-click shows one class alone.
  const auto& names = snap.data->class_names;
  for (int c = 0; c < 10; ++c) {
    bool on = s.visible_classes >> c & 1u;
    ImGui::PushID(c);
    ImGui::PushStyleColor(ImGuiCol_CheckMark, class_color(c));
    ImGui::PushStyleColor(ImGuiCol_Text, class_color(c));
    const std::string name = c < static_cast<int>(names.size()) ? names[c] : std::to_string(c);
    if (ImGui::Checkbox(name.c_str(), &on)) s.visible_classes ^= 1u << c;
    ImGui::PopStyleColor(2);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Show or hide class '%s'; right-click to show it alone.", name.c_str());
    if (ImGui::IsItemClicked(ImGuiMouseButton_Right)) s.visible_classes = 1u << c;
    ImGui::PopID();
    ImGui::SameLine();
  }
  if (ImGui::SmallButton("all")) s.visible_classes = 0x3FF;
}

}  // namespace

int draw_scatter_square(const Snapshot& snap, LatentViewState& s, LatentResources& res, ImVec2 origin, float side,
                        ScreenRect& rect, const ScatterMarks& marks) {
  ImGui::SetCursorScreenPos(origin);
  ImGui::InvisibleButton("scatter", {side, side},
                         ImGuiButtonFlags_MouseButtonLeft | ImGuiButtonFlags_MouseButtonRight |
                             ImGuiButtonFlags_MouseButtonMiddle);
  const bool hovered = ImGui::IsItemHovered(), active = ImGui::IsItemActive();
  Frame f{origin, {origin.x + side, origin.y + side}, s.view};
  ImGuiIO& io = ImGui::GetIO();

  // Navigation: wheel zooms around the cursor, right or middle drag pans.
  if (hovered && io.MouseWheel != 0) {
    const ImVec2 m = f.to_plane(io.MousePos);
    const float scale = std::pow(0.85f, io.MouseWheel);
    s.view = {m.x + (s.view.center_x - m.x) * scale, m.y + (s.view.center_y - m.y) * scale, s.view.half_x * scale,
              s.view.half_y * scale};
    s.follow_data = false;
  }
  if (active && (ImGui::IsMouseDragging(ImGuiMouseButton_Right) || ImGui::IsMouseDragging(ImGuiMouseButton_Middle))) {
    s.view.center_x -= io.MouseDelta.x / f.pixels_per_unit();
    s.view.center_y += io.MouseDelta.y / f.pixels_per_unit();
    s.follow_data = false;
  }
  f.view = s.view;

  // The points, re-rendered only when something they depend on changed.
  const int side_px = static_cast<int>(side * io.DisplayFramebufferScale.x);
  const LatentResources::Key key{res.points_version, s.plane, s.view, side_px, 0, s.visible_classes, s.point_size};
  if (!(key == res.scatter_key)) {
    res.scatter.render(side_px, side_px, s.view, s.point_size, s.visible_classes, class_palette(), plot_background_rgb());
    res.scatter_key = key;
  }
  ImDrawList* dl = ImGui::GetWindowDrawList();
  draw_opaque_image(dl, reinterpret_cast<ImTextureID>(static_cast<uintptr_t>(res.scatter.texture())), f.min, f.max,
                    {0, 1}, {1, 0});
  rect = {f.min, f.max};
  dl->PushClipRect(f.min, f.max, true);
  draw_plane_ticks(dl, f);

  // Cursor, trail: the left button held draws a path through latent space.
  if (hovered || active) {
    s.has_cursor = true;
    s.cursor = f.to_plane(io.MousePos);
  }
  if (marks.trail && ImGui::IsItemActivated() && ImGui::IsMouseClicked(ImGuiMouseButton_Left)) s.trail.clear();
  if (marks.trail && active && ImGui::IsMouseDown(ImGuiMouseButton_Left)) {
    const bool moved = s.trail.empty() || std::abs(f.to_screen(s.trail.back()).x - io.MousePos.x) +
                                                  std::abs(f.to_screen(s.trail.back()).y - io.MousePos.y) >= 2.0f;
    if (moved && s.trail.size() < kMaxTrail) s.trail.push_back(s.cursor);
  }
  if (s.trail.size() >= 2) {
    static std::vector<ImVec2> screen;  // UI thread only; reused
    screen.clear();
    for (const ImVec2& p : s.trail) screen.push_back(f.to_screen(p));
    dl->AddPolyline(screen.data(), static_cast<int>(screen.size()), IM_COL32(0, 0, 0, 160), 0, 4.0f);
    dl->AddPolyline(screen.data(), static_cast<int>(screen.size()), kTrailColor, 0, 2.0f);
  }

  // Marked test images (the interpolation's ends), each with its letter.
  const auto point_of = [&](int i) { return f.to_screen({res.projection.xy()[2 * i], res.projection.xy()[2 * i + 1]}); };
  const int n_points = static_cast<int>(res.projection.xy().size() / 2);
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

  // Hover: the nearest test image, its label and its posterior's sigma ellipses.
  const int nearest = hovered ? nearest_point(res.projection, snap, f, io.MousePos, s.visible_classes) : -1;
  if (nearest >= 0) {
    const ImVec2 center{res.projection.xy()[2 * nearest], res.projection.xy()[2 * nearest + 1]};
    const int label = snap.data->test.labels[nearest];
    const bool has_posterior = snap.config.objective.mode != Mode::kAe;  // the AE's z is a point
    if (has_posterior) draw_posterior_ellipses(dl, f, snap, res.projection, nearest, center, IM_COL32(255, 255, 255, 200));
    dl->AddCircle(f.to_screen(center), 6, IM_COL32(255, 255, 255, 255), 0, 2);
    upload_test_image(snap, nearest, res);
    if (marks.tooltip) {
    ImGui::BeginTooltip();
    ImGui::Image(res.nearest_image.id(), {84, 84}, {0, 0}, res.nearest_image.uv_max());
    ImGui::SameLine();
    ImGui::Image(res.cursor_image.id(), {84, 84}, {0, 0}, res.cursor_image.uv_max());
    const std::string name = label < static_cast<int>(snap.data->class_names.size()) ? snap.data->class_names[label] : "?";
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(class_color(label)), "test image #%d: %s", nearest, name.c_str());
    ImGui::TextDisabled("left: the image   right: decoded at the cursor");
    if (has_posterior) ImGui::TextDisabled("rings: 1 and 2 sigma of q(z|x)");
    ImGui::EndTooltip();
    }
  }
  if (s.has_cursor && !hovered && !active) draw_crosshair(dl, f.to_screen(s.cursor), IM_COL32(255, 255, 255, 200));
  dl->PopClipRect();
  dl->AddRect(f.min, f.max, IM_COL32(255, 255, 255, 60));
  return nearest;
}

bool grid_is_stale(const Snapshot& snap, const LatentViewState& s, const LatentResources& res) {
  return !(grid_key(snap, s) == res.grid_key);
}

void draw_grid_square(const Snapshot& snap, LatentViewState& s, LatentResources& res, ImVec2 origin, float side,
                      ScreenRect& rect, bool may_decode) {
  const LatentResources::Key key = grid_key(snap, s);
  if (!(key == res.grid_key) && (may_decode || res.grid_key.version == 0)) {
    decode_grid(snap, s, res);
    res.grid_key = key;
  }
  ImGui::SetCursorScreenPos(origin);
  ImGui::InvisibleButton("grid", {side, side});
  const bool hovered = ImGui::IsItemHovered();
  const Frame f{origin, {origin.x + side, origin.y + side}, s.view};
  ImDrawList* dl = ImGui::GetWindowDrawList();
  draw_opaque_image(dl, res.grid_atlas.id(), f.min, f.max, {0, 0}, res.grid_atlas.uv_max());
  rect = {f.min, f.max};
  const float cell = side / s.grid_n;
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  if (hovered) {
    const int i = std::clamp(static_cast<int>((mouse.x - f.min.x) / cell), 0, s.grid_n - 1);
    const int j = std::clamp(static_cast<int>((mouse.y - f.min.y) / cell), 0, s.grid_n - 1);
    // Over the grid the cursor moves continuously through the same window as the scatter; with
    // quantiles the cells are not evenly spaced, so the cursor snaps to the cell's point.
    s.has_cursor = true;
    s.cursor = s.gaussian_quantiles ? grid_point(i, j, s) : f.to_plane(mouse);
    const ImVec2 cell_min{f.min.x + i * cell, f.min.y + j * cell};
    dl->AddRect(cell_min, {cell_min.x + cell, cell_min.y + cell}, IM_COL32(255, 255, 255, 180));
    if (ImGui::IsMouseClicked(ImGuiMouseButton_Left)) {
      s.has_pinned = true;
      s.pinned = grid_point(i, j, s);
      s.pinned_cell = j * s.grid_n + i;
      s.pinned_grid_n = s.grid_n;
    }
    ImGui::SetTooltip("cell (%d, %d): z = (%.2f, %.2f) in the plane\nclick to pin it in the preview", i, j,
                      grid_point(i, j, s).x, grid_point(i, j, s).y);
  } else if (s.has_cursor && !s.gaussian_quantiles) {
    dl->PushClipRect(f.min, f.max, true);
    draw_crosshair(dl, f.to_screen(s.cursor), IM_COL32(255, 80, 80, 230));
    dl->PopClipRect();
  }
  if (s.has_pinned && s.pinned_grid_n == s.grid_n && s.pinned_cell >= 0) {
    const int i = s.pinned_cell % s.grid_n, j = s.pinned_cell / s.grid_n;
    const ImVec2 cell_min{f.min.x + i * cell, f.min.y + j * cell};
    dl->AddRect(cell_min, {cell_min.x + cell, cell_min.y + cell}, IM_COL32(230, 159, 0, 255), 0, 0, 2);
  }
  dl->AddRect(f.min, f.max, IM_COL32(255, 255, 255, 60));
}

void sync_latent_points(const Snapshot& snap, LatentViewState& s, LatentResources& res) {
  const PlaneChoice plane_before = res.projection.choice();
  const int latent_before = res.projection.latent();
  if (res.projection.update(snap, s.plane)) {
    const bool plane_changed = !(res.projection.choice() == plane_before) || res.projection.latent() != latent_before;
    res.scatter.upload(res.projection.xy(), snap.data->test.labels);
    res.points_version = snap.version;
    if (s.follow_data || plane_changed) s.view = fit_view(res.projection.xy());
    if (plane_changed) s.trail.clear();
    if (!s.has_cursor) s.has_cursor = true, s.cursor = {0, 0};  // the prior's mean, until the mouse moves
  }
  if (!(s.view.half_x > 0) || !std::isfinite(s.view.half_x)) s.view = fit_view(res.projection.xy());
}

void draw_latent_panel(const Snapshot* snap, LatentViewState& s, LatentResources& res, PanelRects& rects) {
  if (!snap || !snap->data || snap->test_mu.cols() == 0) {
    ImGui::TextDisabled("No model yet: the latent space appears once data is loaded and a model exists.");
    return;
  }
  sync_latent_points(*snap, s, res);
  draw_toolbar(*snap, s, res);

  // Two squares of the same size, side by side: the scatter and the grid share one frame.
  const float caption = ImGui::GetTextLineHeightWithSpacing();
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float gap = 16;
  const float side = std::max(64.0f, std::min((avail.x - gap) * 0.5f, avail.y - caption));
  const ImVec2 top = ImGui::GetCursorScreenPos();
  const ImVec2 scatter_origin{top.x, top.y + caption}, grid_origin{top.x + side + gap, top.y + caption};
  ImDrawList* dl = ImGui::GetWindowDrawList();
  char text[160];
  std::snprintf(text, sizeof text, "Latent means of %d test images:  %s  vs  %s", static_cast<int>(snap->test_mu.cols()),
                axis_name(res.projection, true).c_str(), axis_name(res.projection, false).c_str());
  dl->AddText(top, ImGui::GetColorU32(ImGuiCol_Text), text);
  std::snprintf(text, sizeof text, "Decoder on a %dx%d grid %s", s.grid_n, s.grid_n,
                s.gaussian_quantiles ? "at N(0,1) quantiles" : "over the same window");
  dl->AddText({grid_origin.x, top.y}, ImGui::GetColorU32(ImGuiCol_Text), text);
  draw_scatter_square(*snap, s, res, scatter_origin, side, rects.scatter, ScatterMarks{});
  draw_grid_square(*snap, s, res, grid_origin, side, rects.grid);
  // Decoded here as well as in the preview, so the tooltip's image follows the cursor this frame.
  if (s.has_cursor) decode_one(*snap, s, s.cursor, res, res.cursor_image, res.cursor_z_decoded, res.cursor_version);
  ImGui::SetCursorScreenPos({top.x, top.y + caption + side + 4});
  ImGui::Dummy({1, 1});
}

void draw_decoder_preview(const Snapshot* snap, LatentViewState& s, LatentResources& res) {
  if (!snap || snap->test_mu.cols() == 0 || res.projection.latent() != snap->test_mu.rows()) {
    ImGui::TextDisabled("No model yet.");
    return;
  }
  if (s.has_cursor) decode_one(*snap, s, s.cursor, res, res.cursor_image, res.cursor_z_decoded, res.cursor_version);
  if (s.has_pinned) decode_one(*snap, s, s.pinned, res, res.pinned_image, res.pinned_z_decoded, res.pinned_version);
  const float avail = ImGui::GetContentRegionAvail().x;
  const float side = std::min(176.0f, (avail - ImGui::GetStyle().ItemSpacing.x) * 0.5f);
  ImGui::BeginGroup();
  ImGui::TextUnformatted("Under the cursor");
  if (s.has_cursor) {
    ImGui::Image(res.cursor_image.id(), {side, side}, {0, 0}, res.cursor_image.uv_max());
    ImGui::TextDisabled("(%.2f, %.2f)", s.cursor.x, s.cursor.y);
  } else {
    ImGui::Dummy({side, side});
    ImGui::TextDisabled("move over the scatter");
  }
  ImGui::EndGroup();
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("sigmoid(decoder(z)) at the cursor's point of the plane, decoded every time it moves.\n"
                      "Hold the left button on the scatter to leave a trail.");
  ImGui::SameLine();
  ImGui::BeginGroup();
  ImGui::TextUnformatted("Pinned grid cell");
  if (s.has_pinned) {
    ImGui::Image(res.pinned_image.id(), {side, side}, {0, 0}, res.pinned_image.uv_max());
    ImGui::TextDisabled("(%.2f, %.2f)", s.pinned.x, s.pinned.y);
  } else {
    ImGui::Dummy({side, side});
    ImGui::TextDisabled("click a grid cell");
  }
  ImGui::EndGroup();
  ImGui::Spacing();
  ImGui::TextWrapped("Move over the scatter or the grid: the decoder redraws the digit at that point of latent "
                     "space every frame. Hold the left button on the scatter to leave a trail; wheel zooms, right "
                     "or middle drag pans; hover a point to see its test image.");
}

}  // namespace lex::gui
