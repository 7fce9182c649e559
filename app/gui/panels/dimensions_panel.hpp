// The latent space one dimension at a time, for any latent size: each dimension's KL (its rate,
// E_x KL(q(z_d|x) || N(0, 1)), in nats) as a bar, sorted from the largest; which dimensions are
// active (Var_x E_q[z_d] > 0.01, as `eval` counts them); and beside each bar a traversal strip:
// the decoder on the mean code with that one dimension moved from -3 to +3. A dimension the
// objective switched off has a KL near 0 and a strip that does not change.
//
// The statistics come from the snapshot's test means and log-variances, computed off the UI
// thread when the snapshot changes (a few milliseconds at z = 20); the strips are decoded by the
// shared Decoder. The compact form (the compare view's columns) shows the bars alone.
#pragma once
#include <future>
#include <memory>

#include "decoder.hpp"
#include "eval/metrics.hpp"
#include "panels/latent_state.hpp"
#include "screen_rects.hpp"
#include "widgets/image_atlas.hpp"

namespace lex::gui {

class DimensionsPanel {
 public:
  static constexpr int kStripSteps = 9;  // -3, -2.25, ..., +3
  explicit DimensionsPanel(Decoder& decoder) : slot_(decoder.make_slot()) {}
  ~DimensionsPanel();

  // Draws in the box at origin; `compact`: bars only.
  void draw(const std::shared_ptr<const Snapshot>& snap, const LatentState& state, ImVec2 origin, ImVec2 size,
            bool compact, ScreenRect& rect);
  // The bars and strips show the latest snapshot's statistics and decodes.
  bool settled(const Snapshot& snap, bool compact) const;

 private:
  struct Stats {
    uint64_t version = 0;  // of the snapshot
    Mode mode = Mode::kVae;
    LatentStats stats;
    std::vector<int> order;  // dimensions from the largest KL (the AE: the largest activity)
  };
  void request_strips(const Snapshot& snap, const LatentState& state);

  std::future<std::shared_ptr<const Stats>> pending_;
  uint64_t pending_version_ = 0;
  std::shared_ptr<const Stats> stats_;
  std::shared_ptr<Decoder::Slot> slot_;
  ImageAtlas atlas_;
  uint64_t shown_key_ = 0;
  int shown_rows_ = 0;
};

}  // namespace lex::gui
