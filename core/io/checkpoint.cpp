#include "io/checkpoint.hpp"

#include <fcntl.h>
#include <unistd.h>
#include <zlib.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>

#include "data/dataset.hpp"
#include "train/trainer.hpp"
#include "util/error.hpp"

namespace lex {
namespace {

void put_u32(std::vector<uint8_t>& out, uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<uint8_t>(v >> (8 * i)));
}

uint32_t get_u32(const uint8_t* p) {
  return uint32_t{p[0]} | (uint32_t{p[1]} << 8) | (uint32_t{p[2]} << 16) | (uint32_t{p[3]} << 24);
}

template <typename T>
void put_array(std::vector<uint8_t>& out, const T* data, size_t n) {
  static_assert(sizeof(T) == 4);
  const size_t at = out.size();
  out.resize(at + 4 * n);
  std::memcpy(out.data() + at, data, 4 * n);  // x86 and ARM are little-endian, as the format is
}

// A whole number from the header. nlohmann's get<int>() casts a stored float to the integer type,
// which is undefined behaviour when it is out of range (a fuzzed file had 3.9e19 for an RNG word):
// a field must be stored as an integer, and fit its type.
template <typename T>
T whole(const nlohmann::json& v, const char* name) {
  const bool fits = v.is_number_unsigned() ? v.get<uint64_t>() <= static_cast<uint64_t>(std::numeric_limits<T>::max())
                    : v.is_number_integer() ? std::numeric_limits<T>::is_signed &&
                                                  v.get<int64_t>() >= static_cast<int64_t>(std::numeric_limits<T>::min())
                                            : false;
  if (!fits) throw nlohmann::json::type_error::create(302, std::string(name) + " is not a whole number in range", &v);
  return v.get<T>();
}

nlohmann::json rng_to_json(const Rng::State& s) {
  return {{"words", {s.words[0], s.words[1], s.words[2], s.words[3]}}, {"has_spare", s.has_spare}, {"spare", s.spare}};
}

Rng::State rng_from_json(const nlohmann::json& j) {
  Rng::State s;
  for (int i = 0; i < 4; ++i) s.words[i] = whole<uint64_t>(j.at("words").at(i), "words");
  s.has_spare = j.at("has_spare").get<bool>();
  s.spare = j.at("spare").get<double>();
  return s;
}

uint32_t crc32_of(const uint8_t* data, size_t n) {
  uLong crc = crc32(0L, Z_NULL, 0);
  while (n > 0) {
    const uInt chunk = static_cast<uInt>(std::min<size_t>(n, 1u << 30));
    crc = crc32(crc, data, chunk);
    data += chunk;
    n -= chunk;
  }
  return static_cast<uint32_t>(crc);
}

// Magic and version of the first 16 bytes; returns the version.
uint32_t check_prefix(const uint8_t* bytes, size_t size, const std::string& path) {
  if (size < 20) throw file_error(path, "too short to be a checkpoint (" + std::to_string(size) + " bytes)");
  if (std::memcmp(bytes, kCheckpointMagic, 8) != 0) throw file_error(path, "not a latent-explorer checkpoint (bad magic)");
  const uint32_t version = get_u32(bytes + 8);
  if (version < kOldestCheckpointVersion || version > kCheckpointVersion)
    throw file_error(path, "checkpoint format version " + std::to_string(version) + ", this build reads versions " +
                               std::to_string(kOldestCheckpointVersion) + " to " + std::to_string(kCheckpointVersion));
  return version;
}

// The JSON header is a few hundred bytes; a length far beyond that is a corrupt file, refused
// before anything is allocated for it.
constexpr uint64_t kMaxHeaderBytes = uint64_t{1} << 20;
void check_header_length(uint64_t header_len, uint64_t file_size, const std::string& path) {
  if (header_len > kMaxHeaderBytes)
    throw file_error(path, "header length " + std::to_string(header_len) + " is implausible (corrupt file?)");
  if (16 + header_len + 4 > file_size) throw file_error(path, "header length runs past the end of the file");
}

nlohmann::json parse_header(const uint8_t* text, size_t length, const std::string& path) {
  try {
    return nlohmann::json::parse(text, text + length);
  } catch (const nlohmann::json::exception&) {
    throw file_error(path, "header is not valid JSON");
  }
}

}  // namespace

nlohmann::json config_to_json(const TrainConfig& c) {
  const ImageShape& in = c.arch.input;
  return {{"mode", to_string(c.objective.mode)},
          {"likelihood", to_string(c.objective.likelihood)},
          {"arch", arch_text(c.arch)},
          {"latent", c.arch.latent},
          {"cond", c.arch.conditional},
          {"input_shape", {in.channels, in.height, in.width}},
          {"classes", c.arch.classes},
          {"beta", c.objective.beta},
          {"gaussian_sigma", c.objective.gaussian_sigma},
          {"binarize", c.binarize},
          {"warmup_steps", c.warmup_steps},
          {"batch", c.batch},
          {"lr", c.lr},
          {"adam_beta1", c.adam_beta1},
          {"adam_beta2", c.adam_beta2},
          {"adam_eps", c.adam_eps},
          {"seed", c.seed},
          {"threads", c.threads}};
}

