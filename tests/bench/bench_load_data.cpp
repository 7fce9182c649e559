// How long a data directory takes to load (an image folder: listing, headers, decoding,
// resizing), as every command and the window load it.
//   bench_load_data DIR [--image-size N] [--repeat R]
#include <CLI/CLI.hpp>

#include <chrono>
#include <cstdio>

#include "data/dataset.hpp"
#include "util/error.hpp"

int main(int argc, char** argv) {
  std::string dir;
  int repeat = 3;
  lex::DataOptions options;
  CLI::App app{"bench_load_data: seconds to load a data directory"};
  app.add_option("dir", dir, "an IDX directory or an image folder")->required();
  app.add_option("--image-size", options.image_size, "resize to N x N");
  app.add_option("--repeat", repeat, "loads to time")->capture_default_str();
  CLI11_PARSE(app, argc, argv);
  try {
    for (int r = 0; r < repeat; ++r) {
      const auto start = std::chrono::steady_clock::now();
      const lex::DataSplit d = lex::load_data_dir(dir, options);
      const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      std::printf("%s: %d train + %d test images of %dx%d in %d classes: %.2f s\n", dir.c_str(), d.train.size(),
                  d.test.size(), d.shape.height, d.shape.width, d.classes(), s);
    }
  } catch (const lex::InputError& e) {
    std::fprintf(stderr, "bench_load_data: %s\n", e.what());
    return 2;
  }
  return 0;
}
