// Compute settings. Two kinds, kept apart because one is process-wide and one is per thread:
//  - configure_process(): Eigen's thread count (a global of Eigen's, read by every product on
//    every thread) and malloc tuning. Call it once, from main, before any other thread starts.
//  - prepare_compute_thread(): flush-to-zero for denormals, a per-thread CPU flag; call it on
//    each thread that trains, and it also sets the flag on that thread's OpenMP team.
#pragma once

namespace lex {
void configure_process(int eigen_threads);
void prepare_compute_thread(int threads);
}  // namespace lex
