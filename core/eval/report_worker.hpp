// Latent-space reports (kNN accuracy, aggregate posterior, smoothness) computed on a background
// thread from training snapshots: a kNN over 10,000 test points takes about a second, far too
// long for a UI frame. submit() hands over the newest snapshot and returns at once; only the
// newest pending one is kept. latest() returns the last finished report for that worker's model.
#pragma once
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "eval/report.hpp"
#include "train/worker.hpp"

namespace lex {

struct SnapshotReport {
  uint64_t snapshot_version = 0;
  uint64_t generation = 0;
  ModelReport report;
  std::string error;  // why the numbers could not be measured (the report is then incomplete)
};

class ReportWorker {
 public:
  explicit ReportWorker(ReportOptions options = {});
  ~ReportWorker();
  ReportWorker(const ReportWorker&) = delete;
  ReportWorker& operator=(const ReportWorker&) = delete;

  void submit(std::shared_ptr<const Snapshot> snapshot);
  std::shared_ptr<const SnapshotReport> latest() const;

 private:
  void run(std::stop_token stop);

  ReportOptions options_;
  mutable std::mutex mutex_;
  std::condition_variable_any wake_;
  std::shared_ptr<const Snapshot> pending_;
  std::shared_ptr<const SnapshotReport> latest_;
  std::jthread thread_;  // last: stops before the members it uses
};

}  // namespace lex
