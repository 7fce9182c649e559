// The autoencoder: an MLP encoder 784 -> H -> (mu, log sigma^2) and an MLP decoder z -> H -> 784
// logits, ReLU hidden units, trained under one of three objectives (model/config.hpp: Mode).
// All parameters live in one flat buffer, encoder first:
//   [enc1: W (H,784), b (H)] [head: W (2Z,H), b (2Z)] [dec1: W (H,Z), b (H)] [dec2: W (784,H), b (784)]
// The head's first Z outputs are mu, the last Z are log sigma^2. The AE mode leaves the log
// sigma^2 rows in place (they receive no gradient) so every mode starts from the same weights.
// This class holds no optimiser and no data: see train/trainer.hpp.
#pragma once
#include <cstddef>

#include "model/config.hpp"
#include "model/linear.hpp"
#include "model/tensor.hpp"
#include "util/rng.hpp"

namespace lex {

// Per-image averages over a batch, in nats.
struct LossParts {
  double recon = 0;  // -log p(x|z), one z per image
  double kl = 0;     // KL(q(z|x) || p(z)); 0 for the AE, which has no posterior
  double loss = 0;   // recon + beta KL (vae), recon (ae), recon + KL (kl-only: two separate objectives)
  double samples = 0;
};

template <typename S>
class Vae {
 public:
  explicit Vae(const ModelShape& shape);
  // A replica for data-parallel training: it reads the parameters of `shared` (no copy) and has
  // its own gradients and activations.
  Vae(const ModelShape& shape, Vec<S>& shared_params);
  Vae(const Vae& other);
  Vae& operator=(const Vae&) = delete;

  // Parameters of a model of this shape, without building one.
  static size_t param_count(const ModelShape& s) {
    auto layer = [](size_t in, size_t out) { return out * in + out; };
    const size_t in = static_cast<size_t>(s.input), h = static_cast<size_t>(s.hidden), z = static_cast<size_t>(s.latent);
    return layer(in, h) + layer(h, 2 * z) + layer(z, h) + layer(h, in);
  }

  const ModelShape& shape() const { return shape_; }
  size_t num_params() const { return static_cast<size_t>(grads_.size()); }
  size_t num_encoder_params() const { return enc1_.size() + head_.size(); }
  Vec<S>& params() { return *params_; }
  const Vec<S>& params() const { return *params_; }
  Vec<S>& grads() { return grads_; }

  // PyTorch's nn.Linear default: W and b uniform in +-1/sqrt(fan_in).
  void init(Rng& rng);

  // Forward, loss and backward on one batch; grads() is overwritten with d(loss)/d(params),
  // the loss being averaged over the batch. x: (784, B) inputs and targets; eps: (Z, B) standard
  // normal noise (unused by the AE). beta: the KL weight for this step (vae mode).
  LossParts train_batch(const Mat<S>& x, const Mat<S>& eps, const Objective& obj, double beta);

  // The same loss without gradients. Optional per-sample recon and KL (B).
  LossParts evaluate(const Mat<S>& x, const Mat<S>& eps, const Objective& obj, double beta,
                     Vec<S>* recon_per_sample = nullptr, Vec<S>* kl_per_sample = nullptr);

  // mu, lv: (Z, B).
  void encode(const Mat<S>& x, Mat<S>& mu, Mat<S>& lv);
  // logits: (784, B).
  void decode(const Mat<S>& z, Mat<S>& logits);

  const Linear<S>& decoder_hidden() const { return dec1_; }
  const Linear<S>& decoder_output() const { return dec2_; }

 private:
  void bind();
  void forward(const Mat<S>& x, const Mat<S>& eps, Mode mode);

  ModelShape shape_;
  InputLinear<S> enc1_;
  Linear<S> head_, dec1_, dec2_;
  Vec<S> own_params_;
  Vec<S>* params_;  // own_params_, or a shared buffer for a replica
  Vec<S> grads_;
  // Activations of the last forward pass, kept for backward. Shapes with batch B:
  Mat<S> a1_;      // (H, B)  relu(enc1 x)
  Mat<S> head_out_;// (2Z, B) [mu; lv]
  Mat<S> mu_, lv_; // (Z, B)
  Mat<S> z_;       // (Z, B)
  Mat<S> a3_;      // (H, B)  relu(dec1 z)
  Mat<S> logits_;  // (784, B)
  // Gradient workspaces.
  Mat<S> dlogits_, da3_, dz_, dmu_, dlv_, dhead_, da1_;
};

}  // namespace lex
