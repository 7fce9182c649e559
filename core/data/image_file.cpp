#include "data/image_file.hpp"

#include <stb_image.h>  // the implementation is Debian's libstb

#include <algorithm>
#include <cctype>
#include <fstream>
#include <memory>

#include "util/error.hpp"

namespace lex {

bool has_image_extension(const std::string& path) {
  const size_t dot = path.find_last_of('.');
  if (dot == std::string::npos || path.find('/', dot) != std::string::npos) return false;
  std::string ext = path.substr(dot + 1);
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  for (const char* known : {"png", "jpg", "jpeg", "bmp", "gif", "pgm", "ppm", "pnm", "tga"})
    if (ext == known) return true;
  return false;
}

GreyImage decode_grey_image(std::span<const uint8_t> bytes, const std::string& name) {
  if (bytes.empty()) throw file_error(name, "empty file");
  if (bytes.size() > kMaxImageFileBytes)
    throw file_error(name, "file of " + std::to_string(bytes.size() >> 20) + " MB is over the limit of " +
                               std::to_string(kMaxImageFileBytes >> 20) + " MB");
  const int len = static_cast<int>(bytes.size());
  int w = 0, h = 0, channels = 0;
  if (!stbi_info_from_memory(bytes.data(), len, &w, &h, &channels))
    throw file_error(name, std::string("not an image we can decode (") + stbi_failure_reason() + ")");
  if (w <= 0 || h <= 0 || w > kMaxImageSide || h > kMaxImageSide ||
      static_cast<int64_t>(w) * h > kMaxImagePixels)
    throw file_error(name, std::to_string(w) + " x " + std::to_string(h) + " pixels is over the limit (" +
                               std::to_string(kMaxImageSide) + " a side, " + std::to_string(kMaxImagePixels / 1000000) +
                               " megapixels)");
  // Grey and alpha: stb converts colour to grey with BT.601 luma; the alpha is composited here.
  int dw = 0, dh = 0, in_file = 0;
  std::unique_ptr<stbi_uc, void (*)(void*)> data(stbi_load_from_memory(bytes.data(), len, &dw, &dh, &in_file, 2),
                                                 stbi_image_free);
  if (!data) throw file_error(name, std::string("cannot decode the image (") + stbi_failure_reason() + ")");
  if (dw != w || dh != h) throw file_error(name, "the image's size differs from its header's");
  GreyImage out;
  out.width = w;
  out.height = h;
  out.pixels.resize(static_cast<size_t>(w) * h);
  const stbi_uc* p = data.get();
  for (size_t i = 0; i < out.pixels.size(); ++i) {
    const float grey = p[2 * i] / 255.0f, alpha = p[2 * i + 1] / 255.0f;
    out.pixels[i] = alpha * grey + (1.0f - alpha);
  }
  return out;
}

GreyImage read_grey_image(const std::string& path) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) throw file_error(path, "cannot open the file");
  const std::streamoff size = in.tellg();
  if (size < 0) throw file_error(path, "cannot read the file");
  if (static_cast<uint64_t>(size) > kMaxImageFileBytes)
    throw file_error(path, "file of " + std::to_string(size >> 20) + " MB is over the limit of " +
                               std::to_string(kMaxImageFileBytes >> 20) + " MB");
  std::vector<uint8_t> bytes(static_cast<size_t>(size));
  in.seekg(0);
  if (!in.read(reinterpret_cast<char*>(bytes.data()), size)) throw file_error(path, "cannot read the file");
  return decode_grey_image(bytes, path);
}

}  // namespace lex
