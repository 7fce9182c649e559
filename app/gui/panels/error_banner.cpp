#include "panels/error_banner.hpp"

#include "imgui.h"
#include "imgui_internal.h"  // BringWindowToDisplayFront: the banner stays above the panels
#include "widgets/colors.hpp"

namespace lex::gui {

bool draw_error_banner(const std::string& worker_error, const std::string& ui_error, ScreenRect& rect) {
  rect = {};
  if (worker_error.empty() && ui_error.empty()) return false;
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos({vp->Pos.x + vp->Size.x * 0.5f, vp->Pos.y + 2 * ImGui::GetFontSize()}, ImGuiCond_Always, {0.5f, 0.0f});
  ImGui::SetNextWindowSizeConstraints({ImGui::GetFontSize() * 30, 0}, {vp->Size.x * 0.8f, vp->Size.y * 0.5f});
  ImGui::PushStyleColor(ImGuiCol_WindowBg, kErrorRed);
  ImGui::PushStyleColor(ImGuiCol_Border, IM_COL32(255, 200, 200, 255));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 2);
  constexpr ImGuiWindowFlags kFlags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_AlwaysAutoResize |
                                      ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoMove;
  bool dismissed = false;
  if (ImGui::Begin("##error_banner", nullptr, kFlags)) {
    ImGui::BringWindowToDisplayFront(ImGui::GetCurrentWindow());
    ImGui::PushTextWrapPos(vp->Size.x * 0.75f);
    if (!ui_error.empty()) ImGui::TextUnformatted(ui_error.c_str());
    if (!worker_error.empty()) ImGui::TextUnformatted(worker_error.c_str());
    ImGui::PopTextWrapPos();
    dismissed = ImGui::Button("Dismiss");
    const ImVec2 pos = ImGui::GetWindowPos(), size = ImGui::GetWindowSize();
    rect = {pos, {pos.x + size.x, pos.y + size.y}};
  }
  ImGui::End();
  ImGui::PopStyleVar();
  ImGui::PopStyleColor(2);
  return dismissed;
}

}  // namespace lex::gui
