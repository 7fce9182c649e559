// Measures of a trained model and its latent space, beyond the training loss. All run on a frozen
// model and the test set, headless; the CLI, the GUI's table and the tests share them. `labels`
// are the images' class labels, read only by a conditional model.
#pragma once
#include <vector>

#include "data/dataset.hpp"
#include "model/frozen_model.hpp"
#include "util/rng.hpp"

namespace lex {

struct EncodedSet {
  Mat<float> mu;  // (Z, N) posterior means
  Mat<float> lv;  // (Z, N) posterior log-variances
};

// Encodes every column of `images` (D, N), in chunks.
EncodedSet encode_all(FrozenModel& model, const Mat<float>& images, Labels labels);

// Importance-weighted estimate of log p(x), averaged over images, in nats:
//   log p(x) ~ log (1/k) sum_i p(x, z_i) / q(z_i | x),   z_i ~ q(z | x)
// k = 1 gives the ELBO; it tightens as k grows. The AE has no q, so this is for vae / kl-only.
double importance_weighted_log_px(FrozenModel& model, const Objective& obj, const Mat<float>& images, Labels labels,
                                  int k, Rng& rng);
// The same estimate for each image (N values), for spreads and percentiles.
std::vector<double> importance_weighted_log_px_per_image(FrozenModel& model, const Objective& obj,
                                                         const Mat<float>& images, Labels labels, int k, Rng& rng);

struct LatentStats {
  std::vector<double> mean;       // per dimension, of the aggregate posterior q(z) = E_x q(z|x)
  std::vector<double> std;        // per dimension: sqrt(E_x sigma^2 + Var_x mu)
  std::vector<double> kl_per_dim; // E_x KL per dimension (0 for the AE)
  std::vector<double> mean_activity;  // Cov_x(E_q[z]) = Var_x(mu), per dimension
  int active_units = 0;           // dimensions with Var_x(mu) > 0.01
};
LatentStats latent_stats(const EncodedSet& enc, Mode mode);

// Leave-one-out k-nearest-neighbour accuracy of the labels in latent-mean space.
double knn_accuracy(const Mat<float>& points, const std::vector<uint8_t>& labels, int k = 5);

struct Smoothness {
  double max_over_mean = 0;  // mean over pairs of max(step) / mean(step); 1 is perfectly even
  double path_length = 0;    // mean over pairs of the summed pixel L2 step lengths
};
// Walks `pairs` random pairs of test images' latent means `mu` in `steps` even steps, decodes each
// point to pixel probabilities and measures the step-to-step pixel distances. A conditional
// model decodes the whole walk under the first image's label.
Smoothness interpolation_smoothness(FrozenModel& model, const Mat<float>& mu, Labels labels, int pairs, int steps,
                                    Rng& rng);

// Points on the line (or the great-circle arc, when spherical) from a to b, t = 0..1 in `steps`.
Mat<float> interpolate(const Vec<float>& a, const Vec<float>& b, int steps, bool spherical);

// Top-2 principal axes of the columns of `points` (Z, N), for a 2-D view of a larger latent space:
// returns (2, Z) rows = the axes; project with axes * (points - mean).
struct Projection2D {
  Mat<float> axes;  // (2, Z)
  Vec<float> mean;  // (Z)
};
Projection2D pca_2d(const Mat<float>& points);

}  // namespace lex
