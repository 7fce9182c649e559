// Placeholder until the front end lands (being written now).
#include <cstdio>

#include "gui/gui.hpp"

namespace lex::gui {
int run_gui(GuiOptions&) {
  std::fprintf(stderr, "latent-explorer: the GUI is not built yet; use `train` or `eval`\n");
  return 2;
}
}  // namespace lex::gui
