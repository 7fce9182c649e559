#include "ui/compare_run.hpp"

#include <chrono>

#include "data/dataset.hpp"
#include "util/error.hpp"

namespace lex::gui {

CompareRun::CompareRun(const TrainConfig& base, std::string data_dir, std::shared_ptr<const DataSplit> data,
                       bool beta_vae, double beta_vae_beta, bool start_running)
    : base_(base), data_dir_(std::move(data_dir)), beta_vae_(beta_vae), beta_vae_beta_(beta_vae_beta),
      running_(start_running), data_(std::move(data)) {
  base_.threads = 1;  // three or four trainers on a small machine: one thread each, the UI keeps its core
  if (data_) {
    start_models();
    return;
  }
  loading_ = std::async(std::launch::async, [dir = data_dir_] {
    return std::make_shared<const DataSplit>(load_data_dir(dir));
  });
}

void CompareRun::start_models() {
  struct Spec {
    const char* name;
    Mode mode;
    double beta;
  };
  std::vector<Spec> specs{{"AE", Mode::kAe, base_.objective.beta},
                          {"VAE", Mode::kVae, base_.objective.beta},
                          {"KL-only", Mode::kKlOnly, base_.objective.beta}};
  if (beta_vae_) specs.push_back({"beta-VAE", Mode::kVae, beta_vae_beta_});
  for (const Spec& spec : specs) {
    TrainConfig c = base_;
    c.objective.mode = spec.mode;
    c.objective.beta = spec.beta;
    CompareModel& m = models_.emplace_back();
    m.name = spec.name;
    m.mode = spec.mode;
    m.worker = std::make_unique<TrainingWorker>(c, data_dir_, running_, data_);
    m.worker->set_snapshot_interval(kSnapshotIntervalS);
    m.reports = std::make_unique<ReportWorker>();
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
  for (CompareModel& m : models_) {
    m.status = m.worker->status();
    drained_.clear();
    m.worker->drain_loss_points(drained_);
    m.history.add(drained_, m.status.generation);
    m.snap = m.worker->snapshot();
    if (m.snap && m.snap->version != m.submitted_version && now - m.submitted_at >= kReportIntervalS) {
      m.reports->submit(m.snap);
      m.submitted_version = m.snap->version;
      m.submitted_at = now;
    }
    m.report = m.reports->latest();
    if (m.report && m.snap && m.report->generation != m.snap->generation) m.report = nullptr;  // an older model's
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
  }
}

void CompareRun::set_beta_vae_beta(double beta) {
  beta_vae_beta_ = beta;
  for (CompareModel& m : models_)
    if (m.name == "beta-VAE") m.worker->set_beta(beta);
}

}  // namespace lex::gui
