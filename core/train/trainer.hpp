// The synchronous trainer: owns a model, its optimiser, the batch order and the random streams,
// and advances one minibatch per step(). Tests and the CLI drive it directly; the GUI drives it
// from a worker thread (train/worker.hpp). The same config and seed give bit-identical results.
//
// Random streams (all ours, util/rng.hpp), kept apart so that changing the mode does not change
// the batch order: `init_rng_` initialises weights then shuffles the training set each epoch;
// `noise_rng_` draws the reparameterisation noise (drawn in every mode, used by vae and kl-only);
// the test noise is fixed once from seed + 1 so epochs are compared on the same eps.
//
// Threads: with config.threads = T > 1 each batch is cut into T contiguous slices, one per
// thread, each run through its own replica of the model (sharing the parameters); the gradients
// are combined and Adam applied over disjoint parameter ranges, all in one OpenMP region. The
// split depends only on T, so a run is bit-identical for the same seed and T.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "data/dataset.hpp"
#include "model/config.hpp"
#include "model/frozen_model.hpp"
#include "model/model.hpp"
#include "train/adam.hpp"
#include "train/progress.hpp"
#include "util/rng.hpp"

namespace lex {

struct StepStats {
  Progress progress;  // after this step
  LossParts loss;
  bool finite = true;  // false: loss or gradient not finite; the step was not applied and the
                       // weights and optimiser were rolled back to those of step `rolled_back_to`
  int64_t rolled_back_to = -1;
};

struct EpochStats {
  int epoch = 0;  // 1-based count of completed epochs
  LossParts train;  // averaged over the epoch's steps, weighted by batch size
  LossParts test;   // one z per test image, fixed test noise
  double seconds = 0;        // training time of this epoch, evaluation excluded
  double samples_per_s = 0;  // training samples per second
};

// Reasons an epoch stopped early.
class DivergedError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// One line for the user: where it diverged, what was restored, what to try.
std::string divergence_message(const StepStats& s, double lr);

// "" if a model made for `model`'s input shape and classes fits the data, else what differs.
std::string data_mismatch(const ArchSpec& model, const DataSplit& data);

class Trainer {
 public:
  // The model's input shape and class count are the data's (config.arch's are replaced). Throws
  // InputError if the config is invalid for this data.
  Trainer(const TrainConfig& config, std::shared_ptr<const DataSplit> data);

  const TrainConfig& config() const { return config_; }
  const DataSplit& data() const { return *data_; }
  std::shared_ptr<const DataSplit> data_ptr() const { return data_; }
  Model<float>& model() { return model_; }
  const Model<float>& model() const { return model_; }
  // The model as it is now, as a value that can leave this thread.
  FrozenModel frozen() const { return FrozenModel::of(model_); }
  Adam<float>& optimizer() { return adam_; }

  int64_t steps_done() const { return steps_done_; }
  int epochs_done() const { return epochs_done_; }
  int steps_per_epoch() const;
  Progress progress() const;

  // One minibatch. A non-finite loss or gradient rolls the weights and optimiser state back to
  // the last known-good copy (kept every kGoodEvery steps) and returns finite = false.
  StepStats step();

  // Runs the rest of the current epoch, then evaluates on the test set. on_step sees each step.
  // Throws DivergedError (weights left at their last finite values) on a non-finite step.
  EpochStats train_epoch(const std::function<void(const StepStats&)>& on_step = {});

  // Test-set loss with the fixed test noise.
  LossParts evaluate_test();

  // Live changes (the GUI's sliders). They take effect at the next step.
  void set_lr(double lr);
  void set_beta(double beta) { config_.objective.beta = beta; }
  void set_warmup(int steps) { config_.warmup_steps = steps; }

  // Checkpoints (io/checkpoint.hpp has the format). A path ending in .safetensors gets the model
  // alone, as a PyTorch state_dict (io/state_dict.hpp): loading it starts a new run.
  void save(const std::string& path) const;
  // The loaded trainer has the checkpoint's config. Throws InputError naming the file and the
  // problem for a missing, damaged, foreign or wrong-version file.
  static std::unique_ptr<Trainer> load(const std::string& path, std::shared_ptr<const DataSplit> data);
  // The same from bytes in memory; `name` stands for the file in error messages.
  static std::unique_ptr<Trainer> load_bytes(const std::vector<uint8_t>& bytes, const std::string& name,
                                             std::shared_ptr<const DataSplit> data);
  // load() also takes a safetensors file (io/state_dict.hpp), as a new run from its weights with
  // the config its metadata gives (training options at their defaults): start_from(). It may
  // leave one line for the user here (a kl-only file from elsewhere has an untrained decoder).
  const std::string& load_note() const { return load_note_; }

  // A new run from given weights: step 0, Adam at zero, random streams from config.seed, and
  // `params` (the flat buffer of config.arch) as the model. config.arch's input shape and classes
  // must be the data's; else InputError naming `source`, the file the weights came from.
  static std::unique_ptr<Trainer> start_from(const TrainConfig& config, const Vec<float>& params,
                                             std::shared_ptr<const DataSplit> data, const std::string& source);

 private:
  friend struct CheckpointAccess;
  void start_epoch();
  void gather_batch(int first, int count);
  LossParts train_slices(double beta, bool& finite);

  TrainConfig config_;
  std::shared_ptr<const DataSplit> data_;
  Model<float> model_;
  Adam<float> adam_;
  Rng init_rng_;
  Rng noise_rng_;
  Mat<float> test_eps_;  // (Z, N_test)
  std::vector<int> order_;  // this epoch's permutation of the training set
  int next_batch_ = 0;      // index of the next batch in this epoch
  int epochs_done_ = 0;
  int64_t steps_done_ = 0;
  // The last known-good weights and optimiser state, for rolling back a diverged run.
  static constexpr int kGoodEvery = 50;
  void remember_good();
  void roll_back();
  Vec<float> good_params_, good_m_, good_v_;
  int64_t good_t_ = 0, good_step_ = 0;
  std::string load_note_;
  // Epoch accumulators.
  LossParts epoch_sum_;
  double epoch_seconds_ = 0;
  // Data-parallel replicas (T - 1 of them; slice 0 runs on model_) and the batch slices.
  std::vector<std::unique_ptr<Model<float>>> replicas_;
  std::vector<Mat<float>> slice_x_, slice_eps_;
  std::vector<std::vector<uint8_t>> slice_labels_;
};

}  // namespace lex
