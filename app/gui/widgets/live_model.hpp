// Decodes that must be immediate, on the UI thread: one latent point under the cursor. The UI's
// own copy of a snapshot's model (copied when the snapshot changes: the parameters are shared,
// the scratch is this copy's), and a preview that redecodes only when its point or model moved.
// Grids and strips go through gui/decoder.hpp instead.
#pragma once
#include <cstdint>
#include <vector>

#include "train/worker.hpp"
#include "widgets/image_atlas.hpp"

namespace lex::gui {

struct LiveModel {
  FrozenModel model;
  uint64_t version = 0;
  FrozenModel& of(const Snapshot& snap) {
    if (version != snap.version) {
      model = snap.model;
      version = snap.version;
    }
    return model;
  }
};

class DecodedImage {
 public:
  // Shows z (Z values) decoded by the snapshot's model, under class `label` if it is conditional.
  void show(const Snapshot& snap, LiveModel& live, const std::vector<float>& z, int label);
  bool ready() const { return version_ != 0; }
  void draw(ImVec2 size) const;  // ImGui::Image of the decoded picture

 private:
  ImageAtlas atlas_;
  uint64_t version_ = 0;
  std::vector<float> z_;
  int label_ = -1;
  Mat<float> z_mat_, image_;
  std::vector<uint8_t> labels_;
};

}  // namespace lex::gui
