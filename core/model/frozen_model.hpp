// A trained model as an immutable value: the spec and a copy of the parameters (shared between
// copies, never changed), with encode() and decode(). This is what leaves the trainer: the
// worker's snapshots carry one to the GUI, and the metrics, eval and the PNG export take one.
// It owns its scratch (the activations of the network it runs), so a copy is what each thread
// uses: copying is cheap (the parameters are shared) and the copy starts with fresh scratch.
// encode() and decode() run Model<float>'s, the same arithmetic as training.
#pragma once
#include <memory>

#include "model/model.hpp"

namespace lex {

class FrozenModel {
 public:
  FrozenModel() = default;  // empty(): no model yet
  FrozenModel(const ArchSpec& spec, Vec<float> params);
  static FrozenModel of(const Model<float>& model) { return FrozenModel(model.spec(), model.params()); }

  FrozenModel(const FrozenModel& other) : spec_(other.spec_), params_(other.params_) {}
  FrozenModel& operator=(const FrozenModel& other);
  FrozenModel(FrozenModel&&) = default;
  FrozenModel& operator=(FrozenModel&&) = default;

  bool empty() const { return params_ == nullptr; }
  const ArchSpec& spec() const { return spec_; }
  int latent() const { return spec_.latent; }
  const ImageShape& image() const { return spec_.input; }
  bool conditional() const { return spec_.conditional; }
  const Vec<float>& params() const { return *params_; }

  // x: (D, N) pixels in [0, 1]; labels: N class labels, read only by a conditional model.
  // mu, lv: (Z, N) posterior means and log-variances.
  void encode(const Mat<float>& x, Labels labels, Mat<float>& mu, Mat<float>& lv);
  // z: (Z, N) -> logits (D, N).
  void decode(const Mat<float>& z, Labels labels, Mat<float>& logits);
  // The image: sigmoid(logits), (D, N).
  void decode_probabilities(const Mat<float>& z, Labels labels, Mat<float>& probs);

 private:
  Model<float>& model();

  ArchSpec spec_;
  std::shared_ptr<const Vec<float>> params_;
  std::unique_ptr<Model<float>> model_;  // built on first use, reading params_
};

}  // namespace lex
