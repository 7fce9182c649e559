#include "ui/compare_run.hpp"

#include <chrono>
#include <thread>

#if defined(__linux__)
#include <sched.h>
#endif

#include "data/dataset.hpp"
#include "util/error.hpp"

namespace lex::gui {
namespace {

// Runs `make` on a short-lived thread whose CPU affinity leaves out one core (the lowest the
// process may use), so the threads it starts (the workers' training and report threads) inherit
// that mask and keep off it; the UI, the GL rasteriser and the X server then have that core to
// themselves. Measured under Xvfb on 2 cores, 600 frames while AE, VAE and KL-only trained:
//   default (trainers at nice 5 on both cores)   p95 20-30 ms
//   trainers in SCHED_IDLE on both cores          p95 18-20 ms, 30-35k samples/s (they still
//                                                 evict the rasteriser's caches between frames)
//   trainers kept off one core (this)             p95 13 ms, 35k samples/s, 11.5k per model
// On one CPU there is nothing to leave, and the mask stays as it is.
template <class Make>
void start_off_the_ui_core(Make&& make) {
  std::thread([&make] {
#if defined(__linux__)
    cpu_set_t allowed;
    if (sched_getaffinity(0, sizeof allowed, &allowed) == 0 && CPU_COUNT(&allowed) > 1) {
      for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu)
        if (CPU_ISSET(cpu, &allowed)) {
          CPU_CLR(cpu, &allowed);
          break;
        }
      sched_setaffinity(0, sizeof allowed, &allowed);  // a failure leaves every core shared: slower frames, no harm
    }
#endif
    make();
  }).join();
}

}  // namespace

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
    start_off_the_ui_core([&] {
      m.worker = std::make_unique<TrainingWorker>(c, data_dir_, running_, data_);
      m.reports = std::make_unique<ReportWorker>();
    });
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
    if (m.snap && m.snap->version != m.submitted_version && now - m.submitted_at >= kReportIntervalS) {
      m.reports->submit(m.snap);
      m.submitted_version = m.snap->version;
      m.submitted_at = now;
      if (m.submitted_steps.size() >= 16) m.submitted_steps.erase(m.submitted_steps.begin());
      m.submitted_steps.emplace_back(m.snap->version, m.snap->steps_done);
    }
    m.report = m.reports->latest();
    if (m.report && m.snap && m.report->generation != m.snap->generation) m.report = nullptr;  // an older model's
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
    if (m.name == "beta-VAE") m.worker->set_beta(beta);
}

}  // namespace lex::gui
