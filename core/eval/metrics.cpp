#include "eval/metrics.hpp"

#include <Eigen/Eigenvalues>
#include <algorithm>
#include <cmath>
#include <numeric>

#include "model/losses.hpp"

namespace lex {
namespace {
constexpr int kChunk = 1000;

// The labels of columns [first, first + count), or none for an unconditional model.
Labels slice(Labels labels, Eigen::Index first, Eigen::Index count) {
  return labels.empty() ? labels : labels.subspan(static_cast<size_t>(first), static_cast<size_t>(count));
}

}  // namespace

EncodedSet encode_all(FrozenModel& model, const Mat<float>& images, Labels labels) {
  const int Z = model.latent();
  const Eigen::Index n = images.cols();
  EncodedSet out;
  out.mu.resize(Z, n);
  out.lv.resize(Z, n);
  Mat<float> x, mu, lv;
  for (Eigen::Index first = 0; first < n; first += kChunk) {
    const Eigen::Index count = std::min<Eigen::Index>(kChunk, n - first);
    x = images.middleCols(first, count);
    model.encode(x, slice(labels, first, count), mu, lv);
    out.mu.middleCols(first, count) = mu;
    out.lv.middleCols(first, count) = lv;
  }
  return out;
}

double importance_weighted_log_px(FrozenModel& model, const Objective& obj, const Mat<float>& images, Labels labels,
                                  int k, Rng& rng) {
  const std::vector<double> per_image = importance_weighted_log_px_per_image(model, obj, images, labels, k, rng);
  return std::accumulate(per_image.begin(), per_image.end(), 0.0) / static_cast<double>(per_image.size());
}

std::vector<double> importance_weighted_log_px_per_image(FrozenModel& model, const Objective& obj,
                                                         const Mat<float>& images, Labels labels, int k, Rng& rng) {
  const int Z = model.latent();
  const Eigen::Index n = images.cols();
  constexpr Eigen::Index kImagesPerChunk = 200;
  std::vector<double> out;
  out.reserve(static_cast<size_t>(n));
  Mat<float> x, mu, lv, eps, z, logits;
  Vec<float> recon;
  for (Eigen::Index first = 0; first < n; first += kImagesPerChunk) {
    const Eigen::Index count = std::min(kImagesPerChunk, n - first);
    x = images.middleCols(first, count);
    const Labels chunk_labels = slice(labels, first, count);
    model.encode(x, chunk_labels, mu, lv);
    // log w_i = log p(x|z_i) + log p(z_i) - log q(z_i|x); the log(2 pi) terms of p and q cancel:
    //   log p(z) = -1/2 sum z^2 ;  log q(z|x) = -1/2 sum (eps^2 + lv)
    Mat<double> log_w(k, count);
    for (int i = 0; i < k; ++i) {
      eps.resize(Z, count);
      rng.fill_normal(eps.data(), static_cast<size_t>(eps.size()));
      reparameterize(mu, lv, eps, z);
      model.decode(z, chunk_labels, logits);
      reconstruction_nll<float>(obj, logits, x, nullptr, 1.0f, &recon);
      const auto log_pz = -0.5 * z.cast<double>().array().square().colwise().sum();
      const auto log_qz = -0.5 * (eps.cast<double>().array().square() + lv.cast<double>().array()).colwise().sum();
      log_w.row(i) = -recon.cast<double>().transpose().array() + log_pz - log_qz;
    }
    for (Eigen::Index c = 0; c < count; ++c) {  // log-mean-exp, shifted by the max for stability
      const double m = log_w.col(c).maxCoeff();
      out.push_back(m + std::log((log_w.col(c).array() - m).exp().mean()));
    }
  }
  return out;
}

LatentStats latent_stats(const EncodedSet& enc, Mode mode) {
  const Eigen::Index Z = enc.mu.rows(), n = enc.mu.cols();
  LatentStats s;
  const Eigen::MatrixXd mu = enc.mu.cast<double>();
  const Eigen::MatrixXd var = mode == Mode::kAe ? Eigen::MatrixXd::Zero(Z, n) : Eigen::MatrixXd(enc.lv.cast<double>().array().exp());
  for (Eigen::Index d = 0; d < Z; ++d) {
    const double m = mu.row(d).mean();
    const double var_mu = (mu.row(d).array() - m).square().mean();
    s.mean.push_back(m);
    s.mean_activity.push_back(var_mu);
    s.std.push_back(std::sqrt(var.row(d).mean() + var_mu));
    double kl = 0;
    if (mode != Mode::kAe)
      kl = 0.5 * (mu.row(d).array().square() + var.row(d).array() - enc.lv.row(d).cast<double>().array() - 1.0).mean();
    s.kl_per_dim.push_back(kl);
    if (var_mu > 0.01) ++s.active_units;
  }
  return s;
}

double knn_accuracy(const Mat<float>& points, const std::vector<uint8_t>& labels, int k) {
  const Eigen::Index n = points.cols();
  if (n < 2) return 0;
  k = static_cast<int>(std::min<Eigen::Index>(k, n - 1));
  const Eigen::MatrixXd p = points.cast<double>();
  const Eigen::VectorXd sq = p.colwise().squaredNorm().transpose();
  int correct = 0;
  constexpr Eigen::Index kBlock = 512;
  std::vector<std::pair<double, int>> nearest;
  for (Eigen::Index first = 0; first < n; first += kBlock) {
    const Eigen::Index count = std::min(kBlock, n - first);
    // ||a - b||^2 = |a|^2 + |b|^2 - 2 a.b for a block of queries against every point.
    Eigen::MatrixXd d2 = -2.0 * (p.transpose() * p.middleCols(first, count));
    d2.colwise() += sq;
    d2.rowwise() += sq.segment(first, count).transpose();
    for (Eigen::Index q = 0; q < count; ++q) {
      nearest.clear();
      for (Eigen::Index j = 0; j < n; ++j)
        if (j != first + q) nearest.emplace_back(d2(j, q), static_cast<int>(j));
      std::partial_sort(nearest.begin(), nearest.begin() + k, nearest.end());
      int votes[256] = {};
      for (int i = 0; i < k; ++i) ++votes[labels[static_cast<size_t>(nearest[static_cast<size_t>(i)].second)]];
      // Ties go to the class of the nearest neighbour among the tied.
      int best = labels[static_cast<size_t>(nearest[0].second)];
      for (int i = 0; i < k; ++i) {
        const int c = labels[static_cast<size_t>(nearest[static_cast<size_t>(i)].second)];
        if (votes[c] > votes[best]) best = c;
      }
      if (best == labels[static_cast<size_t>(first + q)]) ++correct;
    }
  }
  return static_cast<double>(correct) / static_cast<double>(n);
}

Mat<float> interpolate(const Vec<float>& a, const Vec<float>& b, int steps, bool spherical) {
  Mat<float> out(a.size(), steps);
  const double na = a.norm(), nb = b.norm();
  const double cos_omega = (na > 0 && nb > 0) ? std::clamp<double>(a.dot(b) / (na * nb), -1.0, 1.0) : 1.0;
  const double omega = std::acos(cos_omega);
  for (int i = 0; i < steps; ++i) {
    const double t = steps > 1 ? static_cast<double>(i) / (steps - 1) : 0.0;
    if (spherical && omega > 1e-6) {
      const double wa = std::sin((1 - t) * omega) / std::sin(omega), wb = std::sin(t * omega) / std::sin(omega);
      out.col(i) = (wa * a.cast<double>() + wb * b.cast<double>()).cast<float>();
    } else {
      out.col(i) = ((1 - t) * a.cast<double>() + t * b.cast<double>()).cast<float>();
    }
  }
  return out;
}

Smoothness interpolation_smoothness(FrozenModel& model, const Mat<float>& mu, Labels labels, int pairs, int steps,
                                    Rng& rng) {
  Smoothness s;
  const Eigen::Index n = mu.cols();
  if (n < 2 || pairs < 1 || steps < 2) return s;
  Mat<float> images;
  std::vector<uint8_t> path_labels;
  for (int p = 0; p < pairs; ++p) {
    const Eigen::Index i = static_cast<Eigen::Index>(rng.below(static_cast<uint64_t>(n)));
    Eigen::Index j = static_cast<Eigen::Index>(rng.below(static_cast<uint64_t>(n - 1)));
    if (j >= i) ++j;
    const Mat<float> path = interpolate(mu.col(i), mu.col(j), steps, false);
    if (!labels.empty()) path_labels.assign(static_cast<size_t>(steps), labels[static_cast<size_t>(i)]);
    model.decode_probabilities(path, path_labels, images);
    double longest = 0, total = 0;
    for (int t = 0; t + 1 < steps; ++t) {
      const double d = (images.col(t + 1) - images.col(t)).cast<double>().norm();
      longest = std::max(longest, d);
      total += d;
    }
    const double mean = total / (steps - 1);
    s.max_over_mean += mean > 0 ? longest / mean : 1.0;
    s.path_length += total;
  }
  s.max_over_mean /= pairs;
  s.path_length /= pairs;
  return s;
}

Projection2D pca_2d(const Mat<float>& points) {
  const Eigen::Index Z = points.rows();
  Projection2D out;
  out.mean = points.rowwise().mean();
  out.axes = Mat<float>::Zero(2, Z);
  if (Z == 1) {
    out.axes(0, 0) = 1;
    return out;
  }
  const Eigen::MatrixXd centered = (points.colwise() - out.mean).cast<double>();
  const Eigen::MatrixXd cov = centered * centered.transpose() / std::max<double>(1.0, static_cast<double>(points.cols() - 1));
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(cov);
  // Eigenvalues ascend: the last two columns are the principal axes.
  out.axes.row(0) = solver.eigenvectors().col(Z - 1).transpose().cast<float>();
  out.axes.row(1) = solver.eigenvectors().col(Z - 2).transpose().cast<float>();
  return out;
}

}  // namespace lex
