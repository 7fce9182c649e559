// Pictures of a latent space without a window, for `compare --save-dir`: the test set's latent
// means as a class-coloured scatter beside a grid of images decoded over the same window.
#pragma once
#include <string>
#include <vector>

#include "eval/metrics.hpp"
#include "model/frozen_model.hpp"

namespace lex::cli {

// Writes PATH (PNG): the scatter (left) and a grid x grid decoded grid (right), same window.
// A latent size above 2 is shown in its first two principal axes. A conditional model decodes
// row r of the grid under class r % classes. Throws InputError if the file cannot be written.
void write_latent_png(const std::string& path, FrozenModel& model, const EncodedSet& enc,
                      const std::vector<uint8_t>& labels, int grid = 20);

}  // namespace lex::cli
