#include <satcap/core/error.hpp>
#include <satcap/core/geodesy.hpp>

#include <GeographicLib/Geocentric.hpp>
#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <numbers>

namespace satcap::core {

namespace {
constexpr double kTwoPi = 2.0 * std::numbers::pi;
constexpr double kRadToDeg = 180.0 / std::numbers::pi;
constexpr Eigen::Index kGrain = 4096;

const GeographicLib::Geocentric& earth() { return GeographicLib::Geocentric::WGS84(); }

// Closed-form geodetic -> ECEF (the forward transformation is exact; no iteration).
inline void forward(double lat, double lon, double h, double& x, double& y, double& z) {
  const double sl = std::sin(lat), cl = std::cos(lat);
  const double n = Wgs84::a / std::sqrt(1.0 - Wgs84::e2 * sl * sl);
  x = (n + h) * cl * std::cos(lon);
  y = (n + h) * cl * std::sin(lon);
  z = (n * (1.0 - Wgs84::e2) + h) * sl;
}
}  // namespace

Geodetic Geodetic::degrees(double lat_deg, double lon_deg, double height_m) {
  require_in_range("latitude", lat_deg, -90.0, 90.0, "deg", "WGS84 geodetic position");
  if (!std::isfinite(lon_deg)) throw RangeError("longitude", lon_deg, "finite degrees", "WGS84 geodetic position");
  if (!std::isfinite(height_m)) throw RangeError("height", height_m, "finite metres", "WGS84 geodetic position");
  return {units::deg(lat_deg), units::deg(lon_deg), units::metres(height_m)};
}

Eigen::Vector3d ecef_from_geodetic(const Geodetic& g) {
  Eigen::Vector3d r;
  forward(units::to_rad(g.latitude), units::to_rad(g.longitude), units::to_metres(g.height), r.x(), r.y(), r.z());
  return r;
}

namespace {
// GeographicLib's reverse solution followed by one Newton step on the exact forward map, which brings
// the round trip to the rounding level of the coordinates (< 1e-9 m at the surface).
void reverse_refined(double x, double y, double z, double& lat_rad, double& lon_rad, double& h) {
  double lat_deg = 0, lon_deg = 0;
  earth().Reverse(x, y, z, lat_deg, lon_deg, h);
  lat_rad = lat_deg / kRadToDeg;
  lon_rad = lon_deg / kRadToDeg;
  if (std::abs(lat_deg) >= 90.0) return;
  double fx = 0, fy = 0, fz = 0;
  forward(lat_rad, lon_rad, h, fx, fy, fz);
  const double dx = x - fx, dy = y - fy, dz = z - fz;
  const double sl = std::sin(lat_rad), cl = std::cos(lat_rad), so = std::sin(lon_rad), co = std::cos(lon_rad);
  const double w = 1.0 - Wgs84::e2 * sl * sl;
  const double n = Wgs84::a / std::sqrt(w);
  const double m = Wgs84::a * (1.0 - Wgs84::e2) / (w * std::sqrt(w));
  const double de = -so * dx + co * dy;
  const double dn = -sl * co * dx - sl * so * dy + cl * dz;
  const double du = cl * co * dx + cl * so * dy + sl * dz;
  lat_rad += dn / (m + h);
  if (cl * (n + h) > 1e-3) lon_rad += de / ((n + h) * cl);
  h += du;
}
}  // namespace

Geodetic geodetic_from_ecef(const Eigen::Vector3d& ecef_m) {
  double lat = 0, lon = 0, h = 0;
  reverse_refined(ecef_m.x(), ecef_m.y(), ecef_m.z(), lat, lon, h);
  return {units::rad(lat), units::rad(lon), units::metres(h)};
}

Eigen::Vector3d teme_to_ecef_position(const Eigen::Vector3d& r_teme, double gmst_rad) {
  const double c = std::cos(gmst_rad), s = std::sin(gmst_rad);
  return {c * r_teme.x() + s * r_teme.y(), -s * r_teme.x() + c * r_teme.y(), r_teme.z()};
}

void teme_to_ecef(const Eigen::Vector3d& r_teme, const Eigen::Vector3d& v_teme, const Epoch& t,
                  Eigen::Vector3d& r_ecef, Eigen::Vector3d& v_ecef) {
  const double g = gmst82(t);
  r_ecef = teme_to_ecef_position(r_teme, g);
  const Eigen::Vector3d v_rot = teme_to_ecef_position(v_teme, g);
  const Eigen::Vector3d omega(0.0, 0.0, Wgs84::omega_earth);
  v_ecef = v_rot - omega.cross(r_ecef);
}

Site::Site(const Geodetic& where) : where_(where), ecef_(ecef_from_geodetic(where)) {
  const double lat = units::to_rad(where.latitude), lon = units::to_rad(where.longitude);
  const double sl = std::sin(lat), cl = std::cos(lat), so = std::sin(lon), co = std::cos(lon);
  enu_ << -so, co, 0.0,            // east
      -sl * co, -sl * so, cl,      // north
      cl * co, cl * so, sl;        // up
}

LookAngles Site::look_at(const Eigen::Vector3d& target_ecef_m, const Eigen::Vector3d& target_vel_ecef_m_s) const {
  const Eigen::Vector3d d = target_ecef_m - ecef_;
  const Eigen::Vector3d enu = enu_ * d;
  const double range = d.norm();
  double az = std::atan2(enu.x(), enu.y());
  if (az < 0.0) az += kTwoPi;
  const double horiz = std::hypot(enu.x(), enu.y());
  const double el = std::atan2(enu.z(), horiz);
  const double rate = range > 0.0 ? d.dot(target_vel_ecef_m_s) / range : 0.0;
  return {units::rad(az), units::rad(el), units::metres(range), units::metres_per_second(rate)};
}

void Site::look_at(const Eigen::Matrix3Xd& targets, Eigen::ArrayXd& az, Eigen::ArrayXd& el, Eigen::ArrayXd& range) const {
  const Eigen::Index n = targets.cols();
  az.resize(n);
  el.resize(n);
  range.resize(n);
  const Eigen::Matrix3d rot = enu_;
  const Eigen::Vector3d origin = ecef_;
  auto body = [&](const tbb::blocked_range<Eigen::Index>& r) {
    for (Eigen::Index i = r.begin(); i != r.end(); ++i) {
      const double dx = targets(0, i) - origin.x(), dy = targets(1, i) - origin.y(), dz = targets(2, i) - origin.z();
      const double e = rot(0, 0) * dx + rot(0, 1) * dy;
      const double nn = rot(1, 0) * dx + rot(1, 1) * dy + rot(1, 2) * dz;
      const double u = rot(2, 0) * dx + rot(2, 1) * dy + rot(2, 2) * dz;
      double a = std::atan2(e, nn);
      az[i] = a < 0.0 ? a + kTwoPi : a;
      el[i] = std::atan2(u, std::sqrt(e * e + nn * nn));
      range[i] = std::sqrt(dx * dx + dy * dy + dz * dz);
    }
  };
  if (n < kGrain) {
    body(tbb::blocked_range<Eigen::Index>(0, n));
  } else {
    tbb::parallel_for(tbb::blocked_range<Eigen::Index>(0, n, kGrain), body);
  }
}

void ecef_from_geodetic(const Eigen::ArrayXd& lat_rad, const Eigen::ArrayXd& lon_rad, const Eigen::ArrayXd& height_m,
                        Eigen::Matrix3Xd& ecef_m) {
  const Eigen::Index n = lat_rad.size();
  if (lon_rad.size() != n || height_m.size() != n) throw Error("ecef_from_geodetic: arrays differ in length");
  ecef_m.resize(3, n);
  tbb::parallel_for(tbb::blocked_range<Eigen::Index>(0, n, kGrain), [&](const tbb::blocked_range<Eigen::Index>& r) {
    for (Eigen::Index i = r.begin(); i != r.end(); ++i)
      forward(lat_rad[i], lon_rad[i], height_m[i], ecef_m(0, i), ecef_m(1, i), ecef_m(2, i));
  });
}

void geodetic_from_ecef(const Eigen::Matrix3Xd& ecef_m, Eigen::ArrayXd& lat_rad, Eigen::ArrayXd& lon_rad,
                        Eigen::ArrayXd& height_m) {
  const Eigen::Index n = ecef_m.cols();
  lat_rad.resize(n);
  lon_rad.resize(n);
  height_m.resize(n);
  tbb::parallel_for(tbb::blocked_range<Eigen::Index>(0, n, kGrain), [&](const tbb::blocked_range<Eigen::Index>& r) {
    for (Eigen::Index i = r.begin(); i != r.end(); ++i)
      reverse_refined(ecef_m(0, i), ecef_m(1, i), ecef_m(2, i), lat_rad[i], lon_rad[i], height_m[i]);
  });
}

double elevation_rad(const Site& site, const Eigen::Vector3d& target_ecef_m) {
  const Eigen::Vector3d d = target_ecef_m - site.ecef();
  const Eigen::Vector3d up = site.enu_rotation().row(2).transpose();
  return std::asin(std::clamp(up.dot(d) / d.norm(), -1.0, 1.0));
}

}  // namespace satcap::core
