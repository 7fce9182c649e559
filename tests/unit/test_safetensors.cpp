// The safetensors reader and the state_dict schema (io/safetensors.hpp, io/state_dict.hpp): round
// trips, PyTorch's names and shapes, the arithmetic the names imply, F16 and BF16, and every rule
// of the reader broken once, each an InputError naming the tensor or field.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>

#include <nlohmann/json.hpp>

#include "data/dataset.hpp"
#include "io/checkpoint.hpp"
#include "io/safetensors.hpp"
#include "io/state_dict.hpp"
#include "model/frozen_model.hpp"
#include "model/model.hpp"
#include "train/trainer.hpp"
#include "util/error.hpp"
#include "util/rng.hpp"

namespace lex {
namespace {

using ordered_json = nlohmann::ordered_json;

SavedModel small_model(const std::string& arch, bool cond = false, ImageShape input = {1, 4, 4}, Mode mode = Mode::kVae) {
  SavedModel m;
  EXPECT_EQ(parse_arch(arch, m.config.arch), "");
  m.config.arch.latent = 2;
  m.config.arch.conditional = cond;
  m.config.arch.input = input;
  m.config.arch.classes = 10;
  m.config.objective.mode = mode;
  m.class_names = numbered_class_names(10);
  Model<float> model(m.config.arch);
  Rng rng(7);
  model.init(rng);
  m.params = model.params();
  return m;
}

// A file cut into its header (as ordered JSON) and data buffer, and put back together.
struct Parts {
  ordered_json header;
  std::vector<uint8_t> data;
};
Parts split(const std::vector<uint8_t>& file) {
  uint64_t n = 0;
  for (int i = 7; i >= 0; --i) n = (n << 8) | file[static_cast<size_t>(i)];
  Parts p;
  p.header = ordered_json::parse(file.begin() + 8, file.begin() + 8 + static_cast<long>(n));
  p.data.assign(file.begin() + 8 + static_cast<long>(n), file.end());
  return p;
}
std::vector<uint8_t> join(const std::string& header, const std::vector<uint8_t>& data) {
  std::vector<uint8_t> out(8 + header.size() + data.size());
  for (int i = 0; i < 8; ++i) out[static_cast<size_t>(i)] = static_cast<uint8_t>(uint64_t{header.size()} >> (8 * i));
  std::copy(header.begin(), header.end(), out.begin() + 8);
  std::copy(data.begin(), data.end(), out.begin() + 8 + static_cast<long>(header.size()));
  return out;
}
std::vector<uint8_t> join(const Parts& p) { return join(p.header.dump(), p.data); }

// Expects an InputError whose message holds every needle.
void expect_refused(const std::vector<uint8_t>& bytes, std::initializer_list<std::string> needles) {
  try {
    read_state_dict_bytes(bytes, "f.safetensors");
    ADD_FAILURE() << "accepted; wanted " << *needles.begin();
  } catch (const InputError& e) {
    const std::string what = e.what();
    EXPECT_EQ(what.rfind("f.safetensors: ", 0), 0u) << what;
    EXPECT_EQ(what.find('\n'), std::string::npos) << what;
    for (const std::string& n : needles) EXPECT_NE(what.find(n), std::string::npos) << "'" << n << "' not in: " << what;
  }
}

TEST(Safetensors, RoundTripsEveryArchitecture) {
  for (const auto& [arch, cond] : std::vector<std::pair<std::string, bool>>{
           {"mlp:8", false}, {"mlp:8", true}, {"mlp:8,6,4", true}, {"conv", false}, {"conv", true}}) {
    SCOPED_TRACE(arch + (cond ? " cond" : ""));
    SavedModel m = small_model(arch, cond, arch == "conv" ? ImageShape{1, 8, 8} : ImageShape{1, 4, 4});
    m.config.objective.likelihood = Likelihood::kGaussian;
    m.config.objective.gaussian_sigma = 0.25;
    m.class_names[3] = "three, \"quoted\"";
    const SavedModel back = read_state_dict_bytes(state_dict_bytes(m), "x.safetensors");
    EXPECT_EQ(back.config.arch, m.config.arch);
    EXPECT_EQ(back.config.objective.mode, m.config.objective.mode);
    EXPECT_EQ(back.config.objective.likelihood, Likelihood::kGaussian);
    EXPECT_EQ(back.config.objective.gaussian_sigma, 0.25);
    EXPECT_EQ(back.class_names, m.class_names);
    EXPECT_FALSE(back.decoder_untrained);
    ASSERT_EQ(back.params.size(), m.params.size());
    EXPECT_TRUE(back.params == m.params);
  }
}

TEST(Safetensors, NamesAndShapesAreTheReferences) {
  // torch_vae_reference.py's docstring, z = 2, --cond (C = 10), 28 x 28.
  SavedModel mlp = small_model("mlp:400", true, {1, 28, 28});
  const std::vector<std::pair<std::string, std::vector<uint64_t>>> want_mlp = {
      {"fc1.weight", {400, 794}}, {"fc1.bias", {400}}, {"fc21.weight", {2, 400}}, {"fc21.bias", {2}},
      {"fc22.weight", {2, 400}},  {"fc22.bias", {2}},  {"fc3.weight", {400, 12}}, {"fc3.bias", {400}},
      {"fc4.weight", {784, 400}}, {"fc4.bias", {784}}};
  EXPECT_EQ(state_dict_shapes(mlp.config.arch), want_mlp);
  SavedModel conv = small_model("conv", true, {1, 28, 28});
  const std::vector<std::pair<std::string, std::vector<uint64_t>>> want_conv = {
      {"enc_conv1.weight", {32, 1, 3, 3}},   {"enc_conv1.bias", {32}},   {"enc_conv2.weight", {64, 32, 3, 3}},
      {"enc_conv2.bias", {64}},              {"enc_fc.weight", {4, 2314}}, {"enc_fc.bias", {4}},
      {"dec_fc.weight", {1568, 12}},         {"dec_fc.bias", {1568}},    {"dec_deconv1.weight", {32, 64, 3, 3}},
      {"dec_deconv1.bias", {64}},            {"dec_deconv2.weight", {64, 32, 3, 3}}, {"dec_deconv2.bias", {32}},
      {"dec_deconv3.weight", {32, 1, 3, 3}}, {"dec_deconv3.bias", {1}}};
  EXPECT_EQ(state_dict_shapes(conv.config.arch), want_conv);
  SavedModel deep = small_model("mlp:512,256", false, {1, 28, 28});
  const std::vector<std::pair<std::string, std::vector<uint64_t>>> want_deep = {
      {"enc.0.weight", {512, 784}}, {"enc.0.bias", {512}}, {"enc.1.weight", {256, 512}}, {"enc.1.bias", {256}},
      {"enc.2.weight", {4, 256}},   {"enc.2.bias", {4}},   {"dec.0.weight", {256, 2}},   {"dec.0.bias", {256}},
      {"dec.1.weight", {512, 256}}, {"dec.1.bias", {512}}, {"dec.2.weight", {784, 512}}, {"dec.2.bias", {784}}};
  EXPECT_EQ(state_dict_shapes(deep.config.arch), want_deep);
}

// PyTorch's meaning of the tensors, y = x W^T + b on [out, in] row-major weights, computed from the
// file's bytes alone, gives our encoder's outputs: the transposes and the fc21/fc22 split are right.
TEST(Safetensors, TensorsMeanWhatPyTorchMeans) {
  for (const std::string arch : {"mlp:8", "mlp:8,6"}) {
    SCOPED_TRACE(arch);
    SavedModel m = small_model(arch, true);
    const std::vector<uint8_t> file = state_dict_bytes(m);
    Parts p = split(file);
    std::map<std::string, std::vector<float>> t;
    for (const auto& [name, info] : p.header.items()) {
      if (name == "__metadata__") continue;
      const auto begin = info["data_offsets"][0].get<size_t>(), end = info["data_offsets"][1].get<size_t>();
      t[name].resize((end - begin) / 4);
      std::memcpy(t[name].data(), p.data.data() + begin, end - begin);
    }
    const auto linear = [&](const std::string& prefix, const std::vector<float>& x, bool relu) {
      const std::vector<float>& b = t[prefix + ".bias"];
      std::vector<float> y(b.size());
      for (size_t o = 0; o < y.size(); ++o) {
        double s = b[o];
        for (size_t i = 0; i < x.size(); ++i) s += double{t[prefix + ".weight"][o * x.size() + i]} * x[i];
        y[o] = relu ? std::max(0.0f, static_cast<float>(s)) : static_cast<float>(s);
      }
      return y;
    };
    std::vector<float> x(16 + 10, 0.0f);
    for (int i = 0; i < 16; ++i) x[static_cast<size_t>(i)] = 0.05f * static_cast<float>(i);
    x[16 + 3] = 1.0f;  // class 3
    std::vector<float> mu, lv;
    if (arch == "mlp:8") {
      const std::vector<float> h = linear("fc1", x, true);
      mu = linear("fc21", h, false);
      lv = linear("fc22", h, false);
    } else {
      const std::vector<float> head = linear("enc.2", linear("enc.1", linear("enc.0", x, true), true), false);
      mu.assign(head.begin(), head.begin() + 2);
      lv.assign(head.begin() + 2, head.end());
    }
    FrozenModel ours(m.config.arch, m.params);
    Mat<float> xm = Eigen::Map<Mat<float>>(x.data(), 16, 1), out_mu, out_lv;
    const std::vector<uint8_t> label{3};
    ours.encode(xm, Labels(label), out_mu, out_lv);
    for (int j = 0; j < 2; ++j) {
      EXPECT_NEAR(out_mu(j, 0), mu[static_cast<size_t>(j)], 1e-5);
      EXPECT_NEAR(out_lv(j, 0), lv[static_cast<size_t>(j)], 1e-5);
    }
  }
}

TEST(Safetensors, HalfAndBfloat16AreExact) {
  EXPECT_EQ(half_to_float(0x3c00), 1.0f);
  EXPECT_EQ(half_to_float(0xc000), -2.0f);
  EXPECT_EQ(half_to_float(0x7bff), 65504.0f);
  EXPECT_EQ(half_to_float(0x0001), std::ldexp(1.0f, -24));  // the smallest subnormal
  EXPECT_EQ(half_to_float(0x83ff), -std::ldexp(1023.0f, -24));
  EXPECT_EQ(half_to_float(0x3555), 0.333251953125f);
  EXPECT_TRUE(std::isinf(half_to_float(0xfc00)) && half_to_float(0xfc00) < 0);
  EXPECT_TRUE(std::isnan(half_to_float(0x7e00)));
  EXPECT_EQ(bfloat16_to_float(0x3f80), 1.0f);
  EXPECT_EQ(bfloat16_to_float(0x4049), 3.140625f);
  EXPECT_EQ(bfloat16_to_float(0x0000), 0.0f);
}

// F16 and BF16 tensors load as the floats they stand for: the file's F32 weights rounded to a
// value each dtype holds exactly, then written in that dtype.
TEST(Safetensors, ReadsF16AndBf16Weights) {
  for (const bool bf16 : {false, true}) {
    SavedModel m = small_model("mlp:8");
    for (Eigen::Index i = 0; i < m.params.size(); ++i) m.params[i] = std::round(m.params[i] * 64) / 64;  // exact in both
    Parts p = split(state_dict_bytes(m));
    std::vector<uint8_t> data;
    ordered_json header;
    header["__metadata__"] = p.header["__metadata__"];
    for (auto& [name, info] : p.header.items()) {
      if (name == "__metadata__") continue;
      const auto begin = info["data_offsets"][0].get<size_t>(), end = info["data_offsets"][1].get<size_t>();
      const size_t at = data.size();
      for (size_t b = begin; b < end; b += 4) {
        float f;
        std::memcpy(&f, p.data.data() + b, 4);
        uint32_t bits;
        std::memcpy(&bits, &f, 4);
        uint16_t h;
        if (bf16) {
          h = static_cast<uint16_t>(bits >> 16);
        } else {  // |f| < 2 and a multiple of 1/64: a normal half, or zero
          const int e = f == 0 ? 0 : static_cast<int>((bits >> 23) & 0xff) - 127 + 15;
          h = f == 0 ? 0 : static_cast<uint16_t>(((bits >> 16) & 0x8000) | (e << 10) | ((bits >> 13) & 0x3ff));
        }
        data.push_back(static_cast<uint8_t>(h));
        data.push_back(static_cast<uint8_t>(h >> 8));
      }
      header[name] = {{"dtype", bf16 ? "BF16" : "F16"}, {"shape", info["shape"]}, {"data_offsets", {at, data.size()}}};
    }
    const SavedModel back = read_state_dict_bytes(join(header.dump(), data), "h.safetensors");
    EXPECT_TRUE(back.params == m.params) << (bf16 ? "BF16" : "F16");
  }
}

TEST(Safetensors, ForeignKlOnlyHasAnUntrainedDecoder) {
  SavedModel m = small_model("mlp:8", false, {1, 4, 4}, Mode::kKlOnly);
  EXPECT_FALSE(read_state_dict_bytes(state_dict_bytes(m), "ours").decoder_untrained);
  Parts p = split(state_dict_bytes(m));
  p.header["__metadata__"].erase("decoder_trained");  // as the reference writes kl-only
  EXPECT_TRUE(read_state_dict_bytes(join(p), "theirs").decoder_untrained);
  p.header["__metadata__"]["mode"] = "vae";
  EXPECT_FALSE(read_state_dict_bytes(join(p), "a vae").decoder_untrained);
}

TEST(Safetensors, MetadataDefaultsAreTheDigits) {
  SavedModel m = small_model("mlp:8");
  Parts p = split(state_dict_bytes(m));
  p.header["__metadata__"].erase("classes");
  p.header["__metadata__"].erase("class_names");
  p.header["__metadata__"]["epochs"] = "3";  // ignored, as the reference's other keys
  const SavedModel back = read_state_dict_bytes(join(p), "x");
  EXPECT_EQ(back.config.arch.classes, 10);
  EXPECT_EQ(back.class_names, numbered_class_names(10));
}

// ---- every rule broken --------------------------------------------------------------------------

std::vector<uint8_t> with_header_length(std::vector<uint8_t> file, uint64_t n) {
  for (int i = 0; i < 8; ++i) file[static_cast<size_t>(i)] = static_cast<uint8_t>(n >> (8 * i));
  return file;
}

TEST(SafetensorsRules, HeaderLength) {
  const std::vector<uint8_t> good = state_dict_bytes(small_model("mlp:8"));
  expect_refused(with_header_length(good, 100'000'001), {"header length 100000001", "100 MB"});
  expect_refused(with_header_length(good, good.size()), {"runs past the end of the file"});
  expect_refused({1, 2, 3}, {"too short"});
}

TEST(SafetensorsRules, HeaderText) {
  const Parts p = split(state_dict_bytes(small_model("mlp:8")));
  expect_refused(join(" " + p.header.dump(), p.data), {"does not start with '{'"});
  expect_refused(join("{\"a\": [1, 2", p.data), {"not valid JSON"});
  expect_refused(join("[1]", p.data), {"does not start with '{'"});
  expect_refused(join("{\"a\": {\"b\": [[1]]}}", p.data), {"nests deeper"});
  std::string bad_utf8 = p.header.dump();
  bad_utf8.insert(bad_utf8.find("fc1.weight"), "\xff");
  expect_refused(join(bad_utf8, p.data), {"not valid JSON"});
}

TEST(SafetensorsRules, Dtype) {
  Parts p = split(state_dict_bytes(small_model("mlp:8")));
  p.header["fc3.bias"]["dtype"] = "F64";
  expect_refused(join(p), {"tensor 'fc3.bias'", "dtype 'F64'"});
  p.header["fc3.bias"]["dtype"] = 7;
  expect_refused(join(p), {"tensor 'fc3.bias'", "dtype"});
}

TEST(SafetensorsRules, ShapeAgainstOffsetsAndAgainstTheModel) {
  const Parts good = split(state_dict_bytes(small_model("mlp:8")));
  Parts p = good;
  p.header["fc1.weight"]["shape"] = {8, 17};
  expect_refused(join(p), {"tensor 'fc1.weight'", "[8, 17]", "needs"});
  p.header["fc1.weight"]["shape"] = {16, 8};  // transposed: the same bytes, the wrong shape
  expect_refused(join(p), {"tensor 'fc1.weight' has shape [16, 8]", "needs [8, 16]"});
  p.header["fc1.weight"]["shape"] = {8, -16};
  expect_refused(join(p), {"tensor 'fc1.weight'", "shape", "not a whole number"});
  p.header["fc1.weight"]["shape"] = {uint64_t{1} << 62, uint64_t{1} << 62};  // huge dimensions
  expect_refused(join(p), {"tensor 'fc1.weight'", "too large"});
  p = good;
  p.header["fc1.weight"]["shape"] = "8x16";
  expect_refused(join(p), {"tensor 'fc1.weight'", "not a list"});
  p = good;
  p.header["fc1.weight"].erase("data_offsets");
  expect_refused(join(p), {"tensor 'fc1.weight' has no data_offsets"});
}

TEST(SafetensorsRules, OffsetsTileTheBuffer) {
  const Parts good = split(state_dict_bytes(small_model("mlp:8")));
  Parts p = good;
  p.data.resize(p.data.size() + 4);
  expect_refused(join(p), {"bytes left over"});
  p = good;
  p.data.resize(p.data.size() - 4);
  expect_refused(join(p), {"truncated"});
  // fc1.bias moved 4 bytes on: a gap before it, an overlap after it.
  p = good;
  auto& offsets = p.header["fc1.bias"]["data_offsets"];
  offsets = {offsets[0].get<uint64_t>() + 4, offsets[1].get<uint64_t>() + 4};
  expect_refused(join(p), {"'fc1.bias'", "a gap"});
  p = good;
  auto& first = p.header["fc21.weight"]["data_offsets"];  // starts where fc1.bias does: an overlap
  const auto bias_begin = good.header["fc1.bias"]["data_offsets"][0].get<uint64_t>();
  first = {bias_begin, bias_begin + (first[1].get<uint64_t>() - first[0].get<uint64_t>())};
  expect_refused(join(p), {"overlap"});
  p = good;
  p.header["fc1.weight"]["data_offsets"] = {8, 4};
  expect_refused(join(p), {"tensor 'fc1.weight'", "end before they begin"});
}

TEST(SafetensorsRules, DuplicateNames) {
  const Parts p = split(state_dict_bytes(small_model("mlp:8")));
  std::string text = p.header.dump();
  const std::string entry = "\"fc3.bias\":" + p.header["fc3.bias"].dump();
  expect_refused(join(text.substr(0, text.size() - 1) + "," + entry + "}", p.data), {"duplicate tensor name 'fc3.bias'"});
  std::string twice = text;
  twice.replace(twice.find("\"dtype\":\"F32\""), 13, "\"dtype\":\"F32\",\"dtype\":\"F32\"");
  expect_refused(join(twice, p.data), {"duplicate field 'dtype'"});
  std::string meta = text;
  meta.replace(meta.find("\"arch\":\"mlp\""), 12, "\"arch\":\"mlp\",\"arch\":\"conv\"");
  expect_refused(join(meta, p.data), {"'__metadata__'", "duplicate field 'arch'"});
}

TEST(SafetensorsRules, ExpectedTensorsOnly) {
  const Parts good = split(state_dict_bytes(small_model("mlp:8")));
  Parts p = good;
  // The last tensor dropped with its bytes: a complete file of the wrong model.
  const auto last_begin = p.header["fc4.bias"]["data_offsets"][0].get<size_t>();
  p.header.erase("fc4.bias");
  p.data.resize(last_begin);
  expect_refused(join(p), {"no tensor 'fc4.bias'"});
  p = good;
  p.header["extra"] = {{"dtype", "F32"}, {"shape", {0}}, {"data_offsets", {p.data.size(), p.data.size()}}};
  expect_refused(join(p), {"unexpected tensor 'extra'"});
}

TEST(SafetensorsRules, NonFiniteWeights) {
  Parts p = split(state_dict_bytes(small_model("mlp:8")));
  const float nan = std::nanf("");
  std::memcpy(p.data.data() + p.header["fc3.weight"]["data_offsets"][0].get<size_t>() + 8, &nan, 4);
  expect_refused(join(p), {"tensor 'fc3.weight'", "NaN"});
}

TEST(SafetensorsRules, Metadata) {
  const Parts good = split(state_dict_bytes(small_model("mlp:8")));
  const auto with = [&](const std::string& key, const ordered_json& value) {
    Parts p = good;
    if (value.is_null()) p.header["__metadata__"].erase(key);
    else p.header["__metadata__"][key] = value;
    return join(p);
  };
  expect_refused(with("format", nullptr), {"__metadata__ has no 'format'"});
  expect_refused(with("format", "pt"), {"'format' is 'pt'"});
  expect_refused(with("latent", "two"), {"'latent' is 'two'"});
  expect_refused(with("latent", 2), {"'latent' is not a string"});
  expect_refused(with("latent", "3"), {"fc21.weight", "has shape [2, 8]", "needs [3, 8]"});  // contradicts the tensors
  expect_refused(with("arch", "resnet"), {"'arch' is 'resnet'"});
  expect_refused(with("hidden", "9"), {"tensor 'fc1.weight' has shape [8, 16]", "needs [9, 16]"});
  expect_refused(with("cond", "yes"), {"'cond' is 'yes'"});
  expect_refused(with("cond", "1"), {"'fc1.weight'", "needs [8, 26]"});
  expect_refused(with("mode", "gan"), {"'mode' is 'gan'"});
  expect_refused(with("likelihood", nullptr), {"no 'likelihood'"});
  expect_refused(with("input_shape", "1,4"), {"'input_shape' is '1,4'"});
  expect_refused(with("input_shape", "1,4,5"), {"'fc1.weight'", "needs [8, 20]"});
  expect_refused(with("classes", "0"), {"'classes' is '0'"});
  expect_refused(with("class_names", "[\"a\"]"), {"'class_names'", "10 strings"});
  expect_refused(with("gaussian_sigma", "-1"), {"'gaussian_sigma' is '-1'"});
  expect_refused(with("binarize", "2"), {"'binarize' is '2'"});
  Parts p = good;
  p.header["__metadata__"] = "x";
  expect_refused(join(p), {"__metadata__ is not an object"});
}

// ---- through the trainer and the checkpoint functions --------------------------------------------

std::shared_ptr<const DataSplit> tiny_data(int classes) {
  auto d = std::make_shared<DataSplit>();
  d->dir = "tiny";
  d->shape = {1, 4, 4};
  d->class_names = numbered_class_names(classes);
  d->train.images = Eigen::MatrixXf::Constant(16, 12, 0.5f);
  d->test.images = Eigen::MatrixXf::Constant(16, 4, 0.25f);
  for (int i = 0; i < 12; ++i) d->train.labels.push_back(static_cast<uint8_t>(i % classes));
  for (int i = 0; i < 4; ++i) d->test.labels.push_back(static_cast<uint8_t>(i % classes));
  return d;
}

TEST(SafetensorsLoad, TrainerLoadStartsANewRunFromTheWeights) {
  const std::string path = (std::filesystem::temp_directory_path() / "lex_test_load.safetensors").string();
  SavedModel m = small_model("mlp:8", true, {1, 4, 4}, Mode::kAe);
  write_state_dict(path, m);
  const TrainConfig header = read_checkpoint_config(path);
  EXPECT_EQ(header.arch, m.config.arch);
  EXPECT_EQ(header.objective.mode, Mode::kAe);
  auto trainer = Trainer::load(path, tiny_data(10));
  EXPECT_EQ(trainer->steps_done(), 0);
  EXPECT_EQ(trainer->optimizer().t(), 0);
  EXPECT_TRUE(trainer->model().params() == m.params);
  EXPECT_EQ(trainer->config().objective.mode, Mode::kAe);
  EXPECT_TRUE(trainer->load_note().empty());
  trainer->step();
  // Exported from a checkpoint, the same weights come back.
  const std::string ckpt = path + ".ckpt";
  trainer->save(ckpt);
  const SavedModel from_ckpt = read_model_file(ckpt);
  EXPECT_TRUE(from_ckpt.params == trainer->model().params());
  EXPECT_EQ(from_ckpt.class_names, numbered_class_names(10));
  // save() to a .safetensors name writes the model alone, as a state_dict.
  const std::string exported = path + ".2.safetensors";
  trainer->save(exported);
  EXPECT_TRUE(read_state_dict(exported).params == trainer->model().params());
  std::filesystem::remove(exported);
  try {
    Trainer::load(path, tiny_data(4));
    ADD_FAILURE() << "loaded a 10-class model onto 4-class data";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("the model is for 1x4x4 images in 10 classes"), std::string::npos) << e.what();
  }
  std::filesystem::remove(path);
  std::filesystem::remove(ckpt);
}

}  // namespace
}  // namespace lex
