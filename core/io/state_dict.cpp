#include "io/state_dict.hpp"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "data/dataset.hpp"
#include "io/checkpoint.hpp"
#include "io/safetensors.hpp"
#include "model/conv.hpp"
#include "model/model.hpp"
#include "util/error.hpp"

namespace lex {
namespace {

constexpr char kFormat[] = "latent-explorer-vae";

// Where one PyTorch tensor lives in our flat buffer. A Linear weight is stored column-major with
// `rows` rows (model/linear.hpp), so PyTorch's element [r, c] is flat[offset + c * rows + r]
// (fc21 and fc22 are row blocks of one head: their offset includes the first row); rows = 0 means
// the same order as PyTorch's (biases, and convolution weights: model/conv.hpp keeps PyTorch's).
struct Slot {
  std::string name;
  std::vector<uint64_t> shape;
  size_t offset = 0;
  size_t rows = 0;
};

size_t count(const std::vector<uint64_t>& shape) {
  size_t n = 1;
  for (uint64_t d : shape) n *= static_cast<size_t>(d);
  return n;
}

// The slots of a spec, in the order written; model/architectures.cpp builds the same layers in the
// same buffer order.
std::vector<Slot> slots_of(const ArchSpec& s) {
  using U = uint64_t;
  const U D = static_cast<U>(s.input.pixels()), K = static_cast<U>(s.condition_size()), Z = static_cast<U>(s.latent);
  std::vector<Slot> out;
  size_t at = 0;
  const auto linear = [&](const std::string& prefix, U in, U rows) {
    out.push_back({prefix + ".weight", {rows, in}, at, static_cast<size_t>(rows)});
    at += static_cast<size_t>(rows * in);
    out.push_back({prefix + ".bias", {rows}, at, 0});
    at += static_cast<size_t>(rows);
  };
  const auto conv = [&](const std::string& prefix, std::vector<U> weight, U bias) {
    out.push_back({prefix + ".weight", weight, at, 0});
    at += count(weight);
    out.push_back({prefix + ".bias", {bias}, at, 0});
    at += static_cast<size_t>(bias);
  };
  if (s.kind == ArchKind::kMlp && s.hidden.size() == 1) {
    const U H = static_cast<U>(s.hidden[0]);
    linear("fc1", D + K, H);
    // The head (2Z, H), then its bias (2Z): fc21 is rows 0..Z-1, fc22 rows Z..2Z-1. Listed in
    // PyTorch's state_dict order.
    const size_t bias = at + static_cast<size_t>(2 * Z * H), rows = static_cast<size_t>(2 * Z);
    out.push_back({"fc21.weight", {Z, H}, at, rows});
    out.push_back({"fc21.bias", {Z}, bias, 0});
    out.push_back({"fc22.weight", {Z, H}, at + static_cast<size_t>(Z), rows});
    out.push_back({"fc22.bias", {Z}, bias + static_cast<size_t>(Z), 0});
    at = bias + rows;
    linear("fc3", Z + K, H);
    linear("fc4", H, D);
  } else if (s.kind == ArchKind::kMlp) {
    std::vector<U> h(s.hidden.begin(), s.hidden.end());
    const size_t n = h.size();
    linear("enc.0", D + K, h[0]);
    for (size_t i = 1; i < n; ++i) linear("enc." + std::to_string(i), h[i - 1], h[i]);
    linear("enc." + std::to_string(n), h[n - 1], 2 * Z);
    linear("dec.0", Z + K, h[n - 1]);
    for (size_t i = 1; i < n; ++i) linear("dec." + std::to_string(i), h[n - i], h[n - i - 1]);
    linear("dec." + std::to_string(n), h[0], D);
  } else {
    const U C = static_cast<U>(s.input.channels);
    const ConvShape conv1{.in_channels = s.input.channels, .out_channels = 32, .in_height = s.input.height,
                          .in_width = s.input.width, .kernel = 3, .stride = 2};
    const ConvShape conv2{.in_channels = 32, .out_channels = 64, .in_height = conv1.out_height(),
                          .in_width = conv1.out_width(), .kernel = 3, .stride = 2};
    const U start = static_cast<U>(32 * (s.input.height / 4) * (s.input.width / 4));
    conv("enc_conv1", {32, C, 3, 3}, 32);
    conv("enc_conv2", {64, 32, 3, 3}, 64);
    linear("enc_fc", static_cast<U>(conv2.out_features()) + K, 2 * Z);
    linear("dec_fc", Z + K, start);
    conv("dec_deconv1", {32, 64, 3, 3}, 64);  // ConvTranspose2d: [in, out, k, k]
    conv("dec_deconv2", {64, 32, 3, 3}, 32);
    conv("dec_deconv3", {32, C, 3, 3}, C);
  }
  return out;
}

// The slots cover the model's buffer exactly (model/architectures.cpp builds the layers). Checked
// only once the sizes are known to be real (the file holds them, or a model has them): building
// the networks of a hostile header's spec would already cost memory.
void check_layout(const std::vector<Slot>& slots, const ArchSpec& s) {
  size_t total = 0;
  for (const Slot& slot : slots) total += count(slot.shape);
  if (total != Model<float>::param_count(s))
    throw std::logic_error("state_dict layout disagrees with the model for " + arch_text(s));
}

std::string shape_text(const std::vector<uint64_t>& shape) {
  std::string out = "[";
  for (size_t i = 0; i < shape.size(); ++i) out += (i ? ", " : "") + std::to_string(shape[i]);
  return out + "]";
}

// A metadata value for messages: one line, not too long.
std::string shown(const std::string& value) {
  std::string out;
  for (size_t i = 0; i < value.size() && i < 60; ++i) out += static_cast<unsigned char>(value[i]) < 0x20 ? '?' : value[i];
  return "'" + out + (value.size() > 60 ? "...'" : "'");
}

class Metadata {
 public:
  Metadata(const std::map<std::string, std::string>& m, const std::string& name) : m_(m), name_(name) {}

