// Checkpoint files: everything needed to continue a run exactly where it stopped.
//
// Format, version 2 (all integers little-endian):
//   offset 0    8 bytes   magic "LEXCKPT\n"
//          8    u32       format version (2)
//          12   u32       H, length of the header
//          16   H bytes   header, UTF-8 JSON: the TrainConfig (the architecture as "arch" in its
//                         text form, "latent", "cond", "input_shape" [C, H, W], "classes"),
//                         "class_names" of the data it was trained on, epochs_done, steps_done,
//                         next_batch, adam_t, the two RNG states, num_params, train_size
//          ..   P f32     model parameters (the flat buffer; model/architectures.hpp gives the layout)
//          ..   P f32     Adam first moments
//          ..   P f32     Adam second moments
//          ..   N i32     this epoch's order of the N training images
//          end-4 u32      CRC-32 (zlib) of every byte before it
// Version 1 (before architectures other than one hidden layer) had "input" (784), "hidden" and
// "latent" instead of the architecture fields, and the same body; it loads as mlp:<hidden>,
// unconditional, 1x28x28 images in 10 classes.
// Writes are atomic: a temporary file in the same directory, flushed and fsync'ed, then renamed
// over the target, so a failed save leaves the previous checkpoint intact.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "io/state_dict.hpp"
#include "model/config.hpp"

namespace lex {

constexpr char kCheckpointMagic[8] = {'L', 'E', 'X', 'C', 'K', 'P', 'T', '\n'};
constexpr uint32_t kCheckpointVersion = 2;
constexpr uint32_t kOldestCheckpointVersion = 1;
constexpr size_t kMaxCheckpointBytes = size_t{1} << 30;

nlohmann::json config_to_json(const TrainConfig& c);
// Throws InputError naming `where` if a field is missing or has a bad value. `version`: the
// checkpoint format the JSON comes from.
TrainConfig config_from_json(const nlohmann::json& j, const std::string& where, uint32_t version = kCheckpointVersion);

// The config in a checkpoint's header, read without loading the rest (to check command-line
// options against it before anything is built). Throws InputError for a bad file. A safetensors
// file (io/state_dict.hpp) gives its metadata's config, its header checked in full.
TrainConfig read_checkpoint_config(const std::string& path);

// The model in a checkpoint or a safetensors file, without data or training state (to export it,
// or to decode with it). Throws InputError naming the file and the problem.
SavedModel read_model_file(const std::string& path);

// Writes `bytes` to `path` atomically (temp file, fsync, rename). Throws InputError on failure,
// leaving any existing file at `path` untouched.
void write_file_atomically(const std::string& path, const std::vector<uint8_t>& bytes);

}  // namespace lex
