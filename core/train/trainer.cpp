#include "train/trainer.hpp"

#include <omp.h>

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

// The model's input shape and classes are the data's.
TrainConfig fitted_to(TrainConfig c, const DataSplit* data) {
  if (!data) throw InputError("trainer: no data");
  c.arch.input = data->shape;
  c.arch.classes = data->classes();
  return c;
}

// Checked before any member is built from it.
const TrainConfig& validated(const TrainConfig& c) {
  if (const std::string problem = validate(c); !problem.empty()) throw InputError(problem);
  return c;
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
                static_cast<long long>(s.progress.steps_done), static_cast<long long>(s.rolled_back_to), lr);
  return buf;
}

std::string data_mismatch(const ArchSpec& model, const DataSplit& data) {
  if (model.input == data.shape && model.classes == data.classes()) return "";
  return "the model is for " + to_string(model.input) + " images in " + std::to_string(model.classes) + " classes, but " +
         data.dir + " has " + to_string(data.shape) + " images in " + std::to_string(data.classes()) + " classes";
}

std::unique_ptr<Trainer> Trainer::start_from(const TrainConfig& config, const Vec<float>& params,
                                             std::shared_ptr<const DataSplit> data, const std::string& source) {
  if (!data) throw InputError(source + ": no data to train on");
  if (const std::string problem = data_mismatch(config.arch, *data); !problem.empty()) throw file_error(source, problem);
  auto trainer = std::make_unique<Trainer>(config, std::move(data));
  if (params.size() != trainer->model_.params().size())
    throw file_error(source, "holds " + std::to_string(params.size()) + " parameters, the model needs " +
                                 std::to_string(trainer->model_.params().size()));
  trainer->model_.params() = params;  // the same size: the replicas' view of the buffer stays valid
  trainer->remember_good();
  return trainer;
}

