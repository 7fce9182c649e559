#include "lessons.hpp"

namespace lex::gui {
namespace {

Scene compare_scene(std::string button, ShownPanels panels) {
  Scene s;
  s.button = std::move(button);
  s.compare = true;
  s.panels = panels;
  return s;
}

Scene single_scene(std::string button, int latent, double beta, int warmup_steps, ShownPanels panels) {
  Scene s;
  s.button = std::move(button);
  s.latent = latent;
  s.beta = beta;
  s.warmup_steps = warmup_steps;
  s.panels = panels;
  return s;
}

std::vector<Lesson> make_lessons() {
  std::vector<Lesson> all;

  Scene islands = compare_scene("Train AE, VAE and KL-only, holes map on", {});
  islands.panels.holes = true;
  all.push_back(
      {"Islands and holes",
       "An autoencoder is trained only to rebuild its input. Nothing asks its codes to cover the latent plane, so "
       "each class settles wherever the optimiser leaves it, with empty space between. The decoder never saw a code "
       "from that empty space, and what it draws there looks like no image in the data. The holes map shades where "
       "the test images' codes lie and marks in red where the prior N(0, I) has mass but the codes have almost none.",
       "In the AE's column: islands with red between them. Hover a red patch and watch the decodes on the left turn "
       "to smudges. The table's 'prior mass in holes' gives the share of the prior that falls in holes: the AE's is far "
       "above the VAE's.",
       {islands}});

  Scene cloud = single_scene("Train a VAE, a test digit on the pad", 2, 1.0, 0, {});
  cloud.example_on_pad = true;
  all.push_back(
      {"A code is a distribution",
       "A VAE's encoder gives each image a Gaussian, a mean mu and a spread sigma per dimension, instead of one "
       "point. Training decodes a random draw z = mu + sigma * eps from it, so the decoder must draw the same digit "
       "from anywhere in that small cloud, and the clouds of similar images must overlap and agree. That is what "
       "fills the holes of lesson 1.",
       "On the scatter: the pad's digit as a diamond (its mean), its 1- and 2-sigma ellipses and eight samples from "
       "q(z|x). Draw on the pad, or clear it and draw another digit, and watch its cloud move between the classes.",
       {cloud}});

  all.push_back(
      {"KL alone learns nothing",
       "The KL term pulls every image's Gaussian toward the prior N(0, I). With nothing else shaping the encoder, "
       "the cheapest way to satisfy it is to ignore the image: every code becomes N(0, I), the KL falls to zero and "
       "the code says nothing about the input. A decoder fed such codes can only learn the one picture that is "
       "closest, on average, to every image.",
       "In the KL-only column: one round cloud at the origin with the classes mixed, and a grid of the same blurred "
       "average digit everywhere. Its KL in the table is near 0 and its reconstruction is the worst of the three.",
       {compare_scene("Train AE, VAE and KL-only", {})}});

  ShownPanels dims;
  dims.dimensions = true;
  all.push_back(
      {"Beta, warm-up and switched-off dimensions",
       "The loss is reconstruction + beta x KL, and every latent dimension pays KL for what it tells the decoder. "
       "With a large beta, or the KL at full weight from the first step, a dimension that does not earn its cost is "
       "switched off: q(z|x) equals the prior for every image and the decoder ignores it (posterior collapse). With "
       "20 dimensions, the per-dimension view shows which ones are still in use.",
       "The sorted KL bars: at beta 4 without warm-up, within an epoch or two, the lower half fall to a few "
       "hundredths of a nat and their traversal strips stop changing; with beta 1 and a warm-up every bar keeps about "
       "two nats. (The active-unit count above the bars lags: it counts a dimension until its mean stops moving.)",
       {single_scene("z = 20, beta 4, no warm-up", 20, 4.0, 0, dims),
        single_scene("z = 20, beta 1, warm-up 5000 steps", 20, 1.0, 5000, dims)}});

  ShownPanels bounds;
  bounds.log_px_bounds = bounds.rate_distortion = true;
  all.push_back(
      {"The ELBO is a bound",
       "What a VAE maximises is the ELBO, a lower bound on log p(x), the log-likelihood of an image under the model; "
       "the gap is how far q(z|x) is from the true posterior. Averaging k importance-weighted samples from q(z|x) "
       "inside the log gives a tighter bound, which rises toward log p(x) as k grows; k = 1 is the ELBO itself.",
       "The bounds panel estimates L_k at k = 1, 10, 100 and 1000 for the model as it is now: it rises and "
       "flattens, and the rise from the ELBO (ringed) is what the ELBO leaves out. On the rate-distortion plane "
       "beside it, -ELBO is rate + distortion: the grey lines join models of equal ELBO.",
       {single_scene("Train a VAE, z = 2, estimate the bounds", 2, 1.0, 0, bounds)}});

  Scene conditional = single_scene("Train a conditional VAE, z = 2", 2, 1.0, 0, {});
  conditional.conditional = true;
  all.push_back(
      {"The label and the code",
       "A conditional VAE gives the decoder the class as well as z. The code no longer needs to say which digit it "
       "is, only how it is drawn: slant, width, thickness. The style x class grid decodes one z per column with "
       "every class in its rows.",
       "Down a column every digit shares one style; along a row the class stays and the style changes. The scatter "
       "hardly separates the classes any more: the label carries them, and the code keeps the rest.",
       {conditional}});
  return all;
}

}  // namespace

const std::vector<Lesson>& lessons() {
  static const std::vector<Lesson> all = make_lessons();
  return all;
}

TrainConfig scene_config(const Scene& scene, TrainConfig base) {
  base.objective.mode = scene.mode;
  base.objective.beta = scene.beta;
  base.warmup_steps = scene.warmup_steps;
  base.arch.latent = scene.latent;
  base.arch.conditional = scene.conditional;
  return base;
}

bool shows_scene(const TrainConfig& running, const TrainConfig& wanted) {
  return running.objective.mode == wanted.objective.mode && running.objective.beta == wanted.objective.beta &&
         running.warmup_steps == wanted.warmup_steps && running.arch.latent == wanted.arch.latent &&
         running.arch.conditional == wanted.arch.conditional;
}

}  // namespace lex::gui
