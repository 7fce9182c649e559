// The UI's own record of the loss curves, filled from the worker's loss points once a frame.
// Train points arrive every step; we keep an exponential moving average and record it every
// stride steps (light smoothing). The record is bounded: when it reaches kMaxTrainSamples, every
// other sample is dropped and the stride doubles, so an hours-long run keeps a fixed amount of
// memory and drawing work, with older history at a coarser (still smoothed) resolution. Test points
// arrive once an epoch and are kept as they are. A new model generation (reset, reconfigure,
// load, new data) clears everything: curves of different models must not join.
#pragma once
#include <algorithm>
#include <cstdint>
#include <vector>

#include "train/worker.hpp"

namespace lex::gui {

struct LossSample {
  double step = 0;
  double epoch = 0;
  float total = 0, recon = 0, kl = 0;

  float part(int series) const { return series == 0 ? total : series == 1 ? recon : kl; }
  double x(bool in_epochs) const { return in_epochs ? epoch : step; }
};

// Plots of a history that fit their range to it (the loss plot's y axis, the rate-distortion
// plane) leave the first steps out: the loss starts near D ln 2 (~540 nats for MNIST) and the KL
// near 0.01, and a range that held both would flatten everything after the first epoch into a
// line; those early points leave the plot at its edge. Early in a run, the first half of it is
// left out instead.
inline double fit_skip_steps(double last_step) {
  constexpr double kFitSkipSteps = 300;
  return std::min(kFitSkipSteps, last_step / 2);
}

class LossHistory {
 public:
  static constexpr int kTrainStride = 4;  // the stride of a fresh record
  static constexpr size_t kMaxTrainSamples = 16384;
  static constexpr double kEmaAlpha = 0.08;  // per step: a ~12-step time constant

  // Appends the drained points; `current_generation` is the worker's (from status()).
  void add(const std::vector<LossPoint>& points, uint64_t current_generation);
  const std::vector<LossSample>& train() const { return train_; }
  const std::vector<LossSample>& test() const { return test_; }
  bool empty() const { return train_.empty() && test_.empty(); }

 private:
  void restart(uint64_t generation);
  uint64_t generation_ = 0;
  std::vector<LossSample> train_, test_;
  bool ema_started_ = false;
  double ema_total_ = 0, ema_recon_ = 0, ema_kl_ = 0;
  int64_t last_recorded_step_ = -1;
  int64_t stride_ = kTrainStride;
};

}  // namespace lex::gui
