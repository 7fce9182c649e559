// safetensors files (huggingface/safetensors), the format PyTorch users share weights in: read as
// strictly as its specification, written as its reference tools write it. This file is the
// container only; which tensors a model of ours has, and what its metadata says, is
// io/state_dict.hpp.
//
// Format (integers little-endian):
//   offset 0     u64       N, the length of the header
//          8     N bytes   a UTF-8 JSON object: for each tensor
//                            "name": {"dtype": "F32", "shape": [d0, d1, ...], "data_offsets": [begin, end]}
//                          and optionally "__metadata__": an object of strings; padded with spaces
//          8 + N           the data buffer: each tensor's elements, little-endian and row-major,
//                          at bytes [begin, end) of the buffer
//
// The reader's rules; these are all of them, and breaking any is an InputError whose one line names
// the file and the tensor or field:
//   - N is at most 100 MB (the specification's limit) and 8 + N is not past the end of the file;
//     the header starts with '{', is valid JSON in UTF-8, and gives no name or field twice (the
//     specification forbids duplicates; nlohmann's parser would keep the last one silently)
//   - each tensor has a dtype among F32, F16 and BF16 (the ones a model's weights come in; F16
//     and BF16 are widened to float), a shape of whole numbers and two whole-number data_offsets,
//     begin <= end, whose difference is the shape's element count times the dtype's size
//   - the tensors' ranges, in order, start at 0 and follow each other with no gap or overlap, and
//     the last ends exactly at the end of the file
//   - __metadata__, if present, maps strings to strings
// Values are not checked here (the format allows NaN); io/state_dict.hpp refuses non-finite weights.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace lex {

enum class Dtype { kF32, kF16, kBF16 };

struct TensorInfo {
  std::string name;
  Dtype dtype = Dtype::kF32;
  std::vector<uint64_t> shape;
  uint64_t begin = 0, end = 0;  // bytes of the data buffer

  uint64_t elements() const;  // the product of the shape (checked against the offsets: no overflow)
};

struct SafetensorsHeader {
  std::vector<TensorInfo> tensors;  // in the order of their data
  std::map<std::string, std::string> metadata;
  uint64_t data_start = 0;  // 8 + N: where the data buffer begins in the file
};

constexpr uint64_t kMaxSafetensorsHeaderBytes = 100'000'000;

// The header's length from the file's first 8 bytes, checked against the limit and the file size.
uint64_t safetensors_header_length(const uint8_t* first8, uint64_t file_size, const std::string& name);

// The header's N bytes (those after the first 8), checked by every rule above against the size of
// the whole file. `name` stands for the file in messages.
SafetensorsHeader parse_safetensors_header(const uint8_t* header, size_t length, uint64_t file_size,
                                           const std::string& name);

// A tensor's elements as floats. `buffer`: the file's data buffer, which the header was checked
// against.
std::vector<float> tensor_floats(const TensorInfo& t, const uint8_t* buffer);

// A float32 tensor to write: `values` row-major, as many as the shape says.
struct TensorToWrite {
  std::string name;
  std::vector<uint64_t> shape;
  std::vector<float> values;
};

// A whole file: the tensors' data in the order given, the header padded with spaces to a multiple
// of 8 bytes (as the reference writers do, so the data is aligned).
std::vector<uint8_t> safetensors_bytes(const std::vector<TensorToWrite>& tensors,
                                       const std::map<std::string, std::string>& metadata);

// IEEE half and bfloat16 to float, exactly (every value of either is a float).
float half_to_float(uint16_t h);
float bfloat16_to_float(uint16_t h);

}  // namespace lex
