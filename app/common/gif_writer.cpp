#include "common/gif_writer.hpp"

#include <fcntl.h>
#include <gif_lib.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdio>
#include <limits>
#include <memory>

namespace lex::app {
namespace {

constexpr int kPaletteSize = 256;
constexpr size_t kMaxExactColors = 64;

// A colour reduced to 5 bits a channel: the histogram's bucket. 32,768 buckets are few enough to
// count every pixel of a few hundred frames and fine enough that a bucket's mean is within 4 of
// each of its colours.
uint16_t bucket_of(const uint8_t* rgb) { return static_cast<uint16_t>((rgb[0] >> 3) << 10 | (rgb[1] >> 3) << 5 | (rgb[2] >> 3)); }
uint32_t packed(const uint8_t* rgb) { return static_cast<uint32_t>(rgb[0]) << 16 | rgb[1] << 8 | rgb[2]; }
uint32_t packed(const Rgb8& c) { return static_cast<uint32_t>(c[0]) << 16 | c[1] << 8 | c[2]; }

struct Bucket {
  uint16_t key;
  uint32_t count;
  int channel(int k) const { return key >> (10 - 5 * k) & 31; }
};

// Median cut: the buckets in use, split box by box (the most populous box that still holds two
// buckets, along its widest channel at the weighted median) until there are `budget` boxes; each
// box becomes its count-weighted mean colour.
std::vector<Rgb8> median_cut(std::vector<Bucket> buckets, int budget) {
  struct Box {
    size_t begin, end;
    uint64_t count;
  };
  std::vector<Box> boxes;
  if (buckets.empty() || budget <= 0) return {};
  uint64_t total = 0;
  for (const Bucket& b : buckets) total += b.count;
  boxes.push_back({0, buckets.size(), total});
  while (static_cast<int>(boxes.size()) < budget) {
    int best = -1;
    for (int i = 0; i < static_cast<int>(boxes.size()); ++i)
      if (boxes[i].end - boxes[i].begin > 1 && (best < 0 || boxes[i].count > boxes[best].count)) best = i;
    if (best < 0) break;  // every box is one bucket: the palette has room for all of them
    Box box = boxes[static_cast<size_t>(best)];
    int lo[3] = {31, 31, 31}, hi[3] = {0, 0, 0};
    for (size_t i = box.begin; i < box.end; ++i)
      for (int k = 0; k < 3; ++k) lo[k] = std::min(lo[k], buckets[i].channel(k)), hi[k] = std::max(hi[k], buckets[i].channel(k));
    int axis = 0;
    for (int k = 1; k < 3; ++k)
      if (hi[k] - lo[k] > hi[axis] - lo[axis]) axis = k;
    std::sort(buckets.begin() + static_cast<long>(box.begin), buckets.begin() + static_cast<long>(box.end),
              [axis](const Bucket& a, const Bucket& b) { return a.channel(axis) < b.channel(axis); });
    // The split leaves at least one bucket on each side.
    uint64_t below = 0;
    size_t split = box.begin + 1;
    for (size_t i = box.begin; i + 1 < box.end; ++i) {
      below += buckets[i].count;
      split = i + 1;
      if (2 * below >= box.count) break;
    }
    uint64_t first = 0;
    for (size_t i = box.begin; i < split; ++i) first += buckets[i].count;
    boxes[static_cast<size_t>(best)] = {box.begin, split, first};
    boxes.push_back({split, box.end, box.count - first});
  }
  std::vector<Rgb8> colors;
  for (const Box& box : boxes) {
    double sum[3] = {0, 0, 0};
    for (size_t i = box.begin; i < box.end; ++i)
      for (int k = 0; k < 3; ++k) sum[k] += static_cast<double>(buckets[i].count) * (buckets[i].channel(k) * 8 + 4);
    Rgb8 c;
    for (int k = 0; k < 3; ++k) c[static_cast<size_t>(k)] = static_cast<uint8_t>(std::clamp(sum[k] / std::max<uint64_t>(box.count, 1) + 0.5, 0.0, 255.0));
    colors.push_back(c);
  }
  return colors;
}

// Maps RGB pixels to palette indices: the exact colours to their own entries, anything else to
// the nearest entry of its bucket's colour (looked up once per bucket).
class Quantizer {
 public:
  Quantizer(const std::vector<Rgb8>& exact, const std::vector<Rgb8>& palette) : exact_(exact), palette_(palette) {
    nearest_.fill(-1);
  }
  uint8_t index(const uint8_t* rgb) {
    const uint32_t p = packed(rgb);
    for (size_t i = 0; i < exact_.size(); ++i)
      if (packed(exact_[i]) == p) return static_cast<uint8_t>(i);
    int16_t& n = nearest_[bucket_of(rgb)];
    if (n < 0) n = static_cast<int16_t>(nearest(rgb));
    return static_cast<uint8_t>(n);
  }