  bool has(const char* key) const { return m_.count(key) != 0; }
  const std::string& text(const char* key) const {
    const auto it = m_.find(key);
    if (it == m_.end()) throw file_error(name_, "__metadata__ has no '" + std::string(key) + "'");
    return it->second;
  }
  InputError bad(const char* key, const std::string& expected) const {
    return file_error(name_, "__metadata__ '" + std::string(key) + "' is " + shown(text(key)) + ", expected " + expected);
  }
  int whole(const char* key, int lo, int hi) const { return whole_in(text(key), key, lo, hi); }
  int whole_in(const std::string& v, const char* key, int lo, int hi) const {
    const std::string expected = "a whole number from " + std::to_string(lo) + " to " + std::to_string(hi);
    if (v.empty() || v.size() > 9 || v.find_first_not_of("0123456789") != std::string::npos) throw bad(key, expected);
    const int n = std::atoi(v.c_str());
    if (n < lo || n > hi) throw bad(key, expected);
    return n;
  }
  bool flag(const char* key) const {
    const std::string& v = text(key);
    if (v != "0" && v != "1") throw bad(key, "\"0\" or \"1\"");
    return v == "1";
  }

 private:
  const std::map<std::string, std::string>& m_;
  std::string name_;
};

SavedModel model_from_metadata(const std::map<std::string, std::string>& map, const std::string& name) {
  const Metadata m(map, name);
  if (m.text("format") != kFormat) throw m.bad("format", std::string("'") + kFormat + "'");
  SavedModel out;
  TrainConfig& c = out.config;
  const std::string& arch = m.text("arch");
  const std::string& hidden = m.text("hidden");
  if (arch == "mlp") {
    if (const std::string problem = parse_arch("mlp:" + hidden, c.arch); !problem.empty())
      throw m.bad("hidden", "hidden widths such as \"400\" or \"512,256\"");
  } else if (arch == "conv") {
    if (hidden != "0") throw m.bad("hidden", "\"0\" for arch conv");
    parse_arch("conv", c.arch);
  } else {
    throw m.bad("arch", "'mlp' or 'conv'");
  }
  c.arch.latent = m.whole("latent", 1, 64);
  c.arch.conditional = m.flag("cond");
  const auto mode = parse_mode(m.text("mode"));
  if (!mode) throw m.bad("mode", "'ae', 'vae' or 'kl-only'");
  c.objective.mode = *mode;
  const auto likelihood = parse_likelihood(m.text("likelihood"));
  if (!likelihood) throw m.bad("likelihood", "'bernoulli' or 'gaussian'");
  c.objective.likelihood = *likelihood;
  {
    const std::string& shape = m.text("input_shape");
    std::vector<int> dims;
    size_t from = 0;
    while (dims.size() < 4) {
      const size_t comma = shape.find(',', from);
      dims.push_back(m.whole_in(shape.substr(from, comma == std::string::npos ? std::string::npos : comma - from),
                                "input_shape", 1, 4096));
      if (comma == std::string::npos) break;
      from = comma + 1;
    }
    if (dims.size() != 3 || dims[0] > 64) throw m.bad("input_shape", "\"C,H,W\" (for MNIST \"1,28,28\")");
    c.arch.input = {dims[0], dims[1], dims[2]};
  }
  c.arch.classes = m.has("classes") ? m.whole("classes", 1, 256) : 10;
  if (m.has("class_names")) {
    nlohmann::json names;
    try {
      names = nlohmann::json::parse(m.text("class_names"));
    } catch (const nlohmann::json::exception&) {
      throw m.bad("class_names", "a JSON list of strings");
    }
    if (!names.is_array() || names.size() != static_cast<size_t>(c.arch.classes))
      throw m.bad("class_names", "a JSON list of " + std::to_string(c.arch.classes) + " strings (one per class)");
    for (const auto& n : names) {
      if (!n.is_string()) throw m.bad("class_names", "a JSON list of strings");
      out.class_names.push_back(n.get<std::string>());
    }
  } else {
    out.class_names = numbered_class_names(c.arch.classes);
  }
  if (m.has("gaussian_sigma")) {
    const std::string& v = m.text("gaussian_sigma");
    char* end = nullptr;
    errno = 0;
    const double sigma = std::strtod(v.c_str(), &end);
    if (v.empty() || *end != '\0' || errno != 0 || !std::isfinite(sigma) || sigma <= 0)
      throw m.bad("gaussian_sigma", "a number above 0");
    c.objective.gaussian_sigma = sigma;
  }
  if (m.has("binarize")) c.binarize = m.flag("binarize");
  out.decoder_untrained = c.objective.mode == Mode::kKlOnly && !(m.has("decoder_trained") && m.flag("decoder_trained"));
  if (const std::string problem = validate(c); !problem.empty())
    throw file_error(name, "__metadata__ describes an unusable model: " + problem);
  return out;
}

// The header's tensors against the metadata's model: the same names, each of the shape it needs.
// Returns the slots with, for each, the tensor that fills it.
std::vector<std::pair<Slot, const TensorInfo*>> match(const SafetensorsHeader& header, const ArchSpec& spec,
                                                      const std::string& name) {
  std::map<std::string, const TensorInfo*> by_name;
  for (const TensorInfo& t : header.tensors) by_name[t.name] = &t;
  std::vector<std::pair<Slot, const TensorInfo*>> out;
  for (Slot& slot : slots_of(spec)) {
    const auto it = by_name.find(slot.name);
    if (it == by_name.end())
      throw file_error(name, "no tensor '" + slot.name + "', which the metadata's model (" + describe(spec) + ") needs");
    if (it->second->shape != slot.shape)
      throw file_error(name, "tensor '" + slot.name + "' has shape " + shape_text(it->second->shape) +
                                 ", but the metadata's model (" + describe(spec) + ", " + to_string(spec.input) +
                                 " images) needs " + shape_text(slot.shape));
    out.emplace_back(std::move(slot), it->second);
    by_name.erase(it);
  }
  if (!by_name.empty()) {
    std::string shown_name;
    for (char ch : by_name.begin()->first.substr(0, 80)) shown_name += static_cast<unsigned char>(ch) < 0x20 ? '?' : ch;
    throw file_error(name, "unexpected tensor '" + shown_name + "' for the metadata's model (" + describe(spec) + ")");
  }
  return out;
}

struct Checked {
  SavedModel model;
  SafetensorsHeader header;
  std::vector<std::pair<Slot, const TensorInfo*>> slots;  // point into header
};

Checked check_header(const uint8_t* text, size_t length, uint64_t file_size, const std::string& name) {
  Checked c;
  c.header = parse_safetensors_header(text, length, file_size, name);
  c.model = model_from_metadata(c.header.metadata, name);
  c.slots = match(c.header, c.model.config.arch, name);
  return c;
}

// The tensors' values into the flat buffer. `buffer`: the file's data, checked by check_header.
void fill(Checked& c, const uint8_t* buffer, const std::string& name) {
  std::vector<Slot> slots;
  for (const auto& matched : c.slots) slots.push_back(matched.first);
  check_layout(slots, c.model.config.arch);
  Vec<float>& p = c.model.params;
  p.setZero(static_cast<Eigen::Index>(Model<float>::param_count(c.model.config.arch)));
  for (const auto& [slot, tensor] : c.slots) {
    const std::vector<float> v = tensor_floats(*tensor, buffer);
    for (float x : v)
      if (!std::isfinite(x)) throw file_error(name, "tensor '" + slot.name + "' holds NaN or infinite values");
    if (slot.rows == 0) {
      std::memcpy(p.data() + slot.offset, v.data(), 4 * v.size());
      continue;
    }
    const size_t rows = static_cast<size_t>(slot.shape[0]), cols = static_cast<size_t>(slot.shape[1]);
    for (size_t r = 0; r < rows; ++r)
      for (size_t col = 0; col < cols; ++col) p[static_cast<Eigen::Index>(slot.offset + col * slot.rows + r)] = v[r * cols + col];
  }
}

// Opens a file and gives its size; one line naming the file if it cannot.
std::ifstream open_model_file(const std::string& path, uint64_t& size) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::exists(path, ec)) throw file_error(path, "file not found");
  if (!fs::is_regular_file(path, ec)) throw file_error(path, "not a regular file");
  size = fs::file_size(path, ec);
  if (ec) throw file_error(path, "cannot read: " + ec.message());
  if (size < 8) throw file_error(path, "too short to be a safetensors file (" + std::to_string(size) + " bytes)");
  if (size > kMaxCheckpointBytes) throw file_error(path, "too large to be a model of ours");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw file_error(path, std::string("cannot open: ") + std::strerror(errno));
  return in;
}

