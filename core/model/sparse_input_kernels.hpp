// The inner loops of the sparse first layer (InputLinear, model/linear.hpp), which works on groups
// of G adjacent pixels (G = 4). Adjacent pixels are non-zero in nearly the same images, so one
// list per group, of the images in which any of its pixels is non-zero, serves both passes at a
// cost of 1.48 multiply-adds per useful one on MNIST (against 2.04 for groups of 4 images).
//
//   forward:          y_b += sum_j x_(p_j)b W[:, p_j]   for each listed image b
//                     (add_columns_to_images: the group's G columns of W, 6 KB, stay in L1
//                     while the listed images' outputs stream through)
//   weight gradient:  dW[:, p_j] += sum_b x_(p_j)b dy_b  over the listed images b
//                     (add_grouped_columns: G columns of dW stay in registers while the listed
//                     columns of dy stream through)
//
// Where a pixel of the group is zero in a listed image, the kernels add 0 * w exactly, so every
// output is the same sum, in the same order, as taking its own non-zeros alone.
//
// Why: the previous kernel streamed one 1.6 KB column of W through registers per non-zero pixel,
// so the layer was bound by that traffic (W is 1.25 MB, more than L2): 3.16 us per image for
// forward and gradient on real MNIST batches (tests/bench/bench_input_layer), 2.57 us now.
// Other CPUs and double (the gradient tests) use the same sums written plainly.
#pragma once
#include <algorithm>
#include <utility>

#if defined(__AVX512F__)
#include <immintrin.h>
#endif

