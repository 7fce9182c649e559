// Scripted runs, for tests and measurements: --frames N ends after N frames (a measurement);
// --until-steps N and --until-error end on events, so that tests pass on a machine of any speed.
// Once every model has trained N steps, training pauses (each worker publishes its last state)
// and the run goes on until the view says its pictures show those last snapshots (background
// decodes included), then two frames more, which ImGui needs to settle new windows and tables
// (an auto-sized window is measured on its first frame and drawn from the next). The screenshot
// of the last frame goes with a JSON sidecar: where each panel is and which colours it uses.
#pragma once
#include <cstdint>
#include <string>

#include "screen_rects.hpp"
#include "views/view.hpp"

namespace lex::gui {

class ScriptedRun {
 public:
  ScriptedRun(int frames, int64_t until_steps, bool until_error)
      : frames_(frames), until_steps_(until_steps), until_error_(until_error) {}
  bool active() const { return frames_ > 0 || until_steps_ > 0 || until_error_; }

  // Once a frame, after drawing; true if this frame is the last.
  bool last_frame(View& view, bool error_shown);

 private:
  static constexpr int kImGuiSettleFrames = 2;
  int frames_;
  int64_t until_steps_;
  bool until_error_;
  int frame_ = 0;
  bool paused_ = false;
  int settle_left_ = -1;
};

// PATH.json beside a screenshot: the window's size, the panels' rectangles (in pixels) and the
// palette, for tests/gui/check_gui_screenshot.
void write_screenshot_sidecar(const std::string& png_path, const PanelRects& rects, int width, int height, float scale,
                              const std::vector<std::string>& compare_models);

}  // namespace lex::gui
