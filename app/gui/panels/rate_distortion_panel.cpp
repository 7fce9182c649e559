#include "panels/rate_distortion_panel.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "common/equal_elbo_lines.hpp"
#include "widgets/colors.hpp"
#include "widgets/plot_axes.hpp"
#include "widgets/widgets.hpp"

namespace lex::gui {
namespace {

// A path is drawn through at most this many points, each the mean of an equal share of the
// history (the training losses, though smoothed, still jitter by a few nats from batch to batch:
// a point per sample would scribble), then the newest sample itself. A long run costs what a short
// one does.
constexpr size_t kPathPoints = 48;
constexpr float kHoverRadius = 8;  // pixels: the point under the mouse gets a tooltip
constexpr ImU32 kElboLine = IM_COL32(165, 165, 180, 95), kElboText = IM_COL32(165, 165, 180, 200);

struct PathPoint {
  double rate = 0, distortion = 0, step = 0;
};

// The history as a path, oldest first: bin means, then the newest sample (the model's point).
std::vector<PathPoint> path_of(const std::vector<LossSample>& samples, bool has_kl) {
  std::vector<PathPoint> out;
  const size_t n = samples.size();
  if (n == 0) return out;
  const size_t bins = std::min(n, kPathPoints);
  for (size_t b = 0; b < bins; ++b) {
    const size_t first = b * n / bins, last = (b + 1) * n / bins;
    PathPoint mean;
    for (size_t i = first; i < last; ++i) {
      mean.rate += has_kl ? samples[i].kl : 0.0;
      mean.distortion += samples[i].recon;
      mean.step += samples[i].step;
    }
    const double count = static_cast<double>(last - first);
    out.push_back({mean.rate / count, mean.distortion / count, mean.step / count});
  }
  if (bins < n) {  // else the last bin is the newest sample already
    const LossSample& newest = samples.back();
    out.push_back({has_kl ? newest.kl : 0.0, newest.recon, newest.step});
  }
  return out;
}

ImU32 with_alpha(ImU32 color, int alpha) {
  return (color & ~IM_COL32_A_MASK) | (static_cast<ImU32>(std::clamp(alpha, 0, 255)) << IM_COL32_A_SHIFT);
}

bool overlaps(const ImVec2& a0, const ImVec2& a1, const ImVec2& b0, const ImVec2& b1) {
  return a0.x < b1.x && b0.x < a1.x && a0.y < b1.y && b0.y < a1.y;
}

}  // namespace

void draw_rate_distortion(const std::vector<RateDistortionModel>& models, RateDistortionState& state, ScreenRect& rect) {
  ImGui::TextWrapped("Lower-left is better; along a grey line (equal ELBO) models trade rate for distortion.");
  ImGui::Checkbox("test set", &state.test_set);
  tooltip("Off: the training batches' rate and distortion, smoothed as the loss curves are (from the first step).\n"
          "On: the test set's, measured at the end of every epoch (the test points of the loss plot).\n"
          "Rate = the KL term KL(q(z|x) || p(z)), distortion = the reconstruction term -E_q log p(x|z), nats per image;\n"
          "rate + distortion = -ELBO. An AE has neither a KL term nor a sigma (its codes are points, whose KL would be\n"
          "infinite): it is placed at rate 0.");
  ImGui::SameLine();
  ImGui::TextDisabled(state.test_set ? "(test set, each epoch)" : "(training batches, smoothed)");

  std::vector<std::vector<PathPoint>> paths;
  double last_step = 0;
  for (const RateDistortionModel& m : models) {
    paths.push_back(path_of(state.test_set ? m.history->test() : m.history->train(), m.has_kl));
    if (!paths.back().empty()) last_step = std::max(last_step, paths.back().back().step);
  }

  const float font = ImGui::GetFontSize();
  const ImVec2 origin = ImGui::GetCursorScreenPos(), avail = ImGui::GetContentRegionAvail();
  if (avail.x < 8 * font || avail.y < 6 * font) return;
  ImGui::InvisibleButton("rate-distortion plane", avail);
  const bool hovered = ImGui::IsItemHovered();
  PlotAxes a;
  a.min = {origin.x + 3.2f * font, origin.y + 1.3f * font};
  a.max = {origin.x + avail.x - 0.6f * font, origin.y + avail.y - 2.5f * font};
  rect = {a.min, a.max};
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(a.min, a.max, plot_background());
  dl->AddText({a.min.x, origin.y}, kPlotTickText, "distortion = recon");
  const char* x_title = "rate = KL (nats per image)";
  dl->AddText({(a.min.x + a.max.x - ImGui::CalcTextSize(x_title).x) / 2, a.max.y + 1.25f * font}, kPlotTickText, x_title);

  // The range: the newest points and the path after the first steps (fit_skip_steps), with a
  // margin; the rate axis from 0 (a code that says nothing), a little left of it so that points
  // at 0 show whole.
  const double skip = fit_skip_steps(last_step);
  double rate_max = 0, d_lo = std::numeric_limits<double>::infinity(), d_hi = -d_lo;
  for (const std::vector<PathPoint>& path : paths)
    for (size_t i = 0; i < path.size(); ++i) {
      if (path[i].step < skip && i + 1 < path.size()) continue;
      rate_max = std::max(rate_max, path[i].rate);
      d_lo = std::min(d_lo, path[i].distortion);
      d_hi = std::max(d_hi, path[i].distortion);
    }
  if (!(d_hi >= d_lo)) {
    const char* none = state.test_set ? "No test evaluation yet: the first comes at the end of epoch 1."
                                      : "No losses yet.";
    dl->AddText({a.min.x + font, a.min.y + font}, kPlotTickText, none);
    return;
  }
  // Room on the right for the newest points' names.
  a.x1 = rate_max > 0 ? rate_max * 1.22 : 1.0;
  a.x0 = -0.04 * a.x1;
  const double d_pad = std::max(0.12 * (d_hi - d_lo), 1.0);
  a.y0 = d_lo - d_pad;
  a.y1 = d_hi + d_pad;

  a.draw_x_ticks(dl, 5.5f * font, kPlotGrid, kPlotTickText);
  a.draw_y_ticks(dl, 2.6f * font, kPlotGrid, kPlotTickText);

  dl->PushClipRect(a.min, a.max, true);
  // Equal ELBO, labelled with rate + distortion (= -ELBO) along the right edge where they leave
  // it, or along the top where they enter: away from the models at rate 0 and from the bottom-
  // left corner, where the best models are.
  for (const app::EqualElboLine& l : app::equal_elbo_lines(a.x0, a.x1, a.y0, a.y1, 6)) {
    const ImVec2 p = a.at(l.rate_a, l.c - l.rate_a), q = a.at(l.rate_b, l.c - l.rate_b);
    dl->AddLine(p, q, kElboLine, 1.0f);
    char text[32];
    std::snprintf(text, sizeof text, "%g", l.c);
    const ImVec2 size = ImGui::CalcTextSize(text);
    ImVec2 at{-1, -1};
    if (q.x >= a.max.x - 1) at = {a.max.x - size.x - 3, q.y - size.y - 1};  // above it, at the right edge
    else if (p.y <= a.min.y + 1) at = {p.x + 3, a.min.y + 1};              // right of it, at the top
    if (at.x >= a.min.x && at.y >= a.min.y && at.y + size.y <= a.max.y) dl->AddText(at, kElboText, text);
  }

  // Paths: older segments thinner and fainter.
  for (size_t m = 0; m < models.size(); ++m) {
    const std::vector<PathPoint>& path = paths[m];
    for (size_t i = 1; i < path.size(); ++i) {
      const float t = static_cast<float>(i) / static_cast<float>(path.size() - 1);
      dl->AddLine(a.at(path[i - 1].rate, path[i - 1].distortion), a.at(path[i].rate, path[i].distortion),
                  with_alpha(models[m].color, static_cast<int>(35 + 175 * t)), 1.0f + 1.6f * t);
    }
    if (state.test_set)  // a few points, each a measurement: marked
      for (const PathPoint& p : path) dl->AddCircleFilled(a.at(p.rate, p.distortion), 2.5f, with_alpha(models[m].color, 200));
  }
  // The newest points on top, named; a name that would cover another moves down a line.
  std::vector<std::pair<ImVec2, ImVec2>> placed;
  for (size_t m = 0; m < models.size(); ++m) {
    if (paths[m].empty()) continue;
    const ImVec2 at = a.at(paths[m].back().rate, paths[m].back().distortion);
    dl->AddCircleFilled(at, 7.0f, models[m].color);
    dl->AddCircle(at, 7.5f, IM_COL32(0, 0, 0, 200), 0, 1.5f);
    const std::string label = models[m].has_kl ? models[m].name : models[m].name + " (no KL: rate 0)";
    const ImVec2 size = ImGui::CalcTextSize(label.c_str());
    ImVec2 p{at.x + 10, at.y - size.y / 2};
    if (p.x + size.x > a.max.x - 2) p.x = at.x - 10 - size.x;
    for (int tries = 0; tries < 4; ++tries) {
      const bool clash = std::any_of(placed.begin(), placed.end(), [&](const auto& r) {
        return overlaps(p, {p.x + size.x, p.y + size.y}, r.first, r.second);
      });
      if (!clash) break;
      p.y += size.y + 1;
    }
    placed.push_back({p, {p.x + size.x, p.y + size.y}});
    dl->AddRectFilled({p.x - 2, p.y}, {p.x + size.x + 2, p.y + size.y}, with_alpha(plot_background(), 190));
    dl->AddText(p, models[m].color, label.c_str());
  }
  dl->PopClipRect();
  dl->AddRect(a.min, a.max, IM_COL32(255, 255, 255, 60));

  // Hover: the nearest point of any path.
  if (!hovered) return;
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  float best = kHoverRadius * kHoverRadius;
  int best_m = -1;
  PathPoint best_p;
  bool newest = false;
  for (size_t m = 0; m < models.size(); ++m)
    for (size_t i = 0; i < paths[m].size(); ++i) {
      const PathPoint& p = paths[m][i];
      const ImVec2 s = a.at(p.rate, p.distortion);
      const float d2 = (s.x - mouse.x) * (s.x - mouse.x) + (s.y - mouse.y) * (s.y - mouse.y);
      if (d2 < best) best = d2, best_m = static_cast<int>(m), best_p = p, newest = i + 1 == paths[m].size();
    }
  if (best_m < 0) return;
  const RateDistortionModel& m = models[static_cast<size_t>(best_m)];
  ImGui::BeginTooltip();
  ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(m.color), newest ? "%s at step %.0f" : "%s around step %.0f",
                     m.name.c_str(), best_p.step);
  ImGui::Text("rate %.2f + distortion %.2f = %.2f nats (ELBO %.2f)", best_p.rate, best_p.distortion,
              best_p.rate + best_p.distortion, -(best_p.rate + best_p.distortion));
  ImGui::TextDisabled(state.test_set ? "test set, at the end of an epoch"
                                     : "training batches, smoothed; a point of the path is the mean of a stretch of steps");
  if (!m.has_kl) ImGui::TextDisabled("an AE has no KL term and no sigma: placed at rate 0");
  ImGui::EndTooltip();
}

}  // namespace lex::gui
