#include "views/compare_view.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "panels/compare_table.hpp"
#include "panels/export_controls.hpp"
#include "panels/status_bar.hpp"
#include "widgets/colors.hpp"
#include "widgets/explanations.hpp"
#include "widgets/keys.hpp"
#include "widgets/widgets.hpp"

namespace lex::gui {

void CompareView::start(TrainConfig base, std::shared_ptr<const DataSplit> data, bool running) {
  // By value: the caller may pass the old run's own settings and data, which reset() destroys.
  running_ = running;
  run_.reset();  // joins the old workers before the new ones start
  columns_.clear();
  bounds_.reset();
  run_ = std::make_unique<CompareRun>(base, data_dir_, image_size_, std::move(data), beta_vae_, beta_vae_beta_, running);
}

bool CompareView::runs(const TrainConfig& b, const std::shared_ptr<const DataSplit>& data) const {
  if (!run_) return false;
  if (data && run_->data() && data != run_->data()) return false;  // the single view loaded other data
  const TrainConfig& a = run_->base();  // all but the mode and beta, which the experiment sets
  return a.arch.kind == b.arch.kind && a.arch.hidden == b.arch.hidden && a.arch.latent == b.arch.latent &&
         a.arch.conditional == b.arch.conditional && a.batch == b.batch && a.lr == b.lr && a.seed == b.seed &&
         a.binarize == b.binarize && a.objective.likelihood == b.objective.likelihood && a.warmup_steps == b.warmup_steps;
}

void CompareView::add_beta_vae(double beta) {
  beta_vae_ = true;
  beta_vae_beta_ = static_cast<float>(beta);
}

void CompareView::update(double now) {
  if (!run_) return;
  run_->update(now);
  sync_columns();
}

void CompareView::handle_keys() {
  if (!run_) return;
  if (shortcut(Key::kSpace)) run_->running() ? run_->pause() : run_->play();
  if (shortcut(Key::kR)) run_->reset();
}

void CompareView::enter() {
  if (run_ && running_) run_->play();
}

void CompareView::leave() {
  if (!run_) return;
  running_ = run_->running();
  run_->pause();  // the compare models keep their progress; the single model resumes
}

std::string CompareView::error() const {
  if (!run_) return "";
  if (!run_->error().empty()) return run_->error();
  for (const CompareModel& m : run_->models())
    if (!m.status.error.empty()) return m.name + ": " + m.status.error;
  return "";
}

void CompareView::clear_error() {
  if (!run_) return;
  run_->clear_error();
  for (CompareModel& m : run_->models()) m.worker->clear_error();
}

std::vector<ModelState> CompareView::models() const {
  std::vector<ModelState> out;
  if (!run_) return out;
  for (const CompareModel& m : run_->models())
    out.push_back({m.id, m.status, m.snap ? m.snap->config.batch : run_->base().batch, to_string(m.mode),
                   m.snap ? m.snap->progress.steps_done : -1});
  return out;
}

void CompareView::show(const ShownPanels& panels) {
  shown_ = panels;
  if (panels.log_px_bounds) bounds_.start_soon(panels.log_px_images);
}

void CompareView::pause_and_wait() {
  if (!run_) return;
  run_->pause();
  for (CompareModel& m : run_->models()) m.worker->wait_idle();
  bounds_.follow_latest();  // an estimate shows the model the other panels show
}

bool CompareView::settled() const {
  if (!run_ || run_->loading()) return false;
  for (size_t i = 0; i < run_->models().size(); ++i) {
    const CompareModel& m = run_->models()[i];
    if (m.worker->snapshot() != m.snap || i >= columns_.size() || !columns_[i]->grid.settled()) return false;
    if (!columns_[i]->scatter.holes_settled()) return false;
    if (shown_.dimensions && m.snap && m.snap->test_mu.cols() > 0 && !columns_[i]->dimensions.settled(*m.snap, true)) return false;
    if (pad_open_ && !columns_[i]->probe.settled()) return false;
  }
  return strips_.settled();
}

bool CompareView::estimates_settled() const { return !shown_.log_px_bounds || bounds_.settled(); }

// Columns follow the run's models; a new run starts them afresh.
void CompareView::sync_columns() {
  const size_t n = run_->models().size();
  if (columns_.size() == n) return;
  columns_.clear();
  for (size_t i = 0; i < n; ++i) {
    auto c = std::make_unique<Column>(decoder_);
    c->latent.grid_n = 12;  // small squares: 12 x 12 images stay legible
    c->latent.point_size = 2.5f;
    c->latent.follow_zoom = shown_.scatter_zoom;
    columns_.push_back(std::move(c));
  }
}

ViewRequest CompareView::draw_controls(PanelRects& rects) {
  ViewRequest request;
  CompareRun& run = *run_;
  ImGui::TextWrapped("The same network, data, seed and batch order, three objectives. Reconstruction only (AE) "
                     "breaks the codes into islands with gaps; KL only maps every image to N(0, I) and learns "
                     "nothing; both together (VAE) give dense, continuous classes.");
  if (ImGui::Button("< Back to the single view")) request.kind = ViewRequest::Kind::kOpenSingle;
  tooltip("The compare models pause and keep their progress; the single model resumes.");
  ImGui::SameLine();
  request.toggle_lessons = ImGui::Button("Lessons [L]");
  const float half = (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) / 2;
  if (ImGui::Button(run.running() ? "Pause all [space]" : "Play all [space]", {half, 0})) run.running() ? run.pause() : run.play();
  ImGui::SameLine();
  if (ImGui::Button("Reset all [R]", {half, 0})) run.reset();
  tooltip("Fresh weights from the seed for every model; the curves start over.");
  const TrainConfig& c = run.base();
  ImGui::TextDisabled("%s  batch %d  lr %.0e  seed %llu", describe(c.arch).c_str(), c.batch, c.lr,
                      static_cast<unsigned long long>(c.seed));
  tooltip(arch_explanation(c.arch.kind));
  ImGui::Spacing();
  if (ImGui::BeginTable("models", 3, ImGuiTableFlags_SizingStretchProp)) {
    for (size_t i = 0; i < run.models().size(); ++i) {
      const CompareModel& m = run.models()[i];
      ImGui::TableNextColumn();
      ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(model_color(static_cast<int>(i))), "%s", m.name.c_str());
      tooltip(mode_explanation(m.mode));
      ImGui::TableNextColumn();
      ImGui::TextDisabled("epoch %d, step %lld", m.status.progress.epoch_number(),
                          static_cast<long long>(m.status.progress.steps_done));
      ImGui::TableNextColumn();
      ImGui::TextDisabled("%.0f/s", m.status.samples_per_s);
      tooltip("training samples per second of this model's thread");
    }
    ImGui::EndTable();
  }
  if (ImGui::Checkbox("add a beta-VAE", &beta_vae_)) start(run.base(), run.data(), run.running());
  tooltip("Train a fourth model: a VAE with loss = recon + beta * KL. Turning it on or off restarts all models,\n"
          "so they stay step for step comparable.");
  if (beta_vae_ && run_) {
    ImGui::SameLine();
    ImGui::SetNextItemWidth(-1);
    if (ImGui::SliderFloat("##beta", &beta_vae_beta_, 0.1f, 20.0f, "beta %.2f", ImGuiSliderFlags_Logarithmic))
      run_->set_beta_vae_beta(beta_vae_beta_);
    tooltip("The beta-VAE's KL weight, applied at once. beta > 1: smoother, blurrier; beta < 1: sharper, gappier.");
  }
  if (!run_) return request;
  ImGui::Checkbox("holes maps", &shown_.holes);
  tooltip(HolesMap::kExplanation);
  ImGui::SameLine();
  ImGui::Checkbox("per-dimension bars", &shown_.dimensions);
  tooltip("In place of each grid: every latent dimension's KL as sorted bars (grey: inactive, Var_x E_q[z_d] <= 0.01)\n"
          "and the number of active dimensions. A dimension the objective switched off has a KL near 0.");
  ImGui::Checkbox("rate-distortion", &shown_.rate_distortion);
  tooltip(kRateDistortionExplanation);
  ImGui::SameLine();
  ImGui::Checkbox("log p(x) bounds", &shown_.log_px_bounds);
  tooltip(LogPxBoundsPanel::kExplanation);

