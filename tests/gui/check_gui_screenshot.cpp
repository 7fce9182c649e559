// Checks what is on a screenshot of the GUI (tests/gui/CMakeLists.txt runs the app under Xvfb
// first). The app writes PATH.json beside PATH with the screen rectangles of its panels and the
// colours it uses; this reads both and checks that
//   - the scatter shows at least 8 of the 10 class colours (pixels within a small tolerance),
//   - the decoded grid is not uniform (pixel variance above a threshold),
//   - the loss plot has curve pixels of at least two series,
//   - the status bar has text on it,
// and, with --style-grid (a model conditioned on the class), that the style x class grid is on
// screen and not uniform;
// or, with --expect-error, that the red error banner is on screen; or, with --compare, that the
// compare view shows one scatter per model with several class colours (at least 6 of 10 for the
// AE and the VAE; the KL-only model's codes may be one blob), grids and interpolation strips
// that are not uniform. --frame-stats FILE --max-p95 MS checks the frame-time line the app
// printed (tests/gui keeps that check apart, as it measures the machine as much as the app).
// --holes checks the holes map on the scatter and the grid; --dims N the per-dimension view (at
// least N active dimensions, strips not uniform); --rd the rate-distortion plane (every model's
// colour on it, lines of equal ELBO); --iw the bounds on log p(x) (a plot per model with a
// posterior, rising with k; none for the AE); --lessons the Lessons window (on screen, text on it).
// The exports of the same scripted run (gui/exports.hpp), read with stb_image's own GIF decoder:
// --recording GIF: more than one frame, the latent panels' size averaged down by the app's whole
// factor (ceil(width / 640)), class colours exact in the last frame, first and last frames apart;
// --strips-gif GIF: one 84 x 84 grey image per model side by side, forward and back (at least 4
// frames), not uniform, changing along the walk; --panel-png NAME=PNG: the PNG is exactly the
// screenshot's rectangle of that panel, and not blank.
//   check_gui_screenshot [--expect-error | --compare | --style-grid] [--pad] [--holes] [--dims N] [--rd] [--iw]
//                        [--lessons] [--recording GIF] [--strips-gif GIF] [--panel-png NAME=PNG] PATH.png
//   check_gui_screenshot --frame-stats STATS.json --max-p95 MS
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <iterator>
#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <stb_image.h>  // implementation in Debian's libstb

