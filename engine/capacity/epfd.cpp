// EPFD(down) statistics of a non-GSO constellation at a GSO earth station (include/satcap/capacity/epfd.hpp,
// docs/models/epfd.md): ITU-R S.1503-4 Annex 1 functional description with the payload's EIRP mask,
// ITU-R S.1428-1 receive patterns, RR Article 22 Table 22-1A limits.
#include <satcap/capacity/epfd.hpp>
#include <satcap/capacity/model.hpp>
#include <satcap/core/error.hpp>
#include <satcap/core/geodesy.hpp>
#include <satcap/core/units.hpp>
#include <satcap/orbit/ephemeris.hpp>

#include <oneapi/tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

#include "gso.hpp"

namespace satcap::capacity {

namespace {
constexpr double kDeg = std::numbers::pi / 180.0;
constexpr double kMu = 3.986004418e14;  // m^3/s^2 (WGS84 GM)
}  // namespace

void EpfdPayload::validate() const {
  require_in_range("epfd.eirp_density_dbw_mhz", eirp_density_dbw_mhz, -100.0, 200.0, "dBW/MHz", "EPFD payload mask");
  require_in_range("epfd.scan_exponent", scan_exponent, 0.0, 4.0, "", "EPFD payload mask");
  require_in_range("epfd.max_scan_deg", max_scan_deg, 0.0, 89.0, "deg", "EPFD payload mask");
  require_in_range("epfd.min_elevation_deg", min_elevation_deg, 0.0, 90.0, "deg", "EPFD payload mask");
  require_in_range("epfd.gso_exclusion_deg", gso_exclusion_deg, 0.0, 60.0, "deg", "EPFD payload mask");
  require_in_range("epfd.sidelobe_db", sidelobe_db, -80.0, 0.0, "dB", "EPFD payload mask");
  if (nco < 1 || nco > 64) throw RangeError("epfd.nco", nco, "[1, 64]", "EPFD payload mask");
}

void EpfdOptions::validate() const {
  require_in_range("epfd.frequency_ghz", frequency_ghz, 10.7, 12.75, "GHz", "RR Art. 22 Table 22-1A");
  if (antenna_diameters_m.empty() || antenna_diameters_m.size() > 8)
    throw RangeError("epfd.antenna_diameters_m", static_cast<double>(antenna_diameters_m.size()), "1 to 8 antennas", "EPFD");
  for (double d : antenna_diameters_m) (void)radio::article22_down_limit(frequency_ghz, d);
  if (n_hits < 1 || n_hits > 100) throw RangeError("epfd.n_hits", n_hits, "[1, 100]", "ITU-R S.1503");
  require_in_range("epfd.duration_s", duration_s, 1.0, 86400.0 * 365.0, "s", "EPFD time grid");
  require_in_range("epfd.step_s", step_s, 0.0, 3600.0, "s", "EPFD time grid");
}

double epfd_time_step_s(double beamwidth_3db_deg, int n_hits, double min_altitude_km) {
  require_in_range("beamwidth", beamwidth_3db_deg, 1e-4, 90.0, "deg", "ITU-R S.1503 time step");
  require_in_range("altitude", min_altitude_km, 100.0, 100000.0, "km", "ITU-R S.1503 time step");
  if (n_hits < 1) throw RangeError("n_hits", n_hits, ">= 1", "ITU-R S.1503 time step");
  const double h = min_altitude_km * 1e3;
  const double v = std::sqrt(kMu / (core::Wgs84::a + h)) + core::Wgs84::omega_earth * core::Wgs84::a;
  const double omega = v / h;  // rad/s at zenith
  return beamwidth_3db_deg * kDeg / (static_cast<double>(n_hits) * omega);
}

double epfd_at_percent(const std::vector<double>& sorted, double percent) {
  if (sorted.empty()) return std::numeric_limits<double>::quiet_NaN();
  const auto n = static_cast<double>(sorted.size());
  auto k = static_cast<std::int64_t>(std::ceil(percent / 100.0 * n - 1e-9));
  k = std::clamp<std::int64_t>(k, 1, static_cast<std::int64_t>(sorted.size()));
  return sorted[static_cast<std::size_t>(k - 1)];
}

void check_epfd(const radio::EpfdLimit& limit, const std::vector<double>& series, EpfdAntennaResult& out) {
  std::vector<double> sorted = series;
  std::sort(sorted.begin(), sorted.end());
  const auto n = static_cast<double>(sorted.size());
  out.limit = &limit;
  out.points.clear();
  out.pass = true;
  for (const auto& p : limit.points) {
    if (p.percent <= 0.0) continue;  // "may be exceeded 100 % of the time": no constraint
    EpfdPointCheck c;
    c.percent = p.percent;
    c.limit_dbw_m2 = p.epfd_dbw_m2;
    c.epfd_dbw_m2 = epfd_at_percent(sorted, p.percent);
    c.margin_db = p.epfd_dbw_m2 - c.epfd_dbw_m2;
    c.resolved = p.percent >= 100.0 || n * (1.0 - p.percent / 100.0) >= 1.0;
    c.pass = c.margin_db >= 0.0;
    out.pass = out.pass && c.pass;
    out.points.push_back(c);
  }
  // The mask curve at every step's percentile: the k-th smallest value (k = 1..N) is the EPFD not
  // exceeded for k/N of the time; the limit there is the mask at 100 k / N %.
  out.worst_curve_margin_db = std::numeric_limits<double>::infinity();
  out.worst_curve_percent = 0.0;
  for (std::size_t k = 0; k < sorted.size(); ++k) {
    const double pct = 100.0 * static_cast<double>(k + 1) / n;
    const double m = limit.at_percent(pct) - sorted[k];
    if (m < out.worst_curve_margin_db) {
      out.worst_curve_margin_db = m;
      out.worst_curve_percent = pct;
    }
  }
  if (out.worst_curve_margin_db < 0.0) out.pass = false;
}

EpfdResult compute_epfd(const orbit::BatchPropagator& sats, const EpfdPayload& payload, const EpfdTestPoint& point,
                        const EpfdOptions& options) {
  payload.validate();
  options.validate();
  EpfdResult res;
  res.point = point;
  const core::Site site(core::Geodetic::degrees(point.lat_deg, point.lon_deg, point.height_m));
  const Eigen::Vector3d es = site.ecef();
  const Eigen::Vector3d up = site.enu_rotation().row(2).transpose();
  const double gl = point.gso_lon_deg * kDeg;
  const Eigen::Vector3d gso(kGsoRadiusM * std::cos(gl), kGsoRadiusM * std::sin(gl), 0.0);
  const Eigen::Vector3d boresight = (gso - es).normalized();
  if (boresight.dot(up) <= 0.0)
    throw RangeError("epfd test point '" + point.name + "': GSO satellite elevation", std::asin(boresight.dot(up)) / kDeg,
                     "> 0 deg (the satellite must be above the earth station's horizon)", "EPFD geometry");

  std::vector<radio::S1428Pattern> patterns;
  double narrowest = std::numeric_limits<double>::infinity();
  for (double d : options.antenna_diameters_m) {
    patterns.emplace_back(units::metres(d), units::ghz(options.frequency_ghz));
    narrowest = std::min(narrowest, patterns.back().beamwidth_3db_deg());
  }
  // Lowest satellite at the first instant sets the angular rate of the time step.
  const core::TimeGrid first(options.start, 1.0, 1);
  const orbit::Ephemeris e0 = sats.compute(first);
  double min_alt = std::numeric_limits<double>::infinity();
  for (Eigen::Index i = 0; i < e0.positions(0).cols(); ++i) {
    const double r = e0.positions(0).col(i).norm();
    if (std::isfinite(r)) min_alt = std::min(min_alt, r - core::Wgs84::a);
  }
  res.min_altitude_km = min_alt / 1e3;
  res.step_s = options.step_s > 0 ? options.step_s : epfd_time_step_s(narrowest, options.n_hits, res.min_altitude_km);
  res.steps = std::max<std::int64_t>(1, static_cast<std::int64_t>(std::floor(options.duration_s / res.step_s)));
  const core::TimeGrid grid(options.start, res.step_s, res.steps);
  const std::size_t na = patterns.size();
  const auto ns = static_cast<std::int64_t>(sats.satellite_count());
  res.satellite_steps = ns * res.steps;

  // GSO-arc exclusion seen from the test point (the capacity model's table for one point).
  Eigen::Matrix3Xd one(3, 1);
  one.col(0) = es;
  const GsoArcTable arc(one, payload.gso_exclusion_deg * kDeg);
  const double ref_bw_db = 10.0 * std::log10(40.0 / 1000.0);  // dBW/MHz -> dBW/40 kHz (Table 22-1A)
  const double eirp_peak = payload.eirp_density_dbw_mhz + ref_bw_db;
  const double eirp_side = eirp_peak + payload.sidelobe_db;
  const double sin_min_el = std::sin(payload.min_elevation_deg * kDeg);
  const double cos_max_scan = std::cos(payload.max_scan_deg * kDeg);

  std::vector<double> out(static_cast<std::size_t>(res.steps) * na, -std::numeric_limits<double>::infinity());
  sats.for_each_block(grid, [&](const orbit::Ephemeris& block) {
    tbb::parallel_for(std::int64_t{0}, block.step_count(), [&](std::int64_t k) {
      const Eigen::Matrix3Xd& pos = block.positions(k);
      struct InView {
        double sin_el, dist, eirp;
        double rel[8];
        bool eligible;
      };
      std::vector<InView> view;
      view.reserve(256);
      for (Eigen::Index i = 0; i < pos.cols(); ++i) {
        const Eigen::Vector3d p = pos.col(i);
        const Eigen::Vector3d d = p - es;
        const double up_dot = d.dot(up);
        if (!(up_dot > 0.0)) continue;  // below the horizon (or a failed state)
        const double r = d.norm();
        const Eigen::Vector3d u = d / r;
        InView v{};
        v.sin_el = up_dot / r;
        v.dist = r;
        const double cos_scan = p.normalized().dot(u);  // at the satellite: nadir . (satellite -> point)
        v.eligible = v.sin_el >= sin_min_el && cos_scan >= cos_max_scan && !(arc.active() && arc.excluded(0, es, u));
        v.eirp = v.eligible && payload.scan_exponent > 0 ? eirp_peak + 10.0 * payload.scan_exponent * std::log10(cos_scan) : eirp_peak;
        const double phi = std::acos(std::clamp(boresight.dot(u), -1.0, 1.0)) / kDeg;
        for (std::size_t a = 0; a < na; ++a) v.rel[a] = patterns[a].gain_at_deg(phi) - patterns[a].peak_gain().value();
        view.push_back(v);
      }
      // The N_co eligible satellites highest in the sky serve the test point; the others radiate side lobes.
      std::vector<std::size_t> order;
      for (std::size_t j = 0; j < view.size(); ++j)
        if (view[j].eligible) order.push_back(j);
      std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return view[a].sin_el > view[b].sin_el; });
      for (std::size_t q = static_cast<std::size_t>(payload.nco); q < order.size(); ++q) view[order[q]].eligible = false;
      const std::size_t t = static_cast<std::size_t>(block.first_step() + k);
      for (std::size_t a = 0; a < na; ++a) {
        double sum = 0.0;
        for (const InView& v : view) {
          const double eirp = v.eligible ? v.eirp : eirp_side;
          sum += std::pow(10.0, 0.1 * (eirp + v.rel[a])) / (4.0 * std::numbers::pi * v.dist * v.dist);
        }
        out[t * na + a] = sum > 0.0 ? 10.0 * std::log10(sum) : -std::numeric_limits<double>::infinity();
      }
    });
  });

  for (std::size_t a = 0; a < na; ++a) {
    EpfdAntennaResult ar;
    ar.diameter_m = options.antenna_diameters_m[a];
    ar.gmax_dbi = patterns[a].peak_gain().value();
    ar.beamwidth_deg = patterns[a].beamwidth_3db_deg();
    ar.epfd_dbw_m2.resize(static_cast<std::size_t>(res.steps));
    for (std::int64_t t = 0; t < res.steps; ++t) ar.epfd_dbw_m2[static_cast<std::size_t>(t)] = out[static_cast<std::size_t>(t) * na + a];
    check_epfd(radio::article22_down_limit(options.frequency_ghz, ar.diameter_m), ar.epfd_dbw_m2, ar);
    res.antennas.push_back(std::move(ar));
  }
  return res;
}

}  // namespace satcap::capacity
