// Colours, in one place. Classes use Okabe & Ito's colour-blind-safe set (black swapped for grey,
// as it would vanish on the dark background) plus a near-white and Paul Tol's wine, so ten
// classes stay distinguishable with the common forms of colour blindness.
#pragma once
#include <array>
#include <cstdint>

#include "imgui.h"

namespace lex::gui {

using Rgb = std::array<float, 3>;

inline constexpr std::array<std::array<uint8_t, 3>, 10> kClassRgb8{{
    {230, 159, 0},    // orange
    {86, 180, 233},   // sky blue
    {0, 158, 115},    // bluish green
    {240, 228, 66},   // yellow
    {0, 114, 178},    // blue
    {213, 94, 0},     // vermillion
    {204, 121, 167},  // reddish purple
    {153, 153, 153},  // grey
    {240, 240, 240},  // near white
    {170, 51, 119},   // wine (Tol), lightened to read on the dark background
}};

inline std::array<Rgb, 10> class_palette() {
  std::array<Rgb, 10> out{};
  for (int c = 0; c < 10; ++c)
    for (int k = 0; k < 3; ++k) out[c][k] = kClassRgb8[c][k] / 255.0f;
  return out;
}

inline ImU32 class_color(int c, int alpha = 255) {
  const auto& p = kClassRgb8[static_cast<size_t>(c) % 10];
  return IM_COL32(p[0], p[1], p[2], alpha);
}

// Plot and scatter backgrounds: dark, so the light digits of the grid and the points stand out.
inline constexpr std::array<uint8_t, 3> kPlotBackground8{24, 24, 28};
inline ImU32 plot_background() { return IM_COL32(kPlotBackground8[0], kPlotBackground8[1], kPlotBackground8[2], 255); }
inline Rgb plot_background_rgb() {
  return {kPlotBackground8[0] / 255.0f, kPlotBackground8[1] / 255.0f, kPlotBackground8[2] / 255.0f};
}

// Loss series: total, reconstruction, KL. Test curves use the same hue, drawn with markers.
inline constexpr std::array<std::array<uint8_t, 3>, 3> kLossRgb8{{
    {240, 240, 240},  // total: white
    {86, 180, 233},   // reconstruction: sky blue
    {230, 159, 0},    // KL: orange
}};
inline ImU32 loss_color(int series, int alpha = 255) {
  const auto& p = kLossRgb8[static_cast<size_t>(series) % 3];
  return IM_COL32(p[0], p[1], p[2], alpha);
}

// The compare view's models, in the order AE, VAE, KL-only, beta-VAE: their names, loss curves
// and strip labels. Chosen apart from each other, not from the classes (points never use them).
inline constexpr std::array<std::array<uint8_t, 3>, 4> kModelRgb8{{
    {255, 110, 90},   // AE: coral red
    {110, 220, 110},  // VAE: green
    {180, 150, 255},  // KL-only: lilac
    {80, 220, 230},   // beta-VAE: cyan
}};
inline ImU32 model_color(int model, int alpha = 255) {
  const auto& p = kModelRgb8[static_cast<size_t>(model) % 4];
  return IM_COL32(p[0], p[1], p[2], alpha);
}

inline constexpr ImU32 kErrorRed = IM_COL32(170, 30, 30, 255);
inline constexpr ImU32 kTrailColor = IM_COL32(255, 255, 255, 230);

}  // namespace lex::gui
