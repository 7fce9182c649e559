#include "widgets/pad_probe.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>

#include "util/compute.hpp"
#include "widgets/colors.hpp"

namespace lex::gui {

PadProbe::PadProbe(Decoder& decoder)
    : per_class_slot_(decoder.make_slot()), thread_([this](std::stop_token stop) { run(stop); }) {}

PadProbe::~PadProbe() {
  stopping_ = true;  // ends a running reference estimate early
  thread_.request_stop();
  wake_.notify_all();
}

void PadProbe::update(const Snapshot& snap, LiveModel& live, const std::vector<float>& input, uint64_t input_version,
                      int label) {
  if (input.empty() || static_cast<int>(input.size()) != snap.config.arch.input.pixels() || !snap.data) {
    has_code_ = false;
    input_version_ = input_version;
    return;
  }
  const int classes = snap.config.arch.classes;
  label = snap.config.arch.conditional ? std::clamp(label, 0, std::max(0, classes - 1)) : -1;
  if (has_code_ && model_version_ == snap.version && input_version_ == input_version && label_ == label) return;
  model_version_ = snap.version;
  input_version_ = input_version;
  label_ = label;
  FrozenModel& model = live.of(snap);
  const Objective& obj = snap.config.objective;
  code_ = encode_image(model, obj, input, std::max(label, 0));
  has_code_ = true;
  const int Z = model.latent();
  marks_.mu = code_.mu;
  marks_.lv.clear();
  marks_.samples.resize(0, 0);
  if (!code_.sigma.empty()) {
    if (eps_.rows() != Z) {
      eps_.resize(Z, kSamples);
      Rng rng(7);
      rng.fill_normal(eps_.data(), static_cast<size_t>(eps_.size()));
    }
    marks_.samples.resize(Z, kSamples);
    for (int d = 0; d < Z; ++d) {
      const float sigma = code_.sigma[static_cast<size_t>(d)];
      marks_.lv.push_back(2.0f * std::log(sigma));
      for (int s = 0; s < kSamples; ++s) marks_.samples(d, s) = code_.mu[static_cast<size_t>(d)] + sigma * eps_(d, s);
    }
  }
  neighbours_ = snap.test_mu.cols() == snap.data->test.size()
                    ? nearest_images(snap.test_mu, snap.data->test.labels, code_.mu, kNeighbours)
                    : std::vector<Neighbour>{};
  images_.reserve(snap.config.arch.input, 1 + kNeighbours, 1);
  images_.put(0, 0, code_.reconstruction.data());
  for (size_t i = 0; i < neighbours_.size(); ++i)
    images_.put(static_cast<int>(i) + 1, 0, snap.data->test.images.col(neighbours_[i].index).data());
  images_.upload();
  per_class_key_ = per_class_shown_key_ = 0;
  if (snap.config.arch.conditional) {
    Decoder::Job job;
    job.model = snap.model;
    job.columns = std::min(classes, 32);
    job.z = Eigen::Map<const Mat<float>>(code_.mu.data(), Z, 1).replicate(1, job.columns);
    for (int c = 0; c < job.columns; ++c) job.labels.push_back(static_cast<uint8_t>(c));
    job.key = Decoder::key(snap.version, code_.mu.data(), sizeof(float) * code_.mu.size(), input_version);
    per_class_key_ = job.key;
    per_class_slot_->submit(std::move(job));
  }
  if (obj.mode != Mode::kAe) {
    std::lock_guard lock(mutex_);
    pending_ = Job{snap.model, obj, snap.data, input, std::max(label, 0), snap.generation, snap.version, input_version};
    wake_.notify_all();
  }
}

bool PadProbe::settled() const {
  if (has_code_ && per_class_key_ != per_class_shown_key_) return false;
  if (!has_code_ || marks_.lv.empty()) return true;  // nothing to estimate (no picture, or an AE)
  std::lock_guard lock(mutex_);
  return done_ && done_->input_version == input_version_ && done_->model_version == model_version_;
}

void PadProbe::run(std::stop_token stop) {
  constexpr std::chrono::milliseconds kQuiet{1500};  // snapshots come every 0.5 s while training
  prepare_compute_thread(1);
  // The reference and the model it was estimated under: the picture's log p(x) is estimated under
  // the same model, so that the percentile compares like with like.
  TypicalityReference reference;
  std::optional<Job> reference_job;
  std::optional<Job> job;
  using Clock = std::chrono::steady_clock;
  Clock::time_point refresh_due, model_changed;
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      // A job whose model is newer than the reference's comes back when the reference may be
      // refreshed; a new picture or model wakes the thread at once.
      const bool waiting_for_refresh = job && reference_job && job->model_version != reference_job->model_version;
      if (waiting_for_refresh)
        wake_.wait_until(lock, stop, std::min(refresh_due, model_changed + kQuiet), [&] { return pending_.has_value(); });
      else if (!wake_.wait(lock, stop, [&] { return pending_.has_value(); }))
        return;
      if (stop.stop_requested()) return;
      if (pending_) {
        if (!job || job->model_version != pending_->model_version) model_changed = Clock::now();
        job = std::move(pending_), pending_.reset();
      }
    }
    // The reference, under the job's model: for a model of another generation (another shape,
    // mode or data) at once; for a newer snapshot of the same model at most every kRefreshSeconds
    // while it trains (so that it does not keep a core busy re-estimating), or once no newer
    // snapshot came for kQuiet (paused, or finished).
    const bool other_model = !reference_job || reference_job->generation != job->generation;
    const Clock::time_point now = Clock::now();
    if (other_model ||
        (reference_job->model_version != job->model_version && (now >= refresh_due || now >= model_changed + kQuiet))) {
      reference = typicality_reference(job->model, job->objective, job->data->test, kReferenceImages, kImportanceSamples,
                                       11, &stopping_);
      if (stopping_) return;
      reference_job = *job;
      refresh_due = Clock::now() + std::chrono::seconds(kRefreshSeconds);
    }
    Job& under = *reference_job;
    Rng rng(12);
    const double log_px = image_log_px(under.model, under.objective, job->x, job->label, kImportanceSamples, rng);
    std::lock_guard lock(mutex_);
    done_ = Typicality{under.model_version, job->input_version, log_px, percentile_among(reference, log_px)};
  }
}

