// A view fills the window: the single model (views/single_view.hpp) or the comparison
// (views/compare_view.hpp). Each owns its state and its panels. The frame loop (gui/app.cpp) asks
// the current one to take what its workers published, handle its keys and draw itself, and acts
// on the request it returns.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "common/gif_writer.hpp"
#include "data/dataset.hpp"
#include "imgui.h"
#include "model/config.hpp"
#include "screen_rects.hpp"
#include "train/worker.hpp"

namespace lex::gui {

struct ViewRequest {
  enum class Kind { kNone, kOpenCompare, kOpenSingle } kind = Kind::kNone;
  bool toggle_lessons = false;              // the Lessons button
  TrainConfig base;                         // kOpenCompare: the experiment's settings
  std::shared_ptr<const DataSplit> data;    // the data already in memory, if any
};

// A model's state, for the frame statistics and scripted runs.
struct ModelState {
  std::string id;
  WorkerStatus status;
  int batch = 0;
  std::string mode;         // "ae", "vae", "kl-only": names exported files
  int64_t shown_step = -1;  // the training step of the snapshot on screen; -1: none yet
};

// Optional panels the command line (--show dims,holes,rd,iw) or a lesson can open.
struct ShownPanels {
  bool dimensions = false;       // the per-dimension view
  bool holes = false;            // the holes map on the scatters (and grids)
  bool rate_distortion = false;  // the rate-distortion plane
  bool log_px_bounds = false;    // the bounds on log p(x); opening it starts the estimate at once
  int log_px_images = 0;         // > 0: the bounds' number of test images (--iw-images)
  float scatter_zoom = 1;        // the scatters' windows while they follow the data: fitted, then this many times closer
};

class View {
 public:
  virtual ~View() = default;

  // Takes what the workers published (status, loss points, snapshots); never waits on them.
  virtual void update(double now) = 0;
  // Space, R, S ..., unless a text field has the keyboard.
  virtual void handle_keys() = 0;
  // The panels, laid out over the window (size in ImGui units); `notice` goes in the status bar.
  virtual ViewRequest draw(ImVec2 size, const std::string& notice, PanelRects& rects) = 0;

  // A file dropped onto the window (the drawing pad takes it).
  virtual void drop_file(const std::string& path) = 0;

  // Shows the optional panels asked for (and hides the others).
  virtual void show(const ShownPanels& panels) = 0;

  // The window switches to this view, or away from it.
  virtual void enter() = 0;
  virtual void leave() = 0;

  // The first problem to show in the banner, and its dismissal.
  virtual std::string error() const = 0;
  virtual void clear_error() = 0;

  virtual std::vector<ModelState> models() const = 0;
  // The interpolation strips as an animation, the decoded images forward then back (gui/exports);
  // no frames if the view has no strips or they are not decoded yet.
  virtual app::GifAnimation strip_animation() const { return {}; }
  // For scripted runs: stop training and wait until every worker published its last state; then
  // the pictures are up to date once settled() (decodes in the background included), and the
  // estimates shown (the bounds on log p(x): seconds to minutes) once estimates_settled(). A
  // recording waits for the pictures only.
  virtual void pause_and_wait() = 0;
  virtual bool settled() const = 0;
  virtual bool estimates_settled() const = 0;
};

}  // namespace lex::gui
