// The training worker, headless: it trains in the background, publishes immutable snapshots,
// applies commands, survives bad input, and stops cleanly. Also run under ThreadSanitizer.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "../tools/image_folder_writer.hpp"
#include "mnist_fixture.hpp"
#include "train/worker.hpp"
#include "util/error.hpp"
#include "util/threads.hpp"

namespace lex {
namespace {

using namespace std::chrono_literals;

TrainConfig small() {
  TrainConfig c;
  c.arch.hidden = {32};
  c.batch = 64;
  return c;
}

// Waits for an event; the limit only stops a broken build from hanging (ctest has its own).
template <typename Pred>
bool eventually(Pred pred, std::chrono::milliseconds limit = 120s) {
  const auto end = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < end) {
    if (pred()) return true;
    std::this_thread::sleep_for(5ms);
  }
  return false;
}

TEST(Worker, TrainsInTheBackgroundAndPublishesSnapshots) {
  TrainingWorker w(small(), "", true, test::mnist_subset(1000, 100));
  ASSERT_TRUE(eventually([&] { return w.status().progress.steps_done > 40; }));
  auto snap = w.snapshot();
  ASSERT_TRUE(snap);
  EXPECT_EQ(snap->test_mu.rows(), 2);
  EXPECT_EQ(snap->test_mu.cols(), 100);
  EXPECT_EQ(snap->model.latent(), 2);
  std::vector<LossPoint> points;
  ASSERT_TRUE(eventually([&] {
    w.drain_loss_points(points);
    for (const auto& p : points)
      if (p.is_test) return true;
    return false;
  }));
  EXPECT_GT(points.size(), 10u);
  w.pause();
  w.wait_idle();
  const auto paused_at = w.status().progress.steps_done;
  std::this_thread::sleep_for(50ms);
  EXPECT_EQ(w.status().progress.steps_done, paused_at);
  w.single_step();
  ASSERT_TRUE(eventually([&] { return w.status().progress.steps_done == paused_at + 1; }));
}

TEST(Worker, ReconfigureStartsANewModelGeneration) {
  TrainingWorker w(small(), "", false, test::mnist_subset(500, 50));
  ASSERT_TRUE(eventually([&] { return w.snapshot() != nullptr; }));
  const uint64_t first = w.snapshot()->generation;
  TrainConfig c = small();
  c.arch.latent = 5;
  c.objective.mode = Mode::kAe;
  w.reconfigure(c);
  w.wait_idle();
  auto snap = w.snapshot();
  EXPECT_GT(snap->generation, first);
  EXPECT_EQ(snap->test_mu.rows(), 5);
  EXPECT_EQ(snap->config.objective.mode, Mode::kAe);
  // An invalid config is reported and the current model stays.
  c.arch.latent = 0;
  w.reconfigure(c);
  w.wait_idle();
  EXPECT_FALSE(w.status().error.empty());
  EXPECT_EQ(w.snapshot()->test_mu.rows(), 5);
}

TEST(Worker, BadDataDirectoryIsReportedAndTheModelKept) {
  TrainingWorker none(small(), "/definitely/not/here", true);
  ASSERT_TRUE(eventually([&] { return !none.status().error.empty(); }));
  EXPECT_NE(none.status().error.find("/definitely/not/here"), std::string::npos);
  EXPECT_FALSE(none.status().has_model);

  TrainingWorker w(small(), "", false, test::mnist_subset(300, 50));
  ASSERT_TRUE(eventually([&] { return w.snapshot() != nullptr; }));
  w.set_data_dir("/definitely/not/here");
  w.wait_idle();
  EXPECT_FALSE(w.status().error.empty());
  EXPECT_TRUE(w.status().has_model);
  EXPECT_EQ(w.snapshot()->test_mu.cols(), 50);
}

TEST(Worker, AnImageFolderLoadsAtItsImageSizeAndABrokenOneKeepsTheModel) {
  namespace fs = std::filesystem;
  const test::detail::TempFolder folder{(fs::temp_directory_path() / ("lex_worker_images_" + std::to_string(::getpid()))).string()};
  test::write_image_folder(*test::mnist_subset(200, 40), folder.path);
  TrainingWorker w(small(), "", false, test::mnist_subset(300, 50), 16);
  ASSERT_TRUE(eventually([&] { return w.snapshot() != nullptr; }));
  w.set_data_dir(folder.path);
  w.wait_idle();
  EXPECT_EQ(w.status().error, "");
  EXPECT_NE(w.status().notice.find("loaded"), std::string::npos) << w.status().notice;
  ASSERT_TRUE(eventually([&] { return w.snapshot()->data->dir == folder.path; }));
  EXPECT_EQ(w.snapshot()->data->shape, (ImageShape{1, 16, 16}));
  EXPECT_EQ(w.snapshot()->test_mu.cols(), 40);
  // A file that does not decode: named in the error, and the model trained on the folder stays.
  std::ofstream(folder.path + "/train/3/broken.png") << "not a PNG";
  w.set_data_dir(folder.path);
  w.wait_idle();
  EXPECT_NE(w.status().error.find("train/3/broken.png"), std::string::npos) << w.status().error;
  EXPECT_TRUE(w.status().has_model);
  EXPECT_EQ(w.snapshot()->data->shape, (ImageShape{1, 16, 16}));
}

TEST(Worker, LoadingACheckpointOfAnotherShapeCanBeRefused) {
  auto data = test::mnist_subset(300, 50);
  TrainConfig other = small();
  other.arch.latent = 3;
  const std::string path = testing::TempDir() + "/lex_worker_shape.ckpt";
  Trainer(other, data).save(path);
  TrainingWorker w(small(), "", false, data);
  w.load(path, TrainingWorker::LoadShape::kRequireSameShape);
  w.wait_idle();
  EXPECT_NE(w.status().error.find("differs from the current model"), std::string::npos) << w.status().error;
  EXPECT_EQ(w.snapshot()->test_mu.rows(), 2);  // the current model stays
  w.load(path);  // adopting the checkpoint's shape is the default
  w.wait_idle();
  EXPECT_EQ(w.snapshot()->test_mu.rows(), 3);
  std::remove(path.c_str());
}

TEST(Worker, LoadingACheckpointOfTheSameShapeIsAccepted) {
  // The worker's own config gets the data's input shape and classes, as a loaded checkpoint's
  // has them: without that, "the same shape" never matched and the GUI's Load always refused.
  auto data = test::mnist_subset(300, 50);
  const std::string path = testing::TempDir() + "/lex_worker_same_shape.ckpt";
  Trainer trained(small(), data);
  for (int i = 0; i < 3; ++i) trained.step();
  trained.save(path);
  TrainingWorker w(small(), "", false, data);
  ASSERT_TRUE(eventually([&] { return w.snapshot() != nullptr; }));
  w.reset();  // a rebuilt model too
  w.load(path, TrainingWorker::LoadShape::kRequireSameShape);
  w.wait_idle();
  EXPECT_EQ(w.status().error, "");
  EXPECT_EQ(w.snapshot()->progress.steps_done, 3);
  std::remove(path.c_str());
}

TEST(Threads, StartPlacedPassesAnExceptionToTheCaller) {
  // A worker whose start-up throws on the placing thread must not end the program.
  EXPECT_THROW(start_placed(Cores::kAllButTheFirst, [] { throw InputError("no data"); }), InputError);
  int ran = 0;
  start_placed(Cores::kAll, [&] { ++ran; });
  EXPECT_EQ(ran, 1);
}

TEST(Worker, DivergenceStopsTrainingAndReportsIt) {
  TrainConfig c = small();
  c.lr = 10.0;
  TrainingWorker w(c, "", true, test::mnist_subset(3000, 50));
  ASSERT_TRUE(eventually([&] { return !w.status().error.empty(); }));
  EXPECT_NE(w.status().error.find("diverged"), std::string::npos);
  EXPECT_EQ(w.status().state, RunState::kPaused);
  EXPECT_TRUE(w.snapshot()->test_mu.allFinite());
}

}  // namespace
}  // namespace lex
