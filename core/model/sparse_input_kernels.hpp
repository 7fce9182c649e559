// The inner loops of the sparse first layer (InputLinear, model/linear.hpp), which works on groups
// of G adjacent pixels (G = 4). Adjacent pixels are non-zero in nearly the same images, so one
// list per group, of the images in which any of its pixels is non-zero, serves both passes at a
// cost of 1.48 multiply-adds per useful one on MNIST (against 2.04 for groups of 4 images).
//
//   forward:          y_b += sum_j x_(p_j)b W[:, p_j]   for each listed image b
//                     (add_columns_to_images: the group's G columns of W, a block of rows at a
//                     time, stay in registers while the listed images' outputs pass through)
//   weight gradient:  dW[:, p_j] += sum_b x_(p_j)b dy_b  over the listed images b
//                     (add_grouped_columns: G columns of dW stay in registers while the listed
//                     columns of dy stream through)
//
// Where a pixel of the group is zero in a listed image, the kernels add 0 * w exactly, so every
// output is the same sum, in the same order, as taking its own non-zeros alone.
//
// Why: the previous kernel streamed one 1.6 KB column of W through registers per non-zero pixel,
// so the layer was bound by that traffic (W is 1.25 MB, more than L2): 3.16 us per image for
// forward and gradient on real MNIST batches (tests/bench/bench_input_layer), 2.57 us with these
// kernels' first versions, ~2.1-2.2 now (measured when the machine ran ~15% slower than that).
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

// The forward pass by pixel groups, with the images' outputs passing through instead of held:
//   y_b[0, n) += sum_j x(b, j) * w_j[0, n)      for each listed image b, j = 0 .. group-1
// where w_j = w + j * ldw (the group's columns of W) and x(b, j) = x[b * ldx + j].
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

// P columns x C chunks of 16 rows of W held in registers while the listed images pass: per image
// and chunk, a load of its output, P FMAs and a store. The caller blocks the rows so that the
// outputs of all the batch's images for these rows stay in L1.
template <int P, int C>
inline void images_rows(float* y, long ldy, const float* w, long ldw, const int* images, int count, const float* x,
                        long ldx, __mmask16 tail) {
  __m512 wj[P][C];
#pragma GCC unroll 8
  for (int j = 0; j < P; ++j)
#pragma GCC unroll 8
    for (int c = 0; c < C; ++c)
      wj[j][c] = _mm512_maskz_loadu_ps(c == C - 1 ? tail : __mmask16(0xFFFF), w + j * ldw + 16 * c);
  for (int k = 0; k < count; ++k) {
    const long b = images[k];
    float* yb = y + b * ldy;
    __m512 a[P];
#pragma GCC unroll 8
    for (int j = 0; j < P; ++j) a[j] = _mm512_set1_ps(x[b * ldx + j]);
#pragma GCC unroll 8
    for (int c = 0; c < C; ++c) {
      const __mmask16 rows = c == C - 1 ? tail : __mmask16(0xFFFF);
      __m512 acc = _mm512_maskz_loadu_ps(rows, yb + 16 * c);
#pragma GCC unroll 8
      for (int j = 0; j < P; ++j) acc = _mm512_fmadd_ps(a[j], wj[j][c], acc);
      _mm512_mask_storeu_ps(yb + 16 * c, rows, acc);
    }
  }
}

// Registers: P x C columns of W, P broadcasts and an output chunk, of 32.
inline constexpr int kMaxImageRowChunks = 5;

template <int P, int... Sizes>
inline void images_rows_dispatch(float* y, long ldy, int n, const float* w, long ldw, const int* images, int count,
                                 const float* x, long ldx, std::integer_sequence<int, Sizes...>) {
  const int chunks = (n + 15) / 16;
  const __mmask16 tail = static_cast<__mmask16>((1u << (n - 16 * (chunks - 1))) - 1u);
  ((Sizes + 1 == chunks ? (images_rows<P, Sizes + 1>(y, ldy, w, ldw, images, count, x, ldx, tail), 0) : 0), ...);
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
  constexpr auto sizes = std::make_integer_sequence<int, detail::kMaxImageRowChunks>{};
  for (int row = 0; row < n; row += 16 * detail::kMaxImageRowChunks) {
    const int rows = std::min(n - row, 16 * detail::kMaxImageRowChunks);
    switch (group) {
      case 1: detail::images_rows_dispatch<1>(y + row, ldy, rows, w + row, ldw, images, count, x, ldx, sizes); break;
      case 2: detail::images_rows_dispatch<2>(y + row, ldy, rows, w + row, ldw, images, count, x, ldx, sizes); break;
      case 3: detail::images_rows_dispatch<3>(y + row, ldy, rows, w + row, ldw, images, count, x, ldx, sizes); break;
      case 4: detail::images_rows_dispatch<4>(y + row, ldy, rows, w + row, ldw, images, count, x, ldx, sizes); break;
      default: break;
    }
  }
}
#endif

}  // namespace lex
