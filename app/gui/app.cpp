// run_gui(): the window and its frame loop. Each frame: the current view takes what its workers
// published (never waiting on them), handles its keys and draws its panels; the app draws the
// error banner over them, renders, and swaps. The views and everything beside the loop
// (scripted runs, screenshots, frame statistics, the autosave on exit) live in their own files.
// Only this thread touches GL and ImGui.
#include <cfloat>
#include <cstdio>
#include <ctime>
#include <memory>
#include <string>

#include "decoder.hpp"
#include "exports.hpp"
#include "frame_stats.hpp"
#include "gl/screenshot.hpp"
#include "gui/gui.hpp"
#include "io/checkpoint.hpp"
#include "lessons.hpp"
#include "panels/error_banner.hpp"
#include "panels/lessons_panel.hpp"
#include "scripted_run.hpp"
#include "train/experiment.hpp"
#include "util/compute.hpp"
#include "util/error.hpp"
#include "views/compare_view.hpp"
#include "views/single_view.hpp"
#include "widgets/keys.hpp"
#include "window.hpp"

namespace lex::gui {
namespace {

// Encoding the 10,000 test images for a snapshot costs a few dozen MLP training steps; every
// 0.5 s keeps that to a few per cent of the time while the scatter moves twice a second (the
// worker spaces them further for a costlier encoder: train/worker.hpp).
constexpr double kSnapshotIntervalS = 0.5;

// The command line, checked: a problem goes to the banner and the window opens with defaults.
struct Startup {
  TrainConfig config;
  std::string data_dir, load_path, problem;
  int image_size = 0;  // --image-size
};

Startup check_command_line(GuiOptions& o) {
  Startup s;
  try {
    app::finish(o.train);
    s.config = o.train.config;
  } catch (const InputError& e) {
    s.problem = std::string("Command line: ") + e.what() + "  (started with the default settings instead)";
    s.config.threads = std::max(1, o.train.config.threads);
  }
  if (o.compare && o.train.beta_given) s.problem = std::string("Command line: ") + kCompareBetaRefusal;
  if (o.lesson > static_cast<int>(lessons().size())) {
    s.problem = "Command line: --lesson " + std::to_string(o.lesson) + ": there are " + std::to_string(lessons().size()) +
                " lessons (1 to " + std::to_string(lessons().size()) + ")";
    o.lesson = 0;
  }
  if (o.lesson > 0) {  // the first scene's models from the start, not after a first one is made
    const Scene& scene = lessons()[static_cast<size_t>(o.lesson - 1)].scenes.front();
    s.config = scene_config(scene, s.config);
    o.compare = scene.compare;
  }
  s.data_dir = app::resolve_data_dir(o.train.data_dir);
  s.image_size = o.train.image_size;
  if (!o.train.load_path.empty()) {
    try {  // the checkpoint's model wins, unless the command line asks for another one
      app::check_against_checkpoint(o.train, read_checkpoint_config(o.train.load_path), o.train.load_path);
      s.load_path = o.train.load_path;
    } catch (const InputError& e) {
      s.problem = std::string("Command line: ") + e.what() + "  (not loaded)";
    }
  }
  return s;
}

// The two views, made when first needed, and the switches between them.
class Views {
 public:
  Views(const GuiOptions& options, const Startup& startup, Decoder& decoder, Exports& exports, bool scripted)
      : startup_(startup), decoder_(decoder), exports_(exports), running_(!options.paused), zoom_(options.zoom),
        iw_images_(options.iw_images) {
    single_options_ = {startup.config, startup.data_dir, startup.load_path, running_,
                       options.autosave_minutes >= 0 ? options.autosave_minutes : scripted ? 0 : 5, kSnapshotIntervalS};
    single_options_.image_size = startup.image_size;
    if (options.compare) {
      compare_ = std::make_unique<CompareView>(startup.data_dir, startup.image_size, decoder_, exports_);
      if (options.beta_vae > 0) compare_->add_beta_vae(options.beta_vae);
      compare_->start(startup.config, nullptr, running_);
      current_ = compare_.get();
    } else {
      single_ = std::make_unique<SingleView>(single_options_, nullptr, decoder_, exports_);
      current_ = single_.get();
    }
  }

  View& current() { return *current_; }
  SingleView* single() { return single_.get(); }

  // A lesson's scene: its view, its models (kept if they already are the scene's) and its panels.
  void set_scene(const Scene& scene) {
    if (scene.compare) {
      ViewRequest r;
      r.kind = ViewRequest::Kind::kOpenCompare;
      r.base = scene_config(scene, startup_.config);
      r.data = single_ ? single_->data() : compare_->data();
      apply(r);
    } else {
      if (current_ != single_.get()) {
        ViewRequest r;
        r.kind = ViewRequest::Kind::kOpenSingle;
        apply(r);
      }
      single_->set_scene(scene);
    }
    ShownPanels panels = scene.panels;  // a scene's panels, the command line's zoom and image count
    panels.scatter_zoom = zoom_;
    panels.log_px_images = iw_images_;
    current_->show(panels);
  }

  void apply(const ViewRequest& r) {
    if (r.kind == ViewRequest::Kind::kOpenCompare) {
      current_->leave();
      if (!compare_) compare_ = std::make_unique<CompareView>(startup_.data_dir, startup_.image_size, decoder_, exports_);
      if (compare_->runs(r.base, r.data)) compare_->enter();
      else compare_->start(r.base, r.data, true);
      current_ = compare_.get();
    } else if (r.kind == ViewRequest::Kind::kOpenSingle) {
      current_->leave();
      if (!single_) single_ = std::make_unique<SingleView>(single_options_, compare_->data(), decoder_, exports_);
      else single_->enter();
      current_ = single_.get();
    }
  }

