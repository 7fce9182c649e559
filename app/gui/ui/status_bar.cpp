#include "ui/status_bar.hpp"

#include "imgui.h"
#include "ui/palette.hpp"

namespace lex::gui {

namespace {

bool begin_bar() {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  const float height = ImGui::GetFrameHeight() + 6;
  ImGui::SetNextWindowPos({vp->Pos.x, vp->Pos.y + vp->Size.y - height});
  ImGui::SetNextWindowSize({vp->Size.x, height});
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, {10, 4});
  ImGui::PushStyleVar(ImGuiStyleVar_WindowRounding, 0);
  ImGui::PushStyleColor(ImGuiCol_WindowBg, IM_COL32(30, 45, 70, 255));
  constexpr ImGuiWindowFlags kFlags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                      ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoFocusOnAppearing |
                                      ImGuiWindowFlags_NoBringToFrontOnFocus;
  return ImGui::Begin("##status_bar", nullptr, kFlags);
}

void end_bar(PanelRects& rects) {
  rects.status_bar = {ImGui::GetWindowPos(),
                      {ImGui::GetWindowPos().x + ImGui::GetWindowSize().x, ImGui::GetWindowPos().y + ImGui::GetWindowSize().y}};
  ImGui::End();
  ImGui::PopStyleColor();
  ImGui::PopStyleVar(2);
}

}  // namespace

void draw_status_bar(const WorkerStatus& status, const Snapshot* snap, float fps, double grid_decode_ms,
                     const std::string& ui_notice, PanelRects& rects) {
  if (begin_bar()) {
    const bool running = status.state == RunState::kRunning;
    ImGui::AlignTextToFramePadding();
    ImGui::TextColored(running ? ImVec4(0.4f, 0.9f, 0.4f, 1) : ImVec4(0.95f, 0.75f, 0.3f, 1), "%s",
                       !status.has_model ? "NO MODEL" : running ? "TRAINING" : "PAUSED");
    ImGui::SameLine(0, 16);
    if (snap && snap->data) {
      ImGui::Text("%s  |  %s %s  z=%d  beta %.3g  |", snap->data->name.c_str(), arch_text(snap->config.arch).c_str(),
                  to_string(snap->config.objective.mode).c_str(), snap->config.arch.latent, status.beta_now);
      ImGui::SameLine();
    }
    const double pct = status.steps_per_epoch > 0 ? 100.0 * status.step_in_epoch / status.steps_per_epoch : 0.0;
    ImGui::Text("epoch %d (%.0f%%)  |  step %lld  |  %.0f samples/s  |  %.0f fps  |  grid decode %.2f ms",
                epoch_number(status), pct, static_cast<long long>(status.steps_done), status.samples_per_s, fps,
                grid_decode_ms);
    const std::string& notice = !ui_notice.empty() ? ui_notice : status.notice;
    if (!notice.empty()) {
      ImGui::SameLine(0, 16);
      ImGui::TextDisabled("|  %s", notice.c_str());
    }
    ImGui::SameLine(0, 16);
    ImGui::TextDisabled("|  space: play/pause  R: reset  S: step  F12: screenshot");
  }
  end_bar(rects);
}

void draw_compare_status_bar(const std::vector<CompareModel>& models, bool running, float fps,
                             const std::string& ui_notice, PanelRects& rects) {
  if (begin_bar()) {
    ImGui::AlignTextToFramePadding();
    ImGui::TextColored(running ? ImVec4(0.4f, 0.9f, 0.4f, 1) : ImVec4(0.95f, 0.75f, 0.3f, 1), "%s",
                       running ? "COMPARE: TRAINING" : "COMPARE: PAUSED");
    for (size_t i = 0; i < models.size(); ++i) {
      const WorkerStatus& s = models[i].status;
      ImGui::SameLine(0, 16);
      ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(model_color(static_cast<int>(i))), "%s", models[i].name.c_str());
      ImGui::SameLine();
      ImGui::Text("epoch %d step %lld  %.0f/s", epoch_number(s), static_cast<long long>(s.steps_done), s.samples_per_s);
    }
    ImGui::SameLine(0, 16);
    ImGui::Text("|  %.0f fps", fps);
    if (!ui_notice.empty()) {
      ImGui::SameLine(0, 16);
      ImGui::TextDisabled("|  %s", ui_notice.c_str());
    }
    ImGui::SameLine(0, 16);
    ImGui::TextDisabled("|  space: play/pause all  R: reset all");
  }
  end_bar(rects);
}

}  // namespace lex::gui
