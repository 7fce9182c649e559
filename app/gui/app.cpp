// run_gui(): the window and its flat frame loop. Each frame: poll events; take what the training
// worker published (status, loss points, the latest snapshot) without ever waiting on it; draw
// the panels; render; swap. Only this thread touches GL and ImGui.
// Testing hooks: --frames N, --screenshot PATH (plus PATH.json with the panels' screen
// rectangles, for tests/gui), --frame-stats (one JSON line of frame-time percentiles).
#include <algorithm>
#include <cstdlib>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "gl/gl.hpp"  // glad before anything else that might include GL
#include "backends/imgui_impl_glfw.h"
#include "backends/imgui_impl_opengl3.h"
#include "autosave.hpp"
#include "gl/screenshot.hpp"
#include "gui/gui.hpp"
#include "imgui.h"
#include "io/checkpoint.hpp"
#include "train/experiment.hpp"
#include "train/worker.hpp"
#include "ui/compare_run.hpp"
#include "ui/compare_view.hpp"
#include "ui/controls_panel.hpp"
#include "ui/error_banner.hpp"
#include "ui/latent_view.hpp"
#include "ui/loss_history.hpp"
#include "ui/loss_plot.hpp"
#include "ui/palette.hpp"
#include "ui/panel_rects.hpp"
#include "ui/status_bar.hpp"
#include "util/compute.hpp"
#include "util/error.hpp"

namespace lex::gui {
namespace {

// Encoding the 10,000 test images for a snapshot costs a few dozen training steps; every 0.5 s
// keeps that to a few per cent of the training time while the scatter moves twice a second.
// (Measured under Xvfb on 2 cores: 0.5 s and 1 s gave the same samples/s within noise.)
constexpr double kSnapshotIntervalS = 0.5;

// The UI draws at most this often (83 fps). On a small machine every frame is CPU taken from
// training: software GL (llvmpipe) spends ~8 ms of CPU rasterising one. 12 ms stays well under
// a 60 Hz frame, so vsync, where there is one, still paces the frames.
constexpr double kFramePeriodS = 0.012;

// Software GL (Mesa's llvmpipe, as under Xvfb) rasterises with one thread per core by default, and
// on a small machine those threads take the training threads' cores every frame. Leave them to
// training: the rasteriser gets the cores that remain, at least one. A GPU driver ignores this;
// a LP_NUM_THREADS set by the user wins. Measured on 2 cores: 47.6k samples/s and p95 13 ms with
// one raster thread, 43.6k and p95 15 ms with two.
void leave_cores_to_training(int training_threads) {
  if (std::getenv("LP_NUM_THREADS")) return;
  const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  const int raster_threads = std::max(1, cores - training_threads - 1);
  setenv("LP_NUM_THREADS", std::to_string(raster_threads).c_str(), 0);
}

double now_s() { return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count(); }

void glfw_error(int code, const char* text) { std::fprintf(stderr, "latent-explorer: GLFW error %d: %s\n", code, text); }

// Training progress of one worker between the first and the last frame it was seen running.
struct Throughput {
  double t0 = 0, t1 = 0;
  int64_t steps0 = -1, steps1 = 0;
  int batch = 0;

  void on_status(const WorkerStatus& s, int batch_size, double t) {
    if (s.state != RunState::kRunning) return;
    if (steps0 < 0 || s.steps_done < steps1) {  // first sight, or a reset
      steps0 = steps1 = s.steps_done;
      t0 = t1 = t;
      return;
    }
    if (s.steps_done != steps1) steps1 = s.steps_done, t1 = t;
    batch = batch_size;
  }
  double samples_per_s() const {
    const double dt = t1 - t0;
    return dt > 0 ? static_cast<double>(steps1 - steps0) * batch / dt : 0.0;
  }
};

// Frame times (between consecutive swaps) and training progress, for --frame-stats.
struct FrameStats {
  std::vector<double> frame_ms;
  double last_swap = 0;
  Throughput single;
  std::vector<std::pair<std::string, Throughput>> compare;  // per model, in the compare view

