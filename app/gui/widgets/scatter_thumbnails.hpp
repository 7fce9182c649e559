// The scatter's thumbnails: zoomed in far enough, the test points become their images (as the
// Embedding Projector's sprites do), each framed in its class colour, so what a cluster holds
// shows without hovering one point at a time. The square is cut into cells of one thumbnail's
// size; each occupied cell shows the image of its point nearest the cell's centre, at that point.
// Thumbnails fade in as the visible points per occupied cell fall from kFadeStart to kFullBelow
// (a thumbnail then stands for a few points, not a crowd), at most kMaxShown of them (those
// nearest the view's centre). Per frame: one pass over the points and one textured quad each;
// the images come from one shared atlas texture (widgets/test_image_atlas.hpp).
#pragma once
#include <memory>
#include <vector>

#include "imgui.h"
#include "panels/latent_state.hpp"
#include "widgets/plane_frame.hpp"
#include "widgets/test_image_atlas.hpp"

namespace lex::gui {

class ScatterThumbnails {
 public:
  static constexpr float kFadeStart = 12.0f, kFullBelow = 6.0f;  // visible points per occupied cell
  static constexpr int kMaxShown = 300;

  // Draws the thumbnails over the points; returns how opaque they were (0: none drawn).
  float draw(ImDrawList* dl, const Snapshot& snap, const LatentState& s, const PlaneFrame& f);

 private:
  std::shared_ptr<const TestImageAtlas> atlas_;
  // Reused every frame: per cell, its point count and the point nearest its centre.
  std::vector<int> count_, best_;
  std::vector<float> best_d2_;
  std::vector<int> shown_;
};

}  // namespace lex::gui
