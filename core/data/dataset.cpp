#include "data/dataset.hpp"

#include <algorithm>
#include <filesystem>

#include "data/idx.hpp"
#include "util/error.hpp"

namespace lex {
namespace {

// Finds DIR/stem or DIR/stem.gz.
std::string find_idx_file(const std::string& dir, const std::string& stem) {
  namespace fs = std::filesystem;
  for (const std::string& candidate : {stem, stem + ".gz"}) {
    const fs::path p = fs::path(dir) / candidate;
    std::error_code ec;
    if (fs::exists(p, ec)) return p.string();
  }
  throw file_error(dir, "no " + stem + " or " + stem + ".gz in this directory");
}

Dataset load_split(const std::string& dir, const std::string& prefix) {
  const std::string images_path = find_idx_file(dir, prefix + "-images-idx3-ubyte");
  const std::string labels_path = find_idx_file(dir, prefix + "-labels-idx1-ubyte");
  IdxImages images = read_idx_images(images_path);
  std::vector<uint8_t> labels = read_idx_labels(labels_path);
  if (images.count != labels.size())
    throw file_error(labels_path, "has " + std::to_string(labels.size()) + " labels but " + images_path +
                                      " has " + std::to_string(images.count) + " images");
  Dataset out;
  out.images.resize(kPixels, images.count);
  float* dst = out.images.data();
  const size_t n = images.pixels.size();
  for (size_t i = 0; i < n; ++i) dst[i] = static_cast<float>(images.pixels[i]) * (1.0f / 255.0f);
  out.labels = std::move(labels);
  return out;
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

}  // namespace

const std::vector<std::string>& digit_class_names() {
  static const std::vector<std::string> names{"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"};
  return names;
}

const std::vector<std::string>& fashion_class_names() {
  static const std::vector<std::string> names{"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                                              "Sandal",      "Shirt",   "Sneaker",  "Bag",   "Ankle boot"};
  return names;
}

DataSplit load_data_dir(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (dir.empty()) throw InputError("--data: empty directory name");
  if (!fs::exists(dir, ec)) throw file_error(dir, "data directory not found");
  if (!fs::is_directory(dir, ec)) throw file_error(dir, "is not a directory (expected a folder of IDX files)");
  DataSplit split;
  split.dir = dir;
  split.train = load_split(dir, "train");
  split.test = load_split(dir, "t10k");
  // The IDX files carry no class names; a directory called *fashion* is Fashion-MNIST.
  const std::string canonical = fs::weakly_canonical(dir, ec).string();
  if (lower(canonical).find("fashion") != std::string::npos) {
    split.name = "Fashion-MNIST";
    split.class_names = fashion_class_names();
  } else {
    split.name = lower(canonical).find("mnist") != std::string::npos ? "MNIST" : fs::path(canonical).filename().string();
    split.class_names = digit_class_names();
  }
  return split;
}

void binarize(Dataset& data) { data.images = (data.images.array() >= 0.5f).cast<float>(); }

DataSplit take_subset(const DataSplit& full, int n_train, int n_test) {
  DataSplit out;
  out.dir = full.dir;
  out.name = full.name;
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
