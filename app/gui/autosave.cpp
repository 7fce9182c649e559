#include "autosave.hpp"

#include <ctime>
#include <filesystem>
#include <system_error>

namespace lex::gui {
namespace fs = std::filesystem;

std::string Autosave::slot_path(const std::string& checkpoint_path, int slot) {
  const fs::path dir = fs::path(checkpoint_path).parent_path();
  return (dir / (slot == 0 ? "latent-explorer-autosave-A.ckpt" : "latent-explorer-autosave-B.ckpt")).string();
}

std::string Autosave::tick(TrainingWorker& worker, const WorkerStatus& status, const std::string& checkpoint_path,
                           int minutes, double now_s) {
  if (last_save_s_ < 0) last_save_s_ = now_s;  // the clock starts with the window
  if (minutes <= 0 || now_s - last_save_s_ < minutes * 60.0) return "";
  last_save_s_ = now_s;
  return save(worker, status, checkpoint_path);
}

std::string Autosave::save_and_wait(TrainingWorker& worker, const WorkerStatus& status,
                                    const std::string& checkpoint_path) {
  std::string notice = save(worker, status, checkpoint_path);
  worker.wait_idle();  // the save command has run (or failed) before the worker goes away
  return notice;
}

std::string Autosave::save(TrainingWorker& worker, const WorkerStatus& status, const std::string& checkpoint_path) {
  if (!status.has_model || status.progress.steps_done == 0) return "";
  if (status.generation == saved_generation_ && status.progress.steps_done == saved_steps_) return "";
  if (next_slot_ < 0) {
    // Overwrite the older of the two, so the newest autosave of an earlier session survives.
    std::error_code ea, eb;
    const auto ta = fs::last_write_time(slot_path(checkpoint_path, 0), ea);
    const auto tb = fs::last_write_time(slot_path(checkpoint_path, 1), eb);
    next_slot_ = ea ? 0 : eb ? 1 : (ta <= tb ? 0 : 1);
  }
  const std::string path = slot_path(checkpoint_path, next_slot_);
  worker.save(path);
  next_slot_ = 1 - next_slot_;
  saved_generation_ = status.generation;
  saved_steps_ = status.progress.steps_done;
  char when[16];
  const std::time_t t = std::time(nullptr);
  std::strftime(when, sizeof when, "%H:%M", std::localtime(&t));
  return "autosaved " + path + " at " + when;
}

}  // namespace lex::gui
