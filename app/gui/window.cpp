#include "window.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <optional>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>
#include <utility>

#include "gl/gl.hpp"  // glad before anything else that might include GL
#include "backends/imgui_impl_glfw.h"
#include "backends/imgui_impl_opengl3.h"
#include "window_memory.hpp"

namespace lex::gui {
namespace {

// The UI draws at most this often (83 fps). On a small machine every frame is CPU taken from
// training: software GL (llvmpipe) spends ~8 ms of CPU rasterising one. 12 ms stays well under
// a 60 Hz frame, so vsync, where there is one, still paces the frames.
constexpr double kFramePeriodS = 0.012;

// The font: Debian's DejaVu Sans (fonts-dejavu-core) at this many pixels before the monitor's
// content scale; ImGui's built-in bitmap font if the file is missing.
constexpr float kFontPixels = 15.0f;
constexpr const char* kFontFile = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";

// The size for a first session: 1600 x 1000 where the monitor's work area has room, else 95% of it.
constexpr int kPreferredWidth = 1600, kPreferredHeight = 1000;

// Software GL (Mesa's llvmpipe, as under Xvfb) rasterises with one thread per core by default, and
// on a small machine those threads take the training threads' cores every frame. Leave them to
// training: the rasteriser gets the cores that remain, at least one. A GPU driver ignores this;
// an LP_NUM_THREADS set by the user wins. Measured on 2 cores: 47.6k samples/s and p95 13 ms with
// one raster thread, 43.6k and p95 15 ms with two.
void leave_cores_to_training(int training_threads) {
  if (std::getenv("LP_NUM_THREADS")) return;
  const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  const int raster_threads = std::max(1, cores - training_threads - 1);
  setenv("LP_NUM_THREADS", std::to_string(raster_threads).c_str(), 0);
}

// Files dropped onto the window, until the frame loop takes them (GLFW calls back on the UI
// thread, inside glfwPollEvents; there is one window).
std::vector<std::string> dropped_files;
void on_drop(GLFWwindow*, int count, const char** paths) {
  for (int i = 0; i < count; ++i) dropped_files.emplace_back(paths[i]);
}

void glfw_error(int code, const char* text) { std::fprintf(stderr, "latent-explorer: GLFW error %d: %s\n", code, text); }

}  // namespace

Window::Window(const WindowOptions& options) : options_(options) {
  leave_cores_to_training(options.training_threads);
  glfwSetErrorCallback(glfw_error);
  if (!glfwInit()) {
    std::fprintf(stderr, "latent-explorer: could not initialise GLFW (is there a display? try xvfb-run)\n");
    return;
  }
  // The size: given, remembered, or fitted to the primary monitor's work area.
  int x = -1, y = -1, w = options.width, h = options.height;
  std::optional<WindowPlacement> recalled;
  if (w <= 0 || h <= 0) {
    if (options.remember) recalled = recall_window_placement();
    int wx = 0, wy = 0, ww = kPreferredWidth, wh = kPreferredHeight;
    if (GLFWmonitor* monitor = glfwGetPrimaryMonitor()) glfwGetMonitorWorkarea(monitor, &wx, &wy, &ww, &wh);
    if (recalled) {
      w = std::min(recalled->width, ww), h = std::min(recalled->height, wh);
      x = std::clamp(recalled->x, wx, wx + std::max(0, ww - w)), y = std::clamp(recalled->y, wy, wy + std::max(0, wh - h));
    } else {
      w = ww >= kPreferredWidth ? kPreferredWidth : static_cast<int>(ww * 0.95);
      h = wh >= kPreferredHeight ? kPreferredHeight : static_cast<int>(wh * 0.95);
      x = wx + (ww - w) / 2, y = wy + (wh - h) / 2;
    }
  }
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
  window_ = glfwCreateWindow(w, h, "latent-explorer", nullptr, nullptr);
  if (!window_) {
    std::fprintf(stderr, "latent-explorer: could not open an OpenGL 3.3 core window\n");
    glfwTerminate();
    return;
  }
  if (x >= 0) glfwSetWindowPos(window_, x, y);
  glfwMakeContextCurrent(window_);
  glfwSetDropCallback(window_, on_drop);
  if (!gladLoadGL(glfwGetProcAddress)) {
    std::fprintf(stderr, "latent-explorer: could not load OpenGL 3.3 functions\n");
    glfwDestroyWindow(window_);
    window_ = nullptr;
    glfwTerminate();
    return;
  }
  glfwSwapInterval(options.vsync ? 1 : 0);

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  imgui_ = true;
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // the views lay their panels out themselves, every frame
  ImGui::StyleColorsDark();
  ImGuiStyle& style = ImGui::GetStyle();
  style.WindowRounding = 3;
  style.FrameRounding = 2;
  float scale_x = 1, scale_y = 1;
  glfwGetWindowContentScale(window_, &scale_x, &scale_y);
  const float scale = std::clamp(std::max(scale_x, scale_y), 1.0f, 4.0f);
  style.ScaleAllSizes(scale);
  // Fill rate is what a frame costs on software GL (Mesa llvmpipe): a full-screen layer of window
  // backgrounds is about a third of it. The panels tile the screen, so they draw no background:
  // the clear colour is their background. Tooltips and popups keep theirs.
  const ImVec4 window_bg = style.Colors[ImGuiCol_WindowBg];
  clear_[0] = window_bg.x, clear_[1] = window_bg.y, clear_[2] = window_bg.z;
  style.Colors[ImGuiCol_WindowBg].w = 0.0f;
  // Thick lines from baked textures need linear filtering; plain geometry lets the font atlas use
  // nearest filtering, which software rasterisers sample much faster (text is pixel-aligned).
  style.AntiAliasedLinesUseTex = false;
  ImGui_ImplGlfw_InitForOpenGL(window_, true);
  ImGui_ImplOpenGL3_Init("#version 330 core");
  load_font(scale);
  next_frame_start_ = now();
}

void Window::load_font(float scale) {
  ImGuiIO& io = ImGui::GetIO();
  std::error_code ec;
  if (std::filesystem::exists(kFontFile, ec)) {
    ImFontConfig config;
    config.OversampleH = config.OversampleV = 1;  // crisp at 1:1, and a small atlas
    config.PixelSnapH = true;
    io.Fonts->AddFontFromFileTTF(kFontFile, std::round(kFontPixels * scale), &config);
  }
  if (io.Fonts->Fonts.empty()) {
    ImFontConfig config;
    config.SizePixels = std::round(13.0f * scale);
    io.Fonts->AddFontDefault(&config);
  }
  ImGui_ImplOpenGL3_CreateFontsTexture();
  glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(reinterpret_cast<uintptr_t>(io.Fonts->TexID)));
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
  glBindTexture(GL_TEXTURE_2D, 0);
}

