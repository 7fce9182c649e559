// interop_probe MODEL IN OUT: the explorer's encoder outputs and decodes on inputs given as raw
// float32, for run_interop.py to compare with PyTorch's. MODEL is a checkpoint or a safetensors
// file (read as the explorer reads it: io/checkpoint.hpp read_model_file).
//   IN   n, then n labels (-1 when the model is unconditional), n x Z latent points, n x D images
//   OUT  n x D decoded images (sigmoid), n x Z encoder means, n x Z log-variances
// All row-major: one image or point after another.
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <vector>

#include "io/checkpoint.hpp"
#include "model/frozen_model.hpp"
#include "util/error.hpp"

namespace {

std::vector<float> read_floats(const char* path) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  const auto size = static_cast<size_t>(in.tellg());
  std::vector<float> v(size / 4);
  in.seekg(0);
  in.read(reinterpret_cast<char*>(v.data()), static_cast<std::streamsize>(4 * v.size()));
  return v;
}

void append(std::vector<float>& out, const lex::Mat<float>& m) {  // (rows, n) columns as rows of the file
  for (Eigen::Index j = 0; j < m.cols(); ++j)
    for (Eigen::Index i = 0; i < m.rows(); ++i) out.push_back(m(i, j));
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: interop_probe MODEL IN OUT\n");
    return 2;
  }
  try {
    const lex::SavedModel saved = lex::read_model_file(argv[1]);
    lex::FrozenModel model(saved.config.arch, saved.params);
    const int Z = model.latent(), D = model.image().pixels();
    const std::vector<float> in = read_floats(argv[2]);
    const int n = in.empty() ? 0 : static_cast<int>(in[0]);
    if (n < 1 || in.size() != static_cast<size_t>(1 + n + n * Z + n * D)) {
      std::fprintf(stderr, "%s: expected n, labels, z and x for Z = %d, D = %d\n", argv[2], Z, D);
      return 2;
    }
    std::vector<uint8_t> labels;
    for (int i = 0; i < n; ++i) labels.push_back(static_cast<uint8_t>(std::max(0.0f, in[static_cast<size_t>(1 + i)])));
    const lex::Labels l = model.conditional() ? lex::Labels(labels) : lex::Labels();
    const lex::Mat<float> z = Eigen::Map<const lex::Mat<float>>(in.data() + 1 + n, Z, n);
    const lex::Mat<float> x = Eigen::Map<const lex::Mat<float>>(in.data() + 1 + n + n * Z, D, n);
    lex::Mat<float> decoded, mu, lv;
    model.decode_probabilities(z, l, decoded);
    model.encode(x, l, mu, lv);
    std::vector<float> out;
    append(out, decoded);
    append(out, mu);
    append(out, lv);
    std::FILE* f = std::fopen(argv[3], "wb");
    std::fwrite(out.data(), 4, out.size(), f);
    std::fclose(f);
  } catch (const lex::InputError& e) {
    std::fprintf(stderr, "interop_probe: %s\n", e.what());
    return 2;
  }
  return 0;
}
