#include "widgets/loss_plot.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "widgets/colors.hpp"
#include "common/nice_step.hpp"
#include "widgets/widgets.hpp"

namespace lex::gui {
namespace {

const char* const kPartNames[3] = {"total", "reconstruction", "KL"};
const char* const kPartTips[3] = {
    "loss = reconstruction + beta * KL, in nats per image: the negative ELBO the model minimises (for beta = 1).",
    "reconstruction = E_q[-log p(x|z)]: how badly the decoder redraws an image from its code, in nats per image.",
    "KL = KL(q(z|x) || N(0, I)): how far each image's posterior is from the prior, in nats; 0 for the plain "
    "autoencoder.",
};

constexpr float kLeftMargin = 58, kBottomMargin = 22, kTopMargin = 6, kRightMargin = 10;
constexpr float kMinMarkerGap = 12;  // pixels between two test-loss markers

// Data <-> pixel mapping of the plot area.
struct Axes {
  ImVec2 min, max;  // plot area in pixels
  double x0, x1, y0, y1;
  float px(double x) const { return min.x + static_cast<float>((x - x0) / (x1 - x0)) * (max.x - min.x); }
  float py(double y) const { return max.y - static_cast<float>((y - y0) / (y1 - y0)) * (max.y - min.y); }
  double data_x(float p) const { return x0 + (p - min.x) / (max.x - min.x) * (x1 - x0); }
  double data_y(float p) const { return y0 + (max.y - p) / (max.y - min.y) * (y1 - y0); }
};

double plotted(float value, bool log_y) { return log_y ? std::log10(std::max(value, 1e-3f)) : value; }

// On a log axis the fit spans at most this many decades below its top: a KL that has gone to
// ~0 (kl-only, or a dimension switched off) would otherwise squash the curves that move. A
// curve below the range gets a note at the bottom edge.
constexpr double kMaxLogDecades = 2.5;

// The range auto-fit shows: x over all the data, y over the data after the first steps (and at
// most kMaxLogDecades deep on a log axis); false if there is nothing to show.
bool fit(const std::vector<LossCurve>& curves, const LossPlotState& s, double& x0, double& x1, double& y0, double& y1) {
  x0 = y0 = std::numeric_limits<double>::infinity();
  x1 = y1 = -std::numeric_limits<double>::infinity();
  double last_step = 0;
  for (const LossCurve& c : curves) {
    if (s.show_train && !c.history->train().empty()) last_step = std::max(last_step, c.history->train().back().step);
    if (s.show_test && !c.history->test().empty()) last_step = std::max(last_step, c.history->test().back().step);
  }
  const double skip = fit_skip_steps(last_step);  // the x range still starts at the first step
  auto take = [&](const std::vector<LossSample>& samples, int part) {
    for (const LossSample& p : samples) {
      x0 = std::min(x0, p.x(s.x_in_epochs));
      x1 = std::max(x1, p.x(s.x_in_epochs));
      if (p.step < skip || (s.log_y && !(p.part(part) > 0))) continue;
      const double y = plotted(p.part(part), s.log_y);
      y0 = std::min(y0, y);
      y1 = std::max(y1, y);
    }
  };
  for (const LossCurve& c : curves) {
    if (s.show_train) take(c.history->train(), c.part);
    if (s.show_test) take(c.history->test(), c.part);
  }
  if (!(x1 >= x0) || !(y1 >= y0)) return false;
  if (x1 - x0 < 1e-9) x1 = x0 + (s.x_in_epochs ? 0.01 : 1);
  if (s.log_y) y0 = std::max(y0, y1 - kMaxLogDecades);
  const double pad = std::max(s.log_y ? 0.02 : 1e-6, (y1 - y0) * 0.06);
  y0 -= pad;
  y1 += pad;
  return true;
}

// Drops points that a straight line would draw within `tolerance` pixels anyway (the "sleeve"
// test: each kept segment passes within tolerance of every point it replaces). A smooth curve
// then costs a few hundred segments instead of one per pixel: on software GL every tiny
// anti-aliased segment is several triangles, and they were most of a frame.
void simplify(std::vector<ImVec2>& points, float tolerance) {
  if (points.size() < 3) return;
  size_t kept = 1;  // points[0..kept) are final; points[kept - 1] is the anchor
  float slope_lo = -std::numeric_limits<float>::infinity(), slope_hi = std::numeric_limits<float>::infinity();
  for (size_t i = 1; i < points.size(); ++i) {
    const ImVec2 anchor = points[kept - 1], p = points[i];
    const float dx = p.x - anchor.x;
    const float slope = dx > 0.5f ? (p.y - anchor.y) / dx : std::numeric_limits<float>::quiet_NaN();
    if (i > 1 && !(slope >= slope_lo && slope <= slope_hi)) {
      // p leaves the sleeve: the previous point becomes the new anchor.
      points[kept++] = points[i - 1];
      slope_lo = -std::numeric_limits<float>::infinity(), slope_hi = std::numeric_limits<float>::infinity();
      const ImVec2 a = points[kept - 1];
      const float dx2 = p.x - a.x;
      if (dx2 <= 0.5f) {  // vertical step (a min/max pair): keep both ends
        points[kept++] = p;
        continue;
      }
    }
    const ImVec2 a = points[kept - 1];
    const float d = p.x - a.x;
    if (d > 0.5f) {
      slope_lo = std::max(slope_lo, (p.y - tolerance - a.y) / d);
      slope_hi = std::min(slope_hi, (p.y + tolerance - a.y) / d);
    }
  }
  if (!(points[kept - 1].x == points.back().x && points[kept - 1].y == points.back().y)) points[kept++] = points.back();
  points.resize(kept);
}

// The series as at most two points per pixel column, its min and max in the order they occur,
// then simplified.
void decimate(const std::vector<LossSample>& samples, int part, const LossPlotState& s, const Axes& a,
              std::vector<ImVec2>& out) {
  out.clear();
  auto first = std::lower_bound(samples.begin(), samples.end(), a.x0,
                                [&](const LossSample& p, double x) { return p.x(s.x_in_epochs) < x; });
  if (first != samples.begin()) --first;  // start just off-screen so the line enters from the edge
  int column = std::numeric_limits<int>::min();
  float column_x = 0, lo = 0, hi = 0;
  bool lo_first = true;
  auto flush = [&] {
    if (column == std::numeric_limits<int>::min()) return;
    out.push_back({column_x, lo_first ? lo : hi});
    if (lo != hi) out.push_back({column_x, lo_first ? hi : lo});
  };
  for (auto it = first; it != samples.end(); ++it) {
    if (s.log_y && !(it->part(part) > 0)) continue;  // 0 has no place on a log axis (the AE's KL)
    const float x = a.px(it->x(s.x_in_epochs));
    const float y = a.py(plotted(it->part(part), s.log_y));
    const int c = static_cast<int>(std::floor(x));
    if (c != column) {
      flush();
      column = c;
      column_x = x;
      lo = hi = y;
      lo_first = true;
    } else {
      if (y < lo) lo = y, lo_first = false;
      if (y > hi) hi = y, lo_first = true;
    }
    if (x > a.max.x + 2) break;
  }
  flush();
  simplify(out, 0.5f);
}

void draw_axes(ImDrawList* dl, const Axes& a, const LossPlotState& s) {
  const ImU32 grid = IM_COL32(255, 255, 255, 28), label = IM_COL32(200, 200, 200, 255);
  char text[32];
  // y ticks: decades (and 2, 5 within a decade when few decades show) on a log axis.
  if (s.log_y && a.y1 - a.y0 < 0.6) {
    // Less than a factor of 4 shows (auto-fit on a slowly falling loss): 1-2-5 marks would
    // leave the axis bare, so evenly spaced values, placed on the log scale.
    const double v0 = std::pow(10.0, a.y0), v1 = std::pow(10.0, a.y1), step = app::nice_step(v1 - v0, 5);
    for (double v = std::ceil(v0 / step) * step; v <= v1; v += step) {
      const float py = a.py(std::log10(v));
      dl->AddLine({a.min.x, py}, {a.max.x, py}, grid);
      std::snprintf(text, sizeof text, "%g", v);
      dl->AddText({a.min.x - kLeftMargin + 4, py - 7}, label, text);
    }
  } else if (s.log_y) {
    const double decades = a.y1 - a.y0;
    for (int e = static_cast<int>(std::floor(a.y0)); e <= static_cast<int>(std::ceil(a.y1)); ++e) {
      for (const double m : {1.0, 2.0, 5.0}) {
        if (m != 1.0 && decades > 2.5) continue;
        const double y = e + std::log10(m);
        if (y < a.y0 || y > a.y1) continue;
        const float py = a.py(y);
        dl->AddLine({a.min.x, py}, {a.max.x, py}, grid);
        std::snprintf(text, sizeof text, "%g", m * std::pow(10.0, e));
        dl->AddText({a.min.x - kLeftMargin + 4, py - 7}, label, text);
      }
    }
  } else {
    const double step = app::nice_step(a.y1 - a.y0, 6);
    for (double y = std::ceil(a.y0 / step) * step; y <= a.y1; y += step) {
      const float py = a.py(y);
      dl->AddLine({a.min.x, py}, {a.max.x, py}, grid);
      std::snprintf(text, sizeof text, "%g", std::abs(y) < step * 1e-6 ? 0.0 : y);
      dl->AddText({a.min.x - kLeftMargin + 4, py - 7}, label, text);
    }
  }
  const double step = app::nice_step(a.x1 - a.x0, std::max(2, static_cast<int>((a.max.x - a.min.x) / 90)));
  for (double x = std::ceil(a.x0 / step) * step; x <= a.x1; x += step) {
    const float px = a.px(x);
    dl->AddLine({px, a.min.y}, {px, a.max.y}, grid);
    std::snprintf(text, sizeof text, "%g", x);
    dl->AddText({px - ImGui::CalcTextSize(text).x * 0.5f, a.max.y + 3}, label, text);
  }
  dl->AddRect(a.min, a.max, IM_COL32(255, 255, 255, 60));
}

}  // namespace

void draw_loss_part_toggle(LossPlotState& s, int part, ImU32 color) {
  ImGui::PushStyleColor(ImGuiCol_CheckMark, color);
  ImGui::PushStyleColor(ImGuiCol_Text, color);
  ImGui::Checkbox(kPartNames[part], &s.show_part[part]);
  ImGui::PopStyleColor(2);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", kPartTips[part]);
}

void draw_loss_axis_options(LossPlotState& s) {
  ImGui::Checkbox("train (line)", &s.show_train);
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("Training minibatch losses, smoothed by a moving average (alpha %.2f per step).",
                      LossHistory::kEmaAlpha);
  same_line_if_fits(toggle_width("test (dots)"));
  ImGui::Checkbox("test (dots)", &s.show_test);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("The whole test set, once per epoch, with fixed noise.");
  same_line_if_fits(ImGui::CalcTextSize("|").x + toggle_width("steps"));
  ImGui::TextDisabled("|");
  ImGui::SameLine();
  const bool was_epochs = s.x_in_epochs, was_log = s.log_y;
  int x_axis = s.x_in_epochs ? 1 : 0;
  ImGui::RadioButton("steps", &x_axis, 0);
  same_line_if_fits(toggle_width("epochs"));
  ImGui::RadioButton("epochs", &x_axis, 1);
  s.x_in_epochs = x_axis == 1;
  same_line_if_fits(toggle_width("log y"));
  ImGui::Checkbox("log y", &s.log_y);
  same_line_if_fits(toggle_width("auto-fit"));
  ImGui::Checkbox("auto-fit", &s.auto_fit);
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("Fit the axes to the data every frame. Wheel zooms and drag pans (which turns this off);\n"
                      "double-click the plot to fit again.");
  if (was_epochs != s.x_in_epochs || was_log != s.log_y) s.auto_fit = true;  // old ranges mean nothing now
}

namespace {

const LossSample* nearest_sample(const std::vector<LossSample>& samples, double x, bool in_epochs) {
  if (samples.empty()) return nullptr;
  auto it = std::lower_bound(samples.begin(), samples.end(), x,
                             [&](const LossSample& p, double v) { return p.x(in_epochs) < v; });
  if (it == samples.end()) return &samples.back();
  if (it != samples.begin() && x - std::prev(it)->x(in_epochs) < it->x(in_epochs) - x) --it;
  return &*it;
}

void hover_readout(const std::vector<LossCurve>& curves, const LossPlotState& s, const Axes& a, ImDrawList* dl) {
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  dl->AddLine({mouse.x, a.min.y}, {mouse.x, a.max.y}, IM_COL32(255, 255, 255, 90));
  const double x = a.data_x(mouse.x);
  const LossSample* head = nullptr;
  const LossSample* head_test = nullptr;
  for (const LossCurve& c : curves) {
    if (!head && s.show_train) head = nearest_sample(c.history->train(), x, s.x_in_epochs);
    if (!head_test && s.show_test) head_test = nearest_sample(c.history->test(), x, s.x_in_epochs);
  }
  if (!head) head = head_test;
  if (!head) return;
  ImGui::BeginTooltip();
  ImGui::Text("step %.0f   epoch %.2f", head->step, head->epoch);
  if (ImGui::BeginTable("readout", 3, ImGuiTableFlags_SizingFixedFit)) {
    ImGui::TableNextColumn();
    ImGui::TableNextColumn();
    ImGui::TextDisabled("train");
    ImGui::TableNextColumn();
    ImGui::TextDisabled(head_test ? "test (ep %.0f)" : "test", head_test ? head_test->epoch : 0.0);
    for (const LossCurve& c : curves) {
      const LossSample* train = s.show_train ? nearest_sample(c.history->train(), x, s.x_in_epochs) : nullptr;
      const LossSample* test = s.show_test ? nearest_sample(c.history->test(), x, s.x_in_epochs) : nullptr;
      ImGui::TableNextColumn();
      ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(c.color), "%s", c.label.c_str());
      ImGui::TableNextColumn();
      if (train) ImGui::Text("%9.3f", train->part(c.part));
      ImGui::TableNextColumn();
      if (test) ImGui::Text("%9.3f", test->part(c.part));
      if (train) dl->AddCircle({a.px(train->x(s.x_in_epochs)), a.py(plotted(train->part(c.part), s.log_y))}, 4, c.color);
      if (test)
        dl->AddCircleFilled({a.px(test->x(s.x_in_epochs)), a.py(plotted(test->part(c.part), s.log_y))}, 5, c.color);
    }
    ImGui::EndTable();
  }
  ImGui::EndTooltip();
}

// A curve whose latest value lies under the plot (a KL gone to ~0 on a log axis) is named at the
// bottom edge with that value, so that it is not simply missing.
void draw_below_range_notes(const std::vector<LossCurve>& curves, const LossPlotState& s, const Axes& a, ImDrawList* dl) {
  float x = a.min.x + 6;
  char text[96];
  for (const LossCurve& c : curves) {
    const std::vector<LossSample>& samples = s.show_train ? c.history->train() : c.history->test();
    if (samples.empty()) continue;
    const float value = samples.back().part(c.part);
    if (!(plotted(value, s.log_y) < a.y0) || (s.log_y && !(value > 0))) continue;
    std::snprintf(text, sizeof text, "%s %.2g (below)", c.label.c_str(), value);
    dl->AddText({x, a.max.y - ImGui::GetTextLineHeight() - 2}, c.color, text);
    x += ImGui::CalcTextSize(text).x + 12;
  }
}

// Wheel zooms around the cursor, drag pans, double-click re-fits. Any of them ends auto-fit.
void handle_navigation(LossPlotState& s, const Axes& a) {
  ImGuiIO& io = ImGui::GetIO();
  if (ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) {
    s.auto_fit = true;
    return;
  }
  if (io.MouseWheel != 0) {
    const double scale = std::pow(0.85, io.MouseWheel);
    const double mx = a.data_x(io.MousePos.x), my = a.data_y(io.MousePos.y);
    s.x_min = mx + (a.x0 - mx) * scale, s.x_max = mx + (a.x1 - mx) * scale;
    s.y_min = my + (a.y0 - my) * scale, s.y_max = my + (a.y1 - my) * scale;
    s.auto_fit = false;
  }
  if (ImGui::IsMouseDragging(ImGuiMouseButton_Left) && ImGui::IsItemActive()) {
    const double dx = io.MouseDelta.x / (a.max.x - a.min.x) * (a.x1 - a.x0);
    const double dy = io.MouseDelta.y / (a.max.y - a.min.y) * (a.y1 - a.y0);
    s.x_min = a.x0 - dx, s.x_max = a.x1 - dx;
    s.y_min = a.y0 + dy, s.y_max = a.y1 + dy;
    s.auto_fit = false;
  }
}

}  // namespace

