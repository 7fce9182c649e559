#include "exports.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>

#include "gl/screenshot.hpp"
#include "imgui.h"
// The implementation lives in Debian's libstb; only the declarations here.
#include <stb_image_write.h>

namespace lex::gui {
namespace {

constexpr int kFrameDelayCs = 10;      // the recording plays at 10 snapshots a second
constexpr int kLastFrameDelayCs = 150;  // and rests on the last before it loops

bool is_compare(const std::vector<ModelState>& models) { return models.empty() || models[0].id != "single"; }

std::vector<app::Rgb8> exact_colors() {
  std::vector<app::Rgb8> colors(app::kClassRgb8.begin(), app::kClassRgb8.end());
  colors.push_back(app::kPlotBackground8);
  return colors;
}

// The pixel rectangle of an ImGui rectangle, clipped to the framebuffer.
struct PixelRect {
  int x = 0, y = 0, w = 0, h = 0;
};
PixelRect pixels_of(const ScreenRect& r, float scale, int framebuffer_height) {
  PixelRect p;
  p.x = std::max(0, static_cast<int>(std::lround(r.min.x * scale)));
  p.y = std::max(0, static_cast<int>(std::lround(r.min.y * scale)));
  p.w = static_cast<int>(std::lround(r.max.x * scale)) - p.x;
  p.h = std::min(static_cast<int>(std::lround(r.max.y * scale)), framebuffer_height) - p.y;
  return p;
}

}  // namespace

std::vector<NamedPanel> named_panels(const PanelRects& r, const std::vector<ModelState>& models) {
  std::vector<NamedPanel> out;
  const auto add = [&](std::string name, const ScreenRect& rect) {
    if (rect.valid()) out.push_back({std::move(name), rect});
  };
  if (is_compare(models)) {
    for (size_t i = 0; i < models.size(); ++i) {
      if (i < r.compare_scatters.size()) add("scatter-" + models[i].id, r.compare_scatters[i]);
      if (i < r.compare_grids.size()) add("grid-" + models[i].id, r.compare_grids[i]);
      if (i < r.compare_dimensions.size()) add("dimensions-" + models[i].id, r.compare_dimensions[i]);
    }
    add("strips", r.compare_strips);
    add("numbers", r.compare_numbers);
    add("loss", r.compare_loss_plot);
  } else {
    add("scatter", r.scatter);
    add("grid", r.grid);
    add("dimensions", r.dimensions);
    add("style-grid", r.style_grid);
    add("loss", r.loss_plot);
  }
  add("latent", r.latent_panels);
  return out;
}

Exports::Exports(ScriptedExports scripted) : scripted_(std::move(scripted)) {
  if (!scripted_.record_gif.empty()) recording_ = true;
}

Exports::~Exports() { finish(); }

void Exports::set_recording(bool on) {
  recording_ = on;
  if (on) last_key_.clear();  // the picture on screen now is the first frame
}

std::string Exports::path_in_folder(const std::string& name) const {
  const std::string dir = folder[0] ? folder : ".";
  return (std::filesystem::path(dir) / name).string();
}

// latent-explorer-<panel>[-<model>]-step<N>: the model and the step of the snapshot on screen.
std::string Exports::file_stem(const std::string& panel, const std::vector<ModelState>& models) const {
  std::string stem = "latent-explorer-" + panel;
  const ModelState* model = models.empty() ? nullptr : &models[0];
  bool named = false;
  for (const ModelState& m : models)
    if (panel.size() > m.id.size() && panel.ends_with("-" + m.id)) model = &m, named = true;
  if (!named) stem += is_compare(models) ? "-compare" : model ? "-" + model->mode : "";
  if (model && model->shown_step >= 0) stem += "-step" + std::to_string(model->shown_step);
  return stem;
}

bool Exports::begin_frame() {
  capture_now_ = capture_next_;
  capture_next_ = false;
  // A widget being dragged follows the mouse: hiding it then would move the widget.
  const bool pending = capture_now_ || png_pending_;
  return pending && !ImGui::IsAnyItemActive() && !ImGui::IsAnyMouseDown();
}

void Exports::after_draw(View& view, const PanelRects& rects) {
  const std::vector<ModelState> models = view.models();

  // Right click (not a right drag, which pans a scatter) on a panel: its menu.
  const ImGuiIO& io = ImGui::GetIO();
  const bool dragged = io.MouseDragMaxDistanceSqr[ImGuiMouseButton_Right] >= io.MouseDragThreshold * io.MouseDragThreshold;
  if (ImGui::IsMouseReleased(ImGuiMouseButton_Right) && !dragged && !ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopup)) {
    // The smallest panel under the mouse: a scatter rather than the latent panels around it.
    float best = 0;
    menu_panel_ = {};
    for (const NamedPanel& p : named_panels(rects, models)) {
      const ImVec2 lo = p.rect.min, hi = p.rect.max;
      const float area = (hi.x - lo.x) * (hi.y - lo.y);
      if (io.MousePos.x >= lo.x && io.MousePos.x < hi.x && io.MousePos.y >= lo.y && io.MousePos.y < hi.y &&
          (menu_panel_.name.empty() || area < best))
        menu_panel_ = p, best = area;
    }
    if (!menu_panel_.name.empty()) ImGui::OpenPopup("##panel export");
  }
  if (ImGui::BeginPopup("##panel export")) {
    ImGui::TextDisabled("%s", menu_panel_.name.c_str());
    if (ImGui::MenuItem("Save panel as PNG")) png_panel_ = menu_panel_.name, png_pending_ = true;
    if (menu_panel_.name != "latent" && ImGui::MenuItem("Save scatter and grid as PNG"))
      png_panel_ = "latent", png_pending_ = true;
    ImGui::EndPopup();
  }

