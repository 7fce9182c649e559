#include "eval/report_worker.hpp"

#include "util/threads.hpp"

namespace lex {

ReportWorker::ReportWorker(ReportOptions options) : options_(options) {
  thread_ = std::jthread([this](std::stop_token stop) { run(stop); });
}

ReportWorker::~ReportWorker() { thread_.request_stop(); }

void ReportWorker::submit(std::shared_ptr<const Snapshot> snapshot) {
  if (!snapshot) return;
  {
    std::lock_guard lock(mutex_);
    pending_ = std::move(snapshot);
  }
  wake_.notify_all();
}

std::shared_ptr<const SnapshotReport> ReportWorker::latest() const {
  std::lock_guard lock(mutex_);
  return latest_;
}

void ReportWorker::run(std::stop_token stop) {
  set_this_thread_nice(10);  // after the UI and the trainers (util/threads.hpp)
  while (!stop.stop_requested()) {
    std::shared_ptr<const Snapshot> snap;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, stop, [&] { return pending_ != nullptr; });
      if (stop.stop_requested()) return;
      snap = std::move(pending_);
      pending_ = nullptr;
    }
    auto out = std::make_shared<SnapshotReport>();
    out->snapshot_version = snap->version;
    out->generation = snap->generation;
    out->report.config = snap->config;
    out->report.epochs = snap->progress.epochs_done;
    out->report.test = snap->test_loss;
    try {
      FrozenModel model = snap->model;  // this thread's copy: its own scratch
      report_latents(out->report, model, EncodedSet{snap->test_mu, snap->test_lv}, snap->data->test.labels, options_);
    } catch (const std::exception& e) {  // no exception may end the thread; the table says what failed
      out->error = e.what();
    }
    std::lock_guard lock(mutex_);
    latest_ = std::move(out);
  }
}

}  // namespace lex
