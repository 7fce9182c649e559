// One model's importance-weighted bounds on log p(x) at k = 1, 10, 100, 1000 (core/eval/
// iw_curve.hpp), estimated on a thread of its own at nice 10, below the UI and training, so that
// no frame waits for it: the UI reads its progress from atomics and takes the finished curve.
// Cancelling asks the thread to stop after the piece under way and never waits for it; a new
// estimate starts at once while a cancelled one winds down.
#pragma once
#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "eval/iw_curve.hpp"
#include "train/worker.hpp"

namespace lex::gui {

class LogPxEstimate {
 public:
  // The finished estimate (all k's, or those done before a cancel) and the snapshot it is of.
  struct Result {
    IwCurve curve;
    uint64_t version = 0;  // the snapshot's
    int64_t step = 0;      // the training step it was taken at
    std::string error;     // the estimate failed: why (the curve is empty)
  };

  LogPxEstimate() = default;
  ~LogPxEstimate();
  LogPxEstimate(const LogPxEstimate&) = delete;
  LogPxEstimate& operator=(const LogPxEstimate&) = delete;

  // Estimates for this snapshot on an even subset of `images` test images (a vae or kl-only
  // model: an AE has no q(z|x)); a running estimate is cancelled.
  void start(std::shared_ptr<const Snapshot> snap, int images);
  void cancel();  // the last finished result stays
  // Once a frame: takes a finished estimate.
  void poll();

  bool running() const { return run_ && !run_->finished.load(std::memory_order_acquire); }
  float progress() const;  // 0 to 1 while running
  // The snapshot of the running or last finished estimate; 0 if none.
  uint64_t version() const { return run_ ? run_->version : result_ ? result_->version : 0; }
  const std::optional<Result>& result() const { return result_; }

 private:
  struct Run {
    uint64_t version = 0;
    int64_t step = 0;
    std::atomic<int64_t> done{0}, total{1};
    std::atomic<bool> finished{false};
    IwCurve curve;      // written by the thread before `finished`
    std::string error;  // or what went wrong
  };
  std::shared_ptr<Run> run_;
  std::optional<Result> result_;
  std::jthread thread_;
  // Cancelled runs still finishing their piece; joined once finished (or at destruction).
  std::vector<std::pair<std::jthread, std::shared_ptr<Run>>> retired_;
};

}  // namespace lex::gui