  // The recording takes each new picture once it is complete (grids decoded), every stride-th.
  if (recording_ && !models.empty()) {
    std::vector<int64_t> key;
    for (const ModelState& m : models) key.push_back(m.shown_step);
    const bool shown = std::none_of(key.begin(), key.end(), [](int64_t s) { return s < 0; });
    if (shown && key != last_key_ && view.settled()) {
      last_key_ = key;
      if (++skipped_ >= stride_) skipped_ = 0, capture_next_ = true;
      model_for_names_ = is_compare(models) ? "compare" : models[0].mode;
    }
  }
  if (save_recording_) {
    save_recording_ = false;
    if (frames_.empty()) {
      report("nothing recorded yet: tick 'record' and let the model train", "", "recording");
    } else {
      app::GifAnimation a;
      a.width = frame_width_, a.height = frame_height_, a.channels = 3;
      a.frames = std::move(frames_);
      a.frames.back().delay_cs = kLastFrameDelayCs;
      a.exact_colors = exact_colors();
      const std::string name = "latent-explorer-training-" + model_for_names_ + "-step" + std::to_string(first_step_) + "-" +
                               std::to_string(last_step_) + ".gif";
      write_gif_in_background(path_in_folder(name), std::move(a));
      frames_.clear();
      stride_ = 1, skipped_ = 0;
    }
  }
  if (save_strips_) {
    save_strips_ = false;
    app::GifAnimation a = view.strip_animation();
    if (a.frames.empty()) report("the strips are not decoded yet", "", "strips");
    else write_gif_in_background(path_in_folder(file_stem("strips", models) + ".gif"), std::move(a));
  }
}

void Exports::after_render(View& view, const PanelRects& rects, float scale, int framebuffer_height, bool last) {
  const std::vector<ModelState> models = view.models();
  if (png_pending_) {
    png_pending_ = false;
    for (const NamedPanel& p : named_panels(rects, models))
      if (p.name == png_panel_) write_png(p.rect, scale, framebuffer_height, path_in_folder(file_stem(p.name, models) + ".png"));
  }
  if (capture_now_) {
    if (view.settled()) capture_recording_frame(rects, scale, framebuffer_height, last_key_);
    else capture_next_ = true;  // a newer snapshot came in between: take it once it is drawn
    capture_now_ = false;
  }
  if (!last) return;

  // The scripted run's end: its picture is final, every decode drawn.
  if (!scripted_.record_gif.empty()) {
    std::vector<int64_t> key;
    for (const ModelState& m : models) key.push_back(m.shown_step);
    if (key != captured_key_) capture_recording_frame(rects, scale, framebuffer_height, key);
    if (frames_.size() < 2) {
      report("the recording has " + std::to_string(frames_.size()) + " frame(s): the run ended before a second snapshot",
             scripted_.record_gif, "--record-gif");
    } else {
      app::GifAnimation a;
      a.width = frame_width_, a.height = frame_height_, a.channels = 3;
      a.frames = std::move(frames_);
      a.frames.back().delay_cs = kLastFrameDelayCs;
      a.exact_colors = exact_colors();
      frames_.clear();
      write_gif_in_background(scripted_.record_gif, std::move(a));
    }
  }
  if (!scripted_.strip_gif.empty()) {
    app::GifAnimation a = view.strip_animation();
    if (a.frames.empty()) report("no interpolation strips to export (they are in the compare view: add --compare)", scripted_.strip_gif, "--export-strip-gif");
    else write_gif_in_background(scripted_.strip_gif, std::move(a));
  }
  const std::vector<NamedPanel> panels = named_panels(rects, models);
  for (const auto& [name, path] : scripted_.panels) {
    const auto it = std::find_if(panels.begin(), panels.end(), [&](const NamedPanel& p) { return p.name == name; });
    if (it == panels.end()) {
      std::string names;
      for (const NamedPanel& p : panels) names += (names.empty() ? "" : ", ") + p.name;
      report("no panel '" + name + "' on screen (there are: " + names + ")", path, "--export-panel");
      continue;
    }
    write_png(it->rect, scale, framebuffer_height, path);
  }
}