  void on_swap(double t) {
    if (last_swap > 0) frame_ms.push_back((t - last_swap) * 1000.0);
    last_swap = t;
  }
  Throughput& model(const std::string& name) {
    for (auto& [n, tp] : compare)
      if (n == name) return tp;
    return compare.emplace_back(name, Throughput{}).second;
  }
  std::string json() const {
    std::vector<double> sorted = frame_ms;
    std::sort(sorted.begin(), sorted.end());
    auto pct = [&](double p) {
      if (sorted.empty()) return 0.0;
      const size_t rank = static_cast<size_t>(std::ceil(p / 100.0 * sorted.size()));
      return sorted[std::clamp<size_t>(rank, 1, sorted.size()) - 1];
    };
    double samples_per_s = single.samples_per_s();
    nlohmann::ordered_json by_model = nlohmann::ordered_json::object();
    for (const auto& [name, tp] : compare) {
      by_model[name] = tp.samples_per_s();
      samples_per_s += tp.samples_per_s();
    }
    nlohmann::ordered_json j{{"frames", frame_ms.size() + (last_swap > 0 ? 1 : 0)},  // keys in the documented order
                             {"p50_ms", pct(50)},
                             {"p95_ms", pct(95)},
                             {"p99_ms", pct(99)},
                             {"max_ms", sorted.empty() ? 0.0 : sorted.back()},
                             {"samples_per_s", samples_per_s}};
    if (!compare.empty()) j["samples_per_s_by_model"] = by_model;  // the compare view: the sum above, split
    return j.dump();
  }
};

nlohmann::json rect_json(const ScreenRect& r, float scale) {
  return {{"x", std::lround(r.min.x * scale)},
          {"y", std::lround(r.min.y * scale)},
          {"w", std::lround((r.max.x - r.min.x) * scale)},
          {"h", std::lround((r.max.y - r.min.y) * scale)}};
}

nlohmann::json rects_json(const std::vector<ScreenRect>& rs, float scale) {
  nlohmann::json a = nlohmann::json::array();
  for (const ScreenRect& r : rs) a.push_back(rect_json(r, scale));
  return a;
}

// PATH.json beside the screenshot: where each panel is, and the colours it uses. In the compare
// view, "compare" lists the models and their panels (the single view's panels are then empty).
void write_sidecar(const std::string& png_path, const PanelRects& rects, int width, int height, float scale,
                   const CompareRun* compare) {
  nlohmann::json colors = nlohmann::json::array(), loss = nlohmann::json::array();
  for (const auto& c : kClassRgb8) colors.push_back({c[0], c[1], c[2]});
  for (const auto& c : kLossRgb8) loss.push_back({c[0], c[1], c[2]});
  nlohmann::json j{{"width", width},
                         {"height", height},
                         {"scatter", rect_json(rects.scatter, scale)},
                         {"grid", rect_json(rects.grid, scale)},
                         {"loss_plot", rect_json(rects.loss_plot, scale)},
                         {"status_bar", rect_json(rects.status_bar, scale)},
                         {"error_banner", rects.error_banner.valid() ? rect_json(rects.error_banner, scale) : nullptr},
                         {"class_colors", colors},
                         {"loss_colors", loss},
                         {"plot_background", {kPlotBackground8[0], kPlotBackground8[1], kPlotBackground8[2]}},
                         {"error_red", {(kErrorRed >> IM_COL32_R_SHIFT) & 0xFF, (kErrorRed >> IM_COL32_G_SHIFT) & 0xFF,
                                        (kErrorRed >> IM_COL32_B_SHIFT) & 0xFF}}};
  if (compare) {
    nlohmann::json names = nlohmann::json::array();
    for (const CompareModel& m : compare->models()) names.push_back(m.name);
    j["compare"] = {{"models", names},
                    {"scatters", rects_json(rects.compare_scatters, scale)},
                    {"grids", rects_json(rects.compare_grids, scale)},
                    {"strips", rect_json(rects.compare_strips, scale)},
                    {"numbers", rect_json(rects.compare_numbers, scale)},
                    {"loss_plot", rect_json(rects.compare_loss_plot, scale)}};
  }
  std::ofstream(png_path + ".json") << j.dump(2) << '\n';
}

// The end of a scripted run that waits for events (--until-steps, --until-error), not for a frame
// count. Once every model has trained the steps, training pauses (each worker then publishes its
// last state) and the loop draws a few more frames, so that the pictures show those last
// snapshots: each frame adopts and re-decodes at most one model's (the compare view), so twice the
// number of models is enough, whatever the machine's speed. After that, or after an error banner
// first appears, ImGui needs two more frames to settle the layout of new windows and tables (an
// auto-sized window is measured on its first frame and drawn from the next).
class ScriptedEnd {
 public:
  explicit ScriptedEnd(const GuiOptions& o) : until_steps_(o.until_steps), until_error_(o.until_error) {}

