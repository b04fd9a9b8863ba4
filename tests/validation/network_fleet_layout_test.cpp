// +Grid over the real 2026-05-30 Starlink fleet: classify_fleet -> layout_for_fleet -> SGP4 positions in
// layout order -> snapshot with the physical ISL filters (5,000 km, line of sight, 4 terminals).
#include <satcap/network/orbit_layout.hpp>
#include <satcap/network/snapshot.hpp>
#include <satcap/orbit/elements.hpp>
#include <satcap/orbit/ephemeris.hpp>
#include <satcap/orbit/fleet.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <vector>

#include "test_support.hpp"

namespace {

using namespace satcap;

TEST(FleetLayoutValidation, PlusGridOverTheRealStarlinkFleet) {
  const auto path = test::reference_dir() / "tle" / "starlink.tle";
  SATCAP_REQUIRE_REFERENCE(path);
  const auto all = orbit::read_tle_file(path);
  const auto fc = orbit::classify_fleet(all);
  const auto fl = network::layout_for_fleet(fc);
  ASSERT_EQ(static_cast<std::size_t>(fl.layout.satellite_count()), fc.on_station());
  std::vector<orbit::MeanElements> fleet;
  for (std::size_t i : fl.fleet_index) fleet.push_back(all[i]);
  const auto eph = orbit::propagate(fleet, core::TimeGrid(fc.epoch, 60.0, 1));
  network::TopologySpec spec;  // +Grid (offset 0), line of sight with 80 km margin, 4 terminals
  spec.isl_rules.max_range = units::km(5000.0);
  const network::SnapshotBuilder builder(fl.layout, {}, spec);
  const auto g = builder.build(eph.positions(0));
  const int n = g.satellite_count();
  int deg2 = 0, deg4 = 0;
  double longest = 0.0, sum = 0.0;
  for (const auto& l : g.links()) {
    longest = std::max(longest, l.length_m);
    sum += l.length_m;
  }
  for (int v = 0; v < n; ++v) {
    deg2 += g.degree(v) >= 2;
    deg4 += g.degree(v) == 4;
  }
  std::printf("+Grid on %d on-station satellites: %d ISLs (%.2f per satellite), %.1f %% with >= 2, %.1f %% with 4; "
              "mean %.0f km, longest %.0f km\n",
              n, g.isl_count(), 2.0 * g.isl_count() / n, 100.0 * deg2 / n, 100.0 * deg4 / n, sum / g.isl_count() / 1e3,
              longest / 1e3);
  // A full +Grid gives every satellite 4 links (2 ISLs per satellite). Real planes are unequal (1 to 65
  // satellites), so where several satellites of a plane have the same nearest neighbour in the next plane,
  // that neighbour's 4 terminals run out. Measured on this snapshot: 16,370 ISLs (3.41 links per satellite),
  // 99.7 % of satellites with both in-plane neighbours or more, mean length 1,219 km. The bounds below are
  // what +Grid must keep on a real fleet: > 3.3 links per satellite, >= 99 % with two links, every link
  // within the 5,000 km limit, and a mean under 1,500 km (in-plane spacing 2 pi a / S is 1,976 km for 22
  // satellites per plane at 540 km, 1,317 km for 33).
  EXPECT_GT(2.0 * g.isl_count() / n, 3.3);
  EXPECT_GT(deg2, n * 99 / 100);
  EXPECT_LE(longest, 5000e3);
  EXPECT_LT(sum / g.isl_count(), 1500e3);
}

}  // namespace
