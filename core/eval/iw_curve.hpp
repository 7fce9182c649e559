// The importance-weighted bounds on log p(x) at several k (Burda et al.'s IWAE bound):
//   L_k = E[log (1/k) sum_{i<=k} p(x, z_i) / q(z_i | x)],   z_i ~ q(z | x)
// L_1 is the ELBO; L_k rises with k towards log p(x). Each k is estimated on the same images, with
// its standard error over images (the per-image estimates' standard deviation / sqrt(images)).
// Long for a large k, so it reports progress and can be cancelled: the GUI runs it in the
// background, the CLI (`eval --iw-curve`) in the foreground. For vae and kl-only (an AE has no q).
#pragma once
#include <cstdint>
#include <functional>
#include <stop_token>
#include <vector>

#include "eval/metrics.hpp"

namespace lex {

struct IwPoint {
  int k = 0;
  double log_px = 0;  // mean over the images of the per-image L_k estimate, nats
  double std_error = 0;  // standard deviation over images / sqrt(images)
  // The same for the per-image rise over the first k asked, log_px - points[0].log_px (the images
  // are the same for every k): how surely the bound rises.
  double rise_std_error = 0;
};

struct IwCurve {
  std::vector<IwPoint> points;  // the k's finished, in the order asked
  int images = 0;
  bool complete = false;  // false: cancelled; `points` holds the k's that finished
};

struct IwCurveOptions {
  std::vector<int> ks{1, 10, 100, 1000};
  int images = 1000;  // an even subset of the images given (every (N / images)-th); 0 or more than N: all
  uint64_t seed = 3;  // the same for every k
  // Called after each piece of work with (samples decoded, samples in total); on the caller's thread.
  std::function<void(int64_t done, int64_t total)> on_progress;
  std::stop_token stop;  // a stop request ends the run after the piece under way
};

// `images` (D, N) with their `labels` (read only by a conditional model).
IwCurve importance_weighted_curve(FrozenModel& model, const Objective& obj, const Mat<float>& images,
                                  Labels labels, const IwCurveOptions& options = {});

}  // namespace lex
