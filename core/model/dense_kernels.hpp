// Dense matrix products for the float layers, written for AVX-512 with no packing step:
//   gemm_nn:  C (+)= A B      A (m x k) column-major, B read through strides (B or a transpose)
//   gemm_tn:  C  =  A^T B     A (k x m), B (k x n) column-major: dot products down the columns
// They cover the three products of a fully connected layer: y = W x, dW += dy x^T, dx = W^T dy.
//
// Why by hand: these shapes are small (784 x 400 x 128 at most), and Eigen's general product
// spends much of their time packing both operands into panels. Measured with
// tests/bench/bench_gemm on one core of the project's machine (AMD Zen 5, FMA peak ~267 GFLOP/s):
// Eigen 176-184 GFLOP/s on all three products of the 784 x 400 layer; these kernels 253-256
// (y = W x), 248-250 (dW += dy x^T) and 247-251 (dx = W^T dy). The blocking is simple: gemm_nn holds a
// 32 x 12 tile of C in 24 registers while a 32-row strip of A (at most 51 KB, so it stays in
// L1/L2) streams through, and a last strip of at most 16 rows uses a 16 x 12 tile rather than
// masking off half of the FMAs (the 40-row head: 160 -> 200 GFLOP/s); gemm_tn holds an 8 x 2 tile
// of dot products, reads both operands contiguously, and reduces the 16 sums together
// (lane_sums16; one at a time they cost 228 GFLOP/s instead of 247-251).
// The sums run in a different order from Eigen's, so results agree to rounding, not bit for bit;
// the gradient checks run in double, which keeps Eigen, and tests/unit/test_dense_kernels.cpp
// checks these against Eigen on awkward shapes.
#pragma once
#include <algorithm>
#include <utility>

#if defined(__AVX512F__)
#include <immintrin.h>
#define LEX_HAVE_DENSE_KERNELS 1
#endif

