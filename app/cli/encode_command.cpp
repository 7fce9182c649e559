// `latent-explorer encode`: one image file of the user's, made to look like the data
// (data/digit_image.hpp), encoded by a trained model: its posterior, the reconstruction loss at
// the mean, its importance-weighted log p(x) and how that ranks among the test set's, and the
// nearest test images in latent space (eval/probe.hpp; the drawing pad shows the same).
#include <cstdio>
#include <iostream>

#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/load_data.hpp"
#include "data/digit_image.hpp"
#include "eval/metrics.hpp"
#include "eval/probe.hpp"
#include "train/trainer.hpp"
#include "util/compute.hpp"
#include "util/error.hpp"

namespace lex::cli {

using app::print_error;
using app::resolve_data_dir;

namespace {

nlohmann::json json_or_null(bool present, const nlohmann::json& value) { return present ? value : nlohmann::json(); }

}  // namespace

int run_encode(EncodeOptions& o) {
  std::unique_ptr<Trainer> trainer;
  std::vector<float> x;
  try {
    if (o.iw_samples < 1 || o.iw_samples > 100000) throw InputError("--iw must be between 1 and 100000");
    if (o.reference_images < 0) throw InputError("--reference must be 0 (the whole test set) or more");
    configure_process(1);
    prepare_compute_thread(1);
    auto data = load_data(resolve_data_dir(o.data_dir), o.image_size);
    trainer = Trainer::load(o.load_path, data);
    if (!trainer->load_note().empty()) std::fprintf(stderr, "latent-explorer: %s\n", trainer->load_note().c_str());
    const ArchSpec& spec = trainer->config().arch;
    if (o.label >= 0 && !spec.conditional) throw InputError("--label: " + o.load_path + " is not a conditional model");
    if (spec.conditional && o.label >= spec.classes)
      throw InputError("--label " + std::to_string(o.label) + ": the model knows classes 0.." + std::to_string(spec.classes - 1));
    x = digit_like_data(ink_of(read_grey_image(o.image_path), o.invert), spec.input, o.image_path);
  } catch (const InputError& e) {
    print_error(e.what());
    return 2;
  }
  const TrainConfig& c = trainer->config();
  const Objective& obj = c.objective;
  const Dataset& test = trainer->data().test;
  FrozenModel model = trainer->frozen();
  Rng rng(c.seed + 3);
  int label = o.label;
  if (c.arch.conditional && label < 0) label = best_class(model, obj, x, 16, rng);
  const ImageCode code = encode_image(model, obj, x, label);
  const EncodedSet test_codes = encode_all(model, test.images, test.labels);
  const std::vector<Neighbour> neighbours = nearest_images(test_codes.mu, test.labels, code.mu, 5);
  const bool has_posterior = obj.mode != Mode::kAe;
  double log_px = 0, percentile = 0;
  if (has_posterior) {
    log_px = image_log_px(model, obj, x, label, o.iw_samples, rng);
    percentile = percentile_among(typicality_reference(model, obj, test, o.reference_images, o.iw_samples, c.seed + 4), log_px);
  }
  const std::vector<std::string>& names = trainer->data().class_names;
  auto name_of = [&](int l) { return l >= 0 && l < static_cast<int>(names.size()) ? names[static_cast<size_t>(l)] : std::to_string(l); };

  if (o.json) {
    nlohmann::json near = nlohmann::json::array();
    for (const Neighbour& n : neighbours) near.push_back({{"index", n.index}, {"label", n.label}, {"distance", n.distance}});
    const nlohmann::json out = {{"image", o.image_path},
                                {"checkpoint", o.load_path},
                                {"mode", to_string(obj.mode)},
                                {"label", c.arch.conditional ? nlohmann::json(label) : nlohmann::json()},
                                {"mu", code.mu},
                                {"sigma", json_or_null(has_posterior, code.sigma)},
                                {"recon", code.recon},
                                {"log_px", json_or_null(has_posterior, log_px)},
                                {"log_px_percentile", json_or_null(has_posterior, percentile)},
                                {"iw_samples", o.iw_samples},
                                {"neighbours", near}};
    std::cout << out.dump() << std::endl;
    return 0;
  }
  std::printf("image        %s%s, as %s\n", o.image_path.c_str(), o.invert ? " (inverted)" : "", to_string(c.arch.input).c_str());
  if (c.arch.conditional)
    std::printf("label        %s%s\n", name_of(label).c_str(), o.label < 0 ? " (the class with the best ELBO)" : "");
  std::printf("mu          ");
  for (float v : code.mu) std::printf(" %.3f", v);
  std::printf("\n");
  if (has_posterior) {
    std::printf("sigma       ");
    for (float v : code.sigma) std::printf(" %.3f", v);
    std::printf("\n");
  }
  std::printf("recon        %.2f nats at z = mu\n", code.recon);
  if (has_posterior)
    std::printf("log p(x)     %.2f nats (importance weighted, k = %d): more typical than %.0f%% of %s test images\n", log_px,
                o.iw_samples, percentile,
                o.reference_images > 0 ? std::to_string(std::min(o.reference_images, test.size())).c_str() : "all");
  else
    std::printf("log p(x)     none: an autoencoder has no posterior and no likelihood of x\n");
  std::printf("nearest      ");
  for (const Neighbour& n : neighbours) std::printf(" #%d (%s, %.3f)", n.index, name_of(n.label).c_str(), n.distance);
  std::printf("\n");
  return 0;
}

}  // namespace lex::cli
