// latent-explorer: the entry point. With no subcommand, or `gui`, the window; otherwise a
// headless subcommand (train, eval, compare, encode, sweep).
#include <CLI/CLI.hpp>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "gui/gui.hpp"  // the options only; run_gui is in the build when LEX_HAVE_GUI

namespace {

// The window is the default: options without a subcommand (`latent-explorer --data DIR`) are the
// window's. Returns the arguments with `gui` put in front of them in that case.
std::vector<char*> with_default_subcommand(int argc, char** argv) {
  static char gui[] = "gui";
  std::vector<char*> args(argv, argv + argc);
  const bool bare_options = argc > 1 && argv[1][0] == '-' && std::strcmp(argv[1], "--help") != 0 &&
                            std::strcmp(argv[1], "-h") != 0 && std::strcmp(argv[1], "--help-all") != 0;
  if (bare_options) args.insert(args.begin() + 1, gui);
  return args;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace lex::cli;
  using lex::app::add_model_options;
  using lex::app::print_error;
  CLI::App app{"latent-explorer: watch autoencoders learn a latent space"};
  app.require_subcommand(0, 1);

  TrainOptions train;
  auto* train_cmd = app.add_subcommand("train", "train headless and print one line per epoch");
  add_model_options(*train_cmd, train);
  train_cmd->add_option("--epochs", train.epochs, "epochs to train")->capture_default_str();
  train_cmd->add_option("--save", train.save_path, "checkpoint written (atomically) after every epoch");
  train_cmd->add_option("--load", train.load_path, "continue from this checkpoint (its config wins), or start a new run from the weights of FILE.safetensors");
  train_cmd->add_flag("--json", train.json, "one JSON object per epoch");

  EvalOptions eval;
  auto* eval_cmd = app.add_subcommand("eval", "evaluate a checkpoint on the test set");
  eval_cmd->add_option("--load", eval.load_path, "checkpoint (or FILE.safetensors) to evaluate")->required();
  eval_cmd->add_option("--data", eval.data_dir, "data directory");
  lex::app::add_image_size_option(*eval_cmd, eval.image_size);
  eval_cmd->add_option("--iw", eval.iw_samples, "importance samples for log p(x)")->capture_default_str();
  eval_cmd->add_option("--threads", eval.threads, "compute threads")->capture_default_str();
  eval_cmd->add_flag("--json", eval.json, "one JSON object");
  eval_cmd->add_flag("--iw-curve", eval.iw_curve, "the importance-weighted bound at k = 1, 10, 100, 1000 with standard errors");
  eval_cmd->add_option("--iw-images", eval.iw_images, "test images for --iw-curve (an even subset)")->capture_default_str();

  CompareOptions compare;
  auto* compare_cmd = app.add_subcommand("compare", "train AE, VAE and KL-only side by side and measure their latent spaces");
  add_model_options(*compare_cmd, compare.train);
  compare_cmd->add_option("--epochs", compare.train.epochs, "epochs to train each model")->capture_default_str();
  compare_cmd->add_option("--save-dir", compare.save_dir, "write <mode>.png (scatter and decoded grid) here");
  compare_cmd->add_option("--beta-vae", compare.beta_vae, "also train a beta-VAE with this beta");
  compare_cmd->add_flag("--json", compare.json, "one JSON object per mode");

  EncodeOptions encode;
  auto* encode_cmd = app.add_subcommand("encode", "encode one image file: its code, reconstruction, log p(x) and nearest test images");
  encode_cmd->add_option("--load", encode.load_path, "checkpoint (or FILE.safetensors) of the model")->required();
  encode_cmd->add_option("--data", encode.data_dir, "data directory (its test set is the reference)");
  encode_cmd->add_option("--image", encode.image_path, "PNG, JPEG, BMP, GIF, ... any size, colour or grey")->required();
  encode_cmd->add_flag("--invert", encode.invert, "dark ink on light paper (a photo or a scan)");
  encode_cmd->add_option("--label", encode.label, "class to encode under (conditional models; default: the best ELBO)");
  encode_cmd->add_option("--iw", encode.iw_samples, "importance samples for log p(x)")->capture_default_str();
  encode_cmd->add_option("--reference", encode.reference_images, "rank log p(x) among this many test images (0: all)")
      ->capture_default_str();
  encode_cmd->add_flag("--json", encode.json, "one JSON object");
  lex::app::add_image_size_option(*encode_cmd, encode.image_size);

  SweepOptions sweep;
  auto* sweep_cmd = app.add_subcommand("sweep", "train one VAE per beta from the same seed and plot rate against distortion");
  add_model_options(*sweep_cmd, sweep.train);
  sweep_cmd->add_option("--betas", sweep.betas, "the KL weights, comma-separated (0.1,0.25,0.5,1,2,4,8)")
      ->delimiter(',')
      ->required();
  sweep_cmd->add_option("--epochs", sweep.train.epochs, "epochs to train each model")->capture_default_str();
  sweep_cmd->add_option("--save-dir", sweep.save_dir, "write sweep.png here (default: the current directory)");
  sweep_cmd->add_flag("--json", sweep.json, "one JSON object per beta");
  ExportOptions export_options;
  auto* export_cmd = app.add_subcommand("export", "write a checkpoint's model as a safetensors file in PyTorch's names");
  export_cmd->add_option("--load", export_options.load_path, "checkpoint to export")->required();
  export_cmd->add_option("--out", export_options.out_path, "the safetensors file to write (FILE.safetensors)")->required();

  lex::gui::GuiOptions gui;
  auto* gui_cmd = app.add_subcommand("gui", "the window (the default: options with no subcommand are the window's)");
  add_model_options(*gui_cmd, gui.train);
  gui_cmd->add_option("--load", gui.train.load_path, "start from this checkpoint (or FILE.safetensors)");
  gui_cmd->add_option("--frames", gui.frames, "render this many frames, then exit");
  gui_cmd->add_option("--until-steps", gui.until_steps,
                      "scripted run: once every model has trained N steps, pause, draw the result, then exit");
  gui_cmd->add_flag("--until-error", gui.until_error, "scripted run: exit once an error banner has been drawn");
  gui_cmd->add_option("--screenshot", gui.screenshot_path, "write the last frame to this PNG");
  gui_cmd->add_flag("--frame-stats", gui.frame_stats, "print frame-time percentiles (JSON) at exit");
  gui_cmd->add_flag("--paused", gui.paused, "start paused");
  gui_cmd->add_option("--show", gui.show,
                      "open optional panels: dims (per-dimension view), holes (holes map), rd (rate-distortion plane), "
                      "iw (bounds on log p(x), estimated at once)")
      ->delimiter(',')
      ->check(CLI::IsMember({"dims", "holes", "rd", "iw"}));
  gui_cmd->add_option("--iw-images", gui.iw_images, "with --show iw: estimate the bounds on N test images (default 500)")
      ->check(CLI::Range(50, 5000));
  gui_cmd->add_option("--lesson", gui.lesson, "open the guided lessons at step N and set up its first scene")
      ->check(CLI::PositiveNumber);
  gui_cmd->add_option("--zoom", gui.zoom,
                      "the scatters follow the data this many times closer than fitted (their centre stays); "
                      "zoomed in, points become thumbnails of their images")
      ->check(CLI::Range(0.1f, 1000.0f));
  gui_cmd->add_option("--record-gif", gui.record_gif,
                      "scripted run: record the scatter and grid while training, write them as an animated GIF at the end");
  gui_cmd->add_option("--export-strip-gif", gui.export_strip_gif,
                      "scripted run, --compare: write the interpolation strips as an animated GIF at the end");
  gui_cmd->add_option("--export-panel", gui.export_panels,
                      "scripted run: write panel NAME as a PNG at the end, NAME=PATH (scatter, grid, loss, latent, "
                      "scatter-vae, strips ...; repeatable)")
      ->check(CLI::Validator([](std::string& v) { return v.find('=') > 0 && v.find('=') != std::string::npos ? "" : "expects NAME=PATH"; }, "NAME=PATH"));
  gui_cmd->add_option("--pad-image", gui.pad_image, "start with this image on the drawing pad (as if dropped onto the window)");
  gui_cmd->add_flag("--compare", gui.compare, "open the AE / VAE / KL-only compare view");
  gui_cmd->add_option("--beta-vae", gui.beta_vae, "with --compare: also train a beta-VAE with this beta");
  gui_cmd->add_option("--autosave", gui.autosave_minutes,
                      "autosave the single view's model every N minutes and on exit (0: off; default 5, off in scripted runs)");
  gui_cmd->add_option("--width", gui.width, "window width (with --height; not remembered)");
  gui_cmd->add_option("--height", gui.height, "window height (with --width; not remembered)");

  std::vector<char*> args = with_default_subcommand(argc, argv);
  try {
    app.parse(static_cast<int>(args.size()), args.data());
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    print_error(e.what());
    return 2;
  }
  if (gui.until_steps > 0 && gui.paused) {
    print_error("--until-steps waits for training: it cannot be combined with --paused");
    return 2;
  }
  const bool exports = !gui.record_gif.empty() || !gui.export_strip_gif.empty() || !gui.export_panels.empty();
  if (exports && gui.until_steps <= 0 && gui.frames <= 0) {
    print_error("--record-gif, --export-strip-gif and --export-panel write when a scripted run ends: add --until-steps N");
    return 2;
  }
  if (train_cmd->parsed()) return run_train(train);
  if (eval_cmd->parsed()) return run_eval(eval);
  if (compare_cmd->parsed()) return run_compare(compare);
  if (encode_cmd->parsed()) return run_encode(encode);
  if (sweep_cmd->parsed()) return run_sweep(sweep);
  if (export_cmd->parsed()) return run_export(export_options);
#if LEX_HAVE_GUI
  return lex::gui::run_gui(gui);  // `gui` or no subcommand
#else
  print_error("this build has no window (configured with -DLEX_BUILD_GUI=OFF): use train, eval, compare, encode, sweep or export");
  return 2;
#endif
}
