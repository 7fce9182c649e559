#include "views/compare_run.hpp"

#include <chrono>

#include "data/dataset.hpp"
#include "train/experiment.hpp"
#include "util/error.hpp"
#include "util/threads.hpp"

namespace lex::gui {

CompareRun::CompareRun(const TrainConfig& base, std::string data_dir, int image_size,
                       std::shared_ptr<const DataSplit> data, bool beta_vae, double beta_vae_beta, bool start_running)
    : base_(base), data_dir_(std::move(data_dir)), beta_vae_(beta_vae), beta_vae_beta_(beta_vae_beta),
      running_(start_running), data_(std::move(data)) {
  base_.threads = 1;  // three or four trainers on a small machine: one thread each, the UI keeps its core
  if (data_) {
    start_models();
    return;
  }
  loading_ = std::async(std::launch::async, [dir = data_dir_, image_size] {
    DataOptions options;
    options.image_size = image_size;
    return std::make_shared<const DataSplit>(load_data_dir(dir, options));
  });
}

void CompareRun::start_models() {
  for (const CompareModelSpec& spec :
       compare_experiment(base_, beta_vae_ ? std::optional<double>(beta_vae_beta_) : std::nullopt)) {
    const TrainConfig& c = spec.config;
    CompareModel& m = models_.emplace_back();
    m.id = spec.id;
    m.name = spec.name;
    m.mode = c.objective.mode;
    // The trainers keep off the lowest CPU, which the UI, the GL rasteriser and the X server keep
    // (util/threads.hpp): measured under Xvfb on 2 cores, p95 frame 13 ms instead of 20-30.
    start_placed(Cores::kAllButTheFirst, [&] { m.worker = std::make_unique<TrainingWorker>(c, data_dir_, running_, data_); });
    ReportOptions options;
    options.knn_points = kKnnPoints;
    m.reports = std::make_unique<ReportWorker>(options);
    m.worker->set_snapshot_interval(kSnapshotIntervalS);
  }
}

void CompareRun::update(double now) {
  if (loading_.valid() && loading_.wait_for(std::chrono::seconds(0)) == std::future_status::ready) {
    try {
      data_ = loading_.get();
      start_models();
    } catch (const std::exception& e) {  // InputError names the directory and the problem
      error_ = std::string("Compare view: ") + e.what();
    }
  }
  // A new snapshot costs the UI a few milliseconds (points uploaded and drawn, grid and strips
  // decoded); taking at most one model's per frame keeps any frame from paying for three.
  bool adopted = false;
  const size_t n = models_.size(), first = next_adopt_;
  for (size_t k = 0; k < n; ++k) {
    CompareModel& m = models_[(first + k) % n];
    m.status = m.worker->status();
    drained_.clear();
    m.worker->drain_loss_points(drained_);
    m.history.add(drained_, m.status.generation);
    if (std::shared_ptr<const Snapshot> fresh = m.worker->snapshot(); fresh != m.snap && (!adopted || !m.snap)) {
      adopted = true;
      m.snap = std::move(fresh);
      next_adopt_ = (first + k + 1) % n;
    }
    // (Not the untrained first snapshot: with the same seed all models start identical.)
    if (m.snap && m.snap->progress.steps_done > 0 && m.snap->version != m.submitted_version &&
        now - m.submitted_at >= kReportIntervalS) {
      m.reports->submit(m.snap);
      m.submitted_version = m.snap->version;
      m.submitted_at = now;
      if (m.submitted_steps.size() >= 16) m.submitted_steps.erase(m.submitted_steps.begin());
      m.submitted_steps.emplace_back(m.snap->version, m.snap->progress.steps_done);
    }
    m.report = m.reports->latest();
    if (m.report && m.snap && m.report->generation != m.snap->generation) m.report = nullptr;  // an older model's
    if (m.report && !m.report->error.empty()) {
      error_ = m.name + ": the numbers could not be measured: " + m.report->error;
      m.report = nullptr;
    }
    m.report_step = -1;
    for (const auto& [version, step] : m.submitted_steps)
      if (m.report && version == m.report->snapshot_version) m.report_step = step;
  }
}

void CompareRun::play() {
  running_ = true;
  for (CompareModel& m : models_) m.worker->play();
}

void CompareRun::pause() {
  running_ = false;
  for (CompareModel& m : models_) m.worker->pause();
}

void CompareRun::reset() {
  for (CompareModel& m : models_) {
    m.worker->reset();
    m.submitted_version = 0;
    m.submitted_at = -1e9;
    m.submitted_steps.clear();
  }
}

void CompareRun::set_beta_vae_beta(double beta) {
  beta_vae_beta_ = beta;
  for (CompareModel& m : models_)
    if (m.id == "beta-vae") m.worker->set_beta(beta);
}

}  // namespace lex::gui