namespace {

struct Image {
  int width = 0, height = 0;
  std::vector<unsigned char> rgb;
  const unsigned char* at(int x, int y) const { return &rgb[(static_cast<size_t>(y) * width + x) * 3]; }
};

struct Rect {
  int x = 0, y = 0, w = 0, h = 0;
};

int failures = 0;

void check(bool ok, const std::string& what) {
  std::printf("%s: %s\n", ok ? "ok  " : "FAIL", what.c_str());
  if (!ok) ++failures;
}

Rect rect_of(const nlohmann::json& j, const char* name, const Image& img) {
  Rect r;
  if (!j.contains(name) || j[name].is_null()) return r;
  r = {j[name]["x"], j[name]["y"], j[name]["w"], j[name]["h"]};
  // Clip to the image, so a panel partly off screen still gets checked on its visible part.
  const int x1 = std::min(r.x + r.w, img.width), y1 = std::min(r.y + r.h, img.height);
  r.x = std::max(r.x, 0), r.y = std::max(r.y, 0);
  r.w = std::max(0, x1 - r.x), r.h = std::max(0, y1 - r.y);
  return r;
}

bool near(const unsigned char* p, const nlohmann::json& rgb, int tolerance) {
  for (int k = 0; k < 3; ++k)
    if (std::abs(static_cast<int>(p[k]) - rgb[k].get<int>()) > tolerance) return false;
  return true;
}

int count_near(const Image& img, const Rect& r, const nlohmann::json& rgb, int tolerance) {
  int n = 0;
  for (int y = r.y; y < r.y + r.h; ++y)
    for (int x = r.x; x < r.x + r.w; ++x) n += near(img.at(x, y), rgb, tolerance);
  return n;
}

double luminance_variance(const Image& img, const Rect& r) {
  double sum = 0, sum2 = 0;
  const double n = static_cast<double>(r.w) * r.h;
  if (n == 0) return 0;
  for (int y = r.y; y < r.y + r.h; ++y)
    for (int x = r.x; x < r.x + r.w; ++x) {
      const unsigned char* p = img.at(x, y);
      const double l = 0.299 * p[0] + 0.587 * p[1] + 0.114 * p[2];
      sum += l, sum2 += l * l;
    }
  const double mean = sum / n;
  return sum2 / n - mean * mean;
}

std::string str(const Rect& r) {
  return std::to_string(r.w) + "x" + std::to_string(r.h) + " at (" + std::to_string(r.x) + ", " + std::to_string(r.y) + ")";
}

void check_normal_run(const Image& img, const nlohmann::json& j) {
  const Rect scatter = rect_of(j, "scatter", img), grid = rect_of(j, "grid", img), loss = rect_of(j, "loss_plot", img),
             bar = rect_of(j, "status_bar", img);
  check(scatter.w > 100 && scatter.h > 100, "scatter panel on screen, " + str(scatter));
  const bool dimensions_shown = j.contains("dimensions") && !j["dimensions"].is_null();  // in the grid's place
  if (!dimensions_shown) check(grid.w > 100 && grid.h > 100, "grid panel on screen, " + str(grid));
  check(loss.w > 100 && loss.h > 50, "loss plot on screen, " + str(loss));
  check(bar.w > 100 && bar.h > 5, "status bar on screen, " + str(bar));

  // Points are drawn opaque, so their pixels are exactly the palette colours.
  int classes_seen = 0;
  std::string counts;
  for (size_t c = 0; c < j["class_colors"].size(); ++c) {
    const int n = count_near(img, scatter, j["class_colors"][c], 6);
    classes_seen += n >= 20;
    counts += " " + std::to_string(n);
  }
  check(classes_seen >= 8, std::to_string(classes_seen) + " of 10 class colours in the scatter (pixels per class:" + counts + ")");

  if (!dimensions_shown) {
    const double grid_var = luminance_variance(img, grid);
    check(grid_var > 400, "grid is not uniform (luminance variance " + std::to_string(grid_var) + " > 400)");
  }

  // Curves are antialiased: count pixels close to a series colour.
  int series_seen = 0;
  std::string loss_counts;
  for (size_t s = 0; s < j["loss_colors"].size(); ++s) {
    const int n = count_near(img, loss, j["loss_colors"][s], 40);
    series_seen += n >= 60;
    loss_counts += " " + std::to_string(n);
  }
  check(series_seen >= 2, std::to_string(series_seen) + " loss series drawn (pixels per series:" + loss_counts + ")");

  const double bar_var = luminance_variance(img, bar);
  check(bar_var > 50, "status bar has text (luminance variance " + std::to_string(bar_var) + " > 50)");
}

// Class colours present in a scatter (at least 20 pixels each).
int classes_in(const Image& img, const Rect& r, const nlohmann::json& j, std::string& counts) {
  int seen = 0;
  for (size_t c = 0; c < j["class_colors"].size(); ++c) {
    const int n = count_near(img, r, j["class_colors"][c], 6);
    seen += n >= 20;
    counts += " " + std::to_string(n);
  }
  return seen;
}

void check_compare_run(const Image& img, const nlohmann::json& j) {
  if (!j.contains("compare")) {
    check(false, "the sidecar has a \"compare\" section (was the app in the compare view?)");
    return;
  }
  const nlohmann::json& c = j["compare"];
  const size_t n = c["models"].size();
  check(n >= 3 && c["scatters"].size() == n && c["grids"].size() == n, std::to_string(n) + " models with a scatter and a grid each");
  auto rect_at = [&](const nlohmann::json& r) {
    nlohmann::json holder{{"r", r}};
    return rect_of(holder, "r", img);
  };
  for (size_t m = 0; m < n && m < c["scatters"].size() && m < c["grids"].size(); ++m) {
    const std::string name = c["models"][m];
    const Rect scatter = rect_at(c["scatters"][m]), grid = rect_at(c["grids"][m]);
    check(scatter.w > 100 && scatter.h > 100, name + " scatter on screen, " + str(scatter));
    const bool dimensions_shown = c.contains("dimensions") && m < c["dimensions"].size() && rect_at(c["dimensions"][m]).w > 0;
    if (dimensions_shown) {
      // The per-dimension bars in the grid's place: active dimensions are drawn in the KL colour.
      const Rect bars = rect_at(c["dimensions"][m]);
      const int bar_pixels = count_near(img, bars, j["loss_colors"][2], 4);
      const int needed = name == "vae" ? 200 : 0;  // the AE's bars show activity, KL-only's have none active
      check(bar_pixels >= needed, name + ": " + std::to_string(bar_pixels) + " active-dimension bar pixels, at least " +
                                      std::to_string(needed));
      if (name == "vae") {
        std::string counts;
        const int seen = classes_in(img, scatter, j, counts);
        check(seen >= 6, name + " scatter still shows the classes");
      }
      continue;
    }
    check(grid.w > 100 && grid.h > 100, name + " grid on screen, " + str(grid));
    std::string counts;
    const int seen = classes_in(img, scatter, j, counts);
    const int needed = name == "kl-only" ? 1 : 6;  // ids: ae, vae, kl-only, beta-vae
    check(seen >= needed, name + ": " + std::to_string(seen) + " of 10 class colours in the scatter, at least " +
                              std::to_string(needed) + " (pixels per class:" + counts + ")");
    const double var = luminance_variance(img, grid);
    check(var > 400, name + " grid is not uniform (luminance variance " + std::to_string(var) + " > 400)");
  }
  const Rect strips = rect_at(c["strips"]);
  check(strips.w > 200 && strips.h > 3 * 16, "interpolation strips on screen, " + str(strips));
  const double strips_var = luminance_variance(img, strips);
  check(strips_var > 400, "interpolation strips are not uniform (luminance variance " + std::to_string(strips_var) + " > 400)");
  const Rect numbers = rect_at(c["numbers"]);
  check(numbers.w > 200 && luminance_variance(img, numbers) > 50, "numbers table on screen with text, " + str(numbers));
}

// The one JSON line --frame-stats printed, somewhere in the file.
int check_frame_stats(const std::string& path, double max_p95) {
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("{\"frames\"", 0) != 0) continue;
    const nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded()) continue;
    const double p95 = j["p95_ms"];
    std::printf("%s\n", line.c_str());
    check(p95 <= max_p95, "frame time p95 " + std::to_string(p95) + " ms <= " + std::to_string(max_p95) + " ms");
    return failures == 0 ? 0 : 1;
  }
  std::fprintf(stderr, "%s: no frame-stats line; did the GUI run with --frame-stats?\n", path.c_str());
  return 2;
}

