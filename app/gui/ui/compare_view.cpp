#include "ui/compare_view.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "imgui.h"
#include "ui/compare_table.hpp"
#include "ui/controls_panel.hpp"  // mode_explanation
#include "ui/palette.hpp"

namespace lex::gui {
namespace {

constexpr float kLeftWidth = 330, kColumnGap = 12;

// What each model is trained on, in a few words under its name.
const char* objective_words(const CompareModel& m) {
  if (m.id == "beta-vae") return "recon + beta * KL";
  switch (m.mode) {
    case Mode::kAe: return "reconstruction only";
    case Mode::kVae: return "reconstruction + KL";
    case Mode::kKlOnly: return "KL only";
  }
  return "";
}

void place(float x, float y, float w, float h) {
  ImGui::SetNextWindowPos({x, y}, ImGuiCond_Always);
  ImGui::SetNextWindowSize({w, h}, ImGuiCond_Always);
}

void tooltip(const char* text) {
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", text);
}

// Columns follow the run's models; a new run (rebuilt) starts them afresh.
void sync_columns(const CompareRun& run, CompareViewState& s) {
  const size_t n = run.models().size();
  if (s.columns.size() == n) return;
  s.columns.clear();
  for (size_t i = 0; i < n; ++i) {
    auto c = std::make_unique<CompareColumn>();
    c->latent.grid_n = 12;          // small squares: 12 x 12 digits stay legible
    c->latent.point_size = 2.5f;
    s.columns.push_back(std::move(c));
  }
  if (!s.strips) s.strips = std::make_unique<InterpolationResources>();
  s.strips->row_versions.clear();
  s.strips->decoded = {};
}

// The latent point under the mouse as a full vector, decoded by every model (same latent size).
void decode_cursor(const CompareModel& m, const std::vector<float>& z, CompareColumn& c, CompareViewState& s) {
  if (!m.snap || m.snap->model.latent() != static_cast<int>(z.size())) return;
  if (c.cursor_version == m.snap->version && c.cursor_decoded_z == z) return;
  c.cursor_decoded_z = z;
  c.cursor_version = m.snap->version;
  s.one_z.resize(static_cast<Eigen::Index>(z.size()), 1);
  std::copy(z.begin(), z.end(), s.one_z.data());
  decode_latents(*m.snap, c.latent, c.gl, s.one_z, s.one_probs);
  write_digit(s.one_probs.data(), c.cursor_image.pixels(), c.cursor_image.stride());
  c.cursor_image.upload(28, 28);
}

// Puts the shared latent point on a column's plane (its crosshair on the grid): the plane
// coordinates of z are its components along the plane's orthonormal axes, from the plane's origin.
void show_cursor_in(CompareColumn& c, const std::vector<float>& z) {
  const LatentProjection& p = c.gl.projection;
  if (p.latent() != static_cast<int>(z.size()) || z.empty()) return;
  std::vector<float>& origin = c.plane_origin;
  origin.resize(z.size());
  p.lift(0, 0, origin.data());
  float x = 0, y = 0;
  for (size_t k = 0; k < z.size(); ++k) {
    x += p.axis_x()[k] * (z[k] - origin[k]);
    y += p.has_y_axis() ? p.axis_y()[k] * (z[k] - origin[k]) : 0.0f;
  }
  c.latent.has_cursor = true;
  c.latent.cursor = {x, p.has_y_axis() ? y : c.latent.cursor.y};
}

void draw_model_legend(const CompareRun& run) {
  if (!ImGui::BeginTable("models", 3, ImGuiTableFlags_SizingStretchProp)) return;
  for (size_t i = 0; i < run.models().size(); ++i) {
    const CompareModel& m = run.models()[i];
    ImGui::TableNextColumn();
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(model_color(static_cast<int>(i))), "%s", m.name.c_str());
    tooltip(mode_explanation(m.mode));
    ImGui::TableNextColumn();
    ImGui::TextDisabled("epoch %d, step %lld", m.status.epochs_done + 1, static_cast<long long>(m.status.steps_done));
    ImGui::TableNextColumn();
    ImGui::TextDisabled("%.0f/s", m.status.samples_per_s);
    tooltip("training samples per second of this model's thread");
  }
  ImGui::EndTable();
}

CompareAction draw_controls(CompareRun& run, CompareViewState& s) {
  CompareAction action = CompareAction::kNone;
  ImGui::TextWrapped("The same network, data, seed and batch order, three objectives. Reconstruction only (AE) "
                     "breaks the codes into islands with gaps; KL only maps every image to N(0, I) and learns "
                     "nothing; both together (VAE) give dense, continuous classes.");
  if (ImGui::Button("< Back to the single view")) action = CompareAction::kBackToSingle;
  tooltip("The compare models pause and keep their progress; the single model resumes.");
  if (ImGui::Button(run.running() ? "Pause all  [space]" : "Play all  [space]", {150, 0}))
    run.running() ? run.pause() : run.play();
  ImGui::SameLine();
  if (ImGui::Button("Reset all  [R]")) run.reset();
  tooltip("Fresh weights from the seed for every model; the curves start over.");
  const TrainConfig& c = run.base();
  ImGui::TextDisabled("%s  z=%d  batch %d  lr %.0e  seed %llu", arch_text(c.arch).c_str(), c.arch.latent, c.batch, c.lr,
                      static_cast<unsigned long long>(c.seed));
  ImGui::Spacing();
  draw_model_legend(run);
  if (ImGui::Checkbox("add a beta-VAE", &s.beta_vae)) action = CompareAction::kRebuild;
  tooltip("Train a fourth model: a VAE with loss = recon + beta * KL. Turning it on or off restarts all models,\n"
          "so they stay step for step comparable.");
  if (s.beta_vae) {
    ImGui::SameLine();
    ImGui::SetNextItemWidth(-1);
    if (ImGui::SliderFloat("##beta", &s.beta_vae_beta, 0.1f, 20.0f, "beta %.2f", ImGuiSliderFlags_Logarithmic))
      run.set_beta_vae_beta(s.beta_vae_beta);
    tooltip("The beta-VAE's KL weight, applied at once. beta > 1: smoother, blurrier; beta < 1: sharper, gappier.");
  }

  ImGui::Spacing();
  ImGui::TextDisabled("Interpolation from A to B");
  ImGui::Separator();
  if (run.data()) draw_interpolation_picker(*run.data(), s.interpolation);

  ImGui::Spacing();
  ImGui::TextDisabled("Decoded under the cursor by every model");
  ImGui::Separator();
  if (s.cursor_z.size() == 2) ImGui::Text("z = (%.2f, %.2f)", s.cursor_z[0], s.cursor_z[1]);
  else if (!s.cursor_z.empty() && s.cursor_source < 0) ImGui::Text("z = 0 (%zu dims), the prior's mean", s.cursor_z.size());
  else if (!s.cursor_z.empty())
    ImGui::Text("z (%zu dims) from the %s plane", s.cursor_z.size(), run.models()[s.cursor_source].name.c_str());
  const float side = std::min(96.0f, (ImGui::GetContentRegionAvail().x - 12) / std::max<size_t>(1, run.models().size()) - 8);
  for (size_t i = 0; i < run.models().size() && i < s.columns.size(); ++i) {
    if (i > 0) ImGui::SameLine();
    ImGui::BeginGroup();
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(model_color(static_cast<int>(i))), "%s",
                       run.models()[i].name.c_str());
    const CompareColumn& col = *s.columns[i];
    if (col.cursor_version) ImGui::Image(col.cursor_image.id(), {side, side}, {0, 0}, col.cursor_image.uv_max());
    else ImGui::Dummy({side, side});
    ImGui::EndGroup();
  }
  ImGui::TextWrapped("Move over any scatter or grid: the same latent point goes through every decoder. Hover a "
                     "point to ring that test image in every scatter; click points to choose A and B.");
  return action;
}

