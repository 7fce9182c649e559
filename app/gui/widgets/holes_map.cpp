#include "widgets/holes_map.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>

#include "decoder.hpp"
#include "eval/holes.hpp"
#include "util/threads.hpp"
#include "widgets/colors.hpp"

namespace lex::gui {
namespace {

constexpr int kR = HolesMap::kResolution;
constexpr float kShadeDecades = 3;  // q(z) is shaded over three decades below its peak in the window
// Colours on the dark plot background: q(z) towards a muted blue, holes towards a dark red, both
// dim enough that every class colour of the points stays readable on them.
constexpr float kDenseRgb[3] = {62, 86, 138};
constexpr float kHoleRgb[3] = {132, 28, 44};
constexpr double kPi = 3.14159265358979;

GLuint make_texture() {
  GLuint t = 0;
  glGenTextures(1, &t);
  glBindTexture(GL_TEXTURE_2D, t);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, kR, kR, 0, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);
  // Linear: 96 pixels stretched over a few hundred; the densities are smooth anyway.
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  glBindTexture(GL_TEXTURE_2D, 0);
  return t;
}

void put_texture(GLuint t, const std::vector<uint8_t>& rgba) {
  glBindTexture(GL_TEXTURE_2D, t);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
  glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, kR, kR, GL_RGBA, GL_UNSIGNED_BYTE, rgba.data());
  glBindTexture(GL_TEXTURE_2D, 0);
}

uint8_t byte(float v) { return static_cast<uint8_t>(std::clamp(v, 0.0f, 255.0f) + 0.5f); }

}  // namespace

HolesMap::~HolesMap() {
  if (pending_.valid()) pending_.wait();
  if (shading_) glDeleteTextures(1, &shading_);
}

void HolesMap::upload(const Result& r) {
  if (!shading_) shading_ = make_texture();
  put_texture(shading_, r.shading);
  holes_ = r.holes;
  window_ = r.window;
  prior_center_ = r.prior_center;
  dims_ = r.dims;
  shown_key_ = r.key;
  ++version_;
}

void HolesMap::update(const Snapshot& snap, const LatentState& s) {
  if (pending_.valid() && pending_.wait_for(std::chrono::seconds(0)) == std::future_status::ready) {
    if (const auto r = pending_.get()) upload(*r);
  }
  const app::LatentPlane& plane = s.plane;
  const int Z = plane.latent();
  const int N = static_cast<int>(snap.test_mu.cols());
  if (Z < 1 || N == 0 || snap.test_mu.rows() != Z) return;
  const app::PlaneChoice& c = plane.choice();
  const float what[] = {s.window.center_x, s.window.center_y, s.window.half_x, s.window.half_y,
                        static_cast<float>(c.pca), static_cast<float>(c.dim_x), static_cast<float>(c.dim_y)};
  wanted_key_ = Decoder::key(snap.version, what, sizeof what, /*salt=*/0x401e5);
  if (pending_.valid() || wanted_key_ == shown_key_ || wanted_key_ == pending_key_) return;
  if (!c.pca && Z > 1 && c.dim_x == c.dim_y) return;  // not a plane

  // What the computation needs, copied (it is small): the plane, and an even subsample of codes.
  const int d = plane.has_y_axis() ? 2 : 1;
  Projection2D proj;
  proj.axes.resize(d, Z);
  proj.mean.resize(Z);
  for (int k = 0; k < Z; ++k) {
    proj.axes(0, k) = plane.axis_x()[static_cast<size_t>(k)];
    if (d == 2) proj.axes(1, k) = plane.axis_y()[static_cast<size_t>(k)];
  }
  plane.lift(0, 0, proj.mean.data());  // the origin
  const int stride = (N + kMaxKernels - 1) / kMaxKernels, n = (N + stride - 1) / stride;
  EncodedSet codes{Mat<float>(Z, n), Mat<float>(Z, n)};
  for (int i = 0; i < n; ++i) {
    codes.mu.col(i) = snap.test_mu.col(static_cast<Eigen::Index>(i) * stride);
    codes.lv.col(i) = snap.test_lv.col(static_cast<Eigen::Index>(i) * stride);
  }
  const Mode mode = snap.config.objective.mode;
  const app::PlaneWindow w = s.window;
  const uint64_t key = wanted_key_;
  pending_key_ = key;
  pending_ = std::async(std::launch::async, [codes = std::move(codes), proj = std::move(proj), mode, w, key, d] {
    set_this_thread_nice(10);  // below the UI and training: a map may come a little later
    auto r = std::make_shared<Result>();
    r->key = key;
    r->window = w;
    r->dims = d;
    const PlaneDensities densities(codes, mode, proj);
    r->prior_center = {static_cast<float>(densities.prior_mean()(0)), d == 2 ? static_cast<float>(densities.prior_mean()(1)) : 0.0f};
    Mat<float> points(d, kR * kR);
    for (int j = 0; j < kR; ++j)
      for (int i = 0; i < kR; ++i) {
        points(0, j * kR + i) = w.center_x - w.half_x + (i + 0.5f) / kR * 2 * w.half_x;
        if (d == 2) points(1, j * kR + i) = w.center_y + w.half_y - (j + 0.5f) / kR * 2 * w.half_y;  // top row first
      }
    std::vector<double> q, p;
    densities.at(points, q, p);
    const double q_max = std::max(*std::max_element(q.begin(), q.end()), 1e-300);
    const double p_peak = d == 2 ? 1 / (2 * kPi) : 1 / std::sqrt(2 * kPi);
    const app::Rgb8& bg = app::kPlotBackground8;
    r->shading.resize(static_cast<size_t>(kR) * kR * 4);
    r->holes.assign(static_cast<size_t>(kR) * kR, 0.0f);
    for (size_t k = 0; k < q.size(); ++k) {
      const float t = q[k] > 0 ? std::clamp(1 + static_cast<float>(std::log10(q[k] / q_max)) / kShadeDecades, 0.0f, 1.0f) : 0;
      // How much prior mass is here: 1 at its mean, ~0.4 at 2 sigma, ~0.1 at 3 (in 2-D).
      const float mass = std::min(1.0f, 1.15f * static_cast<float>(std::sqrt(p[k] / p_peak)));
      const float hole = q[k] < kHoleRatio * p[k] ? 0.85f * mass : 0.0f;
      uint8_t* out = &r->shading[4 * k];
      for (int ch = 0; ch < 3; ++ch) {
        const float base = bg[static_cast<size_t>(ch)] + t * (kDenseRgb[ch] - bg[static_cast<size_t>(ch)]);
        out[ch] = byte(base + hole * (kHoleRgb[ch] - base));
      }
      out[3] = 255;
      r->holes[k] = hole;
    }
    return std::shared_ptr<const Result>(r);
  });
}