 private:
  int nearest(const uint8_t* rgb) const {
    int best = 0, best_d = std::numeric_limits<int>::max();
    // The bucket's centre stands for every colour in it.
    const int c[3] = {(rgb[0] & ~7) + 4, (rgb[1] & ~7) + 4, (rgb[2] & ~7) + 4};
    for (size_t i = 0; i < palette_.size(); ++i) {
      int d = 0;
      for (int k = 0; k < 3; ++k) d += (palette_[i][static_cast<size_t>(k)] - c[k]) * (palette_[i][static_cast<size_t>(k)] - c[k]);
      if (d < best_d) best_d = d, best = static_cast<int>(i);
    }
    return best;
  }
  const std::vector<Rgb8>& exact_;
  const std::vector<Rgb8>& palette_;
  std::array<int16_t, 32768> nearest_;
};

struct GifCloser {
  void operator()(GifFileType* gif) const {
    int error = 0;
    EGifCloseFile(gif, &error);
  }
};

std::string gif_problem(const std::string& path, int error) {
  const char* text = GifErrorString(error);
  return path + ": could not write the GIF (" + (text ? text : "unknown giflib error") +
         "; does the folder exist and is it writable?)";
}

}  // namespace

std::string write_gif(const std::string& path, const GifAnimation& a) {
  if (a.width <= 0 || a.height <= 0 || a.width > 65535 || a.height > 65535)
    return path + ": a GIF needs a size between 1 and 65535 pixels a side";
  if (a.channels != 1 && a.channels != 3) return path + ": a GIF is written from grey or RGB pixels";
  if (a.frames.empty()) return path + ": no frames to write";
  const size_t frame_bytes = static_cast<size_t>(a.width) * a.height * a.channels;
  for (const GifFrame& f : a.frames)
    if (f.pixels.size() != frame_bytes) return path + ": a frame does not have width x height x channels bytes";
  if (a.exact_colors.size() > kMaxExactColors) return path + ": too many exact colours for one palette";

  // The palette: every grey, or the exact colours followed by a median cut of the others.
  std::vector<Rgb8> palette;
  std::vector<Rgb8> exact;
  if (a.channels == 1) {
    for (int v = 0; v < kPaletteSize; ++v) palette.push_back({static_cast<uint8_t>(v), static_cast<uint8_t>(v), static_cast<uint8_t>(v)});
  } else {
    for (const Rgb8& c : a.exact_colors)
      if (std::find(exact.begin(), exact.end(), c) == exact.end()) exact.push_back(c);
    std::vector<uint32_t> counts(32768, 0);
    for (const GifFrame& f : a.frames)
      for (size_t i = 0; i < f.pixels.size(); i += 3) {
        const uint8_t* p = &f.pixels[i];
        const uint32_t v = packed(p);
        if (std::none_of(exact.begin(), exact.end(), [v](const Rgb8& c) { return packed(c) == v; })) ++counts[bucket_of(p)];
      }
    std::vector<Bucket> buckets;
    for (uint32_t k = 0; k < counts.size(); ++k)
      if (counts[k] > 0) buckets.push_back({static_cast<uint16_t>(k), counts[k]});
    const std::vector<Rgb8> rest = median_cut(std::move(buckets), kPaletteSize - static_cast<int>(exact.size()));
    palette = exact;
    palette.insert(palette.end(), rest.begin(), rest.end());
  }
  std::vector<GifColorType> colors(kPaletteSize, GifColorType{0, 0, 0});  // giflib wants a power of two
  for (size_t i = 0; i < palette.size(); ++i) colors[i] = {palette[i][0], palette[i][1], palette[i][2]};
  std::unique_ptr<ColorMapObject, void (*)(ColorMapObject*)> map(GifMakeMapObject(kPaletteSize, colors.data()), GifFreeMapObject);
  if (!map) return path + ": could not make the GIF palette (out of memory)";

  // One temporary name per write: two writes of one path at once (a button pressed twice) must not
  // share a file.
  static std::atomic<unsigned> writes{0};
  const std::string tmp = path + ".tmp" + std::to_string(::getpid()) + "-" + std::to_string(writes++);
  int error = 0;
  // Opened here rather than by giflib, which would make the file readable by its owner only.
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0666);
  if (fd < 0) return gif_problem(path, E_GIF_ERR_OPEN_FAILED);
  std::unique_ptr<GifFileType, GifCloser> gif(EGifOpenFileHandle(fd, &error));
  if (!gif) {
    ::close(fd);
    std::remove(tmp.c_str());
    return gif_problem(path, error);
  }
  const auto failed = [&]() {
    const int e = gif->Error;
    gif.reset();
    std::remove(tmp.c_str());
    return gif_problem(path, e);
  };
  EGifSetGifVersion(gif.get(), true);  // delays and looping need GIF89a
  if (EGifPutScreenDesc(gif.get(), a.width, a.height, 8, 0, map.get()) != GIF_OK) return failed();
  // NETSCAPE2.0 application block: loop forever (count 0).
  static const GifByteType kNetscape[] = {'N', 'E', 'T', 'S', 'C', 'A', 'P', 'E', '2', '.', '0'};
  static const GifByteType kLoopForever[] = {1, 0, 0};
  if (EGifPutExtensionLeader(gif.get(), APPLICATION_EXT_FUNC_CODE) != GIF_OK ||
      EGifPutExtensionBlock(gif.get(), sizeof kNetscape, kNetscape) != GIF_OK ||
      EGifPutExtensionBlock(gif.get(), sizeof kLoopForever, kLoopForever) != GIF_OK ||
      EGifPutExtensionTrailer(gif.get()) != GIF_OK)
    return failed();

