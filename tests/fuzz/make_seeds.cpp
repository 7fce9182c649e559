// Writes the fuzzers' seed corpus: valid IDX image and label files (raw and gzip), a valid
// small checkpoint, small images in every format we decode, and valid small safetensors files
// (mlp:H, a deeper MLP, conditional), so fuzzing starts from inputs that reach deep into the
// parsers.
//   make_seeds IDX_DIR CHECKPOINT_DIR IMAGE_DIR SAFETENSORS_DIR
#include <stb_image_write.h>  // the implementation is Debian's libstb
#include <zlib.h>

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "fuzz_data.hpp"
#include "io/state_dict.hpp"
#include "train/trainer.hpp"

namespace {

void write(const std::string& path, const std::vector<uint8_t>& bytes, bool gzip) {
  if (gzip) {
    gzFile f = gzopen(path.c_str(), "wb");
    gzwrite(f, bytes.data(), static_cast<unsigned>(bytes.size()));
    gzclose(f);
  } else {
    FILE* f = std::fopen(path.c_str(), "wb");
    std::fwrite(bytes.data(), 1, bytes.size(), f);
    std::fclose(f);
  }
}

std::vector<uint8_t> header(std::initializer_list<uint32_t> words) {
  std::vector<uint8_t> out;
  for (uint32_t w : words)
    for (int s = 24; s >= 0; s -= 8) out.push_back(static_cast<uint8_t>(w >> s));
  return out;
}

// A 12 x 9 picture in grey, grey + alpha, RGB and RGBA, as PNG, BMP, TGA and JPEG, and as a
// binary PGM (written by hand: stb has no PNM writer).
void write_images(const std::string& dir) {
  constexpr int w = 12, h = 9;
  for (int comp = 1; comp <= 4; ++comp) {
    std::vector<uint8_t> px(static_cast<size_t>(w) * h * comp);
    for (size_t i = 0; i < px.size(); ++i) px[i] = static_cast<uint8_t>((i * 37) % 256);
    const std::string stem = dir + "/c" + std::to_string(comp);
    stbi_write_png((stem + ".png").c_str(), w, h, comp, px.data(), w * comp);
    stbi_write_bmp((stem + ".bmp").c_str(), w, h, comp, px.data());
    stbi_write_tga((stem + ".tga").c_str(), w, h, comp, px.data());
    stbi_write_jpg((stem + ".jpg").c_str(), w, h, comp, px.data(), 90);
  }
  std::vector<uint8_t> pgm;
  for (char c : std::string("P5\n12 9\n255\n")) pgm.push_back(static_cast<uint8_t>(c));
  for (int i = 0; i < w * h; ++i) pgm.push_back(static_cast<uint8_t>(i * 2));
  write(dir + "/grey.pgm", pgm, false);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 5) return 2;
  namespace fs = std::filesystem;
  fs::create_directories(argv[1]);
  fs::create_directories(argv[2]);
  fs::create_directories(argv[3]);
  write_images(argv[3]);
  auto images = header({0x803, 2, 28, 28});
  for (int i = 0; i < 2 * 784; ++i) images.push_back(static_cast<uint8_t>((i * 13) % 256));
  auto labels = header({0x801, 5});
  for (uint8_t l : {3, 1, 4, 1, 5}) labels.push_back(l);
  const std::string idx = argv[1];
  write(idx + "/images.idx", images, false);
  write(idx + "/images.idx.gz", images, true);
  write(idx + "/labels.idx", labels, false);
  write(idx + "/labels.idx.gz", labels, true);

  lex::TrainConfig c;
  c.arch.hidden = {3};
  c.batch = 4;
  lex::Trainer t(c, lex::fuzz::tiny_data());
  t.step();
  t.save(std::string(argv[2]) + "/small.ckpt");
  {
    fs::create_directories(argv[4]);
    for (const auto& [arch, stem] : {std::pair{"mlp:3", "mlp"}, std::pair{"mlp:3,2", "deep"}}) {
      for (const bool cond : {false, true}) {
        lex::TrainConfig sc = c;
        lex::parse_arch(arch, sc.arch);
        sc.arch.conditional = cond;
        lex::Trainer st(sc, lex::fuzz::tiny_data());
        lex::SavedModel m{st.config(), st.data().class_names, st.model().params(), false};
        write(std::string(argv[4]) + "/" + stem + (cond ? "_cond" : "") + ".safetensors", lex::state_dict_bytes(m), false);
      }
    }
  }
  return 0;
}
