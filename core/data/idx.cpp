#include "data/idx.hpp"

#include <zlib.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "util/error.hpp"

namespace lex {
namespace {

constexpr uint32_t kImagesMagic = 0x00000803;  // unsigned byte, 3 dimensions
constexpr uint32_t kLabelsMagic = 0x00000801;  // unsigned byte, 1 dimension
constexpr uint32_t kMaxImageSide = 4096;  // far beyond any data set of this kind; bounds the arithmetic

uint32_t read_be32(const uint8_t* p) {
  return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | uint32_t{p[3]};
}

std::string hex32(uint32_t v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "0x%08x", v);
  return buf;
}

}  // namespace

std::vector<uint8_t> read_file_maybe_gzip(const std::string& path, size_t max_bytes) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const auto status = fs::status(path, ec);
  if (ec || !fs::exists(status)) throw file_error(path, "file not found");
  if (fs::is_directory(status)) throw file_error(path, "is a directory, expected a file");
  if (!fs::is_regular_file(status)) throw file_error(path, "not a regular file");

  // gzopen reads plain files transparently, so one path serves raw and .gz.
  gzFile file = gzopen(path.c_str(), "rb");
  if (!file) throw file_error(path, std::string("cannot open: ") + std::strerror(errno));
  std::vector<uint8_t> bytes;
  constexpr size_t kChunk = size_t{1} << 20;
  for (;;) {
    if (bytes.size() >= max_bytes) {
      gzclose(file);
      throw file_error(path, "larger than " + std::to_string(max_bytes >> 20) +
                                 " MiB when decompressed; not an MNIST-style IDX file");
    }
    const size_t old = bytes.size();
    bytes.resize(old + kChunk);  // grows only as real data arrives
    const int got = gzread(file, bytes.data() + old, static_cast<unsigned>(kChunk));
    if (got < 0) {
      int code = 0;
      const std::string why = gzerror(file, &code);
      gzclose(file);
      throw file_error(path, "corrupt or unreadable (" + why + ")");
    }
    bytes.resize(old + static_cast<size_t>(got));
    if (got == 0) break;
  }
  int code = 0;
  const char* why = gzerror(file, &code);
  if (code != Z_OK && code != Z_STREAM_END) {
    const std::string msg = why ? why : "unknown error";
    gzclose(file);
    throw file_error(path, "corrupt or truncated gzip data (" + msg + ")");
  }
  const int closed = gzclose(file);
  if (closed != Z_OK) throw file_error(path, "corrupt or truncated gzip data (gzclose failed)");
  return bytes;
}

IdxImages parse_idx_images(const uint8_t* data, size_t size, const std::string& name) {
  if (size == 0) throw file_error(name, "empty file");
  if (size < 4) throw file_error(name, "too short for an IDX image header (" + std::to_string(size) + " bytes)");
  const uint32_t magic = read_be32(data);
  if (magic == kLabelsMagic) throw file_error(name, "is an IDX label file, expected images");
  if (magic != kImagesMagic)
    throw file_error(name, "bad magic number " + hex32(magic) + ", expected " + hex32(kImagesMagic) + " (IDX images)");
  if (size < 16) throw file_error(name, "too short for an IDX image header (" + std::to_string(size) + " bytes)");
  IdxImages out;
  out.count = read_be32(data + 4);
  out.rows = read_be32(data + 8);
  out.cols = read_be32(data + 12);
  if (out.rows == 0 || out.cols == 0 || out.rows > kMaxImageSide || out.cols > kMaxImageSide)
    throw file_error(name, "images are " + std::to_string(out.rows) + "x" + std::to_string(out.cols) +
                               ", expected each side between 1 and " + std::to_string(kMaxImageSide));
  if (out.count == 0) throw file_error(name, "header says 0 images");
  const uint64_t expected = 16 + uint64_t{out.count} * out.rows * out.cols;
  if (size < expected)
    throw file_error(name, "truncated: header says " + std::to_string(out.count) + " images (" +
                               std::to_string(expected) + " bytes) but the file has " + std::to_string(size));
  if (size > expected)
    throw file_error(name, std::to_string(size - expected) + " unexpected bytes after " +
                               std::to_string(out.count) + " images");
  out.pixels.assign(data + 16, data + size);
  return out;
}

std::vector<uint8_t> parse_idx_labels(const uint8_t* data, size_t size, const std::string& name) {
  if (size == 0) throw file_error(name, "empty file");
  if (size < 4) throw file_error(name, "too short for an IDX label header (" + std::to_string(size) + " bytes)");
  const uint32_t magic = read_be32(data);
  if (magic == kImagesMagic) throw file_error(name, "is an IDX image file, expected labels");
  if (magic != kLabelsMagic)
    throw file_error(name, "bad magic number " + hex32(magic) + ", expected " + hex32(kLabelsMagic) + " (IDX labels)");
  if (size < 8) throw file_error(name, "too short for an IDX label header (" + std::to_string(size) + " bytes)");
  const uint32_t count = read_be32(data + 4);
  if (count == 0) throw file_error(name, "header says 0 labels");
  const uint64_t expected = 8 + uint64_t{count};
  if (size < expected)
    throw file_error(name, "truncated: header says " + std::to_string(count) + " labels but the file has " +
                               std::to_string(size - 8));
  if (size > expected)
    throw file_error(name, std::to_string(size - expected) + " unexpected bytes after " + std::to_string(count) +
                               " labels");
  return std::vector<uint8_t>(data + 8, data + size);
}

IdxImages read_idx_images(const std::string& path) {
  const auto bytes = read_file_maybe_gzip(path);
  return parse_idx_images(bytes.data(), bytes.size(), path);
}

std::vector<uint8_t> read_idx_labels(const std::string& path) {
  const auto bytes = read_file_maybe_gzip(path);
  return parse_idx_labels(bytes.data(), bytes.size(), path);
}

}  // namespace lex
