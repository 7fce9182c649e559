// The numbers under the compare view: one row per model, from its latest ReportWorker report and
// its snapshot's test losses. Each header's tooltip says in one sentence what the number means.
#pragma once
#include <vector>

#include "ui/compare_run.hpp"
#include "ui/panel_rects.hpp"

namespace lex::gui {

void draw_compare_table(const std::vector<CompareModel>& models, ScreenRect& rect);

}  // namespace lex::gui
