// One model's numbers for the AE / VAE / KL-only comparison: test losses, the aggregate
// posterior's moments, class separability, interpolation smoothness and holes of the latent space.
#pragma once
#include "eval/holes.hpp"
#include "eval/metrics.hpp"
#include "train/trainer.hpp"

namespace lex {

struct ModelReport {
  TrainConfig config;
  int epochs = 0;
  LossParts test;        // one z per image, fixed test noise
  LatentStats latent;    // over the test set
  double knn_accuracy = 0;  // leave-one-out, k = 5, on the test set's latent means
  Smoothness smoothness;    // over random test pairs
  double prior_mass_in_holes = 0;  // eval/holes.hpp, over the test set's codes
};

struct ReportOptions {
  int knn_k = 5;
  // 0: kNN over every test image. The GUI's table, recomputed every few seconds per model, uses
  // an even subset of 2,000 (a 25th of the pairs: ~0.04 s instead of ~1 s), so that its reports
  // keep up with training instead of starving behind it.
  int knn_points = 0;
  int smoothness_pairs = 200;
  int smoothness_steps = 12;
  uint64_t seed = 7;  // picks the pairs; the same for every model compared
  HolesOptions holes;  // the defaults: the number `eval --json` prints
};

ModelReport report_model(Trainer& trainer, const ReportOptions& options = {});

// The latent-space part of a report from a frozen model and the test set's codes: what the GUI
// computes from a worker's snapshot. `test` is left as given.
void report_latents(ModelReport& report, FrozenModel& model, const EncodedSet& enc, const std::vector<uint8_t>& labels,
                    const ReportOptions& options = {});

}  // namespace lex