  Quantizer quantizer(exact, palette);
  std::vector<GifPixelType> line(static_cast<size_t>(a.width));
  for (const GifFrame& f : a.frames) {
    GraphicsControlBlock gcb{};
    gcb.DisposalMode = DISPOSE_DO_NOT;  // every frame covers the whole screen
    gcb.DelayTime = std::clamp(f.delay_cs, 0, 65535);
    gcb.TransparentColor = NO_TRANSPARENT_COLOR;
    GifByteType extension[4];
    const size_t length = EGifGCBToExtension(&gcb, extension);
    if (EGifPutExtension(gif.get(), GRAPHICS_EXT_FUNC_CODE, static_cast<int>(length), extension) != GIF_OK) return failed();
    if (EGifPutImageDesc(gif.get(), 0, 0, a.width, a.height, false, nullptr) != GIF_OK) return failed();
    for (int y = 0; y < a.height; ++y) {
      const uint8_t* row = f.pixels.data() + static_cast<size_t>(y) * a.width * a.channels;
      if (a.channels == 1) std::copy_n(row, a.width, line.data());
      else
        for (int x = 0; x < a.width; ++x) line[static_cast<size_t>(x)] = quantizer.index(row + 3 * x);
      if (EGifPutLine(gif.get(), line.data(), a.width) != GIF_OK) return failed();
    }
  }
  GifFileType* raw = gif.release();
  if (EGifCloseFile(raw, &error) != GIF_OK) {
    std::remove(tmp.c_str());
    return gif_problem(path, error);
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::remove(tmp.c_str());
    return path + ": could not move the GIF into place (is the folder writable?)";
  }
  return {};
}

}  // namespace lex::app
