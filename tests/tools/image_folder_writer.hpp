// Writes a data set in memory out as an image folder (data/image_folder.hpp's layout):
// OUT/train/<class>/<index>.<format> and OUT/test/<class>/<index>.<format>, the index zero-padded
// so that the files sort in the data set's order; a class with no images in a split gets no
// folder there (an empty class folder is an error). For the tests and tools/make_image_folder.
#pragma once
#include <stb_image_write.h>  // the implementation is Debian's libstb

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "data/dataset.hpp"
#include "data/resize.hpp"

namespace lex::test {

struct ImageFolderWriteOptions {
  int size = 0;         // > 0: resize every image to size x size first
  bool invert = false;  // 1 - pixel: dark ink on white paper, as a photo of a page shows it
  std::string format = "png";  // png | jpg | bmp
};

// A class name as a folder name ("T-shirt/top" would be two folders).
inline std::string folder_name(std::string name) {
  std::replace(name.begin(), name.end(), '/', '_');
  return name;
}

inline void write_grey_file(const std::string& path, int width, int height, const std::vector<uint8_t>& bytes,
                            const std::string& format) {
  int ok = 0;
  if (format == "png") ok = stbi_write_png(path.c_str(), width, height, 1, bytes.data(), width);
  else if (format == "jpg") ok = stbi_write_jpg(path.c_str(), width, height, 1, bytes.data(), 95);
  else if (format == "bmp") ok = stbi_write_bmp(path.c_str(), width, height, 1, bytes.data());
  else throw std::runtime_error("unknown image format '" + format + "' (png, jpg or bmp)");
  if (!ok) throw std::runtime_error(path + ": cannot write the image");
}

inline void write_image_folder_split(const Dataset& data, const ImageShape& shape, const std::vector<std::string>& classes,
                                     const std::string& dir, const ImageFolderWriteOptions& o) {
  namespace fs = std::filesystem;
  for (uint8_t label : data.labels) fs::create_directories(fs::path(dir) / folder_name(classes[label]));
  const int w = o.size > 0 ? o.size : shape.width, h = o.size > 0 ? o.size : shape.height;
  GreyImage image;
  image.width = shape.width;
  image.height = shape.height;
  std::vector<float> pixels(static_cast<size_t>(w) * h);
  std::vector<uint8_t> bytes(pixels.size());
  char name[32];
  for (int n = 0; n < data.size(); ++n) {
    image.pixels.assign(data.images.col(n).data(), data.images.col(n).data() + data.images.rows());
    resize_grey_into(image, h, w, pixels.data());
    for (size_t i = 0; i < pixels.size(); ++i) {
      const float v = o.invert ? 1.0f - pixels[i] : pixels[i];
      bytes[i] = static_cast<uint8_t>(std::lround(std::clamp(v, 0.0f, 1.0f) * 255.0f));
    }
    std::snprintf(name, sizeof name, "%06d.%s", n, o.format.c_str());
    write_grey_file((fs::path(dir) / folder_name(classes[data.labels[n]]) / name).string(), w, h, bytes, o.format);
  }
}

inline void write_image_folder(const DataSplit& data, const std::string& out, const ImageFolderWriteOptions& o = {}) {
  write_image_folder_split(data.train, data.shape, data.class_names, out + "/train", o);
  write_image_folder_split(data.test, data.shape, data.class_names, out + "/test", o);
}

}  // namespace lex::test
