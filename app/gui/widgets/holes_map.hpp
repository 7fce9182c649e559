// The holes map of one scatter: on the plane and window the scatter shows, the aggregate
// posterior q(z) = mean over test images of N(z; mu_i, sigma_i^2) (core/eval/holes.hpp: its
// marginal on the plane for z > 2; the AE's codes as narrow kernels) as a blue shading, and in red
// the holes: where q(z) < p(z) / 10 while the prior N(0, I) has mass, i.e. where sampling the
// prior lands and the data never taught the decoder anything. The prior's 1, 2 and 3 sigma
// contours are drawn over it (draw_prior_contours).
//
// A map is kResolution^2 pixels, computed off the UI thread whenever the snapshot, the plane or
// the window changes (one computation at a time; the newest request goes next), from an even
// subsample of at most kMaxKernels test codes, so that a map costs tens of milliseconds, not a
// frame. What comes back: the shading as a texture (opaque, drawn behind the scatter's points) and
// the holes as a mask on the CPU, from which the decoded grid frames its cells that lie in a hole
// (outlines, not a translucent layer: blending a layer over the whole grid would cost software
// GL a read-back of every pixel every frame).
#pragma once
#include <cstdint>
#include <future>
#include <memory>
#include <vector>

#include "gl/gl.hpp"
#include "panels/latent_state.hpp"
#include "widgets/plane_frame.hpp"

namespace lex::gui {

class HolesMap {
 public:
  static constexpr int kResolution = 96;
  static constexpr int kMaxKernels = 2500;
  // The one-line legend at the foot of a scatter (where it fits), and the longer explanation.
  static constexpr const char* kLegend = "blue: q(z)   red: holes, q < p/10   rings: prior 1, 2, 3 sigma";
  static constexpr const char* kExplanation =
      "The holes map. Blue: the aggregate posterior q(z) = mean over test images of N(z; mu_i, sigma_i^2), on this plane\n"
      "(its marginal there for z > 2; the AE's codes as narrow kernels). Rings: the prior N(0, I) at 1, 2 and 3 sigma.\n"
      "Red: holes, where the prior has mass but q(z) < p(z) / 10: decodes there are what sampling the prior gives,\n"
      "and the data never taught the decoder anything about them. Grid cells in a hole are framed in red.";

  HolesMap() = default;
  ~HolesMap();
  HolesMap(const HolesMap&) = delete;
  HolesMap& operator=(const HolesMap&) = delete;

  // Once a frame while shown: asks for the map of this snapshot on the state's plane and window
  // if it has not been asked for yet, and uploads a finished one.
  void update(const Snapshot& snap, const LatentState& state);
  // A map is up (perhaps of an older request while the newest computes).
  bool ready() const { return shading_ != 0; }
  // The map of the latest request is up.
  bool settled() const { return ready() && shown_key_ == wanted_key_ && !pending_.valid(); }
  uint64_t version() const { return version_; }  // changes with every upload

  GLuint shading_texture() const { return shading_; }
  // How deep in a hole the plane point (x, y) is: 0 (no hole, or outside the map) to 1.
  float hole_at(float x, float y) const;
  const app::PlaneWindow& window() const { return window_; }  // the part of the plane the textures cover
  ImVec2 prior_center() const { return prior_center_; }        // the prior's mean on the plane
  int dims() const { return dims_; }                             // 1 for a 1-D latent space, else 2

 private:
  struct Result {
    uint64_t key = 0;
    app::PlaneWindow window;
    ImVec2 prior_center{0, 0};
    int dims = 2;
    std::vector<uint8_t> shading;  // RGBA, kResolution^2, the top row first
    std::vector<float> holes;      // kResolution^2, the top row first: 0 none, up to 1
  };
  void upload(const Result& r);

  std::future<std::shared_ptr<const Result>> pending_;
  uint64_t wanted_key_ = 0, pending_key_ = 0, shown_key_ = 0;
  GLuint shading_ = 0;
  std::vector<float> holes_;
  uint64_t version_ = 0;
  app::PlaneWindow window_;
  ImVec2 prior_center_{0, 0};
  int dims_ = 2;
};

// The prior N(0, I)'s 1, 2 and 3 sigma contours on the plane (circles around its mean there: its
// marginal on an orthonormal plane is N(center, I)).
// A 1-D latent space has lines at -3 ... +3 instead.
void draw_prior_contours(ImDrawList* dl, const PlaneFrame& f, const HolesMap& map);
// Frames in red the cells of an n x n grid over the frame's window whose centre lies in a hole.
void draw_hole_cells(ImDrawList* dl, const PlaneFrame& f, int n, const HolesMap& map);

}  // namespace lex::gui
