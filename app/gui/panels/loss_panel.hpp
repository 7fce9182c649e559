// The single view's loss panel: one model's total, reconstruction and KL, train and test,
// coloured by part.
#pragma once
#include "screen_rects.hpp"
#include "widgets/loss_plot.hpp"

namespace lex::gui {

void draw_loss_panel(const LossHistory& history, LossPlotState& state, ScreenRect& rect);

}  // namespace lex::gui
