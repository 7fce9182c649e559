// Real MNIST for tests, from the folder scripts/setup.sh fills.
#pragma once
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include "data/dataset.hpp"
#include "data/idx.hpp"

namespace lex::test {

// All of it, loaded once per test binary.
inline std::shared_ptr<const DataSplit> mnist() {
  static const auto full = std::make_shared<const DataSplit>(load_data_dir(LEX_MNIST_DIR));
  return full;
}

namespace detail {

// The first `count` records of an IDX file (header `header_bytes` long, records `record_bytes`),
// its count field (bytes 4..7, big-endian) set to match.
inline void write_idx_head(const std::string& from, const std::string& to, int count, size_t header_bytes,
                           size_t record_bytes) {
  const std::vector<uint8_t> bytes = read_file_maybe_gzip(from);
  std::vector<uint8_t> head(bytes.begin(), bytes.begin() + static_cast<long>(header_bytes + record_bytes * count));
  for (int i = 0; i < 4; ++i) head[4 + static_cast<size_t>(i)] = static_cast<uint8_t>(count >> (24 - 8 * i));
  std::ofstream(to, std::ios::binary).write(reinterpret_cast<const char*>(head.data()), static_cast<long>(head.size()));
}

// A folder that removes itself when the test binary exits.
struct TempFolder {
  std::string path;
  ~TempFolder() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
};

}  // namespace detail

// The first n_train training and n_test test images, loaded as any IDX folder is. The same
// images as take_subset(*mnist(), ...), without converting all 70,000 first: that takes seconds
// in every test process under the sanitizers (ThreadSanitizer shadows 220 MB of floats).
inline std::shared_ptr<const DataSplit> mnist_subset(int n_train, int n_test) {
  static detail::TempFolder folder{(std::filesystem::temp_directory_path() /
                                    ("lex_mnist_head_" + std::to_string(::getpid()))).string()};
  const std::string dir = folder.path + "/" + std::to_string(n_train) + "_" + std::to_string(n_test);
  if (!std::filesystem::exists(dir + "/t10k-labels-idx1-ubyte")) {
    std::filesystem::create_directories(dir);
    const std::string src = LEX_MNIST_DIR;
    detail::write_idx_head(src + "/train-images-idx3-ubyte", dir + "/train-images-idx3-ubyte", n_train, 16, 784);
    detail::write_idx_head(src + "/train-labels-idx1-ubyte", dir + "/train-labels-idx1-ubyte", n_train, 8, 1);
    detail::write_idx_head(src + "/t10k-images-idx3-ubyte", dir + "/t10k-images-idx3-ubyte", n_test, 16, 784);
    detail::write_idx_head(src + "/t10k-labels-idx1-ubyte", dir + "/t10k-labels-idx1-ubyte", n_test, 8, 1);
  }
  return std::make_shared<const DataSplit>(load_data_dir(dir));
}

}  // namespace lex::test