  draw_export_controls(exports_, true);

  section("Interpolation from A to B");
  if (run_->data()) draw_interpolation_picker(*run_->data(), interpolation_);

  ImGui::Spacing();
  pad_open_ = draw_pad_tabs("cursor or pad", "Decoded under the cursor", [&] { draw_cursor_decodes(); },
                            [&] { draw_pad(rects); }, select_pad_);
  return request;
}

void CompareView::drop_file(const std::string& path) {
  pad_.load_file(path);
  select_pad_ = true;
}

// The pad, and each model's reconstruction of its picture and how typical it finds it.
void CompareView::draw_pad(PanelRects& rects) {
  const std::vector<CompareModel>& models = run_->models();
  const float width = ImGui::GetContentRegionAvail().x;
  const CompareModel* first = models.empty() ? nullptr : &models.front();
  pad_.draw(first && first->snap ? first->snap->config.arch.input : ImageShape{1, 28, 28}, std::round(width * 0.55f),
            rects.pad_canvas, rects.pad_input);
  for (size_t i = 0; i < models.size() && i < columns_.size(); ++i) {
    if (!models[i].snap || !models[i].snap->data) continue;
    Column& col = *columns_[i];
    col.probe.update(*models[i].snap, col.live, pad_.input(), pad_.version(), col.latent.decode_class);
    ImGui::Separator();
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(model_color(static_cast<int>(i))), "%s", models[i].name.c_str());
    col.probe.draw_summary(*models[i].snap, std::round(width * 0.2f), false);
  }
}

