// The loss terms, each a forward value and its gradient written out by hand. Sums run over pixels
// (or latent dimensions) and over the batch; callers divide by the batch size. Inputs are
// (features, B) matrices. Gradients are *written* (not accumulated) and multiplied by `scale`.
#pragma once
#include <cmath>

#include "model/config.hpp"
#include "model/tensor.hpp"

namespace lex {

constexpr double kLog2Pi = 1.8378770664093454836;

// Bernoulli likelihood on logits l with targets x in [0, 1], the stable form of binary
// cross-entropy (never exp of a large positive number):
//   nll = max(l, 0) - l x + log(1 + exp(-|l|))
//   d nll / d l = sigmoid(l) - x
// Returns per-sample sums in `per_sample` (B) if given, and the total.
template <typename S>
double bernoulli_nll(const Mat<S>& logits, const Mat<S>& x, Mat<S>* dlogits, S scale, Vec<S>* per_sample) {
  using Column = Eigen::Array<S, Eigen::Dynamic, 1>;
  const Eigen::Index cols = logits.cols();
  if (dlogits) dlogits->resize(logits.rows(), cols);
  if (per_sample) per_sample->resize(cols);
  double total = 0;
  Column e;
  // Column by column: the temporaries stay small (no page faults from a fresh batch-sized
  // buffer every step) and hot in cache.
  for (Eigen::Index c = 0; c < cols; ++c) {
    const auto l = logits.col(c).array();
    const auto xc = x.col(c).array();
    e = (-l.abs()).exp();  // exp(-|l|) in (0, 1]
    const S nll = (l.max(S(0)) - l * xc + (S(1) + e).log()).sum();
    if (dlogits)  // sigmoid(l) = 1 / (1 + exp(-l)), written with exp(-|l|) so it never overflows
      dlogits->col(c).array() = scale * ((l >= S(0)).select(S(1) / (S(1) + e), e / (S(1) + e)) - xc);
    if (per_sample) (*per_sample)(c) = nll;
    total += static_cast<double>(nll);
  }
  return total;
}

// Gaussian likelihood with mean m = sigmoid(l) and fixed std sigma, per pixel:
//   nll = (x - m)^2 / (2 sigma^2) + log(sigma) + log(2 pi) / 2
//   d nll / d l = (m - x) / sigma^2 * m (1 - m)
template <typename S>
double gaussian_nll(const Mat<S>& logits, const Mat<S>& x, double sigma, Mat<S>* dlogits, S scale,
                    Vec<S>* per_sample) {
  const S inv_var = static_cast<S>(1.0 / (sigma * sigma));
  const S constant = static_cast<S>(std::log(sigma) + 0.5 * kLog2Pi);
  const Mat<S> m = (S(1) / (S(1) + (-logits.array()).exp())).matrix();
  const auto diff = m.array() - x.array();
  if (dlogits) {
    dlogits->resize(logits.rows(), logits.cols());
    dlogits->array() = scale * inv_var * diff * m.array() * (S(1) - m.array());
  }
  const Vec<S> cols = ((S(0.5) * inv_var * diff.square() + constant).matrix().colwise().sum()).transpose();
  if (per_sample) *per_sample = cols;
  return cols.template cast<double>().sum();
}

template <typename S>
double reconstruction_nll(const Objective& obj, const Mat<S>& logits, const Mat<S>& x, Mat<S>* dlogits, S scale,
                          Vec<S>* per_sample = nullptr) {
  return obj.likelihood == Likelihood::kBernoulli
             ? bernoulli_nll(logits, x, dlogits, scale, per_sample)
             : gaussian_nll(logits, x, obj.gaussian_sigma, dlogits, scale, per_sample);
}

// KL(N(mu, sigma^2) || N(0, I)) = 1/2 sum(mu^2 + sigma^2 - log sigma^2 - 1), lv = log sigma^2.
//   dKL/dmu = mu ;  dKL/dlv = (exp(lv) - 1) / 2
// Gradients are *added* times `scale` (the KL term shares dmu, dlv with the reparameterisation).
template <typename S>
double gaussian_kl(const Mat<S>& mu, const Mat<S>& lv, Mat<S>* dmu, Mat<S>* dlv, S scale, Vec<S>* per_sample) {
  const Mat<S> var = lv.array().exp().matrix();
  const Vec<S> cols =
      (S(0.5) * (mu.array().square() + var.array() - lv.array() - S(1))).matrix().colwise().sum().transpose();
  if (dmu) dmu->array() += scale * mu.array();
  if (dlv) dlv->array() += scale * S(0.5) * (var.array() - S(1));
  if (per_sample) *per_sample = cols;
  return cols.template cast<double>().sum();
}

// z = mu + sigma * eps, sigma = exp(lv / 2).
template <typename S>
void reparameterize(const Mat<S>& mu, const Mat<S>& lv, const Mat<S>& eps, Mat<S>& z) {
  z.array() = mu.array() + (S(0.5) * lv.array()).exp() * eps.array();
}

// dmu += dz ;  dlv += dz * eps * sigma / 2
template <typename S>
void reparameterize_backward(const Mat<S>& lv, const Mat<S>& eps, const Mat<S>& dz, Mat<S>& dmu, Mat<S>& dlv) {
  dmu += dz;
  dlv.array() += dz.array() * eps.array() * S(0.5) * (S(0.5) * lv.array()).exp();
}

}  // namespace lex
