// The inner loops of the convolutions (model/conv.hpp), on batch-innermost activations: channel
// c of pixel q of image b is at x[c * x_cs + q * batch + b].
//
//   gather_product:       y[n, P, b] = bias[n] + sum_{(t, q) in plan[P]} sum_c x[c, q, b] w[t][c][n]
//                         (then max(., 0) with relu; or times (mask[n, P, b] > 0) with a mask:
//                         an input gradient through the ReLU that made the input), for every
//                         destination pixel P
//   tap_weight_gradient:  dw[c][n] += sum_{pairs (q, P)} sum_b x[c, q, b] dy[n, P, b]
//
// The float versions (AVX-512) hold a tile of the result in registers. gather_product: 32 images
// (two vectors) x 12 destination channels, while the taps and source channels stream past, each
// step one load per vector of images and one broadcast weight per channel; its operands are the
// taps' slices of x for those 32 images and the taps' slices of w, which stay in L1/L2.
// The weight gradient is a sum of small products, one per (q, P) pair, when one operand is
// copied with its channels innermost (pair_products: a register tile of dW across a block of
// pairs); tap_weight_gradient, with vectors along the batch reduced at the end, serves layers
// whose channel counts are both small.
// Sums run in a fixed order, so results are deterministic; they agree with the plain loops
// (double, other CPUs) to rounding. tests/unit/test_conv.cpp checks both against a naive
// convolution on awkward shapes; tests/bench/bench_conv times them.
#pragma once
#include <algorithm>
#include <utility>

#include "model/dense_kernels.hpp"

