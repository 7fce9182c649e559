// What network a model is: a small value with a text form that the CLI, the GUI, checkpoints and
// JSON share. "mlp:400" is one hidden layer of 400 units (the default); "mlp:512,256" lists the
// encoder's hidden widths in order (the decoder mirrors them); "conv" is the convolutional VAE
// of the TensorFlow CVAE tutorial (model/architectures.cpp has the layers). `conditional` adds a
// one-hot class label to the encoder's features and to z (a CVAE, Sohn et al. 2015).
// The input shape and the class count are not chosen by the user: they come from the data set
// (the Trainer fills them in), and the spec records them so a checkpoint says what it was for.
#pragma once
#include <string>
#include <vector>

namespace lex {

struct ImageShape {
  int channels = 0, height = 0, width = 0;  // 0: not known yet (the data's, filled in by the Trainer)
  int pixels() const { return channels * height * width; }
  bool operator==(const ImageShape&) const = default;
};

// "1x28x28"
std::string to_string(const ImageShape& s);

enum class ArchKind { kMlp, kConv };

struct ArchSpec {
  ArchKind kind = ArchKind::kMlp;
  std::vector<int> hidden{400};  // mlp only: encoder hidden widths, input side first
  int latent = 2;
  bool conditional = false;
  ImageShape input;              // from the data
  int classes = 0;               // from the data (0: not known yet)

  // Rows of the one-hot label appended where the model is conditioned (0 when it is not).
  int condition_size() const { return conditional ? classes : 0; }
  bool operator==(const ArchSpec&) const = default;
};

// The text form: "mlp:400", "mlp:512,256", "conv".
std::string arch_text(const ArchSpec& s);
// Sets s.kind and s.hidden from the text form; returns "" or one line saying what is wrong.
std::string parse_arch(const std::string& text, ArchSpec& s);
// "mlp:400, z = 2, conditioned on 10 classes", for messages.
std::string describe(const ArchSpec& s);
// "" if the spec is usable, else one line naming the problem. Before the data is known (input
// shape and classes 0), only what the command line chose is checked.
std::string validate(const ArchSpec& s);

}  // namespace lex
