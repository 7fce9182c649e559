// Drawing on a square of the screen that shows a window of a latent plane: the mapping between
// screen pixels and plane coordinates (y up on the plane, down on the screen), the tick grid,
// and the crosshair that marks a latent point.
#pragma once
#include "common/latent_plane.hpp"
#include "imgui.h"

namespace lex::gui {

struct PlaneFrame {
  ImVec2 min, max;  // the square on screen
  app::PlaneWindow window;

  ImVec2 to_screen(float x, float y) const {
    return {min.x + (x - (window.center_x - window.half_x)) / (2 * window.half_x) * (max.x - min.x),
            max.y - (y - (window.center_y - window.half_y)) / (2 * window.half_y) * (max.y - min.y)};
  }
  ImVec2 to_plane(ImVec2 s) const {
    return {window.center_x - window.half_x + (s.x - min.x) / (max.x - min.x) * 2 * window.half_x,
            window.center_y - window.half_y + (max.y - s.y) / (max.y - min.y) * 2 * window.half_y};
  }
  float pixels_per_unit() const { return (max.x - min.x) / (2 * window.half_x); }
};

// Lines at "nice" plane coordinates, about one labelled tick per 90 pixels, the axes brighter.
void draw_plane_ticks(ImDrawList* dl, const PlaneFrame& f);
void draw_crosshair(ImDrawList* dl, ImVec2 at, ImU32 color);
// An opaque image drawn without blending: a software rasteriser then need not read back the
// pixels underneath (half a megapixel a frame for the scatter and grid).
void draw_opaque_image(ImDrawList* dl, ImTextureID texture, ImVec2 min, ImVec2 max, ImVec2 uv0, ImVec2 uv1);

}  // namespace lex::gui
