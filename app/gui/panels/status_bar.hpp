// The bar along the bottom of the window: for each model its state, progress and training rate;
// the frame rate; the last notice (saved, loaded, autosaved); the keys. Each view says what goes
// in it.
#pragma once
#include <string>
#include <vector>

#include "imgui.h"
#include "screen_rects.hpp"
#include "train/worker.hpp"

namespace lex::gui {

struct StatusLine {
  std::string state;             // "TRAINING", "PAUSED", "NO MODEL", "COMPARE: TRAINING" ...
  bool running = false;
  struct Model {
    std::string name;            // empty in the single view
    ImU32 color = 0;
    std::string description;     // data set, architecture, mode, z, beta
    Progress progress;
    double samples_per_s = 0;
  };
  std::vector<Model> models;
  std::string extra;             // e.g. "grid decode 2.1 ms"
  std::string notice;
  std::string keys;              // "space: play/pause  R: reset ..."
};

void draw_status_bar(const StatusLine& line, float fps, ScreenRect& rect);
// Its height, for the views' layouts.
float status_bar_height();

}  // namespace lex::gui
