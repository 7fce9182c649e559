// libFuzzer target: the IDX parsers on arbitrary bytes, directly and through the file reader
// (which also takes gzip). Any exception other than InputError, or any sanitizer report, is a bug.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <string>

#include "data/idx.hpp"
#include "util/error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    lex::parse_idx_images(data, size, "fuzz");
  } catch (const lex::InputError&) {
  }
  try {
    lex::parse_idx_labels(data, size, "fuzz");
  } catch (const lex::InputError&) {
  }
  static const std::string path = "/tmp/lex_fuzz_idx_" + std::to_string(::getpid());
  if (FILE* f = std::fopen(path.c_str(), "wb")) {
    std::fwrite(data, 1, size, f);
    std::fclose(f);
    try {
      const auto bytes = lex::read_file_maybe_gzip(path, size_t{8} << 20);
      lex::parse_idx_images(bytes.data(), bytes.size(), path);
    } catch (const lex::InputError&) {
    }
  }
  return 0;
}
