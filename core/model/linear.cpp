#include "model/linear.hpp"

#include "model/sparse_input_kernels.hpp"

#include <algorithm>
#include <cstdint>

#include <type_traits>
#if defined(__AVX512F__)
#include <immintrin.h>
#endif

namespace lex {

namespace {

// Bit i set when p[i] != 0, for i < len <= 16. NaN counts as non-zero, so it reaches the output.
template <typename S>
uint32_t nonzero_bits(const S* p, int len) {
#if defined(__AVX512F__)
  if constexpr (std::is_same_v<S, float>) {
    const __mmask16 lanes = static_cast<__mmask16>((1u << len) - 1u);
    return _mm512_mask_cmp_ps_mask(lanes, _mm512_maskz_loadu_ps(lanes, p), _mm512_setzero_ps(), _CMP_NEQ_UQ);
  }
#endif
  uint32_t bits = 0;
  for (int i = 0; i < len; ++i)
    if (!(p[i] == S(0))) bits |= 1u << i;
  return bits;
}

}  // namespace

template <typename S>
void InputLinear<S>::index_nonzeros(const Mat<S>& x) {
  static_assert(16 % kPixelGroup == 0, "pixel groups must not straddle the 16-pixel chunks");
  static_assert(kPixelGroup <= kMaxSparseGroup, "the kernels are instantiated up to kMaxSparseGroup");
  const int pixels = static_cast<int>(x.rows()), images = static_cast<int>(x.cols());
  const int chunks = (pixels + 15) / 16;
  const int pixel_groups = (pixels + kPixelGroup - 1) / kPixelGroup;
  // Room for a whole 16-pixel chunk of groups past the last, so the scan can write without checks.
  const int groups_per_chunk = 16 / kPixelGroup;
  pixel_group_count_.assign(static_cast<size_t>(pixel_groups + groups_per_chunk), 0);
  pixel_group_images_.resize(static_cast<size_t>(pixel_groups + groups_per_chunk) * images);
  nnz_ = 0;
  for (int b = 0; b < images; ++b) {
    const S* col = x.data() + static_cast<long>(b) * pixels;
    for (int c = 0; c < chunks; ++c) {
      const uint32_t bits = nonzero_bits(col + 16 * c, std::min(16, pixels - 16 * c));
      nnz_ += __builtin_popcount(bits);
      uint32_t folded = bits;
      for (int s = 1; s < kPixelGroup; ++s) folded |= bits >> s;
      // Written unconditionally, kept only where the group has a non-zero: no branches.
      for (int q = 0; q < groups_per_chunk; ++q) {
        const size_t g = static_cast<size_t>(c * groups_per_chunk + q);
        pixel_group_images_[g * images + pixel_group_count_[g]] = b;
        pixel_group_count_[g] += (folded >> (q * kPixelGroup)) & 1u;
      }
    }
  }
}

template <typename S>
void InputLinear<S>::forward(const Mat<S>& x, Mat<S>& y) {
  index_nonzeros(x);
  const double density = x.size() ? static_cast<double>(nnz_) / static_cast<double>(x.size()) : 1.0;
  sparse_ = density < kSparseBelowDensity;
  if (!sparse_) {
    dense_.product(x, y);
    if (relu_) y = y.cwiseMax(S(0));
    return;
  }
  const int images = static_cast<int>(x.cols()), pixels = static_cast<int>(x.rows()), out = dense_.out();
  y.resize(out, images);
  y.colwise() = dense_.b();
  const S* W = dense_.W().data();
  // Rows outermost: 80 rows of y for the whole batch (40 KB at 128 images) stay in L1 while every
  // pixel group adds to them; the group's slice of W sits in registers (add_columns_to_images).
  // Against streaming whole columns of y from L2 for each group: 1.26-1.33 -> 1.10-1.18 us per
  // image for this forward pass (bench_input_layer; blocks of 32, 48 and 64 rows were slower).
  constexpr int kRowBlock = 80;
  for (int row = 0; row < out; row += kRowBlock) {
    const int rows = std::min(kRowBlock, out - row);
    for (int g = 0, first = 0; first < pixels; ++g, first += kPixelGroup)
      add_columns_to_images(std::min(kPixelGroup, pixels - first), y.data() + row, out, rows,
                            W + static_cast<long>(first) * out + row, out,
                            pixel_group_images_.data() + static_cast<size_t>(g) * images,
                            pixel_group_count_[static_cast<size_t>(g)], x.data() + first, pixels);
  }
  if (relu_) y = y.cwiseMax(S(0));
}

template <typename S>
void InputLinear<S>::backward(const Mat<S>& x, const Mat<S>& dy, Mat<S>* dx) {
  assert(dx == nullptr && "the input layer has no input gradient");
  (void)dx;
  if (!sparse_) {
    dense_.product_backward(x, dy, nullptr);
    return;
  }
  dense_.db() += dy.rowwise().sum();
  const int images = static_cast<int>(x.cols()), pixels = static_cast<int>(x.rows()), out = dense_.out();
  // The dW columns of a pixel group stay in registers while the images that need them pass; the
  // rows are blocked inside add_grouped_columns. (Blocking the rows out here, so that a slab of
  // dy stays in L1 across pixel groups, measured no faster.)
  for (int g = 0, first = 0; first < pixels; ++g, first += kPixelGroup)
    add_grouped_columns(std::min(kPixelGroup, pixels - first), dense_.dW().data() + static_cast<long>(first) * out, out,
                        out, dy.data(), out, pixel_group_images_.data() + static_cast<size_t>(g) * images,
                        pixel_group_count_[static_cast<size_t>(g)], x.data() + first, pixels, 1);
}

template class InputLinear<float>;
template class InputLinear<double>;


}  // namespace lex
