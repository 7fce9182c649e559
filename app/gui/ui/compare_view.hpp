// The compare view: AE, VAE and KL-only (and optionally a beta-VAE) trained side by side. Left: the
// controls, the interpolation's ends and what every model decodes under the cursor. Right: one
// column per model (its scatter above its decoded grid, same class colours), the loss curves
// overlaid (colour = model, thick = reconstruction, thin = KL), the interpolation strips (one row
// per model) and the numbers. The columns are linked: the test image hovered in one scatter is
// ringed in all, and the latent point under the cursor is decoded by every model.
#pragma once
#include <memory>
#include <vector>

#include "gl/image_texture.hpp"
#include "ui/compare_run.hpp"
#include "ui/interpolation_strips.hpp"
#include "ui/latent_view.hpp"
#include "ui/loss_plot.hpp"
#include "ui/panel_rects.hpp"

namespace lex::gui {

// One model's column: its own plane and window, and its GL objects (UI thread only).
struct CompareColumn {
  LatentViewState latent;
  LatentResources gl;
  ImageTexture cursor_image{28, 28};
  std::vector<float> cursor_decoded_z;
  std::vector<float> plane_origin;  // workspace: the plane's origin in latent space
  uint64_t cursor_version = 0;
};

struct CompareViewState {
  std::vector<std::unique_ptr<CompareColumn>> columns;  // made as the run's models appear
  InterpolationState interpolation;
  std::unique_ptr<InterpolationResources> strips;
  LossPlotState loss;
  uint32_t loss_models = 0xF;  // which models' curves are drawn
  int hovered_index = -1;      // the test image under the mouse in any scatter, last frame
  std::vector<float> cursor_z;  // the latent point under the mouse (or the origin), decoded by all
  int cursor_source = -1;       // the column it came from
  bool beta_vae = false;        // wanted: a change rebuilds the run
  float beta_vae_beta = 4.0f;
  Mat<float> one_z, one_probs;  // decode workspaces
};

enum class CompareAction { kNone, kBackToSingle, kRebuild };

CompareAction draw_compare_view(CompareRun& run, CompareViewState& state, PanelRects& rects);

}  // namespace lex::gui
