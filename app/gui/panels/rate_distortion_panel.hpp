// The rate-distortion plane: every model as a point, x = rate (the KL term), y = distortion (the
// reconstruction term), both in nats per image, with its path over training behind it (thinner
// and fainter toward the past) and grey lines of equal ELBO (rate + distortion = const). Lower-
// left is better; along one grey line models have the same ELBO and trade rate for distortion.
// The points come from the loss histories the views already keep (training batches, smoothed as
// the loss curves are; or the test set's, once an epoch), thinned to a path of a few dozen points,
// so a frame costs a few dozen line segments per model, whatever the length of the run.
#pragma once
#include <string>
#include <vector>

#include "imgui.h"
#include "screen_rects.hpp"
#include "widgets/loss_history.hpp"

namespace lex::gui {

// The toggles' tooltip.
inline constexpr const char* kRateDistortionExplanation =
    "The rate-distortion plane: each model a point, x = rate (the KL term, what the code says about the image, nats),\n"
    "y = distortion (the reconstruction term), with its path over training. Grey lines: rate + distortion = const,\n"
    "i.e. equal ELBO. Lower-left is better; along a grey line models trade rate for distortion at the same ELBO.";

// One model on the plane.
struct RateDistortionModel {
  const LossHistory* history = nullptr;
  std::string name;  // at its newest point
  ImU32 color = 0;
  bool has_kl = true;  // false for an AE: no KL term and no sigma, so it sits at rate 0
};

struct RateDistortionState {
  bool test_set = false;  // the test set's values (once an epoch) instead of the training batches'
};

// The caption, the source toggle and the plane, filling the rest of the current window; `rect` is
// the plane with its axes.
void draw_rate_distortion(const std::vector<RateDistortionModel>& models, RateDistortionState& state, ScreenRect& rect);

}  // namespace lex::gui
