// Decoding latent points off the UI thread. A 20 x 20 grid of the convolutional decoder is 400
// decodes of ~9 MFLOP each, tens of milliseconds: more than a frame. A panel owns a
// Decoder::Slot; whenever what it shows changes it submits a job (a copy of the model, the
// points, their class labels, a key naming what they are), and a later frame picks up the newest
// finished result. A job not started yet is replaced by a newer one, so a slot never queues
// stale work. One thread serves every slot in turn, at normal priority (above training: the
// user is waiting for these pictures).
#pragma once
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "model/frozen_model.hpp"

namespace lex::gui {

class Decoder {
 public:
  struct Job {
    FrozenModel model;
    Mat<float> z;                 // (Z, N)
    std::vector<uint8_t> labels;  // N, for a conditional model
    uint64_t key = 0;
    int columns = 1;              // the panel lays the N images out in rows of this many
  };
  struct Result {
    uint64_t key = 0;
    int columns = 1;
    ImageShape shape;   // of the model that decoded them: the panel may show another by now
    Mat<float> images;  // (D, N) pixel values, sigmoid(logits); empty if decoding failed
    std::string error;  // why it failed (a label the model does not know, out of memory)
  };

  class Slot {
   public:
    void submit(Job job);
    // The newest result not taken yet, or null.
    std::shared_ptr<const Result> take();
    // The key of the job last submitted: a panel submits again when what it would show now has
    // another key.
    uint64_t submitted_key() const;

   private:
    friend class Decoder;
    Decoder* owner_ = nullptr;
    mutable std::mutex mutex_;
    std::unique_ptr<Job> pending_;
    std::shared_ptr<const Result> done_;
    uint64_t submitted_key_ = 0;
  };

  Decoder();
  ~Decoder();
  Decoder(const Decoder&) = delete;
  Decoder& operator=(const Decoder&) = delete;

  std::shared_ptr<Slot> make_slot();

  // A key for "these points decoded by this snapshot's model": equal keys, equal pictures.
  static uint64_t key(uint64_t snapshot_version, const void* data, size_t bytes, uint64_t salt = 0);

 private:
  void wake();
  void run(std::stop_token stop);

  std::mutex mutex_;  // guards slots_ and work_
  std::condition_variable_any wake_;
  std::vector<std::weak_ptr<Slot>> slots_;
  bool work_ = false;
  std::jthread thread_;  // last: stops before the members it uses
};

}  // namespace lex::gui
