#include "model/frozen_model.hpp"

#include <cassert>

namespace lex {

FrozenModel::FrozenModel(const ArchSpec& spec, Vec<float> params)
    : spec_(spec), params_(std::make_shared<const Vec<float>>(std::move(params))) {
  assert(params_->size() == static_cast<Eigen::Index>(Model<float>::param_count(spec_)));
}

FrozenModel& FrozenModel::operator=(const FrozenModel& other) {
  if (this == &other) return *this;
  spec_ = other.spec_;
  params_ = other.params_;
  model_.reset();
  return *this;
}

Model<float>& FrozenModel::model() {
  assert(!empty());
  if (!model_) model_ = std::make_unique<Model<float>>(spec_, params_->data(), Model<float>::ReadOnly{});
  return *model_;
}

void FrozenModel::encode(const Mat<float>& x, Labels labels, Mat<float>& mu, Mat<float>& lv) {
  model().encode(x, labels, mu, lv);
}

void FrozenModel::decode(const Mat<float>& z, Labels labels, Mat<float>& logits) { model().decode(z, labels, logits); }

void FrozenModel::decode_probabilities(const Mat<float>& z, Labels labels, Mat<float>& probs) {
  model().decode(z, labels, probs);
  probs = (1.0f / (1.0f + (-probs.array()).exp())).matrix();
}

}  // namespace lex
