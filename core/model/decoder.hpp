// A frozen copy of a model's decoder, so another thread (the UI) can decode latent points from a
// snapshot while training goes on. Same arithmetic as Vae::decode, then the sigmoid.
#pragma once
#include "model/tensor.hpp"
#include "model/vae.hpp"

namespace lex {

struct DecoderWeights {
  Mat<float> W3;  // (H, Z)
  Vec<float> b3;  // (H)
  Mat<float> W4;  // (784, H)
  Vec<float> b4;  // (784)

  int latent() const { return static_cast<int>(W3.cols()); }

  static DecoderWeights from(const Vae<float>& model) {
    DecoderWeights d;
    d.W3 = model.decoder_hidden().W();
    d.b3 = model.decoder_hidden().b();
    d.W4 = model.decoder_output().W();
    d.b4 = model.decoder_output().b();
    return d;
  }

  // probs = sigmoid(W4 relu(W3 z + b3) + b4).  z: (Z, N), hidden: (H, N) workspace, probs: (784, N)
  void decode(const Mat<float>& z, Mat<float>& hidden, Mat<float>& probs) const {
    hidden.noalias() = W3 * z;
    hidden.colwise() += b3;
    hidden = hidden.cwiseMax(0.0f);
    probs.noalias() = W4 * hidden;
    probs.colwise() += b4;
    probs = (1.0f / (1.0f + (-probs.array()).exp())).matrix();
  }
};

}  // namespace lex
