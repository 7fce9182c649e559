// Checkpoint files: everything needed to continue a run exactly where it stopped.
//
// Format, version 1 (all integers little-endian):
//   offset 0    8 bytes   magic "LEXCKPT\n"
//          8    u32       format version (1)
//          12   u32       H, length of the header
//          16   H bytes   header, UTF-8 JSON: the TrainConfig, epochs_done, steps_done,
//                         next_batch, adam_t, the two RNG states, num_params, train_size
//          ..   P f32     model parameters (the flat buffer, model/vae.hpp gives the layout)
//          ..   P f32     Adam first moments
//          ..   P f32     Adam second moments
//          ..   N i32     this epoch's order of the N training images
//          end-4 u32      CRC-32 (zlib) of every byte before it
// Writes are atomic: a temporary file in the same directory, flushed and fsync'ed, then renamed
// over the target, so a failed save leaves the previous checkpoint intact.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "model/config.hpp"

namespace lex {

constexpr char kCheckpointMagic[8] = {'L', 'E', 'X', 'C', 'K', 'P', 'T', '\n'};
constexpr uint32_t kCheckpointVersion = 1;
constexpr size_t kMaxCheckpointBytes = size_t{1} << 30;

nlohmann::json config_to_json(const TrainConfig& c);
// Throws InputError naming `where` if a field is missing or has a bad value.
TrainConfig config_from_json(const nlohmann::json& j, const std::string& where);

// Writes `bytes` to `path` atomically (temp file, fsync, rename). Throws InputError on failure,
// leaving any existing file at `path` untouched.
void write_file_atomically(const std::string& path, const std::vector<uint8_t>& bytes);

}  // namespace lex
