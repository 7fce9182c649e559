#include "widgets/loss_history.hpp"

namespace lex::gui {

void LossHistory::restart(uint64_t generation) {
  generation_ = generation;
  train_.clear();
  test_.clear();
  ema_started_ = false;
  last_recorded_step_ = -1;
  stride_ = kTrainStride;
}

void LossHistory::add(const std::vector<LossPoint>& points, uint64_t current_generation) {
  if (current_generation > generation_) restart(current_generation);
  for (const LossPoint& p : points) {
    if (p.generation > generation_) restart(p.generation);  // status() lagged behind the queue
    if (p.generation != generation_) continue;              // from a model that is gone
    if (p.is_test) {
      test_.push_back({static_cast<double>(p.step), p.epoch, static_cast<float>(p.loss), static_cast<float>(p.recon),
                       static_cast<float>(p.kl)});
      continue;
    }
    if (!ema_started_) {
      ema_total_ = p.loss, ema_recon_ = p.recon, ema_kl_ = p.kl;
      ema_started_ = true;
    } else {
      ema_total_ += kEmaAlpha * (p.loss - ema_total_);
      ema_recon_ += kEmaAlpha * (p.recon - ema_recon_);
      ema_kl_ += kEmaAlpha * (p.kl - ema_kl_);
    }
    if (last_recorded_step_ < 0 || p.step - last_recorded_step_ >= stride_) {
      if (train_.size() >= kMaxTrainSamples) {
        // Keep every other sample (the first one included) and record half as often from now on.
        size_t kept = 0;
        for (size_t i = 0; i < train_.size(); i += 2) train_[kept++] = train_[i];
        train_.resize(kept);
        stride_ *= 2;
      }
      train_.push_back({static_cast<double>(p.step), p.epoch, static_cast<float>(ema_total_),
                        static_cast<float>(ema_recon_), static_cast<float>(ema_kl_)});
      last_recorded_step_ = p.step;
    }
  }
}

}  // namespace lex::gui