std::vector<uint8_t> read_exactly(std::ifstream& in, uint64_t n, const std::string& path) {
  std::vector<uint8_t> bytes(static_cast<size_t>(n));
  in.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(n));
  if (static_cast<uint64_t>(in.gcount()) != n) throw file_error(path, "short read");
  return bytes;
}

// The header of a file, read and checked; the stream is left at the data buffer.
Checked read_checked_header(std::ifstream& in, uint64_t size, const std::string& path) {
  const std::vector<uint8_t> first = read_exactly(in, 8, path);
  const uint64_t length = safetensors_header_length(first.data(), size, path);
  const std::vector<uint8_t> header = read_exactly(in, length, path);  // not past the end of the file: checked
  return check_header(header.data(), header.size(), size, path);
}

}  // namespace

std::string untrained_decoder_note(const std::string& path) {
  return "note: " + path + " is a kl-only model without decoder_trained in its metadata: its decoder was never "
         "trained (a kl-only run elsewhere trains the encoder alone), so its decodes are noise";
}

bool is_safetensors_path(const std::string& path) {
  constexpr std::string_view kExt = ".safetensors";
  return path.size() >= kExt.size() && path.compare(path.size() - kExt.size(), kExt.size(), kExt) == 0;
}

SavedModel read_state_dict_bytes(const std::vector<uint8_t>& bytes, const std::string& name) {
  if (bytes.size() < 8) throw file_error(name, "too short to be a safetensors file (" + std::to_string(bytes.size()) + " bytes)");
  const uint64_t length = safetensors_header_length(bytes.data(), bytes.size(), name);
  Checked c = check_header(bytes.data() + 8, static_cast<size_t>(length), bytes.size(), name);
  fill(c, bytes.data() + c.header.data_start, name);
  return std::move(c.model);
}