TrainConfig config_from_json(const nlohmann::json& j, const std::string& where, uint32_t version) {
  TrainConfig c;
  try {
    const auto mode = parse_mode(j.at("mode").get<std::string>());
    const auto lik = parse_likelihood(j.at("likelihood").get<std::string>());
    if (!mode || !lik) throw file_error(where, "unknown mode or likelihood in the header");
    c.objective.mode = *mode;
    c.objective.likelihood = *lik;
    c.arch.latent = whole<int>(j.at("latent"), "latent");
    if (version == 1) {  // one hidden layer, unconditional, MNIST-shaped
      const int input = whole<int>(j.at("input"), "input");
      if (input != 784) throw file_error(where, "input size " + std::to_string(input) + ", expected 784");
      c.arch.hidden = {whole<int>(j.at("hidden"), "hidden")};
      c.arch.input = {1, 28, 28};  // format 1 was MNIST's
      c.arch.classes = 10;
    } else {
      if (const std::string problem = parse_arch(j.at("arch").get<std::string>(), c.arch); !problem.empty())
        throw file_error(where, "bad architecture in the header: " + problem);
      c.arch.conditional = j.at("cond").get<bool>();
      const auto& shape = j.at("input_shape");
      if (!shape.is_array() || shape.size() != 3) throw file_error(where, "input_shape is not [C, H, W]");
      c.arch.input = {whole<int>(shape.at(0), "input_shape"), whole<int>(shape.at(1), "input_shape"),
                      whole<int>(shape.at(2), "input_shape")};
      c.arch.classes = whole<int>(j.at("classes"), "classes");
      if (c.arch.input.channels > 64 || c.arch.input.height > 4096 || c.arch.input.width > 4096)
        throw file_error(where, "input_shape " + to_string(c.arch.input) + " is implausible");
    }
    c.objective.beta = j.at("beta").get<double>();
    c.objective.gaussian_sigma = j.at("gaussian_sigma").get<double>();
    c.binarize = j.at("binarize").get<bool>();
    c.warmup_steps = whole<int>(j.at("warmup_steps"), "warmup_steps");
    c.batch = whole<int>(j.at("batch"), "batch");
    c.lr = j.at("lr").get<double>();
    c.adam_beta1 = j.at("adam_beta1").get<double>();
    c.adam_beta2 = j.at("adam_beta2").get<double>();
    c.adam_eps = j.at("adam_eps").get<double>();
    c.seed = whole<uint64_t>(j.at("seed"), "seed");
    c.threads = whole<int>(j.at("threads"), "threads");
  } catch (const nlohmann::json::exception& e) {
    throw file_error(where, std::string("bad header field (") + e.what() + ")");
  }
  if (const std::string problem = validate(c); !problem.empty()) throw file_error(where, "bad config: " + problem);
  return c;
}

void write_file_atomically(const std::string& path, const std::vector<uint8_t>& bytes) {
  namespace fs = std::filesystem;
  const fs::path target(path);
  std::error_code ec;
  if (fs::is_directory(target, ec)) throw file_error(path, "is a directory");
  const fs::path tmp = target.parent_path() / (target.filename().string() + ".tmp." + std::to_string(::getpid()));
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) throw file_error(path, std::string("cannot write: ") + std::strerror(errno));
  size_t written = 0;
  while (written < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const std::string why = std::strerror(errno);
      ::close(fd);
      fs::remove(tmp, ec);
      throw file_error(path, "write failed: " + why);
    }
    written += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    const std::string why = std::strerror(errno);
    fs::remove(tmp, ec);
    throw file_error(path, "write failed: " + why);
  }
  if (std::rename(tmp.c_str(), target.c_str()) != 0) {
    const std::string why = std::strerror(errno);
    fs::remove(tmp, ec);
    throw file_error(path, "cannot replace: " + why);
  }
}

// A checkpoint's header and config, its checksum and every size checked against the bytes held,
// before anything is built from it.
struct ParsedCheckpoint {
  nlohmann::json header;
  TrainConfig config;
  size_t num_params = 0, train_size = 0;
  const uint8_t* body = nullptr;  // the parameters, then Adam's moments, then the batch order
};

