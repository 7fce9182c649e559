#include "views/single_view.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "lessons.hpp"
#include "panels/error_banner.hpp"
#include "panels/export_controls.hpp"
#include "panels/latent_toolbar.hpp"
#include "panels/loss_panel.hpp"
#include "panels/status_bar.hpp"
#include "util/threads.hpp"
#include "widgets/colors.hpp"
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
  put_example_on_pad();
  if (snap_ && snap_->generation != bounds_generation_) {  // a new model: the old estimate is not its
    if (bounds_generation_ != 0) bounds_.reset();
    bounds_generation_ = snap_->generation;
  }
  // A lesson's scene asked for the bounds of the model it starts: not of the one still on screen.
  if (awaiting_new_model_ && snap_ && snap_->generation > replaced_generation_) {
    awaiting_new_model_ = false;
    if (bounds_after_new_model_ > 0) bounds_.start_soon(bounds_after_new_model_ - 1);
    bounds_after_new_model_ = 0;
  }
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

void SingleView::set_scene(const Scene& scene) {
  // The running model's settings (the data's input shape and classes, the user's architecture)
  // with the scene's.
  const TrainConfig& running = snap_ ? snap_->config : options_.config;
  const TrainConfig wanted = scene_config(scene, running);
  if (!shows_scene(running, wanted)) {
    worker_->reconfigure(wanted);
    replaced_generation_ = snap_ ? snap_->generation : 0;
    awaiting_new_model_ = true;
  }
  worker_->play();
  if (scene.example_on_pad) example_wanted_ = select_pad_ = true;
}

// The first test image, for a lesson: the same picture every time, from the data in use.
void SingleView::put_example_on_pad() {
  if (!example_wanted_ || !snap_ || !snap_->data || snap_->data->test.size() == 0) return;
  example_wanted_ = false;
  const DataSplit& data = *snap_->data;
  const ImageShape& shape = data.shape;
  GreyImage picture{shape.width, shape.height, std::vector<float>(static_cast<size_t>(shape.width) * shape.height)};
  // The first channel of a colour image: the pad is grey.
  for (size_t i = 0; i < picture.pixels.size(); ++i) picture.pixels[i] = data.test.images(static_cast<Eigen::Index>(i), 0);
  pad_.load_picture(std::move(picture), "test image 0 (" + data.class_names[data.test.labels[0]] + ")");
}

void SingleView::leave() {
  was_running_ = status_.state == RunState::kRunning;
  worker_->pause();  // the compare models share the machine
}

std::vector<ModelState> SingleView::models() const {
  const TrainConfig& config = snap_ ? snap_->config : options_.config;
  return {{"single", status_, config.batch, to_string(config.objective.mode), snap_ ? snap_->progress.steps_done : -1}};
}

void SingleView::show(const ShownPanels& panels) {
  latent_.show_dimensions = panels.dimensions;
  latent_.show_holes = panels.holes;
  latent_.follow_zoom = panels.scatter_zoom;
  show_rate_distortion_ = panels.rate_distortion;
  show_log_px_bounds_ = panels.log_px_bounds;
  if (panels.log_px_bounds && awaiting_new_model_) bounds_after_new_model_ = panels.log_px_images + 1;
  else if (panels.log_px_bounds) bounds_.start_soon(panels.log_px_images);
}

