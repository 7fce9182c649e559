// The IDX reader on crafted good and bad files, raw and gzip: every bad file is rejected with an
// InputError whose one line names the file and the problem.
#include <gtest/gtest.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>

#include "data/dataset.hpp"
#include "data/idx.hpp"
#include "util/error.hpp"

namespace lex {
namespace {

namespace fs = std::filesystem;

std::vector<uint8_t> be32(uint32_t v) {
  return {static_cast<uint8_t>(v >> 24), static_cast<uint8_t>(v >> 16), static_cast<uint8_t>(v >> 8),
          static_cast<uint8_t>(v)};
}

std::vector<uint8_t> image_file(uint32_t count, uint32_t rows = 28, uint32_t cols = 28, uint32_t magic = 0x803,
                                long extra = 0) {
  std::vector<uint8_t> out;
  for (uint32_t v : {magic, count, rows, cols}) {
    auto b = be32(v);
    out.insert(out.end(), b.begin(), b.end());
  }
  const long body = static_cast<long>(count) * rows * cols + extra;
  for (long i = 0; i < body; ++i) out.push_back(static_cast<uint8_t>(i * 7));
  return out;
}

std::vector<uint8_t> label_file(uint32_t count, uint8_t max_label = 9, uint32_t magic = 0x801) {
  std::vector<uint8_t> out;
  for (uint32_t v : {magic, count}) {
    auto b = be32(v);
    out.insert(out.end(), b.begin(), b.end());
  }
  for (uint32_t i = 0; i < count; ++i) out.push_back(static_cast<uint8_t>(i % (max_label + 1)));
  return out;
}

class IdxFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("lex_idx_" + std::to_string(::getpid()) + "_" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string write(const std::string& name, const std::vector<uint8_t>& bytes, bool gzip = false) {
    const std::string path = (dir_ / name).string();
    if (gzip) {
      gzFile f = gzopen(path.c_str(), "wb");
      gzwrite(f, bytes.data(), static_cast<unsigned>(bytes.size()));
      gzclose(f);
    } else {
      std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(bytes.data()), static_cast<long>(bytes.size()));
    }
    return path;
  }

  void write_dataset(uint32_t n_train, uint32_t n_test, bool gzip, uint32_t side = 28) {
    const std::string ext = gzip ? ".gz" : "";
    write("train-images-idx3-ubyte" + ext, image_file(n_train, side, side), gzip);
    write("train-labels-idx1-ubyte" + ext, label_file(n_train), gzip);
    write("t10k-images-idx3-ubyte" + ext, image_file(n_test, side, side), gzip);
    write("t10k-labels-idx1-ubyte" + ext, label_file(n_test), gzip);
  }

  // Expects an InputError whose message names `who` and contains `problem`, on one line.
  template <typename F>
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