SavedModel read_state_dict(const std::string& path) {
  uint64_t size = 0;
  std::ifstream in = open_model_file(path, size);
  Checked c = read_checked_header(in, size, path);
  const std::vector<uint8_t> buffer = read_exactly(in, size - c.header.data_start, path);
  fill(c, buffer.data(), path);
  return std::move(c.model);
}

SavedModel read_state_dict_header(const std::string& path) {
  uint64_t size = 0;
  std::ifstream in = open_model_file(path, size);
  return read_checked_header(in, size, path).model;
}

std::vector<std::pair<std::string, std::vector<uint64_t>>> state_dict_shapes(const ArchSpec& spec) {
  std::vector<std::pair<std::string, std::vector<uint64_t>>> out;
  for (const Slot& s : slots_of(spec)) out.emplace_back(s.name, s.shape);
  return out;
}

std::vector<uint8_t> state_dict_bytes(const SavedModel& model) {
  const TrainConfig& config = model.config;
  const Vec<float>& params = model.params;
  const ArchSpec& a = config.arch;
  const std::vector<Slot> slots = slots_of(a);
  check_layout(slots, a);
  if (params.size() != static_cast<Eigen::Index>(Model<float>::param_count(a)))
    throw std::logic_error("state_dict_bytes: parameter count disagrees with the architecture");
  std::vector<TensorToWrite> tensors;
  for (const Slot& slot : slots) {
    TensorToWrite t{slot.name, slot.shape, std::vector<float>(count(slot.shape))};
    if (slot.rows == 0) {
      std::memcpy(t.values.data(), params.data() + slot.offset, 4 * t.values.size());
    } else {
      const size_t rows = static_cast<size_t>(slot.shape[0]), cols = static_cast<size_t>(slot.shape[1]);
      for (size_t r = 0; r < rows; ++r)
        for (size_t col = 0; col < cols; ++col)
          t.values[r * cols + col] = params[static_cast<Eigen::Index>(slot.offset + col * slot.rows + r)];
    }
    tensors.push_back(std::move(t));
  }
  std::string hidden = "0";
  if (a.kind == ArchKind::kMlp) hidden = arch_text(a).substr(4);  // "mlp:512,256" -> "512,256"
  std::map<std::string, std::string> meta = {
      {"format", kFormat},
      {"arch", a.kind == ArchKind::kConv ? "conv" : "mlp"},
      {"hidden", hidden},
      {"latent", std::to_string(a.latent)},
      {"cond", a.conditional ? "1" : "0"},
      {"mode", to_string(config.objective.mode)},
      {"likelihood", to_string(config.objective.likelihood)},
      {"input_shape", std::to_string(a.input.channels) + "," + std::to_string(a.input.height) + "," +
                          std::to_string(a.input.width)},
      {"classes", std::to_string(a.classes)},
      {"class_names", nlohmann::json(model.class_names).dump()},
  };
  if (!model.decoder_untrained) meta["decoder_trained"] = "1";  // our kl-only trains its decoder (model/config.hpp)
  if (config.objective.likelihood == Likelihood::kGaussian) {
    char sigma[32];
    std::snprintf(sigma, sizeof sigma, "%.17g", config.objective.gaussian_sigma);
    meta["gaussian_sigma"] = sigma;
  }
  if (config.binarize) meta["binarize"] = "1";
  return safetensors_bytes(tensors, meta);
}

void write_state_dict(const std::string& path, const SavedModel& model) {
  write_file_atomically(path, state_dict_bytes(model));
}

}  // namespace lex
