// One step of a network (model/network.hpp): y = f(x), with any parameters held as views into the
// model's flat parameter and gradient buffers (bind()), so that Adam, checkpoints and gradient
// checks all walk one array. Backward *accumulates* into the gradient views.
//
// Layouts: dense layers take a batch as columns, x (features, B); convolutions take it in
// "planes", chunks of images innermost (model/planes.hpp, whose steps move between the two).
// A layer may end in a ReLU (relu()): forward writes max(y, 0). Its derivative is applied where
// the gradient is made, not in a pass of its own over the (large) gradient of the output: a layer
// whose input is a ReLU's output (set_input_after_relu, which Network sets up) writes its input
// gradient through that ReLU, dx = (d loss / d x) * (x > 0), and backward() takes dy as the
// gradient before the layer's own ReLU.
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

  virtual bool relu() const { return false; }
  void set_input_after_relu(bool on) { input_after_relu_ = on; }

  virtual void forward(const Mat<S>& x, Mat<S>& y) = 0;
  // x: this layer's input in the last forward(). dy: d loss / d (output before any ReLU).
  // Adds d loss / d parameters to the gradient views; writes dx = d loss / d x, through the
  // input's ReLU if there is one, unless dx is null.
  virtual void backward(const Mat<S>& x, const Mat<S>& dy, Mat<S>* dx) = 0;

 protected:
  bool input_after_relu_ = false;
};

// The gradient before a ReLU from the gradient after it: dy *= (y > 0), y the ReLU's output.
template <typename S>
void relu_backward(const Mat<S>& y, Mat<S>& dy) {
  dy.array() *= (y.array() > S(0)).template cast<S>();
}

}  // namespace lex