  fs::path dir_;
};

TEST_F(IdxFiles, ReadsRawAndGzipIdentically) {
  const auto bytes = image_file(3);
  const auto raw = read_idx_images(write("a", bytes));
  const auto gz = read_idx_images(write("a.gz", bytes, true));
  EXPECT_EQ(raw.count, 3u);
  EXPECT_EQ(raw.rows, 28u);
  EXPECT_EQ(raw.pixels, gz.pixels);
  EXPECT_EQ(raw.pixels[5], static_cast<uint8_t>(5 * 7));
}

TEST_F(IdxFiles, LoadsADataDirectoryOfEitherKind) {
  for (bool gzip : {false, true}) {
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    write_dataset(5, 3, gzip);
    const DataSplit d = load_data_dir(dir_.string());
    EXPECT_EQ(d.train.size(), 5);
    EXPECT_EQ(d.test.size(), 3);
    EXPECT_EQ(d.train.images.rows(), 784);
    EXPECT_EQ(d.shape, (ImageShape{1, 28, 28}));
    EXPECT_EQ(d.classes(), 5);  // labels 0-4
    EXPECT_FLOAT_EQ(d.train.images(1, 0), 7.0f / 255.0f);
    EXPECT_EQ(d.test.labels[2], 2);
  }
}

// The image shape and the class count are the data's own.
TEST_F(IdxFiles, TakesTheImageShapeAndClassesFromTheData) {
  write_dataset(12, 4, false, 32);
  const DataSplit d = load_data_dir(dir_.string());
  EXPECT_EQ(d.shape, (ImageShape{1, 32, 32}));
  EXPECT_EQ(d.train.images.rows(), 32 * 32);
  EXPECT_EQ(d.classes(), 10);
  EXPECT_EQ(d.class_names[9], "9");
}

TEST_F(IdxFiles, RejectsLabelsThatDoNotNumberTheClasses) {
  write_dataset(20, 4, false);
  // A label 12 among 0-9: classes 10 and 11 would have no images.
  auto labels = label_file(20);
  labels[8 + 7] = 12;
  write("train-labels-idx1-ubyte", labels);
  expect_error([&] { load_data_dir(dir_.string()); }, "train-labels-idx1-ubyte", "classes 10 to 11 have no training images");
  // A test label the training set does not have.
  write("train-labels-idx1-ubyte", label_file(20));
  auto test_labels = label_file(4);
  test_labels[8 + 2] = 10;
  write("t10k-labels-idx1-ubyte", test_labels);
  expect_error([&] { load_data_dir(dir_.string()); }, "t10k-labels-idx1-ubyte", "label 10 at index 2 is not a class");
  // Train and test images of different sizes.
  write("t10k-labels-idx1-ubyte", label_file(4));
  write("t10k-images-idx3-ubyte", image_file(4, 28, 20));
  expect_error([&] { load_data_dir(dir_.string()); }, "t10k-images-idx3-ubyte", "28x20 but the training images are 28x28");
}

TEST_F(IdxFiles, RejectsBadImageFiles) {
  auto images = [&](const std::vector<uint8_t>& bytes) { return [=, this] { read_idx_images(write("img", bytes)); }; };
  const std::string p = (dir_ / "img").string();
  expect_error(images({}), p, "empty file");
  expect_error(images({0, 0, 8}), p, "too short");
  expect_error(images(image_file(2, 28, 28, 0x12345678)), p, "bad magic number 0x12345678");
  expect_error(images(label_file(4)), p, "label file");
  expect_error(images(image_file(2, 0, 28)), p, "images are 0x28, expected each side between 1 and 4096");
  expect_error(images(image_file(1, 5000, 2)), p, "5000x2");
  expect_error(images(image_file(0)), p, "0 images");
  expect_error(images(image_file(3, 28, 28, 0x803, -100)), p, "truncated");
  expect_error(images(image_file(3, 28, 28, 0x803, 5)), p, "5 unexpected bytes");
  // A header claiming four billion images over a tiny body: rejected without allocating for it.
  auto huge = image_file(1);
  huge[4] = huge[5] = huge[6] = huge[7] = 0xff;
  expect_error(images(huge), p, "truncated");
}

TEST_F(IdxFiles, RejectsBadLabelFiles) {
  auto labels = [&](const std::vector<uint8_t>& bytes) { return [=, this] { read_idx_labels(write("lab", bytes)); }; };
  const std::string p = (dir_ / "lab").string();
  expect_error(labels(image_file(1)), p, "image file");
  expect_error(labels({0, 0, 8, 1, 0, 0, 0, 9, 1}), p, "truncated");
}

TEST_F(IdxFiles, RejectsCorruptAndTruncatedGzip) {
  const auto bytes = image_file(20);
  const std::string path = write("img.gz", bytes, true);
  std::vector<char> gz(fs::file_size(path));
  std::ifstream(path, std::ios::binary).read(gz.data(), static_cast<long>(gz.size()));
  // Truncated: half of the compressed stream.
  std::ofstream(path, std::ios::binary | std::ios::trunc).write(gz.data(), static_cast<long>(gz.size() / 2));
  expect_error([&] { read_idx_images(path); }, path, "gzip");
  // Corrupt: garbage in the middle of the deflate stream.
  for (size_t i = 20; i < 60 && i < gz.size(); ++i) gz[i] = static_cast<char>(0xA5);
  std::ofstream(path, std::ios::binary | std::ios::trunc).write(gz.data(), static_cast<long>(gz.size()));
  expect_error([&] { read_idx_images(path); }, path, "corrupt");
}

TEST_F(IdxFiles, RejectsBadDirectories) {
  expect_error([&] { load_data_dir((dir_ / "nope").string()); }, "nope", "not found");
  const std::string file = write("plain", {1, 2, 3});
  expect_error([&] { load_data_dir(file); }, file, "not a directory");
  expect_error([&] { load_data_dir(dir_.string()); }, dir_.string(), "no train-images-idx3-ubyte");
  // A directory where a file should be.
  fs::create_directories(dir_ / "train-images-idx3-ubyte");
  expect_error([&] { read_idx_images((dir_ / "train-images-idx3-ubyte").string()); }, "train-images", "is a directory");
}

TEST_F(IdxFiles, RejectsImageAndLabelCountsThatDisagree) {
  write_dataset(5, 3, false);
  write("train-labels-idx1-ubyte", label_file(4));
  expect_error([&] { load_data_dir(dir_.string()); }, "train-labels-idx1-ubyte", "4 labels but");
}

TEST_F(IdxFiles, RefusesAGzipBombBeyondTheCap) {
  std::vector<uint8_t> zeros(3u << 20, 0);
  const std::string path = write("bomb.gz", zeros, true);
  expect_error([&] { read_file_maybe_gzip(path, 1u << 20); }, path, "larger than 1 MiB");
}

}  // namespace
}  // namespace lex