void CompareView::draw_cursor_decodes() {
  const std::vector<CompareModel>& models = run_->models();
  if (cursor_z_.size() == 2) ImGui::Text("z = (%.2f, %.2f)", cursor_z_[0], cursor_z_[1]);
  else if (!cursor_z_.empty() && cursor_source_ < 0) ImGui::Text("z = 0 (%zu dims), the prior's mean", cursor_z_.size());
  else if (!cursor_z_.empty() && cursor_source_ < static_cast<int>(models.size()))
    ImGui::Text("z (%zu dims) from the %s plane", cursor_z_.size(), models[static_cast<size_t>(cursor_source_)].name.c_str());
  const float side = std::min(ImGui::GetFontSize() * 6.5f,
                              (ImGui::GetContentRegionAvail().x - 12) / std::max<size_t>(1, models.size()) - 8);
  for (size_t i = 0; i < models.size() && i < columns_.size(); ++i) {
    if (i > 0) ImGui::SameLine();
    ImGui::BeginGroup();
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(model_color(static_cast<int>(i))), "%s", models[i].name.c_str());
    columns_[i]->cursor_image.draw({side, side});
    ImGui::EndGroup();
  }
  ImGui::TextWrapped("Move over any scatter or grid: the same latent point goes through every decoder. Hover a "
                     "point to ring that test image in every scatter; click points to choose A and B.");
}

