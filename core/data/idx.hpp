// Reading the IDX format (the MNIST file format), raw or gzip-compressed.
// Layout: a big-endian header (magic 0x00000803 + count, rows, cols for images; 0x00000801 +
// count for labels) followed by one unsigned byte per pixel or label.
// Every check runs on the bytes actually read, so no allocation is ever sized by a header.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace lex {

struct IdxImages {
  uint32_t count = 0;
  uint32_t rows = 0;
  uint32_t cols = 0;
  std::vector<uint8_t> pixels;  // count * rows * cols bytes, image-major
};

// The largest decompressed file we accept. MNIST's training images are 47 MB; the cap stops a
// gzip bomb before it eats the memory.
constexpr size_t kMaxIdxBytes = size_t{512} << 20;

// Whole file contents; gzip is recognised by its magic bytes, not the file name.
// Throws InputError("path: problem") for a missing, unreadable, corrupt or oversized file.
std::vector<uint8_t> read_file_maybe_gzip(const std::string& path, size_t max_bytes = kMaxIdxBytes);

// Parse from memory. `name` is used in error messages (usually the path).
IdxImages parse_idx_images(const uint8_t* data, size_t size, const std::string& name);
std::vector<uint8_t> parse_idx_labels(const uint8_t* data, size_t size, const std::string& name);

IdxImages read_idx_images(const std::string& path);
std::vector<uint8_t> read_idx_labels(const std::string& path);

}  // namespace lex
