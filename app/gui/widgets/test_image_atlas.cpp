#include "widgets/test_image_atlas.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

namespace lex::gui {

TestImageAtlas::TestImageAtlas(const DataSplit& data) : data_(&data) {
  const ImageShape& shape = data.shape;
  const int n = data.test.size();
  columns_ = std::clamp(static_cast<int>(std::ceil(std::sqrt(static_cast<double>(std::max(n, 1))))), 1,
                        std::max(1, kMaxTextureSide / shape.width));
  // One cell more than the images, for the white one.
  const int rows = std::clamp((n + 1 + columns_ - 1) / columns_, 1, std::max(1, kMaxTextureSide / shape.height));
  count_ = std::min(n, columns_ * rows - 1);
  atlas_.reserve(shape, columns_, rows);
  for (int i = 0; i < count_; ++i) atlas_.put(i % columns_, i / columns_, data.test.images.col(i).data());
  const std::vector<float> white(static_cast<size_t>(shape.pixels()), 1.0f);
  atlas_.put(count_ % columns_, count_ / columns_, white.data());
  atlas_.upload();
}

ImVec2 TestImageAtlas::uv_white() const {
  const ImVec2 lo = uv_min(count_), hi = uv_max(count_);
  return {(lo.x + hi.x) / 2, (lo.y + hi.y) / 2};
}

std::shared_ptr<const TestImageAtlas> TestImageAtlas::of(const std::shared_ptr<const DataSplit>& data) {
  // The atlases alive, by data set; an entry whose scatters are all gone has expired. (UI thread
  // only, as every GL object.)
  struct Entry {
    std::weak_ptr<const DataSplit> data;
    std::weak_ptr<const TestImageAtlas> atlas;
  };
  static std::vector<Entry> alive;
  std::erase_if(alive, [](const Entry& e) { return e.atlas.expired() || e.data.expired(); });
  for (const Entry& e : alive)
    if (e.data.lock() == data)
      if (auto atlas = e.atlas.lock()) return atlas;
  auto atlas = std::make_shared<const TestImageAtlas>(*data);
  alive.push_back({data, atlas});
  return atlas;
}

}  // namespace lex::gui
