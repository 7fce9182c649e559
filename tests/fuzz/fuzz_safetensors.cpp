// libFuzzer target: the safetensors reader (io/safetensors.hpp, io/state_dict.hpp) on arbitrary
// bytes. A file that passes every rule must also become a trainer and train a step when it is a
// model of the tiny data set's shape.
#include <cstdint>
#include <vector>

#include "fuzz_data.hpp"
#include "io/state_dict.hpp"
#include "train/trainer.hpp"
#include "util/error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const auto split = lex::fuzz::tiny_data();
  const std::vector<uint8_t> bytes(data, data + size);
  try {
    const lex::SavedModel model = lex::read_state_dict_bytes(bytes, "fuzz.safetensors");
    auto trainer = lex::Trainer::start_from(model.config, model.params, split, "fuzz.safetensors");
    trainer->step();
  } catch (const lex::InputError&) {
  }
  return 0;
}
