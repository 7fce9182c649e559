// Training on a background thread, for the GUI. The worker owns its Trainer; nothing else touches
// it. The UI talks to it in two directions, and never waits on a training step:
//   UI -> worker: commands (play, pause, step, reset, new config, new data, learning rate, beta,
//                 warm-up, save, load) pushed on a mutex-guarded queue and applied between steps.
//   worker -> UI: a queue of loss points that the UI drains once a frame, and an immutable
//                 Snapshot (the model, frozen; the test set's latent means and log-variances;
//                 progress) built outside any lock and swapped in under it, every
//                 `snapshot_interval_s` seconds of training and at the end of every epoch.
// No exception leaves the worker thread: bad data, a bad checkpoint or a diverged run become a
// message in status() and training pauses; the current model stays.
#pragma once
#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "data/dataset.hpp"
#include "model/config.hpp"
#include "model/frozen_model.hpp"
#include "train/progress.hpp"
#include "train/trainer.hpp"

namespace lex {

struct Snapshot {
  uint64_t version = 0;     // increases with every published snapshot
  uint64_t generation = 0;  // increases with every new model (reset, reconfigure, load, new data)
  TrainConfig config;
  std::shared_ptr<const DataSplit> data;  // images, labels, class names of this model's data
  Progress progress;
  FrozenModel model;   // copy it to encode or decode (a FrozenModel's scratch is its own)
  Mat<float> test_mu;  // (Z, N_test) posterior means of the test set
  Mat<float> test_lv;  // (Z, N_test) posterior log-variances
  bool has_test_loss = false;
  LossParts test_loss;  // from the last completed epoch
};

struct LossPoint {
  uint64_t generation = 0;  // the model it belongs to: drop points of an older generation
  int64_t step = 0;
  double epoch = 0;  // fractional: epochs done + step_in_epoch / steps_per_epoch
  bool is_test = false;
  double loss = 0, recon = 0, kl = 0;
};

enum class RunState { kPaused, kRunning };

struct WorkerStatus {
  RunState state = RunState::kPaused;
  bool has_model = false;
  uint64_t generation = 0;
  Progress progress;
  double samples_per_s = 0;  // wall clock, snapshot building included
  std::string error;    // last problem (bad data, diverged, bad checkpoint); empty if none
  std::string notice;   // last informational message (saved, loaded)
};

class TrainingWorker {
 public:
  // Loads the data directory on the worker thread; if that fails the error shows in status() and
  // the worker waits for set_data_dir(). `data` may be given instead to share a loaded set.
  // `image_size` > 0 resizes the images of every directory it loads (DataOptions::image_size);
  // while an image folder loads, status().notice says how far it is.
  TrainingWorker(const TrainConfig& config, std::string data_dir, bool start_running,
                 std::shared_ptr<const DataSplit> data = nullptr, int image_size = 0);
  ~TrainingWorker();
  TrainingWorker(const TrainingWorker&) = delete;
  TrainingWorker& operator=(const TrainingWorker&) = delete;

  void play();
  void pause();
  void single_step();
  void reset();                                // same config, fresh weights from the seed
  void reconfigure(const TrainConfig& config); // new mode / latent size / batch ...: a reset
  void set_data_dir(const std::string& dir);   // keeps the current model if loading fails
  void set_lr(double lr);
  void set_beta(double beta);
  void set_warmup(int steps);
  void save(const std::string& path);
  // Keeps the current model if loading fails. kAdoptShape takes the checkpoint's architecture
  // (opening a saved run); kRequireSameShape refuses one whose architecture or latent size
  // differs from the current model's.
  enum class LoadShape { kAdoptShape, kRequireSameShape };
  void load(const std::string& path, LoadShape shape = LoadShape::kAdoptShape);
  void clear_error();
  // Snapshots come at most this often while training, and never take more than a twentieth of
  // the worker's time: encoding the test set costs ~20 ms for an MLP but ~0.3 s for the conv model.
  void set_snapshot_interval(double seconds) { snapshot_interval_s_.store(seconds); }

  std::shared_ptr<const Snapshot> snapshot() const;
  WorkerStatus status() const;
  void drain_loss_points(std::vector<LossPoint>& out);  // appends, oldest first
  // True once the worker has processed every command sent before this call (for tests).
  void wait_idle();

 private:
  using Command = std::function<void()>;
  void post(Command c);
  void run(std::stop_token stop);
  void do_step();
  void publish_snapshot();
  void rebuild(const TrainConfig& config);
  void set_error(const std::string& message);
  void set_notice(const std::string& message);
  void update_status();
  std::shared_ptr<const DataSplit> load_data(const std::string& dir);

  // Worker-thread state (touched only on the worker thread after construction).
  TrainConfig config_;
  std::string data_dir_;
  int image_size_ = 0;
  std::shared_ptr<const DataSplit> data_;
  std::unique_ptr<Trainer> trainer_;
  bool running_ = false;
  int pending_steps_ = 0;
  double last_publish_time_ = 0;
  double last_publish_cost_s_ = 0;  // how long the last snapshot took to build
  int64_t published_steps_ = -1;  // the trainer's steps_done in the last snapshot
  double rate_window_start_ = 0;
  int64_t rate_window_samples_ = 0;
  double samples_per_s_ = 0;

  mutable std::mutex mutex_;  // guards everything below
  std::condition_variable_any wake_;
  std::deque<Command> commands_;
  uint64_t commands_posted_ = 0, commands_done_ = 0;
  std::condition_variable idle_;
  std::shared_ptr<const Snapshot> snapshot_;
  uint64_t snapshot_version_ = 0;
  std::vector<LossPoint> points_;
  WorkerStatus status_;
  uint64_t generation_ = 0;
  bool has_test_loss_ = false;
  LossParts last_test_loss_;

  std::atomic<double> snapshot_interval_s_{0.25};
  std::jthread thread_;  // last: stops and joins before the members it uses are destroyed
};

}  // namespace lex
