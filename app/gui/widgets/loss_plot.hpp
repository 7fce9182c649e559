// Loss plots: total, reconstruction and KL for train (smoothed) and test (per epoch), drawn on
// an ImDrawList in the ImPlot manner: set up axes, one call per series, hover readout. Each series
// is decimated to a min/max pair per pixel column, so a long run costs the same as a short one.
#pragma once
#include <string>
#include <vector>

#include "imgui.h"
#include "screen_rects.hpp"
#include "widgets/loss_history.hpp"

namespace lex::gui {

// One line on the plot: a part (0 total, 1 reconstruction, 2 KL) of one model's history.
struct LossCurve {
  const LossHistory* history = nullptr;
  int part = 0;
  ImU32 color = 0;
  float thickness = 1.5f;
  std::string label;  // in the hover readout
};

struct LossPlotState {
  bool show_part[3] = {true, true, true};  // total, reconstruction, KL
  bool show_train = true, show_test = true;
  bool x_in_epochs = false;
  bool log_y = true;
  bool auto_fit = true;
  // The view when auto-fit is off (y in plotted units: log10 of the loss when log_y).
  double x_min = 0, x_max = 1, y_min = 0, y_max = 1;
  std::vector<ImVec2> scratch;  // decimated polyline, reused every frame
  std::vector<LossCurve> curves;  // this frame's curves, reused
};

// "total", "reconstruction", "KL".
const char* loss_part_name(int part);

// The pieces of a loss plot: the part toggle (a checkbox in the part's colour, with
// its formula as tooltip), the train/test/axis options row, and the canvas (axes, train lines,
// test dots, hover readout, wheel zoom and drag pan).
void draw_loss_part_toggle(LossPlotState& state, int part, ImU32 color);
void draw_loss_axis_options(LossPlotState& state);
void draw_loss_canvas(const std::vector<LossCurve>& curves, LossPlotState& state, ScreenRect& rect);

}  // namespace lex::gui
