// A user's own image made to look like the data: what the drawing pad and `encode --image` feed
// a model. MNIST's digits were made this way (LeCun et al.): the ink's bounding box scaled to
// fit a 20 x 20 box keeping its aspect ratio, anti-aliased, then placed in the 28 x 28 frame so
// that its centre of mass is the frame's centre. A model trained on MNIST has never seen a digit
// that is off-centre or fills the frame, so without this step a perfectly good drawing lands far
// from every test digit. For other image shapes the box keeps the same proportion (20/28).
#pragma once
#include <vector>

#include "data/image_file.hpp"
#include "model/arch.hpp"

namespace lex {

// The ink of a grey picture, 0 (none) .. 1 (full): bright ink on a dark ground as MNIST, or,
// with `invert`, dark ink on light paper (a photo or a scan). The ground is taken out and the
// contrast stretched (a photo's paper is never black, its ink never white): the median is the
// ground, the brightest pixel full ink.
GreyImage ink_of(const GreyImage& picture, bool invert);

// The ink centred and scaled as the data's digits are, as `shape.pixels()` values in [0, 1] in
// the data's layout. Throws InputError naming `name` if there is no ink (a blank picture), or if
// the shape has more than one channel.
std::vector<float> digit_like_data(const GreyImage& ink, const ImageShape& shape, const std::string& name);

// Resamples to w x h: averages over each output pixel's footprint when shrinking (anti-aliased),
// bilinear when enlarging; each axis on its own.
GreyImage resample(const GreyImage& image, int width, int height);

}  // namespace lex
