// Image folders: the resize, the layout (classes, skipped files, the common size), MNIST saved as
// PNG loading to the IDX numbers, and hostile folders, each an InputError naming the culprit.
#include <gtest/gtest.h>
#include <stb_image_write.h>  // the implementation is Debian's libstb
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <numeric>

#include "../tools/image_folder_writer.hpp"
#include "data/image_folder.hpp"
#include "data/resize.hpp"
#include "mnist_fixture.hpp"
#include "util/error.hpp"

namespace lex {
namespace {

namespace fs = std::filesystem;

GreyImage image_of(int width, int height, std::vector<float> pixels) {
  GreyImage g;
  g.width = width;
  g.height = height;
  g.pixels = std::move(pixels);
  return g;
}

// --- the resize -----------------------------------------------------------------------------------

TEST(Resize, AConstantImageStaysConstant) {
  const GreyImage flat = image_of(7, 5, std::vector<float>(35, 0.37f));
  for (auto [h, w] : {std::pair{2, 3}, {5, 7}, {11, 13}, {3, 20}, {1, 1}, {40, 2}}) {
    const GreyImage out = resize_grey(flat, h, w);
    ASSERT_EQ(out.pixels.size(), static_cast<size_t>(h * w));
    for (float v : out.pixels) EXPECT_NEAR(v, 0.37f, 1e-6f) << h << " x " << w;
  }
}

TEST(Resize, HalvingAveragesEachTwoByTwoBlock) {
  // A 2x2 checker becomes its mean; a 4x4 image becomes its four block means.
  EXPECT_NEAR(resize_grey(image_of(2, 2, {0, 1, 1, 0}), 1, 1).pixels[0], 0.5f, 1e-6f);
  const GreyImage four = image_of(4, 4, {0, 1, 0.2f, 0.2f,  //
                                         1, 0, 0.2f, 0.2f,  //
                                         1, 1, 0.0f, 0.0f,  //
                                         1, 1, 0.0f, 0.4f});
  const GreyImage two = resize_grey(four, 2, 2);
  EXPECT_NEAR(two.at(0, 0), 0.5f, 1e-6f);
  EXPECT_NEAR(two.at(0, 1), 0.2f, 1e-6f);
  EXPECT_NEAR(two.at(1, 0), 1.0f, 1e-6f);
  EXPECT_NEAR(two.at(1, 1), 0.1f, 1e-6f);
}

TEST(Resize, ShrinkingByAFractionWeighsPartlyCoveredPixels) {
  // 3 -> 2: output 0 covers source [0, 1.5): pixel 0 fully, pixel 1 half, weights 2/3 and 1/3;
  // output 1 covers [1.5, 3): pixel 1 half, pixel 2 fully, weights 1/3 and 2/3.
  const GreyImage out = resize_grey(image_of(3, 1, {0.0f, 0.6f, 0.9f}), 1, 2);
  EXPECT_NEAR(out.pixels[0], 0.2f, 1e-6f);
  EXPECT_NEAR(out.pixels[1], 0.8f, 1e-6f);
}

TEST(Resize, GrowingInterpolatesBetweenPixelCentres) {
  // 2 -> 4: output centres at source -0.25, 0.25, 0.75, 1.25; the outer two repeat the edges.
  const GreyImage out = resize_grey(image_of(2, 1, {0.0f, 1.0f}), 1, 4);
  EXPECT_NEAR(out.pixels[0], 0.0f, 1e-6f);
  EXPECT_NEAR(out.pixels[1], 0.25f, 1e-6f);
  EXPECT_NEAR(out.pixels[2], 0.75f, 1e-6f);
  EXPECT_NEAR(out.pixels[3], 1.0f, 1e-6f);
  // Growing one axis and shrinking the other: each axis on its own.
  const GreyImage mixed = resize_grey(image_of(2, 2, {0.0f, 1.0f, 0.0f, 1.0f}), 4, 1);
  for (float v : mixed.pixels) EXPECT_NEAR(v, 0.5f, 1e-6f);
}

TEST(Resize, TheSameSizeIsACopy) {
  const GreyImage src = image_of(3, 2, {0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f});
  EXPECT_EQ(resize_grey(src, 2, 3).pixels, src.pixels);
}

// --- folders --------------------------------------------------------------------------------------

class ImageFolder : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("lex_imgfolder_" + std::to_string(::getpid()) + "_" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // A w x h grey PNG at dir_/relative, every pixel `value`.
  std::string png(const std::string& relative, int w = 4, int h = 4, uint8_t value = 128) {
    const fs::path p = dir_ / relative;
    fs::create_directories(p.parent_path());
    const std::vector<uint8_t> pixels(static_cast<size_t>(w) * h, value);
    EXPECT_TRUE(stbi_write_png(p.c_str(), w, h, 1, pixels.data(), w));
    return p.string();
  }
  std::string text(const std::string& relative, const std::string& content) {
    const fs::path p = dir_ / relative;
    fs::create_directories(p.parent_path());
    std::ofstream(p) << content;
    return p.string();
  }
  // The smallest good folder: classes a and b in train and test.
  void good_folder() {
    png("train/a/1.png");
    png("train/b/1.png");
    png("test/a/1.png");
    png("test/b/1.png");
  }

  template <class F>
  void expect_error(F f, const std::string& who, const std::string& problem) {
    try {
      f();
      ADD_FAILURE() << "no error; expected '" << problem << "'";
    } catch (const InputError& e) {
      const std::string msg = e.what();
      EXPECT_NE(msg.find(who), std::string::npos) << msg;
      EXPECT_NE(msg.find(problem), std::string::npos) << msg;
      EXPECT_EQ(msg.find('\n'), std::string::npos) << msg;
    }
  }
  void expect_load_error(const std::string& who, const std::string& problem, DataOptions options = {}) {
    expect_error([&] { load_data_dir(dir_.string(), options); }, who, problem);
  }

  fs::path dir_;
};

TEST_F(ImageFolder, MnistSavedAsPngLoadsToTheIdxNumbers) {
  const auto idx = test::mnist_subset(300, 100);
  test::write_image_folder(*idx, dir_.string());
  const DataSplit folder = load_data_dir(dir_.string());
  EXPECT_EQ(folder.shape, idx->shape);
  EXPECT_EQ(folder.class_names, idx->class_names);
  EXPECT_EQ(folder.name, dir_.filename().string());
  // The folder lists each class's files in index order, so class by class the images match.
  for (auto [from, loaded] : {std::pair{&idx->train, &folder.train}, {&idx->test, &folder.test}}) {
    ASSERT_EQ(loaded->size(), from->size());
    int k = 0;
    for (int c = 0; c < idx->classes(); ++c)
      for (int n = 0; n < from->size(); ++n) {
        if (from->labels[n] != c) continue;
        ASSERT_EQ(loaded->labels[k], c);
        EXPECT_LE((loaded->images.col(k) - from->images.col(n)).cwiseAbs().maxCoeff(), 0.5f / 255) << "image " << n;
        ++k;
      }
  }
}

TEST_F(ImageFolder, ResizedAndInvertedDigitsKeepTheirClasses) {
  const auto idx = test::mnist_subset(60, 20);
  test::write_image_folder(*idx, dir_.string(), {.size = 40, .invert = true, .format = "jpg"});
  DataOptions options;
  options.image_size = 28;
  const DataSplit folder = load_data_dir(dir_.string(), options);
  EXPECT_EQ(folder.shape, (ImageShape{1, 28, 28}));
  EXPECT_EQ(folder.train.size(), 60);
  // Inverted: the paper is white now. Most of MNIST's pixels are background.
  EXPECT_GT(folder.train.images.mean(), 0.75f);
}

TEST_F(ImageFolder, ClassesSortedOtherFilesSkippedSubfoldersRead) {
  png("train/zebra/1.png");
  png("train/ant/2.png");
  png("train/ant/1.png");
  png("train/ant/deeper/3.PNG");
  text("train/ant/notes.txt", "not an image");
  text("train/ant/.hidden.png", "a macOS companion file, not an image");
  text("train/.cache/x.png", "not a class");
  text("train/README.md", "a loose file beside the classes");
  png("test/zebra/1.png");
  const DataSplit d = load_data_dir(dir_.string());
  EXPECT_EQ(d.class_names, (std::vector<std::string>{"ant", "zebra"}));
  EXPECT_EQ(d.train.labels, (std::vector<uint8_t>{0, 0, 0, 1}));
  EXPECT_EQ(d.test.labels, (std::vector<uint8_t>{1}));  // a test set may lack classes
  EXPECT_EQ(d.classes(), 2);
}

TEST_F(ImageFolder, TheMostCommonTrainingSizeWinsUnlessOneIsGiven) {
  png("train/a/1.png", 6, 4, 0);
  png("train/a/2.png", 6, 4, 0);
  png("train/b/1.png", 10, 10, 255);
  png("test/a/1.png", 3, 3, 255);
  const DataSplit d = load_data_dir(dir_.string());
  EXPECT_EQ(d.shape, (ImageShape{1, 4, 6}));
  EXPECT_NEAR(d.train.images.col(2).minCoeff(), 1.0f, 1e-6f);  // the 10x10 white image, shrunk
  EXPECT_NEAR(d.test.images.col(0).minCoeff(), 1.0f, 1e-6f);   // the 3x3 white image, grown
  DataOptions options;
  options.image_size = 8;
  EXPECT_EQ(load_data_dir(dir_.string(), options).shape, (ImageShape{1, 8, 8}));
}

TEST_F(ImageFolder, ProgressCountsUpToTheTotal) {
  for (int i = 0; i < 200; ++i) png("train/" + std::to_string(i % 3) + "/" + std::to_string(i) + ".png");
  png("test/0/1.png");
  std::vector<std::pair<int, int>> calls;
  DataOptions options;
  options.progress = [&](int done, int total) { calls.emplace_back(done, total); };
  load_data_dir(dir_.string(), options);
  ASSERT_FALSE(calls.empty());
  EXPECT_EQ(calls.back().first, calls.back().second);
  EXPECT_EQ(calls.back().second, 200 + 201);  // the training headers, then every image
  for (size_t i = 1; i < calls.size(); ++i) EXPECT_GT(calls[i].first, calls[i - 1].first);
}

TEST_F(ImageFolder, IdxDataTakesTheImageSizeToo) {
  const auto idx = test::mnist_subset(20, 10);
  DataOptions options;
  options.image_size = 14;
  const DataSplit small = load_data_dir(idx->dir, options);
  EXPECT_EQ(small.shape, (ImageShape{1, 14, 14}));
  EXPECT_EQ(small.train.images.rows(), 196);
  EXPECT_NEAR(small.train.images.col(0).mean(), idx->train.images.col(0).mean(), 1e-5f);  // area averages keep the mean
}

// --- hostile folders --------------------------------------------------------------------------------

TEST_F(ImageFolder, AnUndecodableImageIsNamed) {
  good_folder();
  const std::string bad = text("train/b/broken.png", "this is not a PNG");
  expect_load_error(bad, "not an image we can decode");
  fs::remove(bad);
  const std::string bad_test = text("test/a/zz.jpg", "\xff\xd8\xff garbage");
  expect_load_error(bad_test, "decode");
}

TEST_F(ImageFolder, AHugeHeaderIsRefusedBeforeDecoding) {
  good_folder();
  // A PNG signature and an IHDR claiming 30000 x 30000 grey pixels, and nothing more.
  std::vector<uint8_t> b = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
  for (uint32_t v : {30000u, 30000u})
    for (int s = 24; s >= 0; s -= 8) b.push_back(static_cast<uint8_t>(v >> s));
  for (uint8_t v : {8, 0, 0, 0, 0, 0, 0, 0, 0}) b.push_back(v);
  const std::string path = (dir_ / "train/a/huge.png").string();
  std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(b.data()), static_cast<long>(b.size()));
  expect_load_error(path, "30000 x 30000 pixels is over the limit");
  DataOptions options;  // with the size given, the headers are not read first: the decode refuses it
  options.image_size = 4;
  expect_load_error(path, "30000 x 30000 pixels is over the limit", options);
}

TEST_F(ImageFolder, EmptyAndMissingFoldersAreNamed) {
  fs::create_directories(dir_ / "train");
  expect_load_error((dir_ / "train").string(), "no class folders");
  png("train/a/1.png");
  fs::create_directories(dir_ / "train/b");
  text("train/b/readme.txt", "no images here");
  expect_load_error((dir_ / "train/b").string(), "no image files");
  png("train/b/1.png");
  expect_load_error((dir_ / "test").string(), "not found");
  png("test/a/1.png");
  fs::create_directories(dir_ / "test/b");
  expect_load_error((dir_ / "test/b").string(), "no image files");
  fs::remove_all(dir_ / "train");
  expect_load_error((dir_ / "train").string(), "not found");
}

TEST_F(ImageFolder, ATestClassTrainDoesNotHaveIsNamed) {
  good_folder();
  png("test/c/1.png");
  expect_load_error((dir_ / "test/c").string(), "class 'c' has no folder in");
}

TEST_F(ImageFolder, TooManyClassesAreRefused) {
  for (int c = 0; c <= kMaxClasses; ++c) fs::create_directories(dir_ / "train" / std::to_string(c));
  png("test/0/1.png");
  expect_load_error((dir_ / "train").string(), "more than 256 class folders");
}

TEST_F(ImageFolder, AbsurdImageSizesAreRefused) {
  good_folder();
  for (int size : {-1, kMaxImageSizeOption + 1}) {
    DataOptions options;
    options.image_size = size;
    expect_load_error("--image-size", "must be between 1 and 512", options);
  }
}

TEST_F(ImageFolder, ADataSetOverTheMemoryBudgetIsRefusedBeforeAllocating) {
  check_memory_budget("mnist", 70000, 28, 28);
  expect_error([] { check_memory_budget("mnist", 70000, 512, 512); }, "mnist: 70000 images of 512 x 512 pixels",
               "need 73.4 GB of memory, over the limit of 4.3 GB");
}

TEST_F(ImageFolder, FifosBrokenLinksAndLinkLoopsNeitherHangNorCrash) {
  good_folder();
  // A directory link to its own folder: not followed, so the listing ends.
  fs::create_directory_symlink(".", dir_ / "train/a/loop");
  fs::create_directory_symlink("../..", dir_ / "train/b/up");
  EXPECT_EQ(load_data_dir(dir_.string()).train.size(), 2);
  // A FIFO named like an image: opening it would wait for a writer forever.
  const std::string fifo = (dir_ / "train/a/pipe.png").string();
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  expect_load_error(fifo, "not a regular file");
  fs::remove(fifo);
  // A link to nowhere, and a link to itself.
  fs::create_symlink("nowhere.png", dir_ / "train/a/dangling.png");
  expect_load_error((dir_ / "train/a/dangling.png").string(), "cannot open");
  fs::remove(dir_ / "train/a/dangling.png");
  fs::create_symlink("self.png", dir_ / "train/a/self.png");
  expect_load_error((dir_ / "train/a/self.png").string(), "cannot open");
}

}  // namespace
}  // namespace lex
