// The compare view: AE, VAE and KL-only (and optionally a beta-VAE) trained side by side from
// the same architecture, seed, initial weights and batch order (train/experiment.hpp). Left: the
// controls, the interpolation's ends and what every model decodes under the cursor. Right: one
// column per model (its scatter above its decoded grid, same class colours), the loss curves
// overlaid (colour = model, thick = reconstruction, thin = KL), the interpolation strips (one row
// per model) and the numbers. The columns are linked: the test image hovered in one scatter is
// ringed in all, and the latent point under the cursor is decoded by every model.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "decoder.hpp"
#include "exports.hpp"
#include "panels/dimensions_panel.hpp"
#include "panels/drawing_pad.hpp"
#include "panels/grid_panel.hpp"
#include "panels/interpolation_strips.hpp"
#include "panels/latent_state.hpp"
#include "panels/log_px_bounds_panel.hpp"
#include "panels/rate_distortion_panel.hpp"
#include "panels/scatter_panel.hpp"
#include "views/compare_run.hpp"
#include "views/view.hpp"
#include "widgets/live_model.hpp"
#include "widgets/loss_plot.hpp"
#include "widgets/pad_probe.hpp"

namespace lex::gui {

class CompareView final : public View {
 public:
  CompareView(std::string data_dir, int image_size, Decoder& decoder, Exports& exports)
      : data_dir_(std::move(data_dir)), image_size_(image_size), decoder_(decoder), exports_(exports), strips_(decoder) {}

  // Starts (or restarts) the experiment on these settings; `data` if already in memory.
  void start(TrainConfig base, std::shared_ptr<const DataSplit> data, bool running);
  // Whether a run of these settings on this data (if known) is already going (then returning to
  // it continues it).
  bool runs(const TrainConfig& base, const std::shared_ptr<const DataSplit>& data) const;
  void add_beta_vae(double beta);
  std::shared_ptr<const DataSplit> data() const { return run_ ? run_->data() : nullptr; }

  void update(double now) override;
  void handle_keys() override;
  ViewRequest draw(ImVec2 size, const std::string& notice, PanelRects& rects) override;
  void enter() override;
  void leave() override;
  void drop_file(const std::string& path) override;
  void show(const ShownPanels& panels) override;
  std::string error() const override;
  void clear_error() override;
  std::vector<ModelState> models() const override;
  void pause_and_wait() override;
  bool settled() const override;
  bool estimates_settled() const override;
  app::GifAnimation strip_animation() const override { return strips_.animation(); }

 private:
  // One model's column: its own plane and window, its panels, and its decode of the shared cursor.
  struct Column {
    explicit Column(Decoder& decoder) : grid(decoder), dimensions(decoder), probe(decoder) {}
    LatentState latent;
    ScatterPanel scatter;
    GridPanel grid;
    DimensionsPanel dimensions;  // compact, in the grid's place while shown_.dimensions
    LiveModel live;
    DecodedImage cursor_image;
    PadProbe probe;  // the drawing pad's picture, encoded by this model
  };
  void sync_columns();
  ViewRequest draw_controls(PanelRects& rects);
  void draw_columns(float side, PanelRects& rects);
  void draw_losses(ScreenRect& rect);
  void draw_model_plots(ImVec2 at, ImVec2 size, PanelRects& rects);
  void draw_cursor_decodes();
  void draw_pad(PanelRects& rects);

  std::string data_dir_;
  int image_size_ = 0;  // --image-size
  Decoder& decoder_;
  Exports& exports_;
  std::unique_ptr<CompareRun> run_;
  std::vector<std::unique_ptr<Column>> columns_;
  InterpolationChoice interpolation_;
  InterpolationStrips strips_;
  LossPlotState loss_;
  uint32_t loss_models_ = 0xF;  // which models' curves are drawn
  int hovered_index_ = -1;      // the test image under the mouse in any scatter, last frame
  std::vector<float> cursor_z_; // the latent point under the mouse (or the origin), decoded by all
  int cursor_source_ = -1;      // the column it came from
  bool beta_vae_ = false;       // wanted: a change restarts the run
  float beta_vae_beta_ = 4.0f;
  bool running_ = true;
  DrawingPad pad_;
  bool pad_open_ = false;    // the pad's tab is open: its picture is marked on every scatter
  bool select_pad_ = false;  // a dropped file opens the tab
  ShownPanels shown_;        // per-dimension bars and holes maps in every column; the plots of all models
  RateDistortionState rate_distortion_;
  LogPxBoundsPanel bounds_;
};

}  // namespace lex::gui