void SingleView::pause_and_wait() {
  worker_->pause();
  worker_->wait_idle();
  bounds_.follow_latest();  // an estimate shows the model the other panels show
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

namespace {

// The model's name and colour on the plots of the model as a whole: those its mode has in the
// compare view (a VAE with beta other than 1 as the beta-VAE).
std::pair<std::string, ImU32> plotted_name(const TrainConfig& c) {
  switch (c.objective.mode) {
    case Mode::kAe: return {"AE", model_color(0)};
    case Mode::kKlOnly: return {"KL-only", model_color(2)};
    case Mode::kVae: break;
  }
  if (c.objective.beta == 1) return {"VAE", model_color(1)};
  char name[48];
  std::snprintf(name, sizeof name, "VAE, beta %.3g", c.objective.beta);
  return {name, model_color(3)};
}

}  // namespace

// The rate-distortion plane and the bounds on log p(x), each in a window right of the loss plot.
void SingleView::draw_model_plots(float x, float rd_width, float bounds_width, float height, PanelRects& rects) {
  const ImGuiWindowFlags fixed = kTiledPanel | ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse;
  const auto [name, color] = snap_ ? plotted_name(snap_->config) : plotted_name(options_.config);
  rects.plotted_models = {name};
  rects.plotted_colors = {color};
  if (rd_width > 0) {
    place_next_window(x, 0, rd_width, height);
    if (ImGui::Begin("Rate and distortion (nats per image)", nullptr, fixed)) {
      const RateDistortionModel model{&history_, name, color, !snap_ || snap_->config.objective.mode != Mode::kAe};
      draw_rate_distortion({model}, rate_distortion_, rects.rate_distortion);
    }
    ImGui::End();
    x += rd_width;
  }
  if (bounds_width > 0) {
    place_next_window(x, 0, bounds_width, height);
    if (ImGui::Begin("Bounds on log p(x) (nats per image)", nullptr, fixed)) bounds_.draw({{name, color, snap_}}, rects.log_px_bounds);
    ImGui::End();
  }
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
  draw_latent_toolbar(*snap, latent_, GridPanel::kMaxGrid, show_rate_distortion_, show_log_px_bounds_);
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
  rects.pad_canvas = rects.pad_input = rects.rate_distortion = {};
  rects.log_px_bounds.clear();
  rects.plotted_models.clear();
  rects.plotted_colors.clear();
  const float font = ImGui::GetFontSize(), bar = status_bar_height();
  const float left = std::clamp(std::round(size.x * 0.24f), font * 20, font * 26);
  // The pad needs more room than the preview: its window grows while its tab is open.
  const float preview_h = pad_open_ ? std::round((size.y - bar) * 0.62f)
                                    : std::min(std::round(font * 18), std::round((size.y - bar) * 0.4f));
  // The plots of the model as a whole share the loss plot's row, which grows a little for them.
  const bool model_plots = show_rate_distortion_ || show_log_px_bounds_;
  const float loss_h = std::round((size.y - bar) * (model_plots ? 0.37f : 0.3f));
  const float right_w = size.x - left;
  const float rd_w = show_rate_distortion_ ? std::round(right_w * (show_log_px_bounds_ ? 0.31f : 0.4f)) : 0;
  const float bounds_w = show_log_px_bounds_ ? std::round(right_w * (show_rate_distortion_ ? 0.29f : 0.36f)) : 0;
  const ImGuiWindowFlags fixed = kTiledPanel;

  place_next_window(0, 0, left, size.y - bar - preview_h);
  if (ImGui::Begin("Training", nullptr, fixed)) {
    const ControlsPanel::Action action = controls_.draw(*worker_, status_, snap_.get(), ImGui::GetIO().Framerate);
    if (action == ControlsPanel::Action::kCompare) {
      request.kind = ViewRequest::Kind::kOpenCompare;
      request.base = snap_ ? snap_->config : options_.config;
      request.data = data();
    }
    request.toggle_lessons = action == ControlsPanel::Action::kLessons;
    draw_export_controls(exports_, false);
  }
  ImGui::End();
  place_next_window(0, size.y - bar - preview_h, left, preview_h);
  if (ImGui::Begin("Decoder and your digit", nullptr, fixed | ImGuiWindowFlags_NoTitleBar))
    pad_open_ = draw_pad_tabs("preview or pad", "Decoder preview", [&] { preview_.draw(snap_.get(), latent_); },
                              [&] { draw_pad(rects); }, select_pad_);
  ImGui::End();
  place_next_window(left, 0, right_w - rd_w - bounds_w, loss_h);
  if (ImGui::Begin("Loss (nats per image)", nullptr, fixed)) draw_loss_panel(history_, loss_, rects.loss_plot);
  ImGui::End();
  if (model_plots) draw_model_plots(size.x - rd_w - bounds_w, rd_w, bounds_w, loss_h, rects);
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
