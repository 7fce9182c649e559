#include "scripted_run.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>

#include <nlohmann/json.hpp>

#include "common/palette.hpp"

namespace lex::gui {

bool ScriptedRun::last_frame(View& view, bool error_shown) {
  ++frame_;
  if (frames_ > 0 && frame_ >= frames_) return true;
  if (settle_left_ < 0) {
    if (until_error_ && error_shown) settle_left_ = kImGuiSettleFrames;
    if (until_steps_ > 0 && !paused_) {
      const std::vector<ModelState> models = view.models();
      if (!models.empty() && std::all_of(models.begin(), models.end(),
                                         [&](const ModelState& m) { return m.status.progress.steps_done >= until_steps_; })) {
        view.pause_and_wait();
        paused_ = true;
      }
    }
    if (paused_ && view.settled() && view.estimates_settled()) settle_left_ = kImGuiSettleFrames;
    return false;
  }
  return settle_left_-- == 0;
}

namespace {

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

nlohmann::json rgb_json(const app::Rgb8& c) { return {c[0], c[1], c[2]}; }

}  // namespace

void write_screenshot_sidecar(const std::string& png_path, const PanelRects& rects, int width, int height, float scale,
                              const std::vector<std::string>& compare_models) {
  nlohmann::json colors = nlohmann::json::array(), loss = nlohmann::json::array();
  for (const auto& c : app::kClassRgb8) colors.push_back(rgb_json(c));
  for (const auto& c : app::kLossRgb8) loss.push_back(rgb_json(c));
  auto optional = [&](const ScreenRect& r) { return r.valid() ? rect_json(r, scale) : nlohmann::json(nullptr); };
  nlohmann::json j{{"width", width},
                   {"height", height},
                   {"scatter", rect_json(rects.scatter, scale)},
                   {"grid", rect_json(rects.grid, scale)},
                   {"loss_plot", rect_json(rects.loss_plot, scale)},
                   {"status_bar", rect_json(rects.status_bar, scale)},
                   {"error_banner", optional(rects.error_banner)},
                   {"style_grid", optional(rects.style_grid)},
                   {"dimensions", optional(rects.dimensions)},
                   {"pad_canvas", optional(rects.pad_canvas)},
                   {"pad_input", optional(rects.pad_input)},
                   {"lessons", optional(rects.lessons)},
                   {"latent_panels", optional(rects.latent_panels)},
                   {"class_colors", colors},
                   {"loss_colors", loss},
                   {"plot_background", rgb_json(app::kPlotBackground8)},
                   {"error_red", rgb_json(app::kErrorRed8)}};
  {
    nlohmann::json plot_colors = nlohmann::json::array();
    for (ImU32 c : rects.plotted_colors)
      plot_colors.push_back({(c >> IM_COL32_R_SHIFT) & 0xFF, (c >> IM_COL32_G_SHIFT) & 0xFF, (c >> IM_COL32_B_SHIFT) & 0xFF});
    nlohmann::json bounds = nlohmann::json::array();
    for (const ScreenRect& r : rects.log_px_bounds) bounds.push_back(optional(r));
    j["model_plots"] = {{"models", rects.plotted_models},
                        {"colors", plot_colors},
                        {"rate_distortion", optional(rects.rate_distortion)},
                        {"log_px_bounds", bounds}};
  }
  if (!compare_models.empty())
    j["compare"] = {{"models", compare_models},
                    {"scatters", rects_json(rects.compare_scatters, scale)},
                    {"grids", rects_json(rects.compare_grids, scale)},
                    {"dimensions", rects_json(rects.compare_dimensions, scale)},
                    {"strips", rect_json(rects.compare_strips, scale)},
                    {"numbers", rect_json(rects.compare_numbers, scale)},
                    {"loss_plot", rect_json(rects.compare_loss_plot, scale)}};
  std::ofstream(png_path + ".json") << j.dump(2) << '\n';
}

}  // namespace lex::gui
