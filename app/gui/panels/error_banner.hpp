// A red banner across the top of the window while there is an error (bad data directory, diverged
// run, bad checkpoint, bad command-line option), with a button to dismiss it. The rest of the app
// stays usable underneath.
#pragma once
#include <string>

#include "screen_rects.hpp"

namespace lex::gui {
// Returns true if the user dismissed the banner this frame.
bool draw_error_banner(const std::string& worker_error, const std::string& ui_error, ScreenRect& rect);
}  // namespace lex::gui