  // Once a frame, after drawing. `steps` holds every model's steps done; `pause_and_wait` pauses
  // them and returns when they have published their last snapshots.
  template <class PauseAndWait>
  void update(const std::vector<int64_t>& steps, bool error_shown, PauseAndWait&& pause_and_wait) {
    if (until_error_ && error_shown && frames_left_ < 0) frames_left_ = kImGuiSettleFrames;
    if (until_steps_ > 0 && frames_left_ < 0 && !steps.empty() &&
        std::all_of(steps.begin(), steps.end(), [&](int64_t s) { return s >= until_steps_; })) {
      pause_and_wait();
      frames_left_ = 2 * static_cast<int>(steps.size()) + kImGuiSettleFrames;
    }
  }
  // True on the frame that is to be the last (its screenshot is taken).
  bool last_frame() { return frames_left_ >= 0 && frames_left_-- == 0; }

 private:
  static constexpr int kImGuiSettleFrames = 2;
  int64_t until_steps_;
  bool until_error_;
  int frames_left_ = -1;
};

std::string timestamped_png_name() {
  char name[64];
  const std::time_t t = std::time(nullptr);
  std::strftime(name, sizeof name, "latent-explorer-%Y%m%d-%H%M%S.png", std::localtime(&t));
  return name;
}

// Space, R, S; F12 is returned for the loop to handle after rendering. Ignored while a text field
// has the keyboard, so typing a path does not pause the run.
bool handle_shortcuts(TrainingWorker& worker, const WorkerStatus& status) {
  const ImGuiIO& io = ImGui::GetIO();
  if (io.WantTextInput) return false;
  if (ImGui::IsKeyPressed(GLFW_KEY_SPACE, false))
    status.state == RunState::kRunning ? worker.pause() : worker.play();
  if (ImGui::IsKeyPressed(GLFW_KEY_R, false)) worker.reset();
  if (ImGui::IsKeyPressed(GLFW_KEY_S, false)) worker.single_step();
  return ImGui::IsKeyPressed(GLFW_KEY_F12, false);
}

bool handle_compare_shortcuts(CompareRun& run) {
  const ImGuiIO& io = ImGui::GetIO();
  if (io.WantTextInput) return false;
  if (ImGui::IsKeyPressed(GLFW_KEY_SPACE, false)) run.running() ? run.pause() : run.play();
  if (ImGui::IsKeyPressed(GLFW_KEY_R, false)) run.reset();
  return ImGui::IsKeyPressed(GLFW_KEY_F12, false);
}

// Whether a compare run was started from these settings (all but the mode and beta).
bool same_experiment(const TrainConfig& a, const TrainConfig& b) {
  return a.arch == b.arch && a.batch == b.batch && a.lr == b.lr && a.seed == b.seed && a.binarize == b.binarize &&
         a.objective.likelihood == b.objective.likelihood && a.warmup_steps == b.warmup_steps;
}

// First-run layout: controls and the decoder preview on the left; losses top right; scatter and
// grid side by side below; the status bar along the bottom. Later runs use imgui.ini.
void place_next(float x, float y, float w, float h) {
  ImGui::SetNextWindowPos({x, y}, ImGuiCond_FirstUseEver);
  ImGui::SetNextWindowSize({w, h}, ImGuiCond_FirstUseEver);
}

}  // namespace

int run_gui(GuiOptions& options) {
  std::string ui_error;
  TrainConfig config = options.train.config;
  try {
    cli::finish(options.train);
    config = options.train.config;
  } catch (const InputError& e) {
    ui_error = std::string("Command line: ") + e.what() + "  (started with the default settings instead)";
    config = TrainConfig{};
    config.threads = std::max(1, options.train.config.threads);
  }
  if (options.compare && options.train.beta_given) ui_error = std::string("Command line: ") + kCompareBetaRefusal;
  if (!options.train.load_path.empty()) {
    try {  // the checkpoint's model wins, unless the command line asks for another one
      cli::check_against_checkpoint(options.train, read_checkpoint_config(options.train.load_path),
                                    options.train.load_path);
    } catch (const InputError& e) {
      ui_error = std::string("Command line: ") + e.what() + "  (not loaded)";
      options.train.load_path.clear();
    }
  }
  // Process-wide compute settings (Eigen's thread count, malloc tuning), before any thread starts.
  // The UI's own decodes then run single-threaded products with threads = 1, as training does.
  // The compare view trains three or four models with one thread each.
  configure_process(options.compare ? 1 : config.threads);
  leave_cores_to_training(options.compare ? 3 : config.threads);
  glfwSetErrorCallback(glfw_error);
  if (!glfwInit()) {
    std::fprintf(stderr, "latent-explorer: could not initialise GLFW (is there a display? try xvfb-run)\n");
    return 1;
  }
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
  GLFWwindow* window = glfwCreateWindow(options.width, options.height, "latent-explorer", nullptr, nullptr);
  if (!window) {
    std::fprintf(stderr, "latent-explorer: could not open an OpenGL 3.3 core window\n");
    glfwTerminate();
    return 1;
  }
  glfwMakeContextCurrent(window);
  if (!gladLoadGL(glfwGetProcAddress)) {
    std::fprintf(stderr, "latent-explorer: could not load OpenGL 3.3 functions\n");
    glfwDestroyWindow(window);
    glfwTerminate();
    return 1;
  }
  // A fixed frame count is a measurement: do not let vsync (or Xvfb's idea of it) pace it.
  const bool scripted = options.frames > 0 || options.until_steps > 0 || options.until_error;
  glfwSwapInterval(scripted ? 0 : 1);

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  // Scripted runs neither read nor write the user's layout, so tests see the default one.
  if (scripted) io.IniFilename = nullptr;
  ImGui::StyleColorsDark();
  ImGuiStyle& style = ImGui::GetStyle();
  style.WindowRounding = 3;
  style.FrameRounding = 2;
  // Fill rate is what a frame costs on software GL (Mesa llvmpipe): a full-screen layer of window
  // backgrounds is about a third of it. The panels tile the screen, so they draw no background:
  // the clear colour is their background. Tooltips and popups keep theirs.
  const ImVec4 window_bg = style.Colors[ImGuiCol_WindowBg];
  style.Colors[ImGuiCol_WindowBg].w = 0.0f;
  // Thick lines from baked textures need linear filtering; plain geometry lets the font atlas use
  // nearest filtering, which software rasterisers sample much faster (text is pixel-aligned).
  style.AntiAliasedLinesUseTex = false;
  ImGui_ImplGlfw_InitForOpenGL(window, true);
  ImGui_ImplOpenGL3_Init("#version 330 core");
  ImGui_ImplOpenGL3_CreateFontsTexture();
  glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(reinterpret_cast<uintptr_t>(io.Fonts->TexID)));
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
  glBindTexture(GL_TEXTURE_2D, 0);

