// app/common/gif_writer: animations written, then read back with giflib's DGifSlurp (the frame
// count, the size, the delays, and every pixel after the palette lookup); and the errors a user
// can cause (an unwritable folder, frames of the wrong size).
#include <gif_lib.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>

#include "common/gif_writer.hpp"

namespace lex::app {
namespace {

struct Slurped {
  int width = 0, height = 0, frames = 0;
  std::vector<std::vector<Rgb8>> pixels;  // per frame, after the palette lookup
  std::vector<int> delays;
  int palette_size = 0;
  std::vector<Rgb8> palette;
};

Slurped slurp(const std::string& path) {
  int error = 0;
  GifFileType* gif = DGifOpenFileName(path.c_str(), &error);
  Slurped s;
  if (!gif) {
    ADD_FAILURE() << path << ": " << GifErrorString(error);
    return s;
  }
  EXPECT_EQ(DGifSlurp(gif), GIF_OK) << GifErrorString(gif->Error);
  s.width = gif->SWidth, s.height = gif->SHeight, s.frames = gif->ImageCount;
  const ColorMapObject* global = gif->SColorMap;
  if (global) {
    s.palette_size = global->ColorCount;
    for (int i = 0; i < global->ColorCount; ++i) s.palette.push_back({global->Colors[i].Red, global->Colors[i].Green, global->Colors[i].Blue});
  }
  for (int f = 0; f < gif->ImageCount; ++f) {
    const SavedImage& image = gif->SavedImages[f];
    const ColorMapObject* map = image.ImageDesc.ColorMap ? image.ImageDesc.ColorMap : global;
    EXPECT_TRUE(map != nullptr);
    EXPECT_EQ(image.ImageDesc.Width, s.width);
    EXPECT_EQ(image.ImageDesc.Height, s.height);
    std::vector<Rgb8> rgb;
    for (int i = 0; i < image.ImageDesc.Width * image.ImageDesc.Height; ++i) {
      const GifColorType& c = map->Colors[image.RasterBits[i]];
      rgb.push_back({c.Red, c.Green, c.Blue});
    }
    s.pixels.push_back(std::move(rgb));
    GraphicsControlBlock gcb;
    s.delays.push_back(DGifSavedExtensionToGCB(gif, f, &gcb) == GIF_OK ? gcb.DelayTime : -1);
  }
  DGifCloseFile(gif, &error);
  return s;
}

std::string temp_path(const std::string& name) {
  return (std::filesystem::temp_directory_path() / ("lex_gif_" + std::to_string(::getpid()) + "_" + name)).string();
}

TEST(GifWriter, GreyFramesComeBackExactlyWithTheirDelays) {
  GifAnimation a;
  a.width = 37, a.height = 11, a.channels = 1;
  for (int f = 0; f < 3; ++f) {
    GifFrame frame;
    frame.delay_cs = 10 + 5 * f;
    for (int y = 0; y < a.height; ++y)
      for (int x = 0; x < a.width; ++x) frame.pixels.push_back(static_cast<uint8_t>((x * 7 + y * 13 + f * 50) % 256));
    a.frames.push_back(frame);
  }
  const std::string path = temp_path("grey.gif");
  ASSERT_EQ(write_gif(path, a), "");
  const Slurped s = slurp(path);
  ASSERT_EQ(s.frames, 3);
  EXPECT_EQ(s.width, 37);
  EXPECT_EQ(s.height, 11);
  EXPECT_EQ(s.delays, (std::vector<int>{10, 15, 20}));
  for (int f = 0; f < 3; ++f)
    for (size_t i = 0; i < a.frames[static_cast<size_t>(f)].pixels.size(); ++i) {
      const uint8_t v = a.frames[static_cast<size_t>(f)].pixels[i];
      ASSERT_EQ(s.pixels[static_cast<size_t>(f)][i], (Rgb8{v, v, v})) << "frame " << f << " pixel " << i;
    }
  EXPECT_FALSE(std::filesystem::exists(path + ".tmp"));
  std::filesystem::remove(path);
}

// Many colours (more than a palette holds) around a few exact ones: the exact ones survive as they
// are, every other pixel comes back close.
TEST(GifWriter, RgbFramesKeepTheExactColoursAndComeCloseElsewhere) {
  GifAnimation a;
  a.width = 64, a.height = 48, a.channels = 3;
  a.exact_colors = {kClassRgb8[0], kClassRgb8[1], kClassRgb8[5], kPlotBackground8};
  for (int f = 0; f < 2; ++f) {
    GifFrame frame;
    for (int y = 0; y < a.height; ++y)
      for (int x = 0; x < a.width; ++x) {
        Rgb8 c{static_cast<uint8_t>(x * 4), static_cast<uint8_t>(y * 5), static_cast<uint8_t>((x + y + 40 * f) % 256)};
        if ((x + y) % 9 == 0) c = a.exact_colors[static_cast<size_t>((x / 9 + f) % 4)];
        frame.pixels.insert(frame.pixels.end(), c.begin(), c.end());
      }
    a.frames.push_back(frame);
  }
  const std::string path = temp_path("rgb.gif");
  ASSERT_EQ(write_gif(path, a), "");
  const Slurped s = slurp(path);
  ASSERT_EQ(s.frames, 2);
  EXPECT_EQ(s.width, 64);
  EXPECT_EQ(s.height, 48);
  EXPECT_EQ(s.palette_size, 256);
  for (const Rgb8& c : a.exact_colors) EXPECT_NE(std::find(s.palette.begin(), s.palette.end(), c), s.palette.end());
  int worst = 0;
  for (int f = 0; f < 2; ++f)
    for (int i = 0; i < a.width * a.height; ++i) {
      const uint8_t* in = &a.frames[static_cast<size_t>(f)].pixels[static_cast<size_t>(i) * 3];
      const Rgb8 want{in[0], in[1], in[2]}, got = s.pixels[static_cast<size_t>(f)][static_cast<size_t>(i)];
      const bool exact = std::find(a.exact_colors.begin(), a.exact_colors.end(), want) != a.exact_colors.end();
      if (exact) {
        ASSERT_EQ(got, want) << "frame " << f << " pixel " << i;
      }
      for (int k = 0; k < 3; ++k) worst = std::max(worst, std::abs(got[static_cast<size_t>(k)] - want[static_cast<size_t>(k)]));
    }
  // 6,000 distinct colours in 252 entries: a median cut keeps every channel within ~ a 16th of the range.
  EXPECT_LE(worst, 40);
  std::filesystem::remove(path);
}

TEST(GifWriter, FewColoursAreKeptAsTheyAre) {
  GifAnimation a;
  a.width = 4, a.height = 1, a.channels = 3;
  a.frames.push_back({{10, 20, 30, 200, 100, 0, 10, 20, 30, 0, 0, 0}, 10});
  const std::string path = temp_path("few.gif");
  ASSERT_EQ(write_gif(path, a), "");
  const Slurped s = slurp(path);
  ASSERT_EQ(s.frames, 1);
  // Each bucket's mean is its 5-bit centre: within 4 of the colour.
  const Rgb8 want[4] = {{10, 20, 30}, {200, 100, 0}, {10, 20, 30}, {0, 0, 0}};
  for (int i = 0; i < 4; ++i)
    for (int k = 0; k < 3; ++k) EXPECT_LE(std::abs(s.pixels[0][static_cast<size_t>(i)][static_cast<size_t>(k)] - want[i][static_cast<size_t>(k)]), 4);
  std::filesystem::remove(path);
}

TEST(GifWriter, ProblemsAreOneLineNamingTheFile) {
  GifAnimation a;
  a.width = 2, a.height = 2, a.channels = 1;
  a.frames.push_back({{0, 1, 2, 3}, 10});
  const std::string unwritable = "/nonexistent-folder/x.gif";
  const std::string problem = write_gif(unwritable, a);
  EXPECT_NE(problem.find(unwritable), std::string::npos) << problem;
  EXPECT_EQ(problem.find('\n'), std::string::npos);

  a.frames[0].pixels.pop_back();
  const std::string path = temp_path("short.gif");
  EXPECT_NE(write_gif(path, a).find("width x height"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(path));
  a.frames.clear();
  EXPECT_NE(write_gif(path, a).find("no frames"), std::string::npos);
}

}  // namespace
}  // namespace lex::app
