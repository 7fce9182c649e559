#include "model/vae.hpp"

#include <cassert>
#include <cmath>

#include "model/losses.hpp"

namespace lex {

template <typename S>
Vae<S>::Vae(const ModelShape& shape)
    : shape_(shape),
      enc1_(shape.input, shape.hidden),
      head_(shape.hidden, 2 * shape.latent),
      dec1_(shape.latent, shape.hidden),
      dec2_(shape.hidden, shape.input),
      params_(&own_params_) {
  const size_t n = enc1_.size() + head_.size() + dec1_.size() + dec2_.size();
  own_params_.setZero(static_cast<Eigen::Index>(n));
  grads_.setZero(static_cast<Eigen::Index>(n));
  bind();
}

template <typename S>
Vae<S>::Vae(const ModelShape& shape, Vec<S>& shared_params) : Vae(shape) {
  assert(shared_params.size() == own_params_.size());
  own_params_.resize(0);
  params_ = &shared_params;
  bind();
}

template <typename S>
Vae<S>::Vae(const Vae& other) : Vae(other.shape_) {
  own_params_ = other.params();
  grads_ = other.grads_;
}

template <typename S>
void Vae<S>::bind() {
  S* p = params_->data();
  S* g = grads_.data();
  auto take = [&](auto& layer) {
    layer.bind(p, g);
    p += layer.size();
    g += layer.size();
  };
  take(enc1_);
  take(head_);
  take(dec1_);
  take(dec2_);
}

template <typename S>
void Vae<S>::init(Rng& rng) {
  auto init_layer = [&](auto& layer) {
    const double bound = 1.0 / std::sqrt(static_cast<double>(layer.in()));
    auto& dense = [&]() -> auto& {
      if constexpr (std::is_same_v<std::decay_t<decltype(layer)>, InputLinear<S>>) return layer.dense();
      else return layer;
    }();
    auto W = dense.W();
    for (Eigen::Index j = 0; j < W.cols(); ++j)
      for (Eigen::Index i = 0; i < W.rows(); ++i) W(i, j) = static_cast<S>(rng.uniform(-bound, bound));
    auto b = dense.b();
    for (Eigen::Index i = 0; i < b.size(); ++i) b(i) = static_cast<S>(rng.uniform(-bound, bound));
  };
  init_layer(enc1_);
  init_layer(head_);
  init_layer(dec1_);
  init_layer(dec2_);
}

template <typename S>
void Vae<S>::forward(const Mat<S>& x, const Mat<S>& eps, Mode mode) {
  const int Z = shape_.latent;
  enc1_.forward(x, a1_);
  a1_ = a1_.cwiseMax(S(0));
  head_.forward(a1_, head_out_);
  mu_ = head_out_.topRows(Z);
  lv_ = head_out_.bottomRows(Z);
  if (mode == Mode::kAe) z_ = mu_;
  else reparameterize(mu_, lv_, eps, z_);
  dec1_.forward(z_, a3_);
  a3_ = a3_.cwiseMax(S(0));
  dec2_.forward(a3_, logits_);
}

template <typename S>
LossParts Vae<S>::train_batch(const Mat<S>& x, const Mat<S>& eps, const Objective& obj, double beta) {
  const int Z = shape_.latent;
  const Eigen::Index B = x.cols();
  grads_.setZero();
  if (B == 0) return LossParts{};  // an empty slice of a batch split over threads
  const S inv_b = S(1) / static_cast<S>(B);
  forward(x, eps, obj.mode);

  LossParts out;
  out.samples = static_cast<double>(B);
  out.recon = reconstruction_nll(obj, logits_, x, &dlogits_, inv_b) / B;

  // Decoder. In kl-only mode z is a constant to the decoder (stop-gradient): no dz is needed.
  dec2_.backward(a3_, dlogits_, &da3_);
  da3_.array() *= (a3_.array() > S(0)).template cast<S>();  // relu'
  dec1_.backward(z_, da3_, obj.mode == Mode::kKlOnly ? nullptr : &dz_);

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

  // Encoder.
  dhead_.resize(2 * Z, B);
  dhead_.topRows(Z) = dmu_;
  dhead_.bottomRows(Z) = dlv_;
  head_.backward(a1_, dhead_, &da1_);
  da1_.array() *= (a1_.array() > S(0)).template cast<S>();
  enc1_.backward(x, da1_);
  return out;
}

template <typename S>
LossParts Vae<S>::evaluate(const Mat<S>& x, const Mat<S>& eps, const Objective& obj, double beta,
                           Vec<S>* recon_per_sample, Vec<S>* kl_per_sample) {
  const Eigen::Index B = x.cols();
  forward(x, eps, obj.mode);
  LossParts out;
  out.samples = static_cast<double>(B);
  out.recon = reconstruction_nll<S>(obj, logits_, x, nullptr, S(1), recon_per_sample) / B;
  if (obj.mode == Mode::kAe) {
    if (kl_per_sample) kl_per_sample->setZero(B);
  } else {
    out.kl = gaussian_kl<S>(mu_, lv_, nullptr, nullptr, S(1), kl_per_sample) / B;
  }
  out.loss = obj.mode == Mode::kVae ? out.recon + beta * out.kl : out.recon + out.kl;
  return out;
}

template <typename S>
void Vae<S>::encode(const Mat<S>& x, Mat<S>& mu, Mat<S>& lv) {
  const int Z = shape_.latent;
  Mat<S> a1, head_out;
  enc1_.forward(x, a1);
  a1 = a1.cwiseMax(S(0));
  head_.forward(a1, head_out);
  mu = head_out.topRows(Z);
  lv = head_out.bottomRows(Z);
}

template <typename S>
void Vae<S>::decode(const Mat<S>& z, Mat<S>& logits) {
  Mat<S> a3;
  dec1_.forward(z, a3);
  a3 = a3.cwiseMax(S(0));
  dec2_.forward(a3, logits);
}

template class Vae<float>;
template class Vae<double>;

}  // namespace lex
