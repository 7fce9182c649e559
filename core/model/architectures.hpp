// The layers of each architecture (model/arch.hpp), as an encoder network x -> [mu; log sigma^2]
// (2Z rows) and a decoder network z -> logits (one per pixel). Their parameters are laid out in
// this order in the flat buffer, each layer's weights then bias, encoder first: for "mlp:400"
// the same layout as checkpoint format 1; for "conv" the order of PyTorch's state_dict in
// ../shared/bench/torch_vae_reference.py.
//
//   mlp:H1,...,Hn   encoder  [x; c] -> H1 -> ... -> Hn -> 2Z       (ReLU after every hidden layer;
//                   decoder  [z; c] -> Hn -> ... -> H1 -> D          the first is sparse-aware)
//   conv            encoder  x (C x H x W) -> Conv 32, 3x3, stride 2 -> Conv 64, 3x3, stride 2
//                            (valid; for 28 x 28: 28 -> 13 -> 6) -> flatten (64 x 6 x 6 there)
//                            ; c -> Linear -> 2Z
//                   decoder  [z; c] -> Linear -> 32 x H/4 x W/4 -> ConvT 64, stride 2 (-> H/2)
//                            -> ConvT 32, stride 2 (-> H) -> ConvT C, stride 1 -> logits
//                            (transposed convolutions with padding 1 and, at stride 2, output
//                            padding 1, as PyTorch's ConvTranspose2d)
// c is the one-hot class label of a conditional model; D = C * H * W pixels.
#pragma once
#include "model/arch.hpp"
#include "model/network.hpp"

namespace lex {

template <typename S>
struct Networks {
  Network<S> encoder, decoder;
};

// The spec must be valid (model/arch.hpp: validate).
template <typename S>
Networks<S> build_networks(const ArchSpec& spec);

}  // namespace lex
