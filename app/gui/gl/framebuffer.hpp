// An offscreen colour target: the scatter renders into it, ImGui shows its texture with Image().
// Re-created only when the panel's pixel size changes.
#pragma once
#include "gl/gl.hpp"

namespace lex::gui {

class Framebuffer {
 public:
  Framebuffer() = default;
  ~Framebuffer();
  Framebuffer(const Framebuffer&) = delete;
  Framebuffer& operator=(const Framebuffer&) = delete;

  // Returns true if the target was (re)created, i.e. its contents are undefined.
  bool ensure_size(int width, int height);
  void bind() const;  // and sets the viewport to the whole target
  static void unbind();

  GLuint texture() const { return texture_; }
  int width() const { return width_; }
  int height() const { return height_; }

 private:
  void release();
  GLuint fbo_ = 0, texture_ = 0;
  int width_ = 0, height_ = 0;
};

}  // namespace lex::gui
