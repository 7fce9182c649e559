# Build-time step (cmake -P): writes every GLSL file named in SHADER_FILES (a |-separated list of
# paths) into OUTPUT as raw string literals, so the binary runs from any directory and a shader
# edit only needs a rebuild. Invoked by app/CMakeLists.txt.
#   cmake -DSHADER_FILES="a.vert|a.frag" -DOUTPUT=embedded_shaders.cpp -P embed_shaders.cmake
string(REPLACE "|" ";" files "${SHADER_FILES}")
set(body "")
foreach(path IN LISTS files)
  get_filename_component(name "${path}" NAME)
  file(READ "${path}" text)
  if(text MATCHES "\\)lex_shader\"")
    message(FATAL_ERROR "${path}: contains the raw-string delimiter )lex_shader\"")
  endif()
  string(APPEND body "    {\"${name}\", R\"lex_shader(${text})lex_shader\"},\n")
endforeach()
set(content "// Generated at build time by app/gui/embed_shaders.cmake from shaders/. Do not edit.
#include \"gl/embedded_shaders.hpp\"

namespace lex::gui {
namespace {
struct EmbeddedShader {
  const char* name;
  const char* text;
};
const EmbeddedShader kShaders[] = {
${body}};
}  // namespace

std::string_view embedded_shader(std::string_view file_name) {
  for (const EmbeddedShader& s : kShaders)
    if (file_name == s.name) return s.text;
  return {};
}
}  // namespace lex::gui
")
# Only touch the file when it changes, so an unrelated reconfigure does not recompile it.
if(EXISTS "${OUTPUT}")
  file(READ "${OUTPUT}" old)
  if(old STREQUAL content)
    return()
  endif()
endif()
file(WRITE "${OUTPUT}" "${content}")
