// The palette (common/palette.hpp) as ImGui colours.
#pragma once
#include <array>

#include "common/palette.hpp"
#include "imgui.h"

namespace lex::gui {

inline ImU32 rgb(const app::Rgb8& c, int alpha = 255) { return IM_COL32(c[0], c[1], c[2], alpha); }
inline ImU32 class_color(int c, int alpha = 255) { return rgb(app::class_rgb8(c), alpha); }
inline ImU32 loss_color(int series, int alpha = 255) { return rgb(app::kLossRgb8[static_cast<size_t>(series) % 3], alpha); }
inline ImU32 model_color(int model, int alpha = 255) { return rgb(app::kModelRgb8[static_cast<size_t>(model) % 4], alpha); }
inline ImU32 plot_background() { return rgb(app::kPlotBackground8); }
inline constexpr ImU32 kErrorRed = IM_COL32(app::kErrorRed8[0], app::kErrorRed8[1], app::kErrorRed8[2], 255);
inline constexpr ImU32 kTrailColor = IM_COL32(255, 255, 255, 230);
inline const ImVec4 kHeadingText{0.55f, 0.8f, 1.0f, 1.0f};  // a title inside a panel (the lessons')
inline constexpr ImU32 kProbeColor = IM_COL32(255, 255, 255, 255);  // the drawing pad's picture on a scatter

// The class colours as floats, for the scatter shader.
inline std::array<std::array<float, 3>, 10> class_palette() {
  std::array<std::array<float, 3>, 10> out{};
  for (size_t c = 0; c < out.size(); ++c)
    for (int k = 0; k < 3; ++k) out[c][static_cast<size_t>(k)] = app::kClassRgb8[c][static_cast<size_t>(k)] / 255.0f;
  return out;
}
inline std::array<float, 3> plot_background_rgb() {
  return {app::kPlotBackground8[0] / 255.0f, app::kPlotBackground8[1] / 255.0f, app::kPlotBackground8[2] / 255.0f};
}

}  // namespace lex::gui
