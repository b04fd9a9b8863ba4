#pragma once
/// @file sgp4.hpp
/// SGP4 / SDP4 analytic propagator for GP mean element sets (TLE / OMM).
///
/// What: the Simplified General Perturbations model SGP4 (near-Earth, period < 225 min) and its
/// deep-space extension SDP4 (lunar-solar periodics, 12 h and 24 h resonances), as specified in
/// Hoots & Roehrich, Spacetrack Report #3 (1980) with the corrections of D. A. Vallado, P. Crawford,
/// R. Hujsak, T. S. Kelso, "Revisiting Spacetrack Report #3", AIAA 2006-6753 (2006). Written for satcap
/// from those publications.
/// Constants: WGS-72 (mu = 398600.8 km^3/s^2, Re = 6378.135 km, J2 = 0.001082616, J3 = -0.00000253881,
/// J4 = -0.00000165597), the set GP element sets are fitted with; WGS-84 is available for studies.
/// Mode: opsmode 'i' ("improved": GMST of epoch from the IAU-82 formula, perturbed-inclination Lyddane
/// choice) by default; 'a' (AFSPC) is available.
/// Output: position (km) and velocity (km/s) in TEME of date.
/// Accuracy: reproduces Vallado's C++ reference output (tcppver.out, 33 cases, 666 states) within
/// 2e-7 km and 2e-7 km/s; see tests/validation/orbit_sgp4_test.cpp and docs/models/sgp4.md. The model's own
/// accuracy against truth is ~1 km at epoch growing by 1-3 km/day for LEO.
/// Errors (Vallado's codes, never thrown from propagate()): 0 ok; 1 mean eccentricity >= 1 or < -0.001,
/// or mean semi-major axis < 0.95 Earth radii; 2 mean motion < 0; 3 perturbed eccentricity < 0 or > 1;
/// 4 semi-latus rectum < 0; 5 sub-orbital epoch elements (unused); 6 decayed (radius < 1 Earth radius;
/// the state is still returned). For codes 1-5 the state is NaN.
/// Thread-safety: an Sgp4 object is immutable after construction; propagate() is const, allocation-free,
/// and safe to call concurrently (the deep-space resonance integrator restarts from epoch on every call,
/// which gives the same numbers as Vallado's stateful version).
#include <satcap/core/time.hpp>
#include <satcap/export.hpp>
#include <satcap/orbit/elements.hpp>

#include <Eigen/Dense>

#include <memory>

namespace satcap::orbit {

struct Sgp4Coefficients;

/// Geopotential constant sets for SGP4.
enum class GravityModel { Wgs72Old, Wgs72, Wgs84 };

/// SGP4 options.
struct Sgp4Options {
  GravityModel gravity = GravityModel::Wgs72;
  char opsmode = 'i';  ///< 'i' improved (default, matches the verification set) or 'a' AFSPC
};

/// Vallado's error codes.
enum Sgp4Error : int {
  kSgp4Ok = 0,
  kSgp4MeanElements = 1,
  kSgp4MeanMotion = 2,
  kSgp4PerturbedElements = 3,
  kSgp4SemiLatusRectum = 4,
  kSgp4SubOrbital = 5,
  kSgp4Decayed = 6,
};
/// Short text for an error code ("ok", "mean elements", ..., "decayed").
SATCAP_EXPORT const char* sgp4_error_text(int code);

/// One propagated state.
struct Sgp4State {
  Eigen::Vector3d r_km;      ///< TEME position (km)
  Eigen::Vector3d v_km_s;    ///< TEME velocity (km/s)
  int error = 0;             ///< 0..6 as above
};

/// Gravity constants (km, min) of a model.
struct GravityConstants {
  double mu;       ///< km^3/s^2
  double radius;   ///< km
  double xke;      ///< sqrt(mu) in earth radii^1.5 / min
  double tumin;    ///< 1/xke
  double j2, j3, j4, j3oj2;
};
SATCAP_EXPORT GravityConstants gravity_constants(GravityModel model);

class SATCAP_EXPORT Sgp4 {
 public:
  /// Initialises the model from mean elements. Never throws for physically odd elements: the code of the
  /// state at epoch (e.g. 3 for Vallado's case 33334) is kept in init_error(); every propagate() reports its
  /// own code.
  explicit Sgp4(const MeanElements& elements, const Sgp4Options& options = {});

  /// State at `tsince_min` minutes after the element epoch (may be negative). Never throws, never allocates.
  Sgp4State propagate(double tsince_min) const noexcept;
  /// Raw variant: writes r (km) and v (km/s) TEME, returns the error code.
  int propagate(double tsince_min, double r_km[3], double v_km_s[3]) const noexcept;
  /// State at an instant (tsince from the UTC Julian-date difference, as is standard for TLEs).
  Sgp4State propagate(const core::Epoch& t) const noexcept;
  /// Minutes from the element epoch to `t` (UTC Julian-date difference).
  double minutes_since_epoch(const core::Epoch& t) const noexcept;
  double minutes_since_epoch(const core::JulianDate& jd_utc) const noexcept;

  const MeanElements& elements() const noexcept { return elements_; }
  /// Error found at initialisation (0 if none).
  int init_error() const noexcept { return init_error_; }
  /// True when the deep-space (SDP4) branch is used (period >= 225 min).
  bool deep_space() const noexcept;
  /// Un-Kozai'd mean motion (rad/min) and semi-major axis (earth radii) at epoch.
  double mean_motion_rad_min() const noexcept;
  double semi_major_axis_er() const noexcept;
  const GravityConstants& constants() const noexcept { return grav_; }

  /// Raw model coefficients, for the batch kernels in engine/orbit (layout is not a stable API).
  const Sgp4Coefficients& coefficients() const noexcept { return *c_; }

 private:
  MeanElements elements_;
  GravityConstants grav_{};
  int init_error_ = 0;
  std::shared_ptr<const Sgp4Coefficients> c_;  // immutable, shared by copies
};

}  // namespace satcap::orbit
