#include "data/image_folder.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <filesystem>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

#include "data/image_file.hpp"
#include "data/resize.hpp"
#include "util/error.hpp"

namespace lex {
namespace {

namespace fs = std::filesystem;

struct ClassFolder {
  std::string name;
  std::string path;
  std::vector<std::string> images;  // sorted
};

bool hidden(const fs::path& p) {
  const std::string name = p.filename().string();
  return !name.empty() && name[0] == '.';
}

// The image files at any depth below `dir`, sorted. Directory links are not followed (a link to
// its own folder would recurse forever); a link to a file is read like the file.
std::vector<std::string> list_images(const std::string& dir, int& budget) {
  std::vector<std::string> out;
  std::error_code ec;
  fs::recursive_directory_iterator it(dir, fs::directory_options::none, ec);
  if (ec) throw file_error(dir, "cannot list the folder (" + ec.message() + ")");
  for (const fs::recursive_directory_iterator end; it != end; it.increment(ec)) {
    if (ec) throw file_error(dir, "cannot list the folder (" + ec.message() + ")");
    const fs::path& p = it->path();
    if (hidden(p)) {
      if (it->is_directory(ec)) it.disable_recursion_pending();
      continue;
    }
    if (!has_image_extension(p.string())) continue;
    if (it->is_directory(ec)) continue;  // a folder called x.png: entered by the iteration
    // FIFOs, sockets, devices and broken links are listed too: reading one is refused by name
    // before anything opens it (data/image_file.hpp).
    out.push_back(p.string());
    if (--budget < 0)
      throw file_error(dir, "more than " + std::to_string(kMaxFolderImages) + " image files in the data set");
  }
  std::sort(out.begin(), out.end());
  return out;
}

// DIR/<split>'s class folders, sorted by name, each with its images.
std::vector<ClassFolder> list_classes(const std::string& split_dir, int& budget) {
  std::error_code ec;
  if (!fs::is_directory(split_dir, ec))
    throw file_error(split_dir, "not found (an image folder holds train/<class>/<images> and test/<class>/<images>)");
  std::vector<ClassFolder> classes;
  fs::directory_iterator it(split_dir, ec);
  if (ec) throw file_error(split_dir, "cannot list the folder (" + ec.message() + ")");
  for (const fs::directory_iterator end; it != end; it.increment(ec)) {
    if (ec) throw file_error(split_dir, "cannot list the folder (" + ec.message() + ")");
    if (hidden(it->path()) || !it->is_directory(ec)) continue;  // loose files beside the classes: skipped
    classes.push_back({it->path().filename().string(), it->path().string(), {}});
    if (static_cast<int>(classes.size()) > kMaxClasses)
      throw file_error(split_dir, "more than " + std::to_string(kMaxClasses) + " class folders (labels are one byte)");
  }
  if (classes.empty()) throw file_error(split_dir, "no class folders (expected " + split_dir + "/<class>/<images>)");
  std::sort(classes.begin(), classes.end(), [](const ClassFolder& a, const ClassFolder& b) { return a.name < b.name; });
  for (ClassFolder& c : classes) {
    c.images = list_images(c.path, budget);
    if (c.images.empty())
      throw file_error(c.path, "no image files (.png .jpg .jpeg .bmp .gif .pgm .ppm .pnm .tga) in this class folder");
  }
  return classes;
}

// Runs task(i) for every i in [0, n) on up to `threads` threads, the caller's among them, taking
// indices in small chunks. `on_done(count)` runs on the calling thread only, with the number of
// tasks finished so far. If tasks throw, the others stop taking work, and the exception of the
// lowest index seen is rethrown once every thread has stopped.
template <class Task>
void parallel_for(int n, int threads, const Task& task, const std::function<void(int)>& on_done) {
  constexpr int kChunk = 16;
  std::atomic<int> next{0}, done{0};
  std::atomic<bool> failed{false};
  std::mutex error_mutex;
  int error_index = n;
  std::exception_ptr error;
  auto work = [&](bool caller) {
    while (!failed.load(std::memory_order_relaxed)) {
      const int first = next.fetch_add(kChunk);
      if (first >= n) return;
      for (int i = first; i < std::min(n, first + kChunk); ++i) {
        try {
          task(i);
        } catch (...) {
          std::lock_guard lock(error_mutex);
          if (i < error_index) error_index = i, error = std::current_exception();
          failed.store(true);
          return;
        }
      }
      const int now = done.fetch_add(std::min(kChunk, n - first)) + std::min(kChunk, n - first);
      if (caller && on_done) on_done(now);
    }
  };
  std::vector<std::thread> helpers;
  try {
    for (int t = 1; t < threads; ++t) helpers.emplace_back(work, false);
  } catch (const std::system_error&) {
    // No more threads to be had: the ones started (and the caller) do the work.
  }
  work(true);
  for (std::thread& t : helpers) t.join();
  if (error) std::rethrow_exception(error);
}

int loader_threads(int files) {
  const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  return std::clamp(files / 64, 1, std::min(cores, 16));
}

// The size most training images have; of equally common sizes, the first in file order.
ImageSize most_common_size(const std::vector<ImageSize>& sizes) {
  std::map<std::pair<int, int>, int> count;
  for (const ImageSize& s : sizes) ++count[{s.height, s.width}];
  ImageSize best;
  int best_count = 0;
  for (const ImageSize& s : sizes)
    if (const int c = count[{s.height, s.width}]; c > best_count) best = s, best_count = c;
  return best;
}

}  // namespace

bool has_image_folder_layout(const std::string& dir) {
  std::error_code ec;
  return fs::is_directory(fs::path(dir) / "train", ec) || fs::is_directory(fs::path(dir) / "test", ec);
}

DataSplit load_image_folder(const std::string& dir, const DataOptions& options) {
  int budget = kMaxFolderImages;
  const std::vector<ClassFolder> train_classes = list_classes((fs::path(dir) / "train").string(), budget);
  const std::vector<ClassFolder> test_classes = list_classes((fs::path(dir) / "test").string(), budget);

  // One list of every file, train first; labels index the training classes.
  std::vector<const std::string*> files;
  std::vector<uint8_t> labels;
  for (size_t c = 0; c < train_classes.size(); ++c)
    for (const std::string& f : train_classes[c].images) files.push_back(&f), labels.push_back(static_cast<uint8_t>(c));
  const int n_train = static_cast<int>(files.size());
  for (const ClassFolder& tc : test_classes) {
    const auto match = std::find_if(train_classes.begin(), train_classes.end(),
                                    [&](const ClassFolder& c) { return c.name == tc.name; });
    if (match == train_classes.end())
      throw file_error(tc.path, "class '" + tc.name + "' has no folder in " + (fs::path(dir) / "train").string());
    for (const std::string& f : tc.images)
      files.push_back(&f), labels.push_back(static_cast<uint8_t>(match - train_classes.begin()));
  }
  const int n = static_cast<int>(files.size());
  const int threads = loader_threads(n);

  // The size: given, or the training images' most common one, read from their headers alone.
  const bool read_sizes = options.image_size == 0;
  const int total_work = n + (read_sizes ? n_train : 0);
  int reported = -1;
  auto report = [&](int done) {
    // A few hundred calls at most: a GUI status line or a terminal bar needs no more.
    if (!options.progress || done == reported || (done != total_work && done - reported < std::max(1, total_work / 300)))
      return;
    reported = done;
    options.progress(done, total_work);
  };
  ImageSize size{options.image_size, options.image_size};
  if (read_sizes) {
    std::vector<ImageSize> sizes(static_cast<size_t>(n_train));
    parallel_for(n_train, threads, [&](int i) { sizes[i] = read_image_size(*files[i]); }, report);
    size = most_common_size(sizes);
  }
  check_memory_budget(dir, n, size.height, size.width);
  const int64_t pixels = static_cast<int64_t>(size.width) * size.height;

  DataSplit split;
  split.dir = dir;
  std::error_code ec;
  const fs::path canonical = fs::weakly_canonical(dir, ec);
  split.name = (ec ? fs::path(dir) : canonical).filename().string();
  split.shape = {1, size.height, size.width};
  for (const ClassFolder& c : train_classes) split.class_names.push_back(c.name);
  split.train.images.resize(pixels, n_train);
  split.test.images.resize(pixels, n - n_train);
  split.train.labels.assign(labels.begin(), labels.begin() + n_train);
  split.test.labels.assign(labels.begin() + n_train, labels.end());
  const int offset = read_sizes ? n_train : 0;
  parallel_for(
      n, threads,
      [&](int i) {
        float* column = i < n_train ? split.train.images.col(i).data() : split.test.images.col(i - n_train).data();
        resize_grey_into(read_grey_image(*files[i]), size.height, size.width, column);
      },
      [&](int done) { report(offset + done); });
  report(total_work);
  return split;
}

}  // namespace lex
