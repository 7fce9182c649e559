#include "model/network.hpp"

#include <cassert>
#include <utility>

namespace lex {

template <typename S>
size_t Network<S>::size() const {
  size_t n = 0;
  for (const auto& layer : layers_) n += layer->size();
  return n;
}

template <typename S>
void Network<S>::bind(S* params, S* grads) {
  for (auto& layer : layers_) {
    layer->bind(params, grads);
    params += layer->size();
    if (grads) grads += layer->size();
  }
}

template <typename S>
void Network<S>::init(Rng& rng) {
  for (auto& layer : layers_) layer->init(rng);
}

template <typename S>
const Mat<S>& Network<S>::input_of(size_t layer) const {
  if (conditioned_ && layer == static_cast<size_t>(condition_at_)) return joined_;
  return layer == 0 ? *input_ : outputs_[layer - 1];
}

template <typename S>
const Mat<S>& Network<S>::forward(const Mat<S>& x, const Mat<S>* condition) {
  assert(!layers_.empty());
  input_ = &x;
  conditioned_ = condition != nullptr;
  outputs_.resize(layers_.size());
  for (size_t i = 0; i < layers_.size(); ++i) {
    if (conditioned_ && i == static_cast<size_t>(condition_at_)) {
      const Mat<S>& features = i == 0 ? x : outputs_[i - 1];
      assert(condition->cols() == features.cols());
      joined_.resize(features.rows() + condition->rows(), features.cols());
      joined_.topRows(features.rows()) = features;
      joined_.bottomRows(condition->rows()) = *condition;
    }
    layers_[i]->forward(input_of(i), outputs_[i]);
  }
  return outputs_.back();
}

template <typename S>
void Network<S>::backward(Mat<S>& dy, Mat<S>* dx) {
  // Every other layer's ReLU is folded into the input gradient of the layer after it.
  if (layers_.back()->relu()) relu_backward(outputs_.back(), dy);
  Mat<S>* grad_out = &dy;
  for (size_t i = layers_.size(); i-- > 0;) {
    const bool first = i == 0;
    if (first && !dx) {
      layers_[i]->backward(input_of(i), *grad_out, nullptr);
      break;
    }
    Mat<S>& grad_in = first ? *dx : (grad_out == &grad_a_ ? grad_b_ : grad_a_);
    layers_[i]->backward(input_of(i), *grad_out, &grad_in);
    if (conditioned_ && i == static_cast<size_t>(condition_at_)) {
      // The condition is data: only the rows of the features below go on.
      grad_in.conservativeResize(i == 0 ? input_->rows() : outputs_[i - 1].rows(), Eigen::NoChange);
    }
    grad_out = &grad_in;
  }
}

template class Network<float>;
template class Network<double>;

}  // namespace lex
