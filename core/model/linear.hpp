// Fully connected layers on batches as columns, x (in, B). The weights W (out, in) are stored
// column-major, then the bias b (out); both are views into the model's flat buffers (layer.hpp).
#pragma once
#include <cassert>
#include <cmath>
#include <cstddef>
#include <type_traits>
#include <vector>

#include "model/dense_kernels.hpp"
#include "model/layer.hpp"
#include "model/tensor.hpp"

namespace lex {

template <typename S>
class Linear final : public Layer<S> {
 public:
  Linear(int in, int out, bool relu = false) : in_(in), out_(out), relu_(relu) {}

  int in() const { return in_; }
  int out() const { return out_; }
  size_t size() const override { return static_cast<size_t>(out_) * in_ + out_; }  // W then b
  void bind(S* params, S* grads) override { p_ = params; g_ = grads; }
  void init(Rng& rng) override {
    const double bound = 1.0 / std::sqrt(static_cast<double>(in_));
    for (size_t i = 0; i < size(); ++i) p_[i] = static_cast<S>(rng.uniform(-bound, bound));
  }

  MatMap<S> W() { return {p_, out_, in_}; }
  VecMap<S> b() { return {p_ + static_cast<size_t>(out_) * in_, out_}; }
  ConstMatMap<S> W() const { return {p_, out_, in_}; }
  ConstVecMap<S> b() const { return {p_ + static_cast<size_t>(out_) * in_, out_}; }
  MatMap<S> dW() { return {g_, out_, in_}; }
  VecMap<S> db() { return {g_ + static_cast<size_t>(out_) * in_, out_}; }

  // y = W x + b (then max(y, 0) with relu).   W: (out, in), b: (out), x: (in, B), y: (out, B)
  void forward(const Mat<S>& x, Mat<S>& y) override {
    product(x, y);
    if (relu_) y = y.cwiseMax(S(0));
  }

  bool relu() const override { return relu_; }

  void backward(const Mat<S>& x, const Mat<S>& dy, Mat<S>* dx) override {
    product_backward(x, dy, dx);
    if (dx && this->input_after_relu_) relu_backward(x, *dx);
  }

  // The affine part alone: y = W x + b.
  void product(const Mat<S>& x, Mat<S>& y) const {
#if defined(LEX_HAVE_DENSE_KERNELS)
    if constexpr (std::is_same_v<S, float>) {
      y.resize(out_, x.cols());
      gemm_nn<false>(out_, static_cast<int>(x.cols()), in_, p_, out_, x.data(), 1, in_, y.data(), out_);
      y.colwise() += b();
      return;
    }
#endif
    y.noalias() = W() * x;
    y.colwise() += b();
  }

  // Its backward: dW += dy x^T ;  db += sum_B dy ;  dx = W^T dy (skipped when dx is null)
  void product_backward(const Mat<S>& x, const Mat<S>& dy, Mat<S>* dx) {
    db() += dy.rowwise().sum();
#if defined(LEX_HAVE_DENSE_KERNELS)
    if constexpr (std::is_same_v<S, float>) {
      const int batch = static_cast<int>(x.cols());
      gemm_nn<true>(out_, in_, batch, dy.data(), out_, x.data(), in_, 1, g_, out_);  // B = x^T, read in place
      if (dx) {
        dx->resize(in_, batch);
        if (out_ >= kMinDotLength) {
          gemm_tn(in_, batch, out_, p_, out_, dy.data(), out_, dx->data(), in_);
        } else {  // dot products too short to pay for their reductions: transpose W, then a plain product
          w_transposed_.resize(static_cast<size_t>(in_) * out_);
          transpose(out_, in_, p_, out_, w_transposed_.data(), in_);
          gemm_nn<false>(in_, batch, out_, w_transposed_.data(), in_, dy.data(), 1, out_, dx->data(), in_);
        }
      }
      return;
    }
#endif
    dW().noalias() += dy * x.transpose();
    if (dx) dx->noalias() = W().transpose() * dy;
  }

  // Below this many outputs, dx = W^T dy goes through a transposed copy of W (the encoder's head,
  // 2 x latent outputs: 111-126 GFLOP/s as dot products, 161-186 transposed; bench_gemm).
  static constexpr int kMinDotLength = 128;

 private:
  int in_, out_;
  bool relu_;
  S* p_ = nullptr;
  S* g_ = nullptr;
  std::vector<S> w_transposed_;  // scratch for backward(), not state
};

// The first encoder layer, y = W x + b, specialised for inputs that are mostly exact zeros
// (81% of MNIST's pixels). Forward and the weight gradient touch only the non-zero inputs:
//   y_b     = b + sum_{p : x_pb != 0} x_pb W[:, p]
//   dW[:,p] += sum_{b : x_pb != 0} x_pb dy_b
// That is the same arithmetic as the dense product minus the multiplications by zero, so the
// result matches Linear up to rounding. Both sums run over groups of adjacent pixels, which are
// non-zero in nearly the same images, so that each column of W or dy read from memory serves
// several pixels: see model/sparse_input_kernels.hpp. Dense inputs (Fashion-MNIST is
// about half zeros) fall back to the dense products, which are faster there. No input gradient:
// x is data. Single-threaded: the trainer parallelises over the batch (train/trainer.hpp).
template <typename S>
class InputLinear final : public Layer<S> {
 public:
  InputLinear(int in, int out, bool relu = false) : dense_(in, out), relu_(relu) {}

  int in() const { return dense_.in(); }
  int out() const { return dense_.out(); }
  size_t size() const override { return dense_.size(); }
  void bind(S* params, S* grads) override { dense_.bind(params, grads); }
  void init(Rng& rng) override { dense_.init(rng); }
  Linear<S>& dense() { return dense_; }  // the same layer as a dense product (benchmarks)

  void forward(const Mat<S>& x, Mat<S>& y) override;
  bool relu() const override { return relu_; }
  // x: the batch of the last forward(). There is no input gradient (x is data): dx must be null.
  void backward(const Mat<S>& x, const Mat<S>& dy, Mat<S>* dx) override;

  // Above this fraction of non-zero inputs the dense GEMM wins.
  static constexpr double kSparseBelowDensity = 0.35;
  // Adjacent pixels taken together (MNIST: 1.48 multiply-adds per useful one at 4).
  static constexpr int kPixelGroup = 4;

 private:
  // One pass over the batch: counts its non-zeros and lists, for each group of kPixelGroup
  // pixels, the images in which any of them is non-zero, in increasing order (which fixes the
  // sums' order and so their rounding).
  void index_nonzeros(const Mat<S>& x);

  Linear<S> dense_;
  bool relu_;
  bool sparse_ = false;
  long nnz_ = 0;
  std::vector<int> pixel_group_count_, pixel_group_images_;  // pixel group g: images at [g * B, g * B + count)
};

}  // namespace lex
