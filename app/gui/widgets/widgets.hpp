// Small ImGui helpers every panel uses.
#pragma once
#include "imgui.h"

namespace lex::gui {

// The hover text of the last item.
inline void tooltip(const char* text) {
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", text);
}

// A labelled divider (ImGui 1.86 has no SeparatorText).
inline void section(const char* title) {
  ImGui::Spacing();
  ImGui::TextDisabled("%s", title);
  ImGui::Separator();
}

// The width of a checkbox or radio button with this label.
inline float toggle_width(const char* label) {
  return ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x + ImGui::CalcTextSize(label).x;
}

// Continues the row if an item `width` wide still fits in the window, else starts a new row.
inline void same_line_if_fits(float width) {
  const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
  if (ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x + width <= right) ImGui::SameLine();
}

// The views' panels tile the window: fixed in place, and never brought in front of a floating
// window (the Lessons) when clicked.
inline constexpr ImGuiWindowFlags kTiledPanel = ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize |
                                                ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoBringToFrontOnFocus;

// Places and sizes the next window every frame: the views lay their panels out themselves, so
// the layout follows the window's size.
inline void place_next_window(float x, float y, float w, float h) {
  ImGui::SetNextWindowPos({x, y}, ImGuiCond_Always);
  ImGui::SetNextWindowSize({w, h}, ImGuiCond_Always);
}

}  // namespace lex::gui
