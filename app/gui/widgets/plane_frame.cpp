#include "widgets/plane_frame.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "gl/gl.hpp"
#include "common/nice_step.hpp"

namespace lex::gui {

void draw_plane_ticks(ImDrawList* dl, const PlaneFrame& f) {
  const ImU32 grid_line = IM_COL32(255, 255, 255, 22), axis_line = IM_COL32(255, 255, 255, 70),
              label = IM_COL32(190, 190, 190, 220);
  const app::PlaneWindow& w = f.window;
  const float text_h = ImGui::GetTextLineHeight();
  // About one labelled tick per 90 pixels (at most 6), so labels like "-0.004" do not collide.
  const double step = app::nice_step(2 * w.half_x, std::clamp(static_cast<int>((f.max.x - f.min.x) / 90), 2, 6));
  char text[32];
  for (double x = std::ceil((w.center_x - w.half_x) / step) * step; x <= w.center_x + w.half_x; x += step) {
    const float px = f.to_screen(static_cast<float>(x), 0).x;
    dl->AddLine({px, f.min.y}, {px, f.max.y}, std::abs(x) < step * 1e-3 ? axis_line : grid_line);
    std::snprintf(text, sizeof text, "%g", std::abs(x) < step * 1e-3 ? 0.0 : x);
    if (px > f.min.x + 40) dl->AddText({px + 2, f.max.y - text_h - 2}, label, text);  // the corner is the y labels'
  }
  for (double y = std::ceil((w.center_y - w.half_y) / step) * step; y <= w.center_y + w.half_y; y += step) {
    const float py = f.to_screen(0, static_cast<float>(y)).y;
    dl->AddLine({f.min.x, py}, {f.max.x, py}, std::abs(y) < step * 1e-3 ? axis_line : grid_line);
    std::snprintf(text, sizeof text, "%g", std::abs(y) < step * 1e-3 ? 0.0 : y);
    if (py > f.min.y + text_h + 2 && py < f.max.y - text_h - 4) dl->AddText({f.min.x + 3, py - text_h - 1}, label, text);
  }
}

void draw_crosshair(ImDrawList* dl, ImVec2 p, ImU32 color) {
  dl->AddLine({p.x - 7, p.y}, {p.x + 7, p.y}, color, 1.5f);
  dl->AddLine({p.x, p.y - 7}, {p.x, p.y + 7}, color, 1.5f);
}

void draw_opaque_image(ImDrawList* dl, ImTextureID texture, ImVec2 min, ImVec2 max, ImVec2 uv0, ImVec2 uv1) {
  dl->AddCallback([](const ImDrawList*, const ImDrawCmd*) { glDisable(GL_BLEND); }, nullptr);
  dl->AddImage(texture, min, max, uv0, uv1);
  dl->AddCallback(ImDrawCallback_ResetRenderState, nullptr);
}

}  // namespace lex::gui