void check_error_run(const Image& img, const nlohmann::json& j) {
  const Rect banner = rect_of(j, "error_banner", img);
  check(banner.w > 100 && banner.h > 10, "error banner on screen, " + str(banner));
  const int red = count_near(img, banner, j["error_red"], 8);
  check(red > banner.w * banner.h / 3, "error banner is red (" + std::to_string(red) + " red pixels)");
  check(luminance_variance(img, banner) > 50, "error banner has text");
}

void check_style_grid(const Image& img, const nlohmann::json& j) {
  const Rect grid = rect_of(j, "style_grid", img);
  check(grid.w > 100 && grid.h > 100, "style x class grid on screen, " + str(grid));
  const double var = luminance_variance(img, grid);
  check(var > 400, "style x class grid is not uniform (luminance variance " + std::to_string(var) + " > 400)");
}

// The per-dimension view (--show dims) in the grid's place: bars in the KL colour for the active
// dimensions, at least `min_active` of them tall enough to count, and traversal strips that are
// not uniform.
void check_dimensions(const Image& img, const nlohmann::json& j, int min_active) {
  const Rect r = rect_of(j, "dimensions", img);
  check(r.w > 100 && r.h > 100, "per-dimension view on screen, " + str(r));
  if (r.w == 0) return;
  // Rows with a bar: scan the bars' column band (left third) for KL-coloured runs of rows.
  int bars = 0;
  bool in_bar = false;
  const Rect band{r.x, r.y, r.w / 3, r.h};
  for (int y = band.y; y < band.y + band.h; ++y) {
    const Rect row{band.x, y, band.w, 1};
    const bool on = count_near(img, row, j["loss_colors"][2], 4) >= 3;
    bars += on && !in_bar;
    in_bar = on;
  }
  check(bars >= min_active, std::to_string(bars) + " active-dimension bars, at least " + std::to_string(min_active));
  const Rect strips{r.x + r.w / 3, r.y, r.w - r.w / 3, r.h};
  const double var = luminance_variance(img, strips);
  check(var > 300, "traversal strips are not uniform (luminance variance " + std::to_string(var) + " > 300)");
}

