// The one place GL is included: glad's generated loader (build/glad), before GLFW so GLFW does not
// pull in the system's GL header.
#pragma once
#include <glad/gl.h>
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
