// The window: GLFW, an OpenGL 3.3 core context (glad), Dear ImGui with its GLFW and OpenGL3
// backends, a TrueType font at the monitor's content scale, frame pacing, and the size and
// position remembered between sessions (gui/window_memory.hpp). Only the UI thread touches it.
#pragma once
#include <string>
#include <vector>

#include "imgui.h"

struct GLFWwindow;

namespace lex::gui {

struct WindowOptions {
  int width = 0, height = 0;  // both > 0: this size, not remembered; else remembered or fitted
  bool remember = true;       // read and write the size and position (never in scripted runs)
  bool vsync = true;          // off for scripted runs: their frame counts are measurements
  int training_threads = 1;   // cores left to training by a software rasteriser
};

class Window {
 public:
  explicit Window(const WindowOptions& options);
  ~Window();
  Window(const Window&) = delete;
  Window& operator=(const Window&) = delete;

  bool ok() const { return window_ != nullptr; }
  // Waits for the frame's time slot, polls events and starts an ImGui frame. False once the user
  // has closed the window.
  bool begin_frame();
  ImVec2 size() const;  // in ImGui units
  double now() const;   // seconds, steady
  // Renders the frame into the back buffer (a screenshot can read it there), then shows it.
  void render();
  void swap();
  int framebuffer_width() const { return fb_width_; }
  int framebuffer_height() const { return fb_height_; }
  // The files dropped onto the window since the last call (paths).
  std::vector<std::string> take_dropped_files();
  // Puts the mouse in a corner, so that screenshots of scripted runs show the panels unobstructed.
  void park_mouse();

 private:
  void load_font(float scale);

  WindowOptions options_;
  GLFWwindow* window_ = nullptr;
  bool imgui_ = false;
  double next_frame_start_ = 0;
  int fb_width_ = 0, fb_height_ = 0;
  float clear_[3] = {0, 0, 0};
};

}  // namespace lex::gui
