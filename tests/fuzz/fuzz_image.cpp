// libFuzzer target: image decoding (stb_image behind our size checks) on arbitrary bytes, from
// memory and through the header-only size read of a file, then the resize of whatever decoded to
// a size taken from the input. Any exception other than InputError, any sanitizer report, or a
// resized pixel outside [0, 1] is a bug.
#include <unistd.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "data/image_file.hpp"
#include "data/resize.hpp"
#include "util/error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    const lex::GreyImage image = lex::decode_grey_image({data, size}, "fuzz");
    // Shrink, grow, or both, to 1 .. 64 a side.
    const int height = 1 + data[0] % 64, width = 1 + data[size - 1] % 64;
    const lex::GreyImage out = lex::resize_grey(image, height, width);
    for (float v : out.pixels)
      if (!(v >= 0.0f && v <= 1.0f)) std::abort();
  } catch (const lex::InputError&) {
  }
  static const std::string path = "/tmp/lex_fuzz_image_" + std::to_string(::getpid()) + ".png";
  if (FILE* f = std::fopen(path.c_str(), "wb")) {
    std::fwrite(data, 1, size, f);
    std::fclose(f);
    try {
      lex::read_image_size(path);
    } catch (const lex::InputError&) {
    }
  }
  return 0;
}