// The holes map (--show holes) of a model with holes (an AE): the scatter is shaded where the codes
// are (muted blue: never a class colour) and red in the holes, and the grid beside it frames its
// cells in a hole in red (the grid's digits are grey, so any red there is a frame). The colours are those of app/gui/widgets/holes_map.cpp.
void check_holes(const Image& img, const nlohmann::json& j) {
  auto count = [&](const Rect& r, auto is) {
    int n = 0;
    for (int y = r.y; y < r.y + r.h; ++y)
      for (int x = r.x; x < r.x + r.w; ++x) n += is(img.at(x, y));
    return n;
  };
  const auto shaded = [](const unsigned char* p) { return p[0] <= 64 && p[1] < p[2] && p[2] - p[0] >= 25 && p[2] <= 140; };
  const auto hole = [](const unsigned char* p) { return p[0] >= 70 && p[0] <= 140 && p[0] > p[1] + 40 && p[0] > p[2] + 40; };
  const Rect scatter = rect_of(j, "scatter", img), grid = rect_of(j, "grid", img);
  const int area = scatter.w * scatter.h, blue = count(scatter, shaded), red = count(scatter, hole);
  check(blue > area / 100, "q(z) shading in the scatter (" + std::to_string(blue) + " pixels)");
  check(red > area / 200, "holes in the scatter (" + std::to_string(red) + " red pixels)");
  if (grid.w > 0) {
    const int grid_red = count(grid, [](const unsigned char* p) { return p[0] >= 120 && p[0] > p[1] + 80 && p[0] > p[2] + 60; });
    check(grid_red > grid.w * grid.h / 200, "grid cells in holes framed (" + std::to_string(grid_red) + " red pixels)");
  }
}

// The plots of the models as a whole share one part of the sidecar: the models' names and colours,
// the rate-distortion plane and one bounds plot per model.
const nlohmann::json* model_plots(const nlohmann::json& j) {
  if (!j.contains("model_plots") || j["model_plots"]["models"].empty()) {
    check(false, "the sidecar names the models on the plots (were the plots shown?)");
    return nullptr;
  }
  return &j["model_plots"];
}

// The rate-distortion plane (--show rd): every model's point and path in its colour inside the
// plane (the newest point alone is a disc of ~130 pixels), and grey lines of equal ELBO.
void check_rate_distortion(const Image& img, const nlohmann::json& j) {
  const nlohmann::json* plots = model_plots(j);
  if (!plots) return;
  const Rect plane = rect_of(*plots, "rate_distortion", img);
  check(plane.w > 150 && plane.h > 100, "rate-distortion plane on screen, " + str(plane));
  if (plane.w == 0) return;
  for (size_t m = 0; m < (*plots)["models"].size(); ++m) {
    const std::string name = (*plots)["models"][m];
    const int n = count_near(img, plane, (*plots)["colors"][m], 12);
    check(n >= 80, name + ": " + std::to_string(n) + " pixels of its colour on the plane, at least 80");
  }
  // The equal-ELBO lines are the only neutral grey between the background and the grid's white
  // inside the plane's frame (which is grey too: left out).
  int grey = 0;
  for (int y = plane.y + 3; y < plane.y + plane.h - 3; ++y)
    for (int x = plane.x + 3; x < plane.x + plane.w - 3; ++x) {
      const unsigned char* p = img.at(x, y);
      grey += p[0] >= 60 && p[0] <= 120 && std::abs(p[0] - p[1]) <= 6 && p[2] >= p[0] && p[2] - p[0] <= 12;
    }
  check(grey >= plane.w, "lines of equal ELBO on the plane (" + std::to_string(grey) + " grey pixels)");
}

