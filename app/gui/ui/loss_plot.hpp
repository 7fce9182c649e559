// The loss panel: total, reconstruction and KL for train (smoothed) and test (per epoch), drawn on
// an ImDrawList in the ImPlot manner: set up axes, one call per series, hover readout. Each series
// is decimated to a min/max pair per pixel column, so a long run costs the same as a short one.
#pragma once
#include <vector>

#include "imgui.h"
#include "ui/loss_history.hpp"
#include "ui/panel_rects.hpp"

namespace lex::gui {

struct LossPlotState {
  bool show_part[3] = {true, true, true};  // total, reconstruction, KL
  bool show_train = true, show_test = true;
  bool x_in_epochs = false;
  bool log_y = true;
  bool auto_fit = true;
  // The view when auto-fit is off (y in plotted units: log10 of the loss when log_y).
  double x_min = 0, x_max = 1, y_min = 0, y_max = 1;
  std::vector<ImVec2> scratch;  // decimated polyline, reused every frame
};

void draw_loss_panel(const LossHistory& history, LossPlotState& state, PanelRects& rects);

}  // namespace lex::gui
