#include "panels/decoder_preview.hpp"

#include <algorithm>

#include "widgets/widgets.hpp"

namespace lex::gui {

void DecoderPreview::follow_cursor(const Snapshot& snap, const LatentState& s) {
  if (s.has_cursor && s.plane.latent() == snap.model.latent()) cursor_.show(snap, live_, s.lifted(s.cursor), s.decode_class);
}

void DecoderPreview::draw(const Snapshot* snap, LatentState& s) {
  if (!snap || snap->test_mu.cols() == 0 || s.plane.latent() != snap->model.latent()) {
    ImGui::TextDisabled("No model yet.");
    return;
  }
  follow_cursor(*snap, s);
  if (s.has_pinned) pinned_.show(*snap, live_, s.lifted(s.pinned), s.decode_class);
  const float avail = ImGui::GetContentRegionAvail().x;
  const float side = std::min(ImGui::GetFontSize() * 12, (avail - ImGui::GetStyle().ItemSpacing.x) * 0.5f);
  ImGui::BeginGroup();
  ImGui::TextUnformatted("Under the cursor");
  cursor_.draw({side, side});
  if (s.has_cursor) ImGui::TextDisabled("(%.2f, %.2f)", s.cursor.x, s.cursor.y);
  else ImGui::TextDisabled("move over the scatter");
  ImGui::EndGroup();
  tooltip("sigmoid(decoder(z)) at the cursor's point of the plane, decoded every time it moves.\n"
          "Hold the left button on the scatter to leave a trail.");
  ImGui::SameLine();
  ImGui::BeginGroup();
  ImGui::TextUnformatted("Pinned grid cell");
  if (s.has_pinned) {
    pinned_.draw({side, side});
    ImGui::TextDisabled("(%.2f, %.2f)", s.pinned.x, s.pinned.y);
  } else {
    ImGui::Dummy({side, side});
    ImGui::TextDisabled("click a grid cell");
  }
  ImGui::EndGroup();
}

}  // namespace lex::gui
