#include "panels/dimensions_panel.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <numeric>

#include "util/threads.hpp"
#include "widgets/colors.hpp"

namespace lex::gui {
namespace {

constexpr double kActiveThreshold = 0.01;  // Var_x E_q[z_d] above this: active (metrics.cpp counts the same)
constexpr float kStripRange = 3.0f;        // the strips move a dimension over [-3, +3]
// The bars' full length is the largest value, but at least this: a model whose dimensions are all
// off (KL-only, KL ~ 1e-6) shows empty bars, not long ones of nothing.
constexpr double kMinBarScale = 0.1;

// What a bar shows: the KL per dimension, or for the AE (whose KL is 0) the activity Var_x mu.
double bar_value(const LatentStats& s, Mode mode, int d) {
  return mode == Mode::kAe ? s.mean_activity[static_cast<size_t>(d)] : s.kl_per_dim[static_cast<size_t>(d)];
}

}  // namespace

DimensionsPanel::~DimensionsPanel() = default;  // waits for a computation in flight

void DimensionsPanel::request_strips(const Snapshot& snap, const LatentState& state) {
  const int Z = snap.model.latent();
  const float what[] = {static_cast<float>(stats_->version), static_cast<float>(snap.model.conditional() ? state.decode_class : 0)};
  const uint64_t key = Decoder::key(snap.version, what, sizeof what);
  if (key == slot_->submitted_key()) return;
  Decoder::Job job;
  job.model = snap.model;
  job.key = key;
  job.columns = kStripSteps;
  job.z.resize(Z, static_cast<Eigen::Index>(Z) * kStripSteps);
  for (int d = 0; d < Z; ++d)
    for (int k = 0; k < kStripSteps; ++k) {
      auto z = job.z.col(static_cast<Eigen::Index>(d) * kStripSteps + k);
      for (int j = 0; j < Z; ++j) z(j) = static_cast<float>(stats_->stats.mean[static_cast<size_t>(j)]);
      z(d) = -kStripRange + 2 * kStripRange * k / (kStripSteps - 1);
    }
  const int label = std::clamp(state.decode_class, 0, std::max(0, snap.model.spec().classes - 1));
  if (snap.model.conditional()) job.labels.assign(static_cast<size_t>(job.z.cols()), static_cast<uint8_t>(label));
  slot_->submit(std::move(job));
}

bool DimensionsPanel::settled(const Snapshot& snap, bool compact) const {
  if (!stats_ || stats_->version != snap.version) return false;
  return compact || shown_key_ == slot_->submitted_key();
}

void DimensionsPanel::draw(const std::shared_ptr<const Snapshot>& snap_ptr, const LatentState& state, ImVec2 origin,
                           ImVec2 size, bool compact, ScreenRect& rect) {
  const Snapshot& snap = *snap_ptr;
  // Statistics of the newest snapshot, one computation at a time (a newer snapshot waits for the
  // one in flight, then goes next).
  if (pending_.valid() && pending_.wait_for(std::chrono::seconds(0)) == std::future_status::ready) stats_ = pending_.get();
  if (!pending_.valid() && (!stats_ || stats_->version != snap.version) && pending_version_ != snap.version) {
    pending_version_ = snap.version;
    pending_ = std::async(std::launch::async, [snap_ptr] {
      set_this_thread_nice(10);  // below the UI and training, as the compare table's reports
      auto out = std::make_shared<Stats>();
      out->version = snap_ptr->version;
      out->mode = snap_ptr->config.objective.mode;
      out->stats = latent_stats({snap_ptr->test_mu, snap_ptr->test_lv}, out->mode);
      out->order.resize(out->stats.kl_per_dim.size());
      std::iota(out->order.begin(), out->order.end(), 0);
      std::stable_sort(out->order.begin(), out->order.end(), [&](int a, int b) {
        return bar_value(out->stats, out->mode, a) > bar_value(out->stats, out->mode, b);
      });
      return std::shared_ptr<const Stats>(out);
    });
  }
  ImDrawList* dl = ImGui::GetWindowDrawList();
  rect = {origin, {origin.x + size.x, origin.y + size.y}};
  ImGui::SetCursorScreenPos(origin);
  ImGui::InvisibleButton("dimensions", size);
  const bool hovered = ImGui::IsItemHovered();
  // No filled background (the window's shows through): software GL would fill it every frame.
  if (!stats_ || static_cast<int>(stats_->order.size()) != snap.model.latent()) {
    dl->AddText({origin.x + 6, origin.y + 6}, IM_COL32(180, 180, 180, 255), "measuring the dimensions...");
    return;
  }
  const LatentStats& s = stats_->stats;
  const Mode mode = stats_->mode;
  const int Z = static_cast<int>(stats_->order.size());

  if (!compact) {
    request_strips(snap, state);
    if (auto result = slot_->take(); result && result->error.empty()) {
      const int rows = static_cast<int>(result->images.cols()) / kStripSteps;
      atlas_.reserve(result->shape, kStripSteps, rows);
      for (int c = 0; c < static_cast<int>(result->images.cols()); ++c) atlas_.put(c % kStripSteps, c / kStripSteps, result->images.col(c).data());
      atlas_.upload();
      shown_key_ = result->key;
      shown_rows_ = rows;
    }
  }

  // Header: the active units and what the bars are.
  const float line = ImGui::GetTextLineHeight(), pad = 4;
  char text[160];
  if (compact)
    std::snprintf(text, sizeof text, "%d of %d active, %s", s.active_units, Z, mode == Mode::kAe ? "Var mu" : "KL");
  else
    std::snprintf(text, sizeof text, "%d of %d active  %s", s.active_units, Z,
                  mode == Mode::kAe ? "bars: Var_x mu_d (the AE has no KL)" : "bars: KL per dimension (nats)");
  dl->AddText({origin.x + pad, origin.y + pad}, IM_COL32(230, 230, 230, 255), text);
  float top = origin.y + pad + line + pad;
  if (!compact) {
    dl->AddText({origin.x + pad, top}, IM_COL32(160, 160, 160, 255), "strips: the mean code, z_d from -3 to +3");
    top += line + pad;
  }

  // Rows, largest bar first: label, bar (and value), strip.
  const float label_w = ImGui::CalcTextSize("z00 ").x;
  const float avail_h = origin.y + size.y - pad - top;
  const float strip_w_share = compact ? 0.0f : 0.62f;
  float row_h = avail_h / Z;
  if (!compact) row_h = std::min(row_h, (size.x - 2 * pad) * strip_w_share / kStripSteps);  // square strip cells
  row_h = std::min(row_h, line * 2.5f);
  const float strip_w = compact ? 0 : row_h * kStripSteps;
  const float bar_x0 = origin.x + pad + label_w, bar_x1 = origin.x + size.x - pad - strip_w - (compact ? 0 : pad);
  double max_value = kMinBarScale;
  for (int d = 0; d < Z; ++d) max_value = std::max(max_value, bar_value(s, mode, d));
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  const bool small_text = row_h < line;  // too many rows for a label on each: label every few
  const int label_every = small_text ? static_cast<int>(std::ceil(line / std::max(row_h, 1.0f))) : 1;
  for (int r = 0; r < Z; ++r) {
    const int d = stats_->order[static_cast<size_t>(r)];
    const float y0 = top + r * row_h, y1 = y0 + row_h;
    const double value = bar_value(s, mode, d), activity = s.mean_activity[static_cast<size_t>(d)];
    const bool active = activity > kActiveThreshold;
    const float gap = row_h > 6 ? std::max(1.0f, row_h * 0.15f) : 0.0f;
    const float bar_end = bar_x0 + static_cast<float>(value / max_value) * (bar_x1 - bar_x0);
    dl->AddRectFilled({bar_x0, y0 + gap}, {std::max(bar_end, bar_x0 + 1), y1 - gap},
                      active ? loss_color(2) : IM_COL32(110, 110, 110, 255));
    if (r % label_every == 0) {
      std::snprintf(text, sizeof text, "z%d", d);
      dl->AddText({origin.x + pad, y0 + (row_h - line) / 2}, active ? IM_COL32(230, 230, 230, 255) : IM_COL32(130, 130, 130, 255), text);
      if (row_h >= line) {
        std::snprintf(text, sizeof text, "%.2f", value);
        const float w = ImGui::CalcTextSize(text).x;
        const float tx = bar_end + 4 + w < bar_x1 ? bar_end + 4 : bar_x0 + 4;
        dl->AddText({tx, y0 + (row_h - line) / 2}, tx > bar_end ? IM_COL32(220, 220, 220, 255) : IM_COL32(0, 0, 0, 255), text);
      }
    }
    if (!compact && shown_rows_ == Z && d < shown_rows_)
      dl->AddImage(atlas_.id(), {bar_x1 + pad, y0}, {bar_x1 + pad + strip_w, y1}, atlas_.uv_min(0, d),
                   atlas_.uv_max(0, d, kStripSteps, 1));
    if (hovered && mouse.y >= y0 && mouse.y < y1)
      ImGui::SetTooltip("z%d: KL %.3f nats, Var_x E_q[z_d] %.3g (%s)\n%s", d, s.kl_per_dim[static_cast<size_t>(d)], activity,
                        active ? "active" : "inactive: the decoder ignores it",
                        compact ? "" : "strip: the mean code with z_d = -3 ... +3, the other dimensions held");
  }
  dl->AddRect(rect.min, rect.max, IM_COL32(255, 255, 255, 60));
}

}  // namespace lex::gui
