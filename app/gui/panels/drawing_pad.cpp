#include "panels/drawing_pad.hpp"

#include <algorithm>
#include <cmath>

#include "data/digit_image.hpp"
#include "data/resize.hpp"
#include "util/error.hpp"

namespace lex::gui {

bool draw_pad_tabs(const char* id, const char* other_label, const std::function<void()>& draw_other,
                   const std::function<void()>& draw_pad, bool& select_pad) {
  bool pad_open = false;
  if (ImGui::BeginTabBar(id)) {
    if (ImGui::BeginTabItem(other_label)) {
      draw_other();
      ImGui::EndTabItem();
    }
    if (ImGui::BeginTabItem("Draw a digit", nullptr, select_pad ? ImGuiTabItemFlags_SetSelected : 0)) {
      pad_open = true;
      draw_pad();
      ImGui::EndTabItem();
    }
    ImGui::EndTabBar();
  }
  select_pad = false;
  return pad_open;
}

void DrawingPad::stamp_segment(ImVec2 a, ImVec2 b, float radius) {
  // An anti-aliased round brush: each pixel gets the ink of its distance to the segment, with a
  // one-pixel soft edge; ink only ever grows (max), as a pen on paper.
  const int x0 = std::max(0, static_cast<int>(std::floor(std::min(a.x, b.x) - radius - 1)));
  const int x1 = std::min(kCanvas - 1, static_cast<int>(std::ceil(std::max(a.x, b.x) + radius + 1)));
  const int y0 = std::max(0, static_cast<int>(std::floor(std::min(a.y, b.y) - radius - 1)));
  const int y1 = std::min(kCanvas - 1, static_cast<int>(std::ceil(std::max(a.y, b.y) + radius + 1)));
  const float dx = b.x - a.x, dy = b.y - a.y, len2 = dx * dx + dy * dy;
  for (int y = y0; y <= y1; ++y)
    for (int x = x0; x <= x1; ++x) {
      const float px = x + 0.5f - a.x, py = y + 0.5f - a.y;
      const float t = len2 > 0 ? std::clamp((px * dx + py * dy) / len2, 0.0f, 1.0f) : 0.0f;
      const float ex = px - t * dx, ey = py - t * dy;
      const float ink = std::clamp(radius + 0.5f - std::sqrt(ex * ex + ey * ey), 0.0f, 1.0f);
      float& v = canvas_.pixels[static_cast<size_t>(y) * kCanvas + x];
      v = std::max(v, ink);
    }
  canvas_dirty_ = true;
}

void DrawingPad::redraw_canvas() {
  std::fill(canvas_.pixels.begin(), canvas_.pixels.end(), 0.0f);
  for (const Stroke& s : strokes_)
    for (size_t i = 0; i < s.points.size(); ++i) stamp_segment(s.points[i == 0 ? 0 : i - 1], s.points[i], s.radius);
  canvas_dirty_ = true;
}

void DrawingPad::remake_input() {
  problem_.clear();
  input_.clear();
  ++version_;
  if (shape_.pixels() == 0) return;
  const bool has_strokes = !strokes_.empty();
  if (!has_strokes && dropped_.pixels.empty()) return;
  try {
    input_ = has_strokes ? digit_like_data(canvas_, shape_, "drawing")
                         : digit_like_data(ink_of(dropped_, invert_), shape_, dropped_name_);
  } catch (const InputError& e) {
    problem_ = e.what();
  }
}

void DrawingPad::load_file(const std::string& path) {
  try {
    load_picture(read_grey_image(path), path);
  } catch (const InputError& e) {
    problem_ = e.what();
  }
}

void DrawingPad::load_picture(GreyImage picture, std::string name) {
  problem_.clear();
  dropped_ = std::move(picture);
  dropped_name_ = std::move(name);
  // Most photos and scans are dark ink on light paper: then start inverted (the box can undo it).
  std::vector<float> sorted = dropped_.pixels;
  std::nth_element(sorted.begin(), sorted.begin() + static_cast<long>(sorted.size() / 2), sorted.end());
  invert_ = sorted[sorted.size() / 2] > 0.5f;
  strokes_.clear();
  redraw_canvas();
  remake_input();
}

void DrawingPad::upload_canvas() {
  if (!canvas_texture_) canvas_texture_ = std::make_unique<ImageTexture>(kCanvas, kCanvas);
  uint8_t* out = canvas_texture_->pixels();
  if (strokes_.empty() && !dropped_.pixels.empty()) {
    // The dropped picture, fitted into the canvas as the models' ink (inverted if asked).
    const float scale = std::min(static_cast<float>(kCanvas) / dropped_.width, static_cast<float>(kCanvas) / dropped_.height);
    const int w = std::max(1, static_cast<int>(dropped_.width * scale)), h = std::max(1, static_cast<int>(dropped_.height * scale));
    const GreyImage shown = resize_grey(dropped_, h, w);
    std::fill(out, out + kCanvas * kCanvas, uint8_t{0});
    for (int y = 0; y < h; ++y)
      for (int x = 0; x < w; ++x) {
        const float v = invert_ ? 1.0f - shown.at(y, x) : shown.at(y, x);
        out[(y + (kCanvas - h) / 2) * kCanvas + x + (kCanvas - w) / 2] = static_cast<uint8_t>(v * 255.0f + 0.5f);
      }
  } else {
    for (size_t i = 0; i < canvas_.pixels.size(); ++i) out[i] = static_cast<uint8_t>(canvas_.pixels[i] * 255.0f + 0.5f);
  }
  canvas_texture_->upload(kCanvas, kCanvas);
  canvas_dirty_ = false;
}

void DrawingPad::draw(const ImageShape& shape, float side, ScreenRect& canvas_rect, ScreenRect& input_rect) {
  if (!(shape == shape_)) {
    shape_ = shape;
    remake_input();
  }
  // The canvas: the left button draws.
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton("canvas", {side, side});
  const float to_canvas = kCanvas / side;
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  const ImVec2 at{(mouse.x - origin.x) * to_canvas, (mouse.y - origin.y) * to_canvas};
  if (ImGui::IsItemActivated()) {
    if (strokes_.empty() && !dropped_.pixels.empty()) dropped_ = {};  // drawing replaces a dropped picture
    strokes_.push_back({brush_, {at}});
    stamp_segment(at, at, brush_);
    drawing_ = true;
    remake_input();
  } else if (drawing_ && ImGui::IsItemActive()) {
    Stroke& s = strokes_.back();
    const ImVec2 last = s.points.back();
    if (std::abs(at.x - last.x) + std::abs(at.y - last.y) >= 1.0f) {
      s.points.push_back(at);
      stamp_segment(last, at, brush_);
      remake_input();
    }
  } else {
    drawing_ = false;
  }
  if (canvas_dirty_) upload_canvas();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddImage(canvas_texture_->id(), origin, {origin.x + side, origin.y + side}, {0, 0}, canvas_texture_->uv_max());
  dl->AddRect(origin, {origin.x + side, origin.y + side}, IM_COL32(255, 255, 255, 90));
  canvas_rect = {origin, {origin.x + side, origin.y + side}};
  if (strokes_.empty() && dropped_.pixels.empty())
    dl->AddText({origin.x + 8, origin.y + 8}, IM_COL32(255, 255, 255, 140), "Draw a digit here,\nor drop an image file\nonto the window");

  // Beside it: the input as the models see it.
  ImGui::SameLine();
  ImGui::BeginGroup();
  const float small = std::round(side * 0.45f);
  if (!input_.empty()) {
    if (input_image_.reserve(shape_, 1, 1) || input_shown_ != version_) {
      input_image_.put(0, 0, input_.data());
      input_image_.upload();
      input_shown_ = version_;
    }
    ImGui::Image(input_image_.id(), {small, small}, input_image_.uv_min(0, 0), input_image_.uv_max(0, 0));
    input_rect = {ImGui::GetItemRectMin(), ImGui::GetItemRectMax()};
  } else {
    ImGui::Dummy({small, small});
  }
  ImGui::TextDisabled("as the model\nsees it");
  if (ImGui::Button("Undo") && !strokes_.empty()) {
    strokes_.pop_back();
    redraw_canvas();
    remake_input();
  }
  ImGui::SameLine();
  if (ImGui::Button("Clear")) {
    strokes_.clear();
    dropped_ = {};
    redraw_canvas();
    remake_input();
  }
  ImGui::SetNextItemWidth(small);
  ImGui::SliderFloat("##brush", &brush_, 4.0f, 24.0f, "brush %.0f");
  if (!dropped_.pixels.empty() && ImGui::Checkbox("invert", &invert_)) {
    canvas_dirty_ = true;
    remake_input();
  }
  ImGui::EndGroup();
  if (!problem_.empty()) ImGui::TextColored({1.0f, 0.55f, 0.4f, 1.0f}, "%s", problem_.c_str());
}

}  // namespace lex::gui
