#version 330 core
// One latent mean per vertex, drawn as a round point sprite. The view maps the visible latent
// window [center - half_extent, center + half_extent] onto clip space [-1, 1].
layout(location = 0) in vec2 latent_xy;
layout(location = 1) in float label;

uniform vec2 view_center;
uniform vec2 view_half_extent;
uniform float point_size;   // pixels
uniform int visible_mask;   // bit c set: class c is shown (classes from 32 on always are)
uniform vec3 class_color[10];  // repeated every ten classes

out vec3 point_color;

void main() {
  int c = int(label + 0.5);
  if (c < 32 && (visible_mask & (1 << c)) == 0) {
    gl_Position = vec4(2.0, 2.0, 2.0, 1.0);  // outside the clip volume: dropped
    return;
  }
  gl_Position = vec4((latent_xy - view_center) / view_half_extent, 0.0, 1.0);
  gl_PointSize = point_size;
  point_color = class_color[c % 10];
}
