// orbit::classify_fleet on constructed fleets: the status rule (raising, decaying, eccentric, parked),
// shells from levels, planes across the RAAN wrap, J2 precession across epochs, Walker star seams,
// determinism and rule validation.
#include <satcap/core/error.hpp>
#include <satcap/orbit/fleet.hpp>
#include <satcap/orbit/sgp4.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <numbers>
#include <tuple>

namespace {

using namespace satcap;
using namespace satcap::orbit;

const core::Epoch kEpoch = core::Epoch::from_utc(2026, 5, 30, 12);

// Kozai mean motion (rev/day) of a circular orbit at altitude h (km), inverse of mean_altitude_km.
double rev_day(double h_km) {
  const auto g = gravity_constants(GravityModel::Wgs72);
  const double a = g.radius + h_km;
  return std::sqrt(g.mu / (a * a * a)) * 86400.0 / (2.0 * std::numbers::pi);
}

MeanElements sat(int id, double h_km, double inc, double raan, double u, double ecc = 1e-4, double ndot = 0.0,
                 const core::Epoch& epoch = kEpoch) {
  MeanElements e;
  e.name = "SAT-" + std::to_string(id);
  e.norad_id = id;
  e.epoch = epoch;
  e.epoch_jd_utc = epoch.jd_utc();
  e.inclination_deg = inc;
  e.raan_deg = raan;
  e.eccentricity = ecc;
  e.arg_perigee_deg = 0.0;
  e.mean_anomaly_deg = u;
  e.mean_motion_rev_day = rev_day(h_km);
  e.mean_motion_dot = ndot;
  return e;
}

// P planes x S slots, RAAN spread over `spread` deg, at altitude h and inclination i; ids from `first_id`.
std::vector<MeanElements> walker(int P, int S, double h, double inc, double spread = 360.0, int first_id = 1000,
                                 double raan0 = 10.0) {
  std::vector<MeanElements> v;
  for (int p = 0; p < P; ++p)
    for (int s = 0; s < S; ++s)
      v.push_back(sat(first_id + p * S + s, h, inc, std::fmod(raan0 + spread * p / P, 360.0), 360.0 * s / S + 3.0 * p));
  return v;
}

TEST(FleetRules, DefaultsValidAndBadValuesRejected) {
  EXPECT_NO_THROW(FleetRules{}.validate());
  FleetRules r;
  r.max_eccentricity = 0.5;
  EXPECT_THROW(r.validate(), RangeError);
  r = {};
  r.altitude_tolerance_km = -1.0;
  EXPECT_THROW(classify_fleet({}, r), RangeError);
  r = {};
  r.raan_gap_deg = std::nan("");
  EXPECT_THROW(r.validate(), RangeError);
}

TEST(FleetClassify, EmptyAndSingleSatellite) {
  const auto e = classify_fleet({});
  EXPECT_TRUE(e.satellites.empty());
  EXPECT_TRUE(e.shells.empty());
  EXPECT_EQ(e.on_station(), 0u);
  FleetRules r;
  r.min_shell_members = 1;
  r.min_level_members = 2;
  const auto one = classify_fleet({sat(1, 550.0, 53.0, 0.0, 0.0, 1e-4, 3e-5)}, r);
  ASSERT_EQ(one.satellites.size(), 1u);
  EXPECT_TRUE(one.shells.empty());  // one satellite is never a level (min_level_members >= 2)
  EXPECT_EQ(one.satellites[0].status, FleetStatus::Decaying);
}

TEST(FleetClassify, MeanAltitudeInvertsMeanMotion) {
  EXPECT_NEAR(mean_altitude_km(sat(1, 550.0, 53, 0, 0)), 550.0, 1e-9);
  EXPECT_STREQ(to_string(FleetStatus::OnStation), "on_station");
  EXPECT_STREQ(to_string(FleetStatus::OffNominal), "off_nominal");
}

TEST(FleetClassify, StatusRuleOnConstructedCases) {
  auto fleet = walker(10, 12, 550.0, 53.0);  // 120 satellites: one shell (>= 100), one level
  const std::size_t n0 = fleet.size();
  fleet.push_back(sat(1, 350.0, 53.0, 10.0, 0.0, 1e-4, -2e-3));  // below the shell, mean motion falling
  fleet.push_back(sat(2, 350.0, 53.0, 10.0, 5.0, 1e-4, +2e-3));  // below the shell, mean motion rising
  fleet.push_back(sat(3, 550.0, 53.0, 10.0, 7.0, 0.01));          // at the shell altitude but e = 0.01
  fleet.push_back(sat(4, 551.5, 53.0, 10.0, 9.0));                // 1.5 km off the level: within 2 km
  fleet.push_back(sat(5, 556.0, 53.0, 10.0, 11.0, 1e-4, 2e-6));   // 6 km off, no measurable trend
  fleet.push_back(sat(6, 550.0, 55.0, 10.0, 13.0, 1e-4, 0.0));    // another inclination band: no shell
  fleet.push_back(sat(7, 550.0, 53.7, 10.0, 15.0));               // 0.7 deg above the band (> 0.5): no shell
  const auto fc = classify_fleet(fleet);
  ASSERT_EQ(fc.shells.size(), 1u);
  EXPECT_NEAR(fc.shells[0].altitude_km, 550.0, 1e-6);
  EXPECT_NEAR(fc.shells[0].inclination_deg, 53.0, 1e-12);
  EXPECT_EQ(fc.shells[0].planes.size(), 10u);
  EXPECT_EQ(fc.shells[0].pattern, WalkerPattern::Delta);
  for (std::size_t i = 0; i < n0; ++i) EXPECT_EQ(fc.satellites[i].status, FleetStatus::OnStation) << i;
  auto st = [&](std::size_t k) { return fc.satellites[n0 + k].status; };
  EXPECT_EQ(st(0), FleetStatus::Raising);
  EXPECT_EQ(fc.satellites[n0].shell, 0);  // nearest shell of its band, for reporting
  EXPECT_EQ(fc.satellites[n0].plane, -1);
  EXPECT_EQ(st(1), FleetStatus::Decaying);
  EXPECT_EQ(st(2), FleetStatus::OffNominal);
  EXPECT_EQ(st(3), FleetStatus::OnStation);
  EXPECT_EQ(st(4), FleetStatus::OffNominal);
  EXPECT_EQ(st(5), FleetStatus::OffNominal);
  EXPECT_EQ(fc.satellites[n0 + 5].shell, -1);
  EXPECT_EQ(st(6), FleetStatus::OffNominal);
  EXPECT_EQ(fc.satellites[n0 + 6].shell, -1);
  EXPECT_EQ(fc.on_station(), n0 + 1);
  EXPECT_EQ(fc.count(FleetStatus::Raising), 1u);
  EXPECT_EQ(fc.count(FleetStatus::Decaying), 1u);
  EXPECT_EQ(fc.count(FleetStatus::OffNominal), 4u);
  // The extra on-station satellites at RAAN 10 deg joined the plane of the Walker plane at RAAN 10 deg.
  const auto& s4 = fc.satellites[n0 + 3];
  EXPECT_EQ(s4.plane, fc.satellites[0].plane);
  EXPECT_EQ(fc.shells[0].planes[static_cast<std::size_t>(s4.plane)].members.size(), 13u);
}

TEST(FleetClassify, SmallGroupIsNotAShell) {
  // 60 satellites at one altitude (two launch batches on a drift orbit) are below min_shell_members.
  const auto fleet = walker(2, 30, 420.0, 53.0);
  const auto fc = classify_fleet(fleet);
  EXPECT_TRUE(fc.shells.empty());
  EXPECT_EQ(fc.on_station(), 0u);
  EXPECT_EQ(fc.count(FleetStatus::OffNominal), 60u);  // ndot = 0: parked, no trend
  FleetRules r;
  r.min_shell_members = 50;
  EXPECT_EQ(classify_fleet(fleet, r).on_station(), 60u);
}

TEST(FleetClassify, PlaneAcrossRaanWrapIsOnePlane) {
  // 8 planes 45 deg apart starting at RAAN 0; each satellite's RAAN jittered by up to +-0.3 deg, so plane 0
  // straddles 0/360.
  std::vector<MeanElements> fleet;
  for (int p = 0; p < 8; ++p)
    for (int s = 0; s < 15; ++s) {
      const double jitter = 0.3 * std::sin(1.7 * s + p);
      fleet.push_back(sat(100 + p * 15 + s, 540.0, 53.2, std::fmod(45.0 * p + jitter + 360.0, 360.0), 12.0 + 24.0 * s));
    }
  const auto fc = classify_fleet(fleet, {}, kEpoch);
  ASSERT_EQ(fc.shells.size(), 1u);
  const auto& sh = fc.shells[0];
  ASSERT_EQ(sh.planes.size(), 8u);
  for (const auto& pl : sh.planes) EXPECT_EQ(pl.members.size(), 15u);
  // The plane at RAAN ~0 holds satellites 0..14 (RAANs both just below 360 and just above 0).
  int wrap_plane = -1;
  for (std::size_t p = 0; p < sh.planes.size(); ++p)
    if (std::min(sh.planes[p].raan_deg, 360.0 - sh.planes[p].raan_deg) < 1.0) wrap_plane = static_cast<int>(p);
  ASSERT_GE(wrap_plane, 0);
  for (std::size_t i = 0; i < 15; ++i) EXPECT_EQ(fc.satellites[i].plane, wrap_plane) << i;
  // Slots follow the argument of latitude from the node: 12, 36, 60, ... deg.
  for (std::size_t i = 0; i < 15; ++i) EXPECT_EQ(fc.satellites[i].slot, static_cast<int>(i));
  // Planes ascend in RAAN from the widest gap; equal gaps: the first in RAAN order, so plane 0 follows it.
  for (std::size_t p = 1; p < sh.planes.size(); ++p) {
    const double d = std::fmod(sh.planes[p].raan_deg - sh.planes[p - 1].raan_deg + 360.0, 360.0);
    EXPECT_NEAR(d, 45.0, 0.5);
  }
}

TEST(FleetClassify, EpochSpreadIsRemovedByNodalPrecession) {
  // One physical plane: its satellites' element sets are given at epochs 0, 1 and 2 days apart with the
  // RAAN each epoch really has (J2 secular drift, Vallado eq. 9-41, about -4.5 deg/day at 550 km, 53 deg).
  // At the common epoch they form one plane; taking the RAANs as published without precession would spread
  // them over 9 deg (three planes).
  const auto g = gravity_constants(GravityModel::Wgs72);
  const double a = g.radius + 550.0, nrad = std::sqrt(g.mu / (a * a * a));
  const double raan_rate_deg_day =
      -1.5 * nrad * g.j2 * (g.radius / a) * (g.radius / a) * std::cos(53.0 * std::numbers::pi / 180.0) * 86400.0 * 180.0 /
      std::numbers::pi;
  EXPECT_NEAR(raan_rate_deg_day, -4.5, 0.1);
  std::vector<MeanElements> fleet;
  for (int p = 0; p < 6; ++p)
    for (int s = 0; s < 20; ++s) {
      const int d = s % 3;  // epoch offset, days
      const core::Epoch ep = kEpoch.plus_seconds(-86400.0 * d);
      const double raan = std::fmod(60.0 * p + raan_rate_deg_day * -d + 720.0, 360.0);
      fleet.push_back(sat(200 + p * 20 + s, 550.0, 53.0, raan, 18.0 * s, 1e-4, 0.0, ep));
    }
  const auto fc = classify_fleet(fleet, {}, kEpoch);
  ASSERT_EQ(fc.shells.size(), 1u);
  EXPECT_EQ(fc.shells[0].planes.size(), 6u);
  for (const auto& pl : fc.shells[0].planes) EXPECT_EQ(pl.members.size(), 20u);
}

TEST(FleetClassify, WalkerStarHasASeamAndStartsAfterIt) {
  // OneWeb-like: 6 planes over 180 deg of RAAN (0, 30, ... 150), 87.9 deg, 1200 km.
  const auto fleet = walker(6, 20, 1200.0, 87.9, 180.0, 5000, 0.0);
  const auto fc = classify_fleet(fleet, {}, kEpoch);
  ASSERT_EQ(fc.shells.size(), 1u);
  const auto& sh = fc.shells[0];
  EXPECT_EQ(sh.pattern, WalkerPattern::Star);
  ASSERT_EQ(sh.planes.size(), 6u);
  EXPECT_LT(std::min(sh.planes[0].raan_deg, 360.0 - sh.planes[0].raan_deg), 0.5);  // after the 210 deg gap
  EXPECT_NEAR(sh.planes[5].raan_deg, 150.0, 0.5);
}

TEST(FleetClassify, LevelsAFewKmApartAreOneShell) {
  // OneWeb keeps each plane on its own level, 4 km apart: 6 levels of 20 make one shell of 120; the same
  // levels 8 km apart (> level_gap_km = 6) are six groups of 20, none a shell.
  std::vector<MeanElements> close, far;
  for (int p = 0; p < 6; ++p)
    for (int s = 0; s < 20; ++s) {
      close.push_back(sat(p * 20 + s, 1178.0 + 4.0 * p, 87.9, 30.0 * p, 18.0 * s));
      far.push_back(sat(p * 20 + s, 1178.0 + 8.0 * p, 87.9, 30.0 * p, 18.0 * s));
    }
  const auto a = classify_fleet(close, {}, kEpoch);
  ASSERT_EQ(a.shells.size(), 1u);
  EXPECT_EQ(a.shells[0].level_altitudes_km.size(), 6u);
  EXPECT_EQ(a.shells[0].planes.size(), 6u);
  EXPECT_EQ(a.on_station(), 120u);
  EXPECT_TRUE(classify_fleet(far, {}, kEpoch).shells.empty());
}

TEST(FleetClassify, DeterministicAndIndependentOfInputOrder) {
  auto fleet = walker(10, 12, 550.0, 53.0);
  auto more = walker(4, 30, 480.0, 43.0, 360.0, 9000);
  fleet.insert(fleet.end(), more.begin(), more.end());
  fleet.push_back(sat(1, 350.0, 53.0, 10.0, 0.0, 1e-4, -2e-3));
  const auto a = classify_fleet(fleet, {}, kEpoch);
  const auto b = classify_fleet(fleet, {}, kEpoch);
  auto key = [](const FleetClassification& fc, const std::vector<MeanElements>& f) {
    std::map<int, std::tuple<int, int, int, int>> m;
    for (std::size_t i = 0; i < f.size(); ++i) {
      const auto& s = fc.satellites[i];
      m[f[i].norad_id] = {static_cast<int>(s.status), s.shell, s.plane, s.slot};
    }
    return m;
  };
  EXPECT_EQ(key(a, fleet), key(b, fleet));
  auto reversed = fleet;
  std::reverse(reversed.begin(), reversed.end());
  const auto c = classify_fleet(reversed, {}, kEpoch);
  EXPECT_EQ(key(a, fleet), key(c, reversed));
  ASSERT_EQ(a.shells.size(), 2u);
  EXPECT_NEAR(a.shells[0].inclination_deg, 43.0, 1e-9);  // shells ordered by inclination
  const auto order = a.on_station_in_layout_order();
  EXPECT_EQ(order.size(), a.on_station());
}

}  // namespace
