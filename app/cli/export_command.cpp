// `latent-explorer export`: writes the model of a checkpoint (or of a safetensors file) as a
// safetensors file in PyTorch's names (io/state_dict.hpp has the schema), which
// scripts/torch_vae.py, or any PyTorch code building the same modules, loads with
// load_state_dict(strict=True). No data needed: the checkpoint knows its input shape and classes.
#include <cstdio>

#include "cli/commands.hpp"
#include "io/checkpoint.hpp"
#include "io/state_dict.hpp"
#include "util/error.hpp"

namespace lex::cli {

using app::print_error;

int run_export(ExportOptions& o) {
  try {
    if (!is_safetensors_path(o.out_path)) throw InputError("--out: '" + o.out_path + "' must end in .safetensors");
    const SavedModel model = read_model_file(o.load_path);
    write_state_dict(o.out_path, model);
    std::printf("wrote %s: %s %s, %zu tensors, %lld parameters\n", o.out_path.c_str(), describe(model.config.arch).c_str(),
                to_string(model.config.objective.mode).c_str(), state_dict_shapes(model.config.arch).size(),
                static_cast<long long>(model.params.size()));
  } catch (const InputError& e) {
    print_error(e.what());
    return 2;
  }
  return 0;
}

}  // namespace lex::cli
