// The latent-space panels: the scatter of the test set's latent means (GPU points in an offscreen
// framebuffer), the N x N grid of decoder outputs over the same window (one texture atlas), the
// trail the cursor leaves while the left button is held, and the preview of what the decoder draws
// under the cursor and at a pinned grid cell.
//
// Work is done only when its inputs change: points are uploaded on a new snapshot or plane, the
// scatter re-renders on a new upload, view, size or class filter, the grid re-decodes on a new
// snapshot, view or grid setting, the cursor image on a new cursor position or snapshot.
#pragma once
#include <cstdint>
#include <memory>
#include <vector>

#include "gl/image_texture.hpp"
#include "gl/scatter_renderer.hpp"
#include "imgui.h"
#include "train/worker.hpp"
#include "ui/latent_projection.hpp"
#include "ui/panel_rects.hpp"

namespace lex::gui {

// What the user chose and pointed at; owned by the UI, kept across snapshots.
struct LatentViewState {
  PlaneChoice plane;
  ScatterView view;
  bool follow_data = true;  // re-fit the view to each snapshot until the user pans or zooms
  uint32_t visible_classes = 0x3FF;
  float point_size = 3.0f;
  int grid_n = 20;
  bool gaussian_quantiles = false;  // grid at N(0,1) quantiles (as in the Keras VAE example)

  std::vector<ImVec2> trail;  // plane coordinates visited while the left button was held
  bool has_cursor = false;
  ImVec2 cursor{0, 0};  // plane coordinates under the mouse (scatter or grid), last seen
  bool has_pinned = false;
  ImVec2 pinned{0, 0};
  int pinned_cell = -1, pinned_grid_n = 0;
  int decode_class = 0;  // a conditional model decodes under this class
};

// GL objects and decode workspaces of the latent panels (UI thread only), and what they hold.
struct LatentResources {
  static constexpr int kMaxGrid = 40;
  ScatterRenderer scatter;
  ImageTexture grid_atlas{kMaxGrid * 28, kMaxGrid * 28};
  ImageTexture cursor_image{28, 28}, pinned_image{28, 28}, nearest_image{28, 28};
  LatentProjection projection;

  // Keys of what is on the GPU now; a mismatch means redo.
  struct Key {
    uint64_t version = 0;
    PlaneChoice plane;
    ScatterView view;
    int a = 0, b = 0;
    uint32_t c = 0;
    float d = 0;
    bool operator==(const Key&) const = default;
  };
  Key scatter_key, grid_key;
  uint64_t points_version = 0;
  std::vector<float> cursor_z_decoded, pinned_z_decoded;  // the latents behind the two previews
  uint64_t cursor_version = 0, pinned_version = 0;
  int nearest_index = -1;
  const void* nearest_data = nullptr;

  // This thread's copy of the snapshot's model (copied when the snapshot changes) and the decode
  // workspaces, sized once per grid size so decoding allocates nothing per frame.
  FrozenModel model;
  uint64_t model_version = 0;
  std::vector<uint8_t> labels;
  Mat<float> grid_z, grid_probs;
  Mat<float> one_z, one_probs;
  std::vector<float> z_scratch;
  double last_grid_decode_ms = 0;
  std::vector<double> grid_decode_ms;  // every re-decode, for the exit report
};

// What a scatter square draws besides the points: marked test images (the interpolation's ends),
// a test image hovered in a linked view, the hover tooltip and the held-button trail.
struct ScatterMarks {
  struct Mark {
    int index = -1;
    const char* label = "";
  };
  std::vector<Mark> marks;
  int highlight = -1;
  bool tooltip = true;
  bool trail = true;
};

// The single view: toolbar, scatter and grid side by side.
void draw_latent_panel(const Snapshot* snap, LatentViewState& state, LatentResources& res, PanelRects& rects);

// The pieces both views are built from (the compare view draws one scatter and one grid per model).
// Projects the snapshot's test means onto the chosen plane and uploads them when either changed.
void sync_latent_points(const Snapshot& snap, LatentViewState& state, LatentResources& res);
// The scatter as a side x side square at origin; returns the hovered test image's index, or -1.
int draw_scatter_square(const Snapshot& snap, LatentViewState& state, LatentResources& res, ImVec2 origin, float side,
                        ScreenRect& rect, const ScatterMarks& marks);
// The decoded grid over the scatter's window. With may_decode false a stale grid keeps its old
// picture this frame (the compare view re-decodes one model's grid per frame).
void draw_grid_square(const Snapshot& snap, LatentViewState& state, LatentResources& res, ImVec2 origin, float side,
                      ScreenRect& rect, bool may_decode = true);
bool grid_is_stale(const Snapshot& snap, const LatentViewState& state, const LatentResources& res);

// Decodes z (Z, N) to pixel probabilities with the snapshot's model (res keeps this thread's copy),
// under the state's class if the model is conditional.
void decode_latents(const Snapshot& snap, const LatentViewState& state, LatentResources& res, const Mat<float>& z,
                    Mat<float>& probs);
// An opaque image drawn without blending (cheaper on a software rasteriser).
void draw_opaque_image(ImDrawList* dl, ImTextureID texture, ImVec2 min, ImVec2 max, ImVec2 uv0, ImVec2 uv1);
// Pixel probabilities (784, column-major 28x28) as grey bytes into an image at out, row stride `stride`.
void write_digit(const float* probs, uint8_t* out, int stride);
void draw_decoder_preview(const Snapshot* snap, LatentViewState& state, LatentResources& res);

}  // namespace lex::gui
