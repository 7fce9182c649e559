#include "gl/scatter_renderer.hpp"

#include <algorithm>

namespace lex::gui {

ScatterRenderer::ScatterRenderer()
    : program_("scatter.vert", "scatter.frag"), map_program_("plane_map.vert", "plane_map.frag") {
  u_map_center_ = map_program_.uniform("view_center");
  u_map_half_ = map_program_.uniform("view_half_extent");
  u_map_rect_ = map_program_.uniform("plane_rect");
  u_map_texture_ = map_program_.uniform("map");
  u_center_ = program_.uniform("view_center");
  u_half_ = program_.uniform("view_half_extent");
  u_point_size_ = program_.uniform("point_size");
  u_mask_ = program_.uniform("visible_mask");
  u_colors_ = program_.uniform("class_color");
  glGenVertexArrays(1, &vao_);
  glGenBuffers(1, &position_vbo_);
  glGenBuffers(1, &label_vbo_);
  glBindVertexArray(vao_);
  glBindBuffer(GL_ARRAY_BUFFER, position_vbo_);
  glEnableVertexAttribArray(0);
  glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, 0, nullptr);
  glBindBuffer(GL_ARRAY_BUFFER, label_vbo_);
  glEnableVertexAttribArray(1);
  glVertexAttribPointer(1, 1, GL_FLOAT, GL_FALSE, 0, nullptr);
  glBindVertexArray(0);
  glBindBuffer(GL_ARRAY_BUFFER, 0);
}

ScatterRenderer::~ScatterRenderer() {
  glDeleteBuffers(1, &position_vbo_);
  glDeleteBuffers(1, &label_vbo_);
  glDeleteVertexArrays(1, &vao_);
}

void ScatterRenderer::upload(const std::vector<float>& xy, const std::vector<uint8_t>& labels) {
  count_ = static_cast<GLsizei>(std::min(xy.size() / 2, labels.size()));
  label_floats_.assign(labels.begin(), labels.begin() + count_);
  glBindBuffer(GL_ARRAY_BUFFER, position_vbo_);
  glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(count_ * 2 * sizeof(float)), xy.data(), GL_DYNAMIC_DRAW);
  glBindBuffer(GL_ARRAY_BUFFER, label_vbo_);
  glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(count_ * sizeof(float)), label_floats_.data(), GL_DYNAMIC_DRAW);
  glBindBuffer(GL_ARRAY_BUFFER, 0);
}

void ScatterRenderer::render(int width, int height, const app::PlaneWindow& view, float point_size, uint32_t visible_mask,
                             const std::array<std::array<float, 3>, 10>& palette,
                             const std::array<float, 3>& background, const PlaneUnderlay& underlay) {
  target_.ensure_size(width, height);
  target_.bind();
  glDisable(GL_SCISSOR_TEST);  // ImGui's renderer leaves it on
  glDisable(GL_BLEND);
  glDisable(GL_DEPTH_TEST);
  glClearColor(background[0], background[1], background[2], 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  if (map_program_.ok() && underlay.texture != 0) {
    const app::PlaneWindow& c = underlay.covers;
    glUseProgram(map_program_.id());
    glUniform2f(u_map_center_, view.center_x, view.center_y);
    glUniform2f(u_map_half_, view.half_x, view.half_y);
    glUniform4f(u_map_rect_, c.center_x - c.half_x, c.center_y - c.half_y, c.center_x + c.half_x, c.center_y + c.half_y);
    glUniform1i(u_map_texture_, 0);
    glActiveTexture(GL_TEXTURE0);
    glBindTexture(GL_TEXTURE_2D, underlay.texture);
    glBindVertexArray(vao_);  // core profile draws need a vertex array, even one the shader does not read
    glDrawArrays(GL_TRIANGLE_STRIP, 0, 4);
    glBindVertexArray(0);
    glBindTexture(GL_TEXTURE_2D, 0);
    glUseProgram(0);
  }
  if (program_.ok() && count_ > 0) {
    glEnable(GL_PROGRAM_POINT_SIZE);
    glUseProgram(program_.id());
    glUniform2f(u_center_, view.center_x, view.center_y);
    glUniform2f(u_half_, view.half_x, view.half_y);
    glUniform1f(u_point_size_, point_size);
    glUniform1i(u_mask_, static_cast<GLint>(visible_mask));
    glUniform3fv(u_colors_, 10, palette[0].data());
    glBindVertexArray(vao_);
    glDrawArrays(GL_POINTS, 0, count_);
    glBindVertexArray(0);
    glUseProgram(0);
    glDisable(GL_PROGRAM_POINT_SIZE);
  }
  Framebuffer::unbind();
}

}  // namespace lex::gui
