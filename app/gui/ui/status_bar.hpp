// The bar along the bottom of the window: state, data set, model, progress, throughput, frame
// rate, and the worker's last notice (saved, loaded).
#pragma once
#include "train/worker.hpp"
#include "ui/panel_rects.hpp"

namespace lex::gui {
void draw_status_bar(const WorkerStatus& status, const Snapshot* snap, float fps, double grid_decode_ms,
                     const std::string& ui_notice, PanelRects& rects);
}  // namespace lex::gui
