// A linked GLSL program built from two embedded shader files. Compile and link failures print the
// driver's log with the shader's file name to stderr; the program is then 0 (draws nothing).
#pragma once
#include <string>

#include "gl/gl.hpp"

namespace lex::gui {

class ShaderProgram {
 public:
  ShaderProgram() = default;
  ShaderProgram(const std::string& vertex_file, const std::string& fragment_file);
  ~ShaderProgram();
  ShaderProgram(const ShaderProgram&) = delete;
  ShaderProgram& operator=(const ShaderProgram&) = delete;

  bool ok() const { return program_ != 0; }
  GLuint id() const { return program_; }
  GLint uniform(const char* name) const { return glGetUniformLocation(program_, name); }

 private:
  GLuint program_ = 0;
};

}  // namespace lex::gui
