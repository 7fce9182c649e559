// Holes in the latent space: where the prior N(0, I) has mass but the aggregate posterior
//   q(z) = (1/N) sum_i N(z; mu_i, diag sigma_i^2)     (over the test images)
// has almost none. A decode from a hole is what sampling the prior produces there, and the data
// never taught the decoder anything about it. An AE has no sigma: its codes count as narrow
// kernels (sigma = kAeKernelSigma in every dimension), so that its q(z) is a density too.
//
// Both densities are seen on a plane (a 1-D line for a 1-D latent space): the coordinates of z are
// u = axes (z - origin), with orthonormal axes, and q and p are their marginals there (each kernel
// projects to a 2-D Gaussian with covariance axes diag(sigma^2) axes^T; the prior to N(-axes origin,
// I)). The measure uses the whole latent space when it has at most 2 dimensions and the first two
// principal axes of the test means otherwise; the GUI can shade any plane it shows with the same
// densities (PlaneDensities::at).
//
// This is not a density estimator for images: it says only where the codes are, not whether the
// decoder makes sense of a point.
#pragma once
#include <cstdint>
#include <vector>

#include "eval/metrics.hpp"

namespace lex {

inline constexpr double kAeKernelSigma = 0.1;  // the AE's codes as kernels of this width
inline constexpr double kHoleRatio = 0.1;      // a hole: q(z) < kHoleRatio * p(z)

// The plane the measure uses for these test means (Z, N): identity axes and origin 0 for Z <= 2
// (axes (Z, Z): the whole space), else the top two principal axes through the means' mean.
Projection2D holes_plane(const Mat<float>& mu);

// q and p of a set of codes, marginalised onto a plane; ready to evaluate at many points.
class PlaneDensities {
 public:
  // `plane.axes` (d, Z) with d = 1 or 2 orthonormal rows; `plane.mean` (Z) its origin. A 1-D
  // latent space shown on a 2-D plane: pass axes (1, 1), and give points of one coordinate.
  PlaneDensities(const EncodedSet& enc, Mode mode, const Projection2D& plane);

  int dims() const { return dims_; }
  // q(u) and p(u) at each column of `points` (dims(), M), in plane coordinates.
  void at(const Mat<float>& points, std::vector<double>& q, std::vector<double>& p) const;
  // The prior's mean on the plane (its covariance there is I).
  const Vec<double>& prior_mean() const { return prior_mean_; }

 private:
  int dims_ = 2;
  // Per kernel, each in its own contiguous array so one pass over the kernels vectorises: the
  // centre on the plane (x, and y unless 1-D), the inverse covariance's entries (a, b, c of
  // [[a, b], [b, c]]; a alone in 1-D) and the log of its normaliser minus log N, so that the
  // mixture is a plain sum of exponentials.
  Eigen::ArrayXf center_x_, center_y_, inv_a_, inv_b_, inv_c_, log_norm_;
  Vec<double> prior_mean_;  // (d)
};

struct HolesOptions {
  int samples = 10000;  // prior samples; fixed so that every model is measured on the same points
  uint64_t seed = 1;
};

// The prior mass that falls in holes, P_{z ~ p}[q(z) < kHoleRatio p(z)], estimated on
// `options.samples` prior samples drawn with `options.seed`, on holes_plane(enc.mu).
// Near 0 when the codes cover the prior; near 1 when they sit far from it.
double prior_mass_in_holes(const EncodedSet& enc, Mode mode, const HolesOptions& options = {});

}  // namespace lex
