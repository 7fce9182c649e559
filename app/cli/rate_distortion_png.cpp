#include "cli/rate_distortion_png.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "cli/raster.hpp"
#include "common/equal_elbo_lines.hpp"  // the GUI's rate-distortion panel draws the same lines
#include "common/nice_step.hpp"         // the GUI's plots use the same ticks

namespace lex::cli {
namespace {

constexpr int kWidth = 960, kHeight = 680;
constexpr int kLeft = 110, kRight = 40, kTop = 70, kBottom = 90;  // the plot area's margins
constexpr int kFont = 2;                                          // font scale: 10 x 14 pixel glyphs
constexpr app::Rgb8 kText{210, 210, 215}, kAxis{150, 150, 158}, kGrid{70, 70, 80}, kElbo{120, 120, 135};
constexpr app::Rgb8 kCurve{86, 180, 233};  // the palette's sky blue

std::string number(double v) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", std::abs(v) < 1e-9 ? 0.0 : v);
  return text;
}

// [lo, hi] around the values, padded by a fraction of their range (or by 1 when they coincide).
std::pair<double, double> padded_range(double lo, double hi, double pad) {
  const double span = hi - lo;
  if (span <= 0) return {lo - 1, hi + 1};
  return {lo - pad * span, hi + pad * span};
}

}  // namespace

void write_rate_distortion_png(const std::string& path, std::vector<RateDistortionPoint> points) {
  std::sort(points.begin(), points.end(), [](const auto& a, const auto& b) { return a.beta < b.beta; });
  Canvas canvas(kWidth, kHeight, app::kPlotBackground8);
  const int plot_w = kWidth - kLeft - kRight, plot_h = kHeight - kTop - kBottom;

  double rate_max = 0, dist_min = INFINITY, dist_max = -INFINITY;
  for (const auto& p : points) {
    rate_max = std::max(rate_max, p.rate);
    dist_min = std::min(dist_min, p.distortion);
    dist_max = std::max(dist_max, p.distortion);
  }
  if (points.empty()) dist_min = 0, dist_max = 1;
  // Rate from 0 (a code that carries nothing), distortion around the points.
  const double x_lo = 0, x_hi = rate_max > 0 ? rate_max * 1.12 : 1.0;
  const std::pair<double, double> y_range = padded_range(dist_min, dist_max, 0.1);
  const double y_lo = y_range.first, y_hi = y_range.second;  // not a structured binding: lambdas capture them
  auto px = [&](double rate) { return kLeft + (rate - x_lo) / (x_hi - x_lo) * plot_w; };
  auto py = [&](double distortion) { return kTop + (y_hi - distortion) / (y_hi - y_lo) * plot_h; };

  // Grid and ticks with numbers.
  const double x_step = app::nice_step(x_hi - x_lo, 8), y_step = app::nice_step(y_hi - y_lo, 7);
  for (double x = std::ceil(x_lo / x_step) * x_step; x <= x_hi + 1e-9 * x_step; x += x_step) {
    canvas.line(px(x), kTop, px(x), kTop + plot_h, 1, kGrid);
    canvas.line(px(x), kTop + plot_h, px(x), kTop + plot_h + 6, 1.5, kAxis);
    const std::string t = number(x);
    canvas.text(static_cast<int>(px(x)) - Canvas::text_width(t, kFont) / 2, kTop + plot_h + 12, t, kFont, kText);
  }
  for (double y = std::ceil(y_lo / y_step) * y_step; y <= y_hi + 1e-9 * y_step; y += y_step) {
    canvas.line(kLeft, py(y), kLeft + plot_w, py(y), 1, kGrid);
    canvas.line(kLeft - 6, py(y), kLeft, py(y), 1.5, kAxis);
    const std::string t = number(y);
    canvas.text(kLeft - 12 - Canvas::text_width(t, kFont), static_cast<int>(py(y)) - Canvas::text_height(kFont) / 2, t,
                kFont, kText);
  }

  // Lines of equal ELBO, each labelled with c at its upper-left end.
  for (const app::EqualElboLine& l : app::equal_elbo_lines(x_lo, x_hi, y_lo, y_hi, 8)) {
    canvas.line(px(l.rate_a), py(l.c - l.rate_a), px(l.rate_b), py(l.c - l.rate_b), 1.2, kElbo, 0.45);
    canvas.text(static_cast<int>(px(l.rate_a)) + 4, static_cast<int>(py(l.c - l.rate_a)) + 3, number(l.c), 1, kElbo);
  }

  // Axes.
  canvas.line(kLeft, kTop, kLeft, kTop + plot_h, 1.5, kAxis);
  canvas.line(kLeft, kTop + plot_h, kLeft + plot_w, kTop + plot_h, 1.5, kAxis);

  // The curve in beta order, each point labelled with its beta.
  for (size_t i = 0; i + 1 < points.size(); ++i)
    canvas.line(px(points[i].rate), py(points[i].distortion), px(points[i + 1].rate), py(points[i + 1].distortion), 2.5,
                kCurve);
  for (const auto& p : points) {
    canvas.disc(px(p.rate), py(p.distortion), 5.5, kCurve);
    const std::string label = "beta " + number(p.beta);
    int lx = static_cast<int>(px(p.rate)) + 10, ly = static_cast<int>(py(p.distortion)) - Canvas::text_height(kFont) - 6;
    if (lx + Canvas::text_width(label, kFont) > kWidth - 4) lx = static_cast<int>(px(p.rate)) - 10 - Canvas::text_width(label, kFont);
    canvas.text(lx, std::max(ly, kTop + 2), label, kFont, kText);
  }

  // Titles.
  canvas.text(kLeft, 16, "rate-distortion of a beta sweep, test set, nats per image", kFont, kText);
  canvas.text(kLeft, 42, "distortion: recon", kFont, kText);
  const std::string elbo_note = "grey lines: rate + distortion = const (equal elbo), labelled with the sum";
  canvas.text(kLeft + plot_w - Canvas::text_width(elbo_note, 1), 50, elbo_note, 1, kElbo);
  const std::string x_label = "rate: kl";
  canvas.text(kLeft + plot_w / 2 - Canvas::text_width(x_label, kFont) / 2, kTop + plot_h + 46, x_label, kFont, kText);
  canvas.write_png(path);
}

}  // namespace lex::cli
