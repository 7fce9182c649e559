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
  r.knn_accuracy = knn_accuracy(enc.mu, labels, options.knn_k);
  Rng pairs(options.seed);
  r.smoothness =
      interpolation_smoothness(model, enc.mu, labels, options.smoothness_pairs, options.smoothness_steps, pairs);
}

}  // namespace lex
