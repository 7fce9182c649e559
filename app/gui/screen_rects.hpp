// Where the panels' content landed on screen this frame (ImGui coordinates = window pixels), for
// the screenshot's JSON sidecar that the GUI test reads to know which region is which.
#pragma once
#include <string>
#include <vector>

#include "imgui.h"

namespace lex::gui {

struct ScreenRect {
  ImVec2 min{0, 0}, max{0, 0};
  bool valid() const { return max.x > min.x && max.y > min.y; }
};

struct PanelRects {
  ScreenRect loss_plot;  // the plot canvas, axes included
  ScreenRect scatter;    // the scatter image
  ScreenRect grid;       // the decoded grid image
  ScreenRect status_bar;
  ScreenRect error_banner;  // invalid when no error is shown
  ScreenRect style_grid;    // a conditional model's style x class grid; invalid otherwise
  ScreenRect dimensions;    // the per-dimension view; invalid when hidden
  ScreenRect lessons;       // the Lessons window; invalid when closed
  ScreenRect pad_canvas, pad_input;  // the drawing pad and its picture as the models see it; invalid when hidden
  ScreenRect latent_panels;  // the scatter(s) and grid(s) with their captions: what a recording captures

  // The compare view: one scatter and one grid per model, the strips, the numbers, the losses.
  std::vector<ScreenRect> compare_scatters, compare_grids;
  std::vector<ScreenRect> compare_dimensions;  // each model's per-dimension bars; invalid when hidden
  ScreenRect compare_strips, compare_numbers, compare_loss_plot;

  // The plots of the models as a whole, in either view: the rate-distortion plane and one plot of
  // the bounds on log p(x) per model (invalid when hidden, or for a model without one), and the
  // names and colours the models have on them.
  ScreenRect rate_distortion;
  std::vector<ScreenRect> log_px_bounds;
  std::vector<std::string> plotted_models;
  std::vector<ImU32> plotted_colors;
};

}  // namespace lex::gui
