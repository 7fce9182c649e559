// Colours, in one place, as RGB bytes: the PNG export draws with them and the GUI turns them into
// ImGui colours (gui/widgets/colors.hpp). Classes use Okabe & Ito's colour-blind-safe set (black
// swapped for grey, as it would vanish on the dark background) plus a near-white and Paul Tol's
// wine, so ten classes stay distinguishable with the common forms of colour blindness; data sets
// with more classes reuse them in turn.
#pragma once
#include <array>
#include <cstdint>

namespace lex::app {

using Rgb8 = std::array<uint8_t, 3>;

inline constexpr std::array<Rgb8, 10> kClassRgb8{{
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
inline const Rgb8& class_rgb8(int c) { return kClassRgb8[static_cast<size_t>(c) % kClassRgb8.size()]; }

// Plot and scatter backgrounds: dark, so the light digits of the grid and the points stand out.
inline constexpr Rgb8 kPlotBackground8{24, 24, 28};

// Loss series: total, reconstruction, KL. Test curves use the same hue, drawn with markers.
inline constexpr std::array<Rgb8, 3> kLossRgb8{{
    {240, 240, 240},  // total: white
    {86, 180, 233},   // reconstruction: sky blue
    {230, 159, 0},    // KL: orange
}};

// The compare view's models, in the order AE, VAE, KL-only, beta-VAE: their names, loss curves
// and strip labels. Chosen apart from each other, not from the classes (points never use them).
inline constexpr std::array<Rgb8, 4> kModelRgb8{{
    {255, 110, 90},   // AE: coral red
    {110, 220, 110},  // VAE: green
    {180, 150, 255},  // KL-only: lilac
    {80, 220, 230},   // beta-VAE: cyan
}};

inline constexpr Rgb8 kErrorRed8{170, 30, 30};

}  // namespace lex::app
