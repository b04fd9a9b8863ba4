// EPFD(down) of a constellation at a GSO earth station: one satellite in a known geometry by hand,
// the S.1503 time step, the statistics against the Table 22-1A mask.
#include <satcap/capacity/epfd.hpp>
#include <satcap/core/error.hpp>
#include <satcap/orbit/ephemeris.hpp>
#include <satcap/orbit/walker.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

using namespace satcap;

namespace {
const core::Epoch kEpoch = core::Epoch::parse_iso8601("2026-06-01T00:00:00Z");

// One satellite in an equatorial circular orbit (inclination 0: it stays in the equatorial plane).
orbit::BatchPropagator equatorial(double alt_km) {
  orbit::ShellSpec s;
  s.name = "eq";
  s.altitude = units::km(alt_km);
  s.inclination = units::deg(0.0);
  s.source = "test";
  orbit::EphemerisOptions o;
  o.propagator = orbit::PropagatorKind::J2;
  return orbit::BatchPropagator(orbit::Constellation("eq", {s}, kEpoch), o);
}
}  // namespace

// The earth station on the equator right under the satellite; the GSO satellite 20 deg east of it.
// By hand (no propagation physics involved beyond the satellite's position):
//  - distance satellite-station: d = |r_sat| - a (both on the equator, station at height 0), ~550 km;
//  - the station's boresight toward the GSO satellite at (R cos 20, R sin 20) from (a, 0) in the
//    equatorial plane (R = 42,164.17 km, a = 6,378.137 km): the angle from the zenith is
//    phi = atan(R sin 20 / (R cos 20 - a)) = 23.4513 deg, so the satellite at zenith is 23.45 deg
//    off the station's axis;
//  - S.1428-1 at 11.45 GHz, 3 m (D/lambda = 114.58 > 100): G(phi) = 34 - 30 log10(23.4513) = -7.105 dBi,
//    Gmax = 48.882 dBi: relative gain -55.987 dB; 0.6 m (D/lambda = 22.92): 29 - 25 log10(23.4513) = -5.254 dBi,
//    Gmax 34.903 dBi: -40.157 dB;
//  - EIRP density 0 dBW/MHz -> 10 log10(40 kHz / 1 MHz) = -13.979 dBW in 40 kHz, the satellite at nadir
//    (no scan loss), serving the station (elevation 90 > 25 deg; GSO exclusion 0);
//  - EPFD = -13.979 - 10 log10(4 pi d^2) + G_rel.
// With a 10 deg exclusion the satellite sits on the GSO arc as seen from the equator (the arc passes
// through the zenith there): it does not serve the station and radiates its side-lobe level (-30 dB).
TEST(Epfd, OneSatelliteAtZenithByHand) {
  const auto sats = equatorial(550.0);
  const core::TimeGrid one(kEpoch, 1.0, 1);
  const Eigen::Vector3d p = sats.compute(one).positions(0).col(0);
  ASSERT_NEAR(p.z(), 0.0, 1e-6);
  const double lon = std::atan2(p.y(), p.x()) * 180.0 / std::numbers::pi;
  const double d = p.norm() - 6378137.0;

  capacity::EpfdTestPoint tp{"equator", 0.0, lon, 0.0, lon + 20.0};
  capacity::EpfdPayload pay;
  pay.eirp_density_dbw_mhz = 0.0;
  pay.gso_exclusion_deg = 0.0;
  pay.sidelobe_db = -30.0;
  capacity::EpfdOptions o;
  o.frequency_ghz = 11.45;
  o.antenna_diameters_m = {3.0, 0.6};
  o.step_s = 1.0;
  o.duration_s = 1.0;
  o.start = kEpoch;
  const capacity::EpfdResult r = capacity::compute_epfd(sats, pay, tp, o);
  ASSERT_EQ(r.steps, 1);
  ASSERT_EQ(r.antennas.size(), 2u);
  const double spread = 10.0 * std::log10(4.0 * std::numbers::pi * d * d);
  EXPECT_NEAR(r.antennas[0].epfd_dbw_m2[0], -13.979 - spread - 55.987, 2e-3);
  EXPECT_NEAR(r.antennas[1].epfd_dbw_m2[0], -13.979 - spread - 40.157, 2e-3);
  EXPECT_NEAR(d, 550e3, 10e3);  // 10 log10(4 pi d^2) ~ 125.8 dB: EPFD ~ -195.8 dB(W/m^2/40 kHz) for 3 m

  pay.gso_exclusion_deg = 10.0;
  const capacity::EpfdResult ex = capacity::compute_epfd(sats, pay, tp, o);
  EXPECT_NEAR(ex.antennas[0].epfd_dbw_m2[0], r.antennas[0].epfd_dbw_m2[0] - 30.0, 1e-9);

  // Below the station's horizon: the GSO satellite 100 deg away cannot be pointed at.
  capacity::EpfdTestPoint bad = tp;
  bad.gso_lon_deg = lon + 100.0;
  EXPECT_THROW(capacity::compute_epfd(sats, pay, bad, o), RangeError);
}

