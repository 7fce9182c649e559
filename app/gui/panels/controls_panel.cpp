#include "panels/controls_panel.hpp"

#include <cstdio>
#include <cstring>
#include <string>

#include "imgui.h"
#include "widgets/explanations.hpp"
#include "widgets/widgets.hpp"

namespace lex::gui {
namespace {

void copy_text(char* out, size_t size, const std::string& text) { std::snprintf(out, size, "%s", text.c_str()); }

// "512,256" from an MLP's widths.
std::string widths_text(const ArchSpec& arch) {
  std::string text = arch_text(arch);
  return arch.kind == ArchKind::kMlp ? text.substr(4) : "400";
}

}  // namespace

ControlsPanel::ControlsPanel(const std::string& data_dir, int autosave_minutes) : autosave_minutes_(autosave_minutes) {
  copy_text(data_dir_, sizeof data_dir_, data_dir);
}

// The fields follow the model whenever a new one appears (reset, reconfigure, load, new data).
void ControlsPanel::sync_from_model(const Snapshot& snap) {
  if (snap.generation == synced_generation_) return;
  synced_generation_ = snap.generation;
  edit_ = snap.config;
  copy_text(hidden_, sizeof hidden_, widths_text(snap.config.arch));
  hidden_problem_.clear();
  lr_ = static_cast<float>(snap.config.lr);
  beta_ = static_cast<float>(snap.config.objective.beta);
  warmup_ = snap.config.warmup_steps;
}

void ControlsPanel::draw_status(const WorkerStatus& status, const Snapshot* snap, float fps) {
  const bool running = status.state == RunState::kRunning;
  ImGui::TextColored(running ? ImVec4(0.4f, 0.9f, 0.4f, 1) : ImVec4(0.95f, 0.75f, 0.3f, 1), "%s",
                     !status.has_model ? "No model (see the error above)" : running ? "Training" : "Paused");
  if (snap && snap->data) {
    ImGui::SameLine();
    ImGui::TextDisabled("%s, %s %s, z = %d", snap->data->name.c_str(), arch_text(snap->config.arch).c_str(),
                        to_string(snap->config.objective.mode).c_str(), snap->config.arch.latent);
  }
  const Progress& p = status.progress;
  if (ImGui::BeginTable("status", 2, ImGuiTableFlags_SizingStretchProp)) {
    auto row = [](const char* name, const char* fmt, auto... args) {
      ImGui::TableNextColumn();
      ImGui::TextDisabled("%s", name);
      ImGui::TableNextColumn();
      ImGui::Text(fmt, args...);
    };
    row("epoch", "%d", p.epoch_number());
    row("step", "%lld", static_cast<long long>(p.steps_done));
    row("samples/s", "%.0f", status.samples_per_s);
    row("frames/s", "%.0f", fps);
    row("beta now", "%.3g", p.beta_now);
    ImGui::EndTable();
  }
  char overlay[64];
  std::snprintf(overlay, sizeof overlay, "epoch %d: %d / %d steps", p.epoch_number(), p.step_in_epoch, p.steps_per_epoch);
  ImGui::ProgressBar(static_cast<float>(p.epoch_fraction()), {-1, 0}, overlay);
}

void ControlsPanel::draw_run_buttons(TrainingWorker& worker, const WorkerStatus& status) {
  const bool running = status.state == RunState::kRunning;
  const float third = (ImGui::GetContentRegionAvail().x - 2 * ImGui::GetStyle().ItemSpacing.x) / 3;
  if (ImGui::Button(running ? "Pause [space]" : "Play [space]", {third, 0})) running ? worker.pause() : worker.play();
  tooltip("Start or stop training on the worker thread. The window never waits for it.");
  ImGui::SameLine();
  if (ImGui::Button("Step [S]", {third, 0})) worker.single_step();
  tooltip("Pause and take exactly one minibatch step of Adam.");
  ImGui::SameLine();
  if (ImGui::Button("Reset [R]", {third, 0})) worker.reset();
  tooltip("Fresh weights from the seed, same settings; clears the curves.");
}

void ControlsPanel::draw_live_settings(TrainingWorker& worker) {
  if (ImGui::SliderFloat("learning rate", &lr_, 1e-5f, 1e-1f, "%.1e", ImGuiSliderFlags_Logarithmic)) worker.set_lr(lr_);
  tooltip("Adam's step size: theta -= lr * m_hat / (sqrt(v_hat) + eps). Too large and the loss diverges.");
  if (ImGui::SliderFloat("beta", &beta_, 0.0f, 20.0f, "%.3f", ImGuiSliderFlags_Logarithmic)) worker.set_beta(beta_);
  tooltip("Weight of the KL term: loss = recon + beta * KL. beta > 1 pushes codes towards the prior (smoother,\n"
          "blurrier); beta < 1 favours sharp reconstructions and a less regular latent space. Ignored by ae.");
  if (ImGui::SliderInt("warm-up steps", &warmup_, 0, 20000, "%d", ImGuiSliderFlags_Logarithmic)) worker.set_warmup(warmup_);
  tooltip("beta ramps linearly from 0 to beta over this many steps (KL annealing), so the decoder learns to use\n"
          "the code before the prior pulls it in.");
}

void ControlsPanel::draw_model_settings(TrainingWorker& worker, const Snapshot* snap) {
  section("Model (applying resets the weights)");
  const char* kinds[] = {"MLP", "convolutional"};
  int kind = edit_.arch.kind == ArchKind::kConv ? 1 : 0;
  if (ImGui::Combo("architecture", &kind, kinds, 2)) {
    if (kind == 1) parse_arch("conv", edit_.arch);
    else parse_arch("mlp:" + std::string(hidden_), edit_.arch);
  }
  tooltip(arch_explanation(edit_.arch.kind));
  if (edit_.arch.kind == ArchKind::kMlp) {
    if (ImGui::InputText("hidden sizes", hidden_, sizeof hidden_)) {
      ArchSpec parsed = edit_.arch;
      hidden_problem_ = parse_arch("mlp:" + std::string(hidden_), parsed);
      if (hidden_problem_.empty()) edit_.arch.hidden = parsed.hidden;
    }
    tooltip("The encoder's hidden layer widths, input side first, separated by commas (400, or 512,256); the decoder\n"
            "mirrors them.");
    if (!hidden_problem_.empty()) ImGui::TextColored({1, 0.45f, 0.35f, 1}, "%s", hidden_problem_.c_str());
  }
  ImGui::Checkbox("conditioned on the class", &edit_.arch.conditional);
  tooltip(kConditionExplanation);
  const char* modes[] = {"ae", "vae", "kl-only"};
  int mode = static_cast<int>(edit_.objective.mode);
  if (ImGui::BeginCombo("mode", modes[mode])) {
    for (int m = 0; m < 3; ++m) {
      if (ImGui::Selectable(modes[m], m == mode)) edit_.objective.mode = static_cast<Mode>(m);
      tooltip(mode_explanation(static_cast<Mode>(m)));
    }
    ImGui::EndCombo();
  }
  tooltip(mode_explanation(edit_.objective.mode));
  ImGui::SliderInt("latent size", &edit_.arch.latent, 1, 64);
  tooltip("Dimensions of z. With more than 2, the scatter shows a chosen pair of dimensions or the PCA plane.");
  ImGui::SliderInt("batch size", &edit_.batch, 8, 1024, "%d", ImGuiSliderFlags_Logarithmic);
  tooltip("Images per Adam step; the gradient is the mean over the batch.");
  const bool changed = snap && (edit_.objective.mode != snap->config.objective.mode || edit_.arch != snap->config.arch ||
                                edit_.batch != snap->config.batch);
  ImGui::BeginDisabled(!changed || !hidden_problem_.empty());
  if (ImGui::Button("Apply and reset")) {
    TrainConfig c = edit_;
    c.lr = lr_;
    c.objective.beta = beta_;
    c.warmup_steps = warmup_;
    worker.reconfigure(c);
  }
  ImGui::EndDisabled();
  tooltip("Build a new model with these settings (fresh weights; the curves start over).");
  if (changed) {
    ImGui::SameLine();
    if (ImGui::Button("Revert")) synced_generation_ = UINT64_MAX;  // copied again from the model next frame
  }
}

void ControlsPanel::draw_files(TrainingWorker& worker) {
  section("Data");
  const float button = ImGui::CalcTextSize("Load").x + 2 * ImGui::GetStyle().FramePadding.x;
  ImGui::SetNextItemWidth(-button - ImGui::GetStyle().ItemSpacing.x);
  ImGui::InputText("##data", data_dir_, sizeof data_dir_);
  tooltip("A folder with the four MNIST-format IDX files (raw or .gz): MNIST, Fashion-MNIST, ...");
  ImGui::SameLine();
  if (ImGui::Button("Load##data")) worker.set_data_dir(data_dir_);
  tooltip("Load this data set and start a fresh model on it; on failure the current one stays.");
  section("Checkpoint");
  const float buttons = ImGui::CalcTextSize("SaveLoad").x + 4 * ImGui::GetStyle().FramePadding.x + 2 * ImGui::GetStyle().ItemSpacing.x;
  ImGui::SetNextItemWidth(-buttons);
  ImGui::InputText("##ckpt", checkpoint_, sizeof checkpoint_);
  ImGui::SameLine();
  if (ImGui::Button("Save")) worker.save(checkpoint_);
  tooltip("Write weights, optimiser state and settings to this file (atomically). A name ending in .safetensors\n"
          "writes the weights alone, in PyTorch's names (README: PyTorch interop).");
  ImGui::SameLine();
  // A checkpoint of another architecture is refused (banner) and the current model kept: choose
  // the same architecture first. `gui --load` at start-up adopts any architecture.
  if (ImGui::Button("Load##ckpt")) worker.load(checkpoint_, TrainingWorker::LoadShape::kRequireSameShape);
  tooltip("Continue from this checkpoint; its settings replace the current ones. A .safetensors file starts a\n"
          "new run from its weights.");
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 6);
  ImGui::SliderInt("autosave every (minutes)", &autosave_minutes_, 0, 60, autosave_minutes_ == 0 ? "off" : "%d");
  tooltip("Save every N minutes and on exit to latent-explorer-autosave-A.ckpt and -B.ckpt beside the checkpoint\n"
          "above, alternating, so a crash while writing one never loses both. 0 turns it off.");
}

