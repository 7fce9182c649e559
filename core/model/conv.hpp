// 2-D convolutions, plain and transposed, with PyTorch's semantics (no kernel flip):
//   Conv2d           y[o, i, j] = b[o] + sum_{c,u,v} W[o,c,u,v] x[c, s*i+u-p, s*j+v-p]
//   ConvTranspose2d  y[o, s*i-p+u, s*j-p+v] += W[c,o,u,v] x[c, i, j]   (taps outside y dropped),
//                    plus b[o]
// and PyTorch's storage of the weights (Conv2d [out, in, k, k], ConvTranspose2d [in, out, k, k],
// row-major), so a state_dict maps onto the flat buffer as it is.
//
// Layout: "planes" (model/planes.hpp): chunks of up to 32 images, each an h-row column-major
// matrix, element (b, c*(H*W + 1) + y*W + x) (a spare column after each channel's plane): within
// a chunk the images are innermost. Why: channel c of pixel (y, x) across the chunk is h
// contiguous floats, so every pass is a product whose rows are
// the chunk's images at one pixel, read straight from the activations (an implicit GEMM, no
// im2col copy), and whose right-hand operand is a slice of the weights, small enough to stay in
// cache:
//   forward         y[o, P, b] = sum over the taps (t, q) of P, sum_c x[c, q, b] W_t[c][o]
//   input gradient  the same with the roles of x and y swapped (a transposed geometry)
//   weight gradient dW_t[c][o] += sum over the (q, P) pairs of tap t, sum_b x[c, q, b] dy[o, P, b]
// Which source pixels q (and taps t) a destination pixel P reads is a GatherPlan, worked out
// once from the shapes, so the padding, stride and output padding live only there.
// Why chunks of 32 and not the whole batch innermost: at 128 images a channel's plane is a
// multiple of 2 KB long, so the channels of one pixel fall into a handful of L1 sets and evict
// each other; the decoder's largest input gradient took 13 ms at batch 128 against 4 x 1.3 ms in
// chunks of 32 (bench_conv), and its forward pass 5.7 against 4 x 1.2.
// The float kernels (AVX-512) are in model/conv_kernels.hpp; double, and CPUs without AVX-512,
// run the same sums as plain loops.
#pragma once
#include <vector>

#include "model/layer.hpp"
#include "model/planes.hpp"

namespace lex {

struct ConvShape {
  int in_channels = 1, out_channels = 1;
  int in_height = 1, in_width = 1;
  int kernel = 3, stride = 1, padding = 0;
  int output_padding = 0;  // transposed only: extra rows and columns at the bottom and right
  bool transposed = false;

  // Conv2d: (in + 2p - k) / s + 1.  ConvTranspose2d: (in - 1) s - 2p + k + output_padding.
  int out_height() const { return out_size(in_height); }
  int out_width() const { return out_size(in_width); }
  int in_features() const { return in_channels * in_height * in_width; }
  int out_features() const { return out_channels * out_height() * out_width(); }

 private:
  int out_size(int in) const {
    return transposed ? (in - 1) * stride - 2 * padding + kernel + output_padding : (in + 2 * padding - kernel) / stride + 1;
  }
};

// For each pixel P of a destination grid, the pixels of a source grid it reads and through which
// kernel tap t = u * k + v: entries [first[P], first[P + 1]) of tap and source.
struct GatherPlan {
  std::vector<int> first, tap, source;
  int pixels() const { return static_cast<int>(first.size()) - 1; }
};

// Destination (i, j) reads source (s*i + u - p, s*j + v - p): a convolution's forward pass.
GatherPlan correlation_plan(int src_h, int src_w, int dst_h, int dst_w, int k, int s, int p);
// Destination (Y, X) reads source ((Y + p - u) / s, (X + p - v) / s) where that divides: the
// forward pass of a transposed convolution, and the input gradient of a plain one.
GatherPlan transposed_plan(int src_h, int src_w, int dst_h, int dst_w, int k, int s, int p);

template <typename S>
class Conv2d final : public Layer<S> {
 public:
  Conv2d(const ConvShape& shape, bool relu);

  const ConvShape& shape() const { return shape_; }
  size_t size() const override;  // weights, then bias (out_channels)
  void bind(S* params, S* grads) override { p_ = params, g_ = grads; }
  // PyTorch's default: uniform in +-1/sqrt(fan_in), fan_in = weight.size(1) * k * k, which is
  // in_channels * k * k for Conv2d but out_channels * k * k for ConvTranspose2d.
  void init(Rng& rng) override;

  bool relu() const override { return relu_; }
  // x, y: planes (model/planes.hpp) of in_planes() and out_planes(), h rows.
  PlanesShape in_planes() const { return {shape_.in_channels, shape_.in_height * shape_.in_width}; }
  PlanesShape out_planes() const { return {shape_.out_channels, shape_.out_height() * shape_.out_width()}; }
  void forward(const Mat<S>& x, Mat<S>& y) override;
  void backward(const Mat<S>& x, const Mat<S>& dy, Mat<S>* dx) override;

 private:
  // Where W[in channel c -> out channel o, tap t] is stored.
  size_t weight_index(int c, int o, int t) const;
  // w_t[src][dst] for every tap t: the forward pass reads in -> out, the input gradient out -> in.
  void pack_weights(bool in_to_out, std::vector<S>& packed) const;
  // tap_grads_ += the weight gradient of one chunk of h images; then g += tap_grads_ in PyTorch's
  // order. (The bias gradient is done apart.)
  void add_weight_gradient(int h, const S* x, const S* dy);
  void scatter_weight_gradient();

  // How the weight gradient runs. With the float kernels, as products over a copy of x or of dy
  // with its channels innermost (whichever copy is smaller among those with at least 16
  // channels, so that the rows of the products fill vectors); otherwise (double, few channels on
  // either side, no AVX-512) with the plain sums along the batch.
  enum class WeightGradient { kAlongBatch, kInputChannelsInnermost, kOutputChannelsInnermost };
  WeightGradient weight_gradient_ = WeightGradient::kAlongBatch;

  ConvShape shape_;
  bool relu_;
  S* p_ = nullptr;
  S* g_ = nullptr;
  GatherPlan forward_plan_;   // output pixels from input pixels
  GatherPlan backward_plan_;  // input pixels from output pixels (the input gradient)
  // The forward plan's (input pixel, output pixel) pairs grouped by tap, for the weight gradient:
  // tap t's pairs are [pair_first_[t], pair_first_[t + 1]).
  std::vector<int> pair_first_, pair_source_, pair_dest_;
  std::vector<S> packed_, tap_grads_, channels_innermost_;  // scratch
};

}  // namespace lex