  // The single view's worker starts loading data at once (the window is already up). Opened in the
  // compare view, it is made when the user first goes to the single view, sharing the compare
  // run's data.
  const std::string data_dir = cli::resolve_data_dir(options.train.data_dir);
  std::unique_ptr<TrainingWorker> worker;
  bool single_was_running = !options.paused;
  auto make_single_worker = [&](std::shared_ptr<const DataSplit> data) {
    worker = std::make_unique<TrainingWorker>(config, data_dir, single_was_running, std::move(data));
    worker->set_snapshot_interval(kSnapshotIntervalS);
    if (!options.train.load_path.empty()) worker->load(options.train.load_path);
  };
  bool compare_view = options.compare;
  std::unique_ptr<CompareRun> compare_run;
  CompareViewState compare_state;
  if (options.beta_vae > 0) compare_state.beta_vae = true, compare_state.beta_vae_beta = static_cast<float>(options.beta_vae);
  if (compare_view)
    compare_run = std::make_unique<CompareRun>(config, data_dir, nullptr, compare_state.beta_vae,
                                               compare_state.beta_vae_beta, !options.paused);
  else make_single_worker(nullptr);

  // Scripted runs move the pointer off the panels so screenshots show them unobstructed.
  if (scripted) glfwSetCursorPos(window, 4, 4);

