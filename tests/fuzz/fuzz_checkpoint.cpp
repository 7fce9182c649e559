// libFuzzer target: the checkpoint loader on arbitrary bytes. The target rewrites the trailing
// CRC-32 to match, so the fuzzer gets past the checksum into the header and the arrays.
#include <zlib.h>

#include <cstdint>
#include <vector>

#include "fuzz_data.hpp"
#include "train/trainer.hpp"
#include "util/error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const auto split = lex::fuzz::tiny_data();
  std::vector<uint8_t> bytes(data, data + size);
  if (bytes.size() >= 8) {
    const uint32_t crc = static_cast<uint32_t>(crc32(0L, bytes.data(), static_cast<uInt>(bytes.size() - 4)));
    for (int i = 0; i < 4; ++i) bytes[bytes.size() - 4 + static_cast<size_t>(i)] = static_cast<uint8_t>(crc >> (8 * i));
  }
  try {
    auto trainer = lex::Trainer::load_bytes(bytes, "fuzz", split);
    trainer->step();  // a checkpoint that loads must also train
  } catch (const lex::InputError&) {
  }
  return 0;
}
