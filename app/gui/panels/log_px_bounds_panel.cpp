#include "panels/log_px_bounds_panel.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "widgets/colors.hpp"
#include "widgets/plot_axes.hpp"
#include "widgets/widgets.hpp"

namespace lex::gui {
namespace {

constexpr int kMinImages = 50, kMaxImages = 5000;

bool has_bound(const LogPxBoundsModel& m) { return m.snap && m.snap->config.objective.mode != Mode::kAe; }

// L_k against log10 k in [min, max]: the points joined, +-1 standard error bars, k = 1 ringed and
// named as the ELBO; the value under the mouse in a tooltip.
void draw_curve(const IwCurve& curve, ImVec2 min, ImVec2 max, ImU32 color, const std::string& name) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float font = ImGui::GetFontSize();
  PlotAxes a;
  a.min = {min.x + 3.4f * font, min.y + 0.4f * font};
  a.max = {max.x - 0.5f * font, max.y - 1.3f * font};
  dl->AddRectFilled(a.min, a.max, plot_background());
  const std::vector<IwPoint>& pts = curve.points;
  if (pts.empty() || a.max.y - a.min.y < font) return;
  double lo = pts[0].log_px - pts[0].std_error, hi = pts[0].log_px + pts[0].std_error;
  int k_max = 1;
  for (const IwPoint& p : pts) {
    lo = std::min(lo, p.log_px - p.std_error);
    hi = std::max(hi, p.log_px + p.std_error);
    k_max = std::max(k_max, p.k);
  }
  const double pad = std::max(0.1 * (hi - lo), 0.25);
  a.y0 = lo - pad, a.y1 = hi + pad;
  a.x0 = -0.25, a.x1 = std::log10(static_cast<double>(k_max)) + 0.25;
  a.draw_y_ticks(dl, 2.2f * font, kPlotGrid, kPlotTickText);
  for (const IwPoint& p : pts) {  // one tick per k asked
    const float x = a.px(std::log10(p.k));
    dl->AddLine({x, a.min.y}, {x, a.max.y}, kPlotGrid);
    char label[16];
    if (&p == &pts.front()) std::snprintf(label, sizeof label, "k = %d", p.k);
    else std::snprintf(label, sizeof label, "%d", p.k);
    dl->AddText({x - ImGui::CalcTextSize(label).x / 2, a.max.y + 1}, kPlotTickText, label);
  }

  for (size_t i = 1; i < pts.size(); ++i)
    dl->AddLine(a.at(std::log10(pts[i - 1].k), pts[i - 1].log_px), a.at(std::log10(pts[i].k), pts[i].log_px), color, 2.0f);
  const float cap = 0.3f * font;
  for (const IwPoint& p : pts) {
    const float x = a.px(std::log10(p.k)), top = a.py(p.log_px + p.std_error), bottom = a.py(p.log_px - p.std_error);
    dl->AddLine({x, top}, {x, bottom}, color, 1.2f);
    dl->AddLine({x - cap, top}, {x + cap, top}, color, 1.2f);
    dl->AddLine({x - cap, bottom}, {x + cap, bottom}, color, 1.2f);
    const ImVec2 at = a.at(std::log10(p.k), p.log_px);
    if (p.k == 1) {
      dl->AddCircleFilled(at, 5.0f, plot_background());
      dl->AddCircle(at, 5.0f, color, 0, 2.0f);
      dl->AddText({at.x + 8, at.y}, kPlotTickText, "ELBO");
    } else {
      dl->AddCircleFilled(at, 3.5f, color);
    }
  }
  dl->AddRect(a.min, a.max, IM_COL32(255, 255, 255, 60));

