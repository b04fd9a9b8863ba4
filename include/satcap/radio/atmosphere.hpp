#pragma once
/// @file atmosphere.hpp
/// Earth-space slant-path atmospheric attenuation, Recommendation ITU-R P.618-14 (08/2023) §2.5:
///   AT(p) = AG(p) + sqrt( (AR(p) + AC(p))^2 + AS(p)^2 ),  AG(p) = AG(5 %), AC(p) = AC(5 %) for p < 5 %
/// with
///  - AR: rain attenuation, P.618-14 §2.2.1.1 with P.838-3 (γR), P.839-4 (rain height) and R0.01
///    from P.837-7 Annex 1 (full method from the monthly maps: the R0.01 map is not available), or
///    given explicitly; AR = 0 for p > 5 % (the rain method's upper limit, as in the workbook's CCDF).
///  - AS: tropospheric scintillation, P.618-14 §2.4.1 (el >= 5 deg), with the P.453-14 median wet
///    refractivity. (§2.4.2 below 5 deg needs the P.453 worst-month pL maps, not available here.)
///  - AC: cloud attenuation (pluggable CloudSource; default P.840-9 Annex 1 with the annual L(p) maps).
///  - AG: gaseous attenuation (pluggable GasSource). P.618-14 takes AG from P.676-13 Annex 2 with
///    P.2145 surface statistics, which are NOT available here (nor the Annex 2 Part 2 water-vapour
///    coefficients). The default GasSource is: oxygen Ao = gamma_o h_o (P.676-13 Annex 2 eq. (31)-(32),
///    Part 1 coefficients) and water vapour Aw = gamma_w(rho(p)) V(p)/rho(p) (line-by-line gamma_w
///    times the vapour scale height V/rho), fed by P.836-6 (rho, V at p and station height), P.1510-1
///    (annual mean T) and the P.835-6 reference pressure at the station height. It differs from the
///    workbook AG (documented in docs/models/p618.md); the §2.5 combination itself is validated with
///    the workbook's own component values, and AR, AS, AC with our own models.
///
/// Validity (RangeError outside, never clamped): frequency 4-55 GHz (scintillation and rain limits),
/// elevation [5, 90] deg, p in [0.001, 50] %, latitude [-90, 90], antenna diameter (0, 100] m,
/// efficiency (0, 1], station height [-0.5, 10] km.
///
/// Thread-safety: Atmosphere and SiteAttenuationTable are immutable and may be shared across threads.
#include <satcap/export.hpp>
#include <satcap/core/units.hpp>
#include <satcap/radio/climate_maps.hpp>

#include <cstddef>
#include <memory>
#include <optional>
#include <span>
#include <vector>

namespace satcap::radio {

/// One slant-path query. Angles in degrees, heights in km, frequency in GHz, p in percent.
struct SlantPathInput {
  double lat_deg = 0;
  double lon_deg = 0;
  double elevation_deg = 0;
  double frequency_ghz = 0;
  double p_percent = 0;              ///< time percentage of an average year the loss is exceeded
  double antenna_diameter_m = 1;     ///< ground antenna physical diameter (scintillation)
  double antenna_efficiency = 0.5;   ///< ground antenna aperture efficiency (scintillation)
  double polarisation_tilt_deg = 45; ///< tilt of the polarisation relative to horizontal (45 = circular)
  std::optional<double> station_height_km;  ///< above mean sea level; default: P.1511-1 topography
  std::optional<double> r001_mm_h;          ///< R0.01; default: P.837-7 Annex 1 from the monthly maps
  /// P.618-14 states its rain and scintillation methods for 1/4-55 GHz. When true, the same equations
  /// are evaluated up to 100 GHz (P.838-3, P.676 and P.840 are valid there): an explicit, reported
  /// extrapolation for E-band feeder links (71-86 GHz); false rejects f > 55 GHz with RangeError.
  bool extrapolate_above_55ghz = false;
};

/// Attenuation components (dB), all for the same exceedance p (with the §2.5 5 % rule applied to
/// gas and cloud).
struct AttenuationComponents {
  double gas_db = 0;
  double cloud_db = 0;
  double rain_db = 0;
  double scintillation_db = 0;
  double total_db = 0;
  /// The total as a dB strong type (core/units.hpp).
  units::Decibel total() const { return units::Decibel(total_db); }
};

/// P.618-14 eq. (64) combination: AG + sqrt((AR + AC)^2 + AS^2).
SATCAP_EXPORT double combine_total_attenuation(double gas_db, double cloud_db, double rain_db,
                                               double scintillation_db);

/// Elevation-independent state of one site (location, height, frequency, p, polarisation, antenna),
/// from which the components at any elevation are cheap closed forms. Built by Atmosphere::prepare.
struct SitePrecomputed;

/// Pluggable gaseous-attenuation source. Called with the §2.5 effective p (max(p, 5 %)).
/// `zenith_db` returns the zenith attenuation (dB) at the station (the slant value is
/// zenith / sin(el) for el >= 5 deg, as in P.676-13 Annex 2 eq. (29)-(30)).
class SATCAP_EXPORT GasSource {
 public:
  virtual ~GasSource() = default;
  virtual double zenith_db(double lat_deg, double lon_deg, double station_height_km, double frequency_ghz,
                           double p_percent) const = 0;
};

/// Pluggable cloud-attenuation source: zenith cloud attenuation (dB) (slant = zenith / sin(el), P.840-9).
class SATCAP_EXPORT CloudSource {
 public:
  virtual ~CloudSource() = default;
  virtual double zenith_db(double lat_deg, double lon_deg, double frequency_ghz, double p_percent) const = 0;
};

/// Default gas source (see file comment): P.676-13 Annex 2 with P.836-6 / P.1510-1 / P.835 inputs.
SATCAP_EXPORT std::shared_ptr<const GasSource> default_gas_source(std::shared_ptr<const ClimateMaps> maps);
/// Default cloud source: P.840-9 Annex 1 with the annual L(p) maps.
SATCAP_EXPORT std::shared_ptr<const CloudSource> default_cloud_source(std::shared_ptr<const ClimateMaps> maps);
/// P.840-9 log-normal approximation (mL, sL, pL maps).
SATCAP_EXPORT std::shared_ptr<const CloudSource> lognormal_cloud_source(std::shared_ptr<const ClimateMaps> maps);

/// The P.618-14 §2.5 slant-path chain.
class SATCAP_EXPORT Atmosphere {
 public:
  explicit Atmosphere(std::shared_ptr<const ClimateMaps> maps, std::shared_ptr<const GasSource> gas = nullptr,
                      std::shared_ptr<const CloudSource> cloud = nullptr);

