#include "widgets/live_model.hpp"

#include <algorithm>

namespace lex::gui {

void DecodedImage::show(const Snapshot& snap, LiveModel& live, const std::vector<float>& z, int label) {
  if (version_ == snap.version && z == z_ && label == label_) return;
  FrozenModel& model = live.of(snap);
  if (static_cast<int>(z.size()) != model.latent()) return;
  version_ = snap.version;
  z_ = z;
  label_ = label;
  z_mat_.resize(static_cast<Eigen::Index>(z.size()), 1);
  std::copy(z.begin(), z.end(), z_mat_.data());
  // The picker may still hold a class of the data set before (the frame draws it after this).
  labels_.assign(model.conditional() ? 1 : 0, static_cast<uint8_t>(std::clamp(label, 0, std::max(0, model.spec().classes - 1))));
  model.decode_probabilities(z_mat_, labels_, image_);
  atlas_.reserve(model.image(), 1, 1);
  atlas_.put(0, 0, image_.data());
  atlas_.upload();
}

void DecodedImage::draw(ImVec2 size) const {
  if (!atlas_.ready()) {
    ImGui::Dummy(size);
    return;
  }
  ImGui::Image(atlas_.id(), size, atlas_.uv_min(0, 0), atlas_.uv_max(0, 0));
}

}  // namespace lex::gui
