#include "panels/lessons_panel.hpp"

#include <algorithm>
#include <cmath>

#include "imgui_internal.h"
#include "widgets/colors.hpp"

namespace lex::gui {

void LessonsPanel::open(int step) {
  open_ = true;
  step_ = std::clamp(step, 0, static_cast<int>(lessons().size()) - 1);
}

const Scene* LessonsPanel::draw(ImVec2 size, ScreenRect& rect) {
  rect = {};
  if (!open_) return nullptr;
  const std::vector<Lesson>& all = lessons();
  const float font = ImGui::GetFontSize();
  // Over the controls of either view's left column: the scenes set those controls, and the
  // latent panels on the right are what the lessons point at.
  const float width = std::clamp(std::round(size.x * 0.21f), font * 19, font * 23);  // the narrower (compare) view's column
  ImGui::SetNextWindowPos({0, 0}, ImGuiCond_Appearing);
  // As tall as its text: the steps differ in length.
  ImGui::SetNextWindowSizeConstraints({width, 0}, {width, size.y});
  // The panels under it draw no background (the clear colour is theirs: gui/window.cpp); this one
  // floats, so it needs its own, opaque.
  const ImVec4 clear = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
  ImGui::PushStyleColor(ImGuiCol_WindowBg, ImVec4(clear.x * 0.8f, clear.y * 0.9f, clear.z * 1.2f + 0.05f, 1.0f));
  const Scene* asked = nullptr;
  const bool shown = ImGui::Begin("Lessons  [L]", &open_, ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_AlwaysAutoResize);
  ImGui::PopStyleColor();
  // Above the view's panels when it opens (they tile the window and never come to the front:
  // widgets/widgets.hpp); not every frame, which would hide popups and combos under it.
  if (ImGui::IsWindowAppearing()) ImGui::BringWindowToDisplayFront(ImGui::GetCurrentWindow());
  if (shown) {
    const ImVec2 top = ImGui::GetWindowPos();
    const ImVec2 bottom{top.x + ImGui::GetWindowWidth(), top.y + ImGui::GetWindowHeight()};
    rect = {top, bottom};

    const float half = (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) / 2;
    ImGui::BeginDisabled(step_ == 0);
    if (ImGui::Button("< Previous", {half, 0})) --step_;
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::BeginDisabled(step_ + 1 == static_cast<int>(all.size()));
    if (ImGui::Button("Next >", {half, 0})) ++step_;
    ImGui::EndDisabled();

    const Lesson& lesson = all[step_];  // after the buttons, which may have moved on
    ImGui::Spacing();
    ImGui::PushStyleColor(ImGuiCol_Text, kHeadingText);
    ImGui::TextWrapped("%d of %d.  %s", step_ + 1, static_cast<int>(all.size()), lesson.title.c_str());
    ImGui::PopStyleColor();
    ImGui::Spacing();
    ImGui::TextWrapped("%s", lesson.text.c_str());
    ImGui::Spacing();
    for (const Scene& scene : lesson.scenes)
      if (ImGui::Button(scene.button.c_str(), {-1, 0})) asked = &scene;
    ImGui::Spacing();
    ImGui::Separator();
    ImGui::TextColored(kHeadingText, "Look for");
    ImGui::TextWrapped("%s", lesson.look_for.c_str());
  }
  ImGui::End();
  return asked;
}

}  // namespace lex::gui