  if (!ImGui::IsMouseHoveringRect(min, max) || !ImGui::IsWindowHovered()) return;
  const float mouse_x = ImGui::GetIO().MousePos.x;
  const IwPoint* nearest = &pts[0];
  for (const IwPoint& p : pts)
    if (std::abs(a.px(std::log10(p.k)) - mouse_x) < std::abs(a.px(std::log10(nearest->k)) - mouse_x)) nearest = &p;
  ImGui::BeginTooltip();
  ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(color), "%s, k = %d%s", name.c_str(), nearest->k,
                     nearest->k == 1 ? " (the ELBO)" : "");
  ImGui::Text("L_k = %.2f +- %.2f nats (standard error over %d images)", nearest->log_px, nearest->std_error, curve.images);
  if (nearest != &pts[0])
    ImGui::Text("above L_%d by %+.2f +- %.2f (image by image: the same images for every k)", pts[0].k,
                nearest->log_px - pts[0].log_px, nearest->rise_std_error);
  ImGui::EndTooltip();
}

}  // namespace

void LogPxBoundsPanel::start_soon(int images) {
  start_wanted_ = true;
  if (images > 0) images_ = std::clamp(images, kMinImages, kMaxImages);
}

bool LogPxBoundsPanel::settled() const {
  if (start_wanted_) return false;
  for (size_t i = 0; i < estimates_.size(); ++i) {
    const LogPxEstimate& e = *estimates_[i];
    if (e.running()) return false;
    if (follow_latest_ && e.version() != 0 && i < shown_versions_.size() && e.version() != shown_versions_[i]) return false;
  }
  return true;
}

void LogPxBoundsPanel::start(const std::vector<LogPxBoundsModel>& models, bool only_stale) {
  for (size_t i = 0; i < models.size(); ++i) {
    if (!has_bound(models[i]) || !models[i].snap->data) continue;
    LogPxEstimate& e = *estimates_[i];
    if (only_stale && (e.version() == 0 || e.version() == models[i].snap->version)) continue;
    e.start(models[i].snap, images_);
  }
}

