#include "widgets/scatter_thumbnails.hpp"

#include <algorithm>
#include <cmath>

#include "gl/gl.hpp"
#include "widgets/colors.hpp"

namespace lex::gui {

float ScatterThumbnails::draw(ImDrawList* dl, const Snapshot& snap, const LatentState& s, const PlaneFrame& f) {
  const float side = f.max.x - f.min.x;
  // A digit stays legible down to 24 pixels; past 48 a thumbnail hides too much of its neighbours.
  const float thumb = std::round(std::clamp(side / 13.0f, 24.0f, 48.0f));
  const int cells = std::max(1, static_cast<int>(side / thumb));
  const float cell = side / cells;
  const size_t n_cells = static_cast<size_t>(cells) * cells;
  count_.assign(n_cells, 0);
  best_.assign(n_cells, -1);
  best_d2_.assign(n_cells, 0.0f);

  const auto& labels = snap.data->test.labels;
  const int n = static_cast<int>(std::min(s.xy.size() / 2, labels.size()));
  int visible = 0;
  for (int i = 0; i < n; ++i) {
    if (!s.class_visible(labels[static_cast<size_t>(i)])) continue;
    const ImVec2 p = f.to_screen(s.xy[2 * static_cast<size_t>(i)], s.xy[2 * static_cast<size_t>(i) + 1]);
    const float cx = (p.x - f.min.x) / cell, cy = (p.y - f.min.y) / cell;
    if (!(cx >= 0 && cy >= 0 && cx < cells && cy < cells)) continue;  // also drops NaN
    const size_t c = static_cast<size_t>(cy) * cells + static_cast<size_t>(cx);
    const float dx = cx - std::floor(cx) - 0.5f, dy = cy - std::floor(cy) - 0.5f, d2 = dx * dx + dy * dy;
    if (count_[c]++ == 0 || d2 < best_d2_[c]) best_[c] = i, best_d2_[c] = d2;
    ++visible;
  }
  const int occupied = static_cast<int>(std::count_if(count_.begin(), count_.end(), [](int k) { return k > 0; }));
  if (occupied == 0) return 0;
  const float per_cell = static_cast<float>(visible) / occupied;
  const float opacity = std::clamp((kFadeStart - per_cell) / (kFadeStart - kFullBelow), 0.0f, 1.0f);
  if (opacity <= 0) return 0;

  if (!atlas_ || atlas_->data() != snap.data.get()) atlas_ = TestImageAtlas::of(snap.data);
  shown_.clear();
  for (size_t c = 0; c < n_cells; ++c)
    if (best_[c] >= 0 && best_[c] < atlas_->count()) shown_.push_back(best_[c]);
  const auto distance2 = [&](int i) {
    const float dx = s.xy[2 * static_cast<size_t>(i)] - s.window.center_x, dy = s.xy[2 * static_cast<size_t>(i) + 1] - s.window.center_y;
    return dx * dx + dy * dy;
  };
  if (static_cast<int>(shown_.size()) > kMaxShown) {
    std::nth_element(shown_.begin(), shown_.begin() + kMaxShown, shown_.end(),
                     [&](int a, int b) { return distance2(a) < distance2(b); });
    shown_.resize(kMaxShown);
  }

  // A thumbnail a little smaller than its cell: neighbours chosen near their cells' centres then
  // overlap little.
  const float image = std::round(thumb * 0.8f), border = 2;
  // Opaque quads need no blending, which spares a software rasteriser reading the pixels below
  // (plane_frame.hpp); while fading in they blend.
  const bool opaque = opacity >= 1.0f;
  const int alpha = static_cast<int>(opacity * 255.0f + 0.5f);
  if (opaque) dl->AddCallback([](const ImDrawList*, const ImDrawCmd*) { glDisable(GL_BLEND); }, nullptr);
  // Each thumbnail is its frame (four strips of the atlas's white cell tinted with the class
  // colour: a digit's frame has the colour of its point) and its image, all from the one texture:
  // a later thumbnail covers an earlier one whole, and the lot is one draw call.
  const ImVec2 white = atlas_->uv_white();
  for (const int i : shown_) {
    const ImVec2 p = f.to_screen(s.xy[2 * static_cast<size_t>(i)], s.xy[2 * static_cast<size_t>(i) + 1]);
    const ImVec2 lo{std::round(p.x - image / 2), std::round(p.y - image / 2)}, hi{lo.x + image, lo.y + image};
    const ImU32 frame = class_color(labels[static_cast<size_t>(i)], alpha);
    const ImVec2 outer_lo{lo.x - border, lo.y - border}, outer_hi{hi.x + border, hi.y + border};
    dl->AddImage(atlas_->id(), outer_lo, {outer_hi.x, lo.y}, white, white, frame);
    dl->AddImage(atlas_->id(), {outer_lo.x, hi.y}, outer_hi, white, white, frame);
    dl->AddImage(atlas_->id(), {outer_lo.x, lo.y}, {lo.x, hi.y}, white, white, frame);
    dl->AddImage(atlas_->id(), {hi.x, lo.y}, {outer_hi.x, hi.y}, white, white, frame);
    dl->AddImage(atlas_->id(), lo, hi, atlas_->uv_min(i), atlas_->uv_max(i), IM_COL32(255, 255, 255, alpha));
  }
  if (opaque) dl->AddCallback(ImDrawCallback_ResetRenderState, nullptr);
  return opacity;
}

}  // namespace lex::gui
