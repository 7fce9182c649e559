// Our models as PyTorch state_dicts in safetensors files (io/safetensors.hpp): the names and
// shapes PyTorch gives each architecture's tensors, how they map onto our flat parameter buffer,
// and the metadata that says which model a file holds. The schema is the one
// ../shared/bench/torch_vae_reference.py --export-safetensors writes, extended to deeper MLPs and
// other data; scripts/torch_vae.py trains the same models in PyTorch and writes the same files.
//
// Tensors, float32 (F16 and BF16 are read too), PyTorch's layouts: nn.Linear weight [out, in]
// (y = x W^T + b), Conv2d weight [out, in, 3, 3], ConvTranspose2d weight [in, out, 3, 3]. D is the
// pixel count C x H x W of input_shape; K the one-hot size (classes when cond, else 0); Z latent.
//   mlp:H         fc1.weight [H, D+K]   fc1.bias [H]
//   (the           fc21.weight [Z, H]    fc21.bias [Z]      mu
//    reference's)  fc22.weight [Z, H]    fc22.bias [Z]      log sigma^2
//                  fc3.weight [H, Z+K]   fc3.bias [H]
//                  fc4.weight [D, H]     fc4.bias [D]       logits
//   mlp:H1,...,Hn (n >= 2): nn.Sequential-style indices, the head one layer of 2Z rows (mu rows
//                 first, then log sigma^2, as conv's enc_fc)
//                  enc.0.weight [H1, D+K], enc.i.weight [H(i+1), Hi] (i = 1..n-1), enc.n.weight [2Z, Hn]
//                  dec.0.weight [Hn, Z+K], dec.i.weight [H(n-i), H(n-i+1)] (i = 1..n-1), dec.n.weight [D, H1]
//                  and a .bias [rows] beside every weight
//   conv           enc_conv1 [32, C, 3, 3] + [32]; enc_conv2 [64, 32, 3, 3] + [64];
//                  enc_fc [2Z, 64 h w + K] + [2Z] (h, w: the second convolution's output);
//                  dec_fc [32 H/4 W/4, Z+K] + [32 H/4 W/4]; dec_deconv1 [32, 64, 3, 3] + [64];
//                  dec_deconv2 [64, 32, 3, 3] + [32]; dec_deconv3 [32, C, 3, 3] + [C]
// The one-hot label comes after the pixels (mlp) or the flattened convolution features (conv), and
// after z; our MLP's single head of 2Z rows holds fc21 and fc22 as its two halves.
//
// __metadata__ (strings). Required: format "latent-explorer-vae", arch "mlp" | "conv", hidden
// ("400"; "512,256" for a deeper MLP; "0" for conv), latent, cond "0" | "1", mode "ae" | "vae" |
// "kl-only", likelihood "bernoulli" | "gaussian", input_shape "C,H,W". Optional: classes (absent:
// 10), class_names (a JSON list of strings; absent: "0" .. "K-1"), gaussian_sigma (gaussian;
// absent: 0.1), binarize "0" | "1" (absent: 0), decoder_trained "1" (kl-only: see below). Other
// keys (the reference writes epochs, seed, test_nelbo) are ignored.
// kl-only means ours here (model/config.hpp: the decoder fits reconstruction from a z it cannot
// backpropagate through); the reference's kl-only never trains its decoder. Our files and
// scripts/torch_vae.py's say decoder_trained "1"; a kl-only file without it loads with a note
// that its decoder is untrained.
//
// Beyond io/safetensors.hpp's rules, a file is refused (InputError naming the file and the tensor
// or field) for a missing or bad metadata field, a tensor missing, unexpected or of another shape
// than the metadata's model needs, or a weight that is NaN or infinite.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "model/config.hpp"
#include "model/tensor.hpp"

namespace lex {

// A model as a file holds it, without data or training state.
struct SavedModel {
  TrainConfig config;  // from a state_dict's metadata: the model and objective, training options at their defaults
  std::vector<std::string> class_names;
  Vec<float> params;              // the flat buffer (model/architectures.hpp); empty from read_state_dict_header
  bool decoder_untrained = false;  // a kl-only file from elsewhere: its decoder never trained
};

// One line for the user about a foreign kl-only file.
std::string untrained_decoder_note(const std::string& path);

// Files whose names end in ".safetensors" are read as state_dicts; anything else as a checkpoint.
bool is_safetensors_path(const std::string& path);

// Throws InputError naming the file and the tensor or field.
SavedModel read_state_dict(const std::string& path);
// The same from bytes in memory; `name` stands for the file in messages.
SavedModel read_state_dict_bytes(const std::vector<uint8_t>& bytes, const std::string& name);
// Everything but the tensor data: the header is read and checked in full (names, shapes, offsets
// against the file's size), and params left empty.
SavedModel read_state_dict_header(const std::string& path);

// The file for a model: model.params is the flat buffer of model.config.arch (which has its input
// shape and classes), class_names one per class. decoder_trained "1" unless decoder_untrained.
std::vector<uint8_t> state_dict_bytes(const SavedModel& model);
// Written atomically (io/checkpoint.hpp: write_file_atomically).
void write_state_dict(const std::string& path, const SavedModel& model);

// The tensors of a model of this spec (input shape and classes known), in the order written:
// name and PyTorch shape.
std::vector<std::pair<std::string, std::vector<uint64_t>>> state_dict_shapes(const ArchSpec& spec);

}  // namespace lex