  LossHistory history;
  LossPlotState loss_plot;
  ControlsState controls;
  std::snprintf(controls.data_dir, sizeof controls.data_dir, "%s", cli::resolve_data_dir(options.train.data_dir).c_str());
  // Scripted runs (--frames) are measurements and tests: they write no files unless asked.
  controls.autosave_minutes = options.autosave_minutes >= 0 ? options.autosave_minutes : scripted ? 0 : 5;
  Autosave autosave;
  LatentViewState latent;
  auto latent_gl = std::make_unique<LatentResources>();  // GL objects: created after the context
  PanelRects rects;
  FrameStats stats;
  if (options.frame_stats) stats.frame_ms.reserve(options.frames > 0 ? options.frames : 4096);
  std::vector<LossPoint> drained;
  std::string ui_notice;
  int frame = 0;
  ScriptedEnd scripted_end(options);
  std::vector<int64_t> model_steps;

  double next_frame_start = now_s();
  while (!glfwWindowShouldClose(window)) {
    // Pace at the top of the frame: a software GL does its drawing inside the swap, so sleeping
    // anywhere after the draw calls would add to the frame instead of filling it.
    if (const double wait = next_frame_start - now_s(); wait > 0)
      std::this_thread::sleep_for(std::chrono::duration<double>(wait));
    next_frame_start = std::max(next_frame_start + kFramePeriodS, now_s());
    glfwPollEvents();
    const double t = now_s();
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ImGui::NewFrame();
    bool screenshot_key = false;

    if (compare_view) {
      compare_run->update(t);
      for (const CompareModel& m : compare_run->models())
        stats.model(m.id).on_status(m.status, m.snap ? m.snap->config.batch : config.batch, t);
      screenshot_key = handle_compare_shortcuts(*compare_run);
      const CompareAction action = draw_compare_view(*compare_run, compare_state, rects);
      draw_compare_status_bar(compare_run->models(), compare_run->running(), io.Framerate, ui_notice, rects);
      std::string model_error = compare_run->error();
      for (const CompareModel& m : compare_run->models())
        if (model_error.empty() && !m.status.error.empty()) model_error = m.name + ": " + m.status.error;
      if (draw_error_banner(model_error, ui_error, rects)) {
        compare_run->clear_error();
        for (CompareModel& m : compare_run->models()) m.worker->clear_error();
        ui_error.clear();
      }
      model_steps.clear();
      for (const CompareModel& m : compare_run->models()) model_steps.push_back(m.status.steps_done);
      scripted_end.update(model_steps, rects.error_banner.valid(), [&] {
        compare_run->pause();
        for (CompareModel& m : compare_run->models()) m.worker->wait_idle();
      });
      if (action == CompareAction::kBackToSingle) {
        compare_run->pause();
        compare_view = false;
        if (!worker) make_single_worker(compare_run->data());
        else if (single_was_running) worker->play();
      } else if (action == CompareAction::kRebuild) {
        const TrainConfig base = compare_run->base();
        const std::shared_ptr<const DataSplit> data = compare_run->data();
        const bool running = compare_run->running();
        compare_run.reset();  // joins the old workers before the new ones start
        compare_state.columns.clear();
        compare_run = std::make_unique<CompareRun>(base, data_dir, data, compare_state.beta_vae,
                                                   compare_state.beta_vae_beta, running);
      }
    } else {
      const WorkerStatus status = worker->status();
      drained.clear();
      worker->drain_loss_points(drained);
      history.add(drained, status.generation);
      const std::shared_ptr<const Snapshot> snap = worker->snapshot();
      stats.single.on_status(status, snap ? snap->config.batch : config.batch, t);
      screenshot_key = handle_shortcuts(*worker, status);

      const ImVec2 screen = ImGui::GetMainViewport()->Size;
      const float bar = ImGui::GetFrameHeight() + 6, left = 370, preview = 400, loss_h = std::round(screen.y * 0.33f);
      place_next(0, 0, left, screen.y - bar - preview);
      if (ImGui::Begin("Training")) draw_controls_panel(*worker, status, snap.get(), controls, io.Framerate);
      ImGui::End();
      place_next(0, screen.y - bar - preview, left, preview);
      if (ImGui::Begin("Decoder preview")) draw_decoder_preview(snap.get(), latent, *latent_gl);
      ImGui::End();
      place_next(left, 0, screen.x - left, loss_h);
      if (ImGui::Begin("Loss (nats per image)")) draw_loss_panel(history, loss_plot, rects);
      ImGui::End();
      place_next(left, loss_h, screen.x - left, screen.y - bar - loss_h);
      if (ImGui::Begin("Latent space", nullptr, ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse))
        draw_latent_panel(snap.get(), latent, *latent_gl, rects);
      ImGui::End();
      draw_status_bar(status, snap.get(), io.Framerate, latent_gl->last_grid_decode_ms, ui_notice, rects);
      if (draw_error_banner(status.error, ui_error, rects)) {
        worker->clear_error();
        ui_error.clear();
      }
      scripted_end.update({status.steps_done}, rects.error_banner.valid(), [&] {
        worker->pause();
        worker->wait_idle();
      });
      if (const std::string saved = autosave.tick(*worker, status, controls.checkpoint, controls.autosave_minutes, t);
          !saved.empty())
        ui_notice = saved;
      if (controls.compare_requested) {
        // The single model pauses while the compare models train: they share the machine.
        controls.compare_requested = false;
        single_was_running = status.state == RunState::kRunning;
        worker->pause();
        const TrainConfig base = snap ? snap->config : config;
        if (compare_run && same_experiment(compare_run->base(), base)) {
          compare_run->play();
        } else {
          compare_run.reset();
          compare_state.columns.clear();
          compare_run = std::make_unique<CompareRun>(base, data_dir, snap ? snap->data : nullptr,
                                                     compare_state.beta_vae, compare_state.beta_vae_beta, true);
        }
        compare_view = true;
      }
    }

    ImGui::Render();
    int fb_width = 0, fb_height = 0;
    glfwGetFramebufferSize(window, &fb_width, &fb_height);
    glViewport(0, 0, fb_width, fb_height);
    glClearColor(window_bg.x, window_bg.y, window_bg.z, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());

    ++frame;
    const bool last_frame = (options.frames > 0 && frame >= options.frames) || scripted_end.last_frame();
    if (last_frame && !options.screenshot_path.empty()) {
      const std::string problem = save_screenshot(options.screenshot_path, fb_width, fb_height);
      if (!problem.empty()) std::fprintf(stderr, "latent-explorer: %s\n", problem.c_str());
      else
        write_sidecar(options.screenshot_path, rects, fb_width, fb_height, io.DisplayFramebufferScale.x,
                      compare_view ? compare_run.get() : nullptr);
    }
    if (screenshot_key) {
      const std::string name = timestamped_png_name();
      const std::string problem = save_screenshot(name, fb_width, fb_height);
      ui_notice = problem.empty() ? "saved " + name : "";
      if (!problem.empty()) ui_error = problem;
    }
    glfwSwapBuffers(window);
    if (options.frame_stats) stats.on_swap(now_s());  // only when asked: the list grows every frame
    if (last_frame) break;
  }

  if (options.frame_stats) {
    std::printf("%s\n", stats.json().c_str());
    std::fflush(stdout);
    if (!latent_gl->grid_decode_ms.empty()) {
      std::vector<double> d = latent_gl->grid_decode_ms;
      std::sort(d.begin(), d.end());
      std::fprintf(stderr, "latent-explorer: grid re-decode (%dx%d): median %.2f ms, max %.2f ms over %zu decodes\n",
                   latent.grid_n, latent.grid_n, d[d.size() / 2], d.back(), d.size());
    }
  }
  if (worker && controls.autosave_minutes > 0) {
    const std::string saved = autosave.save_and_wait(*worker, worker->status(), controls.checkpoint);
    if (!saved.empty()) std::printf("latent-explorer: %s\n", saved.c_str());
  }
  latent_gl.reset();  // GL objects go before the context
  compare_state.columns.clear();
  compare_state.strips.reset();
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
  glfwDestroyWindow(window);
  glfwTerminate();
  return 0;
}

}  // namespace lex::gui
