// Image files (PNG, JPEG, BMP, GIF, PGM/PPM, TGA: what stb_image decodes) as grey pixels in
// [0, 1]. The drawing pad's dropped files, `encode --image` and image-folder data sets read
// images through here, so the size limits and the grey conversion are the same everywhere.
// The header is read first and its size checked against the limits below before anything is
// allocated for the pixels: a 30000 x 30000 PNG is refused in microseconds, not decoded.
#pragma once
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace lex {

struct GreyImage {
  int width = 0, height = 0;
  std::vector<float> pixels;  // (height x width), row-major; 0 is black, 1 white
  float at(int y, int x) const { return pixels[static_cast<size_t>(y) * width + x]; }
};

constexpr int kMaxImageSide = 16384;
constexpr int64_t kMaxImagePixels = 50'000'000;  // a 48-megapixel phone photo fits
constexpr size_t kMaxImageFileBytes = size_t{256} << 20;

// True for the extensions we decode (case-insensitive): .png .jpg .jpeg .bmp .gif .pgm .ppm
// .pnm .tga. Image folders skip other files, as torchvision's ImageFolder does.
bool has_image_extension(const std::string& path);

// Colour is converted to grey with the luma weights of ITU-R BT.601; transparent pixels are
// composited over white (as a viewer shows them on a page); of an animated GIF, the first frame.
// Throws InputError "name: problem" for undecodable bytes or a size over the limits.
GreyImage decode_grey_image(std::span<const uint8_t> bytes, const std::string& name);
GreyImage read_grey_image(const std::string& path);

}  // namespace lex
