#include <satcap/core/error.hpp>
#include <satcap/core/geodesy.hpp>

#include <GeographicLib/Geocentric.hpp>
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <numbers>

using namespace satcap::core;
namespace u = satcap::units;

TEST(Geodesy, EquatorAndPoleKnownAnswers) {
  Eigen::Vector3d e = ecef_from_geodetic(Geodetic::degrees(0, 0, 0));
  EXPECT_NEAR(e.x(), 6378137.0, 1e-9);
  EXPECT_NEAR(e.y(), 0.0, 1e-9);
  Eigen::Vector3d p = ecef_from_geodetic(Geodetic::degrees(90, 0, 0));
  EXPECT_NEAR(p.z(), 6356752.314245179, 1e-6);  // WGS84 polar radius b
  EXPECT_NEAR(std::hypot(p.x(), p.y()), 0.0, 1e-6);
}

TEST(Geodesy, RoundTripGlobalSweepBelowOneNanometre) {
  // The round trip ECEF -> geodetic -> ECEF must stay below 1e-9 m per coordinate on and near the
  // surface (1 ulp of 6.4e6 m is 9.3e-10 m). Far out
  // the bound is a few units in the last place of the coordinates (GEO: 4.2e7 m, 1 ulp = 7.5e-9 m).
  double worst = 0.0, worst_far = 0.0;
  for (double lat = -90.0; lat <= 90.0; lat += 2.5) {
    for (double lon = -180.0; lon <= 180.0; lon += 7.5) {
      for (double h : {-400.0, 0.0, 8848.0, 550e3, 35786e3}) {
        Geodetic g = Geodetic::degrees(lat, lon, h);
        Eigen::Vector3d r = ecef_from_geodetic(g);
        Geodetic back = geodetic_from_ecef(r);
        Eigen::Vector3d r2 = ecef_from_geodetic(back);
        if (std::abs(h) <= 10e3) worst = std::max(worst, (r2 - r).cwiseAbs().maxCoeff());
        else worst_far = std::max(worst_far, (r2 - r).norm() / r.norm());
        EXPECT_NEAR(back.height_m(), h, 1e-6);
        if (std::abs(lat) < 90.0) {
          EXPECT_NEAR(back.lat_deg(), lat, 1e-12);
        }
      }
    }
  }
  // Forward map rounding alone is up to 2 ulp (1.9e-9 m) per coordinate at the surface.
  EXPECT_LT(worst, 2.0e-9);
  EXPECT_LT(worst_far, 4.0 * std::numeric_limits<double>::epsilon());
}

TEST(Geodesy, ReverseRecoversThePointWithinFiveNanometres) {
  // geodetic -> ECEF -> geodetic: the recovered point differs from the original by < 5e-9 m
  // (latitude and longitude errors converted to metres on the ellipsoid), poles and +/-180 included.
  double worst = 0.0;
  for (double lat = -90.0; lat <= 90.0; lat += 1.25) {
    for (double lon = -180.0; lon <= 180.0; lon += 5.0) {
      for (double h : {-400.0, 0.0, 150.0, 8848.0}) {
        Geodetic g = Geodetic::degrees(lat, lon, h);
        Geodetic back = geodetic_from_ecef(ecef_from_geodetic(g));
        const double dlat = (back.lat_deg() - lat) * std::numbers::pi / 180.0 * 6.4e6;
        double dlon_deg = std::remainder(back.lon_deg() - lon, 360.0);
        const double dlon = std::abs(lat) < 90.0 ? dlon_deg * std::numbers::pi / 180.0 * 6.4e6 * std::cos(lat * std::numbers::pi / 180.0) : 0.0;
        worst = std::max({worst, std::abs(dlat), std::abs(dlon), std::abs(back.height_m() - h)});
      }
    }
  }
  // Degree <-> radian rounding alone is ~1 ulp of the angle (7e-15 deg = 0.8 nm); the bound holds
  // with that included.
  EXPECT_LT(worst, 5e-9);
}

TEST(Geodesy, BatchMatchesGeographicLib) {
  const int n = 5000;
  Eigen::ArrayXd lat(n), lon(n), h(n);
  for (int i = 0; i < n; ++i) {
    lat[i] = (-90.0 + 180.0 * i / (n - 1)) * std::numbers::pi / 180.0;
    lon[i] = (-180.0 + 360.0 * ((i * 37) % n) / n) * std::numbers::pi / 180.0;
    h[i] = (i % 7) * 1e5;
  }
  Eigen::Matrix3Xd r;
  ecef_from_geodetic(lat, lon, h, r);
  const auto& geo = GeographicLib::Geocentric::WGS84();
  for (int i = 0; i < n; ++i) {
    double x, y, z;
    geo.Forward(lat[i] * 180.0 / std::numbers::pi, lon[i] * 180.0 / std::numbers::pi, h[i], x, y, z);
    EXPECT_NEAR(r(0, i), x, 1e-8);
    EXPECT_NEAR(r(1, i), y, 1e-8);
    EXPECT_NEAR(r(2, i), z, 1e-8);
  }
  Eigen::ArrayXd lat2, lon2, h2;
  geodetic_from_ecef(r, lat2, lon2, h2);
  EXPECT_LT((h2 - h).abs().maxCoeff(), 1e-6);
  EXPECT_LT((lat2 - lat).abs().maxCoeff(), 1e-13);
}

