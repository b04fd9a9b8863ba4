#pragma once
/// @file j2.hpp
/// J2 secular propagator: Keplerian motion plus the first-order secular drift of the node, the argument
/// of perigee and the mean anomaly caused by the Earth's oblateness (J2).
///
/// Model (Vallado, "Fundamentals of Astrodynamics and Applications", 4th ed., sec. 9.6, eqs. 9-41):
///   p = a (1 - e^2),  n = sqrt(mu / a^3)
///   dRAAN/dt = -3/2 n J2 (Re/p)^2 cos i
///   dargp/dt =  3/4 n J2 (Re/p)^2 (5 cos^2 i - 1)
///   dM/dt    =  n + 3/4 n J2 (Re/p)^2 sqrt(1 - e^2) (3 cos^2 i - 1)
/// The elements are mean elements in an inertial equatorial frame (taken as TEME of the epoch, the frame
/// SGP4 uses), so ECEF follows by the GMST rotation like SGP4's output. Constants: WGS-84 mu and Re with
/// EGM96 J2 = 1.08262668e-3 by default (WGS-72 selectable to compare with SGP4).
/// Validity: near-circular, near-Earth orbits where drag and short-period terms are not needed (Walker
/// shells). Difference to SGP4 from the same mean elements (550 km, 53 deg, e = 1e-4, no drag): max 12.9 km
/// over one day, 8.0 km at 24 h (SGP4's short-period J2 and J2^2/J4 secular terms are absent here); see
/// docs/models/walker.md.
/// Thread-safety: immutable value; propagate() is const and allocation-free.
#include <satcap/core/units.hpp>
#include <satcap/export.hpp>

#include <Eigen/Dense>

namespace satcap::orbit {

/// Classical mean elements for the J2 propagator (SI at the boundary through Boost.Units).
struct KeplerElements {
  units::Length semi_major_axis;
  double eccentricity = 0.0;
  units::Angle inclination;
  units::Angle raan;
  units::Angle arg_perigee;
  units::Angle mean_anomaly;
};

/// Constants for the J2 propagator.
struct J2Constants {
  double mu_m3_s2 = 3.986004418e14;   ///< WGS-84 GM (m^3/s^2)
  double radius_m = 6378137.0;        ///< WGS-84 equatorial radius (m)
  double j2 = 1.08262668e-3;          ///< EGM96 / WGS-84 J2 (unnormalised)
  static J2Constants wgs72() { return {398600.8e9, 6378135.0, 0.001082616}; }
};

class SATCAP_EXPORT J2Propagator {
 public:
  /// Throws RangeError for a <= 0, e outside [0, 1), inclination outside [0, 180] deg.
  explicit J2Propagator(const KeplerElements& elements, const J2Constants& constants = {});
  /// Position (m) and velocity (m/s) in the inertial (TEME-like) frame, `dt_s` seconds after epoch.
  void propagate(double dt_s, double r_m[3], double v_m_s[3]) const noexcept;
  Eigen::Vector3d position_m(double dt_s) const noexcept;

  double raan_rate_rad_s() const noexcept { return raan_dot_; }
  double argp_rate_rad_s() const noexcept { return argp_dot_; }
  double mean_anomaly_rate_rad_s() const noexcept { return m_dot_; }
  const KeplerElements& elements() const noexcept { return el_; }
  const J2Constants& constants() const noexcept { return k_; }

 private:
  KeplerElements el_;
  J2Constants k_;
  double a_, e_, i_, raan0_, argp0_, m0_;
  double raan_dot_, argp_dot_, m_dot_;
  double p_, sqrt_mu_p_;
  double cos_i_, sin_i_;
};

}  // namespace satcap::orbit
