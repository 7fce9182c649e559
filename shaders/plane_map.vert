#version 330 core
// A textured rectangle of the latent plane (the holes map), drawn behind the scatter's points:
// four corners from gl_VertexID as a triangle strip, no vertex buffer. The view maps as in
// scatter.vert.
uniform vec2 view_center;
uniform vec2 view_half_extent;
uniform vec4 plane_rect;  // x0, y0, x1, y1: the part of the plane the texture covers

out vec2 uv;

void main() {
  vec2 corner = vec2(float(gl_VertexID & 1), float(gl_VertexID >> 1));
  vec2 p = mix(plane_rect.xy, plane_rect.zw, corner);
  gl_Position = vec4((p - view_center) / view_half_extent, 0.0, 1.0);
  uv = vec2(corner.x, 1.0 - corner.y);  // the texture's first row is the top of the plane
}