ParsedCheckpoint parse_checkpoint(const std::vector<uint8_t>& bytes, const std::string& path) {
  const uint32_t version = check_prefix(bytes.data(), bytes.size(), path);
  const uint32_t stored_crc = get_u32(bytes.data() + bytes.size() - 4);
  if (crc32_of(bytes.data(), bytes.size() - 4) != stored_crc)
    throw file_error(path, "checksum mismatch: the file is corrupt or truncated");
  const uint64_t header_len = get_u32(bytes.data() + 12);
  check_header_length(header_len, bytes.size(), path);
  ParsedCheckpoint out;
  out.header = parse_header(bytes.data() + 16, header_len, path);
  out.config = config_from_json(out.header, path, version);
  size_t p = 0, n = 0;
  try {
    p = whole<size_t>(out.header.at("num_params"), "num_params");
    n = whole<size_t>(out.header.at("train_size"), "train_size");
  } catch (const nlohmann::json::exception& e) {
    throw file_error(path, std::string("bad header field (") + e.what() + ")");
  }
  if (p != Model<float>::param_count(out.config.arch))
    throw file_error(path, "holds " + std::to_string(p) + " parameters but its header's architecture needs " +
                               std::to_string(Model<float>::param_count(out.config.arch)));
  if (n > bytes.size()) throw file_error(path, "header claims more training images than the file can hold");
  const uint64_t expected = 16 + header_len + 12 * uint64_t{p} + 4 * uint64_t{n} + 4;
  if (bytes.size() != expected)
    throw file_error(path, "size " + std::to_string(bytes.size()) + " bytes, the header implies " + std::to_string(expected));
  out.num_params = p;
  out.train_size = n;
  out.body = bytes.data() + 16 + header_len;
  return out;
}

// The class names a checkpoint was trained with (format 1: MNIST's digits).
std::vector<std::string> class_names_of(const ParsedCheckpoint& c, const std::string& path) {
  if (!c.header.contains("class_names")) return numbered_class_names(c.config.arch.classes);
  try {
    auto names = c.header.at("class_names").get<std::vector<std::string>>();
    if (names.size() != static_cast<size_t>(c.config.arch.classes)) throw file_error(path, "class_names do not match classes");
    return names;
  } catch (const nlohmann::json::exception& e) {
    throw file_error(path, std::string("bad header field (") + e.what() + ")");
  }
}

// The trainer's private state, read and written here so the format lives in one file.
struct CheckpointAccess {
  static std::vector<uint8_t> serialize(const Trainer& t) {
    nlohmann::json header = config_to_json(t.config_);
    header["format"] = "latent-explorer checkpoint";
    header["class_names"] = t.data_->class_names;
    header["epochs_done"] = t.epochs_done_;
    header["steps_done"] = t.steps_done_;
    header["next_batch"] = t.next_batch_;
    header["adam_t"] = t.adam_.t();
    header["init_rng"] = rng_to_json(t.init_rng_.state());
    header["noise_rng"] = rng_to_json(t.noise_rng_.state());
    header["num_params"] = t.model_.num_params();
    header["train_size"] = t.order_.size();
    const std::string text = header.dump();

    std::vector<uint8_t> out(kCheckpointMagic, kCheckpointMagic + 8);
    put_u32(out, kCheckpointVersion);
    put_u32(out, static_cast<uint32_t>(text.size()));
    out.insert(out.end(), text.begin(), text.end());
    const size_t p = t.model_.num_params();
    put_array(out, t.model_.params().data(), p);
    put_array(out, t.adam_.m().data(), p);
    put_array(out, t.adam_.v().data(), p);
    put_array(out, t.order_.data(), t.order_.size());
    put_u32(out, crc32_of(out.data(), out.size()));
    return out;
  }

  static std::unique_ptr<Trainer> deserialize(const std::vector<uint8_t>& bytes, const std::string& path,
                                              std::shared_ptr<const DataSplit> data) {
    const ParsedCheckpoint parsed = parse_checkpoint(bytes, path);
    const nlohmann::json& header = parsed.header;
    const TrainConfig& config = parsed.config;
    const size_t p = parsed.num_params, n = parsed.train_size;
    if (!data) throw InputError(path + ": no data to continue training on");
    if (const std::string problem = data_mismatch(config.arch, *data); !problem.empty()) throw file_error(path, problem);
    auto trainer = std::make_unique<Trainer>(config, std::move(data));
    Trainer& t = *trainer;
    try {
      const uint8_t* at = parsed.body;
      std::memcpy(t.model_.params().data(), at, 4 * p);
      std::memcpy(t.adam_.m().data(), at + 4 * p, 4 * p);
      std::memcpy(t.adam_.v().data(), at + 8 * p, 4 * p);
      if (!t.model_.params().allFinite()) throw file_error(path, "parameters contain NaN or infinity");
      t.adam_.set_t(whole<int64_t>(header.at("adam_t"), "adam_t"));
      t.init_rng_.set_state(rng_from_json(header.at("init_rng")));
      t.noise_rng_.set_state(rng_from_json(header.at("noise_rng")));
      t.epochs_done_ = whole<int>(header.at("epochs_done"), "epochs_done");
      t.steps_done_ = whole<int64_t>(header.at("steps_done"), "steps_done");
      const int next_batch = whole<int>(header.at("next_batch"), "next_batch");
      if (t.epochs_done_ < 0 || t.steps_done_ < 0 || next_batch < 0 || next_batch > t.steps_per_epoch())
        throw file_error(path, "bad progress counters in the header");
      if (n == t.order_.size()) {
        // Same training set size: continue mid-epoch exactly where the run stopped.
        std::vector<int> order(n);
        std::memcpy(order.data(), at + 12 * p, 4 * n);
        for (int i : order)
          if (i < 0 || static_cast<size_t>(i) >= n) throw file_error(path, "bad batch order");
        t.order_ = std::move(order);
        t.next_batch_ = next_batch;
      }  // else: different data; the next step starts a fresh epoch order
    } catch (const nlohmann::json::exception& e) {
      throw file_error(path, std::string("bad header field (") + e.what() + ")");
    }
    return trainer;
  }
};

