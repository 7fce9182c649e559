// A data set in memory: images as columns of floats in [0, 1] (the batch-in-columns layout the
// model uses), labels, and class names for display. Loaded from a directory holding the four
// standard MNIST file names, each raw or .gz.
#pragma once
#include <Eigen/Core>
#include <cstdint>
#include <string>
#include <vector>

namespace lex {

constexpr int kImageSide = 28;
constexpr int kPixels = kImageSide * kImageSide;  // 784
constexpr int kClasses = 10;

struct Dataset {
  Eigen::MatrixXf images;       // (784, N): pixel / 255, column n is image n
  std::vector<uint8_t> labels;  // (N), 0-9
  int size() const { return static_cast<int>(labels.size()); }
};

struct DataSplit {
  std::string dir;
  std::string name;  // "MNIST", "Fashion-MNIST" or the directory's name
  std::vector<std::string> class_names;
  Dataset train;
  Dataset test;
};

// Throws InputError naming the directory or file and the problem.
DataSplit load_data_dir(const std::string& dir);

// Pixels at or above 0.5 become 1, the rest 0: a true binary target for the Bernoulli likelihood.
void binarize(Dataset& data);

// The first `n` images of each split; for quick tests.
DataSplit take_subset(const DataSplit& full, int n_train, int n_test);

const std::vector<std::string>& digit_class_names();
const std::vector<std::string>& fashion_class_names();

}  // namespace lex