// One column per model: name, scatter, grid.
void CompareView::draw_columns(float side, PanelRects& rects) {
  std::vector<CompareModel>& models = run_->models();
  const size_t n = models.size();
  rects.compare_scatters.assign(n, {});
  rects.compare_grids.assign(n, {});
  rects.compare_dimensions.assign(n, {});
  const ImVec2 top = ImGui::GetCursorScreenPos();
  const float line = ImGui::GetTextLineHeightWithSpacing(), gap = std::round(ImGui::GetFontSize() * 0.8f);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const bool window_hovered = ImGui::IsWindowHovered();
  int hovered_now = -1;
  ScatterMarks marks;
  marks.tooltip = false;
  marks.trail = false;
  marks.highlight = hovered_index_;
  marks.marks = {{interpolation_.index_a, "A"}, {interpolation_.index_b, "B"}};
  for (size_t i = 0; i < n; ++i) {
    CompareModel& m = models[i];
    Column& col = *columns_[i];
    const float x = top.x + i * (side + gap);
    dl->AddText({x, top.y}, model_color(static_cast<int>(i)), m.name.c_str());
    dl->AddText({x + ImGui::CalcTextSize(m.name.c_str()).x + 8, top.y}, IM_COL32(190, 190, 190, 255), objective_words(m.id));
    if (!m.snap || !m.snap->data || m.snap->test_mu.cols() == 0) {
      dl->AddText({x, top.y + line}, IM_COL32(150, 150, 150, 255), run_->loading() ? "loading the data..." : "no model yet");
      continue;
    }
    ImGui::PushID(static_cast<int>(i));
    col.latent.sync(*m.snap);
    col.latent.show_holes = shown_.holes;
    const ImVec2 scatter_origin{x, top.y + line}, grid_origin{x, top.y + line + side + 6};
    marks.probe = pad_open_ && col.probe.has_code() ? &col.probe.marks() : nullptr;
    const int nearest = col.scatter.draw(*m.snap, col.latent, scatter_origin, side, rects.compare_scatters[i], marks);
    const bool over_scatter = window_hovered && ImGui::IsMouseHoveringRect(scatter_origin, {x + side, scatter_origin.y + side});
    if (nearest >= 0) {
      hovered_now = nearest;
      if (ImGui::IsMouseClicked(ImGuiMouseButton_Left)) pick_test_image(interpolation_, nearest);
      const int label = m.snap->data->test.labels[static_cast<size_t>(nearest)];
      ImGui::BeginTooltip();
      ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(class_color(label)), "test image #%d: %s", nearest,
                         m.snap->data->class_names[static_cast<size_t>(label)].c_str());
      ImGui::TextDisabled("ringed in every scatter; click to make it %s of the interpolation",
                          interpolation_.next_pick_is_b ? "B" : "A");
      ImGui::EndTooltip();
    }
    if (shown_.dimensions) {
      col.dimensions.draw(m.snap, col.latent, grid_origin, {side, side}, true, rects.compare_dimensions[i]);
    } else {
      col.grid.draw(*m.snap, col.latent, grid_origin, side, rects.compare_grids[i], col.scatter.holes());
    }
    const bool over_grid = window_hovered && ImGui::IsMouseHoveringRect(grid_origin, {x + side, grid_origin.y + side});
    if ((over_scatter || over_grid) && col.latent.has_cursor) {
      cursor_source_ = static_cast<int>(i);
      cursor_z_ = col.latent.lifted(col.latent.cursor);
    }
    ImGui::PopID();
  }
  hovered_index_ = hovered_now;
  // The origin until the mouse has been over a column: the prior's mean, a natural first look.
  // (Also after a restart with another latent size.)
  if (n > 0 && models[0].snap && static_cast<int>(cursor_z_.size()) != models[0].snap->model.latent()) {
    cursor_z_.assign(static_cast<size_t>(models[0].snap->model.latent()), 0.0f);
    cursor_source_ = -1;
  }
  for (size_t i = 0; i < n; ++i) {
    Column& col = *columns_[i];
    if (!models[i].snap) continue;
    col.cursor_image.show(*models[i].snap, col.live, cursor_z_, col.latent.decode_class);
    // The shared point on this column's plane (its crosshair on the grid).
    if (static_cast<int>(i) != cursor_source_ && col.latent.plane.latent() == static_cast<int>(cursor_z_.size()) &&
        !cursor_z_.empty()) {
      const auto [cx, cy] = col.latent.plane.coordinates(cursor_z_.data());
      col.latent.has_cursor = true;
      col.latent.cursor = {cx, col.latent.plane.has_y_axis() ? cy : col.latent.cursor.y};
    }
  }
  rects.latent_panels = {top, {top.x + n * (side + gap) - gap, top.y + line + 2 * side + 6}};
  ImGui::SetCursorScreenPos({top.x, top.y + line + 2 * side + 8});
  ImGui::Dummy({1, 1});
}

