#include "ui/interpolation_strips.hpp"

#include <algorithm>
#include <cstdio>

#include "eval/metrics.hpp"
#include "ui/latent_view.hpp"  // write_digit
#include "ui/palette.hpp"

namespace lex::gui {
namespace {

constexpr int kSide = 28;

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
  const int label = data.test.labels[index];
  ImGui::PushID(which);
  ImGui::AlignTextToFramePadding();
  ImGui::Text("%s", which);
  ImGui::SameLine(28);
  ImGui::SetNextItemWidth(92);
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
  ImGui::SetNextItemWidth(110);
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

void decode_row(const Snapshot& snap, const InterpolationState& s, int row, InterpolationResources& res) {
  uint8_t* atlas = res.atlas.pixels();
  const int stride = res.atlas.stride();
  uint8_t* out = atlas + row * kSide * stride;
  const Vec<float> a = snap.test_mu.col(s.index_a), b = snap.test_mu.col(s.index_b);
  const Mat<float> z = interpolate(a, b, s.steps, s.spherical);  // (Z, steps)
  res.models.resize(InterpolationResources::kMaxRows);
  FrozenModel& model = res.models[static_cast<size_t>(row)];
  model = snap.model;
  // A conditional model walks under A's class.
  res.labels.assign(model.conditional() ? static_cast<size_t>(s.steps) : 0, snap.data->test.labels[s.index_a]);
  model.decode_probabilities(z, res.labels, res.probs);
  const auto& images = snap.data->test.images;
  write_digit(images.col(s.index_a).data(), out, stride);
  for (int k = 0; k < s.steps; ++k) write_digit(res.probs.col(k).data(), out + (k + 1) * kSide, stride);
  write_digit(images.col(s.index_b).data(), out + (s.steps + 1) * kSide, stride);
}

}  // namespace

void choose_default_pair(const DataSplit& data, InterpolationState& s, int class_a, int class_b) {
  if (s.index_a >= 0 && s.index_b >= 0) return;
  s.index_a = std::max(0, first_of_class(data, class_a));
  s.index_b = std::max(0, first_of_class(data, class_b));
}

void pick_test_image(InterpolationState& s, int index) {
  (s.next_pick_is_b ? s.index_b : s.index_a) = index;
  s.next_pick_is_b = !s.next_pick_is_b;
}

void draw_interpolation_picker(const DataSplit& data, InterpolationState& s) {
  if (data.test.size() == 0) return;
  draw_end_picker(data, "A", s.index_a);
  draw_end_picker(data, "B", s.index_b);
  ImGui::TextDisabled("or click a point in a scatter (next click sets %s)", s.next_pick_is_b ? "B" : "A");
  ImGui::SetNextItemWidth(120);
  ImGui::SliderInt("steps", &s.steps, 3, InterpolationResources::kMaxSteps);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("K: how many points along the way are decoded, A's and B's codes included.");
  ImGui::SameLine();
  ImGui::Checkbox("spherical", &s.spherical);
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("Walk the great-circle arc between the two codes (slerp) instead of the straight line:\n"
                      "a straight line between two samples of N(0, I) passes through the low-norm middle,\n"
                      "where the prior has almost no mass in many dimensions.");
}

void draw_interpolation_strips(const std::vector<StripRow>& rows, const DataSplit& data, const InterpolationState& s,
                               InterpolationResources& res, ScreenRect& rect) {
  const int n_rows = std::min(static_cast<int>(rows.size()), InterpolationResources::kMaxRows);
  const int n = data.test.size();
  if (n == 0 || s.index_a < 0 || s.index_b < 0 || s.index_a >= n || s.index_b >= n) return;
  // Re-decode the rows whose model or choice changed (a few dozen decodes: well under a millisecond).
  const bool choice_changed = !(s == res.decoded);
  res.row_versions.resize(InterpolationResources::kMaxRows, 0);
  bool uploaded = false;
  for (int r = 0; r < n_rows; ++r) {
    const Snapshot* snap = rows[r].snap;
    if (!snap || snap->test_mu.cols() != n) continue;
    if (!choice_changed && res.row_versions[r] == snap->version) continue;
    decode_row(*snap, s, r, res);
    res.row_versions[r] = snap->version;
    uploaded = true;
  }
  if (choice_changed) {
    res.decoded = s;
    for (int r = n_rows; r < InterpolationResources::kMaxRows; ++r) res.row_versions[r] = 0;
  }
  if (uploaded) res.atlas.upload((s.steps + 2) * kSide, InterpolationResources::kMaxRows * kSide);

  // Layout: a label column, then A | the walk | B, one row per model.
  const float label_w = 86, gap = 6;
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float caption = ImGui::GetTextLineHeightWithSpacing();
  const float cell = std::floor(std::clamp(std::min((avail.x - label_w - 2 * gap) / (s.steps + 2),
                                                    (avail.y - 2 * caption) / std::max(1, n_rows) - 4),
                                           16.0f, 56.0f));
  const ImVec2 top = ImGui::GetCursorScreenPos();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float strip_x = top.x + label_w;
  const float walk_x = strip_x + cell + gap, b_x = walk_x + s.steps * cell + gap;
  char text[96];
  const int la = data.test.labels[s.index_a], lb = data.test.labels[s.index_b];
  std::snprintf(text, sizeof text, "A: #%d '%s'", s.index_a, class_name(data, la).c_str());
  dl->AddText({strip_x, top.y}, class_color(la), text);
  std::snprintf(text, sizeof text, "B: #%d '%s'", s.index_b, class_name(data, lb).c_str());
  const float b_label_x = b_x + cell - ImGui::CalcTextSize(text).x;
  dl->AddText({b_label_x, top.y}, class_color(lb), text);
  // The walk's caption between the two labels, shortened when the strips are narrow.
  const float a_label_end = strip_x + ImGui::CalcTextSize("A: #00000 'xxxxxxxx'").x;
  std::snprintf(text, sizeof text, "decoded along the %s from A's code to B's code (%d steps)",
                s.spherical ? "great-circle arc" : "straight line", s.steps);
  if (ImGui::CalcTextSize(text).x > b_label_x - a_label_end - 16)
    std::snprintf(text, sizeof text, "%s, %d steps", s.spherical ? "arc" : "line", s.steps);
  dl->AddText({std::round((a_label_end + b_label_x - ImGui::CalcTextSize(text).x) * 0.5f), top.y},
              IM_COL32(200, 200, 200, 255), text);

  const float uv_cell_x = 1.0f * kSide / res.atlas.stride(), uv_cell_y = 1.0f * kSide / (InterpolationResources::kMaxRows * kSide);
  float y = top.y + caption;
  for (int r = 0; r < n_rows; ++r, y += cell + 4) {
    dl->AddText({top.x, y + cell * 0.5f - 8}, rows[r].color, rows[r].name);
    if (!rows[r].snap || res.row_versions[r] == 0) {
      dl->AddText({strip_x, y + cell * 0.5f - 8}, IM_COL32(150, 150, 150, 255), "no model yet");
      continue;
    }
    const float v0 = r * uv_cell_y, v1 = v0 + uv_cell_y;
    draw_opaque_image(dl, res.atlas.id(), {strip_x, y}, {strip_x + cell, y + cell}, {0, v0}, {uv_cell_x, v1});
    draw_opaque_image(dl, res.atlas.id(), {walk_x, y}, {walk_x + s.steps * cell, y + cell}, {uv_cell_x, v0},
                      {uv_cell_x * (s.steps + 1), v1});
    draw_opaque_image(dl, res.atlas.id(), {b_x, y}, {b_x + cell, y + cell}, {uv_cell_x * (s.steps + 1), v0},
                      {uv_cell_x * (s.steps + 2), v1});
    dl->AddRect({walk_x, y}, {walk_x + s.steps * cell, y + cell}, rows[r].color & 0x80FFFFFF);
  }
  rect = {{strip_x, top.y + caption}, {b_x + cell, y}};
  dl->AddText({strip_x, y}, IM_COL32(160, 160, 160, 255),
              "Look for: digits that morph plausibly (dense, continuous codes), blurry non-digits midway (a gap "
              "between islands), or one blur everywhere (no information in the code).");
  ImGui::Dummy({label_w + (s.steps + 2) * cell + 2 * gap, y - top.y + caption});
}

}  // namespace lex::gui
