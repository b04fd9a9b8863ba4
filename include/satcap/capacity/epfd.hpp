#pragma once
/// @file epfd.hpp
/// EPFD(down) statistics of a non-GSO constellation at a GSO earth station, after the functional
/// description of ITU-R S.1503-4 (09/2023) Annex 1 (docs/models/epfd.md):
///   - the test point: a GSO FSS earth station (latitude, longitude) pointing at a geostationary
///     satellite (its longitude), with the ITU-R S.1428-1 reference pattern of each reference antenna;
///   - a time grid whose step gives N_hits = 5 samples while a satellite crosses the 3 dB beamwidth of
///     the narrowest antenna at the highest angular rate seen from the ground (S.1503 Part D; derived
///     in epfd_time_step_s());
///   - at each step, No. 22.5C summed over every non-GSO satellite above the earth station's horizon:
///     the PFD of the satellite's EIRP in the reference bandwidth toward the test point x G_r(phi) / G_r,max;
///   - the satellites' EIRP toward the test point from the payload mask (the worst-case pfd-mask approach
///     S.1503 allows, built from the capacity model's payload): the N_co satellites that may serve the
///     test point (above the system's elevation mask, inside the scan range, outside the GSO-arc
///     exclusion angle seen from the test point), highest elevation first, point a beam at it with the
///     beam's EIRP density (scan loss cos^k); every other satellite in view radiates its side-lobe level;
///   - the CDF of EPFD over the grid per antenna, checked against RR Article 22 Table 22-1A point by point
///     and along the mask curve (margins in dB).
/// Determinism: steps are computed in parallel into their own slots; results do not depend on threads.
/// Thread-safety: compute_epfd() is reentrant.
#include <satcap/core/time.hpp>
#include <satcap/export.hpp>
#include <satcap/radio/epfd.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace satcap::orbit {
class BatchPropagator;
}

namespace satcap::capacity {

/// A GSO earth station and the geostationary satellite it points at.
struct EpfdTestPoint {
  std::string name;
  double lat_deg = 0, lon_deg = 0, height_m = 0;
  double gso_lon_deg = 0;  ///< longitude of the wanted geostationary satellite
};

/// The non-GSO satellite's downlink EIRP mask toward a point on the ground (all per satellite).
struct EpfdPayload {
  double eirp_density_dbw_mhz = 0;     ///< beam peak EIRP density at broadside (dBW/MHz)
  double scan_exponent = 1.2;          ///< EIRP toward a served point x cos^k(scan)
  double max_scan_deg = 57.0;          ///< no beam beyond this scan angle
  double min_elevation_deg = 25.0;     ///< no beam toward a point that sees the satellite lower
  double gso_exclusion_deg = 22.0;     ///< no beam toward a point that sees the satellite closer to the GSO arc
  double sidelobe_db = -30.0;          ///< EIRP toward a point the satellite does not serve, relative to the peak
  int nco = 1;                         ///< co-frequency satellites that may serve one location at once
  void validate() const;               ///< RangeError naming the member
};

struct EpfdOptions {
  double frequency_ghz = 11.45;        ///< inside Table 22-1A's bands
  std::vector<double> antenna_diameters_m{0.6, 1.2, 3.0, 10.0};
  int n_hits = 5;                      ///< samples per 3 dB beamwidth crossing (S.1503)
  double duration_s = 3600;            ///< run length (S.1503's full duration is documented, not imposed)
  double step_s = 0;                   ///< 0: epfd_time_step_s(); > 0: imposed (tests)
  core::Epoch start;
  void validate() const;
};

/// One limit point checked: the EPFD exceeded for at most (100 - percent) % of the steps against it.
struct EpfdPointCheck {
  double percent = 0, limit_dbw_m2 = 0, epfd_dbw_m2 = 0;
  double margin_db = 0;                ///< limit - EPFD (positive: room to spare)
  bool resolved = true;                ///< the grid has >= 1 step in the (100 - percent) % tail
  bool pass = true;
};

struct EpfdAntennaResult {
  double diameter_m = 0;
  double gmax_dbi = 0, beamwidth_deg = 0;
  const radio::EpfdLimit* limit = nullptr;
  std::vector<double> epfd_dbw_m2;     ///< per step, time order (-inf: no satellite in view)
  std::vector<EpfdPointCheck> points;  ///< the limit's points with percent > 0
  double worst_curve_margin_db = 0;    ///< min over the mask curve (each step's percentile) of limit - EPFD
  double worst_curve_percent = 0;
  bool pass = true;                    ///< every point and the curve have margin >= 0
};

struct EpfdResult {
  EpfdTestPoint point;
  double step_s = 0;
  std::int64_t steps = 0;
  double min_altitude_km = 0;          ///< lowest satellite at the first step (for the time step)
  std::int64_t satellite_steps = 0;    ///< satellites x steps evaluated
  std::vector<EpfdAntennaResult> antennas;
};

/// The S.1503 time step (s): theta_3dB / (n_hits x omega_max), theta_3dB the S.1428-1 3 dB beamwidth of
/// the narrowest antenna and omega_max = (v_orbit + omega_E R_E) / h the angular rate of a satellite at
/// zenith at the lowest altitude h (upper bound: Earth rotation added head-on).
SATCAP_EXPORT double epfd_time_step_s(double beamwidth_3db_deg, int n_hits, double min_altitude_km);

/// EPFD statistics of one constellation at one test point. Throws RangeError for options out of range.
SATCAP_EXPORT EpfdResult compute_epfd(const orbit::BatchPropagator& satellites, const EpfdPayload& payload,
                                      const EpfdTestPoint& point, const EpfdOptions& options);

/// Checks a series of EPFD values against a limit (fills points, worst curve margin and pass).
SATCAP_EXPORT void check_epfd(const radio::EpfdLimit& limit, const std::vector<double>& epfd_dbw_m2, EpfdAntennaResult& out);

/// The EPFD exceeded for at most (100 - percent) % of `sorted` (ascending): the order statistic
/// ceil(percent / 100 x N), 1-based, clamped to [1, N].
SATCAP_EXPORT double epfd_at_percent(const std::vector<double>& sorted, double percent);

}  // namespace satcap::capacity