TEST(Geodesy, SatelliteAtZenith) {
  for (double lat : {-89.0, -45.0, 0.0, 30.0, 55.75, 82.3}) {
    Geodetic ground = Geodetic::degrees(lat, 37.6, 150.0);
    Site site(ground);
    Eigen::Vector3d sat = ecef_from_geodetic(Geodetic::degrees(lat, 37.6, 550e3));
    LookAngles la = site.look_at(sat);
    EXPECT_NEAR(u::to_deg(la.elevation), 90.0, 1e-9);
    EXPECT_NEAR(u::to_metres(la.range), 550e3 - 150.0, 1e-6);
  }
}

TEST(Geodesy, LookAngleCheckedByHand) {
  // Site on the equator at the prime meridian: east = +y, north = +z, up = +x.
  Site site(Geodetic::degrees(0, 0, 0));
  const double a = Wgs84::a;
  // Target 1000 km up and 1000 km east: azimuth 90, elevation 45, range sqrt(2) * 1000 km.
  LookAngles la = site.look_at(Eigen::Vector3d(a + 1e6, 1e6, 0));
  EXPECT_NEAR(u::to_deg(la.azimuth), 90.0, 1e-12);
  EXPECT_NEAR(u::to_deg(la.elevation), 45.0, 1e-12);
  EXPECT_NEAR(u::to_metres(la.range), std::sqrt(2.0) * 1e6, 1e-6);
  // 550 km up, 1000 km north-west: azimuth 315, elevation atan(550 / 1000).
  LookAngles lb = site.look_at(Eigen::Vector3d(a + 550e3, -1e6 / std::sqrt(2.0), 1e6 / std::sqrt(2.0)));
  EXPECT_NEAR(u::to_deg(lb.azimuth), 315.0, 1e-9);
  EXPECT_NEAR(u::to_deg(lb.elevation), std::atan(0.55) * 180.0 / std::numbers::pi, 1e-9);
  // Range rate: target moving away along the line of sight at 7 km/s.
  LookAngles lc = site.look_at(Eigen::Vector3d(a + 1e6, 0, 0), Eigen::Vector3d(7000, 0, 0));
  EXPECT_NEAR(u::to_metres(lc.range) , 1e6, 1e-6);
  EXPECT_NEAR(lc.range_rate.value(), 7000.0, 1e-9);
}

TEST(Geodesy, BatchLookAnglesMatchScalar) {
  Site site(Geodetic::degrees(55.75, 37.62, 150));
  Eigen::Matrix3Xd targets(3, 10000);
  for (int i = 0; i < targets.cols(); ++i) {
    double th = i * 0.01, ph = i * 0.003;
    targets.col(i) = Eigen::Vector3d(std::cos(th) * std::cos(ph), std::sin(th) * std::cos(ph), std::sin(ph)) * 6.93e6;
  }
  Eigen::ArrayXd az, el, r;
  site.look_at(targets, az, el, r);
  for (int i = 0; i < targets.cols(); i += 97) {
    LookAngles la = site.look_at(targets.col(i));
    EXPECT_NEAR(az[i], u::to_rad(la.azimuth), 1e-12);
    EXPECT_NEAR(el[i], u::to_rad(la.elevation), 1e-12);
    EXPECT_NEAR(r[i], u::to_metres(la.range), 1e-6);
    EXPECT_NEAR(elevation_rad(site, targets.col(i)), el[i], 1e-12);
  }
}

TEST(Geodesy, TemeToEcefIsGmstRotation) {
  Epoch t = Epoch::from_utc(1992, 8, 20, 12, 14, 0.0);
  const double g = gmst82(t);
  Eigen::Vector3d r(7000.0, 0.0, 100.0), v(0.0, 7.5, 0.0), re, ve;
  teme_to_ecef(r, v, t, re, ve);
  EXPECT_NEAR(re.x(), 7000.0 * std::cos(g), 1e-9);
  EXPECT_NEAR(re.y(), -7000.0 * std::sin(g), 1e-9);
  EXPECT_NEAR(re.z(), 100.0, 1e-12);
  EXPECT_NEAR(re.norm(), r.norm(), 1e-9);
  // ECEF velocity of a point fixed in TEME is -omega x r.
  Eigen::Vector3d r0(7000, 0, 0), v0(0, 0, 0);
  teme_to_ecef(r0, v0, t, re, ve);
  EXPECT_NEAR(ve.norm(), Wgs84::omega_earth * 7000.0, 1e-12);
}

TEST(Geodesy, RejectsImpossibleLatitude) {
  EXPECT_THROW(Geodetic::degrees(91.0, 0.0), satcap::RangeError);
  EXPECT_THROW(Geodetic::degrees(std::nan(""), 0.0), satcap::RangeError);
  EXPECT_THROW(Geodetic::degrees(0.0, INFINITY), satcap::RangeError);
}