void Exports::write_png(const ScreenRect& rect, float scale, int framebuffer_height, const std::string& path) {
  const PixelRect p = pixels_of(rect, scale, framebuffer_height);
  if (p.w <= 0 || p.h <= 0) return report("the panel is not on screen", path, "PNG");
  const std::vector<uint8_t> rgb = read_window_pixels(p.x, p.y, p.w, p.h, framebuffer_height);
  if (!stbi_write_png(path.c_str(), p.w, p.h, 3, rgb.data(), p.w * 3))
    return report(path + ": could not write the PNG (does the folder exist and is it writable?)", "", "PNG");
  report("", path, "PNG");
}

// One frame of the recording: the latent panels read back and averaged down by a whole factor
// (so a 3-pixel point keeps at least one pixel of its exact class colour).
void Exports::capture_recording_frame(const PanelRects& rects, float scale, int framebuffer_height,
                                      const std::vector<int64_t>& key) {
  const PixelRect p = pixels_of(rects.latent_panels, scale, framebuffer_height);
  if (p.w <= 0 || p.h <= 0) return;
  const std::vector<uint8_t> rgb = read_window_pixels(p.x, p.y, p.w, p.h, framebuffer_height);
  const int k = (p.w + kMaxGifWidth - 1) / kMaxGifWidth, w = p.w / k, h = p.h / k;
  if (!frames_.empty() && (w != frame_width_ || h != frame_height_)) {
    frames_.clear();
    notice_ = "recording restarted: the panels changed size";
  }
  frame_width_ = w, frame_height_ = h;
  app::GifFrame frame;
  frame.delay_cs = kFrameDelayCs;
  frame.pixels.resize(static_cast<size_t>(w) * h * 3);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x)
      for (int c = 0; c < 3; ++c) {
        int sum = 0;
        for (int dy = 0; dy < k; ++dy)
          for (int dx = 0; dx < k; ++dx) sum += rgb[(static_cast<size_t>(y * k + dy) * p.w + x * k + dx) * 3 + c];
        frame.pixels[(static_cast<size_t>(y) * w + x) * 3 + c] = static_cast<uint8_t>((sum + k * k / 2) / (k * k));
      }
  captured_key_ = key;
  last_step_ = key.empty() ? 0 : *std::max_element(key.begin(), key.end());
  if (frames_.empty()) first_step_ = last_step_;
  frames_.push_back(std::move(frame));
  const size_t bytes = static_cast<size_t>(w) * h * 3;
  const size_t limit = std::clamp<size_t>(kMemoryBudget / std::max<size_t>(bytes, 1), 16, kMaxFrames);
  if (frames_.size() >= limit) {
    // Full: keep every other frame (the first stays) and take every other picture from now on.
    // With an even count the newest goes: then the picture on screen is no longer captured, and a
    // scripted run's last frame is taken again at its end.
    if (frames_.size() % 2 == 0) captured_key_.clear();
    for (size_t i = 1; 2 * i < frames_.size(); ++i) frames_[i] = std::move(frames_[2 * i]);
    frames_.resize((frames_.size() + 1) / 2);
    stride_ *= 2;
  }
}

void Exports::write_gif_in_background(const std::string& path, app::GifAnimation animation) {
  notice_ = "writing " + path + " ...";
  writing_.push_back({path, std::async(std::launch::async, [path, a = std::move(animation)]() -> std::string {
    try {  // an exception would come out of the future's get() on the UI thread, or in the destructor
      return app::write_gif(path, a);
    } catch (const std::exception& e) {
      return path + ": " + e.what();
    }
  })});
}

void Exports::report(const std::string& problem, const std::string& path, const char* what) {
  if (problem.empty()) {
    notice_ = "wrote " + path;
    return;
  }
  error_ = std::string(what) + ": " + (path.empty() || problem.rfind(path, 0) == 0 ? problem : path + ": " + problem);
  std::fprintf(stderr, "latent-explorer: %s\n", error_.c_str());
  scripted_failed_ = true;
}

bool Exports::finish() {
  for (Pending& p : writing_) report(p.result.get(), p.path, "GIF");
  writing_.clear();
  return !scripted_failed_;
}

void Exports::take_messages(std::string& notice, std::string& error) {
  for (auto it = writing_.begin(); it != writing_.end();) {
    if (it->result.wait_for(std::chrono::seconds(0)) != std::future_status::ready) {
      ++it;
      continue;
    }
    report(it->result.get(), it->path, "GIF");
    it = writing_.erase(it);
  }
  if (!notice_.empty()) notice = std::move(notice_);
  if (!error_.empty()) error = std::move(error_);
  notice_.clear(), error_.clear();
}

}  // namespace lex::gui