// The bounds on log p(x) (--show iw): a plot for every model that has a posterior, with the
// curve, its error bars and its points in the model's colour, and the bound at the largest k
// above the ELBO at k = 1 (screen y grows downward: the coloured pixels of the curve's right fifth
// sit higher, by more than 3 rows, than those of its left fifth; the marks at each k are symmetric about the value, and
// the "ELBO" label is not in the model's colour). An AE gets no plot.
void check_log_px_bounds(const Image& img, const nlohmann::json& j) {
  const nlohmann::json* plots = model_plots(j);
  if (!plots) return;
  const nlohmann::json& rects = (*plots)["log_px_bounds"];
  int drawn = 0;
  for (size_t m = 0; m < (*plots)["models"].size() && m < rects.size(); ++m) {
    const std::string name = (*plots)["models"][m];
    const nlohmann::json holder{{"r", rects[m]}};
    const Rect r = rect_of(holder, "r", img);
    if (name == "AE") {
      check(r.w == 0, "the AE has no bounds plot");
      continue;
    }
    check(r.w > 100 && r.h > 60, name + ": bounds plot on screen, " + str(r));
    if (r.w == 0) continue;
    ++drawn;
    const nlohmann::json& color = (*plots)["colors"][m];
    const int n = count_near(img, r, color, 12);
    check(n >= 60, name + ": " + std::to_string(n) + " pixels of its colour in the bounds plot, at least 60");
    // The curve's extent across: from the k = 1 marker to the largest k's.
    int x_min = r.x + r.w, x_max = r.x - 1;
    for (int y = r.y; y < r.y + r.h; ++y)
      for (int x = r.x; x < r.x + r.w; ++x)
        if (near(img.at(x, y), color, 12)) x_min = std::min(x_min, x), x_max = std::max(x_max, x);
    auto mean_row = [&](int x0, int x1) {
      double sum = 0;
      int count = 0;
      for (int y = r.y; y < r.y + r.h; ++y)
        for (int x = x0; x < x1; ++x)
          if (near(img.at(x, y), color, 12)) sum += y, ++count;
      return count > 0 ? sum / count : -1.0;
    };
    if (name == "KL-only") continue;  // its posterior is the prior: the bound hardly moves with k
    const int fifth = (x_max - x_min) / 5;
    const double left = mean_row(x_min, x_min + fifth), right = mean_row(x_max - fifth, x_max + 1);
    check(fifth > 10 && left > 0 && right > 0 && right + 3 < left,
          name + ": the bound rises with k (mean row of the curve " + std::to_string(left) + " at k = 1, " +
              std::to_string(right) + " at the largest k)");
  }
  check(drawn >= 1, std::to_string(drawn) + " bounds plots drawn");
}

