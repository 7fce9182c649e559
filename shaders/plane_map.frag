#version 330 core
// The holes map's colour, opaque: the points are drawn over it.
uniform sampler2D map;
in vec2 uv;
out vec4 frag_color;

void main() { frag_color = vec4(texture(map, uv).rgb, 1.0); }
