#include "data/dataset.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>

#include "data/idx.hpp"
#include "data/image_folder.hpp"
#include "data/resize.hpp"
#include "util/error.hpp"

namespace lex {
namespace {

// DIR/stem or DIR/stem.gz, or "" if neither exists.
std::string idx_file_in(const std::string& dir, const std::string& stem) {
  namespace fs = std::filesystem;
  for (const std::string& candidate : {stem, stem + ".gz"}) {
    const fs::path p = fs::path(dir) / candidate;
    std::error_code ec;
    if (fs::exists(p, ec)) return p.string();
  }
  return "";
}

std::string find_idx_file(const std::string& dir, const std::string& stem) {
  if (std::string path = idx_file_in(dir, stem); !path.empty()) return path;
  throw file_error(dir, "no " + stem + " or " + stem + ".gz in this directory (nor an image folder's train/ and test/)");
}

// Every image resized to height x width (--image-size on IDX data).
void resize_images(Dataset& data, const ImageShape& from, int height, int width) {
  Eigen::MatrixXf out(static_cast<Eigen::Index>(height) * width, data.images.cols());
  GreyImage image;
  image.width = from.width;
  image.height = from.height;
  for (Eigen::Index n = 0; n < data.images.cols(); ++n) {
    image.pixels.assign(data.images.col(n).data(), data.images.col(n).data() + data.images.rows());
    resize_grey_into(image, height, width, out.col(n).data());
  }
  data.images = std::move(out);
}

struct LoadedSplit {
  Dataset data;
  ImageShape shape;
  std::string images_path, labels_path;
};

LoadedSplit load_split(const std::string& dir, const std::string& prefix) {
  LoadedSplit split;
  split.images_path = find_idx_file(dir, prefix + "-images-idx3-ubyte");
  split.labels_path = find_idx_file(dir, prefix + "-labels-idx1-ubyte");
  IdxImages images = read_idx_images(split.images_path);
  std::vector<uint8_t> labels = read_idx_labels(split.labels_path);
  if (images.count != labels.size())
    throw file_error(split.labels_path, "has " + std::to_string(labels.size()) + " labels but " + split.images_path +
                                            " has " + std::to_string(images.count) + " images");
  split.shape = {1, static_cast<int>(images.rows), static_cast<int>(images.cols)};
  Dataset& out = split.data;
  out.images.resize(split.shape.pixels(), images.count);
  float* dst = out.images.data();
  const size_t n = images.pixels.size();
  for (size_t i = 0; i < n; ++i) dst[i] = static_cast<float>(images.pixels[i]) * (1.0f / 255.0f);
  out.labels = std::move(labels);
  return split;
}

// The classes are 0 .. K-1, K - 1 the largest training label, each with a training image; the test
// set uses only those.
int count_classes(const LoadedSplit& train, const LoadedSplit& test) {
  std::vector<int> per_class(256, 0);
  for (uint8_t l : train.data.labels) ++per_class[l];
  int classes = 0;
  for (int c = 0; c < 256; ++c)
    if (per_class[c] > 0) classes = c + 1;
  for (int c = 0; c < classes; ++c)
    if (per_class[c] == 0) {
      int last = c;
      while (per_class[last + 1] == 0) ++last;
      throw file_error(train.labels_path, (last == c ? "class " + std::to_string(c) + " has"
                                                     : "classes " + std::to_string(c) + " to " + std::to_string(last) + " have") +
                                              " no training images; labels must number the classes 0 to " +
                                              std::to_string(classes - 1) + " without gaps");
    }
  const auto& labels = test.data.labels;
  for (size_t i = 0; i < labels.size(); ++i)
    if (labels[i] >= classes)
      throw file_error(test.labels_path, "label " + std::to_string(labels[i]) + " at index " + std::to_string(i) +
                                             " is not a class of the training set (0 to " + std::to_string(classes - 1) + ")");
  return classes;
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

}  // namespace

std::vector<std::string> numbered_class_names(int classes) {
  std::vector<std::string> names;
  for (int c = 0; c < classes; ++c) names.push_back(std::to_string(c));
  return names;
}

const std::vector<std::string>& fashion_class_names() {
  static const std::vector<std::string> names{"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                                              "Sandal",      "Shirt",   "Sneaker",  "Bag",   "Ankle boot"};
  return names;
}

DataSplit load_data_dir(const std::string& dir, const DataOptions& options) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (dir.empty()) throw InputError("--data: empty directory name");
  if (!fs::exists(dir, ec)) throw file_error(dir, "data directory not found");
  if (!fs::is_directory(dir, ec))
    throw file_error(dir, "is not a directory (expected a folder of IDX files, or train/ and test/ folders of class folders)");
  if (options.image_size < 0 || options.image_size > kMaxImageSizeOption)
    throw InputError("--image-size must be between 1 and " + std::to_string(kMaxImageSizeOption));
  if (idx_file_in(dir, "train-images-idx3-ubyte").empty() && has_image_folder_layout(dir))
    return load_image_folder(dir, options);
  LoadedSplit train = load_split(dir, "train");
  LoadedSplit test = load_split(dir, "t10k");
  if (!(train.shape == test.shape))
    throw file_error(test.images_path, "images are " + std::to_string(test.shape.height) + "x" +
                                           std::to_string(test.shape.width) + " but the training images are " +
                                           std::to_string(train.shape.height) + "x" + std::to_string(train.shape.width));
  const int classes = count_classes(train, test);
  DataSplit split;
  split.dir = dir;
  split.shape = train.shape;
  split.train = std::move(train.data);
  split.test = std::move(test.data);
  if (const int s = options.image_size; s > 0 && (split.shape.height != s || split.shape.width != s)) {
    check_memory_budget(dir, split.train.size() + split.test.size(), s, s);
    resize_images(split.train, split.shape, s, s);
    resize_images(split.test, split.shape, s, s);
    split.shape = {1, s, s};
  }
  // The IDX files carry no class names; a directory called *fashion* is Fashion-MNIST.
  const std::string canonical = fs::weakly_canonical(dir, ec).string();
  const bool fashion = lower(canonical).find("fashion") != std::string::npos;
  if (fashion) split.name = "Fashion-MNIST";
  else split.name = lower(canonical).find("mnist") != std::string::npos ? "MNIST" : fs::path(canonical).filename().string();
  split.class_names = fashion && classes == 10 ? fashion_class_names() : numbered_class_names(classes);
  return split;
}

void check_memory_budget(const std::string& dir, int64_t images, int height, int width) {
  const int64_t floats = images * height * width;
  if (floats <= kMaxDataFloats) return;
  char need[32], most[32];
  std::snprintf(need, sizeof need, "%.1f GB", 4e-9 * static_cast<double>(floats));
  std::snprintf(most, sizeof most, "%.1f GB", 4e-9 * static_cast<double>(kMaxDataFloats));
  throw file_error(dir, std::to_string(images) + " images of " + std::to_string(width) + " x " + std::to_string(height) +
                            " pixels need " + need + " of memory, over the limit of " + most + ": give a smaller --image-size");
}

void binarize(Dataset& data) { data.images = (data.images.array() >= 0.5f).cast<float>(); }

DataSplit take_subset(const DataSplit& full, int n_train, int n_test) {
  DataSplit out;
  out.dir = full.dir;
  out.name = full.name;
  out.shape = full.shape;
  out.class_names = full.class_names;
  n_train = std::min(n_train, full.train.size());
  n_test = std::min(n_test, full.test.size());
  out.train.images = full.train.images.leftCols(n_train);
  out.train.labels.assign(full.train.labels.begin(), full.train.labels.begin() + n_train);
  out.test.images = full.test.images.leftCols(n_test);
  out.test.labels.assign(full.test.labels.begin(), full.test.labels.begin() + n_test);
  return out;
}

}  // namespace lex
