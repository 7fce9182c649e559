// 1,000 random commands to a training worker (start, pause, step, reconfigure, reset, learning
// rate, beta, stop and start again) while another thread keeps reading its snapshots, status and
// loss points. Passes if nothing deadlocks or crashes; the sanitizer builds (scripts/check.sh) run
// it under ThreadSanitizer and AddressSanitizer for races and leaks.
#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <thread>

#include "train/worker.hpp"
#include "util/rng.hpp"

namespace lex {
namespace {

std::shared_ptr<const DataSplit> tiny_data() {
  auto d = std::make_shared<DataSplit>();
  Rng rng(1);
  d->shape = {1, 28, 28};
  d->class_names = numbered_class_names(10);
  d->train.images = Eigen::MatrixXf::Zero(d->shape.pixels(), 96);
  d->test.images = Eigen::MatrixXf::Zero(d->shape.pixels(), 24);
  for (Eigen::Index i = 0; i < d->train.images.size(); i += 5) d->train.images.data()[i] = static_cast<float>(rng.uniform01());
  for (Eigen::Index i = 0; i < d->test.images.size(); i += 5) d->test.images.data()[i] = static_cast<float>(rng.uniform01());
  for (int i = 0; i < 96; ++i) d->train.labels.push_back(static_cast<uint8_t>(i % 10));
  for (int i = 0; i < 24; ++i) d->test.labels.push_back(static_cast<uint8_t>(i % 10));
  return d;
}

TEST(WorkerStress, ThousandRandomCommandsWhileReading) {
  const auto data = tiny_data();
  TrainConfig base;
  base.arch.hidden = {8};
  base.batch = 16;
  auto worker = std::make_shared<TrainingWorker>(base, "", true, data);
  std::atomic<bool> done{false};
  // The worker in use, swapped now and then; guarded by a mutex (libstdc++ 12's
  // atomic<shared_ptr> hides its lock from ThreadSanitizer).
  std::mutex current_mutex;
  std::shared_ptr<TrainingWorker> current_worker = worker;
  auto current = [&] {
    std::lock_guard lock(current_mutex);
    return current_worker;
  };
  std::atomic<int64_t> snapshots_seen{0};

  std::thread reader([&] {
    std::vector<LossPoint> points;
    while (!done.load()) {
      auto w = current();
      if (auto snap = w->snapshot()) {
        // Touch the data the UI would: the model (its own copy) and the test set's codes.
        FrozenModel model = snap->model;
        Mat<float> z = snap->test_mu.leftCols(std::min<Eigen::Index>(4, snap->test_mu.cols())), probs;
        model.decode_probabilities(z, {}, probs);
        ASSERT_TRUE(probs.allFinite());
        snapshots_seen.fetch_add(1);
      }
      (void)w->status();
      points.clear();
      w->drain_loss_points(points);
    }
  });

  Rng rng(2024);
  for (int i = 0; i < 1000; ++i) {
    auto w = current();
    switch (rng.below(9)) {
      case 0: w->play(); break;
      case 1: w->pause(); break;
      case 2: w->single_step(); break;
      case 3: w->reset(); break;
      case 4: {
        TrainConfig c = base;
        c.arch.latent = 1 + static_cast<int>(rng.below(4));
        c.objective.mode = static_cast<Mode>(rng.below(3));
        c.batch = 8 + static_cast<int>(rng.below(24));
        w->reconfigure(c);
        break;
      }
      case 5: w->set_lr(rng.uniform(1e-4, 1e-2)); break;
      case 6: w->set_beta(rng.uniform(0, 2)); break;
      case 7: w->set_warmup(static_cast<int>(rng.below(50))); break;
      case 8: {  // stop this worker and start another (the reader may still hold the old one)
        auto next = std::make_shared<TrainingWorker>(base, "", rng.below(2) == 0, data);
        std::lock_guard lock(current_mutex);
        current_worker = std::move(next);
        break;
      }
    }
    if (rng.below(50) == 0) w->wait_idle();
  }
  current()->wait_idle();
  done.store(true);
  reader.join();
  EXPECT_GT(snapshots_seen.load(), 0);
  EXPECT_TRUE(current()->status().error.empty()) << current()->status().error;
}

}  // namespace
}  // namespace lex
