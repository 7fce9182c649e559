// What one model makes of the drawing pad's picture (eval/probe.hpp). At once, on the UI thread
// (one encode and one decode, within the frame of the stroke): the posterior mean and sigma, a
// few samples z ~ q(z|x), the reconstruction and the nearest test images. In the background, on
// a thread of its own: log p(x) by importance sampling (k = 100) and its percentile among the
// first 1,000 test images under the same model (re-estimated at most every few seconds while the
// model trains: 100,000 decodes each time); a newer model or picture waits for the running
// estimate to finish, then the newest is taken. For a conditional model, on the decode thread:
// the picture's code decoded as every class (its style, every digit).
#pragma once
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "decoder.hpp"
#include "eval/probe.hpp"
#include "train/worker.hpp"
#include "widgets/image_atlas.hpp"
#include "widgets/live_model.hpp"

namespace lex::gui {

// The probe's marks on a scatter: its mean, its sigma ellipses, its samples (full latent vectors).
struct ProbeMarks {
  std::vector<float> mu, lv;  // Z each; lv empty for the AE
  Mat<float> samples;         // (Z, S); empty for the AE
};

class PadProbe {
 public:
  static constexpr int kSamples = 8, kNeighbours = 5, kReferenceImages = 1000, kImportanceSamples = 100;
  static constexpr int kRefreshSeconds = 10;  // a training model's reference is re-estimated at most this often

  explicit PadProbe(Decoder& decoder);
  ~PadProbe();
  PadProbe(const PadProbe&) = delete;
  PadProbe& operator=(const PadProbe&) = delete;

  // Re-encodes when the picture (by version), the model or the class changed; an empty input
  // clears the probe.
  void update(const Snapshot& snap, LiveModel& live, const std::vector<float>& input, uint64_t input_version, int label);
  bool has_code() const { return has_code_; }
  // Nothing left to estimate for the picture and model shown (scripted runs wait for this).
  bool settled() const;
  const ProbeMarks& marks() const { return marks_; }
  // The reconstruction and the numbers, then (unless compact) the nearest test images with their
  // labels.
  void draw_summary(const Snapshot& snap, float image_size, bool with_neighbours = true);

 private:
  void draw_per_class(const Snapshot& snap, float cell);
  struct Job {
    FrozenModel model;
    Objective objective;
    std::shared_ptr<const DataSplit> data;
    std::vector<float> x;
    int label = 0;
    uint64_t generation = 0, model_version = 0, input_version = 0;
  };
  struct Typicality {
    uint64_t model_version = 0, input_version = 0;
    double log_px = 0, percentile = 0;
  };
  void run(std::stop_token stop);

  // The UI thread's.
  uint64_t model_version_ = 0, input_version_ = 0;
  int label_ = -1;
  bool has_code_ = false;
  ImageCode code_;
  ProbeMarks marks_;
  std::vector<Neighbour> neighbours_;
  ImageAtlas images_;  // cell 0: the reconstruction; 1..5: the neighbours
  std::shared_ptr<Decoder::Slot> per_class_slot_;
  ImageAtlas per_class_;  // a conditional model's code decoded as each class
  int per_class_shown_ = 0;
  uint64_t per_class_key_ = 0, per_class_shown_key_ = 0;  // submitted, shown (0: none wanted)
  Mat<float> eps_;     // (Z, kSamples), drawn once: the samples move with the posterior, not at random

  // Shared with the thread.
  mutable std::mutex mutex_;
  std::condition_variable_any wake_;
  std::optional<Job> pending_;
  std::optional<Typicality> done_;
  std::atomic<bool> stopping_{false};
  std::jthread thread_;  // last: stops before the members it uses
};

}  // namespace lex::gui
