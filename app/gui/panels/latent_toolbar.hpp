// The row of settings above the single view's scatter and grid: the plane (two dimensions or
// PCA), fit and follow, point size, grid size and placement, the class picker of a conditional
// model, and the class legend (toggles coloured as the points). Beside the holes and dims boxes,
// the toggles of the view's plots of the model as a whole: the rate-distortion plane and the bounds
// on log p(x).
#pragma once
#include "panels/latent_state.hpp"

namespace lex::gui {

void draw_latent_toolbar(const Snapshot& snap, LatentState& state, int max_grid, bool& show_rate_distortion,
                         bool& show_log_px_bounds);

// A combo choosing the class a conditional model decodes under (the class names of the data).
void draw_class_picker(const Snapshot& snap, int& decode_class, float width);

}  // namespace lex::gui
