// The window's size and position between sessions, in $XDG_CONFIG_HOME/latent-explorer/window.json
// (~/.config/... without it). A missing or unreadable file is no error: the window then fits
// the monitor.
#pragma once
#include <optional>

namespace lex::gui {

struct WindowPlacement {
  int x = 0, y = 0, width = 0, height = 0;
};

std::optional<WindowPlacement> recall_window_placement();
void remember_window_placement(const WindowPlacement& placement);

}  // namespace lex::gui