void CompareView::draw_losses(ScreenRect& rect) {
  const std::vector<CompareModel>& models = run_->models();
  for (size_t i = 0; i < models.size(); ++i) {
    bool on = loss_models_ >> i & 1u;
    ImGui::PushStyleColor(ImGuiCol_Text, model_color(static_cast<int>(i)));
    ImGui::PushStyleColor(ImGuiCol_CheckMark, model_color(static_cast<int>(i)));
    if (ImGui::Checkbox(models[i].name.c_str(), &on)) loss_models_ ^= 1u << i;
    ImGui::PopStyleColor(2);
    ImGui::SameLine();
  }
  ImGui::NewLine();
  draw_loss_part_toggle(loss_, 1, IM_COL32(240, 240, 240, 255));
  ImGui::SameLine(0, 2);
  ImGui::TextDisabled("(thick lines)");
  ImGui::SameLine();
  draw_loss_part_toggle(loss_, 2, IM_COL32(240, 240, 240, 255));
  ImGui::SameLine(0, 2);
  ImGui::TextDisabled("(thin; the AE has none)");
  draw_loss_axis_options(loss_);
  std::vector<LossCurve>& curves = loss_.curves;
  curves.clear();
  for (size_t i = 0; i < models.size(); ++i) {
    if (!(loss_models_ >> i & 1u)) continue;
    const CompareModel& m = models[i];
    if (loss_.show_part[1]) curves.push_back({&m.history, 1, model_color(static_cast<int>(i)), 2.5f, m.name + " recon"});
    // The AE has no KL; on a log axis its zeros would not show anyway.
    if (loss_.show_part[2] && m.mode != Mode::kAe)
      curves.push_back({&m.history, 2, model_color(static_cast<int>(i), 170), 1.0f, m.name + " KL"});
  }
  draw_loss_canvas(curves, loss_, rect);
}

// The rate-distortion plane of all models and their bounds on log p(x), stacked below the losses.
void CompareView::draw_model_plots(ImVec2 at, ImVec2 size, PanelRects& rects) {
  const std::vector<CompareModel>& models = run_->models();
  const ImGuiWindowFlags fixed = kTiledPanel | ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse;
  std::vector<RateDistortionModel> on_plane;
  std::vector<LogPxBoundsModel> bounded;
  for (size_t i = 0; i < models.size(); ++i) {
    const CompareModel& m = models[i];
    const ImU32 color = model_color(static_cast<int>(i));
    rects.plotted_models.push_back(m.name);
    rects.plotted_colors.push_back(color);
    on_plane.push_back({&m.history, m.name, color, m.mode != Mode::kAe});
    bounded.push_back({m.name, color, m.snap});
  }
  const float rd_h = !shown_.rate_distortion ? 0 : std::round(size.y * (shown_.log_px_bounds ? 0.56f : 1.0f));
  if (shown_.rate_distortion) {
    place_next_window(at.x, at.y, size.x, rd_h);
    if (ImGui::Begin("Rate and distortion (nats per image): colour = model", nullptr, fixed))
      draw_rate_distortion(on_plane, rate_distortion_, rects.rate_distortion);
    ImGui::End();
  }
  if (shown_.log_px_bounds) {
    place_next_window(at.x, at.y + rd_h, size.x, size.y - rd_h);
    if (ImGui::Begin("Bounds on log p(x) (nats per image)", nullptr, fixed)) bounds_.draw(bounded, rects.log_px_bounds);
    ImGui::End();
  }
}