void LogPxBoundsPanel::draw(const std::vector<LogPxBoundsModel>& models, std::vector<ScreenRect>& plots) {
  while (estimates_.size() < models.size()) estimates_.push_back(std::make_unique<LogPxEstimate>());
  for (auto& e : estimates_) e->poll();
  plots.assign(models.size(), {});
  // (No models yet: the compare view's are made once the data has loaded.)
  const bool all_ready = !models.empty() && std::all_of(models.begin(), models.end(), [](const LogPxBoundsModel& m) {
    return m.snap && m.snap->data;
  });
  if (start_wanted_ && all_ready) start(models, false), start_wanted_ = false;
  if (follow_latest_ && all_ready) start(models, true);
  shown_versions_.clear();
  for (const LogPxBoundsModel& m : models) shown_versions_.push_back(m.snap ? m.snap->version : 0);

  std::vector<size_t> bounded;
  for (size_t i = 0; i < models.size(); ++i)
    if (has_bound(models[i])) bounded.push_back(i);
  const bool has_ae = std::any_of(models.begin(), models.end(), [](const LogPxBoundsModel& m) {
    return m.snap && m.snap->config.objective.mode == Mode::kAe;
  });
  if (bounded.empty()) {
    if (has_ae)
      ImGui::TextWrapped("An AE has no bound on log p(x): it has no q(z|x) to sample codes from, so neither the ELBO nor "
                         "its importance-weighted versions exist. Train a VAE (mode vae) to see them.");
    else
      ImGui::TextDisabled("No model yet.");
    return;
  }

  ImGui::TextWrapped("The ELBO (k = 1) is a lower bound on log p(x); averaging k importance weights tightens it toward "
                     "log p(x).%s", has_ae ? " The AE has none: no q(z|x)." : "");
  float progress_sum = 0;
  int running = 0;
  for (size_t i : bounded)
    if (estimates_[i]->running()) progress_sum += estimates_[i]->progress(), ++running;
  if (running > 0) {
    if (ImGui::Button("Cancel")) {
      for (auto& e : estimates_) e->cancel();
    }
    ImGui::SameLine();
    char overlay[64];
    std::snprintf(overlay, sizeof overlay, "estimating on %d images ...", images_);
    ImGui::ProgressBar(progress_sum / static_cast<float>(running), {-1, 0}, overlay);
  } else {
    if (ImGui::Button("Estimate log p(x) bounds")) start(models, false);
    tooltip("L_k = E log (1/k) sum_i p(x, z_i) / q(z_i|x), z_i ~ q(z|x), at k = 1, 10, 100, 1000, on an even subset of\n"
            "the test images, in the background (the model as it is now; training goes on).\n"
            "L_1 is the ELBO; L_k <= log p(x) for every k and rises toward it as k grows.");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 5);
    ImGui::DragInt("images", &images_, 10, kMinImages, kMaxImages, "%d", ImGuiSliderFlags_AlwaysClamp);
    tooltip("How many test images (an even subset). The work is images x 1,111 decodes: 500 take seconds for an MLP\n"
            "and minutes for the convolutional model.");
  }

  // How many images the shown estimates used, and what the bars are.
  int images = 0;
  for (size_t i : bounded)
    if (estimates_[i]->result()) images = estimates_[i]->result()->curve.images;
  if (images > 0) ImGui::TextDisabled("%d test images each (an even subset); bars: +-1 standard error", images);

  // One plot per model with a bound, side by side.
  const float font = ImGui::GetFontSize(), gap = font;
  const ImVec2 origin = ImGui::GetCursorScreenPos(), avail = ImGui::GetContentRegionAvail();
  const float slot = (avail.x - gap * static_cast<float>(bounded.size() - 1)) / static_cast<float>(bounded.size());
  const float line = ImGui::GetTextLineHeightWithSpacing();
  if (slot < 6 * font || avail.y < 4 * line) return;
  ImGui::Dummy(avail);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  for (size_t j = 0; j < bounded.size(); ++j) {
    const size_t i = bounded[j];
    const LogPxBoundsModel& m = models[i];
    const LogPxEstimate& e = *estimates_[i];
    const float x = origin.x + static_cast<float>(j) * (slot + gap);
    char head[160];
    const std::optional<LogPxEstimate::Result>& r = e.result();
    if (e.running())
      std::snprintf(head, sizeof head, "%s: estimating (%.0f%%)", m.name.c_str(), 100 * e.progress());
    else if (!r)
      std::snprintf(head, sizeof head, "%s: not estimated yet", m.name.c_str());
    else if (!r->error.empty())
      std::snprintf(head, sizeof head, "%s: failed: %s", m.name.c_str(), r->error.c_str());
    else
      std::snprintf(head, sizeof head, "%s, step %lld%s%s", m.name.c_str(), static_cast<long long>(r->step),
                    r->curve.complete ? "" : " (cancelled)", r->version != m.snap->version ? " (older model)" : "");
    dl->PushClipRect({x, origin.y}, {x + slot, origin.y + avail.y}, true);
    dl->AddText({x, origin.y}, m.color, head);
    if (r && !r->curve.points.empty()) {
      const ImVec2 min{x, origin.y + line}, max{x + slot, origin.y + avail.y - line};
      draw_curve(r->curve, min, max, m.color, m.name);
      plots[i] = {min, max};
      const IwPoint& first = r->curve.points.front();
      const IwPoint& last = r->curve.points.back();
      char foot[160];
      const bool narrow = slot < 16 * font;
      const double rise = last.log_px - first.log_px;
      if (r->curve.points.size() > 1 && narrow)
        std::snprintf(foot, sizeof foot, "%+.2f +- %.2f at k = %d", rise, last.rise_std_error, last.k);
      else if (r->curve.points.size() > 1)
        std::snprintf(foot, sizeof foot, "L_%d - ELBO: %+.2f +- %.2f nats", last.k, rise, last.rise_std_error);
      else
        std::snprintf(foot, sizeof foot, "ELBO %.1f +- %.1f", first.log_px, first.std_error);
      dl->AddText({x, origin.y + avail.y - line + 2}, kPlotTickText, foot);
    }
    dl->PopClipRect();
  }
}

}  // namespace lex::gui
