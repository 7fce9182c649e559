// Draws the test set's 2-D latent positions as round, class-coloured points (shaders/scatter.*)
// into an offscreen framebuffer. Positions go to the GPU only when upload() is called, i.e. when
// the snapshot or the projection changed; render() only sets uniforms and draws. A background
// texture of a part of the plane (the holes map, shaders/plane_map.*) may go under the points.
#pragma once
#include <array>
#include <cstdint>
#include <vector>

#include "common/latent_plane.hpp"
#include "gl/framebuffer.hpp"
#include "gl/shader_program.hpp"

namespace lex::gui {

// A texture that covers `covers` of the plane, drawn under the points; texture 0: none.
struct PlaneUnderlay {
  GLuint texture = 0;
  app::PlaneWindow covers;
};

class ScatterRenderer {
 public:
  ScatterRenderer();
  ~ScatterRenderer();
  ScatterRenderer(const ScatterRenderer&) = delete;
  ScatterRenderer& operator=(const ScatterRenderer&) = delete;

  // xy: (x0, y0, x1, y1, ...) plane coordinates; labels: class per point (colours repeat every
  // ten classes; classes from 32 on are always shown).
  void upload(const std::vector<float>& xy, const std::vector<uint8_t>& labels);
  // Renders into the framebuffer (resized to width x height) with the given palette (RGB 0-1).
  void render(int width, int height, const app::PlaneWindow& view, float point_size, uint32_t visible_mask,
              const std::array<std::array<float, 3>, 10>& palette, const std::array<float, 3>& background,
              const PlaneUnderlay& underlay = {});
  GLuint texture() const { return target_.texture(); }

 private:
  ShaderProgram program_;
  ShaderProgram map_program_;
  GLint u_map_center_ = -1, u_map_half_ = -1, u_map_rect_ = -1, u_map_texture_ = -1;
  Framebuffer target_;
  GLuint vao_ = 0, position_vbo_ = 0, label_vbo_ = 0;
  GLsizei count_ = 0;
  std::vector<float> label_floats_;  // reused staging buffer
  GLint u_center_ = -1, u_half_ = -1, u_point_size_ = -1, u_mask_ = -1, u_colors_ = -1;
};

}  // namespace lex::gui
