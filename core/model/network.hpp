// A sequence of layers (model/layer.hpp) run in order, keeping every layer's output for the
// backward pass. A conditional model appends a one-hot class label to the rows of one layer's
// input (`condition_at`): layer 0 for the MLP's encoder and for every decoder, the flattened
// convolution features for the convolutional encoder (model/architectures.cpp).
#pragma once
#include <memory>
#include <vector>

#include "model/layer.hpp"

namespace lex {

template <typename S>
class Network {
 public:
  // A layer after one that ends in a ReLU writes its input gradient through that ReLU (layer.hpp).
  void add(std::unique_ptr<Layer<S>> layer) {
    layer->set_input_after_relu(!layers_.empty() && layers_.back()->relu());
    layers_.push_back(std::move(layer));
  }
  void set_condition_at(int layer) { condition_at_ = layer; }

  size_t size() const;                 // parameters of all layers, in order
  void bind(S* params, S* grads);      // consecutive views, in layer order
  void init(Rng& rng);

  // Runs every layer on x (kept by reference until backward). `condition` (C, B), if not null,
  // is appended to the rows of layer condition_at's input. Returns the last layer's output.
  const Mat<S>& forward(const Mat<S>& x, const Mat<S>* condition);
  // dy: d loss / d output (overwritten). Adds the parameter gradients; writes dx = d loss / d x
  // (the condition rows left out) unless dx is null.
  void backward(Mat<S>& dy, Mat<S>* dx);

 private:
  const Mat<S>& input_of(size_t layer) const;

  std::vector<std::unique_ptr<Layer<S>>> layers_;
  int condition_at_ = 0;
  bool conditioned_ = false;           // in the last forward()
  const Mat<S>* input_ = nullptr;
  Mat<S> joined_;                      // [input of layer condition_at; condition]
  std::vector<Mat<S>> outputs_;        // outputs_[i]: layer i's output in the last forward()
  Mat<S> grad_a_, grad_b_;             // backward workspaces
};

}  // namespace lex