// S.1503 time step: 10 m dish at 11.45 GHz has a 3 dB beamwidth of 2 sqrt(1200) / 381.93 = 0.18140 deg;
// at 550 km: v = sqrt(GM / (a + h)) + omega_E a = 7585.1 + 465.1 = 8050.2 m/s, omega = v / h = 0.0146367 rad/s;
// dt = 0.18140 deg / (5 x 0.0146367 rad/s) = 0.043261 s.
TEST(Epfd, TimeStepFromTheBeamwidth) {
  EXPECT_NEAR(capacity::epfd_time_step_s(0.1813994, 5, 550.0), 0.0432613, 1e-6);
  EXPECT_THROW(capacity::epfd_time_step_s(0.18, 0, 550.0), RangeError);
}

// Statistics: 1000 steps, 998 at -200 and 2 at -165 dB(W/m^2/40 kHz), 60 cm mask. The EPFD exceeded
// for at most (100 - p) % of the time is the ceil(p/100 x 1000)-th smallest value: -200 up to 99.8 %,
// -165 above. Margins: 90 %: -174 + 200 = 26; 99.991 %: -160.4 + 165 = 4.6 (a 0.009 % tail is
// 0.09 step: not resolved); 100 %: -160 + 165 = 5. Along the curve the worst margin is at 99.9 %
// (the 999th value, -165): the mask there is -165.3 + (99.9 - 99.73)/(99.991 - 99.73) x 4.9 = -162.11,
// margin 2.89 dB.
TEST(Epfd, CheckAgainstTheMask) {
  std::vector<double> v(1000, -200.0);
  v[10] = -165.0;
  v[500] = -165.0;
  capacity::EpfdAntennaResult a;
  capacity::check_epfd(radio::article22_down_limit(11.45, 0.6), v, a);
  ASSERT_EQ(a.points.size(), 6u);  // the 0 % point carries no constraint
  EXPECT_DOUBLE_EQ(a.points[0].percent, 90.0);
  EXPECT_NEAR(a.points[0].margin_db, 26.0, 1e-12);
  EXPECT_NEAR(a.points[3].margin_db, 4.6, 1e-12);
  EXPECT_FALSE(a.points[3].resolved);
  EXPECT_TRUE(a.points[2].resolved);  // 99.73 %: a 2.7-step tail
  EXPECT_NEAR(a.points[5].margin_db, 5.0, 1e-12);
  EXPECT_NEAR(a.worst_curve_percent, 99.9, 1e-9);
  EXPECT_NEAR(a.worst_curve_margin_db, -165.3 + (99.9 - 99.73) / (99.991 - 99.73) * 4.9 + 165.0, 1e-9);
  EXPECT_TRUE(a.pass);
  v[700] = -150.0;  // now above -160 for 0.1 % of the time
  capacity::check_epfd(radio::article22_down_limit(11.45, 0.6), v, a);
  EXPECT_FALSE(a.pass);
  EXPECT_NEAR(a.points[5].margin_db, -10.0, 1e-12);
}