// The drawing pad holds a picture (bright ink on the canvas and in the model's input beside it),
// and the scatter marks where it landed: the probe's marks are the only pure white there.
void check_pad(const Image& img, const nlohmann::json& j) {
  const Rect canvas = rect_of(j, "pad_canvas", img), input = rect_of(j, "pad_input", img);
  check(canvas.w > 60 && canvas.h > 60, "drawing pad on screen, " + str(canvas));
  check(input.w > 20 && input.h > 20, "the pad's input as the model sees it on screen, " + str(input));
  const nlohmann::json white = {255, 255, 255};
  auto bright = [&](const Rect& r) {
    int n = 0;
    for (int y = r.y; y < r.y + r.h; ++y)
      for (int x = r.x; x < r.x + r.w; ++x) {
        const unsigned char* p = &img.rgb[(static_cast<size_t>(y) * img.width + x) * 3];
        n += (p[0] + p[1] + p[2]) / 3 > 160;
      }
    return n;
  };
  const int canvas_ink = bright(canvas), input_ink = bright(input);
  check(canvas_ink > canvas.w * canvas.h / 50, "ink on the pad (" + std::to_string(canvas_ink) + " bright pixels)");
  check(input_ink > input.w * input.h / 30, "ink in the model's input (" + std::to_string(input_ink) + " bright pixels)");
  check(input_ink < input.w * input.h / 2, "the input is a digit, not a blank page (" + std::to_string(input_ink) + " bright pixels)");
  int marks = count_near(img, rect_of(j, "scatter", img), white, 0);
  if (j.contains("compare"))  // every model's scatter
    for (const auto& r : j["compare"]["scatters"]) {
      const nlohmann::json holder = {{"r", r}};
      marks += count_near(img, rect_of(holder, "r", img), white, 0);
    }
  check(marks >= 15, "the picture's code marked on the scatter (" + std::to_string(marks) + " white pixels)");
}

// The Lessons window floats over the left column with its own opaque background and a few
// lines of text (bright glyph pixels) on it.
void check_lessons(const Image& img, const nlohmann::json& j) {
  const Rect r = rect_of(j, "lessons", img);
  check(r.w > 200 && r.h > 150, "the Lessons window on screen, " + str(r));
  int text = 0;
  for (int y = r.y; y < r.y + r.h; ++y)
    for (int x = r.x; x < r.x + r.w; ++x) {
      const unsigned char* p = img.at(x, y);
      text += (p[0] + p[1] + p[2]) / 3 > 180;
    }
  check(text > r.w * r.h / 100, "text in the Lessons window (" + std::to_string(text) + " bright pixels)");
}

struct Animation {
  int width = 0, height = 0, frames = 0;
  std::vector<unsigned char> rgba;  // frames x height x width x 4
  const unsigned char* at(int f, int x, int y) const { return &rgba[((static_cast<size_t>(f) * height + y) * width + x) * 4]; }
};

bool load_gif(const std::string& path, Animation& a) {
  std::ifstream in(path, std::ios::binary);
  const std::vector<unsigned char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  int* delays = nullptr;
  int comp = 0;
  unsigned char* data = stbi_load_gif_from_memory(bytes.data(), static_cast<int>(bytes.size()), &delays, &a.width, &a.height,
                                                  &a.frames, &comp, 4);
  check(data != nullptr, path + ": a GIF stb_image can read" + (data ? "" : std::string(" (") + stbi_failure_reason() + ")"));
  if (!data) return false;
  a.rgba.assign(data, data + static_cast<size_t>(a.frames) * a.width * a.height * 4);
  stbi_image_free(data);
  stbi_image_free(delays);
  return true;
}

double frame_difference(const Animation& a, int f, int g) {
  int differ = 0;
  for (int y = 0; y < a.height; ++y)
    for (int x = 0; x < a.width; ++x) differ += std::memcmp(a.at(f, x, y), a.at(g, x, y), 3) != 0;
  return static_cast<double>(differ) / (static_cast<double>(a.width) * a.height);
}

void check_recording(const std::string& path, const nlohmann::json& j) {
  Animation a;
  if (!load_gif(path, a)) return;
  check(a.frames > 1, std::to_string(a.frames) + " frames recorded (> 1)");
  const int w = j["latent_panels"]["w"], h = j["latent_panels"]["h"];
  const int k = (w + 639) / 640;
  check(a.width == w / k && a.height == h / k, "recording is " + std::to_string(a.width) + "x" + std::to_string(a.height) +
                                                   ", the latent panels' " + std::to_string(w) + "x" + std::to_string(h) + " / " +
                                                   std::to_string(k));
  if (a.frames < 2) return;
  int exact = 0;
  std::string counts;
  for (const auto& c : j["class_colors"]) {
    int n = 0;
    for (int y = 0; y < a.height; ++y)
      for (int x = 0; x < a.width; ++x) {
        const unsigned char* p = a.at(a.frames - 1, x, y);
        n += p[0] == c[0].get<int>() && p[1] == c[1].get<int>() && p[2] == c[2].get<int>();
      }
    exact += n >= 10;
    counts += " " + std::to_string(n);
  }
  check(exact >= 6, std::to_string(exact) + " class colours exact in the last frame (pixels per class:" + counts + ")");
  const double moved = frame_difference(a, 0, a.frames - 1);
  check(moved > 0.05, "training changed the picture: " + std::to_string(100 * moved) + "% of pixels differ between first and last frame");
}

