// The numbers under the compare view: one row per model, from its latest latent-space report and
// its snapshot's test losses. Each header's tooltip says in one sentence what the number means.
#pragma once
#include <string>
#include <vector>

#include "eval/report.hpp"
#include "imgui.h"
#include "screen_rects.hpp"

namespace lex::gui {

struct CompareRow {
  std::string name;
  ImU32 color = 0;
  int epochs = 0;
  bool has_test = false;
  LossParts test;                        // the last finished epoch's
  const ModelReport* report = nullptr;   // null until the first report is in
  int64_t report_step = -1;              // the step it was measured at (-1: unknown)
};

void draw_compare_table(const std::vector<CompareRow>& rows, int knn_points, ScreenRect& rect);

}  // namespace lex::gui
