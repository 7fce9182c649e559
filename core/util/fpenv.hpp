// Flush denormals to zero on the calling thread. Adam's moments of weights that rarely get a
// gradient (fc1 columns of always-black pixels) decay into the subnormal range, where x86 float
// arithmetic is many times slower (shared/bench/BASELINE.md section 6). Set once per compute thread.
#pragma once
#if defined(__SSE__)
#include <xmmintrin.h>
#endif

namespace lex {

inline void enable_flush_denormals() {
#if defined(__SSE__)
  _mm_setcsr(_mm_getcsr() | 0x8040);  // FTZ (bit 15) | DAZ (bit 6)
#endif
}

}  // namespace lex
