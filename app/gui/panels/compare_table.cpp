#include "panels/compare_table.hpp"

#include <cstdio>
#include <string>

#include "imgui.h"
#include "widgets/colors.hpp"

namespace lex::gui {
namespace {

struct Column {
  const char* name;
  const char* tip;
};

const Column kColumns[] = {
    {"model", "Which objective the model trains (same data, seed, initial weights and batch order)."},
    {"epochs", "Epochs finished; the test losses are from the last one."},
    {"recon (test)", "E_q[-log p(x|z)] on the test set after the last finished epoch, in nats per image: how badly "
                     "the decoder redraws an image from its code."},
    {"KL (test)", "KL(q(z|x) || N(0, I)) on the test set after the last finished epoch, in nats per image: how far "
                  "the codes are from the prior."},
    {"measured at", "The training step of the snapshot the numbers to the right come from: they are recomputed in "
                    "the background, at most every 2 s per model, so they trail the live pictures a little."},
    {"q(z) mean", "Mean per latent dimension of the aggregate posterior q(z) = E_x q(z|x) over the test set; the "
                  "prior's is 0."},
    {"q(z) std", "Standard deviation per latent dimension of q(z), sqrt(E_x sigma^2 + Var_x mu); the prior's is 1."},
    {"kNN acc (k=5)", "Leave-one-out 5-nearest-neighbour accuracy of the class labels among the test set's latent "
                      "means (an even subset of the test set, so that it keeps up with training): how well the "
                      "classes are separated in z."},
    {"smoothness max/mean", "Mean over random test pairs of the largest step between consecutive decoded images "
                            "divided by the mean step; 1 is perfectly even, a jump through a gap gives a large ratio."},
    {"path length", "Mean over random test pairs of the summed pixel distances between consecutive decoded images "
                    "along the straight line between their codes."},
    {"prior mass in holes", "The share of prior samples z ~ N(0, I) where the aggregate posterior q(z) is below a "
                            "tenth of the prior p(z): decodes there are what sampling the prior gives and the data "
                            "never taught. Over the test set's codes (an AE's as kernels of sigma 0.1), in the whole "
                            "latent space up to 2 dimensions, else on the codes' first two principal axes."},
};

// "0.12, -0.40" for up to two dimensions, then an ellipsis and the count.
std::string per_dim(const std::vector<double>& v) {
  char text[96];
  if (v.empty()) return "-";
  if (v.size() == 1) std::snprintf(text, sizeof text, "%.2f", v[0]);
  else if (v.size() == 2) std::snprintf(text, sizeof text, "%.2f, %.2f", v[0], v[1]);
  else std::snprintf(text, sizeof text, "%.2f, %.2f, ... (%zu)", v[0], v[1], v.size());
  return text;
}

}  // namespace

void draw_compare_table(const std::vector<CompareRow>& rows, int knn_points, ScreenRect& rect) {
  constexpr int kCols = static_cast<int>(sizeof kColumns / sizeof kColumns[0]);
  const ImVec2 top = ImGui::GetCursorScreenPos();
  constexpr ImGuiTableFlags kFlags = ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_BordersOuter | ImGuiTableFlags_SizingStretchProp;
  if (!ImGui::BeginTable("compare_numbers", kCols, kFlags)) return;
  for (const Column& c : kColumns) ImGui::TableSetupColumn(c.name);
  // Header row by hand, so each header can carry its tooltip.
  ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
  for (int c = 0; c < kCols; ++c) {
    ImGui::TableSetColumnIndex(c);
    ImGui::TableHeader(kColumns[c].name);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", kColumns[c].tip);
  }
  const char* const kDash = "-";  // not measured yet (the default font has no em dash)
  for (const CompareRow& m : rows) {
    const ModelReport* r = m.report;
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(m.color), "%s", m.name.c_str());
    ImGui::TableNextColumn();
    ImGui::Text("%d", m.epochs);
    ImGui::TableNextColumn();
    m.has_test ? ImGui::Text("%.1f", m.test.recon) : ImGui::TextDisabled("%s", kDash);
    ImGui::TableNextColumn();
    m.has_test ? ImGui::Text("%.2f", m.test.kl) : ImGui::TextDisabled("%s", kDash);
    ImGui::TableNextColumn();
    if (r && m.report_step >= 0) ImGui::Text("step %lld", static_cast<long long>(m.report_step));
    else ImGui::TextDisabled("%s", r ? "?" : "computing");
    ImGui::TableNextColumn();
    r ? ImGui::TextUnformatted(per_dim(r->latent.mean).c_str()) : ImGui::TextDisabled("%s", kDash);
    ImGui::TableNextColumn();
    r ? ImGui::TextUnformatted(per_dim(r->latent.std).c_str()) : ImGui::TextDisabled("%s", kDash);
    ImGui::TableNextColumn();
    r ? ImGui::Text("%.1f %%", 100.0 * r->knn_accuracy) : ImGui::TextDisabled("%s", kDash);
    if (r && ImGui::IsItemHovered()) ImGui::SetTooltip("over %d test images", knn_points);
    ImGui::TableNextColumn();
    r ? ImGui::Text("%.2f", r->smoothness.max_over_mean) : ImGui::TextDisabled("%s", kDash);
    ImGui::TableNextColumn();
    r ? ImGui::Text("%.2f", r->smoothness.path_length) : ImGui::TextDisabled("%s", kDash);
    ImGui::TableNextColumn();
    r ? ImGui::Text("%.1f %%", 100.0 * r->prior_mass_in_holes) : ImGui::TextDisabled("%s", kDash);
  }
  ImGui::EndTable();
  const ImVec2 end = ImGui::GetItemRectMax();
  rect = {top, {top.x + ImGui::GetContentRegionAvail().x, end.y}};
}

}  // namespace lex::gui
