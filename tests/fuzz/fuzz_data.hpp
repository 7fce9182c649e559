// A tiny synthetic data set for the fuzz targets and their seed corpus (no files needed).
#pragma once
#include <memory>

#include "data/dataset.hpp"

namespace lex::fuzz {

inline std::shared_ptr<const DataSplit> tiny_data() {
  auto d = std::make_shared<DataSplit>();
  d->name = "fuzz";
  d->shape = {1, 28, 28};
  d->class_names = numbered_class_names(8);
  d->train.images = Eigen::MatrixXf::Zero(d->shape.pixels(), 8);
  d->test.images = Eigen::MatrixXf::Zero(d->shape.pixels(), 4);
  for (int i = 0; i < 8; ++i) d->train.images(100 + 37 * i, i) = 1.0f;
  for (int i = 0; i < 4; ++i) d->test.images(200 + 41 * i, i) = 0.5f;
  d->train.labels = {0, 1, 2, 3, 4, 5, 6, 7};
  d->test.labels = {0, 1, 2, 3};
  return d;
}

}  // namespace lex::fuzz
