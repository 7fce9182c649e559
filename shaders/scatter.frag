#version 330 core
// Round points: discard the corners of the square sprite. Opaque, so every drawn pixel is exactly
// a palette colour (the GUI test counts them).
in vec3 point_color;
out vec4 frag_color;

void main() {
  vec2 d = gl_PointCoord * 2.0 - 1.0;
  if (dot(d, d) > 1.0) discard;
  frag_color = vec4(point_color, 1.0);
}
