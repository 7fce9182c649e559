#include "panels/export_controls.hpp"

#include <cstdio>

#include "widgets/widgets.hpp"

namespace lex::gui {

void draw_export_controls(Exports& e, bool has_strips) {
  section("Export (right-click a panel: save it as PNG)");
  ImGui::SetNextItemWidth(-ImGui::CalcTextSize("folder").x - ImGui::GetStyle().ItemInnerSpacing.x);
  ImGui::InputText("folder", e.folder, sizeof e.folder);
  tooltip("Exported files go here, named after what they show: latent-explorer-scatter-vae-step1200.png ...");
  bool recording = e.recording();
  if (ImGui::Checkbox("record", &recording)) e.set_recording(recording);
  tooltip("Capture the scatter and the grid at every new snapshot while training (at most a few hundred frames:\n"
          "when full, every other frame is dropped and the capture slows down), then save them as an animated GIF.");
  ImGui::SameLine();
  char label[64];
  std::snprintf(label, sizeof label, "Save GIF (%d frames)", e.recorded_frames());
  ImGui::BeginDisabled(e.recorded_frames() == 0);
  if (ImGui::Button(label)) e.save_recording();
  ImGui::EndDisabled();
  if (has_strips) {
    ImGui::SameLine();
    if (ImGui::Button("Strips as GIF")) e.save_strips();
    tooltip("The interpolation strips as an animated GIF: every model's decoded images from A to B and back.");
  }
}

}  // namespace lex::gui
