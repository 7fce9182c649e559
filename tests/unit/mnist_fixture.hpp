// Real MNIST for tests, loaded once per test binary from the folder scripts/setup.sh fills.
#pragma once
#include <memory>

#include "data/dataset.hpp"

namespace lex::test {

inline std::shared_ptr<const DataSplit> mnist() {
  static const auto full = std::make_shared<const DataSplit>(load_data_dir(LEX_MNIST_DIR));
  return full;
}

inline std::shared_ptr<const DataSplit> mnist_subset(int n_train, int n_test) {
  return std::make_shared<const DataSplit>(take_subset(*mnist(), n_train, n_test));
}

}  // namespace lex::test
