#include "util/compute.hpp"

#include <malloc.h>

#include <Eigen/Core>

#include "util/fpenv.hpp"

namespace lex {

void configure_process(int eigen_threads) {
  // A training step allocates the same few batch-sized buffers every time (Eigen's GEMM packing
  // among them). By default glibc maps large blocks afresh and trims freed memory back to the
  // OS, so every step page-faults them in again; keep them in the heap for reuse instead.
  mallopt(M_MMAP_THRESHOLD, 64 << 20);
  mallopt(M_TRIM_THRESHOLD, 512 << 20);
  Eigen::setNbThreads(eigen_threads < 1 ? 1 : eigen_threads);
}

void prepare_compute_thread(int threads) {
  if (threads < 1) threads = 1;
  enable_flush_denormals();
#pragma omp parallel num_threads(threads)
  enable_flush_denormals();
}

}  // namespace lex
