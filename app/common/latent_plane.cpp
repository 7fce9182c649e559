#include "common/latent_plane.hpp"

#include <algorithm>
#include <cmath>

#include "eval/metrics.hpp"

namespace lex::app {
namespace {

// A fixed pseudo-random offset per point in [-1, 1]: spreads a 1-D latent into a visible band.
float jitter(int i) {
  uint32_t h = static_cast<uint32_t>(i) * 2654435761u;
  h ^= h >> 15;
  h *= 2246822519u;
  h ^= h >> 13;
  return static_cast<float>(h & 0xFFFF) / 32767.5f - 1.0f;
}

// Eigenvectors have no sign: keep an axis pointing the way it did.
void align_sign(std::vector<float>& axis, const std::vector<float>& previous) {
  if (previous.size() != axis.size()) return;
  double dot = 0;
  for (size_t k = 0; k < axis.size(); ++k) dot += axis[k] * previous[k];
  if (dot < 0)
    for (float& a : axis) a = -a;
}

}  // namespace

void LatentPlane::fit(const Mat<float>& mu, const PlaneChoice& wanted) {
  const int Z = static_cast<int>(mu.rows());
  PlaneChoice choice = wanted;
  choice.dim_x = std::clamp(choice.dim_x, 0, std::max(0, Z - 1));
  choice.dim_y = std::clamp(choice.dim_y, 0, std::max(0, Z - 1));
  // PCA of a 2-D space is only a rotation of it, and of a 1-D space nothing: show the dimensions.
  if (Z <= 2) choice.pca = false;
  const bool same_plane = choice == choice_ && latent() == Z;
  const std::vector<float> previous_x = same_plane ? axis_x_ : std::vector<float>{};
  const std::vector<float> previous_y = same_plane ? axis_y_ : std::vector<float>{};
  choice_ = choice;
  origin_.assign(static_cast<size_t>(Z), 0.0f);
  axis_x_.assign(static_cast<size_t>(Z), 0.0f);
  axis_y_.assign(static_cast<size_t>(Z), 0.0f);
  if (Z == 0) return;
  if (choice.pca) {
    const Projection2D p = pca_2d(mu);
    for (int k = 0; k < Z; ++k) {
      origin_[k] = p.mean(k);
      axis_x_[k] = p.axes(0, k);
      axis_y_[k] = p.axes(1, k);
    }
    align_sign(axis_x_, previous_x);
    align_sign(axis_y_, previous_y);
  } else {
    axis_x_[choice.dim_x] = 1.0f;
    if (Z > 1) axis_y_[choice.dim_y] = 1.0f;
  }
}

void LatentPlane::project(const Mat<float>& mu, std::vector<float>& xy) const {
  const int Z = latent(), n = static_cast<int>(mu.cols());
  xy.resize(static_cast<size_t>(n) * 2);
  if (Z == 0 || mu.rows() != Z) return;
  const ConstVecMap<float> origin(origin_.data(), Z), ax(axis_x_.data(), Z), ay(axis_y_.data(), Z);
  for (int i = 0; i < n; ++i) {
    const auto centered = mu.col(i) - origin;
    xy[2 * static_cast<size_t>(i)] = ax.dot(centered);
    xy[2 * static_cast<size_t>(i) + 1] = Z > 1 ? ay.dot(centered) : 0.5f * jitter(i);
  }
}

void LatentPlane::lift(float x, float y, float* z) const {
  const int Z = latent();
  for (int k = 0; k < Z; ++k) z[k] = origin_[k] + x * axis_x_[k] + (Z > 1 ? y * axis_y_[k] : 0.0f);
}

std::pair<float, float> LatentPlane::coordinates(const float* z) const {
  float x = 0, y = 0;
  for (int k = 0; k < latent(); ++k) {
    x += axis_x_[k] * (z[k] - origin_[k]);
    y += axis_y_[k] * (z[k] - origin_[k]);
  }
  return {x, y};
}

PlaneWindow fit_window(const std::vector<float>& xy) {
  const size_t n = xy.size() / 2;
  if (n == 0) return {};
  std::vector<float> v(n);
  auto percentile_range = [&](int axis, float& lo, float& hi) {
    for (size_t i = 0; i < n; ++i) v[i] = xy[2 * i + static_cast<size_t>(axis)];
    const size_t a = n / 100, b = n - 1 - n / 100;
    std::nth_element(v.begin(), v.begin() + static_cast<long>(a), v.end());
    lo = v[a];
    std::nth_element(v.begin(), v.begin() + static_cast<long>(b), v.end());
    hi = v[b];
  };
  float x0, x1, y0, y1;
  percentile_range(0, x0, x1);
  percentile_range(1, y0, y1);
  const float half = std::max({(x1 - x0) * 0.5f, (y1 - y0) * 0.5f, 1e-3f}) * 1.15f;
  return {(x0 + x1) * 0.5f, (y0 + y1) * 0.5f, half, half};
}

double normal_quantile(double p) {
  static const double a[] = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
                             1.383577518672690e+02,  -3.066479806614716e+01, 2.506628277459239e+00};
  static const double b[] = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                             6.680131188771972e+01,  -1.328068155288572e+01};
  static const double c[] = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                             -2.549732539343734e+00, 4.374664141464968e+00,  2.938163982698783e+00};
  static const double d[] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                             3.754408661907416e+00};
  const double lo = 0.02425, hi = 1 - lo;
  if (p < lo) {
    const double q = std::sqrt(-2 * std::log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
           ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (p > hi) return -normal_quantile(1 - p);
  const double q = p - 0.5, r = q * q;
  return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
         (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

std::pair<float, float> grid_point(int i, int j, int n, const PlaneWindow& w, bool gaussian_quantiles) {
  if (gaussian_quantiles)
    return {static_cast<float>(normal_quantile((i + 0.5) / n)), static_cast<float>(normal_quantile(1 - (j + 0.5) / n))};
  return {w.center_x - w.half_x + (i + 0.5f) / n * 2 * w.half_x, w.center_y + w.half_y - (j + 0.5f) / n * 2 * w.half_y};
}

}  // namespace lex::app
