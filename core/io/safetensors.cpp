#include "io/safetensors.hpp"

#include <algorithm>
#include <cstring>
#include <set>

#include <nlohmann/json.hpp>

#include "util/error.hpp"

namespace lex {
namespace {

using nlohmann::json;

// A name from the file, fit for a one-line message: control bytes shown as '?', long names cut.
std::string name_text(const std::string& name) {
  std::string out = "'";
  for (size_t i = 0; i < name.size() && i < 80; ++i) {
    const auto c = static_cast<unsigned char>(name[i]);
    out += c < 0x20 || c == 0x7f ? '?' : name[i];
  }
  if (name.size() > 80) out += "...";
  return out + "'";
}

std::string shape_text(const std::vector<uint64_t>& shape) {
  std::string out = "[";
  for (size_t i = 0; i < shape.size(); ++i) out += (i ? ", " : "") + std::to_string(shape[i]);
  return out + "]";
}

const char* dtype_name(Dtype d) {
  switch (d) {
    case Dtype::kF32: return "F32";
    case Dtype::kF16: return "F16";
    case Dtype::kBF16: return "BF16";
  }
  return "?";
}

uint64_t dtype_size(Dtype d) { return d == Dtype::kF32 ? 4 : 2; }

// The deepest a safetensors header nests: the header object, a tensor's object, its shape.
constexpr size_t kMaxDepth = 3;

// Parses the header, refusing a name or field given twice and any nesting deeper than the format
// has (which also keeps a hostile header from building a deep tree).
json parse_strict(const uint8_t* text, size_t length, const std::string& name) {
  struct Level {
    bool object = false;
    std::set<std::string> keys;
    std::string last_key;
  };
  std::vector<Level> levels;
  const json::parser_callback_t check = [&](int, json::parse_event_t event, json& parsed) {
    switch (event) {
      case json::parse_event_t::object_start:
      case json::parse_event_t::array_start:
        if (levels.size() >= kMaxDepth)
          throw file_error(name, "header nests deeper than a safetensors header (" +
                                     (levels.size() > 1 ? "in tensor " + name_text(levels[0].last_key) : std::string("at the top")) + ")");
        levels.push_back({event == json::parse_event_t::object_start, {}, {}});
        break;
      case json::parse_event_t::object_end:
      case json::parse_event_t::array_end:
        levels.pop_back();
        break;
      case json::parse_event_t::key: {
        const std::string key = parsed.get<std::string>();
        Level& level = levels.back();
        if (!level.keys.insert(key).second) {
          if (levels.size() == 1) throw file_error(name, "duplicate tensor name " + name_text(key));
          throw file_error(name, name_text(levels[0].last_key) + ": duplicate field " + name_text(key));
        }
        level.last_key = key;
        break;
      }
      case json::parse_event_t::value:
        break;
    }
    return true;
  };
  try {
    return json::parse(text, text + length, check);
  } catch (const json::exception& e) {
    // e.what() names the byte; it is one line.
    throw file_error(name, std::string("header is not valid JSON (") + e.what() + ")");
  }
}

uint64_t whole_number(const json& v, const std::string& name, const std::string& tensor, const char* field) {
  if (!v.is_number_unsigned())
    throw file_error(name, "tensor " + name_text(tensor) + ": " + field + " holds " + v.dump().substr(0, 40) +
                               ", not a whole number");
  return v.get<uint64_t>();
}

TensorInfo tensor_info(const std::string& tensor, const json& entry, const std::string& name) {
  const std::string where = "tensor " + name_text(tensor);
  if (!entry.is_object()) throw file_error(name, where + " is not an object");
  for (const char* field : {"dtype", "shape", "data_offsets"})
    if (!entry.contains(field)) throw file_error(name, where + " has no " + field);
  TensorInfo t;
  t.name = tensor;
  const json& dtype = entry["dtype"];
  const std::string d = dtype.is_string() ? dtype.get<std::string>() : dtype.dump();
  if (d == "F32") t.dtype = Dtype::kF32;
  else if (d == "F16") t.dtype = Dtype::kF16;
  else if (d == "BF16") t.dtype = Dtype::kBF16;
  else throw file_error(name, where + ": dtype " + name_text(d) + " is not F32, F16 or BF16");
  const json& shape = entry["shape"];
  if (!shape.is_array()) throw file_error(name, where + ": shape is not a list");
  for (const json& dim : shape) t.shape.push_back(whole_number(dim, name, tensor, "shape"));
  const json& offsets = entry["data_offsets"];
  if (!offsets.is_array() || offsets.size() != 2) throw file_error(name, where + ": data_offsets is not [begin, end]");
  t.begin = whole_number(offsets[0], name, tensor, "data_offsets");
  t.end = whole_number(offsets[1], name, tensor, "data_offsets");
  if (t.end < t.begin)
    throw file_error(name, where + ": data_offsets [" + std::to_string(t.begin) + ", " + std::to_string(t.end) +
                               "] end before they begin");
  // The element count and byte size, refusing any product that overflows (a huge dimension).
  uint64_t bytes = dtype_size(t.dtype);
  for (uint64_t dim : t.shape)
    if (__builtin_mul_overflow(bytes, dim, &bytes))
      throw file_error(name, where + ": shape " + shape_text(t.shape) + " is too large");
  if (bytes != t.end - t.begin)
    throw file_error(name, where + ": shape " + shape_text(t.shape) + " of " + dtype_name(t.dtype) + " needs " +
                               std::to_string(bytes) + " bytes, but data_offsets [" + std::to_string(t.begin) + ", " +
                               std::to_string(t.end) + "] hold " + std::to_string(t.end - t.begin));
  return t;
}

uint64_t get_u64(const uint8_t* p) {
  uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | p[i];
  return v;
}

}  // namespace

uint64_t TensorInfo::elements() const {
  uint64_t n = 1;
  for (uint64_t d : shape) n *= d;
  return n;
}

uint64_t safetensors_header_length(const uint8_t* first8, uint64_t file_size, const std::string& name) {
  const uint64_t n = get_u64(first8);
  if (n > kMaxSafetensorsHeaderBytes)
    throw file_error(name, "header length " + std::to_string(n) + " is over the format's limit of 100 MB");
  if (n + 8 > file_size)
    throw file_error(name, "header length " + std::to_string(n) + " runs past the end of the file (" +
                               std::to_string(file_size) + " bytes)");
  return n;
}

SafetensorsHeader parse_safetensors_header(const uint8_t* header, size_t length, uint64_t file_size,
                                           const std::string& name) {
  if (length == 0 || header[0] != '{') throw file_error(name, "header does not start with '{'");
  const json j = parse_strict(header, length, name);
  if (!j.is_object()) throw file_error(name, "header is not a JSON object");
  SafetensorsHeader out;
  out.data_start = 8 + static_cast<uint64_t>(length);
  for (const auto& [key, value] : j.items()) {
    if (key == "__metadata__") {
      if (!value.is_object()) throw file_error(name, "__metadata__ is not an object");
      for (const auto& [k, v] : value.items()) {
        if (!v.is_string()) throw file_error(name, "__metadata__: " + name_text(k) + " is not a string");
        out.metadata[k] = v.get<std::string>();
      }
      continue;
    }
    out.tensors.push_back(tensor_info(key, value, name));
  }
  // The ranges in data order must tile the buffer exactly.
  std::stable_sort(out.tensors.begin(), out.tensors.end(), [](const TensorInfo& a, const TensorInfo& b) {
    return a.begin != b.begin ? a.begin < b.begin : a.end < b.end;
  });
  const uint64_t buffer = file_size - out.data_start;
  uint64_t at = 0;
  const TensorInfo* previous = nullptr;
  for (const TensorInfo& t : out.tensors) {
    if (t.begin != at) {
      const std::string after = previous ? " after tensor " + name_text(previous->name) + ", which ends at " + std::to_string(at)
                                         : " (the first must start at 0)";
      throw file_error(name, "tensor " + name_text(t.name) + " starts at byte " + std::to_string(t.begin) +
                                 " of the data" + after + (t.begin < at ? ": they overlap" : ": a gap"));
    }
    at = t.end;
    previous = &t;
  }
  if (at != buffer)
    throw file_error(name, "the tensors' data ends at byte " + std::to_string(at) + " but the data buffer is " +
                               std::to_string(buffer) + " bytes long" + (at < buffer ? " (bytes left over)" : " (truncated?)"));
  return out;
}

float half_to_float(uint16_t h) {
  const uint32_t sign = uint32_t{h & 0x8000u} << 16;
  const uint32_t exponent = (h >> 10) & 0x1f, mantissa = h & 0x3ffu;
  uint32_t bits;
  if (exponent == 0) {  // zero or subnormal: mantissa * 2^-24, exact in float
    float v = static_cast<float>(mantissa) * 0x1p-24f;
    return sign ? -v : v;
  }
  if (exponent == 31) bits = sign | 0x7f800000u | (mantissa << 13);  // infinity or NaN
  else bits = sign | ((exponent + 112) << 23) | (mantissa << 13);    // rebias 15 -> 127
  float v;
  std::memcpy(&v, &bits, 4);
  return v;
}

float bfloat16_to_float(uint16_t h) {
  const uint32_t bits = uint32_t{h} << 16;  // bfloat16 is a float's upper half
  float v;
  std::memcpy(&v, &bits, 4);
  return v;
}

std::vector<float> tensor_floats(const TensorInfo& t, const uint8_t* buffer) {
  const uint8_t* p = buffer + t.begin;
  const size_t n = static_cast<size_t>(t.elements());
  std::vector<float> out(n);
  if (t.dtype == Dtype::kF32) {
    std::memcpy(out.data(), p, 4 * n);  // x86 and ARM are little-endian, as the format is
    return out;
  }
  for (size_t i = 0; i < n; ++i) {
    const auto h = static_cast<uint16_t>(p[2 * i] | (p[2 * i + 1] << 8));
    out[i] = t.dtype == Dtype::kF16 ? half_to_float(h) : bfloat16_to_float(h);
  }
  return out;
}

std::vector<uint8_t> safetensors_bytes(const std::vector<TensorToWrite>& tensors,
                                       const std::map<std::string, std::string>& metadata) {
  nlohmann::ordered_json header;
  if (!metadata.empty()) header["__metadata__"] = metadata;
  uint64_t at = 0;
  for (const TensorToWrite& t : tensors) {
    const uint64_t bytes = 4 * static_cast<uint64_t>(t.values.size());
    header[t.name] = {{"dtype", "F32"}, {"shape", t.shape}, {"data_offsets", {at, at + bytes}}};
    at += bytes;
  }
  std::string text = header.dump();
  text.append((8 - text.size() % 8) % 8, ' ');
  std::vector<uint8_t> out(8 + text.size() + at);
  for (int i = 0; i < 8; ++i) out[static_cast<size_t>(i)] = static_cast<uint8_t>(uint64_t{text.size()} >> (8 * i));
  std::memcpy(out.data() + 8, text.data(), text.size());
  uint8_t* p = out.data() + 8 + text.size();
  for (const TensorToWrite& t : tensors) {
    std::memcpy(p, t.values.data(), 4 * t.values.size());
    p += 4 * t.values.size();
  }
  return out;
}

}  // namespace lex
