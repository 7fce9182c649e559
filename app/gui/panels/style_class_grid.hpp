// A conditional model's style x class grid: one row per class, one column per latent point, every
// cell the same z decoded as that row's class. Down a column the label changes the class; along
// a row the code changes the style (slant, thickness, width). The points are samples from the
// prior (a fixed draw, or a new one on request) or evenly spaced along the scatter's row through
// the cursor. Decoded off the UI thread (gui/decoder.hpp).
#pragma once
#include <memory>

#include "decoder.hpp"
#include "panels/latent_state.hpp"
#include "screen_rects.hpp"
#include "util/rng.hpp"
#include "widgets/image_atlas.hpp"

namespace lex::gui {

class StyleClassGrid {
 public:
  explicit StyleClassGrid(Decoder& decoder) : slot_(decoder.make_slot()) {}

  void draw(const Snapshot& snap, const LatentState& state, ImVec2 origin, ImVec2 size, ScreenRect& rect);
  bool settled() const { return shown_key_ == slot_->submitted_key(); }

 private:
  Mat<float> columns(const Snapshot& snap, const LatentState& state) const;

  std::shared_ptr<Decoder::Slot> slot_;
  ImageAtlas atlas_;
  uint64_t shown_key_ = 0;
  int shown_rows_ = 0, shown_columns_ = 0;
  int column_count_ = 10;
  bool along_cursor_row_ = false;
  uint64_t sample_seed_ = 1;
};

}  // namespace lex::gui
