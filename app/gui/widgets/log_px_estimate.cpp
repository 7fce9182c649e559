#include "widgets/log_px_estimate.hpp"

#include <algorithm>

#include "util/compute.hpp"
#include "util/threads.hpp"

namespace lex::gui {

LogPxEstimate::~LogPxEstimate() {
  // jthreads request a stop and join on destruction: at most one piece of work each.
  if (thread_.joinable()) thread_.request_stop();
  for (auto& r : retired_) r.first.request_stop();
}

void LogPxEstimate::start(std::shared_ptr<const Snapshot> snap, int images) {
  cancel();
  auto run = std::make_shared<Run>();
  run->version = snap->version;
  run->step = snap->progress.steps_done;
  run_ = run;
  thread_ = std::jthread([run, snap = std::move(snap), images](std::stop_token stop) {
    set_this_thread_nice(10);  // as the other background numbers: after the UI and training
    prepare_compute_thread(1);
    FrozenModel model = snap->model;  // its own scratch
    IwCurveOptions options;
    options.images = images;
    options.stop = stop;
    options.on_progress = [&run](int64_t done, int64_t total) {
      run->total.store(std::max<int64_t>(total, 1), std::memory_order_relaxed);
      run->done.store(done, std::memory_order_relaxed);
    };
    const Dataset& test = snap->data->test;
    try {  // no exception leaves a background thread: it would end the program
      run->curve = importance_weighted_curve(model, snap->config.objective, test.images, test.labels, options);
    } catch (const std::exception& e) {
      run->error = e.what();
    }
    run->finished.store(true, std::memory_order_release);
  });
}

void LogPxEstimate::cancel() {
  if (!thread_.joinable()) return;
  thread_.request_stop();
  retired_.emplace_back(std::move(thread_), std::move(run_));  // the last result stays
}

void LogPxEstimate::poll() {
  // Finished runs join at once.
  std::erase_if(retired_, [](const auto& r) { return r.second->finished.load(std::memory_order_acquire); });
  if (run_ && thread_.joinable() && run_->finished.load(std::memory_order_acquire)) {
    thread_.join();
    result_ = Result{run_->curve, run_->version, run_->step, run_->error};
  }
}

float LogPxEstimate::progress() const {
  if (!run_) return 0;
  return static_cast<float>(static_cast<double>(run_->done.load(std::memory_order_relaxed)) /
                            static_cast<double>(run_->total.load(std::memory_order_relaxed)));
}

}  // namespace lex::gui
