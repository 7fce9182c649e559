#include "train/trainer.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>

#include "util/error.hpp"

namespace lex {
namespace {

constexpr uint64_t kNoiseStream = 0x6A09E667F3BCC909ull;  // keeps the noise stream apart from init
constexpr int kEvalChunk = 1000;

std::shared_ptr<const DataSplit> prepared(std::shared_ptr<const DataSplit> data, bool binarize_inputs) {
  if (!data) throw InputError("trainer: no data");
  if (data->train.size() == 0 || data->test.size() == 0) throw InputError(data->dir + ": empty data set");
  if (!binarize_inputs) return data;
  auto copy = std::make_shared<DataSplit>(*data);
  binarize(copy->train);
  binarize(copy->test);
  return copy;
}

void accumulate(LossParts& sum, const LossParts& batch) {
  sum.recon += batch.recon * batch.samples;
  sum.kl += batch.kl * batch.samples;
  sum.loss += batch.loss * batch.samples;
  sum.samples += batch.samples;
}

LossParts average(const LossParts& sum) {
  LossParts out = sum;
  if (sum.samples > 0) {
    out.recon /= sum.samples;
    out.kl /= sum.samples;
    out.loss /= sum.samples;
  }
  return out;
}

}  // namespace

std::string divergence_message(const StepStats& s, double lr) {
  char buf[256];
  std::snprintf(buf, sizeof buf,
                "training diverged at step %lld (loss or gradient not finite); rolled back to the weights of step %lld; "
                "try a learning rate below %g",
                static_cast<long long>(s.step), static_cast<long long>(s.rolled_back_to), lr);
  return buf;
}

Trainer::Trainer(const TrainConfig& config, std::shared_ptr<const DataSplit> data)
    : config_(config),
      data_(prepared(std::move(data), config.binarize)),
      model_(config.shape),
      init_rng_(config.seed),
      noise_rng_(config.seed ^ kNoiseStream) {
  if (const std::string problem = validate(config_); !problem.empty()) throw InputError(problem);
  model_.set_threads(config_.threads);
  model_.init(init_rng_);
  adam_ = Adam<float>(model_.num_params(), config_.lr, config_.adam_beta1, config_.adam_beta2, config_.adam_eps);
  Rng test_rng(config_.seed + 1);
  test_eps_.resize(config_.shape.latent, data_->test.size());
  test_rng.fill_normal(test_eps_.data(), static_cast<size_t>(test_eps_.size()));
  order_.resize(static_cast<size_t>(data_->train.size()));
  start_epoch();
  remember_good();
}

void Trainer::remember_good() {
  good_params_ = model_.params();
  good_m_ = adam_.m();
  good_v_ = adam_.v();
  good_t_ = adam_.t();
  good_step_ = steps_done_;
}

void Trainer::roll_back() {
  model_.params() = good_params_;
  adam_.m() = good_m_;
  adam_.v() = good_v_;
  adam_.set_t(good_t_);
}

int Trainer::steps_per_epoch() const {
  return (data_->train.size() + config_.batch - 1) / config_.batch;  // the last partial batch is kept
}

void Trainer::set_lr(double lr) {
  config_.lr = lr;
  adam_.set_lr(lr);
}

void Trainer::start_epoch() {
  for (size_t i = 0; i < order_.size(); ++i) order_[i] = static_cast<int>(i);
  init_rng_.shuffle(order_);
  next_batch_ = 0;
  epoch_sum_ = LossParts{};
  epoch_seconds_ = 0;
}

void Trainer::gather_batch(int first, int count) {
  const auto& images = data_->train.images;
  batch_x_.resize(images.rows(), count);
  for (int i = 0; i < count; ++i) batch_x_.col(i) = images.col(order_[static_cast<size_t>(first + i)]);
  batch_eps_.resize(config_.shape.latent, count);
  noise_rng_.fill_normal(batch_eps_.data(), static_cast<size_t>(batch_eps_.size()));
}

StepStats Trainer::step() {
  if (next_batch_ >= steps_per_epoch()) start_epoch();
  const auto t0 = std::chrono::steady_clock::now();
  const int first = next_batch_ * config_.batch;
  const int count = std::min(config_.batch, data_->train.size() - first);
  gather_batch(first, count);

  StepStats stats;
  stats.beta = config_.beta_at(steps_done_);
  stats.loss = model_.train_batch(batch_x_, batch_eps_, config_.objective, stats.beta);
  stats.finite = std::isfinite(stats.loss.loss) && model_.grads().allFinite();
  if (stats.finite) {
    adam_.step(model_.params(), model_.grads());
    accumulate(epoch_sum_, stats.loss);
  } else {
    roll_back();
    stats.rolled_back_to = good_step_;
  }
  ++next_batch_;
  ++steps_done_;
  stats.step = steps_done_;
  stats.epoch = epochs_done_;
  stats.step_in_epoch = next_batch_;
  stats.steps_per_epoch = steps_per_epoch();
  epoch_seconds_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (stats.finite && steps_done_ % kGoodEvery == 0) remember_good();
  if (next_batch_ >= steps_per_epoch()) ++epochs_done_;
  return stats;
}

EpochStats Trainer::train_epoch(const std::function<void(const StepStats&)>& on_step) {
  if (next_batch_ >= steps_per_epoch()) start_epoch();
  do {
    const StepStats s = step();
    if (on_step) on_step(s);
    if (!s.finite)
      throw DivergedError(divergence_message(s, config_.lr));
  } while (next_batch_ < steps_per_epoch());
  EpochStats out;
  out.epoch = epochs_done_;
  out.train = average(epoch_sum_);
  out.seconds = epoch_seconds_;
  out.samples_per_s = epoch_seconds_ > 0 ? epoch_sum_.samples / epoch_seconds_ : 0;
  out.test = evaluate_test();
  return out;
}

LossParts Trainer::evaluate_test() {
  const auto& test = data_->test;
  LossParts sum;
  Mat<float> x, eps;
  const double beta = config_.beta_at(steps_done_);
  for (int first = 0; first < test.size(); first += kEvalChunk) {
    const int count = std::min(kEvalChunk, test.size() - first);
    x = test.images.middleCols(first, count);
    eps = test_eps_.middleCols(first, count);
    accumulate(sum, model_.evaluate(x, eps, config_.objective, beta));
  }
  return average(sum);
}

}  // namespace lex
