#include "model/arch.hpp"

#include <cerrno>
#include <cstdlib>

namespace lex {

namespace {
constexpr int kMaxHiddenLayers = 8;
constexpr int kMaxWidth = 4096;
}  // namespace

std::string to_string(const ImageShape& s) {
  return std::to_string(s.channels) + "x" + std::to_string(s.height) + "x" + std::to_string(s.width);
}

std::string arch_text(const ArchSpec& s) {
  if (s.kind == ArchKind::kConv) return "conv";
  std::string text = "mlp:";
  for (size_t i = 0; i < s.hidden.size(); ++i) {
    if (i) text += ',';
    text += std::to_string(s.hidden[i]);
  }
  return text;
}

std::string parse_arch(const std::string& text, ArchSpec& s) {
  if (text == "conv") {
    s.kind = ArchKind::kConv;
    s.hidden.clear();
    return "";
  }
  const std::string expected = "'" + text + "' is not mlp:H[,H...] (hidden widths) or conv";
  if (text.rfind("mlp:", 0) != 0) return expected;
  std::vector<int> widths;
  const char* p = text.c_str() + 4;
  while (true) {
    char* end = nullptr;
    errno = 0;
    const long w = std::strtol(p, &end, 10);
    if (end == p || errno != 0 || w < 1 || w > kMaxWidth)
      return "'" + text + "': hidden widths must be whole numbers from 1 to " + std::to_string(kMaxWidth);
    widths.push_back(static_cast<int>(w));
    if (*end == '\0') break;
    if (*end != ',') return expected;
    p = end + 1;
  }
  if (static_cast<int>(widths.size()) > kMaxHiddenLayers)
    return "'" + text + "': at most " + std::to_string(kMaxHiddenLayers) + " hidden layers";
  s.kind = ArchKind::kMlp;
  s.hidden = std::move(widths);
  return "";
}

std::string describe(const ArchSpec& s) {
  std::string text = arch_text(s) + ", z = " + std::to_string(s.latent);
  if (s.conditional) text += s.classes > 0 ? ", conditioned on " + std::to_string(s.classes) + " classes" : ", conditioned on the class";
  return text;
}

std::string validate(const ArchSpec& s) {
  if (s.latent < 1 || s.latent > 64) return "--latent must be between 1 and 64";
  if (s.kind == ArchKind::kMlp) {
    if (s.hidden.empty() || static_cast<int>(s.hidden.size()) > kMaxHiddenLayers)
      return "--arch mlp needs 1 to " + std::to_string(kMaxHiddenLayers) + " hidden widths";
    for (int w : s.hidden)
      if (w < 1 || w > kMaxWidth) return "--hidden widths must be between 1 and " + std::to_string(kMaxWidth);
  }
  const ImageShape& in = s.input;
  if (in == ImageShape{} && s.classes == 0) return "";  // the data will tell
  if (in.channels < 1 || in.height < 1 || in.width < 1) return "input shape " + to_string(in) + " is empty";
  if (s.classes < 1 || s.classes > 256) return "class count " + std::to_string(s.classes) + " is not between 1 and 256";
  if (s.conditional && s.classes < 2) return "--cond needs a data set with at least 2 classes";
  if (s.kind == ArchKind::kConv) {
    // Two stride-2 convolutions down, and the decoder starts at H/4 x W/4 to come back up.
    if (in.height % 4 != 0 || in.width % 4 != 0 || in.height < 8 || in.width < 8)
      return "--arch conv needs images whose height and width are multiples of 4, at least 8 (these are " +
             to_string(in) + ")";
  }
  return "";
}

}  // namespace lex