void draw_loss_canvas(const std::vector<LossCurve>& curves, LossPlotState& s, ScreenRect& rect) {
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  ImVec2 size = ImGui::GetContentRegionAvail();
  size.x = std::max(size.x, 120.0f);
  size.y = std::max(size.y, 80.0f);
  ImGui::InvisibleButton("loss_canvas", size);
  const bool hovered = ImGui::IsItemHovered();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  rect = {origin, {origin.x + size.x, origin.y + size.y}};
  // No filled background: the window's (the clear colour) shows through, which saves software GL
  // a large fill every frame.

  Axes a{{origin.x + kLeftMargin, origin.y + kTopMargin},
         {origin.x + size.x - kRightMargin, origin.y + size.y - kBottomMargin}, 0, 1, 0, 1};
  double x0, x1, y0, y1;
  const bool has_data = fit(curves, s, x0, x1, y0, y1);
  if (!has_data) {
    dl->AddText({a.min.x + 10, a.min.y + 10}, IM_COL32(180, 180, 180, 255),
                "No losses yet: they appear as soon as the model trains (space starts and pauses).");
    return;
  }
  if (s.auto_fit) s.x_min = x0, s.x_max = x1, s.y_min = y0, s.y_max = y1;
  a.x0 = s.x_min, a.x1 = s.x_max, a.y0 = s.y_min, a.y1 = s.y_max;

  draw_axes(dl, a, s);
  dl->PushClipRect(a.min, a.max, true);
  for (const LossCurve& c : curves) {
    if (!s.show_train) break;
    decimate(c.history->train(), c.part, s, a, s.scratch);
    if (s.scratch.size() >= 2) dl->AddPolyline(s.scratch.data(), static_cast<int>(s.scratch.size()), c.color, 0, c.thickness);
  }
  for (const LossCurve& c : curves) {
    if (!s.show_test) break;
    // One point an epoch, which adds up: after an hour there are thousands. The line is decimated
    // like the training curve, and markers are kept at least kMinMarkerGap pixels apart, so the
    // frame's geometry (and software GL's memory for it) stays bounded however long training runs.
    decimate(c.history->test(), c.part, s, a, s.scratch);
    const ImU32 faded = (c.color & ~IM_COL32_A_MASK) | (140u << IM_COL32_A_SHIFT);
    if (s.scratch.size() >= 2) dl->AddPolyline(s.scratch.data(), static_cast<int>(s.scratch.size()), faded, 0, 1.0f);
    // Newest first, so the latest epoch always has its marker.
    float last_marker_x = std::numeric_limits<float>::infinity();
    const std::vector<LossSample>& test = c.history->test();
    for (auto it = test.rbegin(); it != test.rend(); ++it) {
      const LossSample& p = *it;
      if (s.log_y && !(p.part(c.part) > 0)) continue;
      const ImVec2 at{a.px(p.x(s.x_in_epochs)), a.py(plotted(p.part(c.part), s.log_y))};
      if (at.x < a.min.x - kMinMarkerGap) break;
      if (at.x > a.max.x + kMinMarkerGap || last_marker_x - at.x < kMinMarkerGap) continue;
      last_marker_x = at.x;
      dl->AddCircleFilled(at, 4.0f, c.color);
      dl->AddCircle(at, 4.0f, IM_COL32(0, 0, 0, 255));
    }
  }
  draw_below_range_notes(curves, s, a, dl);
  if (hovered) hover_readout(curves, s, a, dl);
  dl->PopClipRect();
  if (hovered || ImGui::IsItemActive()) handle_navigation(s, a);
}

const char* loss_part_name(int part) { return kPartNames[part]; }

}  // namespace lex::gui
