// Loading --data for a subcommand: with --image-size, and a progress bar on stderr (a terminal
// only) while an image folder's files decode.
#pragma once
#include <memory>
#include <string>

#include "cli/progress.hpp"
#include "data/dataset.hpp"

namespace lex::cli {

inline std::shared_ptr<const DataSplit> load_data(const std::string& dir, int image_size) {
  ProgressBar bar("loading " + dir);
  DataOptions options;
  options.image_size = image_size;
  options.progress = [&bar](int done, int total) { bar.update(done, total); };
  try {
    auto data = std::make_shared<const DataSplit>(load_data_dir(dir, options));
    bar.clear();
    return data;
  } catch (...) {
    bar.clear();
    throw;
  }
}

}  // namespace lex::cli
