// The single view's left column: what the worker is doing (epoch, step, progress, throughput,
// beta now) and the controls that change it. Settings the worker can change between steps
// (learning rate, beta, warm-up) apply at once; settings that change the model (architecture,
// class condition, mode, latent size, batch) are edited here and applied with one button,
// because applying them resets the weights.
#pragma once
#include <string>

#include "model/config.hpp"
#include "train/worker.hpp"

namespace lex::gui {

class ControlsPanel {
 public:
  ControlsPanel(const std::string& data_dir, int autosave_minutes);

  enum class Action { kNone, kCompare, kLessons };
  // Returns what the user asked for beyond this panel: the compare view, or the lessons.
  Action draw(TrainingWorker& worker, const WorkerStatus& status, const Snapshot* snap, float fps);

  const char* checkpoint_path() const { return checkpoint_; }
  int autosave_minutes() const { return autosave_minutes_; }

 private:
  void sync_from_model(const Snapshot& snap);
  void draw_status(const WorkerStatus& status, const Snapshot* snap, float fps);
  void draw_run_buttons(TrainingWorker& worker, const WorkerStatus& status);
  void draw_live_settings(TrainingWorker& worker);
  void draw_model_settings(TrainingWorker& worker, const Snapshot* snap);
  void draw_files(TrainingWorker& worker);

  TrainConfig edit_;  // the model settings being edited, applied with "Apply and reset"
  char hidden_[128] = "400";
  std::string hidden_problem_;
  float lr_ = 1e-3f, beta_ = 1.0f;
  int warmup_ = 0;
  char data_dir_[512] = {};
  char checkpoint_[512] = "latent-explorer.ckpt";
  uint64_t synced_generation_ = UINT64_MAX;  // the model generation the fields were copied from
  int autosave_minutes_ = 5;                 // 0: off
};

}  // namespace lex::gui
