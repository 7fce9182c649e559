#include "ui/controls_panel.hpp"

#include <cstdio>
#include <cstring>
#include <string>

#include "imgui.h"
#include "ui/status_bar.hpp"  // epoch_number

namespace lex::gui {
namespace {

void copy_text(char* out, size_t size, const std::string& text) {
  std::snprintf(out, size, "%s", text.c_str());
}

// A labelled divider (ImGui 1.86 has no SeparatorText).
void section(const char* title) {
  ImGui::Spacing();
  ImGui::TextDisabled("%s", title);
  ImGui::Separator();
}

void tooltip(const char* text) {
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", text);
}

// The fields follow the model whenever a new one appears (reset, reconfigure, load, new data).
void sync_from_model(const Snapshot& snap, ControlsState& s) {
  if (snap.generation == s.synced_generation) return;
  s.synced_generation = snap.generation;
  s.edit = snap.config;
  s.lr = static_cast<float>(snap.config.lr);
  s.beta = static_cast<float>(snap.config.objective.beta);
  s.warmup = snap.config.warmup_steps;
  if (snap.data && s.data_dir[0] == '\0') copy_text(s.data_dir, sizeof s.data_dir, snap.data->dir);
}

void draw_status(const WorkerStatus& status, const Snapshot* snap, float fps) {
  const bool running = status.state == RunState::kRunning;
  ImGui::TextColored(running ? ImVec4(0.4f, 0.9f, 0.4f, 1) : ImVec4(0.95f, 0.75f, 0.3f, 1), "%s",
                     !status.has_model ? "No model (see the error above)" : running ? "Training" : "Paused");
  if (snap && snap->data) {
    ImGui::SameLine();
    ImGui::TextDisabled("%s, %s, z = %d", snap->data->name.c_str(), to_string(snap->config.objective.mode).c_str(),
                        snap->config.arch.latent);
  }
  if (ImGui::BeginTable("status", 2, ImGuiTableFlags_SizingStretchProp)) {
    auto row = [](const char* name, const char* fmt, auto... args) {
      ImGui::TableNextColumn();
      ImGui::TextDisabled("%s", name);
      ImGui::TableNextColumn();
      ImGui::Text(fmt, args...);
    };
    row("epoch", "%d", epoch_number(status));
    row("step", "%lld", static_cast<long long>(status.steps_done));
    row("samples/s", "%.0f", status.samples_per_s);
    row("frames/s", "%.0f", fps);
    row("beta now", "%.3g", status.beta_now);
    row("learning rate", "%.2g", status.lr);
    ImGui::EndTable();
  }
  const float progress = status.steps_per_epoch > 0 ? static_cast<float>(status.step_in_epoch) / status.steps_per_epoch : 0.f;
  char overlay[64];
  std::snprintf(overlay, sizeof overlay, "epoch %d: %d / %d steps", epoch_number(status), status.step_in_epoch,
                status.steps_per_epoch);
  ImGui::ProgressBar(progress, {-1, 0}, overlay);
}

void draw_run_buttons(TrainingWorker& worker, const WorkerStatus& status) {
  const bool running = status.state == RunState::kRunning;
  if (ImGui::Button(running ? "Pause  [space]" : "Play  [space]", {130, 0})) running ? worker.pause() : worker.play();
  tooltip("Start or stop training on the worker thread. The window never waits for it.");
  ImGui::SameLine();
  if (ImGui::Button("Step  [S]")) worker.single_step();
  tooltip("Pause and take exactly one minibatch step of Adam.");
  ImGui::SameLine();
  if (ImGui::Button("Reset  [R]")) worker.reset();
  tooltip("Fresh weights from the seed, same settings; clears the curves.");
}

void draw_live_settings(TrainingWorker& worker, ControlsState& s) {
  if (ImGui::SliderFloat("learning rate", &s.lr, 1e-5f, 1e-1f, "%.1e", ImGuiSliderFlags_Logarithmic)) worker.set_lr(s.lr);
  tooltip("Adam's step size: theta -= lr * m_hat / (sqrt(v_hat) + eps). Too large and the loss diverges.");
  if (ImGui::SliderFloat("beta", &s.beta, 0.0f, 20.0f, "%.3f", ImGuiSliderFlags_Logarithmic)) worker.set_beta(s.beta);
  tooltip("Weight of the KL term: loss = recon + beta * KL. beta > 1 pushes codes towards the prior (smoother,\n"
          "blurrier); beta < 1 favours sharp reconstructions and a less regular latent space. Ignored by ae.");
  if (ImGui::SliderInt("warm-up steps", &s.warmup, 0, 20000, "%d", ImGuiSliderFlags_Logarithmic)) worker.set_warmup(s.warmup);
  tooltip("beta ramps linearly from 0 to beta over this many steps (KL annealing), so the decoder learns to use\n"
          "the code before the prior pulls it in.");
}

void draw_model_settings(TrainingWorker& worker, const Snapshot* snap, ControlsState& s) {
  section("Model (applying resets the weights)");
  const char* modes[] = {"ae", "vae", "kl-only"};
  int mode = static_cast<int>(s.edit.objective.mode);
  if (ImGui::BeginCombo("mode", modes[mode])) {
    for (int m = 0; m < 3; ++m) {
      if (ImGui::Selectable(modes[m], m == mode)) s.edit.objective.mode = static_cast<Mode>(m);
      tooltip(mode_explanation(static_cast<Mode>(m)));
    }
    ImGui::EndCombo();
  }
  tooltip(mode_explanation(s.edit.objective.mode));
  ImGui::SliderInt("latent size", &s.edit.arch.latent, 1, 64);
  tooltip("Dimensions of z. With more than 2, the scatter shows a chosen pair of dimensions or the PCA plane.");
  if (s.edit.arch.kind == ArchKind::kMlp && s.edit.arch.hidden.size() == 1) {
    ImGui::SliderInt("hidden units", &s.edit.arch.hidden[0], 16, 1024);
    tooltip("Width of the one hidden ReLU layer in encoder and decoder: D -> H -> (mu, log sigma^2), z -> H -> D.");
  } else {
    ImGui::Text("architecture %s", arch_text(s.edit.arch).c_str());
  }
  ImGui::SliderInt("batch size", &s.edit.batch, 8, 1024, "%d", ImGuiSliderFlags_Logarithmic);
  tooltip("Images per Adam step; the gradient is the mean over the batch.");
  const bool changed = snap && (s.edit.objective.mode != snap->config.objective.mode || s.edit.arch != snap->config.arch ||
                                s.edit.batch != snap->config.batch);
  ImGui::BeginDisabled(!changed);
  if (ImGui::Button("Apply and reset")) {
    TrainConfig c = s.edit;
    c.lr = s.lr;
    c.objective.beta = s.beta;
    c.warmup_steps = s.warmup;
    worker.reconfigure(c);
  }
  ImGui::EndDisabled();
  tooltip("Build a new model with these settings (fresh weights; the curves start over).");
  if (changed) {
    ImGui::SameLine();
    if (ImGui::Button("Revert")) s.edit = snap->config;
  }
}

void draw_files(TrainingWorker& worker, ControlsState& s) {
  section("Data");
  ImGui::SetNextItemWidth(-60);
  ImGui::InputText("##data", s.data_dir, sizeof s.data_dir);
  tooltip("A folder with the four MNIST-format IDX files (raw or .gz): MNIST, Fashion-MNIST, ...");
  ImGui::SameLine();
  if (ImGui::Button("Load##data")) worker.set_data_dir(s.data_dir);
  tooltip("Load this data set and start a fresh model on it; on failure the current one stays.");
  section("Checkpoint");
  ImGui::SetNextItemWidth(-110);
  ImGui::InputText("##ckpt", s.checkpoint, sizeof s.checkpoint);
  ImGui::SameLine();
  if (ImGui::Button("Save")) worker.save(s.checkpoint);
  tooltip("Write weights, optimiser state and settings to this file (atomically).");
  ImGui::SameLine();
  // A checkpoint of another architecture is refused (banner) and the current model kept: set the
  // latent size and hidden units first. `gui --load` at start-up adopts any architecture.
  if (ImGui::Button("Load##ckpt")) worker.load(s.checkpoint, TrainingWorker::LoadShape::kRequireSameShape);
  tooltip("Continue from this checkpoint; its settings replace the current ones.");
  ImGui::SetNextItemWidth(110);
  ImGui::SliderInt("autosave every (minutes)", &s.autosave_minutes, 0, 60, s.autosave_minutes == 0 ? "off" : "%d");
  tooltip("Save every N minutes and on exit to latent-explorer-autosave-A.ckpt and -B.ckpt beside the checkpoint\n"
          "above, alternating, so a crash while writing one never loses both. 0 turns it off.");
}

}  // namespace

const char* mode_explanation(Mode mode) {
  switch (mode) {
    case Mode::kAe:
      return "ae: z = mu(x); loss = -log p(x|z). A plain autoencoder: no prior, so nothing keeps the codes\n"
             "near 0 or the space between them meaningful.";
    case Mode::kVae:
      return "vae: loss = E_q[-log p(x|z)] + beta * KL(q(z|x) || N(0, I)); z = mu + sigma * eps, eps ~ N(0, I).";
    case Mode::kKlOnly:
      return "kl-only: the encoder sees only beta * KL(q(z|x) || N(0, I)), so every q(z|x) collapses to the prior;\n"
             "the decoder still fits -log p(x|z) from a z it cannot backpropagate into (stop-gradient).";
  }
  return "";
}

void draw_controls_panel(TrainingWorker& worker, const WorkerStatus& status, const Snapshot* snap, ControlsState& s,
                         float fps) {
  if (snap) sync_from_model(*snap, s);
  draw_status(status, snap, fps);
  ImGui::Spacing();
  draw_run_buttons(worker, status);
  if (ImGui::Button("Compare AE / VAE / KL-only", {-1, 0})) s.compare_requested = true;
  tooltip("Train a plain autoencoder, a VAE and a KL-only model side by side with these settings (same seed,\n"
          "initial weights and batch order) and compare their latent spaces, interpolations and numbers.\n"
          "This model pauses meanwhile.");
  ImGui::PushItemWidth(-120);
  draw_live_settings(worker, s);
  draw_model_settings(worker, snap, s);
  ImGui::PopItemWidth();
  draw_files(worker, s);
}

}  // namespace lex::gui