// One column per model: name, scatter, grid.
void draw_columns(CompareRun& run, CompareViewState& s, float side, PanelRects& rects) {
  const size_t n = run.models().size();
  rects.compare_scatters.assign(n, {});
  rects.compare_grids.assign(n, {});
  const ImVec2 top = ImGui::GetCursorScreenPos();
  const float line = ImGui::GetTextLineHeightWithSpacing();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const bool window_hovered = ImGui::IsWindowHovered();
  int hovered_now = -1;
  bool decoded_a_grid = false;  // at most one grid re-decode per frame keeps frames even
  ScatterMarks marks;
  marks.tooltip = false;
  marks.trail = false;
  marks.highlight = s.hovered_index;
  marks.marks = {{s.interpolation.index_a, "A"}, {s.interpolation.index_b, "B"}};
  for (size_t i = 0; i < n; ++i) {
    CompareModel& m = run.models()[i];
    CompareColumn& col = *s.columns[i];
    const float x = top.x + i * (side + kColumnGap);
    dl->AddText({x, top.y}, model_color(static_cast<int>(i)), m.name.c_str());
    dl->AddText({x + ImGui::CalcTextSize(m.name.c_str()).x + 8, top.y}, IM_COL32(190, 190, 190, 255), objective_words(m));
    if (!m.snap || !m.snap->data || m.snap->test_mu.cols() == 0) {
      dl->AddText({x, top.y + line}, IM_COL32(150, 150, 150, 255), run.loading() ? "loading the data..." : "no model yet");
      continue;
    }
    ImGui::PushID(static_cast<int>(i));
    sync_latent_points(*m.snap, col.latent, col.gl);
    const ImVec2 scatter_origin{x, top.y + line}, grid_origin{x, top.y + line + side + 6};
    const int nearest = draw_scatter_square(*m.snap, col.latent, col.gl, scatter_origin, side, rects.compare_scatters[i], marks);
    const bool over_scatter = window_hovered && ImGui::IsMouseHoveringRect(scatter_origin, {x + side, scatter_origin.y + side});
    if (nearest >= 0) {
      hovered_now = nearest;
      if (ImGui::IsMouseClicked(ImGuiMouseButton_Left)) pick_test_image(s.interpolation, nearest);
      const int label = m.snap->data->test.labels[nearest];
      ImGui::BeginTooltip();
      ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(class_color(label)), "test image #%d: %s", nearest,
                         label < static_cast<int>(m.snap->data->class_names.size())
                             ? m.snap->data->class_names[label].c_str() : "?");
      ImGui::TextDisabled("ringed in every scatter; click to make it %s of the interpolation",
                          s.interpolation.next_pick_is_b ? "B" : "A");
      ImGui::EndTooltip();
    }
    const bool stale = grid_is_stale(*m.snap, col.latent, col.gl);
    draw_grid_square(*m.snap, col.latent, col.gl, grid_origin, side, rects.compare_grids[i], !decoded_a_grid);
    decoded_a_grid |= stale;
    const bool over_grid = window_hovered && ImGui::IsMouseHoveringRect(grid_origin, {x + side, grid_origin.y + side});
    if ((over_scatter || over_grid) && col.latent.has_cursor) {
      s.cursor_source = static_cast<int>(i);
      s.cursor_z.resize(col.gl.projection.latent());
      col.gl.projection.lift(col.latent.cursor.x, col.latent.cursor.y, s.cursor_z.data());
    }
    ImGui::PopID();
  }
  s.hovered_index = hovered_now;
  // The origin until the mouse has been over a column: the prior's mean, a natural first look.
  // (Also after a rebuild with another latent size.)
  if (n > 0 && run.models()[0].snap && static_cast<int>(s.cursor_z.size()) != run.models()[0].snap->model.latent())
    s.cursor_z.assign(run.models()[0].snap->model.latent(), 0.0f);
  for (size_t i = 0; i < n; ++i) {
    decode_cursor(run.models()[i], s.cursor_z, *s.columns[i], s);
    if (static_cast<int>(i) != s.cursor_source) show_cursor_in(*s.columns[i], s.cursor_z);
  }
  ImGui::SetCursorScreenPos({top.x, top.y + line + 2 * side + 8});
  ImGui::Dummy({1, 1});
}

