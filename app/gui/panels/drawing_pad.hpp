// The drawing pad: the user's own digit, drawn with the mouse or dropped onto the window as an
// image file, and the same picture made to look like the data (data/digit_image.hpp), which is
// what the models encode. Bright ink on a dark ground, as MNIST; a dropped photo of dark ink on
// paper needs "invert". Strokes are kept, so undo redraws the canvas without the last one.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "data/image_file.hpp"
#include "gl/image_texture.hpp"
#include "imgui.h"
#include "model/arch.hpp"
#include "screen_rects.hpp"
#include "widgets/image_atlas.hpp"

namespace lex::gui {

// The pad shares its place with another panel (the decodes under the cursor) as two tabs. Draws
// them and returns whether the pad's tab is open; `select_pad` (a file was dropped) opens it, once.
bool draw_pad_tabs(const char* id, const char* other_label, const std::function<void()>& draw_other,
                   const std::function<void()>& draw_pad, bool& select_pad);

class DrawingPad {
 public:
  // The canvas (side x side on screen) with its tools, and the input the models see beside it.
  // `shape` is the models' input shape; the input is remade when it changes.
  void draw(const ImageShape& shape, float side, ScreenRect& canvas_rect, ScreenRect& input_rect);
  // A dropped file: decoded now (an error is shown on the pad; the drawing stays).
  void load_file(const std::string& path);
  // A picture from elsewhere (a lesson's test image), as if dropped; `name` says what it is.
  void load_picture(GreyImage picture, std::string name);

  // The picture as the models see it (shape.pixels() values), or empty when there is no ink.
  const std::vector<float>& input() const { return input_; }
  // Changes whenever input() does.
  uint64_t version() const { return version_; }
  bool drawing() const { return drawing_; }  // a stroke is under way

 private:
  struct Stroke {
    float radius = 0;
    std::vector<ImVec2> points;  // canvas pixels
  };
  void stamp_segment(ImVec2 a, ImVec2 b, float radius);
  void redraw_canvas();
  void remake_input();
  void upload_canvas();

  static constexpr int kCanvas = 280;  // pixels a side: ten times MNIST's
  GreyImage canvas_{kCanvas, kCanvas, std::vector<float>(kCanvas * kCanvas, 0.0f)};  // ink, 0..1
  std::vector<Stroke> strokes_;
  GreyImage dropped_;          // the dropped picture, shown instead of the strokes until cleared
  std::string dropped_name_;
  bool invert_ = false;
  float brush_ = 11.0f;        // radius in canvas pixels: MNIST's strokes are ~2-3 of 28
  bool drawing_ = false;
  ImageShape shape_;
  std::vector<float> input_;
  std::string problem_;
  uint64_t version_ = 0;
  bool canvas_dirty_ = true;
  std::unique_ptr<ImageTexture> canvas_texture_;
  ImageAtlas input_image_;
  uint64_t input_shown_ = 0;  // the version input_image_ holds
};

}  // namespace lex::gui
