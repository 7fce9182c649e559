// How far a run is, in one value: what the trainer reports after each step, what a snapshot
// carries and what the worker's status shows.
#pragma once
#include <cstdint>

namespace lex {

struct Progress {
  int64_t steps_done = 0;   // optimisation steps taken
  int epochs_done = 0;      // completed epochs
  int step_in_epoch = 0;    // steps of the current epoch taken (steps_per_epoch once it is complete)
  int steps_per_epoch = 0;
  double beta_now = 0;      // the KL weight of the next step (warm-up included)

  // The epoch being trained, counted from 1; a finished epoch keeps its number until the next
  // step starts the next one.
  int epoch_number() const { return epochs_done + (steps_per_epoch == 0 || step_in_epoch < steps_per_epoch ? 1 : 0); }
  // Epochs done as a real number, for plots: 1.5 is half-way through the second.
  double epochs() const {
    if (steps_per_epoch == 0 || step_in_epoch == steps_per_epoch) return epochs_done;
    return epochs_done + static_cast<double>(step_in_epoch) / steps_per_epoch;
  }
  // Of the current epoch, 0 to 1.
  double epoch_fraction() const { return steps_per_epoch > 0 ? static_cast<double>(step_in_epoch) / steps_per_epoch : 0.0; }
};

}  // namespace lex