ViewRequest CompareView::draw(ImVec2 size, const std::string& notice, PanelRects& rects) {
  ViewRequest request;
  rects.pad_canvas = rects.pad_input = rects.rate_distortion = {};
  rects.log_px_bounds.clear();
  rects.plotted_models.clear();
  rects.plotted_colors.clear();
  if (!run_) return request;
  if (run_->data()) choose_default_pair(*run_->data(), interpolation_);
  const ImGuiWindowFlags fixed = kTiledPanel;
  const float font = ImGui::GetFontSize(), bar = status_bar_height(), height = size.y - bar;
  const size_t n = std::max<size_t>(3, run_->models().size());
  const float left = std::clamp(std::round(size.x * 0.21f), font * 19, font * 23), right_w = size.x - left;
  const float line = ImGui::GetTextLineHeightWithSpacing(), pad = ImGui::GetStyle().WindowPadding.y;
  const float title = ImGui::GetFrameHeight(), gap = std::round(font * 0.8f);

  // The latent columns take most of the height; the strips and the numbers share the rest. With
  // four models the squares are as wide as the columns allow, and the window only as tall as they
  // need: the strips below get the rest. The plots of all models (rate-distortion, bounds), while
  // shown, go under the losses in a right-hand column that reaches down to the numbers: the
  // columns and the strips give up some width for them.
  const bool model_plots = shown_.rate_distortion || shown_.log_px_bounds;
  const float max_latent_h = std::round(height * 0.6f);
  const float side = std::floor(std::min((max_latent_h - title - 2 * pad - line - 8) / 2,
                                         (right_w * (model_plots ? 0.55f : 0.64f) - 2 * pad - (n - 1) * gap) / n));
  const float latent_h = std::min(max_latent_h, std::ceil(title + 2 * pad + line + 2 * side + 8 + 4));
  const float latent_w = n * side + (n - 1) * gap + 2 * ImGui::GetStyle().WindowPadding.x;
  const float table_h = title + 2 * pad + (n + 1) * (line + 4) + 4;
  const float strips_h = height - latent_h - table_h;

  place_next_window(0, 0, left, height);
  if (ImGui::Begin("Compare AE / VAE / KL-only", nullptr, fixed)) request = draw_controls(rects);
  ImGui::End();
  if (!run_) return request;
  place_next_window(left, 0, latent_w, latent_h);
  if (ImGui::Begin("Latent means of the test set (top) and the decoder over the same window (bottom)", nullptr,
                   fixed | ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse))
    draw_columns(side, rects);
  ImGui::End();
  const float losses_h = model_plots ? std::round((latent_h + strips_h) * 0.3f) : latent_h;
  place_next_window(left + latent_w, 0, right_w - latent_w, losses_h);
  if (ImGui::Begin("Losses (nats per image): colour = model", nullptr, fixed)) draw_losses(rects.compare_loss_plot);
  ImGui::End();
  if (model_plots) draw_model_plots({left + latent_w, losses_h}, {right_w - latent_w, latent_h + strips_h - losses_h}, rects);
  place_next_window(left, latent_h, model_plots ? latent_w : right_w, strips_h);
  if (ImGui::Begin("Interpolation: every model walks from its code of A to its code of B", nullptr,
                   fixed | ImGuiWindowFlags_NoScrollbar) && run_->data()) {
    std::vector<StripRow> rows;
    for (size_t i = 0; i < run_->models().size(); ++i)
      rows.push_back({run_->models()[i].name.c_str(), model_color(static_cast<int>(i)), run_->models()[i].snap.get()});
    strips_.draw(rows, *run_->data(), interpolation_, rects.compare_strips);
  }
  ImGui::End();
  place_next_window(left, latent_h + strips_h, right_w, table_h);
  if (ImGui::Begin("Numbers (test set; hover a header for its meaning)", nullptr, fixed)) {
    std::vector<CompareRow> rows;
    for (size_t i = 0; i < run_->models().size(); ++i) {
      const CompareModel& m = run_->models()[i];
      CompareRow row;
      row.name = m.name;
      if (m.id == "beta-vae" && m.snap) {
        char text[64];
        std::snprintf(text, sizeof text, "%s (beta %.3g)", m.name.c_str(), m.snap->config.objective.beta);
        row.name = text;
      }
      row.color = model_color(static_cast<int>(i));
      row.epochs = m.status.progress.epochs_done;
      row.has_test = m.snap && m.snap->has_test_loss;
      if (row.has_test) row.test = m.snap->test_loss;
      row.report = m.report ? &m.report->report : nullptr;
      row.report_step = m.report_step;
      rows.push_back(row);
    }
    draw_compare_table(rows, CompareRun::kKnnPoints, rects.compare_numbers);
  }
  ImGui::End();

  StatusLine status;
  status.running = run_->running();
  status.state = status.running ? "COMPARE: TRAINING" : "COMPARE: PAUSED";
  for (size_t i = 0; i < run_->models().size(); ++i) {
    const CompareModel& m = run_->models()[i];
    status.models.push_back({m.name, model_color(static_cast<int>(i)), "", m.status.progress, m.status.samples_per_s});
  }
  status.notice = notice;
  status.keys = "space: play/pause all  R: reset all";
  draw_status_bar(status, ImGui::GetIO().Framerate, rects.status_bar);
  return request;
}

}  // namespace lex::gui
