// The left column: what the worker is doing (epoch, step, progress, throughput, beta now) and the
// controls that change it. Settings the worker can change between steps (learning rate, beta,
// warm-up) apply at once; settings that change the model's shape (mode, latent size, hidden
// units, batch) are edited here and applied with one button, because applying them resets the
// weights.
#pragma once
#include <cstdint>

#include "model/config.hpp"
#include "train/worker.hpp"

namespace lex::gui {

struct ControlsState {
  TrainConfig edit;  // the model settings being edited, applied with "Apply and reset"
  float lr = 1e-3f, beta = 1.0f;
  int warmup = 0;
  char data_dir[512] = {};
  char checkpoint[512] = "latent-explorer.ckpt";
  uint64_t synced_generation = UINT64_MAX;  // the model generation the fields were copied from
  int autosave_minutes = 5;  // 0: off
  bool compare_requested = false;  // set by the compare button; the frame loop switches views
};

// `fps` is the UI's frame rate, shown with the training rate.
void draw_controls_panel(TrainingWorker& worker, const WorkerStatus& status, const Snapshot* snap, ControlsState& state,
                         float fps);

// One-sentence maths of each mode, for tooltips here and in the status bar.
const char* mode_explanation(Mode mode);

}  // namespace lex::gui
