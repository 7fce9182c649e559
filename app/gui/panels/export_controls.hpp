// The Export section of a view's controls: the folder files go to, recording the scatter and
// grid as they train (and saving that as a GIF), the strips as a GIF, and how to save any panel
// as a PNG (right-click it). The work is gui/exports.hpp's.
#pragma once
#include "exports.hpp"

namespace lex::gui {
void draw_export_controls(Exports& exports, bool has_strips);
}  // namespace lex::gui