ControlsPanel::Action ControlsPanel::draw(TrainingWorker& worker, const WorkerStatus& status, const Snapshot* snap,
                                          float fps) {
  if (snap) sync_from_model(*snap);
  draw_status(status, snap, fps);
  ImGui::Spacing();
  draw_run_buttons(worker, status);
  Action action = Action::kNone;
  const float lessons_width = ImGui::CalcTextSize("Lessons [L]").x + 2 * ImGui::GetStyle().FramePadding.x;
  if (ImGui::Button("Compare AE / VAE / KL-only", {ImGui::GetContentRegionAvail().x - lessons_width - ImGui::GetStyle().ItemSpacing.x, 0}))
    action = Action::kCompare;
  tooltip("Train a plain autoencoder, a VAE and a KL-only model side by side with these settings (same architecture,\n"
          "seed, initial weights and batch order) and compare their latent spaces, interpolations and numbers.\n"
          "This model pauses meanwhile.");
  ImGui::SameLine();
  if (ImGui::Button("Lessons [L]")) action = Action::kLessons;
  tooltip("Six short guided steps: why an AE's latent space has holes and a VAE's does not, and what beta, the\n"
          "bound on log p(x) and a class label change. Each sets up the models and panels it talks about.");
  ImGui::PushItemWidth(-ImGui::GetFontSize() * 8);
  draw_live_settings(worker);
  draw_model_settings(worker, snap);
  ImGui::PopItemWidth();
  draw_files(worker);
  return action;
}

}  // namespace lex::gui
