// The scatter of the test set's latent means on the chosen plane: class-coloured GPU points in an
// offscreen framebuffer (re-rendered only when the points, the window, the size or the shown
// classes change), ticks, the trail the held left button leaves, the interpolation's end points,
// a test image ringed because it is hovered in a linked view, and on hover the nearest test image
// with its posterior's 1 and 2 sigma ellipses. Wheel zooms, right or middle drag pans; zoomed in
// far enough, the points become their images (widgets/scatter_thumbnails.hpp). With the
// state's show_holes, the holes map (widgets/holes_map.hpp) goes under the points, with the
// prior's contours and a one-line legend.
#pragma once
#include <vector>

#include "gl/scatter_renderer.hpp"
#include "panels/latent_state.hpp"
#include "screen_rects.hpp"
#include "widgets/pad_probe.hpp"
#include "widgets/holes_map.hpp"
#include "widgets/image_atlas.hpp"
#include "widgets/scatter_thumbnails.hpp"

namespace lex::gui {

// What a scatter draws besides the points.
struct ScatterMarks {
  struct Mark {
    int index = -1;
    const char* label = "";
  };
  std::vector<Mark> marks;  // test images marked with a letter (the interpolation's A and B)
  int highlight = -1;       // a test image hovered in a linked view
  bool tooltip = true;      // the hovered image in a tooltip
  bool trail = true;        // the held left button draws a trail
  const ProbeMarks* probe = nullptr;  // the drawing pad's picture: its mean, sigma ellipses, samples
};

class ScatterPanel {
 public:
  // Draws at origin as a side x side square; returns the hovered test image's index, or -1.
  int draw(const Snapshot& snap, LatentState& state, ImVec2 origin, float side, ScreenRect& rect,
           const ScatterMarks& marks);
  // The holes map when it is shown and computed (for the grid beside), else null.
  const HolesMap* holes() const { return holes_shown_ && holes_.ready() ? &holes_ : nullptr; }
  bool holes_settled() const { return !holes_shown_ || holes_.settled(); }

 private:
  struct RenderKey {
    uint64_t points_version = 0;
    app::PlaneWindow window;
    int side_px = 0;
    uint32_t visible = 0;
    float point_size = 0;
    uint64_t holes_version = 0;  // 0: no holes map under the points
    bool operator==(const RenderKey&) const = default;
  };
  ScatterRenderer renderer_;
  HolesMap holes_;
  ScatterThumbnails thumbnails_;
  bool holes_shown_ = false;
  uint64_t uploaded_version_ = 0;
  RenderKey rendered_;
  ImageAtlas hovered_image_;
  int hovered_index_ = -1;
  const void* hovered_data_ = nullptr;
};

}  // namespace lex::gui
