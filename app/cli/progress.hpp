// A one-line progress bar on stderr, drawn only when stderr is a terminal (never in logs or pipes).
#pragma once
#include <unistd.h>

#include <cstdio>
#include <string>

namespace lex::cli {

class ProgressBar {
 public:
  explicit ProgressBar(std::string label) : label_(std::move(label)), enabled_(::isatty(2) == 1) {}
  void update(int done, int total) {
    if (!enabled_ || total <= 0) return;
    const int width = 30, filled = done * width / total;
    std::fprintf(stderr, "\r%s [%s%s] %3d%%", label_.c_str(), std::string(filled, '#').c_str(),
                 std::string(width - filled, ' ').c_str(), done * 100 / total);
    std::fflush(stderr);
  }
  void clear() {
    if (enabled_) std::fprintf(stderr, "\r%*s\r", static_cast<int>(label_.size()) + 40, "");
  }

 private:
  std::string label_;
  bool enabled_;
};

}  // namespace lex::cli
