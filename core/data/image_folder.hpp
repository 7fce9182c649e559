// Image folders as a data set: the layout of torchvision's ImageFolder, which is how people keep
// their own pictures.
//   DIR/train/<class>/.../<image files>     the classes: train's folders, sorted by name (bytes)
//   DIR/test/<class>/.../<image files>      each class must be one of train's
// Image files are those with an image extension (data/image_file.hpp), at any depth below the
// class folder, in sorted order; other files are skipped, as torchvision does, and so are hidden
// files and folders (a leading dot: macOS's "._x.png" companions are not images). Every image is
// decoded to grey (0 black, 1 white, used as is) and resized (data/resize.hpp) to the
// DataOptions' image_size, or else to the most common size of the training images.
// Decoding runs on every core, each image into its own preallocated column, so the result does
// not depend on the thread count. Anything wrong (an image file that does not decode, a class
// folder with no images, a test class train does not have) is an InputError naming the file or
// folder; nothing is opened that is not a regular file, and directory links are not followed, so
// FIFOs and link loops cannot hang the load.
#pragma once
#include <cstdint>
#include <string>

#include "data/dataset.hpp"

namespace lex {

constexpr int kMaxClasses = 256;             // labels are one byte
constexpr int kMaxFolderImages = 5'000'000;  // files listed, train and test together

// True if DIR has a train/ or test/ folder (load_data_dir then loads it as an image folder).
bool has_image_folder_layout(const std::string& dir);

// Throws InputError "path: problem" naming the file or folder at fault. load_data_dir() calls
// this once it has checked the options.
DataSplit load_image_folder(const std::string& dir, const DataOptions& options);

}  // namespace lex
