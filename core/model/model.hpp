// The trainable autoencoder, for any architecture (model/arch.hpp, model/architectures.hpp): an
// encoder x -> (mu, log sigma^2) and a decoder z -> logits, trained under one of three
// objectives (model/config.hpp: Mode), optionally conditioned on the class label.
// All parameters live in one flat buffer, encoder first (architectures.hpp gives the order);
// Adam, checkpoints and the gradient checks walk it as one array. The encoder's last layer gives
// 2Z rows, mu first, then log sigma^2; the AE leaves the log sigma^2 rows in place (they get no
// gradient), so every mode starts from the same weights.
// The Trainer owns one (plus replicas for data-parallel training). Everything else encodes and
// decodes through a FrozenModel (model/frozen_model.hpp), which runs this encode() and decode():
// there is one encode path and one decode path.
#pragma once
#include <cstddef>
#include <cstdint>
#include <span>

#include "model/architectures.hpp"
#include "model/config.hpp"
#include "model/tensor.hpp"
#include "util/rng.hpp"

namespace lex {

// The class label of each image of a batch (0 .. classes - 1). Read only by a conditional model;
// an unconditional one takes an empty span.
using Labels = std::span<const uint8_t>;

// Per-image averages over a batch, in nats.
struct LossParts {
  double recon = 0;  // -log p(x|z), one z per image
  double kl = 0;     // KL(q(z|x) || p(z)); 0 for the AE, which has no posterior
  double loss = 0;   // recon + beta KL (vae), recon (ae), recon + KL (kl-only: two separate objectives)
  double samples = 0;
};

template <typename S>
class Model {
 public:
  // Owns its parameters (zero until init()). Throws nothing; the spec must be valid.
  explicit Model(const ArchSpec& spec);
  // A replica for data-parallel training: reads the parameters of `shared` (no copy) and has its
  // own gradients and activations.
  Model(const ArchSpec& spec, Vec<S>& shared);
  // Reads `params` (no copy) and never trains: no gradient buffer. For FrozenModel.
  struct ReadOnly {};
  Model(const ArchSpec& spec, const S* params, ReadOnly);
  Model(const Model&) = delete;
  Model& operator=(const Model&) = delete;

  // Parameters of a model of this spec, without building one.
  static size_t param_count(const ArchSpec& spec);

  const ArchSpec& spec() const { return spec_; }
  size_t num_params() const { return num_params_; }
  size_t num_encoder_params() const { return num_encoder_params_; }
  Vec<S>& params() { return *params_; }
  const Vec<S>& params() const { return *params_; }
  Vec<S>& grads() { return grads_; }

  // PyTorch's default initialisation, layer by layer in buffer order.
  void init(Rng& rng);

  // Forward, loss and backward on one batch; grads() is overwritten with d(loss)/d(params), the
  // loss being averaged over the batch. x: (D, B) inputs and targets; labels: B class labels
  // (conditional models); eps: (Z, B) standard normal noise (unused by the AE); beta: the KL
  // weight for this step (vae mode).
  LossParts train_batch(const Mat<S>& x, Labels labels, const Mat<S>& eps, const Objective& obj, double beta);

  // The same loss without gradients. Optional per-sample recon and KL (B).
  LossParts evaluate(const Mat<S>& x, Labels labels, const Mat<S>& eps, const Objective& obj, double beta,
                     Vec<S>* recon_per_sample = nullptr, Vec<S>* kl_per_sample = nullptr);

  // x: (D, B) -> mu, lv: (Z, B).
  void encode(const Mat<S>& x, Labels labels, Mat<S>& mu, Mat<S>& lv);
  // z: (Z, B) -> logits: (D, B); the image is sigmoid(logits).
  void decode(const Mat<S>& z, Labels labels, Mat<S>& logits);

 private:
  // The columns [first, first + n) of a batch: the batch itself when that is all of it, else a copy.
  struct Piece {
    const Mat<S>& x;
    Labels labels;
    const Mat<S>& eps;
  };
  Piece piece_of(const Mat<S>& x, Labels labels, const Mat<S>& eps, Eigen::Index first, Eigen::Index n);
  void bind(S* params);
  const Mat<S>* condition(Labels labels, Eigen::Index batch);  // the one-hot labels, or null
  void forward(const Mat<S>& x, Labels labels, const Mat<S>& eps, Mode mode);
  // Sums over the piece (not means); the gradient, of the loss averaged over `batch` images, is
  // added to grads_.
  LossParts train_piece(const Piece& p, const Objective& obj, double beta, Eigen::Index batch);

  ArchSpec spec_;
  Networks<S> nets_;
  size_t num_params_ = 0, num_encoder_params_ = 0;
  // A batch goes through the networks in pieces of at most this many images (0: whole), the
  // gradients adding up: the same sums, in another order. The convolutional model's activations
  // for a whole batch of 128 (67 MB) fall out of cache between the forward and the backward pass;
  // in pieces of 32 it trains at 3.9k samples/s on one core against 3.3k (bench_conv).
  int piece_ = 0;
  Vec<S> own_params_;
  Vec<S>* params_ = nullptr;  // own_params_, or a shared buffer for a replica; null when read-only
  Vec<S> grads_;
  // The last forward pass, kept for backward. Shapes with batch B:
  Mat<S> onehot_;   // (classes, B)
  Mat<S> mu_, lv_;  // (Z, B)
  Mat<S> z_;        // (Z, B)
  const Mat<S>* logits_ = nullptr;  // (D, B), the decoder's output
  // Gradient workspaces.
  Mat<S> dlogits_, dz_, dmu_, dlv_, dhead_;
  Mat<S> piece_x_, piece_eps_;  // a piece's columns, copied
  Vec<S> piece_recon_, piece_kl_;
};

}  // namespace lex