namespace lex {

template <typename S>
inline void gather_product(const int* first, const int* taps, const int* sources, int pixels, int batch, int n_src,
                           int n_dst, const S* x, long x_cs, const S* w, S* y, long y_cs, const S* bias, bool relu,
                           const S* mask) {
  const long w_tap = static_cast<long>(n_src) * n_dst;
  for (int P = 0; P < pixels; ++P)
    for (int n = 0; n < n_dst; ++n)
      for (int b = 0; b < batch; ++b) {
        S acc = bias ? bias[n] : S(0);
        for (int e = first[P]; e < first[P + 1]; ++e) {
          const S* xs = x + static_cast<long>(sources[e]) * batch + b;
          const S* wt = w + taps[e] * w_tap + n;
          for (int c = 0; c < n_src; ++c) acc += xs[c * x_cs] * wt[static_cast<long>(c) * n_dst];
        }
        const long at = n * y_cs + static_cast<long>(P) * batch + b;
        if ((relu && acc < S(0)) || (mask && !(mask[at] > S(0)))) acc = S(0);
        y[at] = acc;
      }
}

template <typename S>
inline void tap_weight_gradient(int batch, int n_x, int n_dy, const S* x, long x_cs, const S* dy, long dy_cs,
                                const int* src, const int* dst, int pairs, S* dw) {
  for (int c = 0; c < n_x; ++c)
    for (int n = 0; n < n_dy; ++n) {
      S acc = 0;
      for (int e = 0; e < pairs; ++e) {
        const S* xs = x + c * x_cs + static_cast<long>(src[e]) * batch;
        const S* ds = dy + n * dy_cs + static_cast<long>(dst[e]) * batch;
        for (int b = 0; b < batch; ++b) acc += xs[b] * ds[b];
      }
      dw[c * n_dy + n] += acc;
    }
}

#if defined(LEX_HAVE_DENSE_KERNELS)
namespace conv_detail {

using kernels::first_lanes;

// Rows 16 r .. 16 r + 15 of the tile are images b0 + 16 r ..; mask m0 / m1 keeps those < batch.
// A narrow tile (the decoder's last layer has one output channel) would leave too few independent
// sums to hide the FMA latency, so it keeps kSplit partial sums per output, taking the source
// channels in turn, and adds them at the end (bench_conv, 32 -> 1 channels: 1.9 -> 0.9 ms).
template <int R, int NJ>
inline void gather_tile(const float* x, long x_cs, long pixel_step, const int* taps, const int* sources, int count,
                        int n_src, long w_tap, int w_ld, const float* w, float* y, long y_cs, const float* bias,
                        bool relu, const float* mask, __mmask16 m0, __mmask16 m1) {
  constexpr int kSplit = R * NJ >= 8 ? 1 : (8 + R * NJ - 1) / (R * NJ);
  const __mmask16 rows[2] = {m0, m1};
  __m512 acc[kSplit][R][NJ];
#pragma GCC unroll 8
  for (int s = 0; s < kSplit; ++s)
#pragma GCC unroll 16
    for (int j = 0; j < NJ; ++j) {
      const __m512 start = s == 0 && bias ? _mm512_set1_ps(bias[j]) : _mm512_setzero_ps();
#pragma GCC unroll 2
      for (int r = 0; r < R; ++r) acc[s][r][j] = start;
    }
  // acc[s] += the source channel c's contribution.
  auto step = [&](const float* a, const float* wt, int c, int s) __attribute__((always_inline)) {
    __m512 av[R];
#pragma GCC unroll 2
    for (int r = 0; r < R; ++r) av[r] = _mm512_maskz_loadu_ps(rows[r], a + c * x_cs + 16 * r);
    const float* wc = wt + static_cast<long>(c) * w_ld;
#pragma GCC unroll 16
    for (int j = 0; j < NJ; ++j) {
      const __m512 bv = _mm512_set1_ps(wc[j]);
#pragma GCC unroll 2
      for (int r = 0; r < R; ++r) acc[s][r][j] = _mm512_fmadd_ps(av[r], bv, acc[s][r][j]);
    }
  };
  for (int e = 0; e < count; ++e) {
    const float* a = x + sources[e] * pixel_step;
    const float* wt = w + taps[e] * w_tap;
    int c = 0;
    for (; c + kSplit <= n_src; c += kSplit)
#pragma GCC unroll 8
      for (int s = 0; s < kSplit; ++s) step(a, wt, c + s, s);
    for (; c < n_src; ++c) step(a, wt, c, 0);
  }
#pragma GCC unroll 8
  for (int s = 1; s < kSplit; ++s)
#pragma GCC unroll 16
    for (int j = 0; j < NJ; ++j)
#pragma GCC unroll 2
      for (int r = 0; r < R; ++r) acc[0][r][j] = _mm512_add_ps(acc[0][r][j], acc[s][r][j]);
  const __m512 zero = _mm512_setzero_ps();
#pragma GCC unroll 16
  for (int j = 0; j < NJ; ++j)
#pragma GCC unroll 2
    for (int r = 0; r < R; ++r) {
      __m512 out = relu ? _mm512_max_ps(acc[0][r][j], zero) : acc[0][r][j];
      if (mask) {
        const __m512 m = _mm512_maskz_loadu_ps(rows[r], mask + j * y_cs + 16 * r);
        out = _mm512_maskz_mov_ps(_mm512_cmp_ps_mask(m, zero, _CMP_GT_OQ), out);
      }
      _mm512_mask_storeu_ps(y + j * y_cs + 16 * r, rows[r], out);
    }
}

// All destination channels of one strip of images at one pixel: tiles of 12 channels, then one
// tile of the rest.
template <int R, int... Rest>
inline void gather_strip(const float* x, long x_cs, long pixel_step, const int* taps, const int* sources, int count,
                         int n_src, int n_dst, const float* w, float* y, long y_cs, const float* bias, bool relu,
                         const float* mask, __mmask16 m0, __mmask16 m1, std::integer_sequence<int, Rest...>) {
  constexpr int kCols = 12;
  const long w_tap = static_cast<long>(n_src) * n_dst;
  int j = 0;
  for (; j + kCols <= n_dst; j += kCols)
    gather_tile<R, kCols>(x, x_cs, pixel_step, taps, sources, count, n_src, w_tap, n_dst, w + j, y + j * y_cs, y_cs,
                          bias ? bias + j : nullptr, relu, mask ? mask + j * y_cs : nullptr, m0, m1);
  const int rest = n_dst - j;
  ((Rest > 0 && Rest == rest
        ? (gather_tile<R, (Rest > 0 ? Rest : 1)>(x, x_cs, pixel_step, taps, sources, count, n_src, w_tap, n_dst, w + j,
                                                  y + j * y_cs, y_cs, bias ? bias + j : nullptr, relu,
                                                  mask ? mask + j * y_cs : nullptr, m0, m1),
           0)
        : 0),
   ...);
}

// dw[i][j] += the sum over pairs and images of x[c0 + i, q, b] dy[n0 + j, P, b].
template <int MI, int NJ>
inline void weight_tile(int batch, const float* x, long x_cs, const float* dy, long dy_cs, const int* src,
                        const int* dst, int pairs, float* dw, int ld) {
  __m512 acc[MI][NJ];
#pragma GCC unroll 8
  for (int i = 0; i < MI; ++i)
#pragma GCC unroll 3
    for (int j = 0; j < NJ; ++j) acc[i][j] = _mm512_setzero_ps();
  for (int e = 0; e < pairs; ++e) {
    const float* xe = x + static_cast<long>(src[e]) * batch;
    const float* de = dy + static_cast<long>(dst[e]) * batch;
    for (int b = 0; b < batch; b += 16) {
      const __mmask16 lanes = first_lanes(batch - b);
      __m512 dv[NJ];
#pragma GCC unroll 3
      for (int j = 0; j < NJ; ++j) dv[j] = _mm512_maskz_loadu_ps(lanes, de + j * dy_cs + b);
#pragma GCC unroll 8
      for (int i = 0; i < MI; ++i) {
        const __m512 xv = _mm512_maskz_loadu_ps(lanes, xe + i * x_cs + b);
#pragma GCC unroll 3
        for (int j = 0; j < NJ; ++j) acc[i][j] = _mm512_fmadd_ps(xv, dv[j], acc[i][j]);
      }
    }
  }
#pragma GCC unroll 8
  for (int i = 0; i < MI; ++i)
#pragma GCC unroll 3
    for (int j = 0; j < NJ; ++j) dw[i * ld + j] += kernels::lane_sum(acc[i][j]);
}

template <int MI>
inline void weight_rows(int batch, int n_dy, const float* x, long x_cs, const float* dy, long dy_cs, const int* src,
                        const int* dst, int pairs, float* dw) {
  int j = 0;
  for (; j + 3 <= n_dy; j += 3) weight_tile<MI, 3>(batch, x, x_cs, dy + j * dy_cs, dy_cs, src, dst, pairs, dw + j, n_dy);
  if (n_dy - j == 2) weight_tile<MI, 2>(batch, x, x_cs, dy + j * dy_cs, dy_cs, src, dst, pairs, dw + j, n_dy);
  if (n_dy - j == 1) weight_tile<MI, 1>(batch, x, x_cs, dy + j * dy_cs, dy_cs, src, dst, pairs, dw + j, n_dy);
}

// c[i, j] += sum over pairs e and images kk of a_t[a_pix[e]][kk][i] * b[j * b_cs + b_pix[e] * batch + kk],
// for the 16 R rows i and NJ columns j of a tile of c (ld m).
template <int R, int NJ>
inline void pairs_tile(int batch, int m, const float* a_t, const float* b, long b_cs, const int* a_pix, const int* b_pix,
                       int pairs, float* c, __mmask16 m0, __mmask16 m1) {
  const __mmask16 rows[2] = {m0, m1};
  __m512 acc[R][NJ];
#pragma GCC unroll 16
  for (int j = 0; j < NJ; ++j)
#pragma GCC unroll 2
    for (int r = 0; r < R; ++r) acc[r][j] = _mm512_maskz_loadu_ps(rows[r], c + static_cast<long>(j) * m + 16 * r);
  const long a_step = static_cast<long>(batch) * m;
  for (int e = 0; e < pairs; ++e) {
    const float* a = a_t + a_pix[e] * a_step;
    const float* bb = b + static_cast<long>(b_pix[e]) * batch;
    for (int kk = 0; kk < batch; ++kk) {
      __m512 av[R];
#pragma GCC unroll 2
      for (int r = 0; r < R; ++r) av[r] = _mm512_maskz_loadu_ps(rows[r], a + static_cast<long>(kk) * m + 16 * r);
#pragma GCC unroll 16
      for (int j = 0; j < NJ; ++j) {
        const __m512 bv = _mm512_set1_ps(bb[kk + j * b_cs]);
#pragma GCC unroll 2
        for (int r = 0; r < R; ++r) acc[r][j] = _mm512_fmadd_ps(av[r], bv, acc[r][j]);
      }
    }
  }
#pragma GCC unroll 16
  for (int j = 0; j < NJ; ++j)
#pragma GCC unroll 2
    for (int r = 0; r < R; ++r) _mm512_mask_storeu_ps(c + static_cast<long>(j) * m + 16 * r, rows[r], acc[r][j]);
}

template <int R, int... Rest>
inline void pairs_strip(int batch, int m, int n, const float* a_t, const float* b, long b_cs, const int* a_pix,
                        const int* b_pix, int pairs, float* c, __mmask16 m0, __mmask16 m1,
                        std::integer_sequence<int, Rest...>) {
  constexpr int kCols = 12;
  int j = 0;
  for (; j + kCols <= n; j += kCols)
    pairs_tile<R, kCols>(batch, m, a_t, b + j * b_cs, b_cs, a_pix, b_pix, pairs, c + static_cast<long>(j) * m, m0, m1);
  const int rest = n - j;
  ((Rest > 0 && Rest == rest ? (pairs_tile<R, (Rest > 0 ? Rest : 1)>(batch, m, a_t, b + j * b_cs, b_cs, a_pix, b_pix, pairs,
                                                                      c + static_cast<long>(j) * m, m0, m1),
                                0)
                             : 0),
   ...);
}

}  // namespace conv_detail

template <>
inline void gather_product<float>(const int* first, const int* taps, const int* sources, int pixels, int batch,
                                  int n_src, int n_dst, const float* x, long x_cs, const float* w, float* y, long y_cs,
                                  const float* bias, bool relu, const float* mask) {
  using conv_detail::first_lanes;
  constexpr auto kRest = std::make_integer_sequence<int, 12>{};
  // Strips of 32 images outermost: one strip's slice of x (a quarter of it at batch 128) stays in
  // L2 while every pixel reads its neighbourhood (the whole batch at once thrashed L2: the last
  // layer ran at 18 GFLOP/s). A last strip of at most 16 images takes one vector per column.
  for (int b0 = 0; b0 < batch; b0 += 32) {
    const int rows = std::min(32, batch - b0);
    for (int P = 0; P < pixels; ++P) {
      const int* taps_p = taps + first[P];
      const int* sources_p = sources + first[P];
      const int count = first[P + 1] - first[P];
      const long at = static_cast<long>(P) * batch + b0;
      const float* mask_p = mask ? mask + at : nullptr;
      if (rows > 16)
        conv_detail::gather_strip<2>(x + b0, x_cs, batch, taps_p, sources_p, count, n_src, n_dst, w, y + at, y_cs, bias,
                                     relu, mask_p, first_lanes(rows), first_lanes(rows - 16), kRest);
      else
        conv_detail::gather_strip<1>(x + b0, x_cs, batch, taps_p, sources_p, count, n_src, n_dst, w, y + at, y_cs, bias,
                                     relu, mask_p, first_lanes(rows), __mmask16(0), kRest);
    }
  }
}

// c (m x n, column-major, ld m) += sum_e a_t[a_pix[e]] (m x batch) * b[b_pix[e]] (batch x n), where
// a_t has its channels innermost (a_t[(q * batch + b) * m + i]) and b its batch innermost
// (b[j * b_cs + P * batch + b]). A tile of c (32 rows x 12 columns) stays in registers while a
// block of pairs passes, every tile of c taking the same block in turn, so that the block's
// operands (16 pairs: ~200 KB) stay in L2. (Per-pair products ran at 108 GFLOP/s on the
// decoder's largest layer, and whole taps per tile, streaming ~2.4 MB six times, at 114.)
inline void pair_products(int batch, int m, int n, const float* a_t, const float* b, long b_cs, const int* a_pix,
                          const int* b_pix, int pairs, float* c) {
  using conv_detail::first_lanes;
  constexpr auto kRest = std::make_integer_sequence<int, 12>{};
  constexpr int kBlock = 16;
  for (int e = 0; e < pairs; e += kBlock) {
    const int count = std::min(kBlock, pairs - e);
    for (int i = 0; i < m; i += 32) {
      const int rows = std::min(32, m - i);
      if (rows > 16)
        conv_detail::pairs_strip<2>(batch, m, n, a_t + i, b, b_cs, a_pix + e, b_pix + e, count, c + i, first_lanes(rows),
                                    first_lanes(rows - 16), kRest);
      else
        conv_detail::pairs_strip<1>(batch, m, n, a_t + i, b, b_cs, a_pix + e, b_pix + e, count, c + i, first_lanes(rows),
                                    __mmask16(0), kRest);
    }
  }
}

template <>
inline void tap_weight_gradient<float>(int batch, int n_x, int n_dy, const float* x, long x_cs, const float* dy,
                                       long dy_cs, const int* src, const int* dst, int pairs, float* dw) {
  int i = 0;
  for (; i + 8 <= n_x; i += 8)
    conv_detail::weight_rows<8>(batch, n_dy, x + i * x_cs, x_cs, dy, dy_cs, src, dst, pairs, dw + i * n_dy);
  for (; i + 4 <= n_x; i += 4)
    conv_detail::weight_rows<4>(batch, n_dy, x + i * x_cs, x_cs, dy, dy_cs, src, dst, pairs, dw + i * n_dy);
  for (; i < n_x; ++i)
    conv_detail::weight_rows<1>(batch, n_dy, x + i * x_cs, x_cs, dy, dy_cs, src, dst, pairs, dw + i * n_dy);
}
#endif

}  // namespace lex
