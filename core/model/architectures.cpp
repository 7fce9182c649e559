#include "model/architectures.hpp"

#include <memory>

#include "model/conv.hpp"
#include "model/linear.hpp"
#include "model/planes.hpp"

namespace lex {
namespace {

template <typename S>
Networks<S> mlp(const ArchSpec& spec) {
  const int D = spec.input.pixels(), C = spec.condition_size(), Z = spec.latent;
  const std::vector<int>& h = spec.hidden;
  Networks<S> n;
  n.encoder.add(std::make_unique<InputLinear<S>>(D + C, h.front(), true));
  for (size_t i = 1; i < h.size(); ++i) n.encoder.add(std::make_unique<Linear<S>>(h[i - 1], h[i], true));
  n.encoder.add(std::make_unique<Linear<S>>(h.back(), 2 * Z));
  n.decoder.add(std::make_unique<Linear<S>>(Z + C, h.back(), true));
  for (size_t i = h.size() - 1; i > 0; --i) n.decoder.add(std::make_unique<Linear<S>>(h[i], h[i - 1], true));
  n.decoder.add(std::make_unique<Linear<S>>(h.front(), D));
  n.encoder.set_condition_at(0);
  n.decoder.set_condition_at(0);
  return n;
}

template <typename S>
Networks<S> conv(const ArchSpec& spec) {
  const ImageShape& in = spec.input;
  const int C = spec.condition_size(), Z = spec.latent;
  Networks<S> n;
  // Encoder: two valid 3x3 convolutions of stride 2.
  const ConvShape conv1{.in_channels = in.channels, .out_channels = 32, .in_height = in.height, .in_width = in.width,
                        .kernel = 3, .stride = 2};
  const ConvShape conv2{.in_channels = 32, .out_channels = 64, .in_height = conv1.out_height(),
                        .in_width = conv1.out_width(), .kernel = 3, .stride = 2};
  auto encoder_batch = std::make_shared<PlanesBatch>();
  n.encoder.add(std::make_unique<ToPlanes<S>>(PlanesShape{in.channels, in.height * in.width}, encoder_batch));
  n.encoder.add(std::make_unique<Conv2d<S>>(conv1, true));
  n.encoder.add(std::make_unique<Conv2d<S>>(conv2, true));
  // Flatten: feature index c*h*w + i*w + j, PyTorch's order.
  n.encoder.add(std::make_unique<FromPlanes<S>>(PlanesShape{64, conv2.out_height() * conv2.out_width()}, encoder_batch));
  n.encoder.add(std::make_unique<Linear<S>>(conv2.out_features() + C, 2 * Z));
  n.encoder.set_condition_at(4);
  // Decoder: from H/4 x W/4 up by two transposed convolutions of stride 2, then one of stride 1.
  const int h4 = in.height / 4, w4 = in.width / 4;
  const ConvShape up1{.in_channels = 32, .out_channels = 64, .in_height = h4, .in_width = w4, .kernel = 3, .stride = 2,
                      .padding = 1, .output_padding = 1, .transposed = true};
  const ConvShape up2{.in_channels = 64, .out_channels = 32, .in_height = up1.out_height(), .in_width = up1.out_width(),
                      .kernel = 3, .stride = 2, .padding = 1, .output_padding = 1, .transposed = true};
  const ConvShape out{.in_channels = 32, .out_channels = in.channels, .in_height = up2.out_height(),
                      .in_width = up2.out_width(), .kernel = 3, .stride = 1, .padding = 1, .transposed = true};
  auto decoder_batch = std::make_shared<PlanesBatch>();
  n.decoder.add(std::make_unique<Linear<S>>(Z + C, up1.in_features(), true));
  n.decoder.add(std::make_unique<ToPlanes<S>>(PlanesShape{32, h4 * w4}, decoder_batch));  // as 32 x h4 x w4, PyTorch's view
  n.decoder.add(std::make_unique<Conv2d<S>>(up1, true));
  n.decoder.add(std::make_unique<Conv2d<S>>(up2, true));
  n.decoder.add(std::make_unique<Conv2d<S>>(out, false));
  n.decoder.add(std::make_unique<FromPlanes<S>>(PlanesShape{in.channels, in.height * in.width}, decoder_batch));  // logits, (D, B)
  n.decoder.set_condition_at(0);
  return n;
}

}  // namespace

template <typename S>
Networks<S> build_networks(const ArchSpec& spec) {
  return spec.kind == ArchKind::kConv ? conv<S>(spec) : mlp<S>(spec);
}

template Networks<float> build_networks(const ArchSpec&);
template Networks<double> build_networks(const ArchSpec&);

}  // namespace lex