void draw_losses(CompareRun& run, CompareViewState& s, PanelRects& rects) {
  for (size_t i = 0; i < run.models().size(); ++i) {
    bool on = s.loss_models >> i & 1u;
    ImGui::PushStyleColor(ImGuiCol_Text, model_color(static_cast<int>(i)));
    ImGui::PushStyleColor(ImGuiCol_CheckMark, model_color(static_cast<int>(i)));
    if (ImGui::Checkbox(run.models()[i].name.c_str(), &on)) s.loss_models ^= 1u << i;
    ImGui::PopStyleColor(2);
    ImGui::SameLine();
  }
  ImGui::NewLine();
  draw_loss_part_toggle(s.loss, 1, IM_COL32(240, 240, 240, 255));
  ImGui::SameLine(0, 2);
  ImGui::TextDisabled("(thick lines)");
  ImGui::SameLine();
  draw_loss_part_toggle(s.loss, 2, IM_COL32(240, 240, 240, 255));
  ImGui::SameLine(0, 2);
  ImGui::TextDisabled("(thin; the AE has none)");
  draw_loss_axis_options(s.loss);
  std::vector<LossCurve>& curves = s.loss.curves;
  curves.clear();
  for (size_t i = 0; i < run.models().size(); ++i) {
    if (!(s.loss_models >> i & 1u)) continue;
    const CompareModel& m = run.models()[i];
    const ImU32 color = model_color(static_cast<int>(i));
    if (s.loss.show_part[1]) curves.push_back({&m.history, 1, color, 2.5f, m.name + " recon"});
    // The AE has no KL; on a log axis its zeros would not show anyway.
    if (s.loss.show_part[2] && m.mode != Mode::kAe)
      curves.push_back({&m.history, 2, model_color(static_cast<int>(i), 170), 1.0f, m.name + " KL"});
  }
  draw_loss_canvas(curves, s.loss, rects.compare_loss_plot);
}

}  // namespace

