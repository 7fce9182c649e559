#include "model/model.hpp"

#include <cassert>

#include "model/losses.hpp"

namespace lex {

template <typename S>
Model<S>::Model(const ArchSpec& spec) : spec_(spec), nets_(build_networks<S>(spec)) {
  num_encoder_params_ = nets_.encoder.size();
  num_params_ = num_encoder_params_ + nets_.decoder.size();
  own_params_.setZero(static_cast<Eigen::Index>(num_params_));
  grads_.setZero(static_cast<Eigen::Index>(num_params_));
  params_ = &own_params_;
  bind(own_params_.data());
}

template <typename S>
Model<S>::Model(const ArchSpec& spec, Vec<S>& shared) : spec_(spec), nets_(build_networks<S>(spec)) {
  num_encoder_params_ = nets_.encoder.size();
  num_params_ = num_encoder_params_ + nets_.decoder.size();
  assert(shared.size() == static_cast<Eigen::Index>(num_params_));
  grads_.setZero(static_cast<Eigen::Index>(num_params_));
  params_ = &shared;
  bind(shared.data());
}

template <typename S>
Model<S>::Model(const ArchSpec& spec, const S* params, ReadOnly) : spec_(spec), nets_(build_networks<S>(spec)) {
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
  for (Eigen::Index b = 0; b < batch; ++b) onehot_(labels[static_cast<size_t>(b)], b) = S(1);
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
LossParts Model<S>::train_batch(const Mat<S>& x, Labels labels, const Mat<S>& eps, const Objective& obj, double beta) {
  assert(grads_.size() == static_cast<Eigen::Index>(num_params_) && "a read-only model does not train");
  const int Z = spec_.latent;
  const Eigen::Index B = x.cols();
  grads_.setZero();
  if (B == 0) return LossParts{};  // an empty slice of a batch split over threads
  const S inv_b = S(1) / static_cast<S>(B);
  forward(x, labels, eps, obj.mode);

  LossParts out;
  out.samples = static_cast<double>(B);
  out.recon = reconstruction_nll(obj, *logits_, x, &dlogits_, inv_b) / B;

  // Decoder. In kl-only mode z is a constant to the decoder (stop-gradient): no dz is needed.
  nets_.decoder.backward(dlogits_, obj.mode == Mode::kKlOnly ? nullptr : &dz_);

  dmu_.setZero(Z, B);
  dlv_.setZero(Z, B);
  switch (obj.mode) {
    case Mode::kAe:
      dmu_ = dz_;  // z = mu
      break;
    case Mode::kVae:
      reparameterize_backward(lv_, eps, dz_, dmu_, dlv_);
      out.kl = gaussian_kl<S>(mu_, lv_, &dmu_, &dlv_, static_cast<S>(beta) * inv_b, nullptr) / B;
      break;
    case Mode::kKlOnly:
      out.kl = gaussian_kl<S>(mu_, lv_, &dmu_, &dlv_, inv_b, nullptr) / B;
      break;
  }
  out.loss = obj.mode == Mode::kVae ? out.recon + beta * out.kl : out.recon + out.kl;

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
  forward(x, labels, eps, obj.mode);
  LossParts out;
  out.samples = static_cast<double>(B);
  out.recon = reconstruction_nll<S>(obj, *logits_, x, nullptr, S(1), recon_per_sample) / B;
  if (obj.mode == Mode::kAe) {
    if (kl_per_sample) kl_per_sample->setZero(B);
  } else {
    out.kl = gaussian_kl<S>(mu_, lv_, nullptr, nullptr, S(1), kl_per_sample) / B;
  }
  out.loss = obj.mode == Mode::kVae ? out.recon + beta * out.kl : out.recon + out.kl;
  return out;
}

template <typename S>
void Model<S>::encode(const Mat<S>& x, Labels labels, Mat<S>& mu, Mat<S>& lv) {
  const int Z = spec_.latent;
  const Mat<S>& head = nets_.encoder.forward(x, condition(labels, x.cols()));
  mu = head.topRows(Z);
  lv = head.bottomRows(Z);
}

template <typename S>
void Model<S>::decode(const Mat<S>& z, Labels labels, Mat<S>& logits) {
  logits = nets_.decoder.forward(z, condition(labels, z.cols()));
}

template class Model<float>;
template class Model<double>;

}  // namespace lex
