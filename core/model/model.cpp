#include "model/model.hpp"

#include <algorithm>
#include <cassert>
#include <string>

#include "model/losses.hpp"
#include "model/planes.hpp"
#include "util/error.hpp"

namespace lex {

namespace {

// Calls f(first, n) for the consecutive pieces [first, first + n) of B images, at most `piece`
// images each (0: all in one).
template <typename F>
void for_each_piece(Eigen::Index B, int piece, F&& f) {
  const Eigen::Index step = piece > 0 ? piece : std::max<Eigen::Index>(B, 1);
  for (Eigen::Index first = 0; first < B; first += step) f(first, std::min(step, B - first));
}

// Pieces of one planes chunk for the convolutional model (model.hpp: piece_).
int piece_for(const ArchSpec& spec) { return spec.kind == ArchKind::kConv ? kPlaneChunk : 0; }

}  // namespace

template <typename S>
Model<S>::Model(const ArchSpec& spec) : spec_(spec), nets_(build_networks<S>(spec)) {
  piece_ = piece_for(spec);
  num_encoder_params_ = nets_.encoder.size();
  num_params_ = num_encoder_params_ + nets_.decoder.size();
  own_params_.setZero(static_cast<Eigen::Index>(num_params_));
  grads_.setZero(static_cast<Eigen::Index>(num_params_));
  params_ = &own_params_;
  bind(own_params_.data());
}

template <typename S>
Model<S>::Model(const ArchSpec& spec, Vec<S>& shared) : spec_(spec), nets_(build_networks<S>(spec)) {
  piece_ = piece_for(spec);
  num_encoder_params_ = nets_.encoder.size();
  num_params_ = num_encoder_params_ + nets_.decoder.size();
  assert(shared.size() == static_cast<Eigen::Index>(num_params_));
  grads_.setZero(static_cast<Eigen::Index>(num_params_));
  params_ = &shared;
  bind(shared.data());
}

template <typename S>
Model<S>::Model(const ArchSpec& spec, const S* params, ReadOnly) : spec_(spec), nets_(build_networks<S>(spec)) {
  piece_ = piece_for(spec);
  num_encoder_params_ = nets_.encoder.size();
  num_params_ = num_encoder_params_ + nets_.decoder.size();
  // Forward passes only read the parameters; backward, which writes gradients, is never run.
  bind(const_cast<S*>(params));
}

template <typename S>
size_t Model<S>::param_count(const ArchSpec& spec) {
  const Networks<S> nets = build_networks<S>(spec);
  return nets.encoder.size() + nets.decoder.size();
}

template <typename S>
void Model<S>::bind(S* params) {
  S* grads = grads_.size() ? grads_.data() : nullptr;
  nets_.encoder.bind(params, grads);
  nets_.decoder.bind(params + num_encoder_params_, grads ? grads + num_encoder_params_ : nullptr);
}

template <typename S>
void Model<S>::init(Rng& rng) {
  nets_.encoder.init(rng);
  nets_.decoder.init(rng);
}

template <typename S>
const Mat<S>* Model<S>::condition(Labels labels, Eigen::Index batch) {
  if (!spec_.conditional) return nullptr;
  assert(static_cast<Eigen::Index>(labels.size()) == batch && "a conditional model needs a label per image");
  onehot_.setZero(spec_.classes, batch);
  for (Eigen::Index b = 0; b < batch; ++b) {
    const int label = labels[static_cast<size_t>(b)];
    // Data sets check their labels on load; this catches a caller's label from elsewhere.
    if (label >= spec_.classes)
      throw InputError("label " + std::to_string(label) + " is not one of the model's " +
                       std::to_string(spec_.classes) + " classes");
    onehot_(label, b) = S(1);
  }
  return &onehot_;
}

template <typename S>
void Model<S>::forward(const Mat<S>& x, Labels labels, const Mat<S>& eps, Mode mode) {
  const int Z = spec_.latent;
  const Mat<S>* c = condition(labels, x.cols());
  const Mat<S>& head = nets_.encoder.forward(x, c);  // (2Z, B) = [mu; lv]
  mu_ = head.topRows(Z);
  lv_ = head.bottomRows(Z);
  if (mode == Mode::kAe) z_ = mu_;
  else reparameterize(mu_, lv_, eps, z_);
  logits_ = &nets_.decoder.forward(z_, c);
}

template <typename S>
typename Model<S>::Piece Model<S>::piece_of(const Mat<S>& x, Labels labels, const Mat<S>& eps, Eigen::Index first,
                                           Eigen::Index n) {
  const Labels l = labels.empty() ? labels : labels.subspan(static_cast<size_t>(first), static_cast<size_t>(n));
  if (first == 0 && n == x.cols()) return {x, l, eps};
  piece_x_ = x.middleCols(first, n);
  piece_eps_ = eps.cols() ? Mat<S>(eps.middleCols(first, n)) : Mat<S>();
  return {piece_x_, l, piece_eps_};
}

template <typename S>
LossParts Model<S>::train_batch(const Mat<S>& x, Labels labels, const Mat<S>& eps, const Objective& obj, double beta) {
  assert(grads_.size() == static_cast<Eigen::Index>(num_params_) && "a read-only model does not train");
  const Eigen::Index B = x.cols();
  grads_.setZero();
  if (B == 0) return LossParts{};  // an empty slice of a batch split over threads
  LossParts sum;
  for_each_piece(B, piece_, [&](Eigen::Index first, Eigen::Index n) {
    const LossParts p = train_piece(piece_of(x, labels, eps, first, n), obj, beta, B);
    sum.recon += p.recon;
    sum.kl += p.kl;
  });
  LossParts out;
  out.samples = static_cast<double>(B);
  out.recon = sum.recon / B;
  out.kl = sum.kl / B;
  out.loss = obj.mode == Mode::kVae ? out.recon + beta * out.kl : out.recon + out.kl;
  return out;
}

template <typename S>
LossParts Model<S>::train_piece(const Piece& p, const Objective& obj, double beta, Eigen::Index batch) {
  const int Z = spec_.latent;
  const Eigen::Index B = p.x.cols();
  const S inv_b = S(1) / static_cast<S>(batch);  // every piece's gradient is of the whole batch's mean
  forward(p.x, p.labels, p.eps, obj.mode);

  LossParts out;
  out.recon = reconstruction_nll(obj, *logits_, p.x, &dlogits_, inv_b);

  // Decoder. In kl-only mode z is a constant to the decoder (stop-gradient): no dz is needed.
  nets_.decoder.backward(dlogits_, obj.mode == Mode::kKlOnly ? nullptr : &dz_);

  dmu_.setZero(Z, B);
  dlv_.setZero(Z, B);
  switch (obj.mode) {
    case Mode::kAe:
      dmu_ = dz_;  // z = mu
      break;
    case Mode::kVae:
      reparameterize_backward(lv_, p.eps, dz_, dmu_, dlv_);
      out.kl = gaussian_kl<S>(mu_, lv_, &dmu_, &dlv_, static_cast<S>(beta) * inv_b, nullptr);
      break;
    case Mode::kKlOnly:
      out.kl = gaussian_kl<S>(mu_, lv_, &dmu_, &dlv_, inv_b, nullptr);
      break;
  }

  // Encoder: the gradient of its output [mu; lv]. No input gradient: x is data.
  dhead_.resize(2 * Z, B);
  dhead_.topRows(Z) = dmu_;
  dhead_.bottomRows(Z) = dlv_;
  nets_.encoder.backward(dhead_, nullptr);
  return out;
}

template <typename S>
LossParts Model<S>::evaluate(const Mat<S>& x, Labels labels, const Mat<S>& eps, const Objective& obj, double beta,
                             Vec<S>* recon_per_sample, Vec<S>* kl_per_sample) {
  const Eigen::Index B = x.cols();
  if (recon_per_sample) recon_per_sample->resize(B);
  if (kl_per_sample) kl_per_sample->resize(B);
  LossParts out;
  out.samples = static_cast<double>(B);
  for_each_piece(B, piece_, [&](Eigen::Index first, Eigen::Index n) {
    const Piece p = piece_of(x, labels, eps, first, n);
    forward(p.x, p.labels, p.eps, obj.mode);
    out.recon += reconstruction_nll<S>(obj, *logits_, p.x, nullptr, S(1), &piece_recon_);
    if (obj.mode == Mode::kAe) piece_kl_.setZero(n);
    else out.kl += gaussian_kl<S>(mu_, lv_, nullptr, nullptr, S(1), &piece_kl_);
    if (recon_per_sample) recon_per_sample->segment(first, n) = piece_recon_;
    if (kl_per_sample) kl_per_sample->segment(first, n) = piece_kl_;
  });
  if (B > 0) out.recon /= B, out.kl /= B;
  out.loss = obj.mode == Mode::kVae ? out.recon + beta * out.kl : out.recon + out.kl;
  return out;
}

template <typename S>
void Model<S>::encode(const Mat<S>& x, Labels labels, Mat<S>& mu, Mat<S>& lv) {
  const int Z = spec_.latent;
  const Eigen::Index B = x.cols();
  mu.resize(Z, B);
  lv.resize(Z, B);
  const Mat<S> none;
  for_each_piece(B, piece_, [&](Eigen::Index first, Eigen::Index n) {
    const Piece p = piece_of(x, labels, none, first, n);
    const Mat<S>& head = nets_.encoder.forward(p.x, condition(p.labels, n));
    mu.middleCols(first, n) = head.topRows(Z);
    lv.middleCols(first, n) = head.bottomRows(Z);
  });
}

template <typename S>
void Model<S>::decode(const Mat<S>& z, Labels labels, Mat<S>& logits) {
  const Eigen::Index B = z.cols();
  if (B == 0) {  // the layers want at least one image
    logits.resize(spec_.input.pixels(), 0);
    return;
  }
  if (piece_ == 0 || B <= piece_) {  // one piece: no copy of z
    logits = nets_.decoder.forward(z, condition(labels, B));
    return;
  }
  logits.resize(spec_.input.pixels(), B);
  const Mat<S> none;
  for_each_piece(B, piece_, [&](Eigen::Index first, Eigen::Index n) {
    const Piece p = piece_of(z, labels, none, first, n);
    logits.middleCols(first, n) = nets_.decoder.forward(p.x, condition(p.labels, n));
  });
}

template class Model<float>;
template class Model<double>;

}  // namespace lex
