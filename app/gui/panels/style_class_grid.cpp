#include "panels/style_class_grid.hpp"

#include <algorithm>
#include <cstdio>

#include "widgets/colors.hpp"
#include "widgets/widgets.hpp"

namespace lex::gui {

Mat<float> StyleClassGrid::columns(const Snapshot& snap, const LatentState& s) const {
  const int Z = snap.model.latent(), k = column_count_;
  Mat<float> z(Z, k);
  if (along_cursor_row_) {
    const app::PlaneWindow& w = s.window;
    for (int i = 0; i < k; ++i) {
      const float x = w.center_x - w.half_x + (i + 0.5f) / k * 2 * w.half_x;
      s.plane.lift(x, s.cursor.y, z.col(i).data());
    }
  } else {
    Rng rng(sample_seed_);
    rng.fill_normal(z.data(), static_cast<size_t>(z.size()));
  }
  return z;
}

void StyleClassGrid::draw(const Snapshot& snap, const LatentState& s, ImVec2 origin, ImVec2 size, ScreenRect& rect) {
  const int classes = std::min(snap.model.spec().classes, 32);
  const float line = ImGui::GetTextLineHeightWithSpacing();
  // Controls.
  ImGui::SetCursorScreenPos(origin);
  const char* sources[] = {"samples of N(0, I)", "the cursor's row"};
  ImGui::SetNextItemWidth(ImGui::CalcTextSize(sources[0]).x + ImGui::GetFrameHeight() * 2);
  int source = along_cursor_row_ ? 1 : 0;
  if (ImGui::Combo("##style_source", &source, sources, 2)) along_cursor_row_ = source == 1;
  tooltip("Where the columns' latent points come from: a fixed draw from the prior, or evenly spaced across the\n"
          "scatter's window at the height of the cursor.");
  ImGui::SameLine();
  if (!along_cursor_row_ && ImGui::SmallButton("new samples")) ++sample_seed_;
  if (along_cursor_row_) ImGui::TextDisabled("move over the scatter");

  // The grid: the labels column, then the cells, as large as the space allows.
  const ImVec2 top{origin.x, origin.y + line + 4};
  float label_w = 0;
  for (int c = 0; c < classes; ++c)
    label_w = std::max(label_w, ImGui::CalcTextSize(snap.data->class_names[static_cast<size_t>(c)].c_str()).x);
  label_w += 8;
  const float cell = std::max(8.0f, std::min((size.x - label_w) / column_count_, (size.y - (top.y - origin.y) - line) / classes));
  column_count_ = std::clamp(static_cast<int>((size.x - label_w) / std::max(cell, 1.0f)), 4, 16);

  const Mat<float> z = columns(snap, s);
  const float what[] = {static_cast<float>(along_cursor_row_), static_cast<float>(sample_seed_),
                        static_cast<float>(column_count_), along_cursor_row_ ? s.cursor.y : 0.0f};
  const uint64_t key = Decoder::key(snap.version, z.data(), sizeof(float) * static_cast<size_t>(z.size()),
                                   Decoder::key(0, what, sizeof what));
  if (key != slot_->submitted_key()) {
    Decoder::Job job;
    job.model = snap.model;
    job.key = key;
    job.columns = static_cast<int>(z.cols());
    job.z.resize(z.rows(), z.cols() * classes);
    for (int c = 0; c < classes; ++c) {
      job.z.middleCols(static_cast<Eigen::Index>(c) * z.cols(), z.cols()) = z;
      job.labels.insert(job.labels.end(), static_cast<size_t>(z.cols()), static_cast<uint8_t>(c));
    }
    slot_->submit(std::move(job));
  }
  if (auto result = slot_->take(); result && result->error.empty()) {
    const int columns = result->columns, rows = static_cast<int>(result->images.cols()) / columns;
    atlas_.reserve(result->shape, 16, 32);
    for (int i = 0; i < columns * rows; ++i) atlas_.put(i % columns, i / columns, result->images.col(i).data());
    atlas_.upload();
    shown_key_ = result->key;
    shown_rows_ = rows;
    shown_columns_ = columns;
  }
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 grid_min{top.x + label_w, top.y};
  for (int c = 0; c < classes; ++c)
    dl->AddText({top.x, top.y + c * cell + (cell - ImGui::GetTextLineHeight()) * 0.5f}, class_color(c),
                snap.data->class_names[static_cast<size_t>(c)].c_str());
  const ImVec2 grid_max{grid_min.x + shown_columns_ * cell, grid_min.y + shown_rows_ * cell};
  if (shown_rows_ > 0)
    dl->AddImage(atlas_.id(), grid_min, grid_max, atlas_.uv_min(0, 0), atlas_.uv_max(0, 0, shown_columns_, shown_rows_));
  dl->AddRect(grid_min, grid_max, IM_COL32(255, 255, 255, 60));
  rect = {grid_min, grid_max};
  ImGui::SetCursorScreenPos({top.x, grid_max.y + 4});
  ImGui::TextDisabled("Each column is one z; each row decodes it as one class.");
}

}  // namespace lex::gui
