#include "eval/holes.hpp"

#include <cassert>
#include <cmath>

#include "util/rng.hpp"

namespace lex {
namespace {
constexpr double kLog2Pi = 1.8378770664093453;
constexpr double kMinVariance = 1e-12;  // keeps a kernel's covariance invertible when exp(lv) underflows
}  // namespace

Projection2D holes_plane(const Mat<float>& mu) {
  const Eigen::Index Z = mu.rows();
  if (Z > 2) return pca_2d(mu);
  Projection2D whole;
  whole.axes = Mat<float>::Identity(Z, Z);
  whole.mean = Vec<float>::Zero(Z);
  return whole;
}

PlaneDensities::PlaneDensities(const EncodedSet& enc, Mode mode, const Projection2D& plane) {
  dims_ = static_cast<int>(plane.axes.rows());
  assert(dims_ == 1 || dims_ == 2);
  assert(plane.axes.cols() == enc.mu.rows());
  const Eigen::Index n = enc.mu.cols();
  const Eigen::MatrixXd axes = plane.axes.cast<double>();  // (d, Z)
  const Eigen::VectorXd origin = plane.mean.cast<double>();
  const Eigen::MatrixXf centers = (axes * (enc.mu.cast<double>().colwise() - origin)).cast<float>();  // (d, N)
  center_x_ = centers.row(0).transpose().array();
  if (dims_ == 2) center_y_ = centers.row(1).transpose().array();
  prior_mean_ = -axes * origin;
  // (Z, N) each kernel's variances: the posterior's, or the AE's fixed width.
  const Eigen::MatrixXd var =
      mode == Mode::kAe ? Eigen::MatrixXd::Constant(enc.mu.rows(), n, kAeKernelSigma * kAeKernelSigma)
                        : Eigen::MatrixXd(enc.lv.cast<double>().array().exp().max(kMinVariance));
  // Projected covariance axes diag(var) axes^T, entry by entry: C_jk = sum_z a_jz a_kz var_z.
  auto entry = [&](int j, int k) -> Eigen::RowVectorXd { return axes.row(j).cwiseProduct(axes.row(k)) * var; };
  const double log_n = std::log(static_cast<double>(std::max<Eigen::Index>(n, 1)));
  inv_a_.resize(n);
  inv_b_.resize(n);
  inv_c_.resize(n);
  log_norm_.resize(n);
  if (dims_ == 1) {
    const Eigen::RowVectorXd c00 = entry(0, 0).cwiseMax(kMinVariance);
    for (Eigen::Index i = 0; i < n; ++i) {
      inv_a_(i) = static_cast<float>(1.0 / c00(i));
      inv_b_(i) = inv_c_(i) = 0;
      log_norm_(i) = static_cast<float>(-0.5 * kLog2Pi - 0.5 * std::log(c00(i)) - log_n);
    }
    return;
  }
  const Eigen::RowVectorXd c00 = entry(0, 0), c01 = entry(0, 1), c11 = entry(1, 1);
  for (Eigen::Index i = 0; i < n; ++i) {
    const double det = std::max(c00(i) * c11(i) - c01(i) * c01(i), kMinVariance * kMinVariance);
    inv_a_(i) = static_cast<float>(c11(i) / det);
    inv_b_(i) = static_cast<float>(-c01(i) / det);
    inv_c_(i) = static_cast<float>(c00(i) / det);
    log_norm_(i) = static_cast<float>(-kLog2Pi - 0.5 * std::log(det) - log_n);
  }
}

void PlaneDensities::at(const Mat<float>& points, std::vector<double>& q, std::vector<double>& p) const {
  assert(points.rows() == dims_);
  const Eigen::Index m = points.cols();
  q.resize(static_cast<size_t>(m));
  p.resize(static_cast<size_t>(m));
  Eigen::ArrayXf dx, dy;
  for (Eigen::Index j = 0; j < m; ++j) {
    // One pass over the kernels: sum_i exp(log_norm_i - 1/2 d_i^T C_i^-1 d_i), d_i = u - center_i.
    dx = points(0, j) - center_x_;
    double prior_sq = (points(0, j) - prior_mean_(0)) * (points(0, j) - prior_mean_(0));
    if (dims_ == 1) {
      q[static_cast<size_t>(j)] = (log_norm_ - 0.5f * inv_a_ * dx.square()).exp().sum();
    } else {
      dy = points(1, j) - center_y_;
      q[static_cast<size_t>(j)] =
          (log_norm_ - 0.5f * (inv_a_ * dx.square() + 2.0f * inv_b_ * dx * dy + inv_c_ * dy.square())).exp().sum();
      prior_sq += (points(1, j) - prior_mean_(1)) * (points(1, j) - prior_mean_(1));
    }
    p[static_cast<size_t>(j)] = std::exp(-0.5 * dims_ * kLog2Pi - 0.5 * prior_sq);
  }
}

double prior_mass_in_holes(const EncodedSet& enc, Mode mode, const HolesOptions& options) {
  if (options.samples < 1) return 0;
  if (enc.mu.cols() == 0) return 1;  // no codes: q is 0 everywhere, all of the prior is in holes
  const PlaneDensities densities(enc, mode, holes_plane(enc.mu));
  // The prior's marginal on the plane is N(prior_mean, I): sampling it there is sampling N(0, I)
  // in the whole space and projecting, at a fraction of the cost.
  Rng rng(options.seed);
  Mat<float> u(densities.dims(), options.samples);
  for (int s = 0; s < options.samples; ++s)
    for (int d = 0; d < densities.dims(); ++d) u(d, s) = static_cast<float>(densities.prior_mean()(d) + rng.normal());
  std::vector<double> q, p;
  densities.at(u, q, p);
  int in_holes = 0;
  for (size_t s = 0; s < q.size(); ++s)
    if (q[s] < kHoleRatio * p[s]) ++in_holes;
  return static_cast<double>(in_holes) / options.samples;
}

}  // namespace lex
