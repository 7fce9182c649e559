// Adam over a flat parameter buffer, as PyTorch computes it (the learning rate is the trainer's
// config, passed in at each step, so it lives in one place):
//   m = b1 m + (1 - b1) g ;  v = b2 v + (1 - b2) g^2
//   p -= lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)
// One fused pass over p, g, m, v (the step is memory-bound: 7 arrays' worth of traffic).
#pragma once
#include <cmath>
#include <cstdint>

#include "model/tensor.hpp"

namespace lex {

template <typename S>
class Adam {
 public:
  Adam() = default;
  Adam(size_t n, double beta1, double beta2, double eps) : beta1_(beta1), beta2_(beta2), eps_(eps) {
    m_.setZero(static_cast<Eigen::Index>(n));
    v_.setZero(static_cast<Eigen::Index>(n));
  }

  // Returns the squared norm of the gradient, summed in the same pass (see update()).
  double step(Vec<S>& params, const Vec<S>& grads, double lr) {
    begin_step(lr);
    return update(params, grads, 0, params.size());
  }

  // The same step in parts, so threads can update disjoint ranges: begin_step() once, then
  // update() over ranges that together cover the parameters.
  void begin_step(double lr) {
    ++t_;
    const double bias1 = 1.0 - std::pow(beta1_, static_cast<double>(t_));
    const double bias2 = 1.0 - std::pow(beta2_, static_cast<double>(t_));
    step_size_ = static_cast<S>(lr / bias1);
    inv_sqrt_bias2_ = static_cast<S>(1.0 / std::sqrt(bias2));
  }

  // Also returns sum(g^2) over the range: inf or NaN if any gradient is (or if they overflow,
  // which is divergence too). The trainer checks it after the step and, if it is not finite,
  // restores the last good parameters and moments, so the update need not wait for the check:
  // one pass over the gradient instead of two (the step is memory-bound).
  double update(Vec<S>& params, const Vec<S>& grads, Eigen::Index begin, Eigen::Index end) {
    const S b1 = static_cast<S>(beta1_), b2 = static_cast<S>(beta2_);
    const S step_size = step_size_, inv_sqrt_bias2 = inv_sqrt_bias2_, eps = static_cast<S>(eps_);
    S* __restrict p = params.data();
    S* __restrict m = m_.data();
    S* __restrict v = v_.data();
    const S* __restrict g = grads.data();
    S squares = 0;
#pragma omp simd reduction(+ : squares)
    for (Eigen::Index i = begin; i < end; ++i) {  // one vectorised pass
      squares += g[i] * g[i];
      m[i] = b1 * m[i] + (S(1) - b1) * g[i];
      v[i] = b2 * v[i] + (S(1) - b2) * g[i] * g[i];
      p[i] -= step_size * m[i] / (std::sqrt(v[i]) * inv_sqrt_bias2 + eps);
    }
    return static_cast<double>(squares);
  }

  int64_t t() const { return t_; }
  Vec<S>& m() { return m_; }
  Vec<S>& v() { return v_; }
  const Vec<S>& m() const { return m_; }
  const Vec<S>& v() const { return v_; }
  void set_t(int64_t t) { t_ = t; }

 private:
  double beta1_ = 0.9, beta2_ = 0.999, eps_ = 1e-8;
  int64_t t_ = 0;
  S step_size_ = 0, inv_sqrt_bias2_ = 1;
  Vec<S> m_, v_;
};

}  // namespace lex
