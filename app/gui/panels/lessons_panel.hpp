// The Lessons window: one step of the guided lessons (lessons.hpp) at a time, with its text, the
// buttons that set up its scenes and what to look for. It floats over the view (drag it aside, or
// collapse it) because the scenes switch between the single and the compare view, which the app
// owns; the panel only says which scene was asked for.
#pragma once
#include "imgui.h"
#include "lessons.hpp"
#include "screen_rects.hpp"

namespace lex::gui {

class LessonsPanel {
 public:
  void open(int step);  // 0-based; clamped to the lessons there are
  void toggle() { open_ = !open_; }
  bool is_open() const { return open_; }
  int step() const { return step_; }

  // Draws the window while it is open, placed over the left column of a window of `size` when it
  // opens. Returns the scene the user asked for this frame, or nullptr.
  const Scene* draw(ImVec2 size, ScreenRect& rect);

 private:
  bool open_ = false;
  int step_ = 0;
};

}  // namespace lex::gui
