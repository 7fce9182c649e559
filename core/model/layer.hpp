// One step of a network (model/network.hpp): y = f(x), with any parameters held as views into the
// model's flat parameter and gradient buffers (bind()), so that Adam, checkpoints and gradient
// checks all walk one array. Backward *accumulates* into the gradient views.
//
// Layouts: dense layers take a batch as columns, x (features, B); convolutions take it as rows,
// x (B, C*H*W) (model/conv.hpp says why); a Transpose step moves between the two.
// A layer may end in a ReLU (`relu`): forward writes max(y, 0), and backward first turns dy into
// the gradient before the ReLU, in place, which is why dy is not const.
#pragma once
#include <cstddef>

#include "model/tensor.hpp"
#include "util/rng.hpp"

namespace lex {

template <typename S>
class Layer {
 public:
  virtual ~Layer() = default;

  virtual size_t size() const { return 0; }  // parameters: weights, then bias
  virtual void bind(S* /*params*/, S* /*grads*/) {}
  // PyTorch's default initialisation of the same layer: weights and bias uniform in
  // +-1/sqrt(fan_in), drawn in storage order (weights first).
  virtual void init(Rng& /*rng*/) {}

  virtual void forward(const Mat<S>& x, Mat<S>& y) = 0;
  // x, y: this layer's input and output of the last forward(). dy: d loss / d y (overwritten).
  // Adds d loss / d parameters to the gradient views; writes dx = d loss / d x unless dx is null.
  virtual void backward(const Mat<S>& x, const Mat<S>& y, Mat<S>& dy, Mat<S>* dx) = 0;
};

// The gradient before a ReLU from the gradient after it: dy *= (y > 0).
template <typename S>
void relu_backward(const Mat<S>& y, Mat<S>& dy) {
  dy.array() *= (y.array() > S(0)).template cast<S>();
}

// Moves a batch between the two layouts: y = x^T, (F, B) <-> (B, F). No parameters.
template <typename S>
class Transpose final : public Layer<S> {
 public:
  void forward(const Mat<S>& x, Mat<S>& y) override { transpose_into(x, y); }
  void backward(const Mat<S>&, const Mat<S>&, Mat<S>& dy, Mat<S>* dx) override {
    if (dx) transpose_into(dy, *dx);
  }

 private:
  static void transpose_into(const Mat<S>& a, Mat<S>& out);
};

}  // namespace lex
