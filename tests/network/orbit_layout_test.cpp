// Integration with the orbit layer: layout of a Walker constellation and a graph from its ephemeris.
#include <satcap/core/time.hpp>
#include <satcap/network/orbit_layout.hpp>
#include <satcap/network/router.hpp>
#include <satcap/network/snapshot.hpp>
#include <satcap/orbit/ephemeris.hpp>

#include <gtest/gtest.h>

namespace net = satcap::network;
namespace orbit = satcap::orbit;
namespace units = satcap::units;

TEST(OrbitLayout, WalkerShellsToGraph) {
  orbit::ShellSpec delta;
  delta.name = "delta";
  delta.altitude = units::km(550);
  delta.inclination = units::deg(53);
  delta.planes = 12;
  delta.sats_per_plane = 16;
  delta.phasing = 1;
  delta.source = "test";
  orbit::ShellSpec star = delta;
  star.name = "star";
  star.altitude = units::km(1200);
  star.inclination = units::deg(87.9);
  star.planes = 6;
  star.sats_per_plane = 20;
  star.phasing = 0;
  star.pattern = orbit::WalkerPattern::Star;
  const auto t0 = satcap::core::Epoch::from_utc(2026, 1, 1);
  const orbit::Constellation c("test", {delta, star}, t0);
  const auto layout = net::layout_of(c);
  ASSERT_EQ(layout.shells().size(), 2u);
  EXPECT_EQ(layout.shells()[1].first_index, 192);
  EXPECT_EQ(layout.shells()[1].pattern, net::WalkerPattern::Star);
  EXPECT_EQ(layout.satellite_count(), 312);

  const auto eph = orbit::propagate(c, satcap::core::TimeGrid(t0, 60.0, 2));
  net::TopologySpec spec;  // +Grid, line of sight with 80 km margin, 4 terminals
  net::GroundStation gs;
  gs.id = "MOW";
  gs.lat_deg = 55.75;
  gs.lon_deg = 37.62;
  net::GroundStation gs2 = gs;
  gs2.id = "NSK";
  gs2.lat_deg = 55.0;
  gs2.lon_deg = 82.9;
  spec.gsl_rules.min_elevation = units::deg(10);
  const net::SnapshotBuilder b(layout, {gs, gs2}, spec);
  for (std::int64_t k = 0; k < eph.step_count(); ++k) {
    const auto g = b.build(eph.positions(k));
    // Delta: every +Grid link survives (neighbours 22.5 deg / 30 deg apart clear the Earth);
    // star: no links across the seam.
    EXPECT_EQ(g.isl_count(), 2 * 192 + 2 * 120 - 20);
    EXPECT_GT(g.gsl_count(), 2);
    const auto sp = net::Router().solve(g);
    const auto r = sp.route(0, 1);
    ASSERT_TRUE(r.reachable);
    EXPECT_GT(r.length_m, 2 * 550e3);
  }
}
