// The guided lessons: six short steps that retell the argument of the notes the explorer teaches
// from (why an AE's latent space has holes, why a VAE's does not, what the KL term alone does,
// beta and collapsed dimensions, the ELBO as a bound, the label and the code). Each step is a few
// sentences, a line saying what to look for, and one or two scenes: the settings and panels that
// show it, which the app sets up when the user presses the scene's button (or `gui --lesson N`).
// Plain data; the Lessons panel (panels/lessons_panel.hpp) draws them and the app applies scenes.
#pragma once
#include <string>
#include <vector>

#include "model/config.hpp"
#include "views/view.hpp"

namespace lex::gui {

struct Scene {
  std::string button;      // what the button says
  bool compare = false;    // the AE / VAE / KL-only comparison (its VAE has beta 1, no warm-up)
  Mode mode = Mode::kVae;  // the single view's model
  int latent = 2;
  double beta = 1.0;
  int warmup_steps = 0;
  bool conditional = false;
  ShownPanels panels;
  bool example_on_pad = false;  // a test image on the drawing pad, its tab open
};

struct Lesson {
  std::string title;
  std::string text;      // 2-4 sentences, our own words
  std::string look_for;  // one line: where to look and what to see
  std::vector<Scene> scenes;
};

const std::vector<Lesson>& lessons();

// The training settings of a scene: the mode, latent size, beta, warm-up and class condition are
// the scene's; the architecture's kind and widths, batch, learning rate, seed and threads stay
// those of `base` (the user's command line).
TrainConfig scene_config(const Scene& scene, TrainConfig base);

// Whether a model trained on `running` already shows the scene (then it keeps training instead of
// starting over).
bool shows_scene(const TrainConfig& running, const TrainConfig& wanted);

}  // namespace lex::gui
