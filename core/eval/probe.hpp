// One image of the user's, seen by a model: where it lands in latent space, how the model
// redraws it, how typical the model finds it, and which test images it lands among. The
// drawing pad and `latent-explorer encode` share these. The image is one column of pixels in the
// data's layout (data/digit_image.hpp makes a drawing or a photo into one).
#pragma once
#include <atomic>
#include <optional>
#include <vector>

#include "data/dataset.hpp"
#include "model/frozen_model.hpp"
#include "util/rng.hpp"

namespace lex {

// Immediate (one encode and one decode): what the pad shows within the frame of a stroke.
struct ImageCode {
  int label = -1;                    // the class it was encoded under (conditional), else -1
  std::vector<float> mu;             // Z posterior mean (the AE's code)
  std::vector<float> sigma;          // Z posterior standard deviations; empty for the AE
  double recon = 0;                  // -log p(x | z = mu), nats
  std::vector<float> reconstruction; // D pixels: the decoder's image at z = mu
};
ImageCode encode_image(FrozenModel& model, const Objective& obj, const std::vector<float>& x, int label);

// A conditional model without a given label: the class whose 1-sample-averaged ELBO (over
// `samples` draws, the same noise for every class) is best.
int best_class(FrozenModel& model, const Objective& obj, const std::vector<float>& x, int samples, Rng& rng);

struct Neighbour {
  int index = 0;    // test image
  int label = 0;
  double distance = 0;  // Euclidean, between posterior means
};
// The `count` test images whose means (Z, N) are nearest to mu, nearest first.
std::vector<Neighbour> nearest_images(const Mat<float>& means, const std::vector<uint8_t>& labels,
                                      const std::vector<float>& mu, int count);

// How typical: the image's importance-weighted log p(x) against the same estimate for test
// images. Not for the AE (no posterior, no likelihood of x).
struct TypicalityReference {
  std::vector<double> log_px_sorted;  // of the reference images, ascending
  int k = 100;
};
// Over the first `max_images` test images (all if 0), with true labels. `cancel`, if set while
// it runs, makes it return early with an empty reference.
TypicalityReference typicality_reference(FrozenModel& model, const Objective& obj, const Dataset& test, int max_images,
                                         int k, uint64_t seed, const std::atomic<bool>* cancel = nullptr);
double image_log_px(FrozenModel& model, const Objective& obj, const std::vector<float>& x, int label, int k, Rng& rng);
// Percentage (0-100) of the reference whose log p(x) is below `log_px`: "more typical than P%".
double percentile_among(const TypicalityReference& ref, double log_px);

}  // namespace lex
