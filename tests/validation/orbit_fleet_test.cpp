// Real element sets: the whole Starlink snapshot over one day, Rassvet OMM vs its Alpha-5 TLE copy, and
// grouping the Starlink fleet into shells. Data: ../shared/reference/tle (see its README).
#include <satcap/orbit/elements.hpp>
#include <satcap/orbit/ephemeris.hpp>
#include <satcap/orbit/sgp4.hpp>
#include <satcap/orbit/walker.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <map>

#include "test_support.hpp"

namespace {

using namespace satcap;
using namespace satcap::orbit;

TEST(FleetValidation, StarlinkSnapshotPropagatesOneDayWithoutError) {
  const auto path = test::reference_dir() / "tle" / "starlink.tle";
  SATCAP_REQUIRE_REFERENCE(path);
  ReadReport rep;
  const auto fleet = read_tle_file(path, {}, &rep);  // strict: checksums verified, nothing skipped
  ASSERT_EQ(fleet.size(), 10395u);
  EXPECT_EQ(rep.skipped, 0u);
  // One day from 2026-05-30 00:00 UTC at 10-minute steps (145 instants), each satellite from its own epoch.
  const core::TimeGrid grid(core::Epoch::from_utc(2026, 5, 30), 600.0, 145);
  const Ephemeris eph = propagate(fleet, grid);
  const auto& s = eph.summary();
  EXPECT_EQ(s.states, 10395 * 145);
  EXPECT_EQ(s.failed(), 0) << "errors 1..6: " << s.errors[1] << " " << s.errors[2] << " " << s.errors[3] << " "
                           << s.errors[4] << " " << s.errors[5] << " " << s.errors[6];
  double rmin = 1e300, rmax = 0;
  for (std::int64_t k = 0; k < eph.step_count(); ++k) {
    const Eigen::ArrayXd r = eph.positions(k).colwise().norm().array();
    rmin = std::min(rmin, r.minCoeff());
    rmax = std::max(rmax, r.maxCoeff());
  }
  EXPECT_GT(rmin, 6378137.0 + 100e3);  // everything above 100 km
  EXPECT_LT(rmax, 6378137.0 + 700e3);
  test::record_validation("orbit_starlink_day", "Starlink snapshot (10,395 TLEs) x 1 day @ 10 min, SGP4 error states",
                          "CelesTrak GP 2026-05-30 (reference/tle); python-sgp4: 0 errors", s.states,
                          std::to_string(s.failed()) + " failed states", "0 failed states", s.failed() == 0);
}

TEST(FleetValidation, RassvetOmmAndAlpha5TleAgree) {
  const auto dir = test::reference_dir() / "tle";
  SATCAP_REQUIRE_REFERENCE(dir / "rassvet_gp_2026-09-20.json");
  SATCAP_REQUIRE_REFERENCE(dir / "rassvet_derived_from_omm_2026-09-20.tle");
  const auto omm = read_omm_json(dir / "rassvet_gp_2026-09-20.json");
  const auto tle = read_tle_file(dir / "rassvet_derived_from_omm_2026-09-20.tle");
  ASSERT_EQ(omm.size(), 37u);
  ASSERT_EQ(tle.size(), 37u);
  std::map<int, const MeanElements*> by_id;
  for (const auto& e : tle) by_id[e.norad_id] = &e;
  int six_digit = 0;
  double max_d = 0;
  long states = 0;
  for (const auto& o : omm) {
    ASSERT_TRUE(by_id.count(o.norad_id)) << o.norad_id;
    const MeanElements& t = *by_id[o.norad_id];
    if (o.norad_id >= 100000) ++six_digit;
    EXPECT_EQ(o.name, t.name);
    EXPECT_NEAR(o.epoch.seconds_since(t.epoch), 0.0, 1e-3);  // TLE epoch has 1e-8 day resolution
    const Sgp4 a(o), b(t);
    for (int m = 0; m <= 1440; m += 10) {
      const auto sa = a.propagate(o.epoch.plus_seconds(m * 60.0));
      const auto sb = b.propagate(o.epoch.plus_seconds(m * 60.0));
      ASSERT_EQ(sa.error, 0);
      ASSERT_EQ(sb.error, 0);
      max_d = std::max(max_d, (sa.r_km - sb.r_km).norm() * 1000.0);
      ++states;
    }
  }
  EXPECT_EQ(six_digit, 16);
  std::printf("Rassvet OMM vs TLE over 1 day: max |dr| = %.2f m over %ld states\n", max_d, states);
  // The TLE carries fewer digits (README: at most 2.1 m with python-sgp4).
  EXPECT_LT(max_d, 5.0);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f m", max_d);
  test::record_validation("orbit_rassvet_omm_tle", "Rassvet OMM JSON vs Alpha-5 TLE copy, SGP4 position over 1 day",
                          "reference/tle README: <= 2.1 m (python-sgp4)", states, buf, "5 m", max_d < 5.0);
}

TEST(FleetValidation, StarlinkGroupsIntoKnownShells) {
  const auto path = test::reference_dir() / "tle" / "starlink.tle";
  SATCAP_REQUIRE_REFERENCE(path);
  const auto fleet = read_tle_file(path);
  const auto groups = group_into_shells(fleet, 1.0, 2.0, 200);
  // README make-up: large groups near 43, 53, 70 and 97-98 deg.
  auto has = [&](double inc, double lo_km, double hi_km, std::size_t min_n) {
    for (const auto& g : groups)
      if (std::fabs(g.inclination_deg - inc) < 1.5 && g.altitude_km > lo_km && g.altitude_km < hi_km &&
          g.members.size() >= min_n)
        return true;
    return false;
  };
  for (const auto& g : groups)
    std::printf("group: %.2f deg, %.1f km, %zu satellites, %d planes\n", g.inclination_deg, g.altitude_km,
                g.members.size(), g.planes);
  EXPECT_TRUE(has(43.0, 470, 505, 2500));
  EXPECT_TRUE(has(53.0, 520, 560, 1000));
  EXPECT_TRUE(has(70.0, 545, 580, 600));
  EXPECT_TRUE(has(97.6, 520, 560, 300));
}

}  // namespace