Trainer::Trainer(const TrainConfig& config, std::shared_ptr<const DataSplit> data)
    : config_(validated(fitted_to(config, data.get()))),
      data_(prepared(std::move(data), config.binarize)),
      model_(config_.arch),
      init_rng_(config.seed),
      noise_rng_(config.seed ^ kNoiseStream) {
  model_.init(init_rng_);
  adam_ = Adam<float>(model_.num_params(), config_.adam_beta1, config_.adam_beta2, config_.adam_eps);
  Rng test_rng(config_.seed + 1);
  test_eps_.resize(config_.arch.latent, data_->test.size());
  test_rng.fill_normal(test_eps_.data(), static_cast<size_t>(test_eps_.size()));
  order_.resize(static_cast<size_t>(data_->train.size()));
  for (int t = 1; t < config_.threads; ++t)
    replicas_.push_back(std::make_unique<Model<float>>(config_.arch, model_.params()));
  slice_x_.resize(static_cast<size_t>(config_.threads));
  slice_eps_.resize(static_cast<size_t>(config_.threads));
  slice_labels_.resize(static_cast<size_t>(config_.threads));
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

void Trainer::set_lr(double lr) { config_.lr = lr; }

Progress Trainer::progress() const {
  return {steps_done_, epochs_done_, next_batch_, steps_per_epoch(), config_.beta_at(steps_done_)};
}

void Trainer::start_epoch() {
  for (size_t i = 0; i < order_.size(); ++i) order_[i] = static_cast<int>(i);
  init_rng_.shuffle(order_);
  next_batch_ = 0;
  epoch_sum_ = LossParts{};
  epoch_seconds_ = 0;
}

namespace {

constexpr int kGatherAhead = 4;

void prefetch_image(const Eigen::MatrixXf& images, int index) {
  const char* p = reinterpret_cast<const char*>(images.col(index).data());
  const char* end = p + images.rows() * static_cast<long>(sizeof(float));
  for (; p < end; p += 64) __builtin_prefetch(p);
}

}  // namespace

void Trainer::gather_batch(int first, int count) {
  // The noise is drawn for the whole batch in one go, so it does not depend on the slicing.
  const auto& images = data_->train.images;
  const auto& labels = data_->train.labels;
  const int Z = config_.arch.latent, T = config_.threads;
  Mat<float> eps(Z, count);
  noise_rng_.fill_normal(eps.data(), static_cast<size_t>(eps.size()));
  for (int t = 0; t < T; ++t) {
    const int begin = count * t / T, end = count * (t + 1) / T;
    auto& x = slice_x_[static_cast<size_t>(t)];
    auto& y = slice_labels_[static_cast<size_t>(t)];
    x.resize(images.rows(), end - begin);
    y.resize(static_cast<size_t>(end - begin));
    for (int i = begin; i < end; ++i) {
      // The images are scattered over 188 MB, so each copy waits on memory; asking for the image
      // a few places ahead overlaps those waits.
      if (i + kGatherAhead < count) prefetch_image(images, order_[static_cast<size_t>(first + i + kGatherAhead)]);
      const int index = order_[static_cast<size_t>(first + i)];
      x.col(i - begin) = images.col(index);
      y[static_cast<size_t>(i - begin)] = labels[static_cast<size_t>(index)];
    }
    slice_eps_[static_cast<size_t>(t)] = eps.middleCols(begin, end - begin);
  }
}

// Forward and backward of every slice, gradients combined into model_.grads() (each slice's
// gradient is of its own mean loss, so slice t is weighted by its share of the batch), then the
// Adam step if everything is finite.
LossParts Trainer::train_slices(double beta, bool& finite) {
  const int T = config_.threads;
  if (T == 1) {
    const LossParts loss = model_.train_batch(slice_x_[0], slice_labels_[0], slice_eps_[0], config_.objective, beta);
    // Stepped before the check: a non-finite step is undone by step()'s roll-back (adam.hpp).
    const double squared_norm = adam_.step(model_.params(), model_.grads(), config_.lr);
    finite = std::isfinite(loss.loss) && std::isfinite(squared_norm);
    return loss;
  }
  std::vector<LossParts> parts(static_cast<size_t>(T));
  std::vector<double> norms(static_cast<size_t>(T));
  double total = 0;
  for (const auto& x : slice_x_) total += static_cast<double>(x.cols());
  const Eigen::Index n = static_cast<Eigen::Index>(model_.num_params());
  bool ok = true;
#pragma omp parallel num_threads(T)
  {
    const int t = omp_get_thread_num();
    Model<float>& model = t == 0 ? model_ : *replicas_[static_cast<size_t>(t - 1)];
    const auto ts = static_cast<size_t>(t);
    parts[ts] = model.train_batch(slice_x_[ts], slice_labels_[ts], slice_eps_[ts], config_.objective, beta);
#pragma omp barrier
    const Eigen::Index begin = n * t / T, end = n * (t + 1) / T;
    auto g = model_.grads().segment(begin, end - begin);
    g *= static_cast<float>(static_cast<double>(slice_x_[0].cols()) / total);
    for (int r = 1; r < T; ++r)
      g += static_cast<float>(static_cast<double>(slice_x_[static_cast<size_t>(r)].cols()) / total) *
           replicas_[static_cast<size_t>(r - 1)]->grads().segment(begin, end - begin);
    norms[ts] = g.squaredNorm();
#pragma omp barrier
#pragma omp single
    {
      double norm = 0, loss = 0;
      for (int r = 0; r < T; ++r) {
        norm += norms[static_cast<size_t>(r)];
        loss += parts[static_cast<size_t>(r)].loss;
      }
      ok = std::isfinite(norm) && std::isfinite(loss);
      if (ok) adam_.begin_step(config_.lr);
    }  // implicit barrier
    if (ok) adam_.update(model_.params(), model_.grads(), begin, end);
  }
  finite = ok;
  LossParts sum;
  for (const auto& p : parts) accumulate(sum, p);
  return average(sum);
}

StepStats Trainer::step() {
  if (next_batch_ >= steps_per_epoch()) start_epoch();
  const auto t0 = std::chrono::steady_clock::now();
  const int first = next_batch_ * config_.batch;
  const int count = std::min(config_.batch, data_->train.size() - first);
  gather_batch(first, count);

  StepStats stats;
  const double beta = config_.beta_at(steps_done_);
  stats.loss = train_slices(beta, stats.finite);
  if (stats.finite) {
    accumulate(epoch_sum_, stats.loss);
  } else {
    roll_back();
    stats.rolled_back_to = good_step_;
  }
  ++next_batch_;
  ++steps_done_;
  epoch_seconds_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (stats.finite && steps_done_ % kGoodEvery == 0) remember_good();
  if (next_batch_ >= steps_per_epoch()) ++epochs_done_;
  stats.progress = progress();
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
    const Labels labels(test.labels.data() + first, static_cast<size_t>(count));
    accumulate(sum, model_.evaluate(x, labels, eps, config_.objective, beta));
  }
  return average(sum);
}

}  // namespace lex
