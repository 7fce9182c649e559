// Resizing grey images, for image folders whose pictures come in any size. Each axis is resized
// on its own (separably): shrinking averages the source pixels each output pixel covers (an area
// average, so thin strokes fade instead of vanishing as with point sampling), growing
// interpolates linearly between the nearest two source pixel centres (bilinear). An axis whose
// size stays is copied. Every output pixel is a weighted mean of source pixels whose weights sum
// to 1, so a constant image stays constant. Nothing
// keeps the aspect ratio: an image of another aspect is stretched to the target.
#pragma once
#include "data/image_file.hpp"

namespace lex {

// Writes `height` x `width` pixels, row-major, to `out`; `src` holds pixels in [0, 1] and so does
// the result (rounding is clamped away).
void resize_grey_into(const GreyImage& src, int height, int width, float* out);
GreyImage resize_grey(const GreyImage& src, int height, int width);

}  // namespace lex
