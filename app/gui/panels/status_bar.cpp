#include "panels/status_bar.hpp"

namespace lex::gui {

float status_bar_height() { return ImGui::GetFrameHeight() + 6; }

void draw_status_bar(const StatusLine& line, float fps, ScreenRect& rect) {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  const float height = status_bar_height();
  ImGui::SetNextWindowPos({vp->Pos.x, vp->Pos.y + vp->Size.y - height});
  ImGui::SetNextWindowSize({vp->Size.x, height});
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, {10, 4});
  ImGui::PushStyleVar(ImGuiStyleVar_WindowRounding, 0);
  ImGui::PushStyleColor(ImGuiCol_WindowBg, IM_COL32(30, 45, 70, 255));
  constexpr ImGuiWindowFlags kFlags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                      ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoFocusOnAppearing |
                                      ImGuiWindowFlags_NoBringToFrontOnFocus;
  if (ImGui::Begin("##status_bar", nullptr, kFlags)) {
    ImGui::AlignTextToFramePadding();
    ImGui::TextColored(line.running ? ImVec4(0.4f, 0.9f, 0.4f, 1) : ImVec4(0.95f, 0.75f, 0.3f, 1), "%s", line.state.c_str());
    for (const StatusLine::Model& m : line.models) {
      ImGui::SameLine(0, 16);
      if (!m.name.empty()) {
        ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(m.color), "%s", m.name.c_str());
        ImGui::SameLine();
      }
      if (!m.description.empty()) {
        ImGui::TextUnformatted(m.description.c_str());
        ImGui::SameLine();
      }
      ImGui::Text("epoch %d (%.0f%%)  step %lld  %.0f samples/s", m.progress.epoch_number(), 100 * m.progress.epoch_fraction(),
                  static_cast<long long>(m.progress.steps_done), m.samples_per_s);
    }
    ImGui::SameLine(0, 16);
    ImGui::Text("|  %.0f fps", fps);
    if (!line.extra.empty()) {
      ImGui::SameLine();
      ImGui::Text("|  %s", line.extra.c_str());
    }
    if (!line.notice.empty()) {
      ImGui::SameLine(0, 16);
      ImGui::TextDisabled("|  %s", line.notice.c_str());
    }
    if (!line.keys.empty()) {
      ImGui::SameLine(0, 16);
      ImGui::TextDisabled("|  %s", line.keys.c_str());
    }
    rect = {ImGui::GetWindowPos(),
            {ImGui::GetWindowPos().x + ImGui::GetWindowSize().x, ImGui::GetWindowPos().y + ImGui::GetWindowSize().y}};
  }
  ImGui::End();
  ImGui::PopStyleColor();
  ImGui::PopStyleVar(2);
}

}  // namespace lex::gui
