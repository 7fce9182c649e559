#include "gl/shader_program.hpp"

#include <cstdio>
#include <vector>

#include "gl/embedded_shaders.hpp"

namespace lex::gui {
namespace {

std::string info_log(GLuint object, bool is_program) {
  GLint length = 0;
  if (is_program) glGetProgramiv(object, GL_INFO_LOG_LENGTH, &length);
  else glGetShaderiv(object, GL_INFO_LOG_LENGTH, &length);
  std::vector<char> log(static_cast<size_t>(length > 1 ? length : 1), '\0');
  if (is_program) glGetProgramInfoLog(object, length, nullptr, log.data());
  else glGetShaderInfoLog(object, length, nullptr, log.data());
  return log.data();
}

// Returns 0 on failure, after printing why with the file's name.
GLuint compile(GLenum stage, const std::string& file_name) {
  const std::string_view text = embedded_shader(file_name);
  if (text.empty()) {
    std::fprintf(stderr, "latent-explorer: shaders/%s: not embedded in this build\n", file_name.c_str());
    return 0;
  }
  const GLuint shader = glCreateShader(stage);
  const char* source = text.data();
  const GLint length = static_cast<GLint>(text.size());
  glShaderSource(shader, 1, &source, &length);
  glCompileShader(shader);
  GLint compiled = GL_FALSE;
  glGetShaderiv(shader, GL_COMPILE_STATUS, &compiled);
  if (!compiled) {
    std::fprintf(stderr, "latent-explorer: shaders/%s: compile failed:\n%s\n", file_name.c_str(),
                 info_log(shader, false).c_str());
    glDeleteShader(shader);
    return 0;
  }
  return shader;
}

}  // namespace

ShaderProgram::ShaderProgram(const std::string& vertex_file, const std::string& fragment_file) {
  const GLuint vs = compile(GL_VERTEX_SHADER, vertex_file);
  const GLuint fs = compile(GL_FRAGMENT_SHADER, fragment_file);
  if (vs && fs) {
    program_ = glCreateProgram();
    glAttachShader(program_, vs);
    glAttachShader(program_, fs);
    glLinkProgram(program_);
    GLint linked = GL_FALSE;
    glGetProgramiv(program_, GL_LINK_STATUS, &linked);
    if (!linked) {
      std::fprintf(stderr, "latent-explorer: shaders/%s + shaders/%s: link failed:\n%s\n", vertex_file.c_str(),
                   fragment_file.c_str(), info_log(program_, true).c_str());
      glDeleteProgram(program_);
      program_ = 0;
    }
  }
  if (vs) glDeleteShader(vs);
  if (fs) glDeleteShader(fs);
}

ShaderProgram::~ShaderProgram() {
  if (program_) glDeleteProgram(program_);
}

}  // namespace lex::gui
