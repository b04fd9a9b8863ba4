#pragma once
/// @file geodesy.hpp
/// WGS84 geodesy, frames (TEME -> ECEF) and topocentric look angles, scalar and batch.
///
/// Geodetic <-> ECEF uses GeographicLib's `Geocentric` (Karney's exact algorithm, round trip
/// < 1e-9 m). TEME -> ECEF is the rotation by GMST (IAU-82, UT1 ~ UTC); polar motion is neglected
/// (< 15 m at the surface, documented in docs/models/frames.md). Batch functions take 3xN Eigen
/// matrices of positions in metres (SoA rows x, y, z) and run in parallel with oneTBB; they give
/// the same numbers whatever the thread count (each column is independent).
/// Thread-safety: every function here is reentrant; `Site` is an immutable value.
#include <satcap/core/time.hpp>
#include <satcap/core/units.hpp>
#include <satcap/export.hpp>

#include <Eigen/Dense>

namespace satcap::core {

/// WGS84 ellipsoid constants (NIMA TR8350.2).
struct Wgs84 {
  static constexpr double a = 6378137.0;                ///< equatorial radius, m
  static constexpr double f = 1.0 / 298.257223563;      ///< flattening
  static constexpr double e2 = f * (2.0 - f);           ///< first eccentricity squared
  static constexpr double omega_earth = 7.292115e-5;    ///< Earth rotation rate, rad/s (IERS value used with GMST)
};

/// A geodetic position on WGS84.
struct SATCAP_EXPORT Geodetic {
  units::Angle latitude;   ///< geodetic latitude
  units::Angle longitude;  ///< longitude, east positive
  units::Length height;    ///< height above the ellipsoid

  /// Convenience: degrees, degrees, metres. Throws RangeError for |lat| > 90 or non-finite values.
  static Geodetic degrees(double lat_deg, double lon_deg, double height_m = 0.0);
  double lat_deg() const { return units::to_deg(latitude); }
  double lon_deg() const { return units::to_deg(longitude); }
  double height_m() const { return units::to_metres(height); }
};

/// Azimuth (from north, clockwise, [0, 360) deg), elevation ([-90, 90] deg), slant range and range rate.
struct LookAngles {
  units::Angle azimuth;
  units::Angle elevation;
  units::Length range;
  units::Speed range_rate;  ///< positive when the range grows; zero when no velocity was given
};

/// ECEF position (m) of a geodetic point.
SATCAP_EXPORT Eigen::Vector3d ecef_from_geodetic(const Geodetic& g);
/// Geodetic point of an ECEF position (m). Exact at the poles and at the centre's neighbourhood.
SATCAP_EXPORT Geodetic geodetic_from_ecef(const Eigen::Vector3d& ecef_m);

/// Rotates a TEME state into ECEF (pseudo Earth-fixed, polar motion neglected) at epoch t.
/// Positions in m or km (the unit passes through), velocities in the same unit per second; the
/// velocity gets the -omega x r term of the rotating frame.
SATCAP_EXPORT void teme_to_ecef(const Eigen::Vector3d& r_teme, const Eigen::Vector3d& v_teme, const Epoch& t,
                                Eigen::Vector3d& r_ecef, Eigen::Vector3d& v_ecef);
/// Position-only variant with a precomputed GMST (radians), for batch use.
SATCAP_EXPORT Eigen::Vector3d teme_to_ecef_position(const Eigen::Vector3d& r_teme, double gmst_rad);

/// A ground site with its topocentric (east-north-up) frame precomputed. Immutable, cheap to copy.
class SATCAP_EXPORT Site {
 public:
  explicit Site(const Geodetic& where);
  const Geodetic& geodetic() const { return where_; }
  const Eigen::Vector3d& ecef() const { return ecef_; }
  /// Rows are the unit vectors east, north, up in ECEF.
  const Eigen::Matrix3d& enu_rotation() const { return enu_; }

  /// Look angles to a target at ECEF position (m), with optional ECEF velocity (m/s).
  LookAngles look_at(const Eigen::Vector3d& target_ecef_m,
                     const Eigen::Vector3d& target_vel_ecef_m_s = Eigen::Vector3d::Zero()) const;

  /// Batch look angles to N targets (3xN, m): azimuth and elevation in radians, range in metres.
  /// Outputs are resized to N. Parallel over targets with oneTBB when N is large.
  void look_at(const Eigen::Matrix3Xd& targets_ecef_m, Eigen::ArrayXd& azimuth_rad, Eigen::ArrayXd& elevation_rad,
               Eigen::ArrayXd& range_m) const;

 private:
  Geodetic where_;
  Eigen::Vector3d ecef_;
  Eigen::Matrix3d enu_;
};

/// Batch geodetic -> ECEF: latitude and longitude in radians, height in metres (all length N);
/// output 3xN in metres. Parallel with oneTBB.
SATCAP_EXPORT void ecef_from_geodetic(const Eigen::ArrayXd& lat_rad, const Eigen::ArrayXd& lon_rad,
                                      const Eigen::ArrayXd& height_m, Eigen::Matrix3Xd& ecef_m);

/// Batch ECEF -> geodetic (3xN metres in; radians and metres out). Parallel with oneTBB.
SATCAP_EXPORT void geodetic_from_ecef(const Eigen::Matrix3Xd& ecef_m, Eigen::ArrayXd& lat_rad,
                                      Eigen::ArrayXd& lon_rad, Eigen::ArrayXd& height_m);

/// Elevation (radians) of a target seen from a site, from ECEF positions (m), using the site's
/// ellipsoid normal (geodetic up).
SATCAP_EXPORT double elevation_rad(const Site& site, const Eigen::Vector3d& target_ecef_m);

}  // namespace satcap::core
