#include "eval/probe.hpp"

#include <algorithm>
#include <cmath>

#include "eval/metrics.hpp"
#include "model/losses.hpp"

namespace lex {
namespace {

Mat<float> column_of(const std::vector<float>& x) {
  return Eigen::Map<const Mat<float>>(x.data(), static_cast<Eigen::Index>(x.size()), 1);
}

}  // namespace

ImageCode encode_image(FrozenModel& model, const Objective& obj, const std::vector<float>& x, int label) {
  ImageCode code;
  code.label = model.conditional() ? label : -1;
  const std::vector<uint8_t> labels = model.conditional() ? std::vector<uint8_t>{static_cast<uint8_t>(label)}
                                                          : std::vector<uint8_t>{};
  const Mat<float> xm = column_of(x);
  Mat<float> mu, lv, logits;
  model.encode(xm, labels, mu, lv);
  code.mu.assign(mu.data(), mu.data() + mu.size());
  if (obj.mode != Mode::kAe)
    for (Eigen::Index d = 0; d < lv.rows(); ++d) code.sigma.push_back(std::exp(0.5f * lv(d, 0)));
  model.decode(mu, labels, logits);
  code.recon = reconstruction_nll<float>(obj, logits, xm, nullptr, 1.0f, nullptr);
  code.reconstruction.resize(x.size());
  for (size_t i = 0; i < x.size(); ++i) code.reconstruction[i] = 1.0f / (1.0f + std::exp(-logits(static_cast<Eigen::Index>(i), 0)));
  return code;
}

int best_class(FrozenModel& model, const Objective& obj, const std::vector<float>& x, int samples, Rng& rng) {
  const int classes = model.spec().classes, Z = model.latent();
  // Every class at once: the image repeated, one column per (class, sample).
  const Eigen::Index n = static_cast<Eigen::Index>(classes) * samples;
  const Mat<float> xs = column_of(x).replicate(1, n);
  std::vector<uint8_t> labels(static_cast<size_t>(n));
  for (Eigen::Index i = 0; i < n; ++i) labels[static_cast<size_t>(i)] = static_cast<uint8_t>(i / samples);
  Mat<float> eps_one(Z, samples);
  rng.fill_normal(eps_one.data(), static_cast<size_t>(eps_one.size()));
  const Mat<float> eps = eps_one.replicate(1, classes);  // common random numbers across classes
  Mat<float> mu, lv, z, logits;
  model.encode(xs, labels, mu, lv);
  if (obj.mode == Mode::kAe) z = mu; else reparameterize(mu, lv, eps, z);
  model.decode(z, labels, logits);
  Vec<float> recon, kl;
  reconstruction_nll<float>(obj, logits, xs, nullptr, 1.0f, &recon);
  gaussian_kl<float>(mu, lv, nullptr, nullptr, 1.0f, &kl);
  int best = 0;
  double best_loss = INFINITY;
  for (int c = 0; c < classes; ++c) {
    double loss = 0;
    for (int s = 0; s < samples; ++s) {
      const Eigen::Index i = static_cast<Eigen::Index>(c) * samples + s;
      loss += recon(i) + (obj.mode == Mode::kAe ? 0.0 : kl(i));
    }
    if (loss < best_loss) best_loss = loss, best = c;
  }
  return best;
}

std::vector<Neighbour> nearest_images(const Mat<float>& means, const std::vector<uint8_t>& labels,
                                      const std::vector<float>& mu, int count) {
  const Eigen::Index n = means.cols();
  const Eigen::Map<const Eigen::VectorXf> q(mu.data(), static_cast<Eigen::Index>(mu.size()));
  std::vector<Neighbour> all(static_cast<size_t>(n));
  for (Eigen::Index i = 0; i < n; ++i)
    all[static_cast<size_t>(i)] = {static_cast<int>(i), labels[static_cast<size_t>(i)],
                                   static_cast<double>((means.col(i) - q).norm())};
  const size_t keep = std::min<size_t>(all.size(), static_cast<size_t>(std::max(0, count)));
  std::partial_sort(all.begin(), all.begin() + static_cast<long>(keep), all.end(),
                    [](const Neighbour& a, const Neighbour& b) { return a.distance < b.distance; });
  all.resize(keep);
  return all;
}

TypicalityReference typicality_reference(FrozenModel& model, const Objective& obj, const Dataset& test, int max_images,
                                         int k, uint64_t seed, const std::atomic<bool>* cancel) {
  TypicalityReference ref;
  ref.k = k;
  const Eigen::Index n = max_images > 0 ? std::min<Eigen::Index>(max_images, test.size()) : test.size();
  const Labels labels = model.conditional() ? Labels(test.labels.data(), static_cast<size_t>(n)) : Labels{};
  Rng rng(seed);
  // In chunks, so that a cancel (the model changed) is seen soon.
  constexpr Eigen::Index kChunk = 100;
  for (Eigen::Index first = 0; first < n; first += kChunk) {
    if (cancel && cancel->load()) return {};
    const Eigen::Index count = std::min(kChunk, n - first);
    const Mat<float> x = test.images.middleCols(first, count);
    const std::vector<double> part = importance_weighted_log_px_per_image(
        model, obj, x, labels.empty() ? labels : labels.subspan(static_cast<size_t>(first), static_cast<size_t>(count)), k, rng);
    ref.log_px_sorted.insert(ref.log_px_sorted.end(), part.begin(), part.end());
  }
  std::sort(ref.log_px_sorted.begin(), ref.log_px_sorted.end());
  return ref;
}

double image_log_px(FrozenModel& model, const Objective& obj, const std::vector<float>& x, int label, int k, Rng& rng) {
  const std::vector<uint8_t> labels = model.conditional() ? std::vector<uint8_t>{static_cast<uint8_t>(label)}
                                                          : std::vector<uint8_t>{};
  return importance_weighted_log_px_per_image(model, obj, column_of(x), labels, k, rng).front();
}

double percentile_among(const TypicalityReference& ref, double log_px) {
  if (ref.log_px_sorted.empty()) return 0;
  const auto below = std::lower_bound(ref.log_px_sorted.begin(), ref.log_px_sorted.end(), log_px);
  return 100.0 * static_cast<double>(below - ref.log_px_sorted.begin()) / static_cast<double>(ref.log_px_sorted.size());
}

}  // namespace lex
