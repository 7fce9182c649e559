#include "panels/loss_panel.hpp"

#include "widgets/colors.hpp"

namespace lex::gui {

void draw_loss_panel(const LossHistory& history, LossPlotState& s, ScreenRect& rect) {
  for (int part = 0; part < 3; ++part) {
    draw_loss_part_toggle(s, part, loss_color(part));
    ImGui::SameLine();
  }
  ImGui::TextDisabled("|");
  ImGui::SameLine();
  draw_loss_axis_options(s);
  // Total first and thickest, so reconstruction (often just under it on a log axis) stays visible.
  const float thickness[3] = {3.0f, 1.5f, 1.5f};
  std::vector<LossCurve>& curves = s.curves;
  curves.clear();
  for (int part = 0; part < 3; ++part)
    if (s.show_part[part]) curves.push_back({&history, part, loss_color(part), thickness[part], loss_part_name(part)});
  draw_loss_canvas(curves, s, rect);
}

}  // namespace lex::gui
