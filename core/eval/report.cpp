#include "eval/report.hpp"

namespace lex {

ModelReport report_model(Trainer& trainer, const ReportOptions& options) {
  ModelReport r;
  r.config = trainer.config();
  r.epochs = trainer.epochs_done();
  r.test = trainer.evaluate_test();
  const Dataset& test = trainer.data().test;
  FrozenModel model = trainer.frozen();
  report_latents(r, model, encode_all(model, test.images, test.labels), test.labels, options);
  return r;
}

void report_latents(ModelReport& r, FrozenModel& model, const EncodedSet& enc, const std::vector<uint8_t>& labels,
                    const ReportOptions& options) {
  r.latent = latent_stats(enc, r.config.objective.mode);
  const Eigen::Index n = enc.mu.cols();
  if (options.knn_points > 0 && options.knn_points < n) {
    // Every (n / m)-th image: the same subset for every model.
    const Eigen::Index m = options.knn_points;
    Mat<float> points(enc.mu.rows(), m);
    std::vector<uint8_t> subset(static_cast<size_t>(m));
    for (Eigen::Index i = 0; i < m; ++i) {
      const Eigen::Index at = i * n / m;
      points.col(i) = enc.mu.col(at);
      subset[static_cast<size_t>(i)] = labels[static_cast<size_t>(at)];
    }
    r.knn_accuracy = knn_accuracy(points, subset, options.knn_k);
  } else {
    r.knn_accuracy = knn_accuracy(enc.mu, labels, options.knn_k);
  }
  r.prior_mass_in_holes = prior_mass_in_holes(enc, r.config.objective.mode, options.holes);
  Rng pairs(options.seed);
  r.smoothness =
      interpolation_smoothness(model, enc.mu, labels, options.smoothness_pairs, options.smoothness_steps, pairs);
}

}  // namespace lex
