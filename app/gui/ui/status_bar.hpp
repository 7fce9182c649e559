// The bar along the bottom of the window: state, data set, model, progress, throughput, frame
// rate, and the worker's last notice (saved, loaded).
#pragma once
#include <string>
#include <vector>

#include "train/worker.hpp"
#include "ui/compare_run.hpp"
#include "ui/panel_rects.hpp"

namespace lex::gui {

// The epoch being trained, counted from 1; a finished epoch (all its steps done) keeps its number
// until the next step starts the next one.
inline int epoch_number(const WorkerStatus& s) {
  return s.epochs_done + (s.steps_per_epoch == 0 || s.step_in_epoch < s.steps_per_epoch ? 1 : 0);
}

void draw_status_bar(const WorkerStatus& status, const Snapshot* snap, float fps, double grid_decode_ms,
                     const std::string& ui_notice, PanelRects& rects);
// The compare view's bar: every model's epoch, step and training rate.
void draw_compare_status_bar(const std::vector<CompareModel>& models, bool running, float fps,
                             const std::string& ui_notice, PanelRects& rects);
}  // namespace lex::gui
