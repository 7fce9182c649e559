// The AE / VAE / KL-only experiment behind the compare view (train/experiment.hpp defines it):
// one TrainingWorker per model, one training thread each, all sharing one DataSplit loaded once;
// one ReportWorker per model for the numbers. No GL and no ImGui here: the view draws from what
// update() collected.
#pragma once
#include <future>
#include <memory>
#include <string>
#include <vector>

#include "eval/report_worker.hpp"
#include "train/worker.hpp"
#include "widgets/loss_history.hpp"

namespace lex::gui {

struct CompareModel {
  std::string id;    // "ae", "vae", "kl-only", "beta-vae"
  std::string name;  // "AE", "VAE", "KL-only", "beta-VAE"
  Mode mode = Mode::kVae;
  std::unique_ptr<TrainingWorker> worker;
  std::unique_ptr<ReportWorker> reports;
  LossHistory history;
  // This frame's view of the worker, taken by update().
  WorkerStatus status;
  std::shared_ptr<const Snapshot> snap;
  std::shared_ptr<const SnapshotReport> report;
  uint64_t submitted_version = 0;
  double submitted_at = -1e9;
  // The training step of each recently submitted snapshot, so the report can say which it is from.
  std::vector<std::pair<uint64_t, int64_t>> submitted_steps;
  int64_t report_step = -1;  // the step `report` was measured at; -1 if unknown
};

class CompareRun {
 public:
  // Each model snapshots this often: three encode the test set where the single view had one.
  static constexpr double kSnapshotIntervalS = 1.0;
  // A report (kNN over an even 2,000 of the test images, ~0.05 s of CPU) is asked for at most
  // this often per model.
  static constexpr double kReportIntervalS = 2.0;
  static constexpr int kKnnPoints = 2000;

  // `data` if given is shared as it is (the single view's); otherwise `data_dir` is loaded once,
  // off the UI thread, and the models start when it is in memory. beta_vae adds a fourth model
  // with objective.beta = beta_vae_beta.
  CompareRun(const TrainConfig& base, std::string data_dir, int image_size, std::shared_ptr<const DataSplit> data,
             bool beta_vae, double beta_vae_beta, bool start_running);

  // Once a frame: status, loss points, snapshot and report of every model; never waits on them.
  void update(double now);

  std::vector<CompareModel>& models() { return models_; }
  const std::vector<CompareModel>& models() const { return models_; }
  std::shared_ptr<const DataSplit> data() const { return data_; }
  const TrainConfig& base() const { return base_; }
  bool loading() const { return loading_.valid(); }
  const std::string& error() const { return error_; }
  void clear_error() { error_.clear(); }
  bool running() const { return running_; }

  void play();
  void pause();
  void reset();  // fresh weights from the seed for every model; the curves start over
  void set_beta_vae_beta(double beta);

 private:
  void start_models();

  TrainConfig base_;
  std::string data_dir_;
  bool beta_vae_ = false;
  double beta_vae_beta_ = 4.0;
  bool running_ = true;
  std::string error_;
  std::shared_ptr<const DataSplit> data_;
  std::future<std::shared_ptr<const DataSplit>> loading_;
  std::vector<LossPoint> drained_;  // reused every frame
  size_t next_adopt_ = 0;           // the model whose new snapshot goes first next frame
  std::vector<CompareModel> models_;
};

}  // namespace lex::gui
