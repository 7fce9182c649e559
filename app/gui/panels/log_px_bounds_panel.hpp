// The importance-weighted bounds on log p(x), on request: a button estimates L_k at k = 1, 10,
// 100, 1000 for every model's current snapshot in the background (widgets/log_px_estimate.hpp),
// with a progress bar and a cancel button; then one plot per model of L_k against k (log axis)
// with +-1 standard error bars, k = 1 marked as the ELBO. L_k rises with k toward log p(x): the
// gap says how far the ELBO is from the likelihood it bounds. An AE has no q(z|x) and no bound.
// The single view passes its one model, the compare view all of them.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "imgui.h"
#include "screen_rects.hpp"
#include "widgets/log_px_estimate.hpp"

namespace lex::gui {

struct LogPxBoundsModel {
  std::string name;
  ImU32 color = 0;
  std::shared_ptr<const Snapshot> snap;  // null while there is no model
};

class LogPxBoundsPanel {
 public:
  static constexpr int kDefaultImages = 500;  // a few seconds for an MLP on a free core
  // The toggles' tooltip.
  static constexpr const char* kExplanation =
      "The bounds on log p(x): on request, the importance-weighted bound L_k at k = 1, 10, 100, 1000 (L_1 is the ELBO),\n"
      "estimated in the background on a few hundred test images. More samples tighten the bound toward log p(x);\n"
      "the gap between the ELBO and L_1000 is what the ELBO gives away. An AE has no q(z|x), hence no bound.";

  // Estimates for every model as soon as each has a snapshot (the command line's --show iw), on
  // `images` test images if > 0 (--iw-images), else as many as the panel's field says.
  void start_soon(int images = 0);
  // Training has paused for good (a scripted run): from now on an estimate of an older snapshot
  // is redone for the newest (which may reach the view a frame or two later), so that the panel
  // shows the model the other panels show.
  void follow_latest() { follow_latest_ = true; }
  // Forgets every estimate (a new set of models); waits for running ones to finish their piece.
  void reset() { estimates_.clear(); }
  // Nothing running or about to start.
  bool settled() const;

  // The whole panel in the current window; `plots` gets one rectangle per model that has one.
  void draw(const std::vector<LogPxBoundsModel>& models, std::vector<ScreenRect>& plots);

 private:
  void start(const std::vector<LogPxBoundsModel>& models, bool only_stale);
  std::vector<std::unique_ptr<LogPxEstimate>> estimates_;  // one per model
  int images_ = kDefaultImages;
  bool start_wanted_ = false, follow_latest_ = false;
  std::vector<uint64_t> shown_versions_;  // each model's snapshot at the last draw (0: none)
};

}  // namespace lex::gui
