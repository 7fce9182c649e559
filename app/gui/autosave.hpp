// Autosave for the single view: every N minutes, and once on exit, the worker saves to one of two
// files beside the chosen checkpoint (latent-explorer-autosave-A.ckpt and -B.ckpt), alternating,
// so that even a crash in the middle of a write leaves the other, older file whole. (Each save is
// atomic already; the pair also survives a bad model being saved over a good one.) Nothing is
// written when the model has not trained since the last save.
#pragma once
#include <cstdint>
#include <string>

#include "train/worker.hpp"

namespace lex::gui {

class Autosave {
 public:
  // The two files: slot 0 is A, slot 1 is B, in the checkpoint's directory.
  static std::string slot_path(const std::string& checkpoint_path, int slot);

  // Once a frame. Saves when `minutes` > 0 have passed since the last save (or the first call) and
  // the model trained meanwhile; returns "autosaved <file> at HH:MM" then, else "".
  std::string tick(TrainingWorker& worker, const WorkerStatus& status, const std::string& checkpoint_path,
                   int minutes, double now_s);
  // On exit: saves if the model trained since the last save, and waits until the worker wrote it.
  std::string save_and_wait(TrainingWorker& worker, const WorkerStatus& status, const std::string& checkpoint_path);

 private:
  std::string save(TrainingWorker& worker, const WorkerStatus& status, const std::string& checkpoint_path);
  int next_slot_ = -1;  // chosen on the first save: the older (or missing) file
  double last_save_s_ = -1;
  uint64_t saved_generation_ = 0;
  int64_t saved_steps_ = -1;
};

}  // namespace lex::gui