void check_strips_gif(const std::string& path, const nlohmann::json& j) {
  Animation a;
  if (!load_gif(path, a)) return;
  const int models = static_cast<int>(j["compare"]["models"].size());
  check(a.frames >= 4, std::to_string(a.frames) + " frames (a walk of K >= 3 steps forward and back: >= 4)");
  check(a.width == models * 84 + (models - 1) * 4 && a.height == 84,
        "strips GIF is " + std::to_string(a.width) + "x" + std::to_string(a.height) + " for " + std::to_string(models) + " models");
  if (a.frames < 4) return;
  bool grey = true;
  double sum = 0, sum2 = 0;
  const int middle = a.frames / 4;  // halfway from A to B
  for (int y = 0; y < a.height; ++y)
    for (int x = 0; x < a.width; ++x) {
      const unsigned char* p = a.at(middle, x, y);
      grey = grey && p[0] == p[1] && p[1] == p[2];
      sum += p[0], sum2 += static_cast<double>(p[0]) * p[0];
    }
  const double n = static_cast<double>(a.width) * a.height, variance = sum2 / n - (sum / n) * (sum / n);
  check(grey, "strips GIF is grey");
  check(variance > 200, "strips GIF shows images (luminance variance " + std::to_string(variance) + " > 200)");
  const double moved = frame_difference(a, 0, middle);
  check(moved > 0.05, "the images change along the walk (" + std::to_string(100 * moved) + "% of pixels)");
}

void check_panel_png(const std::string& spec, const Image& shot, const nlohmann::json& j) {
  const std::string name = spec.substr(0, spec.find('=')), path = spec.substr(spec.find('=') + 1);
  Image png;
  int channels = 0;
  unsigned char* data = stbi_load(path.c_str(), &png.width, &png.height, &channels, 3);
  check(data != nullptr, path + ": a PNG");
  if (!data) return;
  png.rgb.assign(data, data + static_cast<size_t>(png.width) * png.height * 3);
  stbi_image_free(data);
  // The rectangle the sidecar names: "scatter", or in the compare view "scatter-vae".
  // The export's names and the sidecar's keys differ in two places.
  const std::string key = name == "loss" ? "loss_plot" : name == "latent" ? "latent_panels" : name;
  nlohmann::json rect;
  if (key == "latent_panels") {
    rect = j[key];
  } else if (j.contains("compare") && name.find('-') != std::string::npos) {
    const std::string kind = name.substr(0, name.find('-')), model = name.substr(name.find('-') + 1);
    const auto& ids = j["compare"]["models"];
    for (size_t i = 0; i < ids.size(); ++i)
      if (ids[i] == model && j["compare"].contains(kind + "s")) rect = j["compare"][kind + "s"][i];
  } else if (j.contains("compare")) {
    if (j["compare"].contains(key)) rect = j["compare"][key];
  } else if (j.contains(key)) {
    rect = j[key];
  }
  check(rect.is_object(), "the sidecar has the rectangle of panel '" + name + "'");
  if (!rect.is_object()) return;
  const nlohmann::json holder = {{"r", rect}};
  const Rect r = rect_of(holder, "r", shot);
  check(png.width == r.w && png.height == r.h,
        path + " is " + std::to_string(png.width) + "x" + std::to_string(png.height) + ", the panel " + str(r));
  if (png.width != r.w || png.height != r.h) return;
  int differ = 0, background = 0;
  for (int y = 0; y < r.h; ++y)
    for (int x = 0; x < r.w; ++x) {
      differ += std::memcmp(png.at(x, y), shot.at(r.x + x, r.y + y), 3) != 0;
      background += near(png.at(x, y), j["plot_background"], 2);
    }
  check(differ == 0, "the PNG is the screenshot's panel pixel for pixel (" + std::to_string(differ) + " pixels differ)");
  check(background < r.w * r.h * 9 / 10, "the PNG is not blank (" + std::to_string(background) + " of " +
                                             std::to_string(r.w * r.h) + " pixels are background)");
}

}  // namespace

