// latent-explorer: the entry point. With no subcommand, or `gui`, the window; otherwise a
// headless subcommand (train, eval, compare).
#include <CLI/CLI.hpp>
#include <cstdio>

#include "cli/commands.hpp"

int main(int argc, char** argv) {
  using namespace lex::cli;
  CLI::App app{"latent-explorer: watch autoencoders learn a latent space"};
  app.require_subcommand(0, 1);

  TrainOptions train;
  auto* train_cmd = app.add_subcommand("train", "train headless and print one line per epoch");
  add_model_options(*train_cmd, train);
  train_cmd->add_option("--epochs", train.epochs, "epochs to train")->capture_default_str();
  train_cmd->add_option("--save", train.save_path, "checkpoint written (atomically) after every epoch");
  train_cmd->add_option("--load", train.load_path, "continue from this checkpoint (its config wins)");
  train_cmd->add_flag("--json", train.json, "one JSON object per epoch");

  EvalOptions eval;
  auto* eval_cmd = app.add_subcommand("eval", "evaluate a checkpoint on the test set");
  eval_cmd->add_option("--load", eval.load_path, "checkpoint to evaluate")->required();
  eval_cmd->add_option("--data", eval.data_dir, "data directory");
  eval_cmd->add_option("--iw", eval.iw_samples, "importance samples for log p(x)")->capture_default_str();
  eval_cmd->add_option("--threads", eval.threads, "compute threads")->capture_default_str();
  eval_cmd->add_flag("--json", eval.json, "one JSON object");

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    print_error(e.what());
    return 2;
  }
  if (train_cmd->parsed()) return run_train(train);
  if (eval_cmd->parsed()) return run_eval(eval);
  print_error("the GUI is not built yet; use `train` or `eval`");
  return 2;
}
