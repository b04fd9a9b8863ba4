// GSO-arc avoidance geometry: the smallest angle, seen from a ground point, between a satellite and
// the visible part of the geostationary arc.
#include "gso.hpp"

#include <satcap/capacity/model.hpp>

#include <algorithm>
#include <cmath>
#include <numbers>

namespace satcap::capacity {

namespace {
constexpr double kPi = std::numbers::pi;

Eigen::Vector3d arc_point(double lambda) { return {kGsoRadiusM * std::cos(lambda), kGsoRadiusM * std::sin(lambda), 0.0}; }

// Cosine of the angle at `p` between unit direction `u` and the arc point at longitude lambda.
double cos_to_arc(const Eigen::Vector3d& p, const Eigen::Vector3d& u, double lambda) {
  const Eigen::Vector3d g = arc_point(lambda) - p;
  return u.dot(g) / g.norm();
}

// The longitude range [lo, hi] of arc points above the local horizontal plane of `p` (geocentric
// normal; the arc is far, so the difference from the geodetic normal is immaterial). Returns false
// when no arc point is visible (|latitude| > ~81.3 deg).
bool visible_arc(const Eigen::Vector3d& p, double& lo, double& hi) {
  // Arc point visible when (G - p) . p_hat >= 0, i.e. R cos(lambda - lon) cos(lat) >= |p|.
  const double r = p.norm();
  const double lon = std::atan2(p.y(), p.x());
  const double rho = std::hypot(p.x(), p.y());
  const double c = r * r / (kGsoRadiusM * rho);  // cos(lambda - lon) >= c
  if (!(c < 1.0)) return false;
  const double half = std::acos(std::max(-1.0, c));
  lo = lon - half;
  hi = lon + half;
  return true;
}
}  // namespace

double gso_arc_separation_rad(const Eigen::Vector3d& ground, const Eigen::Vector3d& sat) {
  double lo = 0, hi = 0;
  if (!visible_arc(ground, lo, hi)) return kPi;
  const Eigen::Vector3d u = (sat - ground).normalized();
  // Dense scan then golden-section refinement around the best sample (reference implementation).
  const int n = 720;
  double best = -2.0, best_l = lo;
  for (int i = 0; i <= n; ++i) {
    const double l = lo + (hi - lo) * i / n;
    const double c = cos_to_arc(ground, u, l);
    if (c > best) {
      best = c;
      best_l = l;
    }
  }
  const double step = (hi - lo) / n;
  double a = std::max(lo, best_l - step), b = std::min(hi, best_l + step);
  const double gr = (std::sqrt(5.0) - 1.0) / 2.0;
  for (int it = 0; it < 60; ++it) {
    const double x1 = b - gr * (b - a), x2 = a + gr * (b - a);
    if (cos_to_arc(ground, u, x1) > cos_to_arc(ground, u, x2)) {
      b = x2;
    } else {
      a = x1;
    }
  }
  best = std::max(best, cos_to_arc(ground, u, 0.5 * (a + b)));
  return std::acos(std::clamp(best, -1.0, 1.0));
}

GsoArcTable::GsoArcTable(const Eigen::Matrix3Xd& cells_ecef_m, double exclusion_rad, double sample_step_rad)
    : exclusion_(exclusion_rad), step_(sample_step_rad) {
  const Eigen::Index n = cells_ecef_m.cols();
  offset_.assign(static_cast<std::size_t>(n) + 1, 0);
  std::vector<std::vector<float>> per(static_cast<std::size_t>(n));
  lo_.resize(static_cast<std::size_t>(n));
  for (Eigen::Index c = 0; c < n; ++c) {
    const Eigen::Vector3d p = cells_ecef_m.col(c);
    double lo = 0, hi = 0;
    auto& dirs = per[static_cast<std::size_t>(c)];
    if (exclusion_rad > 0.0 && visible_arc(p, lo, hi)) {
      lo_[static_cast<std::size_t>(c)] = lo;
      const int m = std::max(2, static_cast<int>(std::ceil((hi - lo) / sample_step_rad)) + 1);
      for (int i = 0; i < m; ++i) {
        const double l = std::min(hi, lo + i * sample_step_rad);
        const Eigen::Vector3d g = (arc_point(l) - p).normalized();
        dirs.push_back(static_cast<float>(g.x()));
        dirs.push_back(static_cast<float>(g.y()));
        dirs.push_back(static_cast<float>(g.z()));
      }
    }
    offset_[static_cast<std::size_t>(c) + 1] = offset_[static_cast<std::size_t>(c)] + dirs.size() / 3;
  }
  dirs_.reserve(offset_.back() * 3);
  for (auto& d : per) dirs_.insert(dirs_.end(), d.begin(), d.end());
  // Largest angle between adjacent samples as seen from the ground: the arc is at >= 35,786 km, so an
  // arc step of s radians subtends at most s * R_gso / 35,786 km.
  const double max_gap = sample_step_rad * kGsoRadiusM / 35786e3;
  // The true minimum can be smaller than the sampled one by at most half the largest gap.
  slack_ = 0.5 * max_gap;
}

bool GsoArcTable::excluded(std::int32_t cell, const Eigen::Vector3d& cell_ecef_m, const Eigen::Vector3d& u) const {
  const std::size_t b = offset_[static_cast<std::size_t>(cell)], e = offset_[static_cast<std::size_t>(cell) + 1];
  if (b == e) return false;
  const float* d = dirs_.data() + 3 * b;
  const std::size_t n = e - b;
  auto dot = [&](std::size_t i) { return u.x() * d[3 * i] + u.y() * d[3 * i + 1] + u.z() * d[3 * i + 2]; };
  // Coarse pass over every 4th sample, then the samples around the best one: the angle to the arc
  // varies smoothly and has one minimum over the visible arc, so this finds the sampled minimum.
  double best = -2.0;
  std::size_t best_i = 0;
  for (std::size_t i = 0; i < n; i += 4) {
    const double c = dot(i);
    if (c > best) {
      best = c;
      best_i = i;
    }
  }
  {
    const std::size_t lo = best_i >= 4 ? best_i - 4 : 0, hi = std::min(n, best_i + 5);
    for (std::size_t i = lo; i < hi; ++i) {
      const double c = dot(i);
      if (c > best) {
        best = c;
        best_i = i;
      }
    }
  }
  const double sampled = std::acos(std::clamp(best, -1.0, 1.0));
  if (sampled < exclusion_ - 1e-6) return true;            // a sample is already inside
  if (sampled > exclusion_ + slack_ + 1e-6) return false;  // no arc point can be inside
  // Borderline: refine with a golden-section search between the neighbouring samples.
  const double lo = lo_[static_cast<std::size_t>(cell)];
  double a = lo + (static_cast<double>(best_i) - 1.0) * step_, bnd = lo + (static_cast<double>(best_i) + 1.0) * step_;
  const double gr = (std::sqrt(5.0) - 1.0) / 2.0;
  for (int it = 0; it < 40; ++it) {
    const double x1 = bnd - gr * (bnd - a), x2 = a + gr * (bnd - a);
    if (cos_to_arc(cell_ecef_m, u, x1) > cos_to_arc(cell_ecef_m, u, x2)) {
      bnd = x2;
    } else {
      a = x1;
    }
  }
  const double refined = std::max(best, cos_to_arc(cell_ecef_m, u, 0.5 * (a + bnd)));
  return std::acos(std::clamp(refined, -1.0, 1.0)) < exclusion_;
}

}  // namespace satcap::capacity