namespace lex {

// The largest group the float kernels are instantiated for.
inline constexpr int kMaxSparseGroup = 4;

// out_j[0, n) += sum_k v(k, j) * M[:, idx[k]]   for j < group, out_j = out + j * out_step,
// v(k, j) = v[idx[k] * v_step_k + j * v_step_j], M column-major with leading dimension ld.
template <typename S>
inline void add_grouped_columns(int group, S* out, long out_step, int n, const S* m, long ld, const int* idx, int count,
                                const S* v, long v_step_k, long v_step_j) {
  for (int k = 0; k < count; ++k) {
    const S* col = m + static_cast<long>(idx[k]) * ld;
    const S* vk = v + static_cast<long>(idx[k]) * v_step_k;
    for (int j = 0; j < group; ++j) {
      const S a = vk[j * v_step_j];
      S* o = out + j * out_step;
      for (int i = 0; i < n; ++i) o[i] += a * col[i];
    }
  }
}

// The forward pass by pixel groups, with the images' outputs streamed instead of held:
//   y_b[0, n) += sum_j x(b, j) * w_j[0, n)      for each listed image b, j = 0 .. group-1
// where w_j = w + j * ldw (the group's columns of W, which stay in L1 while every image that
// needs them passes) and x(b, j) = x[b * ldx + j].
template <typename S>
inline void add_columns_to_images(int group, S* y, long ldy, int n, const S* w, long ldw, const int* images, int count,
                                  const S* x, long ldx) {
  for (int k = 0; k < count; ++k) {
    const long b = images[k];
    S* yb = y + b * ldy;
    for (int j = 0; j < group; ++j) {
      const S a = x[b * ldx + j];
      for (int i = 0; i < n; ++i) yb[i] += a * w[j * ldw + i];
    }
  }
}

#if defined(__AVX512F__)
namespace detail {

// G outputs x C chunks of 16 rows; the last chunk is masked by `tail`.
template <int G, int C>
inline void grouped_block(float* out, long out_step, const float* m, long ld, const int* idx, int count, const float* v,
                          long v_step_k, long v_step_j, __mmask16 tail) {
  __m512 acc[G][C];
#pragma GCC unroll 32
  for (int j = 0; j < G; ++j)
#pragma GCC unroll 32
    for (int c = 0; c < C; ++c)
      acc[j][c] = _mm512_maskz_loadu_ps(c == C - 1 ? tail : __mmask16(0xFFFF), out + j * out_step + 16 * c);
  for (int k = 0; k < count; ++k) {
    const float* col = m + static_cast<long>(idx[k]) * ld;
    const float* vk = v + static_cast<long>(idx[k]) * v_step_k;
    __m512 a[G];
#pragma GCC unroll 32
    for (int j = 0; j < G; ++j) a[j] = _mm512_set1_ps(vk[j * v_step_j]);
#pragma GCC unroll 32
    for (int c = 0; c < C; ++c) {
      __m512 w = _mm512_maskz_loadu_ps(c == C - 1 ? tail : __mmask16(0xFFFF), col + 16 * c);
      asm("" : "+v"(w));  // one load per chunk, in a register: GCC would fold it into each of the G FMAs
#pragma GCC unroll 32
      for (int j = 0; j < G; ++j) acc[j][c] = _mm512_fmadd_ps(a[j], w, acc[j][c]);
    }
  }
#pragma GCC unroll 32
  for (int j = 0; j < G; ++j)
#pragma GCC unroll 32
    for (int c = 0; c < C; ++c)
      _mm512_mask_storeu_ps(out + j * out_step + 16 * c, c == C - 1 ? tail : __mmask16(0xFFFF), acc[j][c]);
}

// Registers: G x C accumulators, G broadcasts and a column chunk, of 32.
template <int G>
inline constexpr int kMaxChunks = G == 1 ? 28 : G == 2 ? 14 : G == 3 ? 9 : 6;

template <int G, int... Sizes>
inline void dispatch_chunks(float* out, long out_step, const float* m, long ld, const int* idx, int count,
                            const float* v, long v_step_k, long v_step_j, __mmask16 tail, int chunks,
                            std::integer_sequence<int, Sizes...>) {
  ((Sizes + 1 == chunks ? (grouped_block<G, Sizes + 1>(out, out_step, m, ld, idx, count, v, v_step_k, v_step_j, tail), 0)
                        : 0),
   ...);
}

template <int G>
inline void grouped_rows(float* out, long out_step, int n, const float* m, long ld, const int* idx, int count,
                         const float* v, long v_step_k, long v_step_j) {
  // Row blocks of up to kMaxChunks<G> chunks, balanced so that no block is a lone short one.
  const int chunks = (n + 15) / 16;
  const int blocks = (chunks + kMaxChunks<G> - 1) / kMaxChunks<G>;
  int chunk = 0;
  for (int b = 0; b < blocks; ++b) {
    const int size = (chunks - chunk) / (blocks - b);
    const int first_row = 16 * chunk;
    const int rows = std::min(n - first_row, 16 * size);
    const __mmask16 tail = static_cast<__mmask16>((1u << (rows - 16 * (size - 1))) - 1u);
    dispatch_chunks<G>(out + first_row, out_step, m + first_row, ld, idx, count, v, v_step_k, v_step_j, tail, size,
                       std::make_integer_sequence<int, kMaxChunks<G>>{});
    chunk += size;
  }
}


// P columns of W applied to I images at a time; per 16-row chunk the P column pieces are loaded
// once for the I images, whose outputs pass through in a load, P FMAs and a store.
template <int P, int I>
inline void images_block(float* y, long ldy, int n, const float* w, long ldw, const int* images, const float* x,
                         long ldx) {
  __m512 a[I][P];
  float* yi[I];
#pragma GCC unroll 8
  for (int i = 0; i < I; ++i) {
    const long b = images[i];
    yi[i] = y + b * ldy;
#pragma GCC unroll 8
    for (int j = 0; j < P; ++j) a[i][j] = _mm512_set1_ps(x[b * ldx + j]);
  }
  for (int r = 0; r < n; r += 16) {
    const __mmask16 rows = r + 16 <= n ? __mmask16(0xFFFF) : static_cast<__mmask16>((1u << (n - r)) - 1u);
    __m512 wj[P];
#pragma GCC unroll 8
    for (int j = 0; j < P; ++j) wj[j] = _mm512_maskz_loadu_ps(rows, w + j * ldw + r);
#pragma GCC unroll 8
    for (int i = 0; i < I; ++i) {
      __m512 acc = _mm512_maskz_loadu_ps(rows, yi[i] + r);
#pragma GCC unroll 8
      for (int j = 0; j < P; ++j) acc = _mm512_fmadd_ps(a[i][j], wj[j], acc);
      _mm512_mask_storeu_ps(yi[i] + r, rows, acc);
    }
  }
}

template <int P>
inline void images_by_pairs(float* y, long ldy, int n, const float* w, long ldw, const int* images, int count,
                            const float* x, long ldx) {
  int k = 0;
  for (; k + 2 <= count; k += 2) images_block<P, 2>(y, ldy, n, w, ldw, images + k, x, ldx);
  if (k < count) images_block<P, 1>(y, ldy, n, w, ldw, images + k, x, ldx);
}

}  // namespace detail

template <>
inline void add_grouped_columns<float>(int group, float* out, long out_step, int n, const float* m, long ld,
                                       const int* idx, int count, const float* v, long v_step_k, long v_step_j) {
  switch (group) {
    case 1: detail::grouped_rows<1>(out, out_step, n, m, ld, idx, count, v, v_step_k, v_step_j); break;
    case 2: detail::grouped_rows<2>(out, out_step, n, m, ld, idx, count, v, v_step_k, v_step_j); break;
    case 3: detail::grouped_rows<3>(out, out_step, n, m, ld, idx, count, v, v_step_k, v_step_j); break;
    case 4: detail::grouped_rows<4>(out, out_step, n, m, ld, idx, count, v, v_step_k, v_step_j); break;
    default: break;
  }
}
template <>
inline void add_columns_to_images<float>(int group, float* y, long ldy, int n, const float* w, long ldw,
                                         const int* images, int count, const float* x, long ldx) {
  switch (group) {
    case 1: detail::images_by_pairs<1>(y, ldy, n, w, ldw, images, count, x, ldx); break;
    case 2: detail::images_by_pairs<2>(y, ldy, n, w, ldw, images, count, x, ldx); break;
    case 3: detail::images_by_pairs<3>(y, ldy, n, w, ldw, images, count, x, ldx); break;
    case 4: detail::images_by_pairs<4>(y, ldy, n, w, ldw, images, count, x, ldx); break;
    default: break;
  }
}
#endif

}  // namespace lex
