#include "util/compute.hpp"

#include <Eigen/Core>

#include "util/fpenv.hpp"

namespace lex {

void configure_compute(int threads) {
  if (threads < 1) threads = 1;
  Eigen::setNbThreads(threads);
  enable_flush_denormals();
#pragma omp parallel num_threads(threads)
  enable_flush_denormals();
}

}  // namespace lex
