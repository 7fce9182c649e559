// The single view: one model training on a background worker. Left, the controls and what the
// decoder draws under the cursor; right, the loss curves above the latent panels: the test set's
// latent means, the decoder over the same window and, for a model conditioned on the class, the
// style x class grid.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "autosave.hpp"
#include "decoder.hpp"
#include "exports.hpp"
#include "panels/controls_panel.hpp"
#include "panels/decoder_preview.hpp"
#include "panels/dimensions_panel.hpp"
#include "panels/drawing_pad.hpp"
#include "panels/grid_panel.hpp"
#include "panels/latent_state.hpp"
#include "panels/log_px_bounds_panel.hpp"
#include "panels/rate_distortion_panel.hpp"
#include "panels/scatter_panel.hpp"
#include "panels/style_class_grid.hpp"
#include "views/view.hpp"
#include "widgets/loss_plot.hpp"
#include "widgets/pad_probe.hpp"

namespace lex::gui {

struct Scene;  // lessons.hpp

struct SingleViewOptions {
  TrainConfig config;
  std::string data_dir;
  std::string load_path;  // a checkpoint to start from, or empty
  bool running = true;
  int autosave_minutes = 5;
  double snapshot_interval_s = 0.5;
  int image_size = 0;  // --image-size: every data directory's images resized to N x N
};

class SingleView final : public View {
 public:
  // `data`, if given, is shared as it is (the compare view's); else data_dir loads on the worker.
  SingleView(const SingleViewOptions& options, std::shared_ptr<const DataSplit> data, Decoder& decoder, Exports& exports);
  ~SingleView() override;

  void update(double now) override;
  void handle_keys() override;
  ViewRequest draw(ImVec2 size, const std::string& notice, PanelRects& rects) override;
  void enter() override;
  void leave() override;
  void drop_file(const std::string& path) override;
  void show(const ShownPanels& panels) override;
  std::string error() const override { return status_.error; }
  void clear_error() override { worker_->clear_error(); }
  std::vector<ModelState> models() const override;
  void pause_and_wait() override;
  bool settled() const override;
  bool estimates_settled() const override { return !show_log_px_bounds_ || bounds_.settled(); }

  std::shared_ptr<const DataSplit> data() const { return snap_ ? snap_->data : nullptr; }
  // A lesson's scene (lessons.hpp): trains its model (from fresh weights unless the model already
  // is one of its kind) and, if asked, puts a test image on the drawing pad and opens its tab.
  void set_scene(const Scene& scene);

  // On exit: the autosave, if it is on; returns its notice.
  std::string save_on_exit();

 private:
  void draw_latent_panels(PanelRects& rects);
  void draw_pad(PanelRects& rects);
  void put_example_on_pad();
  void draw_model_plots(float x, float rd_width, float bounds_width, float height, PanelRects& rects);

  SingleViewOptions options_;
  Exports& exports_;
  std::unique_ptr<TrainingWorker> worker_;
  WorkerStatus status_;
  std::shared_ptr<const Snapshot> snap_;
  LossHistory history_;
  std::vector<LossPoint> drained_;
  bool was_running_ = true;
  Autosave autosave_;
  std::string autosave_notice_;

  ControlsPanel controls_;
  LossPlotState loss_;
  LatentState latent_;
  ScatterPanel scatter_;
  GridPanel grid_;
  DimensionsPanel dimensions_;  // in the grid's place while latent_.show_dimensions
  DecoderPreview preview_;
  StyleClassGrid style_;
  // The drawing pad, in a tab beside the decoder preview; its picture is marked on the scatter
  // while the tab is open.
  DrawingPad pad_;
  LiveModel pad_model_;
  PadProbe probe_;
  bool pad_open_ = false;
  bool select_pad_ = false;  // a dropped file opens the tab
  bool example_wanted_ = false;  // a lesson asked for a test image on the pad, once the data is in
  // A lesson's scene replaced the model: the bounds it asks for wait for the new one's snapshot.
  bool awaiting_new_model_ = false;
  uint64_t replaced_generation_ = 0;
  int bounds_after_new_model_ = 0;  // > 0: start the bounds then, on (value - 1) images (0: the panel's count)
  uint64_t bounds_generation_ = 0;  // the model the bounds panel's estimates belong to
  // Plots of the model as a whole, beside the loss plot while shown.
  bool show_rate_distortion_ = false, show_log_px_bounds_ = false;
  RateDistortionState rate_distortion_;
  LogPxBoundsPanel bounds_;
};

}  // namespace lex::gui
