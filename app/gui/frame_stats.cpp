#include "frame_stats.hpp"

#include <algorithm>
#include <cmath>

#include <nlohmann/json.hpp>

namespace lex::gui {

FrameStats::FrameStats(bool enabled, int expected_frames) : enabled_(enabled) {
  if (enabled) frame_ms_.reserve(expected_frames > 0 ? static_cast<size_t>(expected_frames) : 4096);
}

void FrameStats::on_models(const std::vector<ModelState>& models, double now) {
  if (!enabled_) return;
  for (const ModelState& m : models) {
    auto it = std::find_if(models_.begin(), models_.end(), [&](const auto& e) { return e.first == m.id; });
    if (it == models_.end()) it = models_.insert(models_.end(), {m.id, Throughput{}});
    Throughput& tp = it->second;
    if (m.status.state != RunState::kRunning) continue;
    const int64_t steps = m.status.progress.steps_done;
    if (tp.steps0 < 0 || steps < tp.steps1) {  // first sight, or a reset
      tp.steps0 = tp.steps1 = steps;
      tp.t0 = tp.t1 = now;
      continue;
    }
    if (steps != tp.steps1) tp.steps1 = steps, tp.t1 = now;
    tp.batch = m.batch;
  }
}

void FrameStats::on_swap(double now) {
  if (!enabled_) return;  // the list grows every frame: only when asked
  if (last_swap_ > 0) frame_ms_.push_back((now - last_swap_) * 1000.0);
  last_swap_ = now;
}

std::string FrameStats::json() const {
  std::vector<double> sorted = frame_ms_;
  std::sort(sorted.begin(), sorted.end());
  auto pct = [&](double p) {
    if (sorted.empty()) return 0.0;
    const size_t rank = static_cast<size_t>(std::ceil(p / 100.0 * sorted.size()));
    return sorted[std::clamp<size_t>(rank, 1, sorted.size()) - 1];
  };
  double samples_per_s = 0;
  nlohmann::ordered_json by_model = nlohmann::ordered_json::object();
  for (const auto& [id, tp] : models_) {
    by_model[id] = tp.samples_per_s();
    samples_per_s += tp.samples_per_s();
  }
  nlohmann::ordered_json j{{"frames", frame_ms_.size() + (last_swap_ > 0 ? 1 : 0)},  // keys in the documented order
                           {"p50_ms", pct(50)},
                           {"p95_ms", pct(95)},
                           {"p99_ms", pct(99)},
                           {"max_ms", sorted.empty() ? 0.0 : sorted.back()},
                           {"samples_per_s", samples_per_s}};
  if (models_.size() > 1) j["samples_per_s_by_model"] = by_model;  // the compare view: the sum above, split
  return j.dump();
}

}  // namespace lex::gui
