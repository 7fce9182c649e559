// A data set in memory: images as columns of floats in [0, 1] (the batch-in-columns layout the
// model uses), labels, and class names for display. Loaded from a directory of one of two kinds:
//   IDX     the four standard MNIST file names, each raw or .gz. The image shape and the number
//           of classes are the data's own: the shape from the IDX headers (train and test must
//           agree), the classes from the labels, which must number them 0 .. K-1.
//   images  torchvision's ImageFolder layout, DIR/train/<class>/* and DIR/test/<class>/*
//           (data/image_folder.hpp).
// Pixels are used as stored: 0 black, 1 white. MNIST's IDX files store white ink on black, so its
// digits are bright on dark, and a folder of MNIST digits saved as PNG loads to the same numbers.
#pragma once
#include <Eigen/Core>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "model/arch.hpp"

namespace lex {

struct Dataset {
  Eigen::MatrixXf images;       // (D, N): pixel / 255, column n is image n, pixel (c * H + h) * W + w
  std::vector<uint8_t> labels;  // (N), 0 .. classes - 1
  int size() const { return static_cast<int>(labels.size()); }
};

struct DataSplit {
  std::string dir;
  std::string name;  // "MNIST", "Fashion-MNIST" or the directory's name
  ImageShape shape;
  std::vector<std::string> class_names;  // one per class
  Dataset train;
  Dataset test;

  int classes() const { return static_cast<int>(class_names.size()); }
};

// The largest --image-size: a 512 x 512 input is already 262,144 pixels per image.
constexpr int kMaxImageSizeOption = 512;
// The most pixels a data set may hold in memory (4 GB of floats).
constexpr int64_t kMaxDataFloats = int64_t{1} << 30;

// Throws InputError naming `dir` if `images` images of height x width pixels are over kMaxDataFloats.
void check_memory_budget(const std::string& dir, int64_t images, int height, int width);

struct DataOptions {
  // > 0: every image is resized to image_size x image_size (data/resize.hpp). 0: image folders
  // take their training images' most common size; IDX images keep theirs.
  int image_size = 0;
  // Image folders: called on the loading thread as image files are decoded, with the count done
  // and the total, at most a few hundred times per load and once at the end (done == total).
  std::function<void(int done, int total)> progress;
};

// Throws InputError naming the directory or file and the problem.
DataSplit load_data_dir(const std::string& dir, const DataOptions& options = {});

// Pixels at or above 0.5 become 1, the rest 0: a true binary target for the Bernoulli likelihood.
void binarize(Dataset& data);

// The first `n` images of each split; for quick tests.
DataSplit take_subset(const DataSplit& full, int n_train, int n_test);

// "0" .. "K-1".
std::vector<std::string> numbered_class_names(int classes);
const std::vector<std::string>& fashion_class_names();

}  // namespace lex
