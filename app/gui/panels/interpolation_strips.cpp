#include "panels/interpolation_strips.hpp"

#include <algorithm>
#include <cstdio>

#include "common/image_bytes.hpp"
#include "eval/metrics.hpp"
#include "widgets/colors.hpp"
#include "widgets/plane_frame.hpp"
#include "widgets/widgets.hpp"

namespace lex::gui {
namespace {

int first_of_class(const DataSplit& data, int label, int after = -1) {
  const auto& labels = data.test.labels;
  for (int i = after + 1; i < static_cast<int>(labels.size()); ++i)
    if (labels[i] == label) return i;
  return -1;
}

std::string class_name(const DataSplit& data, int label) {
  return label < static_cast<int>(data.class_names.size()) ? data.class_names[label] : std::to_string(label);
}

// One end's controls: the class (jumps to its first test image), the index, and "next of class".
void draw_end_picker(const DataSplit& data, const char* which, int& index) {
  const int n = data.test.size();
  index = std::clamp(index, 0, n - 1);
  const int label = data.test.labels[static_cast<size_t>(index)];
  ImGui::PushID(which);
  ImGui::AlignTextToFramePadding();
  ImGui::Text("%s", which);
  ImGui::SameLine(ImGui::GetFontSize() * 1.8f);
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 6.5f);
  if (ImGui::BeginCombo("##class", class_name(data, label).c_str())) {
    for (int c = 0; c < static_cast<int>(data.class_names.size()); ++c) {
      ImGui::PushStyleColor(ImGuiCol_Text, class_color(c));
      if (ImGui::Selectable(class_name(data, c).c_str(), c == label)) {
        if (const int i = first_of_class(data, c); i >= 0) index = i;
      }
      ImGui::PopStyleColor();
    }
    ImGui::EndCombo();
  }
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Jump to the first test image of this class.");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 7);
  ImGui::InputInt("##index", &index);
  index = std::clamp(index, 0, n - 1);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Test image index (0 to %d).", n - 1);
  ImGui::SameLine();
  if (ImGui::SmallButton("next")) {
    const int i = first_of_class(data, label, index);
    index = i >= 0 ? i : first_of_class(data, label);
  }
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("The next test image of the same class.");
  ImGui::PopID();
}

}  // namespace

void choose_default_pair(const DataSplit& data, InterpolationChoice& s, int class_a, int class_b) {
  if (s.index_a >= 0 && s.index_b >= 0) return;
  s.index_a = std::max(0, first_of_class(data, class_a));
  s.index_b = std::max(0, first_of_class(data, class_b));
}

void pick_test_image(InterpolationChoice& s, int index) {
  (s.next_pick_is_b ? s.index_b : s.index_a) = index;
  s.next_pick_is_b = !s.next_pick_is_b;
}

void draw_interpolation_picker(const DataSplit& data, InterpolationChoice& s) {
  if (data.test.size() == 0) return;
  draw_end_picker(data, "A", s.index_a);
  draw_end_picker(data, "B", s.index_b);
  ImGui::TextDisabled("or click a point in a scatter (next click sets %s)", s.next_pick_is_b ? "B" : "A");
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8);
  ImGui::SliderInt("steps", &s.steps, 3, InterpolationStrips::kMaxSteps);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("K: how many points along the way are decoded, A's and B's codes included.");
  ImGui::SameLine();
  ImGui::Checkbox("spherical", &s.spherical);
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("Walk the great-circle arc between the two codes (slerp) instead of the straight line:\n"
                      "a straight line between two samples of N(0, I) passes through the low-norm middle,\n"
                      "where the prior has almost no mass in many dimensions.");
}

InterpolationStrips::InterpolationStrips(Decoder& decoder) {
  for (int r = 0; r < kMaxRows; ++r) rows_.push_back({decoder.make_slot(), 0, nullptr});
}

bool InterpolationStrips::settled() const {
  for (const Row& r : rows_)
    if (r.shown_key != r.slot->submitted_key()) return false;
  return true;
}

