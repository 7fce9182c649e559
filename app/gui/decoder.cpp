#include "decoder.hpp"

#include "util/compute.hpp"

namespace lex::gui {

void Decoder::Slot::submit(Job job) {
  {
    std::lock_guard lock(mutex_);
    submitted_key_ = job.key;
    pending_ = std::make_unique<Job>(std::move(job));
  }
  owner_->wake();
}

std::shared_ptr<const Decoder::Result> Decoder::Slot::take() {
  std::lock_guard lock(mutex_);
  return std::move(done_);
}

uint64_t Decoder::Slot::submitted_key() const {
  std::lock_guard lock(mutex_);
  return submitted_key_;
}

Decoder::Decoder() {
  thread_ = std::jthread([this](std::stop_token stop) { run(stop); });
}

Decoder::~Decoder() { thread_.request_stop(); }

uint64_t Decoder::key(uint64_t snapshot_version, const void* data, size_t bytes, uint64_t salt) {
  uint64_t h = 1469598103934665603ull ^ snapshot_version ^ (salt * 0x9E3779B97F4A7C15ull);  // FNV-1a
  const auto* p = static_cast<const unsigned char*>(data);
  for (size_t i = 0; i < bytes; ++i) h = (h ^ p[i]) * 1099511628211ull;
  return h | 1;  // never 0: 0 means "nothing yet"
}

std::shared_ptr<Decoder::Slot> Decoder::make_slot() {
  auto slot = std::make_shared<Slot>();
  slot->owner_ = this;
  std::lock_guard lock(mutex_);
  slots_.push_back(slot);
  return slot;
}

void Decoder::wake() {
  {
    std::lock_guard lock(mutex_);
    work_ = true;
  }
  wake_.notify_all();
}

void Decoder::run(std::stop_token stop) {
  prepare_compute_thread(1);
  while (!stop.stop_requested()) {
    std::vector<std::shared_ptr<Slot>> live;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, stop, [&] { return work_; });
      if (stop.stop_requested()) return;
      work_ = false;
      std::erase_if(slots_, [](const std::weak_ptr<Slot>& s) { return s.expired(); });
      for (const auto& s : slots_)
        if (auto slot = s.lock()) live.push_back(std::move(slot));
    }
    // One job per slot per round, so a busy slot does not hold the others up.
    for (const auto& slot : live) {
      std::unique_ptr<Job> job;
      {
        std::lock_guard lock(slot->mutex_);
        job = std::move(slot->pending_);
      }
      if (!job) continue;
      auto result = std::make_shared<Result>();
      result->key = job->key;
      result->shape = job->model.image();
      result->columns = job->columns;
      try {
        job->model.decode_probabilities(job->z, job->labels, result->images);
      } catch (const std::exception& e) {  // the thread must not end: every panel waits on it
        result->images.resize(0, 0);
        result->error = e.what();
      }
      std::lock_guard lock(slot->mutex_);
      slot->done_ = std::move(result);
    }
    // Jobs submitted while decoding set work_ again; nothing is lost.
  }
}

}  // namespace lex::gui