// A conditional model: the picture's code (encoded under the picked class) decoded as every class.
void PadProbe::draw_per_class(const Snapshot& snap, float cell) {
  if (auto result = per_class_slot_->take(); result && result->error.empty() && result->images.cols() > 0) {
    per_class_.reserve(result->shape, 32, 1);
    for (Eigen::Index i = 0; i < result->images.cols(); ++i) per_class_.put(static_cast<int>(i), 0, result->images.col(i).data());
    per_class_.upload();
    per_class_shown_ = static_cast<int>(result->images.cols());
    per_class_shown_key_ = result->key;
  }
  ImGui::TextDisabled("encoded as class %s; its code decoded as each class:",
                      snap.data->class_names[static_cast<size_t>(std::max(label_, 0))].c_str());
  if (per_class_shown_ == 0) return;
  const int per_row = std::max(1, static_cast<int>(ImGui::GetContentRegionAvail().x / (cell + 2)));
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  for (int c = 0; c < per_class_shown_; ++c) {
    const ImVec2 at{origin.x + (c % per_row) * (cell + 2), origin.y + (c / per_row) * (cell + 2)};
    dl->AddImage(per_class_.id(), at, {at.x + cell, at.y + cell}, per_class_.uv_min(c, 0), per_class_.uv_max(c, 0));
    if (c == label_) dl->AddRect(at, {at.x + cell, at.y + cell}, class_color(c), 0, 0, 2);
  }
  ImGui::Dummy({per_row * (cell + 2), ((per_class_shown_ + per_row - 1) / per_row) * (cell + 2)});
}

void PadProbe::draw_summary(const Snapshot& snap, float image_size, bool with_neighbours) {
  if (!has_code_) {
    ImGui::TextDisabled("Draw or drop a digit to see where this model puts it.");
    return;
  }
  ImGui::BeginGroup();
  ImGui::Image(images_.id(), {image_size, image_size}, images_.uv_min(0, 0), images_.uv_max(0, 0));
  ImGui::TextDisabled("reconstruction");
  ImGui::EndGroup();
  ImGui::SameLine();
  ImGui::BeginGroup();
  ImGui::Text("recon %.1f nats at z = mu", code_.recon);
  if (snap.config.objective.mode == Mode::kAe) {
    ImGui::TextDisabled("an AE has no posterior:\nno sigma, no log p(x)");
  } else {
    std::optional<Typicality> t;
    {
      std::lock_guard lock(mutex_);
      t = done_;
    }
    if (t && t->input_version == input_version_) {
      ImGui::Text("log p(x) %.1f nats", t->log_px);
      ImGui::Text("more typical than %.0f%%", t->percentile);
      ImGui::TextDisabled("of %d test %s%s", kReferenceImages, snap.data->name == "MNIST" ? "digits" : "images",
                          t->model_version == model_version_ ? "" : " (earlier model)");
    } else {
      ImGui::TextDisabled("log p(x): estimating (k = %d) ...", kImportanceSamples);
    }
  }
  ImGui::EndGroup();
  if (snap.config.arch.conditional) draw_per_class(snap, std::round(image_size * 0.5f));
  if (neighbours_.empty() || !with_neighbours) return;
  ImGui::TextDisabled("nearest test images in latent space:");
  const float small = std::round(image_size * 0.62f);
  for (size_t i = 0; i < neighbours_.size(); ++i) {
    if (i > 0) ImGui::SameLine();
    ImGui::BeginGroup();
    ImGui::Image(images_.id(), {small, small}, images_.uv_min(static_cast<int>(i) + 1, 0), images_.uv_max(static_cast<int>(i) + 1, 0));
    const int label = neighbours_[i].label;
    const std::string& name = snap.data->class_names[static_cast<size_t>(label)];
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(class_color(label)), "%.8s", name.c_str());
    ImGui::EndGroup();
  }
}

}  // namespace lex::gui
