#include "ui/latent_projection.hpp"

#include <algorithm>

#include "eval/metrics.hpp"

namespace lex::gui {
namespace {

// A fixed pseudo-random offset per point in [-1, 1]: spreads a 1-D latent into a visible band.
float jitter(int i) {
  uint32_t h = static_cast<uint32_t>(i) * 2654435761u;
  h ^= h >> 15;
  h *= 2246822519u;
  h ^= h >> 13;
  return static_cast<float>(h & 0xFFFF) / 32767.5f - 1.0f;
}

// Eigenvectors have no sign: keep each PCA axis pointing the way it did, so the view does not
// flip from one snapshot to the next.
void align_sign(std::vector<float>& axis, const std::vector<float>& previous) {
  if (previous.size() != axis.size()) return;
  double dot = 0;
  for (size_t k = 0; k < axis.size(); ++k) dot += axis[k] * previous[k];
  if (dot < 0)
    for (float& a : axis) a = -a;
}

}  // namespace

bool LatentProjection::update(const Snapshot& snap, const PlaneChoice& wanted) {
  PlaneChoice choice = wanted;
  const int Z = static_cast<int>(snap.test_mu.rows());
  if (Z < 1) return false;
  choice.dim_x = std::clamp(choice.dim_x, 0, Z - 1);
  choice.dim_y = std::clamp(choice.dim_y, 0, Z - 1);
  // PCA of a 2-D space is only a rotation of it, and of a 1-D space nothing: show the dimensions.
  if (Z <= 2) choice.pca = false;
  if (snap.version == version_ && choice == choice_ && latent() == Z) return false;
  const bool same_plane = choice == choice_ && latent() == Z;
  version_ = snap.version;
  choice_ = choice;

  const std::vector<float> previous_x = same_plane ? axis_x_ : std::vector<float>{};
  const std::vector<float> previous_y = same_plane ? axis_y_ : std::vector<float>{};
  origin_.assign(Z, 0.0f);
  axis_x_.assign(Z, 0.0f);
  axis_y_.assign(Z, 0.0f);
  if (choice.pca) {
    const Projection2D p = pca_2d(snap.test_mu);
    for (int k = 0; k < Z; ++k) {
      origin_[k] = p.mean(k);
      axis_x_[k] = p.axes(0, k);
      axis_y_[k] = p.axes(1, k);
    }
    align_sign(axis_x_, previous_x);
    align_sign(axis_y_, previous_y);
  } else {
    axis_x_[choice.dim_x] = 1.0f;
    if (Z > 1) axis_y_[choice.dim_y] = 1.0f;
  }

  const int n = static_cast<int>(snap.test_mu.cols());
  xy_.resize(static_cast<size_t>(n) * 2);
  const ConstVecMap<float> origin(origin_.data(), Z), ax(axis_x_.data(), Z), ay(axis_y_.data(), Z);
  for (int i = 0; i < n; ++i) {
    const auto centered = snap.test_mu.col(i) - origin;
    xy_[2 * i] = ax.dot(centered);
    xy_[2 * i + 1] = Z > 1 ? ay.dot(centered) : 0.5f * jitter(i);
  }
  return true;
}

void LatentProjection::lift(float x, float y, float* z) const {
  const int Z = latent();
  for (int k = 0; k < Z; ++k) z[k] = origin_[k] + x * axis_x_[k] + (Z > 1 ? y * axis_y_[k] : 0.0f);
}

}  // namespace lex::gui
