// --frame-stats: frame times (between consecutive swaps) and each model's training throughput
// between the first and the last frame it was seen running, printed as one JSON line at exit.
// Frame time is a benchmark (README, Performance), never a test's assertion.
#pragma once
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "views/view.hpp"

namespace lex::gui {

class FrameStats {
 public:
  explicit FrameStats(bool enabled, int expected_frames);
  void on_models(const std::vector<ModelState>& models, double now);
  void on_swap(double now);
  bool enabled() const { return enabled_; }
  std::string json() const;

 private:
  struct Throughput {
    double t0 = 0, t1 = 0;
    int64_t steps0 = -1, steps1 = 0;
    int batch = 0;
    double samples_per_s() const { return t1 > t0 ? static_cast<double>(steps1 - steps0) * batch / (t1 - t0) : 0.0; }
  };
  bool enabled_;
  std::vector<double> frame_ms_;
  double last_swap_ = 0;
  std::vector<std::pair<std::string, Throughput>> models_;
};

}  // namespace lex::gui