 private:
  const Startup& startup_;
  Decoder& decoder_;
  Exports& exports_;
  bool running_;
  float zoom_;     // --zoom
  int iw_images_;  // --iw-images
  SingleViewOptions single_options_;
  std::unique_ptr<SingleView> single_;
  std::unique_ptr<CompareView> compare_;
  View* current_ = nullptr;
};

// --export-panel NAME=PATH (main.cpp checked the '=').
std::vector<std::pair<std::string, std::string>> split_panel_exports(const std::vector<std::string>& args) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const std::string& a : args) out.emplace_back(a.substr(0, a.find('=')), a.substr(a.find('=') + 1));
  return out;
}

std::string timestamped_png_name() {
  char name[64];
  const std::time_t t = std::time(nullptr);
  std::strftime(name, sizeof name, "latent-explorer-%Y%m%d-%H%M%S.png", std::localtime(&t));
  return name;
}

// A scripted run's last frame, with the panel rectangles beside it for the GUI tests.
void save_last_frame(const std::string& path, const Window& window, const PanelRects& rects, View& view,
                     const SingleView* single) {
  if (const std::string problem = save_screenshot(path, window.framebuffer_width(), window.framebuffer_height());
      !problem.empty()) {
    std::fprintf(stderr, "latent-explorer: %s\n", problem.c_str());
    return;
  }
  std::vector<std::string> compare_ids;
  if (&view != single)
    for (const ModelState& m : view.models()) compare_ids.push_back(m.id);
  write_screenshot_sidecar(path, rects, window.framebuffer_width(), window.framebuffer_height(),
                           ImGui::GetIO().DisplayFramebufferScale.x, compare_ids);
}

// F12: the frame to a timestamped PNG in the working directory.
void save_key_screenshot(const Window& window, std::string& notice, std::string& ui_error) {
  const std::string name = timestamped_png_name();
  const std::string problem = save_screenshot(name, window.framebuffer_width(), window.framebuffer_height());
  notice = problem.empty() ? "saved " + name : "";
  if (!problem.empty()) ui_error = problem;
}

}  // namespace

int run_gui(GuiOptions& options) {
  Startup startup = check_command_line(options);
  ScriptedRun script(options.frames, options.until_steps, options.until_error);
  // Process-wide compute settings before any thread starts: the UI's own decodes run single-
  // threaded, as training does; the compare view trains three or four models, one thread each.
  configure_process(options.compare ? 1 : startup.config.threads);
  Window window({options.width, options.height, !script.active(), !script.active(),
                 options.compare ? 3 : startup.config.threads});
  if (!window.ok()) return 1;
  if (script.active()) window.park_mouse();  // screenshots show the panels unobstructed
  Decoder decoder;  // before the views, whose panels hold its slots
  Exports exports({options.record_gif, options.export_strip_gif, split_panel_exports(options.export_panels)});
  Views views(options, startup, decoder, exports, script.active());
  FrameStats stats(options.frame_stats, options.frames);
  std::string ui_error = startup.problem, notice;
  PanelRects rects;
  if (!options.pad_image.empty()) views.current().drop_file(options.pad_image);
  ShownPanels shown;
  for (const std::string& name : options.show) {
    if (name == "dims") shown.dimensions = true;
    if (name == "holes") shown.holes = true;
    if (name == "rd") shown.rate_distortion = true;
    if (name == "iw") shown.log_px_bounds = true;
  }
  shown.scatter_zoom = options.zoom;
  shown.log_px_images = options.iw_images;
  views.current().show(shown);
  LessonsPanel lessons_panel;
  if (options.lesson > 0) {
    lessons_panel.open(options.lesson - 1);
    views.set_scene(lessons()[static_cast<size_t>(options.lesson - 1)].scenes.front());
  }

  while (window.begin_frame()) {
    // A frame read back for an export shows no hover (ring, tooltip) where the mouse happens to be.
    if (exports.begin_frame()) ImGui::GetIO().MousePos = {-FLT_MAX, -FLT_MAX};
    View& view = views.current();
    view.update(window.now());
    view.handle_keys();
    for (const std::string& path : window.take_dropped_files()) view.drop_file(path);
    const bool screenshot_key = shortcut(Key::kF12);
    const ViewRequest request = view.draw(window.size(), notice, rects);
    exports.after_draw(view, rects);
    if (request.toggle_lessons || shortcut(Key::kL)) lessons_panel.toggle();
    views.apply(request);
    if (const Scene* scene = lessons_panel.draw(window.size(), rects.lessons)) views.set_scene(*scene);
    if (draw_error_banner(view.error(), ui_error, rects.error_banner)) view.clear_error(), ui_error.clear();
    stats.on_models(view.models(), window.now());
    const bool last = script.last_frame(view, rects.error_banner.valid());

    window.render();
    exports.after_render(view, rects, ImGui::GetIO().DisplayFramebufferScale.y, window.framebuffer_height(), last);
    exports.take_messages(notice, ui_error);
    if (last && !options.screenshot_path.empty()) save_last_frame(options.screenshot_path, window, rects, view, views.single());
    if (screenshot_key) save_key_screenshot(window, notice, ui_error);
    window.swap();
    stats.on_swap(window.now());
    if (last) break;
  }

  const bool exported = exports.finish();
  if (stats.enabled()) {
    std::printf("%s\n", stats.json().c_str());
    std::fflush(stdout);
  }
  if (SingleView* single = views.single())
    if (const std::string saved = single->save_on_exit(); !saved.empty()) std::printf("latent-explorer: %s\n", saved.c_str());
  return exported ? 0 : 1;
}

}  // namespace lex::gui
