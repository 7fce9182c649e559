// A plot's data-to-screen mapping and its tick labels, for the plots drawn on an ImDrawList that
// have linear axes of their own (the rate-distortion plane, the bounds on log p(x)). The loss plot
// keeps its own: it has a log axis, zoom and pan.
#pragma once
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "common/nice_step.hpp"
#include "imgui.h"

namespace lex::gui {

// The faint grid lines and the tick labels' colour of these plots.
inline constexpr ImU32 kPlotGrid = IM_COL32(255, 255, 255, 22), kPlotTickText = IM_COL32(170, 170, 178, 255);

struct PlotAxes {
  ImVec2 min, max;            // the plot area on screen
  double x0 = 0, x1 = 1;      // data at its left and right edge
  double y0 = 0, y1 = 1;      // data at its bottom and top edge

  float px(double x) const { return min.x + static_cast<float>((x - x0) / (x1 - x0)) * (max.x - min.x); }
  float py(double y) const { return max.y - static_cast<float>((y - y0) / (y1 - y0)) * (max.y - min.y); }
  ImVec2 at(double x, double y) const { return {px(x), py(y)}; }

  // Faint grid lines at round values, about one per `spacing` pixels, labelled left of the y axis.
  void draw_y_ticks(ImDrawList* dl, float spacing, ImU32 grid, ImU32 text) const {
    const double step = app::nice_step(y1 - y0, std::max(2, static_cast<int>((max.y - min.y) / spacing)));
    const float font = ImGui::GetFontSize();
    for (double y = std::ceil(y0 / step) * step; y <= y1 + 1e-9 * step; y += step) {
      const float sy = py(y);
      dl->AddLine({min.x, sy}, {max.x, sy}, grid);
      char label[32];
      std::snprintf(label, sizeof label, "%g", std::abs(y) < 1e-9 * step ? 0.0 : y);
      const ImVec2 size = ImGui::CalcTextSize(label);
      dl->AddText({min.x - size.x - 4, sy - font / 2}, text, label);
    }
  }
  // The same below the x axis.
  void draw_x_ticks(ImDrawList* dl, float spacing, ImU32 grid, ImU32 text) const {
    const double step = app::nice_step(x1 - x0, std::max(2, static_cast<int>((max.x - min.x) / spacing)));
    for (double x = std::ceil(x0 / step) * step; x <= x1 + 1e-9 * step; x += step) {
      const float sx = px(x);
      dl->AddLine({sx, min.y}, {sx, max.y}, grid);
      char label[32];
      std::snprintf(label, sizeof label, "%g", std::abs(x) < 1e-9 * step ? 0.0 : x);
      dl->AddText({sx - ImGui::CalcTextSize(label).x / 2, max.y + 2}, text, label);
    }
  }
};

}  // namespace lex::gui
