// The GLSL files of shaders/, compiled into the binary by app/gui/embed_shaders.cmake.
#pragma once
#include <string_view>

namespace lex::gui {
// The text of shaders/<file_name>, or an empty view if no such file was embedded.
std::string_view embedded_shader(std::string_view file_name);
}  // namespace lex::gui
