// The windowed application: run_gui() opens the window and runs the frame loop until the user
// closes it (or a scripted run ends). Returns the process exit status.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "common/options.hpp"

namespace lex::gui {

struct GuiOptions {
  app::TrainOptions train;        // --arch --latent --mode --data --seed --load ... as for `train`
  int frames = 0;                 // > 0: render this many frames, then exit (a measurement)
  // Scripted runs for tests end on events, never on a frame count or a clock (gui/scripted_run.hpp):
  int64_t until_steps = 0;        // > 0: once every model has trained this many steps, exit
  bool until_error = false;       // exit once an error banner has been drawn
  std::string screenshot_path;    // write the last frame as PNG here (and PATH.json)
  bool frame_stats = false;       // print a JSON line of frame-time percentiles at exit
  bool paused = false;            // start paused instead of training
  std::vector<std::string> show;  // optional panels to open: "dims", "holes"
  int iw_images = 0;              // > 0: the bounds on log p(x) use this many test images
  int lesson = 0;                 // > 0: open the Lessons at this step (1-based) and set up its scene
  // Written when a scripted run ends (gui/exports.hpp):
  std::string record_gif;                 // the scatter and grid recorded while training, as a GIF
  std::string export_strip_gif;           // the interpolation strips as a GIF (the compare view)
  std::vector<std::string> export_panels;  // NAME=PATH: that panel as a PNG
  float zoom = 1.0f;              // the scatters follow the data this many times closer than fitted
  std::string pad_image;          // start with this image on the drawing pad, as if dropped
  bool compare = false;           // open in the AE / VAE / KL-only compare view
  double beta_vae = 0;            // > 0: the compare view also trains a beta-VAE with this beta
  int autosave_minutes = -1;      // -1: every 5 minutes, but off in scripted runs; 0: off
  int width = 0, height = 0;      // both > 0: this window size (not remembered)
};

int run_gui(GuiOptions& options);

}  // namespace lex::gui
