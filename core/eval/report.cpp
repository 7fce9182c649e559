#include "eval/report.hpp"

namespace lex {

ModelReport report_model(Trainer& trainer, const ReportOptions& options) {
  ModelReport r;
  r.config = trainer.config();
  r.epochs = trainer.epochs_done();
  r.test = trainer.evaluate_test();
  const Dataset& test = trainer.data().test;
  const EncodedSet enc = encode_all(trainer.model(), test.images);
  r.latent = latent_stats(enc, r.config.objective.mode);
  r.knn_accuracy = knn_accuracy(enc.mu, test.labels, options.knn_k);
  Rng pairs(options.seed);
  r.smoothness = interpolation_smoothness(trainer.model(), enc, options.smoothness_pairs, options.smoothness_steps, pairs);
  return r;
}

}  // namespace lex
