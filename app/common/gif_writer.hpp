// Animated GIFs for teaching: frames of grey or RGB pixels, each with its delay, written as one
// endlessly looping GIF89a file through giflib. Grey frames keep their exact values (a palette of
// the 256 greys). RGB frames share one palette of at most 256 colours: the colours the caller
// names exactly (the scatter's class colours, its background) are entries as they are, and the
// rest comes from a median cut of all frames' other colours. No GL here: the GUI reads its pixels
// back and hands them over, possibly from another thread.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "common/palette.hpp"

namespace lex::app {

struct GifFrame {
  std::vector<uint8_t> pixels;  // width x height x channels bytes, rows from the top
  int delay_cs = 10;            // how long the frame shows, in hundredths of a second
};

struct GifAnimation {
  int width = 0, height = 0;
  int channels = 1;  // 1: grey, 3: RGB
  std::vector<GifFrame> frames;
  std::vector<Rgb8> exact_colors;  // RGB only: palette entries kept as they are (at most 64)
};

// Writes the animation to `path` (through a temporary file, renamed into place, so a reader never
// sees half a file). Returns an empty string, or one line naming the file and the problem.
std::string write_gif(const std::string& path, const GifAnimation& animation);

}  // namespace lex::app
