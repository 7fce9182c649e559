// Process-wide compute settings. Eigen's thread count is a global of Eigen's, so it is set once,
// from the thread that trains, before any trainer runs; the flush-to-zero bits are per thread, so
// they are set on this thread and on every thread of its OpenMP team.
#pragma once

namespace lex {
void configure_compute(int threads);
}
