// make_image_folder: writes an image folder (train/<class>/*, test/<class>/*) from an IDX data
// directory, to test image-folder loading on real digits, and `encode` on digits saved the way a
// user might have them (another size, dark ink on white, JPEG).
//   make_image_folder --data IDXDIR --out DIR [--train N] [--test N] [--size S] [--invert]
//                     [--format png|jpg|bmp]
#include <CLI/CLI.hpp>

#include <cstdio>

#include "data/dataset.hpp"
#include "image_folder_writer.hpp"
#include "util/error.hpp"

int main(int argc, char** argv) {
  std::string data_dir, out;
  int n_train = -1, n_test = -1;
  lex::test::ImageFolderWriteOptions o;
  CLI::App app{"make_image_folder: an IDX data set written as an image folder"};
  app.add_option("--data", data_dir, "IDX directory (e.g. data/mnist)")->required();
  app.add_option("--out", out, "the image folder to write (train/ and test/ inside)")->required();
  app.add_option("--train", n_train, "the first N training images (default all)")->check(CLI::NonNegativeNumber);
  app.add_option("--test", n_test, "the first N test images (default all)")->check(CLI::NonNegativeNumber);
  app.add_option("--size", o.size, "resize every image to S x S")->check(CLI::Range(1, lex::kMaxImageSizeOption));
  app.add_flag("--invert", o.invert, "dark ink on white paper");
  app.add_option("--format", o.format, "png, jpg or bmp")->check(CLI::IsMember({"png", "jpg", "bmp"}))->capture_default_str();
  CLI11_PARSE(app, argc, argv);
  try {
    lex::DataSplit data = lex::load_data_dir(data_dir);
    if (n_train >= 0 || n_test >= 0)
      data = lex::take_subset(data, n_train >= 0 ? n_train : data.train.size(), n_test >= 0 ? n_test : data.test.size());
    lex::test::write_image_folder(data, out, o);
    std::printf("%s: %d train and %d test images of %s in %d classes\n", out.c_str(), data.train.size(), data.test.size(),
                data.name.c_str(), data.classes());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "make_image_folder: %s\n", e.what());
    return 2;
  }
  return 0;
}
