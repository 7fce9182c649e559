// Image files: the grey conversion, alpha over white, and the size limits checked from the header.
#include <gtest/gtest.h>
#include <stb_image_write.h>  // the implementation is Debian's libstb

#include <cstdint>
#include <vector>

#include "data/image_file.hpp"
#include "util/error.hpp"

namespace lex {
namespace {

std::vector<uint8_t> png_of(int w, int h, int comp, const std::vector<uint8_t>& pixels) {
  std::vector<uint8_t> out;
  stbi_write_png_to_func([](void* ctx, void* data, int size) {
    auto* o = static_cast<std::vector<uint8_t>*>(ctx);
    o->insert(o->end(), static_cast<uint8_t*>(data), static_cast<uint8_t*>(data) + size);
  }, &out, w, h, comp, pixels.data(), w * comp);
  return out;
}

// A PNG signature and an IHDR chunk claiming w x h grey pixels, and nothing more.
std::vector<uint8_t> png_header_only(uint32_t w, uint32_t h) {
  std::vector<uint8_t> b = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
  for (uint32_t v : {w, h})
    for (int s = 24; s >= 0; s -= 8) b.push_back(static_cast<uint8_t>(v >> s));
  for (uint8_t v : {8, 0, 0, 0, 0, 0, 0, 0, 0}) b.push_back(v);  // depth, colour type, methods, CRC
  return b;
}

TEST(ImageFile, ColourBecomesGreyAndTransparentPixelsWhite) {
  // 2 x 1 RGBA: opaque pure red, fully transparent black.
  const GreyImage img = decode_grey_image(png_of(2, 1, 4, {255, 0, 0, 255, 0, 0, 0, 0}), "red.png");
  ASSERT_EQ(img.width, 2);
  ASSERT_EQ(img.height, 1);
  EXPECT_NEAR(img.at(0, 0), 0.299f, 0.01f);  // BT.601 luma of red
  EXPECT_FLOAT_EQ(img.at(0, 1), 1.0f);
}

TEST(ImageFile, RowMajorGrey) {
  const GreyImage img = decode_grey_image(png_of(3, 2, 1, {0, 51, 102, 153, 204, 255}), "ramp.png");
  ASSERT_EQ(img.width, 3);
  ASSERT_EQ(img.height, 2);
  EXPECT_FLOAT_EQ(img.at(0, 1), 0.2f);
  EXPECT_FLOAT_EQ(img.at(1, 0), 0.6f);
  EXPECT_FLOAT_EQ(img.at(1, 2), 1.0f);
}

TEST(ImageFile, AHugeHeaderIsRefusedBeforeDecoding) {
  try {
    decode_grey_image(png_header_only(30000, 30000), "huge.png");
    FAIL() << "a 30000 x 30000 image was accepted";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("huge.png: 30000 x 30000 pixels is over the limit"), std::string::npos) << e.what();
  }
}

TEST(ImageFile, GarbageAndTruncatedFilesAreOneLineErrors) {
  const std::vector<uint8_t> png = png_of(3, 2, 1, {0, 51, 102, 153, 204, 255});
  const std::vector<uint8_t> truncated(png.begin(), png.begin() + 40);
  EXPECT_THROW(decode_grey_image(truncated, "cut.png"), InputError);
  EXPECT_THROW(decode_grey_image(std::vector<uint8_t>{1, 2, 3, 4}, "noise.png"), InputError);
  EXPECT_THROW(decode_grey_image({}, "empty.png"), InputError);
  EXPECT_THROW(read_grey_image("/nonexistent/x.png"), InputError);
}

TEST(ImageFile, ExtensionsAsImageFoldersSeeThem) {
  EXPECT_TRUE(has_image_extension("a/b/seven.PNG"));
  EXPECT_TRUE(has_image_extension("x.jpeg"));
  EXPECT_FALSE(has_image_extension("notes.txt"));
  EXPECT_FALSE(has_image_extension("dir.png/README"));
  EXPECT_FALSE(has_image_extension("png"));
}

}  // namespace
}  // namespace lex