app::GifAnimation InterpolationStrips::animation() const {
  app::GifAnimation a;
  std::vector<const Decoder::Result*> walks;
  for (int r = 0; r < drawn_rows_; ++r) {
    const Row& row = rows_[static_cast<size_t>(r)];
    if (!row.shown || row.shown_key != row.slot->submitted_key()) return a;  // not decoded yet
    walks.push_back(row.shown.get());
  }
  if (walks.empty()) return a;
  const ImageShape shape = walks[0]->shape;
  const int steps = static_cast<int>(walks[0]->images.cols());
  for (const Decoder::Result* w : walks)
    if (!(w->shape == shape) || w->images.cols() != steps) return a;
  const int n = static_cast<int>(walks.size());
  const int cell_w = shape.width * kGifScale, cell_h = shape.height * kGifScale;
  a.width = n * cell_w + (n - 1) * kGifGap;
  a.height = cell_h;
  a.channels = 1;
  // Forward, then back without repeating either end: 0 1 ... K-1 K-2 ... 1.
  std::vector<int> order;
  for (int k = 0; k < steps; ++k) order.push_back(k);
  for (int k = steps - 2; k >= 1; --k) order.push_back(k);
  std::vector<uint8_t> small(static_cast<size_t>(shape.width) * shape.height);
  for (const int k : order) {
    app::GifFrame frame;
    frame.delay_cs = k == 0 || k == steps - 1 ? 60 : 12;  // rest a moment on A's and B's codes
    frame.pixels.assign(static_cast<size_t>(a.width) * a.height, 64);  // the gaps: a dark grey
    for (int m = 0; m < n; ++m) {
      app::write_grey(walks[static_cast<size_t>(m)]->images.col(k).data(), shape, small.data(), shape.width);
      const int x0 = m * (cell_w + kGifGap);
      for (int y = 0; y < cell_h; ++y)
        for (int x = 0; x < cell_w; ++x)
          frame.pixels[static_cast<size_t>(y) * a.width + x0 + x] =
              small[static_cast<size_t>(y / kGifScale) * shape.width + x / kGifScale];
    }
    a.frames.push_back(std::move(frame));
  }
  return a;
}