int main(int argc, char** argv) {
  bool expect_error = false, compare = false, style_grid = false, pad = false;
  bool holes = false, rate_distortion = false, log_px_bounds = false, lessons = false;
  int min_active_dimensions = -1;  // --dims N: the per-dimension view shows at least N active dimensions
  std::string path, stats_path, recording, strips_gif;
  std::vector<std::string> panel_pngs;
  double max_p95 = 16.7;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--expect-error") expect_error = true;
    else if (a == "--compare") compare = true;
    else if (a == "--style-grid") style_grid = true;
    else if (a == "--pad") pad = true;
    else if (a == "--holes") holes = true;
    else if (a == "--lessons") lessons = true;
    else if (a == "--rd") rate_distortion = true;
    else if (a == "--iw") log_px_bounds = true;
    else if (a == "--dims" && i + 1 < argc) min_active_dimensions = std::stoi(argv[++i]);
    else if (a == "--frame-stats" && i + 1 < argc) stats_path = argv[++i];
    else if (a == "--recording" && i + 1 < argc) recording = argv[++i];
    else if (a == "--strips-gif" && i + 1 < argc) strips_gif = argv[++i];
    else if (a == "--panel-png" && i + 1 < argc) panel_pngs.push_back(argv[++i]);
    else if (a == "--max-p95" && i + 1 < argc) max_p95 = std::stod(argv[++i]);
    else path = a;
  }
  if (!stats_path.empty()) return check_frame_stats(stats_path, max_p95);
  if (path.empty()) {
    std::fprintf(stderr, "usage: check_gui_screenshot [--expect-error | --compare | --style-grid] [--pad] SCREENSHOT.png\n"
                         "       check_gui_screenshot --frame-stats STATS --max-p95 MS\n");
    return 2;
  }
  Image img;
  int channels = 0;
  unsigned char* data = stbi_load(path.c_str(), &img.width, &img.height, &channels, 3);
  if (!data) {
    std::fprintf(stderr, "%s: cannot read the screenshot (%s); did the GUI run?\n", path.c_str(), stbi_failure_reason());
    return 2;
  }
  img.rgb.assign(data, data + static_cast<size_t>(img.width) * img.height * 3);
  stbi_image_free(data);
  std::ifstream sidecar(path + ".json");
  if (!sidecar) {
    std::fprintf(stderr, "%s.json: missing; the GUI writes it beside the screenshot\n", path.c_str());
    return 2;
  }
  nlohmann::json j;
  try {
    sidecar >> j;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s.json: not valid JSON: %s\n", path.c_str(), e.what());
    return 2;
  }
  std::printf("%s: %dx%d\n", path.c_str(), img.width, img.height);
  if (expect_error) check_error_run(img, j);
  else if (compare) check_compare_run(img, j);
  else check_normal_run(img, j);
  if (style_grid) check_style_grid(img, j);
  if (pad) check_pad(img, j);
  if (holes) check_holes(img, j);
  if (min_active_dimensions >= 0) check_dimensions(img, j, min_active_dimensions);
  if (lessons) check_lessons(img, j);
  if (rate_distortion) check_rate_distortion(img, j);
  if (log_px_bounds) check_log_px_bounds(img, j);
  if (!recording.empty()) check_recording(recording, j);
  if (!strips_gif.empty()) check_strips_gif(strips_gif, j);
  for (const std::string& spec : panel_pngs) check_panel_png(spec, img, j);
  return failures == 0 ? 0 : 1;
}
