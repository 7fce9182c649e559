#include "views/single_view.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "panels/error_banner.hpp"
#include "panels/export_controls.hpp"
#include "panels/latent_toolbar.hpp"
#include "panels/loss_panel.hpp"
#include "panels/status_bar.hpp"
#include "util/threads.hpp"
#include "widgets/explanations.hpp"
#include "widgets/keys.hpp"
#include "widgets/widgets.hpp"

namespace lex::gui {

SingleView::SingleView(const SingleViewOptions& options, std::shared_ptr<const DataSplit> data, Decoder& decoder,
                       Exports& exports)
    : options_(options),
      exports_(exports),
      was_running_(options.running),
      controls_(options.data_dir, options.autosave_minutes),
      grid_(decoder),
      dimensions_(decoder),
      style_(decoder),
      probe_(decoder) {
  // A one-thread trainer keeps off the lowest CPU, as the compare view's do (util/threads.hpp);
  // with more threads it may use every CPU (the user asked for the throughput).
  const Cores cores = options.config.threads > 1 ? Cores::kAll : Cores::kAllButTheFirst;
  start_placed(cores, [&] {
    worker_ = std::make_unique<TrainingWorker>(options.config, options.data_dir, options.running, std::move(data),
                                               options.image_size);
  });
  worker_->set_snapshot_interval(options.snapshot_interval_s);
  if (!options.load_path.empty()) worker_->load(options.load_path);
}

SingleView::~SingleView() = default;

void SingleView::update(double now) {
  status_ = worker_->status();
  drained_.clear();
  worker_->drain_loss_points(drained_);
  history_.add(drained_, status_.generation);
  snap_ = worker_->snapshot();
  if (const std::string saved = autosave_.tick(*worker_, status_, controls_.checkpoint_path(), controls_.autosave_minutes(), now);
      !saved.empty())
    autosave_notice_ = saved;
}

void SingleView::handle_keys() {
  if (shortcut(Key::kSpace)) status_.state == RunState::kRunning ? worker_->pause() : worker_->play();
  if (shortcut(Key::kR)) worker_->reset();
  if (shortcut(Key::kS)) worker_->single_step();
}

void SingleView::enter() {
  if (was_running_) worker_->play();
}

void SingleView::drop_file(const std::string& path) {
  pad_.load_file(path);
  select_pad_ = true;
}

void SingleView::leave() {
  was_running_ = status_.state == RunState::kRunning;
  worker_->pause();  // the compare models share the machine
}

std::vector<ModelState> SingleView::models() const {
  const TrainConfig& config = snap_ ? snap_->config : options_.config;
  return {{"single", status_, config.batch, to_string(config.objective.mode), snap_ ? snap_->progress.steps_done : -1}};
}

void SingleView::pause_and_wait() {
  worker_->pause();
  worker_->wait_idle();
}

bool SingleView::settled() const {
  if (worker_->snapshot() != snap_) return false;  // not yet taken by update()
  if (latent_.show_dimensions && snap_ && snap_->test_mu.cols() > 0 && !dimensions_.settled(*snap_, false)) return false;
  if (!scatter_.holes_settled()) return false;
  return grid_.settled() && (!snap_ || !snap_->config.arch.conditional || style_.settled()) &&
         (!pad_open_ || probe_.settled());
}

std::string SingleView::save_on_exit() {
  if (controls_.autosave_minutes() <= 0) return "";
  return autosave_.save_and_wait(*worker_, worker_->status(), controls_.checkpoint_path());
}

// The pad, then what the model makes of its picture (marked on the scatter, drawn after this).
void SingleView::draw_pad(PanelRects& rects) {
  const float width = ImGui::GetContentRegionAvail().x;
  pad_.draw(snap_ ? snap_->config.arch.input : ImageShape{1, 28, 28}, std::round(width * 0.55f), rects.pad_canvas,
            rects.pad_input);
  if (!snap_ || !snap_->data) return;
  probe_.update(*snap_, pad_model_, pad_.input(), pad_.version(), latent_.decode_class);
  ImGui::Separator();
  probe_.draw_summary(*snap_, std::round(width * 0.22f));
}

// Scatter and grid side by side, as squares of one size, sharing one window of the plane; a
// conditional model's style x class grid beside them.
void SingleView::draw_latent_panels(PanelRects& rects) {
  const Snapshot* snap = snap_.get();
  if (!snap || !snap->data || snap->test_mu.cols() == 0) {
    ImGui::TextDisabled("No model yet: the latent space appears once data is loaded and a model exists.");
    return;
  }
  latent_.sync(*snap);
  draw_latent_toolbar(*snap, latent_, GridPanel::kMaxGrid);
  const bool conditional = snap->config.arch.conditional;
  const int squares = conditional ? 3 : 2;
  const float caption = ImGui::GetTextLineHeightWithSpacing(), gap = ImGui::GetFontSize();
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float side = std::max(64.0f, std::min((avail.x - (squares - 1) * gap) / squares, avail.y - caption));
  const ImVec2 top = ImGui::GetCursorScreenPos();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  char text[160];
  std::snprintf(text, sizeof text, "Latent means of %d test images", static_cast<int>(snap->test_mu.cols()));
  dl->AddText(top, ImGui::GetColorU32(ImGuiCol_Text), text);
  const float grid_x = top.x + side + gap;
  if (latent_.show_dimensions)
    std::snprintf(text, sizeof text, "Per dimension: rate, activity, traversal");
  else
    std::snprintf(text, sizeof text, "Decoder on a %dx%d grid %s", latent_.grid_n, latent_.grid_n,
                  latent_.gaussian_quantiles ? "at N(0,1) quantiles" : "over the same window");
  dl->AddText({grid_x, top.y}, ImGui::GetColorU32(ImGuiCol_Text), text);

  rects.latent_panels = {top, {grid_x + side, top.y + caption + side}};
  ScatterMarks marks;
  if (pad_open_ && probe_.has_code()) marks.probe = &probe_.marks();
  const int hovered = scatter_.draw(*snap, latent_, {top.x, top.y + caption}, side, rects.scatter, marks);
  (void)hovered;
  rects.dimensions = rects.grid = {};
  if (latent_.show_dimensions)
    dimensions_.draw(snap_, latent_, {grid_x, top.y + caption}, {side, side}, false, rects.dimensions);
  else
    grid_.draw(*snap, latent_, {grid_x, top.y + caption}, side, rects.grid, scatter_.holes());
  rects.style_grid = {};
  if (conditional) {
    const float style_x = grid_x + side + gap;
    dl->AddText({style_x, top.y}, ImGui::GetColorU32(ImGuiCol_Text), "Style x class: one z per column, one class per row");
    style_.draw(*snap, latent_, {style_x, top.y + caption}, {avail.x - 2 * (side + gap), side}, rects.style_grid);
  }
  // The cursor's decode follows it this frame (the preview panel is drawn before this one).
  preview_.follow_cursor(*snap, latent_);
  ImGui::SetCursorScreenPos({top.x, top.y + caption + side + 4});
  ImGui::Dummy({1, 1});
}

ViewRequest SingleView::draw(ImVec2 size, const std::string& notice, PanelRects& rects) {
  ViewRequest request;
  rects.pad_canvas = rects.pad_input = {};
  const float font = ImGui::GetFontSize(), bar = status_bar_height();
  const float left = std::clamp(std::round(size.x * 0.24f), font * 20, font * 26);
  // The pad needs more room than the preview: its window grows while its tab is open.
  const float preview_h = pad_open_ ? std::round((size.y - bar) * 0.62f)
                                    : std::min(std::round(font * 18), std::round((size.y - bar) * 0.4f));
  const float loss_h = std::round((size.y - bar) * 0.3f);
  const ImGuiWindowFlags fixed = ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse;

  place_next_window(0, 0, left, size.y - bar - preview_h);
  if (ImGui::Begin("Training", nullptr, fixed)) {
    if (controls_.draw(*worker_, status_, snap_.get(), ImGui::GetIO().Framerate)) {
      request.kind = ViewRequest::Kind::kOpenCompare;
      request.base = snap_ ? snap_->config : options_.config;
      request.data = snap_ ? snap_->data : nullptr;
    }
    draw_export_controls(exports_, false);
  }
  ImGui::End();
  place_next_window(0, size.y - bar - preview_h, left, preview_h);
  if (ImGui::Begin("Decoder and your digit", nullptr, fixed | ImGuiWindowFlags_NoTitleBar))
    pad_open_ = draw_pad_tabs("preview or pad", "Decoder preview", [&] { preview_.draw(snap_.get(), latent_); },
                              [&] { draw_pad(rects); }, select_pad_);
  ImGui::End();
  place_next_window(left, 0, size.x - left, loss_h);
  if (ImGui::Begin("Loss (nats per image)", nullptr, fixed)) draw_loss_panel(history_, loss_, rects.loss_plot);
  ImGui::End();
  place_next_window(left, loss_h, size.x - left, size.y - bar - loss_h);
  if (ImGui::Begin("Latent space", nullptr, fixed | ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse))
    draw_latent_panels(rects);
  ImGui::End();

  StatusLine line;
  line.running = status_.state == RunState::kRunning;
  line.state = !status_.has_model ? "NO MODEL" : line.running ? "TRAINING" : "PAUSED";
  StatusLine::Model m;
  if (snap_ && snap_->data) {
    char text[160];
    std::snprintf(text, sizeof text, "%s  |  %s  |  %s, beta %.3g  |", snap_->data->name.c_str(),
                  describe(snap_->config.arch).c_str(), to_string(snap_->config.objective.mode).c_str(),
                  status_.progress.beta_now);
    m.description = text;
  }
  m.progress = status_.progress;
  m.samples_per_s = status_.samples_per_s;
  line.models.push_back(m);
  char extra[64];
  std::snprintf(extra, sizeof extra, "grid decoded in %.0f ms", grid_.last_decode_ms());
  line.extra = extra;
  line.notice = !notice.empty() ? notice : !autosave_notice_.empty() ? autosave_notice_ : status_.notice;
  line.keys = "space: play/pause  R: reset  S: step  F12: screenshot";
  draw_status_bar(line, ImGui::GetIO().Framerate, rects.status_bar);
  return request;
}

}  // namespace lex::gui