namespace lex {

#if defined(__AVX512F__)
namespace kernels {

inline __mmask16 first_lanes(int n) { return n >= 16 ? __mmask16(0xFFFF) : static_cast<__mmask16>((1u << n) - 1u); }

// The sum of the 16 lanes. GCC 12 reports its own "undefined vector" idiom inside these
// intrinsics as uninitialised once they are inlined; the warning is about the header, not us.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wuninitialized"
inline float lane_sum(__m512 v) {
  __m512 s = _mm512_add_ps(v, _mm512_shuffle_f32x4(v, v, _MM_SHUFFLE(1, 0, 3, 2)));  // 256-bit halves
  s = _mm512_add_ps(s, _mm512_shuffle_f32x4(s, s, _MM_SHUFFLE(2, 3, 0, 1)));        // 128-bit quarters
  __m128 q = _mm512_castps512_ps128(s);
  q = _mm_add_ps(q, _mm_movehl_ps(q, q));
  q = _mm_add_ss(q, _mm_movehdup_ps(q));
  return _mm_cvtss_f32(q);
}

// Lane l of the result is the sum of the 16 lanes of v[l]: a transposing reduction tree, 45
// shuffles and adds for all 16 sums where lane_sum takes 9 for each.
inline __m512 lane_sums16(const __m512 (&v)[16]) {
  // Pairs: each 128-bit block of t[q] holds two partial sums of v[2q] and two of v[2q + 1].
  __m512 t[8];
#pragma GCC unroll 8
  for (int q = 0; q < 8; ++q)
    t[q] = _mm512_add_ps(_mm512_unpacklo_ps(v[2 * q], v[2 * q + 1]), _mm512_unpackhi_ps(v[2 * q], v[2 * q + 1]));
  // Fours: each 128-bit block of u[q] holds one partial sum of each of v[4q .. 4q + 3], in order.
  __m512 u[4];
#pragma GCC unroll 4
  for (int q = 0; q < 4; ++q)
    u[q] = _mm512_add_ps(_mm512_shuffle_ps(t[2 * q], t[2 * q + 1], _MM_SHUFFLE(1, 0, 1, 0)),
                         _mm512_shuffle_ps(t[2 * q], t[2 * q + 1], _MM_SHUFFLE(3, 2, 3, 2)));
  // Then the four blocks of each u[q] are summed into block q of the result.
  const __m512 p0 = _mm512_add_ps(_mm512_shuffle_f32x4(u[0], u[1], _MM_SHUFFLE(2, 0, 2, 0)),
                                  _mm512_shuffle_f32x4(u[0], u[1], _MM_SHUFFLE(3, 1, 3, 1)));
  const __m512 p1 = _mm512_add_ps(_mm512_shuffle_f32x4(u[2], u[3], _MM_SHUFFLE(2, 0, 2, 0)),
                                  _mm512_shuffle_f32x4(u[2], u[3], _MM_SHUFFLE(3, 1, 3, 1)));
  return _mm512_add_ps(_mm512_shuffle_f32x4(p0, p1, _MM_SHUFFLE(2, 0, 2, 0)),
                       _mm512_shuffle_f32x4(p0, p1, _MM_SHUFFLE(3, 1, 3, 1)));
}
#pragma GCC diagnostic pop

// A (16 R) x NJ tile of C; rows past m are masked off by m0 (rows 0-15) and m1 (16-31).
template <int R, int NJ, bool kAccumulate>
inline void nn_tile(const float* a, long lda, const float* b, long b_step_k, long b_step_j, float* c, long ldc, int k,
                    __mmask16 m0, __mmask16 m1) {
  const __mmask16 rows[2] = {m0, m1};
  __m512 acc[R][NJ];
#pragma GCC unroll 32
  for (int j = 0; j < NJ; ++j)
#pragma GCC unroll 2
    for (int r = 0; r < R; ++r)
      acc[r][j] = kAccumulate ? _mm512_maskz_loadu_ps(rows[r], c + j * ldc + 16 * r) : _mm512_setzero_ps();
  for (int kk = 0; kk < k; ++kk) {
    __m512 av[R];
#pragma GCC unroll 2
    for (int r = 0; r < R; ++r) av[r] = _mm512_maskz_loadu_ps(rows[r], a + kk * lda + 16 * r);
    const float* bk = b + kk * b_step_k;
#pragma GCC unroll 32
    for (int j = 0; j < NJ; ++j) {
      const __m512 bv = _mm512_set1_ps(bk[j * b_step_j]);
#pragma GCC unroll 2
      for (int r = 0; r < R; ++r) acc[r][j] = _mm512_fmadd_ps(av[r], bv, acc[r][j]);
    }
  }
#pragma GCC unroll 32
  for (int j = 0; j < NJ; ++j)
#pragma GCC unroll 2
    for (int r = 0; r < R; ++r) _mm512_mask_storeu_ps(c + j * ldc + 16 * r, rows[r], acc[r][j]);
}

// One strip of 16 R rows of C across all n columns: tiles of 12 columns, then one tile of the
// remaining columns. (24 columns for one-register strips starved L1: 24 streams of B.)
template <int R, bool kAccumulate, int... Tail>
inline void nn_strip(int n, int k, const float* a, long lda, const float* b, long b_step_k, long b_step_j, float* c,
                     long ldc, __mmask16 m0, __mmask16 m1, std::integer_sequence<int, Tail...>) {
  constexpr int kCols = 12;
  int j = 0;
  for (; j + kCols <= n; j += kCols)
    nn_tile<R, kCols, kAccumulate>(a, lda, b + j * b_step_j, b_step_k, b_step_j, c + j * ldc, ldc, k, m0, m1);
  const int rest = n - j;
  ((Tail > 0 && Tail == rest ? (nn_tile<R, (Tail > 0 ? Tail : 1), kAccumulate>(a, lda, b + j * b_step_j, b_step_k,
                                                                                b_step_j, c + j * ldc, ldc, k, m0, m1),
                    0)
                 : 0),
   ...);
}


// An MI x NJ tile of dot products over k.
template <int MI, int NJ>
inline void tn_tile(const float* a, long lda, const float* b, long ldb, float* c, long ldc, int k) {
  __m512 acc[MI][NJ];
#pragma GCC unroll 32
  for (int i = 0; i < MI; ++i)
#pragma GCC unroll 32
    for (int j = 0; j < NJ; ++j) acc[i][j] = _mm512_setzero_ps();
  for (int kk = 0; kk < k; kk += 16) {
    const __mmask16 mk = first_lanes(k - kk);
    __m512 bv[NJ];
#pragma GCC unroll 32
    for (int j = 0; j < NJ; ++j) bv[j] = _mm512_maskz_loadu_ps(mk, b + j * ldb + kk);
#pragma GCC unroll 32
    for (int i = 0; i < MI; ++i) {
      const __m512 av = _mm512_maskz_loadu_ps(mk, a + i * lda + kk);
#pragma GCC unroll 32
      for (int j = 0; j < NJ; ++j) acc[i][j] = _mm512_fmadd_ps(av, bv[j], acc[i][j]);
    }
  }
  if constexpr (MI == 8 && NJ == 2) {  // 16 sums at once: lanes 0-7 are column 0, 8-15 column 1
    __m512 v[16];
#pragma GCC unroll 16
    for (int i = 0; i < 8; ++i) {
      v[i] = acc[i][0];
      v[8 + i] = acc[i][1];
    }
    const __m512 sums = lane_sums16(v);
    _mm512_mask_storeu_ps(c, 0x00FF, sums);
    _mm512_mask_storeu_ps(c + ldc - 8, 0xFF00, sums);
  } else {
#pragma GCC unroll 32
    for (int i = 0; i < MI; ++i)
#pragma GCC unroll 32
      for (int j = 0; j < NJ; ++j) c[i + j * ldc] = lane_sum(acc[i][j]);
  }
}

template <int MI>
inline void tn_row_block(const float* a, long lda, const float* b, long ldb, float* c, long ldc, int n, int k) {
  int j = 0;
  for (; j + 2 <= n; j += 2) tn_tile<MI, 2>(a, lda, b + j * ldb, ldb, c + j * ldc, ldc, k);
  for (; j < n; ++j) tn_tile<MI, 1>(a, lda, b + j * ldb, ldb, c + j * ldc, ldc, k);
}

}  // namespace kernels

// C (m x n, ldc) = A B, or += with kAccumulate. A is m x k column-major (lda); element (kk, j)
// of B is at b[kk * b_step_k + j * b_step_j], so B itself (step_k 1, step_j ldb) or a transpose
// (step_k ldb, step_j 1) can be read in place.
template <bool kAccumulate>
inline void gemm_nn(int m, int n, int k, const float* a, long lda, const float* b, long b_step_k, long b_step_j,
                    float* c, long ldc) {
  // Strips of 32 rows; a last strip of at most 16 rows takes half the registers per column, so
  // it runs twice as many columns at once instead of multiplying masked-off lanes.
  for (int i = 0; i < m; i += 32) {
    const int rows = std::min(32, m - i);
    if (rows > 16) {
      kernels::nn_strip<2, kAccumulate>(n, k, a + i, lda, b, b_step_k, b_step_j, c + i, ldc, kernels::first_lanes(rows),
                                        kernels::first_lanes(rows - 16),
                                        std::make_integer_sequence<int, 12>{});
    } else {
      kernels::nn_strip<1, kAccumulate>(n, k, a + i, lda, b, b_step_k, b_step_j, c + i, ldc, kernels::first_lanes(rows),
                                        __mmask16(0),
                                        std::make_integer_sequence<int, 12>{});
    }
  }
}

namespace kernels {

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wuninitialized"  // GCC 12 on its own intrinsics, as for lane_sum
// Columns j0 .. j0 + 15 of a 16-row block of A, transposed into rows of B, in registers:
// interleave pairs of columns by 32 bits, then by 64, then swap 128-bit lanes (64 shuffles for
// 256 floats). a: the block's first element, b: where its first column lands.
inline void transpose16x16(const float* a, long lda, float* b, long ldb) {
  __m512 r[16], t[16], u[16];
#pragma GCC unroll 16
  for (int i = 0; i < 16; ++i) r[i] = _mm512_loadu_ps(a + i * lda);
#pragma GCC unroll 8
  for (int i = 0; i < 8; ++i) {
    t[2 * i] = _mm512_unpacklo_ps(r[2 * i], r[2 * i + 1]);
    t[2 * i + 1] = _mm512_unpackhi_ps(r[2 * i], r[2 * i + 1]);
  }
#pragma GCC unroll 4
  for (int i = 0; i < 4; ++i) {  // u[4i + m], 128-bit lane k: element 4k + m of columns 4i .. 4i + 3
    u[4 * i + 0] = _mm512_shuffle_ps(t[4 * i + 0], t[4 * i + 2], _MM_SHUFFLE(1, 0, 1, 0));
    u[4 * i + 1] = _mm512_shuffle_ps(t[4 * i + 0], t[4 * i + 2], _MM_SHUFFLE(3, 2, 3, 2));
    u[4 * i + 2] = _mm512_shuffle_ps(t[4 * i + 1], t[4 * i + 3], _MM_SHUFFLE(1, 0, 1, 0));
    u[4 * i + 3] = _mm512_shuffle_ps(t[4 * i + 1], t[4 * i + 3], _MM_SHUFFLE(3, 2, 3, 2));
  }
#pragma GCC unroll 4
  for (int m = 0; m < 4; ++m) {  // a 4 x 4 transpose of the 128-bit lanes of u[m], u[4 + m], u[8 + m], u[12 + m]
    const __m512 v0 = _mm512_shuffle_f32x4(u[m], u[4 + m], _MM_SHUFFLE(2, 0, 2, 0));
    const __m512 v1 = _mm512_shuffle_f32x4(u[m], u[4 + m], _MM_SHUFFLE(3, 1, 3, 1));
    const __m512 v2 = _mm512_shuffle_f32x4(u[8 + m], u[12 + m], _MM_SHUFFLE(2, 0, 2, 0));
    const __m512 v3 = _mm512_shuffle_f32x4(u[8 + m], u[12 + m], _MM_SHUFFLE(3, 1, 3, 1));
    _mm512_storeu_ps(b + (0 + m) * ldb, _mm512_shuffle_f32x4(v0, v2, _MM_SHUFFLE(2, 0, 2, 0)));
    _mm512_storeu_ps(b + (4 + m) * ldb, _mm512_shuffle_f32x4(v1, v3, _MM_SHUFFLE(2, 0, 2, 0)));
    _mm512_storeu_ps(b + (8 + m) * ldb, _mm512_shuffle_f32x4(v0, v2, _MM_SHUFFLE(3, 1, 3, 1)));
    _mm512_storeu_ps(b + (12 + m) * ldb, _mm512_shuffle_f32x4(v1, v3, _MM_SHUFFLE(3, 1, 3, 1)));
  }
}
#pragma GCC diagnostic pop

}  // namespace kernels

// B (n x m, ldb) = A^T for A (m x n, lda), both column-major: full 16 x 16 blocks in registers,
// the ragged edges element by element. (The batch-innermost convolutions copy whole layers'
// activations this way, up to 13 MB a step.)
inline void transpose(int m, int n, const float* a, long lda, float* b, long ldb) {
  constexpr int kBlock = 16;
  const int m16 = m - m % kBlock, n16 = n - n % kBlock;
  for (int j0 = 0; j0 < n16; j0 += kBlock)
    for (int i0 = 0; i0 < m16; i0 += kBlock) kernels::transpose16x16(a + i0 + j0 * lda, lda, b + j0 + i0 * ldb, ldb);
  for (int j = 0; j < n; ++j)
    for (int i = j < n16 ? m16 : 0; i < m; ++i) b[j + i * ldb] = a[i + j * lda];
}

// C (m x n, ldc) = A^T B, A k x m (lda), B k x n (ldb), both column-major.
inline void gemm_tn(int m, int n, int k, const float* a, long lda, const float* b, long ldb, float* c, long ldc) {
  constexpr int kTileRows = 8;  // 16 dot products per tile, reduced together (lane_sums16)
  int i = 0;
  for (; i + kTileRows <= m; i += kTileRows)
    kernels::tn_row_block<kTileRows>(a + i * lda, lda, b, ldb, c + i, ldc, n, k);
  for (; i + 4 <= m; i += 4) kernels::tn_row_block<4>(a + i * lda, lda, b, ldb, c + i, ldc, n, k);
  for (; i < m; ++i) kernels::tn_row_block<1>(a + i * lda, lda, b, ldb, c + i, ldc, n, k);
}
#endif

}  // namespace lex