CompareAction draw_compare_view(CompareRun& run, CompareViewState& s, PanelRects& rects) {
  sync_columns(run, s);
  if (run.data()) choose_default_pair(*run.data(), s.interpolation);
  const ImVec2 screen = ImGui::GetMainViewport()->Size;
  const float bar = ImGui::GetFrameHeight() + 6, height = screen.y - bar;
  const size_t n = std::max<size_t>(3, run.models().size());
  const float right_x = kLeftWidth, right_w = screen.x - kLeftWidth;
  const float line = ImGui::GetTextLineHeightWithSpacing(), pad = ImGui::GetStyle().WindowPadding.y;
  const float title = ImGui::GetFrameHeight();

  // The latent columns take most of the height; the strips and the numbers share the rest.
  // With four models the squares are as wide as the columns allow, and the window only as tall as
  // they need: the strips below get the rest.
  const float max_latent_h = std::round(height * 0.6f);
  const float side = std::floor(std::min((max_latent_h - title - 2 * pad - line - 8) / 2,
                                         (right_w * 0.64f - 2 * pad - (n - 1) * kColumnGap) / n));
  const float latent_h = std::min(max_latent_h, std::ceil(title + 2 * pad + line + 2 * side + 8 + 4));
  const float latent_w = n * side + (n - 1) * kColumnGap + 2 * ImGui::GetStyle().WindowPadding.x;
  const float table_h = title + 2 * pad + (n + 1) * (line + 4) + 4;
  const float strips_h = height - latent_h - table_h;

  CompareAction action = CompareAction::kNone;
  place(0, 0, kLeftWidth, height);
  if (ImGui::Begin("Compare AE / VAE / KL-only")) action = draw_controls(run, s);
  ImGui::End();
  place(right_x, 0, latent_w, latent_h);
  if (ImGui::Begin("Latent means of the test set (top) and the decoder over the same window (bottom)", nullptr,
                   ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse))
    draw_columns(run, s, side, rects);
  ImGui::End();
  place(right_x + latent_w, 0, right_w - latent_w, latent_h);
  if (ImGui::Begin("Losses (nats per image): colour = model")) draw_losses(run, s, rects);
  ImGui::End();
  place(right_x, latent_h, right_w, strips_h);
  if (ImGui::Begin("Interpolation: every model walks from its code of A to its code of B", nullptr,
                   ImGuiWindowFlags_NoScrollbar) && run.data()) {
    std::vector<StripRow> rows;
    for (size_t i = 0; i < run.models().size(); ++i)
      rows.push_back({run.models()[i].name.c_str(), model_color(static_cast<int>(i)), run.models()[i].snap.get()});
    draw_interpolation_strips(rows, *run.data(), s.interpolation, *s.strips, rects.compare_strips);
  }
  ImGui::End();
  place(right_x, latent_h + strips_h, right_w, table_h);
  if (ImGui::Begin("Numbers (test set; hover a header for its meaning)")) draw_compare_table(run.models(), rects.compare_numbers);
  ImGui::End();
  return action;
}

}  // namespace lex::gui
