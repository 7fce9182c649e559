// Checkpoints: a round trip restores everything, continuing from a checkpoint gives the same
// numbers as never stopping, and damaged or foreign files are refused with one clear line.
#include <gtest/gtest.h>
#include <zlib.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "eval/metrics.hpp"
#include "io/checkpoint.hpp"
#include "mnist_fixture.hpp"
#include "train/trainer.hpp"
#include "util/error.hpp"

namespace lex {
namespace {

namespace fs = std::filesystem;

TrainConfig small_config() {
  TrainConfig c;
  c.arch.hidden = {32};
  c.batch = 64;
  c.seed = 5;
  return c;
}

class Checkpoints : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("lex_ckpt_" + std::to_string(::getpid()) + "_" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }

  std::vector<char> read(const std::string& p) {
    std::vector<char> b(fs::file_size(p));
    std::ifstream(p, std::ios::binary).read(b.data(), static_cast<long>(b.size()));
    return b;
  }
  void write(const std::string& p, const std::vector<char>& b) {
    std::ofstream(p, std::ios::binary | std::ios::trunc).write(b.data(), static_cast<long>(b.size()));
  }
  template <typename F>
  void expect_refused(F f, const std::string& problem) {
    try {
      f();
      ADD_FAILURE() << "loaded a bad checkpoint; expected '" << problem << "'";
    } catch (const InputError& e) {
      EXPECT_NE(std::string(e.what()).find(problem), std::string::npos) << e.what();
    }
  }
  fs::path dir_;
};

TEST_F(Checkpoints, ContinuingFromACheckpointEqualsNeverStopping) {
  auto data = test::mnist_subset(1000, 200);
  Trainer straight(small_config(), data);
  for (int i = 0; i < 25; ++i) straight.step();  // crosses an epoch boundary (16 steps an epoch)

  Trainer first(small_config(), data);
  for (int i = 0; i < 10; ++i) first.step();
  first.save(path("mid.ckpt"));
  auto resumed = Trainer::load(path("mid.ckpt"), data);
  EXPECT_EQ(resumed->steps_done(), 10);
  EXPECT_EQ(resumed->optimizer().t(), first.optimizer().t());
  EXPECT_EQ(resumed->model().params(), first.model().params());
  for (int i = 0; i < 15; ++i) resumed->step();
  EXPECT_EQ(resumed->model().params(), straight.model().params());  // bit-identical
  EXPECT_EQ(resumed->epochs_done(), straight.epochs_done());
  EXPECT_EQ(resumed->evaluate_test().loss, straight.evaluate_test().loss);
}

TEST_F(Checkpoints, RoundTripKeepsTheConfig) {
  TrainConfig c = small_config();
  c.objective.mode = Mode::kKlOnly;
  c.objective.beta = 0.37;
  c.warmup_steps = 123;
  c.lr = 3.3e-4;
  Trainer t(c, test::mnist_subset(300, 50));
  t.save(path("c.ckpt"));
  auto back = Trainer::load(path("c.ckpt"), test::mnist_subset(300, 50));
  EXPECT_EQ(back->config().objective.mode, Mode::kKlOnly);
  EXPECT_EQ(back->config().objective.beta, 0.37);
  EXPECT_EQ(back->config().warmup_steps, 123);
  EXPECT_EQ(back->config().lr, 3.3e-4);
  EXPECT_EQ(back->config().arch, t.config().arch);
}

TEST_F(Checkpoints, RefusesDamagedOrForeignFiles) {
  auto data = test::mnist_subset(300, 50);
  Trainer t(small_config(), data);
  t.save(path("good.ckpt"));
  const auto good = read(path("good.ckpt"));
  auto load = [&](const std::string& name) { return [&, name] { Trainer::load(path(name), data); }; };

  auto flipped = good;
  flipped[good.size() / 2] ^= 0x10;
  write(path("flipped.ckpt"), flipped);
  expect_refused(load("flipped.ckpt"), "checksum mismatch");

  write(path("truncated.ckpt"), std::vector<char>(good.begin(), good.begin() + static_cast<long>(good.size() / 3)));
  expect_refused(load("truncated.ckpt"), "checksum mismatch");

  auto foreign = good;
  foreign[0] = 'P';
  write(path("foreign.ckpt"), foreign);
  expect_refused(load("foreign.ckpt"), "not a latent-explorer checkpoint");

  auto version = good;
  version[8] = 7;
  write(path("version.ckpt"), version);
  expect_refused(load("version.ckpt"), "format version 7");

  // A header length beyond any real header (bytes 12..15, little-endian): the loader checks the
  // whole file's checksum first; the config reader the CLI uses reads only the header, and
  // refuses the length before it makes a buffer for it.
  auto long_header = good;
  long_header[15] = 0x7f;
  write(path("long_header.ckpt"), long_header);
  expect_refused(load("long_header.ckpt"), "checksum mismatch");
  expect_refused([&] { read_checkpoint_config(path("long_header.ckpt")); }, "header length");

  write(path("tiny.ckpt"), {'L', 'E'});
  expect_refused(load("tiny.ckpt"), "too short");
  write(path("empty.ckpt"), {});
  expect_refused(load("empty.ckpt"), "too short");
  expect_refused(load("missing.ckpt"), "not found");
  fs::create_directories(path("dir.ckpt"));
  expect_refused(load("dir.ckpt"), "not a regular file");
}

// Integers in the header must be stored as integers that fit: nlohmann's get<int>() casts a float
// with a plain conversion, undefined behaviour out of range (the fuzzer's find: an RNG word of
// 3.9e19). The file is rewritten with a valid checksum, so only the field is wrong.
TEST_F(Checkpoints, RefusesHeaderNumbersThatAreNotWholeOrDoNotFit) {
  auto data = test::mnist_subset(300, 50);
  Trainer t(small_config(), data);
  t.save(path("good.ckpt"));
  const auto good = read(path("good.ckpt"));
  auto u32 = [&](size_t at) {
    uint32_t v = 0;
    std::memcpy(&v, good.data() + at, 4);
    return v;
  };
  const uint32_t header_len = u32(12);
  const nlohmann::json header = nlohmann::json::parse(good.begin() + 16, good.begin() + 16 + header_len);
  auto with_header = [&](const nlohmann::json& h, const std::string& name) {
    const std::string text = h.dump();
    std::vector<char> out(good.begin(), good.begin() + 12);
    const uint32_t len = static_cast<uint32_t>(text.size());
    out.insert(out.end(), reinterpret_cast<const char*>(&len), reinterpret_cast<const char*>(&len) + 4);
    out.insert(out.end(), text.begin(), text.end());
    out.insert(out.end(), good.begin() + 16 + header_len, good.end() - 4);
    const uint32_t crc = static_cast<uint32_t>(crc32(0L, reinterpret_cast<const Bytef*>(out.data()), static_cast<uInt>(out.size())));
    out.insert(out.end(), reinterpret_cast<const char*>(&crc), reinterpret_cast<const char*>(&crc) + 4);
    write(path(name), out);
    return [this, &data, name] { Trainer::load(path(name), data); };
  };
  Trainer::load(path("good.ckpt"), data);
  with_header(header, "same.ckpt")();  // the rewriting itself keeps a file loadable

  nlohmann::json h = header;
  h["init_rng"]["words"][0] = 3.87e19;
  expect_refused(with_header(h, "float_word.ckpt"), "words is not a whole number in range");
  h = header;
  h["batch"] = 1e30;
  expect_refused(with_header(h, "float_batch.ckpt"), "batch is not a whole number in range");
  h = header;
  h["steps_done"] = 1.5;
  expect_refused(with_header(h, "fraction.ckpt"), "steps_done is not a whole number in range");
  h = header;
  h["latent"] = int64_t{1} << 40;
  expect_refused(with_header(h, "big_latent.ckpt"), "latent is not a whole number in range");
  h = header;
  h["num_params"] = -3;
  expect_refused(with_header(h, "negative.ckpt"), "num_params is not a whole number in range");
}

TEST_F(Checkpoints, AFailedSaveLeavesThePreviousFileIntact) {
  auto data = test::mnist_subset(300, 50);
  Trainer t(small_config(), data);
  t.save(path("keep.ckpt"));
  const auto before = read(path("keep.ckpt"));
  // Saving into a folder that does not exist fails without touching anything.
  EXPECT_THROW(t.save(path("no/such/folder/keep.ckpt")), InputError);
  t.step();
  // A save whose rename cannot happen (the target is a directory) fails too.
  fs::create_directories(path("busy.ckpt"));
  EXPECT_THROW(t.save(path("busy.ckpt")), InputError);
  EXPECT_EQ(read(path("keep.ckpt")), before);
  for (const auto& entry : fs::directory_iterator(dir_))
    EXPECT_EQ(entry.path().string().find(".tmp."), std::string::npos) << "left a temporary file behind";
}

// fixtures/v1_mlp16_z2.ckpt was written by the code of format version 1 (commit 407431f:
// `train --hidden 16 --latent 2 --epochs 30 --batch 50 --seed 3` on the first 1,000 training
// images), and `eval --iw 10 --json` of that code on full MNIST printed the numbers below.
TEST_F(Checkpoints, Version1FileLoadsWithTheSameNumbers) {
  auto t = Trainer::load(std::string(LEX_FIXTURE_DIR) + "/v1_mlp16_z2.ckpt", test::mnist());
  const TrainConfig& c = t->config();
  EXPECT_EQ(arch_text(c.arch), "mlp:16");
  EXPECT_EQ(c.arch.latent, 2);
  EXPECT_FALSE(c.arch.conditional);
  EXPECT_EQ(t->epochs_done(), 30);
  const LossParts test = t->evaluate_test();
  EXPECT_NEAR(test.loss, 213.1775626326561, 1e-4);
  EXPECT_NEAR(test.recon, 207.75778508758546, 1e-4);
  EXPECT_NEAR(test.kl, 5.419777545070648, 1e-5);
  FrozenModel model = t->frozen();
  Rng rng(c.seed + 2);
  EXPECT_NEAR(importance_weighted_log_px(model, c.objective, test::mnist()->test.images, {}, 10, rng),
              -209.3020022618378, 1e-4);
  const LatentStats stats = latent_stats(encode_all(model, test::mnist()->test.images, {}), c.objective.mode);
  EXPECT_NEAR(stats.mean[0], -1.3174702319592237, 1e-5);
  EXPECT_NEAR(stats.std[1], 0.8514539463148169, 1e-5);
  // Saved again, it is a version 2 file with the same model.
  t->save(path("v2.ckpt"));
  auto back = Trainer::load(path("v2.ckpt"), test::mnist());
  EXPECT_EQ(back->model().params(), t->model().params());
  EXPECT_EQ(read_checkpoint_config(path("v2.ckpt")).arch, c.arch);
}

TEST_F(Checkpoints, EveryArchitectureRoundTrips) {
  auto data = test::mnist_subset(300, 50);
  for (const char* arch : {"mlp:24,12", "conv"})
    for (bool cond : {false, true}) {
      TrainConfig c = small_config();
      ASSERT_EQ(parse_arch(arch, c.arch), "");
      c.arch.conditional = cond;
      c.batch = 32;
      Trainer t(c, data);
      for (int i = 0; i < 3; ++i) t.step();
      t.save(path("a.ckpt"));
      auto back = Trainer::load(path("a.ckpt"), data);
      EXPECT_EQ(back->config().arch, t.config().arch) << arch << (cond ? " cond" : "");
      EXPECT_EQ(back->model().params(), t.model().params()) << arch << (cond ? " cond" : "");
      EXPECT_EQ(back->evaluate_test().loss, t.evaluate_test().loss) << arch << (cond ? " cond" : "");
      back->step();
      t.step();
      EXPECT_EQ(back->model().params(), t.model().params()) << arch << (cond ? " cond" : "");
    }
}

TEST_F(Checkpoints, RefusesDataOfAnotherShapeOrClassCount) {
  auto data = test::mnist_subset(300, 50);
  Trainer(small_config(), data).save(path("m.ckpt"));
  auto fewer = std::make_shared<DataSplit>(*data);
  fewer->class_names.resize(9);
  expect_refused([&] { Trainer::load(path("m.ckpt"), fewer); }, "the model is for 1x28x28 images in 10 classes");
  auto bigger = std::make_shared<DataSplit>(*data);
  bigger->shape = {1, 28, 29};
  expect_refused([&] { Trainer::load(path("m.ckpt"), bigger); }, "has 1x28x29 images");
}

}  // namespace
}  // namespace lex