Window::~Window() {
  if (!window_) return;
  if (options_.remember && (options_.width <= 0 || options_.height <= 0)) {
    WindowPlacement p;
    glfwGetWindowPos(window_, &p.x, &p.y);
    glfwGetWindowSize(window_, &p.width, &p.height);
    remember_window_placement(p);
  }
  if (imgui_) {
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
  }
  glfwDestroyWindow(window_);
  glfwTerminate();
}

double Window::now() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

bool Window::begin_frame() {
  if (glfwWindowShouldClose(window_)) return false;
  // Pace at the top of the frame: a software GL does its drawing inside the swap, so sleeping
  // anywhere after the draw calls would add to the frame instead of filling it.
  if (const double wait = next_frame_start_ - now(); wait > 0) std::this_thread::sleep_for(std::chrono::duration<double>(wait));
  next_frame_start_ = std::max(next_frame_start_ + kFramePeriodS, now());
  glfwPollEvents();
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();
  ImGui::NewFrame();
  return true;
}

ImVec2 Window::size() const { return ImGui::GetMainViewport()->Size; }

void Window::render() {
  ImGui::Render();
  glfwGetFramebufferSize(window_, &fb_width_, &fb_height_);
  glViewport(0, 0, fb_width_, fb_height_);
  glClearColor(clear_[0], clear_[1], clear_[2], 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
}

void Window::swap() { glfwSwapBuffers(window_); }

std::vector<std::string> Window::take_dropped_files() { return std::exchange(dropped_files, {}); }

void Window::park_mouse() { glfwSetCursorPos(window_, 4, 4); }

}  // namespace lex::gui