  /// All components for one query. RangeError for inputs outside the validity (see file comment).
  AttenuationComponents slant_path(const SlantPathInput& in) const;
  /// Batch over many queries (parallel with oneTBB); out.size() == in.size().
  void slant_path(std::span<const SlantPathInput> in, std::span<AttenuationComponents> out) const;

  /// Per-site, elevation-independent precomputation (in.elevation_deg is ignored).
  std::shared_ptr<const SitePrecomputed> prepare(const SlantPathInput& in) const;
  /// Components at `elevation_deg` from a prepared site (exactly equal to slant_path()).
  AttenuationComponents evaluate(const SitePrecomputed& site, double elevation_deg) const;

  const std::shared_ptr<const ClimateMaps>& maps() const { return maps_; }

 private:
  std::shared_ptr<const ClimateMaps> maps_;
  std::shared_ptr<const GasSource> gas_;
  std::shared_ptr<const CloudSource> cloud_;
};

/// Hot-loop support: total attenuation of one site as a function of elevation, tabulated over
/// [min_elevation_deg, 90] and interpolated with cubic Hermite splines. The table is split where the
/// model is not smooth: at 25 deg (P.618-14 rain step 10 switches beta there, a small jump when
/// p < 1 % and |lat| < 36 deg) and at 60 deg, above which the table variable is sqrt(cos(el)) because
/// the rain model's r0.01 has a sqrt(LG) term (infinite slope at zenith).
/// Error against Atmosphere::evaluate over 5-90 deg: <= 2e-3 dB with the default 0.5 deg step
/// (tests/radio/itur_models_test.cpp, six climates, p 0.001-20 %); max_error_db() reports the
/// error measured at the interval midpoints when the table was built.
class SATCAP_EXPORT SiteAttenuationTable {
 public:
  /// `site.elevation_deg` is ignored. `step_deg` is the table spacing below 60 deg.
  SiteAttenuationTable(const Atmosphere& atmosphere, const SlantPathInput& site, double min_elevation_deg = 5.0,
                       double step_deg = 0.5);

  /// Total attenuation (dB) at elevation_deg in [min_elevation_deg, 90]; NaN outside (no throw:
  /// this is the hot path).
  double total_db(double elevation_deg) const noexcept;
  /// Batch: out[i] = total_db(elevation_deg[i]).
  void total_db(std::span<const double> elevation_deg, std::span<double> out) const noexcept;

  double min_elevation_deg() const { return el0_; }
  /// Largest |interpolated - direct| (dB) found at the midpoints between nodes when the table was built.
  double max_error_db() const { return max_err_; }

 private:
  struct Segment {
    double el_lo = 0, el_hi = 0;  // elevation range [el_lo, el_hi)
    bool sqrt_cos = false;        // variable x = sqrt(cos el) instead of el (deg)
    double x0 = 0, step = 1, inv_step = 1;
    std::vector<double> value, slope;  // at the nodes, slope d/dx
    double eval(double x) const noexcept;
  };
  double el0_ = 5;
  std::vector<Segment> seg_;
  double max_err_ = 0;
};

}  // namespace satcap::radio
