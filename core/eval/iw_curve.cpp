#include "eval/iw_curve.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace lex {
namespace {
// A piece of work: up to this many images times up to this many samples each (~10,000 decodes:
// a tenth of a second for an MLP, about a second for the conv model), so progress and a stop
// request are seen often without making the decoder's batches small.
constexpr Eigen::Index kImagesPerPiece = 200;
constexpr int kSamplesPerPiece = 50;

// log(e^a + e^b) without overflow; a may be -infinity (nothing summed yet).
double log_add_exp(double a, double b) {
  if (a < b) std::swap(a, b);
  if (a == -std::numeric_limits<double>::infinity()) return a;
  return a + std::log1p(std::exp(b - a));
}
double mean_of(const std::vector<double>& v) {
  double sum = 0;
  for (double x : v) sum += x;
  return sum / static_cast<double>(v.size());
}

// The sample standard deviation / sqrt(count).
double standard_error(const std::vector<double>& v) {
  const double mean = mean_of(v);
  double var = 0;
  for (double x : v) var += (x - mean) * (x - mean);
  var /= static_cast<double>(std::max<size_t>(v.size() - 1, 1));
  return std::sqrt(var / static_cast<double>(v.size()));
}

}  // namespace

IwCurve importance_weighted_curve(FrozenModel& model, const Objective& obj, const Mat<float>& images, Labels labels,
                                  const IwCurveOptions& options) {
  // The even subset, the same for every k.
  const Eigen::Index n_all = images.cols();
  const Eigen::Index n = options.images > 0 ? std::min<Eigen::Index>(options.images, n_all) : n_all;
  Mat<float> x(images.rows(), n);
  std::vector<uint8_t> x_labels;
  for (Eigen::Index i = 0; i < n; ++i) {
    const Eigen::Index at = i * n_all / n;
    x.col(i) = images.col(at);
    if (!labels.empty()) x_labels.push_back(labels[static_cast<size_t>(at)]);
  }
  IwCurve curve;
  curve.images = static_cast<int>(n);
  if (n == 0) return curve;

  int64_t total = 0, done = 0;
  for (int k : options.ks) total += static_cast<int64_t>(std::max(k, 0)) * n;
  Mat<float> piece;
  std::vector<double> per_image(static_cast<size_t>(n)), first_k;
  for (int k : options.ks) {
    if (k < 1) continue;
    Rng rng(options.seed);
    for (Eigen::Index first = 0; first < n; first += kImagesPerPiece) {
      const Eigen::Index count = std::min(kImagesPerPiece, n - first);
      piece = x.middleCols(first, count);
      const Labels piece_labels =
          x_labels.empty() ? Labels{} : Labels(x_labels.data() + first, static_cast<size_t>(count));
      // log sum_i w_i over the samples so far, per image. The bound over k samples is
      // log((1/k) sum_i w_i): blocks of s samples (each returning log((1/s) sum w)) combine exactly.
      std::vector<double> log_sum(static_cast<size_t>(count), -std::numeric_limits<double>::infinity());
      for (int drawn = 0; drawn < k;) {
        if (options.stop.stop_requested()) return curve;
        const int s = std::min(kSamplesPerPiece, k - drawn);
        const std::vector<double> block = importance_weighted_log_px_per_image(model, obj, piece, piece_labels, s, rng);
        for (size_t c = 0; c < log_sum.size(); ++c) log_sum[c] = log_add_exp(log_sum[c], std::log(s) + block[c]);
        drawn += s;
        done += static_cast<int64_t>(s) * count;
        if (options.on_progress) options.on_progress(done, total);
      }
      for (size_t c = 0; c < log_sum.size(); ++c) per_image[static_cast<size_t>(first) + c] = log_sum[c] - std::log(k);
    }
    if (first_k.empty()) first_k = per_image;
    std::vector<double> rise(per_image.size());
    for (size_t i = 0; i < rise.size(); ++i) rise[i] = per_image[i] - first_k[i];
    curve.points.push_back({k, mean_of(per_image), standard_error(per_image), standard_error(rise)});
  }
  curve.complete = true;
  return curve;
}

}  // namespace lex
