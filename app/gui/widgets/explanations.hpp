// What each objective and architecture means, in a sentence or two of our own, for tooltips in
// both views and the status bar.
#pragma once
#include "model/config.hpp"
#include "train/experiment.hpp"

namespace lex::gui {

inline const char* mode_explanation(Mode mode) {
  switch (mode) {
    case Mode::kAe:
      return "ae: z = mu(x); loss = -log p(x|z). A plain autoencoder: no prior, so nothing keeps the codes\n"
             "near 0 or the space between them meaningful.";
    case Mode::kVae:
      return "vae: loss = E_q[-log p(x|z)] + beta * KL(q(z|x) || N(0, I)); z = mu + sigma * eps, eps ~ N(0, I).";
    case Mode::kKlOnly:
      return "kl-only: the encoder sees only KL(q(z|x) || N(0, I)), so every q(z|x) collapses to the prior;\n"
             "the decoder still fits -log p(x|z) from a z it cannot backpropagate into (stop-gradient).";
  }
  return "";
}

// What a compare model is trained on, in a few words under its name.
inline const char* objective_words(const std::string& compare_id) {
  if (compare_id == "ae") return "reconstruction only";
  if (compare_id == "vae") return "reconstruction + KL";
  if (compare_id == "kl-only") return "KL only";
  if (compare_id == "beta-vae") return "recon + beta * KL";
  return "";
}

inline const char* arch_explanation(ArchKind kind) {
  return kind == ArchKind::kConv
             ? "conv: the convolutional VAE of the TensorFlow CVAE tutorial. Encoder: two 3x3 convolutions of stride 2\n"
               "(32 and 64 channels), then a linear layer to (mu, log sigma^2); decoder: a linear layer to 32 x H/4 x W/4,\n"
               "two transposed convolutions of stride 2 (64, 32 channels) and one of stride 1 to the image."
             : "mlp: fully connected layers with ReLU, D -> H1 -> ... -> (mu, log sigma^2); the decoder mirrors them.";
}

inline constexpr const char* kConditionExplanation =
    "A conditional VAE (Sohn et al.): the one-hot class label is appended to the encoder's features and to z at\n"
    "the decoder's input. The label then carries the class, and the code is free to carry the style (slant,\n"
    "thickness): decode the same z as every class to see it.";

}  // namespace lex::gui
