// The decoder on an N x N grid over the scatter's window (or at the prior's quantiles), one image
// per cell, decoded off the UI thread (gui/decoder.hpp): a new snapshot, window, grid size or
// class asks for a new grid, and the old picture stays up until it arrives. Hovering moves the
// shared cursor through the same plane; a click pins a cell for the preview.
#pragma once
#include <memory>

#include "decoder.hpp"
#include "panels/latent_state.hpp"
#include "screen_rects.hpp"
#include "widgets/holes_map.hpp"
#include "widgets/image_atlas.hpp"

namespace lex::gui {

class GridPanel {
 public:
  static constexpr int kMaxGrid = 40;
  explicit GridPanel(Decoder& decoder) : slot_(decoder.make_slot()) {}

  // `holes`, if given, frames the cells in a hole (not over the quantile grid, whose cells are not
  // evenly spaced on the plane).
  void draw(const Snapshot& snap, LatentState& state, ImVec2 origin, float side, ScreenRect& rect,
            const HolesMap* holes = nullptr);
  // The picture shows the grid of the latest request.
  bool settled() const { return shown_key_ == slot_->submitted_key(); }
  double last_decode_ms() const { return last_decode_ms_; }

 private:
  void request(const Snapshot& snap, const LatentState& state, uint64_t key);

  std::shared_ptr<Decoder::Slot> slot_;
  ImageAtlas atlas_;
  uint64_t shown_key_ = 0;
  int shown_n_ = 0;
  double requested_at_ = 0, last_decode_ms_ = 0;
};

}  // namespace lex::gui
