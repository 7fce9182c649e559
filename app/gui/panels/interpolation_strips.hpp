// Interpolation strips: two test images A and B; for every model, the straight line (or the
// great-circle arc) between that model's latent means of A and B in K steps, decoded by that
// model (off the UI thread), one row per model, with the two originals at the ends. A row is
// decoded again when its model's snapshot or the choice changes.
#pragma once
#include <memory>
#include <vector>

#include "common/gif_writer.hpp"
#include "data/dataset.hpp"
#include "decoder.hpp"
#include "imgui.h"
#include "screen_rects.hpp"
#include "train/worker.hpp"
#include "widgets/image_atlas.hpp"

namespace lex::gui {

struct InterpolationChoice {
  int index_a = -1, index_b = -1;  // test images; -1 until a default is chosen
  int steps = 12;
  bool spherical = false;
  bool next_pick_is_b = false;  // clicks on a scatter set A, then B, then A ...
  bool operator==(const InterpolationChoice&) const = default;
};

// The first test image of class_a and of class_b, if the pair is not chosen yet.
void choose_default_pair(const DataSplit& data, InterpolationChoice& choice, int class_a = 0, int class_b = 1);
// A click on a test image in a scatter: sets A or B, alternately.
void pick_test_image(InterpolationChoice& choice, int index);
// Controls: A and B by class and index, K, linear or spherical.
void draw_interpolation_picker(const DataSplit& data, InterpolationChoice& choice);

// One row: a model's name, colour and latest snapshot.
struct StripRow {
  const char* name;
  ImU32 color;
  const Snapshot* snap;
};

class InterpolationStrips {
 public:
  static constexpr int kMaxSteps = 24, kMaxRows = 4;
  explicit InterpolationStrips(Decoder& decoder);

  void draw(const std::vector<StripRow>& rows, const DataSplit& data, const InterpolationChoice& choice, ScreenRect& rect);
  bool settled() const;
  // The decoded walks as an animation: frame k shows every model's k-th image side by side
  // (enlarged kGifScale times, in the rows' order), from A to B and back; no frames until every
  // row shown is decoded.
  app::GifAnimation animation() const;
  static constexpr int kGifScale = 3, kGifGap = 4;

 private:
  struct Row {
    std::shared_ptr<Decoder::Slot> slot;
    uint64_t shown_key = 0;
    std::shared_ptr<const Decoder::Result> shown;  // the decoded walk on screen
  };
  int drawn_rows_ = 0;
  std::vector<Row> rows_;
  ImageAtlas atlas_;
  InterpolationChoice shown_;  // the choice whose originals the atlas holds
};

}  // namespace lex::gui
