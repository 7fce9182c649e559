#include "panels/latent_toolbar.hpp"

#include <algorithm>
#include <cstdio>
#include <string>

#include "panels/log_px_bounds_panel.hpp"
#include "panels/rate_distortion_panel.hpp"
#include "widgets/colors.hpp"
#include "widgets/explanations.hpp"
#include "widgets/holes_map.hpp"
#include "widgets/widgets.hpp"

namespace lex::gui {

void draw_class_picker(const Snapshot& snap, int& decode_class, float width) {
  const auto& names = snap.data->class_names;
  decode_class = std::clamp(decode_class, 0, std::max(0, static_cast<int>(names.size()) - 1));
  ImGui::SetNextItemWidth(width);
  ImGui::PushStyleColor(ImGuiCol_Text, class_color(decode_class));
  const bool open = ImGui::BeginCombo("##decode_class", names[static_cast<size_t>(decode_class)].c_str());
  ImGui::PopStyleColor();
  if (open) {
    for (int c = 0; c < static_cast<int>(names.size()); ++c) {
      ImGui::PushStyleColor(ImGuiCol_Text, class_color(c));
      if (ImGui::Selectable(names[static_cast<size_t>(c)].c_str(), c == decode_class)) decode_class = c;
      ImGui::PopStyleColor();
    }
    ImGui::EndCombo();
  }
  tooltip("The class the decoder is told: the grid, the preview and the strips draw every latent point as this\n"
          "class. The code carries the style; the label carries which class.");
}

void draw_latent_toolbar(const Snapshot& snap, LatentState& s, int max_grid, bool& show_rate_distortion,
                         bool& show_log_px_bounds) {
  const int Z = static_cast<int>(snap.test_mu.rows());
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("Plane");
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("Which 2-D slice of the %d-D latent space to show. Dimensions not shown are 0 when decoding;\n"
                      "PCA shows the plane of the test means' top two principal axes, through their mean.", Z);
  ImGui::SameLine();
  const app::PlaneChoice& shown = s.plane.choice();
  char preview[32] = "PCA";
  if (!shown.pca) std::snprintf(preview, sizeof preview, "z%d / z%d", shown.dim_x, shown.dim_y);
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 7);
  if (Z > 1 && ImGui::BeginCombo("##plane", preview)) {
    if (Z > 2 && ImGui::Selectable("PCA", shown.pca)) s.plane_choice.pca = true;
    if (ImGui::Selectable("dimensions", !shown.pca)) s.plane_choice.pca = false;
    ImGui::EndCombo();
  }
  if (Z == 1) ImGui::TextDisabled("z0 (1-D latent)");
  if (!shown.pca && Z > 2) {
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 5);
    ImGui::SliderInt("x dim", &s.plane_choice.dim_x, 0, Z - 1);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 5);
    ImGui::SliderInt("y dim", &s.plane_choice.dim_y, 0, Z - 1);
  }
  ImGui::SameLine();
  if (ImGui::Button("Fit")) {
    s.window = app::fit_window(s.xy);
    s.follow_data = true;
    s.follow_zoom = 1.0f;
  }
  tooltip("Fit the window to the points and follow them as training moves them.");
  ImGui::SameLine();
  ImGui::Checkbox("follow", &s.follow_data);
  tooltip("Re-fit the window to every new snapshot. Panning (right or middle drag) or zooming (wheel) turns it off.");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 4);
  ImGui::SliderFloat("points", &s.point_size, 1.0f, 8.0f, "%.0f px");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 5);
  ImGui::SliderInt("grid N", &s.grid_n, 5, max_grid);
  tooltip("The grid decodes N x N evenly spaced points of the scatter's window.");
  ImGui::SameLine();
  ImGui::Checkbox("quantiles", &s.gaussian_quantiles);
  tooltip("Place the grid at z = Phi^-1((i + 0.5) / N) of the N(0, 1) prior, as in the Keras VAE example,\n"
          "instead of over the scatter's window: each cell then covers equal prior mass.");
  ImGui::SameLine();
  ImGui::Checkbox("holes", &s.show_holes);
  tooltip(HolesMap::kExplanation);
  ImGui::SameLine();
  ImGui::Checkbox("dims", &s.show_dimensions);
  tooltip("Show every latent dimension in place of the grid: its KL (sorted bars), whether it is active\n"
          "(Var_x E_q[z_d] > 0.01) and a strip decoding the mean code with that dimension moved from -3 to +3.\n"
          "A dimension the objective switched off has a KL near 0 and a strip that does not change.");
  ImGui::SameLine();
  ImGui::Checkbox("rate-distortion", &show_rate_distortion);
  tooltip(kRateDistortionExplanation);
  ImGui::SameLine();
  ImGui::Checkbox("log p(x) bounds", &show_log_px_bounds);
  tooltip(LogPxBoundsPanel::kExplanation);
  if (snap.config.arch.conditional) {
    ImGui::SameLine();
    ImGui::TextUnformatted("as class");
    ImGui::SameLine();
    draw_class_picker(snap, s.decode_class, ImGui::GetFontSize() * 7);
  }

  // Class legend: toggles, coloured as the points; right-click shows one class alone.
  const auto& names = snap.data->class_names;
  const float right = ImGui::GetWindowContentRegionMax().x;
  for (int c = 0; c < static_cast<int>(names.size()) && c < 32; ++c) {
    bool on = s.class_visible(c);
    ImGui::PushID(c);
    ImGui::PushStyleColor(ImGuiCol_CheckMark, class_color(c));
    ImGui::PushStyleColor(ImGuiCol_Text, class_color(c));
    if (ImGui::Checkbox(names[static_cast<size_t>(c)].c_str(), &on)) s.visible_classes ^= 1u << c;
    ImGui::PopStyleColor(2);
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("Show or hide class '%s'; right-click to show it alone.", names[static_cast<size_t>(c)].c_str());
    if (ImGui::IsItemClicked(ImGuiMouseButton_Right)) s.visible_classes = 1u << c;
    ImGui::PopID();
    // Wrap the legend rather than run off the window.
    const float next = ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x +
                       ImGui::CalcTextSize(c + 1 < static_cast<int>(names.size()) ? names[static_cast<size_t>(c + 1)].c_str() : "all").x +
                       ImGui::GetFrameHeight() * 2;
    if (next < ImGui::GetWindowPos().x + right) ImGui::SameLine();
  }
  if (ImGui::SmallButton("all")) s.visible_classes = ~0u;
}

}  // namespace lex::gui
