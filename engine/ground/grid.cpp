// Equal-area latitude-band grid and the coverage-cap index (see include/satcap/ground/grid.hpp).
#include <satcap/core/error.hpp>
#include <satcap/core/geodesy.hpp>
#include <satcap/ground/grid.hpp>

#include <GeographicLib/Ellipsoid.hpp>
#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <numbers>

namespace satcap::ground {

namespace {

constexpr double kPi = std::numbers::pi;
constexpr double kDeg = kPi / 180.0;
/// Largest angle between the ellipsoid normal and the geocentric radial direction on WGS84
/// (max geodetic - geocentric latitude = 0.1924 deg at 45 deg), rounded up.
constexpr double kNormalTiltRad = 0.2 * kDeg;
/// WGS84 polar radius, m.
constexpr double kPolarRadius = core::Wgs84::a * (1.0 - core::Wgs84::f);
/// Satellites per task in query_all (fixed so the output does not depend on the thread count).
constexpr std::size_t kChunk = 32;

const GeographicLib::Ellipsoid& wgs84() { return GeographicLib::Ellipsoid::WGS84(); }

double geodetic_from_sin_xi(double s) {
  s = std::clamp(s, -1.0, 1.0);
  return wgs84().InverseAuthalicLatitude(std::asin(s) / kDeg);
}

/// The exact membership test shared by the index and the brute-force scan (bit-identical results).
inline bool in_cap(const double* c, const double* n, const Eigen::Vector3d& p, double sin_e, double& el_deg,
                   double& range_m) {
  const double dx = p.x() - c[0], dy = p.y() - c[1], dz = p.z() - c[2];
  const double dot = n[0] * dx + n[1] * dy + n[2] * dz;
  const double r = std::sqrt(dx * dx + dy * dy + dz * dz);
  if (!(dot >= sin_e * r)) return false;
  range_m = r;
  el_deg = std::asin(std::clamp(dot / r, -1.0, 1.0)) / kDeg;
  return true;
}

void check_query_inputs(const Eigen::Vector3d& p, double min_elevation_deg) {
  if (!p.allFinite()) throw RangeError("satellite ECEF position", p.norm(), "finite", "ground::CapIndex");
  require_in_range("min_elevation_deg", min_elevation_deg, -10.0, 90.0, "deg", "ground::CapIndex");
}

/// Upper bound of the geocentric angle between a satellite at radius r and any ellipsoid point that
/// sees it at geodetic elevation >= e (see CapIndex comment): gamma = acos(b cos e' / r) - e' with
/// e' = e - 0.2 deg is non-increasing in e' and in the point's radius (>= b).
double cap_angle_bound(double r, double min_elevation_rad) {
  if (!(r > kPolarRadius)) return kPi;
  const double e = min_elevation_rad - kNormalTiltRad;
  const double k = kPolarRadius * std::cos(e) / r;
  const double g = std::acos(std::clamp(k, -1.0, 1.0)) - e + 1e-9;
  return std::min(g, kPi);
}

}  // namespace

void GridOptions::validate() const {
  require_in_range("resolution_deg", resolution_deg, 0.05, 30.0, "deg", "ground::CellGrid");
}

CellGrid::CellGrid(const GridOptions& options) : options_(options) {
  options_.validate();
  const int m = std::max(2, static_cast<int>(std::lround(180.0 / options_.resolution_deg)));
  const double d = kPi / m;  // nominal band height (authalic), rad
  // Cells per band from the nominal (equal-height) bands, computed on the southern half and mirrored
  // so the grid is exactly symmetric about the equator.
  std::vector<int> n(m);
  for (int j = 0; j < (m + 1) / 2; ++j) {
    const double s0 = std::sin(-kPi / 2 + j * d), s1 = std::sin(-kPi / 2 + (j + 1) * d);
    const double area = 2.0 * kPi * (s1 - s0);
    n[j] = std::max(1, static_cast<int>(std::lround(area / (d * d))));
    n[m - 1 - j] = n[j];
  }
  std::vector<long> cum(m + 1, 0);
  for (int j = 0; j < m; ++j) cum[j + 1] = cum[j] + n[j];
  const long total = cum[m];
  edge_sin_xi_.resize(m + 1);
  for (int j = 0; j <= m; ++j) edge_sin_xi_[j] = -1.0 + 2.0 * static_cast<double>(cum[j]) / static_cast<double>(total);
  edge_sin_xi_[0] = -1.0;
  edge_sin_xi_[m] = 1.0;
  // Mirror the edges too, for exact symmetry.
  for (int j = 0; j <= m / 2; ++j) edge_sin_xi_[m - j] = -edge_sin_xi_[j];
  if (m % 2 == 0) edge_sin_xi_[m / 2] = 0.0;

  bands_.resize(m);
  lat_deg_.resize(total);
  lon_deg_.resize(total);
  band_.resize(total);
  for (int j = 0; j < m; ++j) {
    GridBand& b = bands_[j];
    b.lat_south_deg = geodetic_from_sin_xi(edge_sin_xi_[j]);
    b.lat_north_deg = geodetic_from_sin_xi(edge_sin_xi_[j + 1]);
    b.lat_centre_deg = geodetic_from_sin_xi(0.5 * (edge_sin_xi_[j] + edge_sin_xi_[j + 1]));
    b.first_cell = static_cast<int>(cum[j]);
    b.cell_count = n[j];
    const double w = 360.0 / n[j];
    for (int k = 0; k < n[j]; ++k) {
      const Eigen::Index id = cum[j] + k;
      lat_deg_[id] = b.lat_centre_deg;
      lon_deg_[id] = -180.0 + (k + 0.5) * w;
      band_[id] = j;
    }
  }
  cell_area_km2_ = wgs84().Area() / static_cast<double>(total) / 1e6;

  const Eigen::ArrayXd lat_rad = lat_deg_ * kDeg, lon_rad = lon_deg_ * kDeg;
  core::ecef_from_geodetic(lat_rad, lon_rad, Eigen::ArrayXd::Zero(total), ecef_m_);
  up_.resize(3, total);
  unit_.resize(3, total);
  for (Eigen::Index i = 0; i < total; ++i) {
    const double cl = std::cos(lat_rad[i]), sl = std::sin(lat_rad[i]);
    up_.col(i) << cl * std::cos(lon_rad[i]), cl * std::sin(lon_rad[i]), sl;
    unit_.col(i) = ecef_m_.col(i).normalized();
  }
}

CellGrid::Bounds CellGrid::bounds(int cell) const {
  if (cell < 0 || cell >= size()) throw RangeError("cell id", cell, "[0, N)", "ground::CellGrid");
  const GridBand& b = bands_[band_[cell]];
  const double w = b.lon_width_deg();
  const double west = -180.0 + (cell - b.first_cell) * w;
  return {b.lat_south_deg, b.lat_north_deg, west, west + w};
}

int CellGrid::cell_at(double lat_deg, double lon_deg) const {
  require_in_range("lat_deg", lat_deg, -90.0, 90.0, "deg", "ground::CellGrid::cell_at");
  if (!std::isfinite(lon_deg)) throw RangeError("lon_deg", lon_deg, "finite", "ground::CellGrid::cell_at");
  const double s = std::sin(wgs84().AuthalicLatitude(lat_deg) * kDeg);
  const int m = static_cast<int>(bands_.size());
  int j = static_cast<int>(std::upper_bound(edge_sin_xi_.begin(), edge_sin_xi_.end(), s) - edge_sin_xi_.begin()) - 1;
  j = std::clamp(j, 0, m - 1);
  const GridBand& b = bands_[j];
  double x = std::fmod((lon_deg + 180.0) / 360.0, 1.0);
  if (x < 0) x += 1.0;
  int k = static_cast<int>(std::floor(x * b.cell_count));
  k = std::clamp(k, 0, b.cell_count - 1);
  return b.first_cell + k;
}

// ------------------------------------------------------------------------------------------------

CapIndex::CapIndex(const CellGrid& grid) : ecef_m_(grid.ecef_m()), up_(grid.up()) {
  bands_.reserve(grid.bands().size());
  for (const GridBand& b : grid.bands()) {
    const Eigen::Vector3d c = grid.ecef_m().col(b.first_cell);
    BandData d{};
    d.psi = std::atan2(c.z(), std::hypot(c.x(), c.y()));
    d.sin_psi = std::sin(d.psi);
    d.cos_psi = std::cos(d.psi);
    d.width = 2.0 * kPi / b.cell_count;
    d.first = b.first_cell;
    d.count = b.cell_count;
    bands_.push_back(d);
  }
  cell_area_sr_ = 4.0 * kPi / static_cast<double>(grid.size());
}

namespace {

struct QueryContext {
  const Eigen::Matrix3Xd* ecef;
  const Eigen::Matrix3Xd* up;
  Eigen::Vector3d p;
  double sin_e;
};

inline void test_range(const QueryContext& q, int from, int to, CapHits& out) {
  const double* c = q.ecef->data();
  const double* n = q.up->data();
  for (int id = from; id < to; ++id) {
    double el, r;
    if (in_cap(c + 3 * id, n + 3 * id, q.p, q.sin_e, el, r)) {
      out.cell.push_back(id);
      out.elevation_deg.push_back(el);
      out.range_m.push_back(r);
    }
  }
}

}  // namespace

void CapIndex::query(const Eigen::Vector3d& sat_ecef_m, double min_elevation_deg, CapHits& out) const {
  check_query_inputs(sat_ecef_m, min_elevation_deg);
  out.clear();
  append(sat_ecef_m, min_elevation_deg, out);
}

void CapIndex::append(const Eigen::Vector3d& sat_ecef_m, double min_elevation_deg, CapHits& out) const {
  const QueryContext q{&ecef_m_, &up_, sat_ecef_m, std::sin(min_elevation_deg * kDeg)};
  const double r = sat_ecef_m.norm();
  const double lambda = cap_angle_bound(r, min_elevation_deg * kDeg);
  if (lambda >= kPi) {
    test_range(q, 0, static_cast<int>(ecef_m_.cols()), out);
    return;
  }
  const double psi_s = std::asin(std::clamp(sat_ecef_m.z() / r, -1.0, 1.0));
  const double theta_s = std::atan2(sat_ecef_m.y(), sat_ecef_m.x());
  const double sin_s = std::sin(psi_s), cos_s = std::cos(psi_s), cos_l = std::cos(lambda);
  auto first = std::lower_bound(bands_.begin(), bands_.end(), psi_s - lambda,
                                [](const BandData& b, double v) { return b.psi < v; });
  for (auto it = first; it != bands_.end() && it->psi <= psi_s + lambda; ++it) {
    const BandData& b = *it;
    const double cc = b.cos_psi * cos_s;
    bool all = cc < 1e-12;
    double dth = 0.0;
    if (!all) {
      const double c = (cos_l - b.sin_psi * sin_s) / cc;
      if (c <= -1.0) {
        all = true;
      } else {
        dth = std::acos(std::min(c, 1.0)) + 1e-9;
      }
    }
    long kl = 0, kh = 0;
    if (!all) {
      kl = static_cast<long>(std::ceil((theta_s - dth + kPi) / b.width - 0.5));
      kh = static_cast<long>(std::floor((theta_s + dth + kPi) / b.width - 0.5));
      if (kh < kl) continue;
      if (kh - kl + 1 >= b.count) all = true;
    }
    if (all) {
      test_range(q, b.first, b.first + b.count, out);
      continue;
    }
    const long n = b.count;
    const long a = ((kl % n) + n) % n;
    const long z = ((kh % n) + n) % n;
    if (a <= z) {
      test_range(q, b.first + static_cast<int>(a), b.first + static_cast<int>(z) + 1, out);
    } else {  // wraps across -180: emit in ascending id order
      test_range(q, b.first, b.first + static_cast<int>(z) + 1, out);
      test_range(q, b.first + static_cast<int>(a), b.first + b.count, out);
    }
  }
}

void CapIndex::query_brute_force(const Eigen::Vector3d& sat_ecef_m, double min_elevation_deg, CapHits& out) const {
  check_query_inputs(sat_ecef_m, min_elevation_deg);
  out.clear();
  const QueryContext q{&ecef_m_, &up_, sat_ecef_m, std::sin(min_elevation_deg * kDeg)};
  test_range(q, 0, static_cast<int>(ecef_m_.cols()), out);
}

void CapIndex::query_all(const Eigen::Matrix3Xd& sats_ecef_m, double min_elevation_deg, Visibility& out) const {
  require_in_range("min_elevation_deg", min_elevation_deg, -10.0, 90.0, "deg", "ground::CapIndex");
  if (!sats_ecef_m.allFinite()) throw RangeError("satellite ECEF position", 0.0, "finite", "ground::CapIndex");
  const std::size_t s = static_cast<std::size_t>(sats_ecef_m.cols());
  const std::size_t chunks = (s + kChunk - 1) / kChunk;
  if (out.scratch.size() < chunks) out.scratch.resize(chunks);
  out.offset.assign(s + 1, 0);
  // Pass 1: each chunk queries its satellites into its own scratch buffer; per-satellite counts go
  // to offset[sat + 1].
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, chunks, 1), [&](const tbb::blocked_range<std::size_t>& r) {
    for (std::size_t c = r.begin(); c != r.end(); ++c) {
      CapHits& buf = out.scratch[c];
      buf.clear();
      const std::size_t end = std::min(s, (c + 1) * kChunk);
      for (std::size_t i = c * kChunk; i < end; ++i) {
        const std::size_t before = buf.size();
        append(sats_ecef_m.col(static_cast<Eigen::Index>(i)), min_elevation_deg, buf);
        out.offset[i + 1] = buf.size() - before;
      }
    }
  });
  for (std::size_t i = 0; i < s; ++i) out.offset[i + 1] += out.offset[i];
  const std::size_t total = out.offset[s];
  out.cell.resize(total);
  out.elevation_deg.resize(total);
  out.range_m.resize(total);
  // Pass 2: copy each chunk's hits to its place (chunk c starts at offset[c * kChunk]).
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, chunks, 1), [&](const tbb::blocked_range<std::size_t>& r) {
    for (std::size_t c = r.begin(); c != r.end(); ++c) {
      const CapHits& buf = out.scratch[c];
      const std::size_t at = out.offset[c * kChunk];
      std::copy(buf.cell.begin(), buf.cell.end(), out.cell.begin() + static_cast<std::ptrdiff_t>(at));
      std::copy(buf.elevation_deg.begin(), buf.elevation_deg.end(),
                out.elevation_deg.begin() + static_cast<std::ptrdiff_t>(at));
      std::copy(buf.range_m.begin(), buf.range_m.end(), out.range_m.begin() + static_cast<std::ptrdiff_t>(at));
    }
  });
}

std::size_t CapIndex::max_hits(double sat_radius_m, double min_elevation_deg) const {
  require_in_range("min_elevation_deg", min_elevation_deg, -10.0, 90.0, "deg", "ground::CapIndex");
  const double lambda = cap_angle_bound(sat_radius_m, min_elevation_deg * kDeg);
  // A cell whose centre is within lambda lies inside the cap of radius lambda + its diameter; the
  // largest cell diameter is below 3 nominal cell sizes (polar wedges included).
  const double diam = 3.0 * std::sqrt(cell_area_sr_);
  const double l = std::min(kPi, lambda + diam);
  return static_cast<std::size_t>(std::ceil(2.0 * kPi * (1.0 - std::cos(l)) / cell_area_sr_)) + 16;
}

}  // namespace satcap::ground
