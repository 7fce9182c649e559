#include "train/worker.hpp"

#include <chrono>
#include <cmath>

#include "eval/metrics.hpp"
#include "util/compute.hpp"
#include "util/error.hpp"
#include "util/threads.hpp"

namespace lex {
namespace {

double now_s() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

constexpr size_t kMaxQueuedPoints = 200000;  // if nobody drains, keep the newest

}  // namespace

TrainingWorker::TrainingWorker(const TrainConfig& config, std::string data_dir, bool start_running,
                               std::shared_ptr<const DataSplit> data, int image_size)
    : config_(config), data_dir_(std::move(data_dir)), image_size_(image_size), data_(std::move(data)),
      running_(start_running) {
  thread_ = std::jthread([this](std::stop_token stop) { run(stop); });
}

TrainingWorker::~TrainingWorker() {
  thread_.request_stop();  // wakes the condition variable wait too (stop_token-aware wait)
}

void TrainingWorker::post(Command c) {
  {
    std::lock_guard lock(mutex_);
    commands_.push_back(std::move(c));
    ++commands_posted_;
  }
  wake_.notify_all();
}

void TrainingWorker::play() {
  post([this] {
    running_ = true;
    rate_window_start_ = now_s();
    rate_window_samples_ = 0;
  });
}
void TrainingWorker::pause() {
  post([this] {
    running_ = false;
    // Paused, the pictures should show where training stopped, not a snapshot up to an interval old.
    if (trainer_ && trainer_->steps_done() != published_steps_) publish_snapshot();
  });
}
void TrainingWorker::single_step() {
  post([this] {
    running_ = false;
    ++pending_steps_;
  });
}
void TrainingWorker::reset() { post([this] { rebuild(config_); }); }
void TrainingWorker::reconfigure(const TrainConfig& config) {
  post([this, config] {
    TrainConfig c = config;
    c.threads = config_.threads;  // the compute threads were fixed when the worker started
    rebuild(c);
  });
}
void TrainingWorker::set_data_dir(const std::string& dir) {
  post([this, dir] {
    try {
      auto data = load_data(dir);
      data_ = std::move(data);
      data_dir_ = dir;
      rebuild(config_);
      if (trainer_) set_notice("loaded " + data_->name + " from " + dir);
    } catch (const InputError& e) {
      set_error(e.what());
    }
  });
}
void TrainingWorker::set_lr(double lr) {
  post([this, lr] {
    if (!(std::isfinite(lr) && lr > 0)) return set_error("learning rate must be a finite number above 0");
    config_.lr = lr;
    if (trainer_) trainer_->set_lr(lr);
  });
}
void TrainingWorker::set_beta(double beta) {
  post([this, beta] {
    if (!(std::isfinite(beta) && beta >= 0)) return set_error("beta must be a finite number >= 0");
    config_.objective.beta = beta;
    if (trainer_) trainer_->set_beta(beta);
  });
}
void TrainingWorker::set_warmup(int steps) {
  post([this, steps] {
    if (steps < 0) return set_error("warm-up steps must be >= 0");
    config_.warmup_steps = steps;
    if (trainer_) trainer_->set_warmup(steps);
  });
}
void TrainingWorker::save(const std::string& path) {
  post([this, path] {
    if (!trainer_) return set_error(path + ": nothing to save yet (no model)");
    try {
      trainer_->save(path);
      set_notice("saved " + path);
    } catch (const InputError& e) {
      set_error(e.what());
    }
  });
}
void TrainingWorker::load(const std::string& path, LoadShape shape) {
  post([this, path, shape] {
    if (!data_) return set_error(path + ": load a data set first");
    try {
      auto loaded = Trainer::load(path, data_);
      if (shape == LoadShape::kRequireSameShape && trainer_ && loaded->config().arch != config_.arch)
        return set_error(path + ": " + describe(loaded->config().arch) + " differs from the current model's " +
                         describe(config_.arch) + "; set the same architecture and latent size, then load");
      trainer_ = std::move(loaded);
      config_ = trainer_->config();
      {
        std::lock_guard lock(mutex_);
        ++generation_;
        has_test_loss_ = false;
      }
      publish_snapshot();
      set_notice(trainer_->load_note().empty() ? "loaded " + path : "loaded " + path + "; " + trainer_->load_note());
    } catch (const InputError& e) {
      set_error(e.what());
    }
  });
}
void TrainingWorker::clear_error() {
  std::lock_guard lock(mutex_);
  status_.error.clear();
}

std::shared_ptr<const Snapshot> TrainingWorker::snapshot() const {
  std::lock_guard lock(mutex_);
  return snapshot_;
}

WorkerStatus TrainingWorker::status() const {
  std::lock_guard lock(mutex_);
  return status_;
}

void TrainingWorker::drain_loss_points(std::vector<LossPoint>& out) {
  std::lock_guard lock(mutex_);
  out.insert(out.end(), points_.begin(), points_.end());
  points_.clear();
}

void TrainingWorker::wait_idle() {
  std::unique_lock lock(mutex_);
  const uint64_t target = commands_posted_;
  idle_.wait(lock, [&] { return commands_done_ >= target; });
}

void TrainingWorker::set_error(const std::string& message) {
  std::lock_guard lock(mutex_);
  status_.error = message;
}

void TrainingWorker::set_notice(const std::string& message) {
  std::lock_guard lock(mutex_);
  status_.notice = message;
}

void TrainingWorker::rebuild(const TrainConfig& config) {
  if (!data_) return set_error("no data loaded: choose a data directory");
  try {
    auto trainer = std::make_unique<Trainer>(config, data_);
    trainer_ = std::move(trainer);
    config_ = trainer_->config();  // with the data's input shape and classes, as a loaded one has
  } catch (const InputError& e) {
    return set_error(e.what());
  }
  {
    std::lock_guard lock(mutex_);
    ++generation_;
    has_test_loss_ = false;
    points_.clear();
    status_.error.clear();  // a fresh model: the old problem (divergence, bad data) is behind us
  }
  publish_snapshot();
}

void TrainingWorker::publish_snapshot() {
  if (!trainer_) return;
  // Built outside the lock: encoding the test set is the expensive part.
  const double started = now_s();
  auto snap = std::make_shared<Snapshot>();
  snap->config = trainer_->config();
  snap->data = trainer_->data_ptr();
  snap->progress = trainer_->progress();
  snap->model = trainer_->frozen();
  const Dataset& test = trainer_->data().test;
  EncodedSet enc = encode_all(snap->model, test.images, test.labels);
  snap->test_mu = std::move(enc.mu);
  snap->test_lv = std::move(enc.lv);
  {
    std::lock_guard lock(mutex_);
    snap->version = ++snapshot_version_;
    snap->generation = generation_;
    snap->has_test_loss = has_test_loss_;
    snap->test_loss = last_test_loss_;
    snapshot_ = std::move(snap);
  }
  last_publish_time_ = now_s();
  last_publish_cost_s_ = last_publish_time_ - started;
  published_steps_ = trainer_->steps_done();
}

void TrainingWorker::do_step() {
  const StepStats s = trainer_->step();
  if (pending_steps_ > 0) --pending_steps_;
  rate_window_samples_ += static_cast<int64_t>(s.loss.samples);
  const double epoch_pos = s.progress.epochs();
  if (!s.finite) {
    running_ = false;
    pending_steps_ = 0;
    update_status();  // paused before the error shows: whoever sees the error sees it stopped
    set_error(divergence_message(s, trainer_->config().lr));
    publish_snapshot();
    return;
  }
  {
    std::lock_guard lock(mutex_);
    if (points_.size() >= kMaxQueuedPoints) points_.erase(points_.begin(), points_.begin() + kMaxQueuedPoints / 2);
    points_.push_back({generation_, s.progress.steps_done, epoch_pos, false, s.loss.loss, s.loss.recon, s.loss.kl});
  }
  if (s.progress.step_in_epoch == s.progress.steps_per_epoch) {
    const LossParts test = trainer_->evaluate_test();
    {
      std::lock_guard lock(mutex_);
      has_test_loss_ = true;
      last_test_loss_ = test;
      points_.push_back({generation_, s.progress.steps_done, epoch_pos, true, test.loss, test.recon, test.kl});
    }
    publish_snapshot();
  } else if (!running_ || now_s() - last_publish_time_ >= std::max(snapshot_interval_s_.load(), 20 * last_publish_cost_s_)) {
    publish_snapshot();
  }
}

std::shared_ptr<const DataSplit> TrainingWorker::load_data(const std::string& dir) {
  DataOptions options;
  options.image_size = image_size_;
  bool reported = false;
  // An image folder of 70,000 files takes seconds: the status line says how far it is.
  options.progress = [&](int done, int total) {
    reported = true;
    set_notice("loading " + dir + ": " + std::to_string(static_cast<int64_t>(done) * 100 / total) + "%");
  };
  try {
    auto data = std::make_shared<const DataSplit>(load_data_dir(dir, options));
    if (reported) set_notice("loaded " + data->name + " from " + dir);
    return data;
  } catch (...) {
    if (reported) set_notice("");
    throw;
  }
}

void TrainingWorker::update_status() {
  const double t = now_s();
  if (!running_) {
    samples_per_s_ = 0;
    rate_window_start_ = t;
    rate_window_samples_ = 0;
  } else if (t - rate_window_start_ >= 1.0) {
    samples_per_s_ = rate_window_samples_ / (t - rate_window_start_);
    rate_window_start_ = t;
    rate_window_samples_ = 0;
  }
  std::lock_guard lock(mutex_);
  status_.state = running_ ? RunState::kRunning : RunState::kPaused;
  status_.has_model = trainer_ != nullptr;
  status_.generation = generation_;
  status_.samples_per_s = samples_per_s_;
  if (trainer_) status_.progress = trainer_->progress();
}

void TrainingWorker::run(std::stop_token stop) {
  // No exception may leave this thread: everything expected is an InputError handled below;
  // anything else is reported as an error and the worker keeps serving commands.
  // Below the UI thread (Linux: per thread, and inherited by the OpenMP team started next):
  // with two cores and up to four trainers (the compare view's), a frame must not wait for a
  // training step. Training still gets every cycle the UI leaves.
  set_this_thread_nice(5);
  prepare_compute_thread(config_.threads);
  try {
    if (!data_) data_ = load_data(data_dir_);
    rebuild(config_);
  } catch (const InputError& e) {
    set_error(e.what());
  } catch (const std::exception& e) {  // out of memory on a huge data set, say
    set_error(data_dir_ + ": " + e.what());
  }
  last_publish_time_ = rate_window_start_ = now_s();
  update_status();
  while (!stop.stop_requested()) {
    std::deque<Command> batch;
    {
      std::unique_lock lock(mutex_);
      const bool busy = trainer_ && (running_ || pending_steps_ > 0);
      if (commands_.empty() && !busy) wake_.wait(lock, stop, [&] { return !commands_.empty(); });
      batch.swap(commands_);
    }
    for (auto& command : batch) {
      try {
        command();
      } catch (const std::exception& e) {
        set_error(std::string("internal error: ") + e.what());
      }
    }
    if (!batch.empty()) {
      update_status();  // so that a caller of wait_idle() sees the commands' effect in status()
      {
        std::lock_guard lock(mutex_);
        commands_done_ += batch.size();
      }
      idle_.notify_all();
    }
    if (stop.stop_requested()) break;
    if (trainer_ && (running_ || pending_steps_ > 0)) {
      try {
        do_step();
      } catch (const std::exception& e) {
        running_ = false;
        set_error(std::string("internal error: ") + e.what());
      }
      update_status();
    }
  }
  // Let anyone in wait_idle() go.
  std::lock_guard lock(mutex_);
  commands_done_ = commands_posted_;
  idle_.notify_all();
}

}  // namespace lex
