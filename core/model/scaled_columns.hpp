// The inner loop of the sparse first layer: out[0, n) += sum_k val[k] * M[:, idx[k]] for a
// column-major M with leading dimension ld. Used for y_b = b + W x_b (the columns of W at the
// non-zero pixels of image b) and for dW[:, p] += sum_b x_pb dy_b (the columns of dy).
//
// Why by hand: written as Eigen column expressions, each group of non-zeros reloads and
// re-stores out; here a block of up to 448 rows of out (the whole 400-unit hidden layer) stays in
// AVX-512 registers (28 of the 32) while every non-zero streams its column through them, in
// order: one load and one FMA per 16 floats, many independent FMA chains to cover the latency,
// and a contiguous read that the prefetcher follows. Other CPUs and double (the gradient tests)
// use the same sum written plainly.
#pragma once
#include <cstddef>
#include <utility>

#if defined(__AVX512F__)
#include <immintrin.h>
#endif

namespace lex {

namespace detail {

template <typename S>
inline void add_scaled_columns_plain(S* out, const S* m, long ld, int n, const int* idx, const S* val, int count) {
  for (int k = 0; k < count; ++k) {
    const S v = val[k];
    const S* col = m + static_cast<long>(idx[k]) * ld;
    for (int i = 0; i < n; ++i) out[i] += v * col[i];
  }
}

#if defined(__AVX512F__)
// C chunks of 16 rows, the last one masked by `tail`.
template <int C>
inline void add_scaled_columns_block(float* out, const float* m, long ld, const int* idx, const float* val, int count,
                                     __mmask16 tail) {
  __m512 acc[C];
#pragma GCC unroll 32
  for (int c = 0; c < C; ++c) acc[c] = _mm512_maskz_loadu_ps(c == C - 1 ? tail : __mmask16(0xFFFF), out + 16 * c);
  for (int k = 0; k < count; ++k) {
    const __m512 v = _mm512_set1_ps(val[k]);
    const float* col = m + static_cast<long>(idx[k]) * ld;
    if (k + 2 < count) {  // the column after next: its first lines, so the hardware prefetcher is
      const char* ahead = reinterpret_cast<const char*>(m + static_cast<long>(idx[k + 2]) * ld);
      _mm_prefetch(ahead, _MM_HINT_T0);        // on its way by the time we reach it
      _mm_prefetch(ahead + 64, _MM_HINT_T0);
      _mm_prefetch(ahead + 128, _MM_HINT_T0);
    }
#pragma GCC unroll 32
    for (int c = 0; c < C; ++c)
      acc[c] = _mm512_fmadd_ps(v, _mm512_maskz_loadu_ps(c == C - 1 ? tail : __mmask16(0xFFFF), col + 16 * c), acc[c]);
  }
#pragma GCC unroll 32
  for (int c = 0; c < C; ++c) _mm512_mask_storeu_ps(out + 16 * c, c == C - 1 ? tail : __mmask16(0xFFFF), acc[c]);
}
// Calls add_scaled_columns_block<size> for a run-time size in 1..N.
template <int... Sizes>
inline void dispatch_block(float* out, const float* m, long ld, const int* idx, const float* val, int count,
                           __mmask16 tail, int size, std::integer_sequence<int, Sizes...>) {
  ((Sizes == size && Sizes > 0 ? (add_scaled_columns_block<(Sizes > 0 ? Sizes : 1)>(out, m, ld, idx, val, count, tail), 0)
                               : 0),
   ...);
}
#endif

}  // namespace detail

template <typename S>
inline void add_scaled_columns(S* out, const S* m, long ld, int n, const int* idx, const S* val, int count) {
  detail::add_scaled_columns_plain(out, m, ld, n, idx, val, count);
}

#if defined(__AVX512F__)
template <>
inline void add_scaled_columns<float>(float* out, const float* m, long ld, int n, const int* idx, const float* val,
                                      int count) {
  // Blocks of up to kMaxChunks chunks, balanced so that no block is a lone latency-bound chunk.
  constexpr int kMaxChunks = 28;
  const int chunks = (n + 15) / 16;
  const int blocks = (chunks + kMaxChunks - 1) / kMaxChunks;
  int chunk = 0;
  for (int b = 0; b < blocks; ++b) {
    const int size = (chunks - chunk) / (blocks - b);  // the remaining chunks, spread evenly
    const int first_row = 16 * chunk;
    const int rows = (n - first_row < 16 * size) ? n - first_row : 16 * size;
    const int last_rows = rows - 16 * (size - 1);
    const __mmask16 tail = static_cast<__mmask16>((1u << last_rows) - 1u);
    detail::dispatch_block(out + first_row, m + first_row, ld, idx, val, count, tail, size,
                   std::make_integer_sequence<int, kMaxChunks + 1>{});
    chunk += size;
  }
}
#endif

}  // namespace lex
