#include "window_memory.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

namespace lex::gui {
namespace {

std::filesystem::path settings_file() {
  namespace fs = std::filesystem;
  if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg && *xdg) return fs::path(xdg) / "latent-explorer" / "window.json";
  if (const char* home = std::getenv("HOME"); home && *home) return fs::path(home) / ".config" / "latent-explorer" / "window.json";
  return {};
}

}  // namespace

std::optional<WindowPlacement> recall_window_placement() {
  const auto path = settings_file();
  if (path.empty()) return std::nullopt;
  std::ifstream in(path);
  if (!in) return std::nullopt;
  try {
    const auto j = nlohmann::json::parse(in);
    WindowPlacement p{j.at("x").get<int>(), j.at("y").get<int>(), j.at("width").get<int>(), j.at("height").get<int>()};
    if (p.width < 200 || p.height < 150 || p.width > 16384 || p.height > 16384) return std::nullopt;
    return p;
  } catch (const std::exception&) {
    return std::nullopt;  // a damaged file: fit the monitor instead
  }
}

void remember_window_placement(const WindowPlacement& p) {
  const auto path = settings_file();
  if (path.empty()) return;
  std::error_code ec;
  std::filesystem::create_directories(path.parent_path(), ec);
  std::ofstream(path) << nlohmann::json{{"x", p.x}, {"y", p.y}, {"width", p.width}, {"height", p.height}}.dump() << '\n';
}

}  // namespace lex::gui
