#include "model/conv.hpp"

#include <cassert>
#include <cmath>
#include <type_traits>

#include "model/conv_kernels.hpp"

namespace lex {

GatherPlan correlation_plan(int src_h, int src_w, int dst_h, int dst_w, int k, int s, int p) {
  GatherPlan plan;
  plan.first.push_back(0);
  for (int i = 0; i < dst_h; ++i)
    for (int j = 0; j < dst_w; ++j) {
      for (int u = 0; u < k; ++u)
        for (int v = 0; v < k; ++v) {
          const int sy = s * i + u - p, sx = s * j + v - p;
          if (sy < 0 || sy >= src_h || sx < 0 || sx >= src_w) continue;  // zero padding
          plan.tap.push_back(u * k + v);
          plan.source.push_back(sy * src_w + sx);
        }
      plan.first.push_back(static_cast<int>(plan.tap.size()));
    }
  return plan;
}

GatherPlan transposed_plan(int src_h, int src_w, int dst_h, int dst_w, int k, int s, int p) {
  GatherPlan plan;
  plan.first.push_back(0);
  for (int y = 0; y < dst_h; ++y)
    for (int x = 0; x < dst_w; ++x) {
      for (int u = 0; u < k; ++u)
        for (int v = 0; v < k; ++v) {
          const int ny = y + p - u, nx = x + p - v;  // = s * (source pixel), if there is one
          if (ny < 0 || nx < 0 || ny % s != 0 || nx % s != 0) continue;
          const int i = ny / s, j = nx / s;
          if (i >= src_h || j >= src_w) continue;
          plan.tap.push_back(u * k + v);
          plan.source.push_back(i * src_w + j);
        }
      plan.first.push_back(static_cast<int>(plan.tap.size()));
    }
  return plan;
}

template <typename S>
Conv2d<S>::Conv2d(const ConvShape& shape, bool relu) : shape_(shape), relu_(relu) {
  const ConvShape& c = shape_;
  const int oh = c.out_height(), ow = c.out_width();
  if (c.transposed) {
    forward_plan_ = transposed_plan(c.in_height, c.in_width, oh, ow, c.kernel, c.stride, c.padding);
    backward_plan_ = correlation_plan(oh, ow, c.in_height, c.in_width, c.kernel, c.stride, c.padding);
  } else {
    forward_plan_ = correlation_plan(c.in_height, c.in_width, oh, ow, c.kernel, c.stride, c.padding);
    backward_plan_ = transposed_plan(oh, ow, c.in_height, c.in_width, c.kernel, c.stride, c.padding);
  }
  // Group the forward plan's entries by tap (a counting sort), keeping pixel order within a tap.
  const int taps = c.kernel * c.kernel;
  pair_first_.assign(static_cast<size_t>(taps) + 1, 0);
  for (int t : forward_plan_.tap) ++pair_first_[static_cast<size_t>(t) + 1];
  for (int t = 0; t < taps; ++t) pair_first_[t + 1] += pair_first_[t];
  pair_source_.resize(forward_plan_.tap.size());
  pair_dest_.resize(forward_plan_.tap.size());
  std::vector<int> next(pair_first_.begin(), pair_first_.end() - 1);
  for (int P = 0; P < forward_plan_.pixels(); ++P)
    for (int e = forward_plan_.first[P]; e < forward_plan_.first[P + 1]; ++e) {
      const int at = next[forward_plan_.tap[e]]++;
      pair_source_[at] = forward_plan_.source[e];
      pair_dest_[at] = P;
    }
  // The products' rows are the copied side's channels (16 fill a vector), their columns the other
  // side's; with fewer than 8 columns a product's few accumulators wait on each other, and
  // vectors along the batch (reduced once at the end) do better (bench_conv: 1.8 against 5.5 ms
  // for the decoder's last layer, 32 -> 1 channels).
  const long in_size = static_cast<long>(c.in_features()), out_size = static_cast<long>(c.out_features());
  const bool float_kernels =
#if defined(LEX_HAVE_DENSE_KERNELS)
      std::is_same_v<S, float>;
#else
      false;
#endif
  if (float_kernels && c.in_channels >= 8 && c.out_channels >= 8) {
    if (c.in_channels >= 16 && (in_size <= out_size || c.out_channels < 16))
      weight_gradient_ = WeightGradient::kInputChannelsInnermost;
    else if (c.out_channels >= 16)
      weight_gradient_ = WeightGradient::kOutputChannelsInnermost;
  }
}

template <typename S>
size_t Conv2d<S>::size() const {
  const size_t taps = static_cast<size_t>(shape_.kernel) * shape_.kernel;
  return static_cast<size_t>(shape_.in_channels) * shape_.out_channels * taps + shape_.out_channels;
}

template <typename S>
size_t Conv2d<S>::weight_index(int c, int o, int t) const {
  const size_t taps = static_cast<size_t>(shape_.kernel) * shape_.kernel;
  return shape_.transposed ? (static_cast<size_t>(c) * shape_.out_channels + o) * taps + t
                           : (static_cast<size_t>(o) * shape_.in_channels + c) * taps + t;
}

template <typename S>
void Conv2d<S>::init(Rng& rng) {
  const int fan_in = (shape_.transposed ? shape_.out_channels : shape_.in_channels) * shape_.kernel * shape_.kernel;
  const double bound = 1.0 / std::sqrt(static_cast<double>(fan_in));
  for (size_t i = 0; i < size(); ++i) p_[i] = static_cast<S>(rng.uniform(-bound, bound));
}

template <typename S>
void Conv2d<S>::pack_weights(bool in_to_out, std::vector<S>& packed) const {
  const int taps = shape_.kernel * shape_.kernel, cin = shape_.in_channels, cout = shape_.out_channels;
  packed.resize(static_cast<size_t>(taps) * cin * cout);
  for (int t = 0; t < taps; ++t)
    for (int c = 0; c < cin; ++c)
      for (int o = 0; o < cout; ++o) {
        const size_t at = in_to_out ? (static_cast<size_t>(t) * cin + c) * cout + o : (static_cast<size_t>(t) * cout + o) * cin + c;
        packed[at] = p_[weight_index(c, o, t)];
      }
}

// y[o, P, b] = b[o] + sum over P's taps (t, q) and input channels c of x[c, q, b] W_t[c][o],
// chunk by chunk.
template <typename S>
void Conv2d<S>::forward(const Mat<S>& x, Mat<S>& y) {
  const ConvShape& c = shape_;
  const PlanesShape in = in_planes(), out = out_planes();
  const int h = static_cast<int>(x.rows());
  assert(x.cols() % in.columns_per_chunk() == 0);
  const long chunks = x.cols() / in.columns_per_chunk();
  y.resize(h, out.columns_per_chunk() * chunks);
  pack_weights(true, packed_);
  const S* bias = p_ + size() - c.out_channels;
  for (long k = 0; k < chunks; ++k)
    gather_product<S>(forward_plan_.first.data(), forward_plan_.tap.data(), forward_plan_.source.data(),
                      forward_plan_.pixels(), h, c.in_channels, c.out_channels, x.data() + k * in.chunk_size(h),
                      in.channel_stride(h), packed_.data(), y.data() + k * out.chunk_size(h), out.channel_stride(h), bias,
                      relu_, nullptr);
  zero_spare_columns(y, out);
}

// db[o] += sum_{P,b} dy[o, P, b] ;  dW_t[c][o] += sum over tap t's pairs (q, P), sum_b x[c, q, b] dy[o, P, b] ;
// dx[c, q, b] = sum over q's taps (t, P) in the output grid and channels o of dy[o, P, b] W_t[c][o]
template <typename S>
void Conv2d<S>::backward(const Mat<S>& x, const Mat<S>& dy, Mat<S>* dx) {
  const ConvShape& c = shape_;
  const PlanesShape in = in_planes(), out = out_planes();
  const int h = static_cast<int>(x.rows());
  const long chunks = x.cols() / in.columns_per_chunk();
  S* bias_grad = g_ + size() - c.out_channels;
  for (long k = 0; k < chunks; ++k)
    for (int o = 0; o < c.out_channels; ++o)
      bias_grad[o] += ConstVecMap<S>(dy.data() + k * out.chunk_size(h) + o * out.channel_stride(h),
                                     static_cast<long>(out.pixels) * h).sum();

  tap_grads_.assign(static_cast<size_t>(c.kernel) * c.kernel * c.in_channels * c.out_channels, S(0));
  for (long k = 0; k < chunks; ++k) add_weight_gradient(h, x.data() + k * in.chunk_size(h), dy.data() + k * out.chunk_size(h));
  scatter_weight_gradient();

  if (!dx) return;
  dx->resize(h, in.columns_per_chunk() * chunks);
  pack_weights(false, packed_);
  for (long k = 0; k < chunks; ++k)
    gather_product<S>(backward_plan_.first.data(), backward_plan_.tap.data(), backward_plan_.source.data(),
                      backward_plan_.pixels(), h, c.out_channels, c.in_channels, dy.data() + k * out.chunk_size(h),
                      out.channel_stride(h), packed_.data(), dx->data() + k * in.chunk_size(h), in.channel_stride(h),
                      nullptr, false, this->input_after_relu_ ? x.data() + k * in.chunk_size(h) : nullptr);
  zero_spare_columns(*dx, in);
}

// tap_grads_[t] += the chunk's dW_t[c][o] = sum over tap t's pairs (q, P), sum_b x[c, q, b] dy[o, P, b],
// c-major (or o-major for the products on x's copy: weight_gradient_).
template <typename S>
void Conv2d<S>::add_weight_gradient(int h, const S* x, const S* dy) {
  const ConvShape& c = shape_;
  const PlanesShape in = in_planes(), out = out_planes();
  const int taps = c.kernel * c.kernel, cin = c.in_channels, cout = c.out_channels;
  const long in_cs = in.channel_stride(h), out_cs = out.channel_stride(h);
  const size_t per_tap = static_cast<size_t>(cin) * cout;
#if defined(LEX_HAVE_DENSE_KERNELS)
  if constexpr (std::is_same_v<S, float>) {
    if (weight_gradient_ != WeightGradient::kAlongBatch) {  // only ever set for float with the kernels
      const bool on_input = weight_gradient_ == WeightGradient::kInputChannelsInnermost;
      const int channels = on_input ? cin : cout;
      const long plane = static_cast<long>(on_input ? in.pixels : out.pixels) * h;
      channels_innermost_.resize(static_cast<size_t>(plane) * channels);
      transpose(static_cast<int>(plane), channels, on_input ? x : dy, on_input ? in_cs : out_cs, channels_innermost_.data(),
                channels);
      for (int t = 0; t < taps; ++t) {
        const int begin = pair_first_[t], count = pair_first_[t + 1] - begin;
        const int* src = pair_source_.data() + begin;
        const int* dst = pair_dest_.data() + begin;
        S* grads = tap_grads_.data() + t * per_tap;
        if (on_input) pair_products(h, cin, cout, channels_innermost_.data(), dy, out_cs, src, dst, count, grads);
        else pair_products(h, cout, cin, channels_innermost_.data(), x, in_cs, dst, src, count, grads);
      }
      return;
    }
  }
#endif
  for (int t = 0; t < taps; ++t) {
    const int begin = pair_first_[t], count = pair_first_[t + 1] - begin;
    tap_weight_gradient<S>(h, cin, cout, x, in_cs, dy, out_cs, pair_source_.data() + begin, pair_dest_.data() + begin, count,
                           tap_grads_.data() + t * per_tap);
  }
}

// g += tap_grads_, from its per-tap layout into PyTorch's.
template <typename S>
void Conv2d<S>::scatter_weight_gradient() {
  const ConvShape& c = shape_;
  const int taps = c.kernel * c.kernel, cin = c.in_channels, cout = c.out_channels;
  const size_t per_tap = static_cast<size_t>(cin) * cout;
  const bool o_major = weight_gradient_ == WeightGradient::kInputChannelsInnermost;
  for (int t = 0; t < taps; ++t)
    for (int ci = 0; ci < cin; ++ci)
      for (int o = 0; o < cout; ++o) {
        const size_t at = t * per_tap + (o_major ? static_cast<size_t>(o) * cin + ci : static_cast<size_t>(ci) * cout + o);
        g_[weight_index(ci, o, t)] += tap_grads_[at];
      }
}

template class Conv2d<float>;
template class Conv2d<double>;

}  // namespace lex