void draw_prior_contours(ImDrawList* dl, const PlaneFrame& f, const HolesMap& map) {
  const ImU32 color = IM_COL32(255, 255, 255, 110);
  const ImVec2 c = map.prior_center();
  if (map.dims() == 1) {
    for (int k = -3; k <= 3; ++k) {
      const float x = f.to_screen(c.x + static_cast<float>(k), 0).x;
      dl->AddLine({x, f.min.y}, {x, f.max.y}, k == 0 ? IM_COL32(255, 255, 255, 140) : color);
    }
    return;
  }
  const ImVec2 center = f.to_screen(c.x, c.y);
  for (int k = 1; k <= 3; ++k) dl->AddCircle(center, k * f.pixels_per_unit(), color, 64, 1.2f);
}

float HolesMap::hole_at(float x, float y) const {
  if (holes_.empty()) return 0;
  const float u = (x - (window_.center_x - window_.half_x)) / (2 * window_.half_x);
  const float v = ((window_.center_y + window_.half_y) - y) / (2 * window_.half_y);  // the top row first
  if (!(u >= 0 && u < 1 && v >= 0 && v < 1)) return 0;
  const int i = static_cast<int>(u * kR), j = dims_ == 2 ? static_cast<int>(v * kR) : 0;
  return holes_[static_cast<size_t>(j) * kR + i];
}

void draw_hole_cells(ImDrawList* dl, const PlaneFrame& f, int n, const HolesMap& map) {
  if (!map.ready()) return;
  const float cell = (f.max.x - f.min.x) / n;
  for (int j = 0; j < n; ++j)
    for (int i = 0; i < n; ++i) {
      const ImVec2 a{f.min.x + i * cell, f.min.y + j * cell};
      const ImVec2 centre = f.to_plane({a.x + cell / 2, a.y + cell / 2});
      const float hole = map.hole_at(centre.x, centre.y);
      if (hole < 0.15f) continue;  // a hole where the prior has hardly any mass is not worth a frame
      dl->AddRect({a.x + 1, a.y + 1}, {a.x + cell - 1, a.y + cell - 1}, IM_COL32(235, 45, 65, static_cast<int>(90 + 165 * hole)),
                  0, 0, 2.0f);
    }
}

}  // namespace lex::gui