void InterpolationStrips::draw(const std::vector<StripRow>& rows, const DataSplit& data, const InterpolationChoice& s,
                               ScreenRect& rect) {
  const int n_rows = std::min(static_cast<int>(rows.size()), kMaxRows);
  const int n = data.test.size();
  if (n == 0 || s.index_a < 0 || s.index_b < 0 || s.index_a >= n || s.index_b >= n) return;
  // Cells: A | the walk (steps) | B, one row per model.
  const int columns = s.steps + 2;
  const bool blank = atlas_.reserve(data.shape, kMaxSteps + 2, kMaxRows);
  if (blank || !(shown_ == s)) {
    shown_ = s;
    for (int r = 0; r < n_rows; ++r) {
      atlas_.put(0, r, data.test.images.col(s.index_a).data());
      atlas_.put(s.steps + 1, r, data.test.images.col(s.index_b).data());
    }
    atlas_.upload();
  }
  // Ask for every row whose model or choice changed; show what has arrived.
  bool uploaded = false;
  for (int r = 0; r < n_rows; ++r) {
    const Snapshot* snap = rows[static_cast<size_t>(r)].snap;
    if (!snap || snap->test_mu.cols() != n) continue;
    Row& row = rows_[static_cast<size_t>(r)];
    const float what[] = {static_cast<float>(s.index_a), static_cast<float>(s.index_b), static_cast<float>(s.steps),
                          static_cast<float>(s.spherical)};
    const uint64_t key = Decoder::key(snap->version, what, sizeof what);
    if (key != row.slot->submitted_key()) {
      Decoder::Job job;
      job.model = snap->model;
      job.key = key;
      job.z = interpolate(snap->test_mu.col(s.index_a), snap->test_mu.col(s.index_b), s.steps, s.spherical);
      // A conditional model walks under A's class.
      if (snap->model.conditional()) job.labels.assign(static_cast<size_t>(s.steps), data.test.labels[static_cast<size_t>(s.index_a)]);
      row.slot->submit(std::move(job));
    }
    // A result for an earlier choice (other steps, say) would land in the wrong cells: wait for this one.
    if (auto result = row.slot->take(); result && result->key == key && result->error.empty()) {
      for (int k = 0; k < static_cast<int>(result->images.cols()); ++k) atlas_.put(k + 1, r, result->images.col(k).data());
      row.shown_key = result->key;
      row.shown = result;
      uploaded = true;
    }
  }
  if (uploaded) atlas_.upload();
  drawn_rows_ = n_rows;

  // Layout: a label column, then A | the walk | B, one row per model.
  const float label_w = ImGui::GetFontSize() * 5.5f, gap = 6;
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float caption = ImGui::GetTextLineHeightWithSpacing();
  const float cell = std::floor(std::clamp(std::min((avail.x - label_w - 2 * gap) / columns,
                                                    (avail.y - 2 * caption) / std::max(1, n_rows) - 4),
                                           16.0f, 72.0f));
  const ImVec2 top = ImGui::GetCursorScreenPos();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float strip_x = top.x + label_w;
  const float walk_x = strip_x + cell + gap, b_x = walk_x + s.steps * cell + gap;
  char text[96];
  const int la = data.test.labels[static_cast<size_t>(s.index_a)], lb = data.test.labels[static_cast<size_t>(s.index_b)];
  std::snprintf(text, sizeof text, "A: #%d '%s'", s.index_a, class_name(data, la).c_str());
  dl->AddText({strip_x, top.y}, class_color(la), text);
  const float a_label_end = strip_x + ImGui::CalcTextSize(text).x;
  std::snprintf(text, sizeof text, "B: #%d '%s'", s.index_b, class_name(data, lb).c_str());
  const float b_label_x = b_x + cell - ImGui::CalcTextSize(text).x;
  dl->AddText({b_label_x, top.y}, class_color(lb), text);
  // The walk's caption between the two labels, shortened when the strips are narrow.
  std::snprintf(text, sizeof text, "decoded along the %s from A's code to B's code (%d steps)",
                s.spherical ? "great-circle arc" : "straight line", s.steps);
  if (ImGui::CalcTextSize(text).x > b_label_x - a_label_end - 16)
    std::snprintf(text, sizeof text, "%s, %d steps", s.spherical ? "arc" : "line", s.steps);
  if (ImGui::CalcTextSize(text).x < b_label_x - a_label_end - 16)
    dl->AddText({std::round((a_label_end + b_label_x - ImGui::CalcTextSize(text).x) * 0.5f), top.y},
                IM_COL32(200, 200, 200, 255), text);

  float y = top.y + caption;
  for (int r = 0; r < n_rows; ++r, y += cell + 4) {
    const float text_y = y + (cell - ImGui::GetTextLineHeight()) * 0.5f;
    dl->AddText({top.x, text_y}, rows[static_cast<size_t>(r)].color, rows[static_cast<size_t>(r)].name);
    if (!rows[static_cast<size_t>(r)].snap || rows_[static_cast<size_t>(r)].shown_key == 0) {
      dl->AddText({strip_x, text_y}, IM_COL32(150, 150, 150, 255), "no model yet");
      continue;
    }
    draw_opaque_image(dl, atlas_.id(), {strip_x, y}, {strip_x + cell, y + cell}, atlas_.uv_min(0, r), atlas_.uv_max(0, r));
    draw_opaque_image(dl, atlas_.id(), {walk_x, y}, {walk_x + s.steps * cell, y + cell}, atlas_.uv_min(1, r),
                      atlas_.uv_max(1, r, s.steps, 1));
    draw_opaque_image(dl, atlas_.id(), {b_x, y}, {b_x + cell, y + cell}, atlas_.uv_min(s.steps + 1, r),
                      atlas_.uv_max(s.steps + 1, r));
    dl->AddRect({walk_x, y}, {walk_x + s.steps * cell, y + cell}, rows[static_cast<size_t>(r)].color & 0x80FFFFFF);
  }
  rect = {{strip_x, top.y + caption}, {b_x + cell, y}};
  ImGui::Dummy({label_w + columns * cell + 2 * gap, y - top.y});
  ImGui::TextWrapped("Look for: images that morph plausibly (dense, continuous codes), blurry non-images midway (a gap "
                     "between islands), or one blur everywhere (no information in the code).");
}

}  // namespace lex::gui
