// Keyboard shortcuts. ImGui 1.86 reads keys by the backend's codes (GLFW's here), so they are
// named in this one place.
#pragma once
#include <GLFW/glfw3.h>

#include "imgui.h"

namespace lex::gui {

enum class Key { kSpace = GLFW_KEY_SPACE, kR = GLFW_KEY_R, kS = GLFW_KEY_S, kF12 = GLFW_KEY_F12, kL = GLFW_KEY_L };

// Pressed this frame (not repeated), and no text field has the keyboard.
inline bool shortcut(Key key) {
  return !ImGui::GetIO().WantTextInput && ImGui::IsKeyPressed(static_cast<int>(key), false);
}

}  // namespace lex::gui
