// Interpolation strips: two test images A and B; for every model, the straight line (or the
// great-circle arc) between that model's latent means of A and B in K steps, decoded by that
// model, one row per model, with the two originals at the ends. Re-decoded only when a model's
// snapshot or the choice changes.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "gl/image_texture.hpp"
#include "imgui.h"
#include "train/worker.hpp"
#include "ui/panel_rects.hpp"

namespace lex::gui {

struct InterpolationState {
  int index_a = -1, index_b = -1;  // test images; -1 until a default is chosen
  int steps = 12;
  bool spherical = false;
  bool next_pick_is_b = false;  // clicks on a scatter set A, then B, then A ...
  bool operator==(const InterpolationState&) const = default;
};

// One row of the strips: a model's name, colour and latest snapshot.
struct StripRow {
  const char* name;
  ImU32 color;
  const Snapshot* snap;
};

struct InterpolationResources {
  static constexpr int kMaxSteps = 24, kMaxRows = 4;
  ImageTexture atlas{(kMaxSteps + 2) * 28, kMaxRows * 28};
  std::vector<uint64_t> row_versions;  // the snapshot each row was decoded from
  InterpolationState decoded;          // the choice the atlas shows
  std::vector<FrozenModel> models;     // this thread's copy of each row's model
  std::vector<uint8_t> labels;
  Mat<float> probs;                    // decode workspace
};

// The first test image of class_a and of class_b, if the pair is not chosen yet.
void choose_default_pair(const DataSplit& data, InterpolationState& state, int class_a = 0, int class_b = 1);
// A click on a test image in a scatter: sets A or B, alternately.
void pick_test_image(InterpolationState& state, int index);
// Controls: A and B by class and index, K, linear or spherical.
void draw_interpolation_picker(const DataSplit& data, InterpolationState& state);
void draw_interpolation_strips(const std::vector<StripRow>& rows, const DataSplit& data, const InterpolationState& state,
                               InterpolationResources& res, ScreenRect& rect);

}  // namespace lex::gui
