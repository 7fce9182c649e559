// Errors that reach the user. An InputError is a problem with something the user gave us (a file,
// a directory, an option): its message is one line that names the thing and the problem, and the
// CLI turns it into exit status 2. Anything else escaping is a bug.
#pragma once
#include <stdexcept>
#include <string>

namespace lex {

class InputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// "path: problem", the shape of every file error we print.
inline InputError file_error(const std::string& path, const std::string& problem) {
  return InputError(path + ": " + problem);
}

}  // namespace lex
