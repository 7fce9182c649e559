// A decoded image (or a data set image) as grey bytes, for textures and PNGs: pixel values in
// [0, 1], laid out as the model has them (channel-major, then rows), written row by row into a
// byte buffer with its own stride. Images of several channels show their mean.
#pragma once
#include <algorithm>
#include <cstdint>

#include "model/arch.hpp"

namespace lex::app {

inline void write_grey(const float* pixels, const ImageShape& shape, uint8_t* out, int stride) {
  const int plane = shape.height * shape.width;
  for (int r = 0; r < shape.height; ++r)
    for (int c = 0; c < shape.width; ++c) {
      float v = 0;
      for (int ch = 0; ch < shape.channels; ++ch) v += pixels[ch * plane + r * shape.width + c];
      v = std::clamp(v / static_cast<float>(shape.channels), 0.0f, 1.0f);
      out[r * stride + c] = static_cast<uint8_t>(v * 255.0f + 0.5f);
    }
}

}  // namespace lex::app