std::unique_ptr<Trainer> Trainer::load_bytes(const std::vector<uint8_t>& bytes, const std::string& name,
                                             std::shared_ptr<const DataSplit> data) {
  return CheckpointAccess::deserialize(bytes, name, std::move(data));
}

void Trainer::save(const std::string& path) const {
  if (is_safetensors_path(path)) {  // the model alone, in PyTorch's names (io/state_dict.hpp)
    write_state_dict(path, SavedModel{config_, data_->class_names, model_.params(), false});
    return;
  }
  write_file_atomically(path, CheckpointAccess::serialize(*this));
}

namespace {

// Opens a checkpoint for reading and gives its size; one line naming the file if it cannot.
std::ifstream open_checkpoint(const std::string& path, uint64_t& size) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::exists(path, ec)) throw file_error(path, "checkpoint not found");
  if (!fs::is_regular_file(path, ec)) throw file_error(path, "not a regular file");
  size = fs::file_size(path, ec);
  if (ec) throw file_error(path, "cannot read: " + ec.message());
  std::ifstream in(path, std::ios::binary);
  if (!in) throw file_error(path, std::string("cannot open: ") + std::strerror(errno));
  return in;
}

}  // namespace

TrainConfig read_checkpoint_config(const std::string& path) {
  if (is_safetensors_path(path)) return read_state_dict_header(path).config;
  uint64_t size = 0;
  std::ifstream in = open_checkpoint(path, size);
  uint8_t prefix[16] = {};
  in.read(reinterpret_cast<char*>(prefix), 16);
  const uint32_t version = check_prefix(prefix, static_cast<size_t>(size), path);
  const uint64_t header_len = get_u32(prefix + 12);
  check_header_length(header_len, size, path);
  std::vector<uint8_t> header(header_len);
  in.read(reinterpret_cast<char*>(header.data()), static_cast<std::streamsize>(header_len));
  if (static_cast<uint64_t>(in.gcount()) != header_len) throw file_error(path, "short read");
  return config_from_json(parse_header(header.data(), header.size(), path), path, version);
}

// A whole checkpoint file in memory.
std::vector<uint8_t> read_checkpoint_bytes(const std::string& path) {
  uint64_t size = 0;
  std::ifstream in = open_checkpoint(path, size);
  if (size > kMaxCheckpointBytes) throw file_error(path, "too large to be a checkpoint");
  std::vector<uint8_t> bytes(size);
  in.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(size));
  if (static_cast<size_t>(in.gcount()) != size) throw file_error(path, "short read");
  return bytes;
}

std::unique_ptr<Trainer> Trainer::load(const std::string& path, std::shared_ptr<const DataSplit> data) {
  if (is_safetensors_path(path)) {
    const SavedModel saved = read_state_dict(path);
    auto trainer = start_from(saved.config, saved.params, std::move(data), path);
    if (saved.decoder_untrained) trainer->load_note_ = untrained_decoder_note(path);
    return trainer;
  }
  return load_bytes(read_checkpoint_bytes(path), path, std::move(data));
}

SavedModel read_model_file(const std::string& path) {
  if (is_safetensors_path(path)) return read_state_dict(path);
  const std::vector<uint8_t> bytes = read_checkpoint_bytes(path);
  const ParsedCheckpoint parsed = parse_checkpoint(bytes, path);
  SavedModel out;
  out.config = parsed.config;
  out.class_names = class_names_of(parsed, path);
  out.params.resize(static_cast<Eigen::Index>(parsed.num_params));
  std::memcpy(out.params.data(), parsed.body, 4 * parsed.num_params);
  if (!out.params.allFinite()) throw file_error(path, "parameters contain NaN or infinity");
  return out;
}

}  // namespace lex
