// What the decoder draws under the cursor (decoded on the UI thread whenever the cursor moves: one
// image) and at the pinned grid cell.
#pragma once
#include "panels/latent_state.hpp"
#include "widgets/live_model.hpp"

namespace lex::gui {

class DecoderPreview {
 public:
  void draw(const Snapshot* snap, LatentState& state);
  // Decodes the cursor now (the scatter's tooltip shows it in the same frame).
  void follow_cursor(const Snapshot& snap, const LatentState& state);

 private:
  LiveModel live_;
  DecodedImage cursor_, pinned_;
};

}  // namespace lex::gui
