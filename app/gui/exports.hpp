// Exports for teaching: any panel as a PNG, the scatter and grid's training as an animated GIF,
// the interpolation strips as an animated GIF. The app owns one Exports for both views; the
// views draw its controls (panels/export_controls.hpp), and the frame loop calls it around its
// steps:
//   begin_frame()   before drawing: true if this frame is to be read back, so the app hides the
//                   mouse from ImGui for it (no hover ring or tooltip in the picture)
//   after_draw()    after the view drew: the right-click menu on a panel ("Save ... as PNG"), what
//                   the recording should capture next, the strips' GIF if asked for
//   after_render()  after rendering, before the swap: the read-backs (glReadPixels of a panel's
//                   rectangle) and the PNG files
//   take_messages() the last notice ("wrote ...") and error, for the status bar and the banner.
// GIFs are written on a background thread (quantising a few hundred frames takes a moment);
// finish() waits for them. The recording keeps at most kMaxFrames frames within kMemoryBudget
// bytes; when full it drops every other frame and captures half as often from then on.
#pragma once
#include <cstdint>
#include <future>
#include <string>
#include <utility>
#include <vector>

#include "common/gif_writer.hpp"
#include "screen_rects.hpp"
#include "views/view.hpp"

namespace lex::gui {

// What the command line asks a scripted run to write when it ends.
struct ScriptedExports {
  std::string record_gif;                                  // --record-gif PATH: record from the start
  std::string strip_gif;                                   // --export-strip-gif PATH
  std::vector<std::pair<std::string, std::string>> panels;  // --export-panel NAME=PATH
};

// A panel by the name exports use ("scatter", "grid-vae", "strips" ...) and where it is.
struct NamedPanel {
  std::string name;
  ScreenRect rect;
};
std::vector<NamedPanel> named_panels(const PanelRects& rects, const std::vector<ModelState>& models);

class Exports {
 public:
  static constexpr int kMaxFrames = 300;
  static constexpr size_t kMemoryBudget = 64u << 20;
  static constexpr int kMaxGifWidth = 640;  // wider captures are averaged down by a whole factor

  explicit Exports(ScriptedExports scripted);
  ~Exports();

  // The controls' state. The folder files go to (the command line's paths are used as given).
  char folder[512] = ".";
  bool recording() const { return recording_; }
  void set_recording(bool on);
  int recorded_frames() const { return static_cast<int>(frames_.size()); }
  void save_recording() { save_recording_ = true; }
  void save_strips() { save_strips_ = true; }

  bool begin_frame();
  void after_draw(View& view, const PanelRects& rects);
  // `last`: the scripted run's last frame (the command line's exports are written then).
  void after_render(View& view, const PanelRects& rects, float scale, int framebuffer_height, bool last);
  // Waits for the GIFs being written; true if every scripted export was written.
  bool finish();
  void take_messages(std::string& notice, std::string& error);

 private:
  struct Pending {
    std::string path;
    std::future<std::string> result;
  };
  std::string path_in_folder(const std::string& name) const;
  std::string file_stem(const std::string& panel, const std::vector<ModelState>& models) const;
  void write_png(const ScreenRect& rect, float scale, int framebuffer_height, const std::string& path);
  // `key`: the steps shown, one per model.
  void capture_recording_frame(const PanelRects& rects, float scale, int framebuffer_height, const std::vector<int64_t>& key);
  void write_gif_in_background(const std::string& path, app::GifAnimation animation);
  void report(const std::string& problem, const std::string& path, const char* what);

  ScriptedExports scripted_;
  bool scripted_failed_ = false;
  // The right-click menu's panel, and a PNG asked for (written the frame after the menu closed).
  NamedPanel menu_panel_;
  std::string png_panel_;
  bool png_pending_ = false;
  // The recording: frames of one size (RGB), the steps shown when each was taken.
  bool recording_ = false;
  bool save_recording_ = false, save_strips_ = false;
  std::vector<app::GifFrame> frames_;
  int frame_width_ = 0, frame_height_ = 0;
  std::vector<int64_t> last_key_;      // the steps shown when the last new picture was seen
  std::vector<int64_t> captured_key_;  // and when the last frame was captured
  int64_t first_step_ = -1, last_step_ = -1;
  int stride_ = 1, skipped_ = 0;
  bool capture_next_ = false, capture_now_ = false;
  std::string model_for_names_;
  std::vector<Pending> writing_;
  std::string notice_, error_;
};

}  // namespace lex::gui
