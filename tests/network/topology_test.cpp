// ISL and GSL rules on synthetic Walker geometry with known answers.
#include <satcap/core/error.hpp>
#include <satcap/core/geodesy.hpp>
#include <satcap/network/snapshot.hpp>

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "network_fixtures.hpp"

namespace net = satcap::network;
namespace units = satcap::units;
using net::test::walker_positions;

namespace {

net::TopologySpec spec_with(std::shared_ptr<const net::IslTopology> isl) {
  net::TopologySpec s;
  s.isl = std::move(isl);
  s.isl_rules.max_terminals = 0;
  s.isl_rules.line_of_sight = false;  // sparse test shells: the line-of-sight rule is tested on its own
  return s;
}

std::set<std::pair<int, int>> pairs_of(const std::vector<net::Link>& links) {
  std::set<std::pair<int, int>> out;
  for (const auto& l : links) out.insert({l.a, l.b});
  return out;
}

}  // namespace

TEST(Topology, PlusGridDeltaHasTwoLinksPerSatelliteAndWraps) {
  const int P = 6, S = 8;
  auto layout = net::ConstellationLayout::single_shell(P, S);
  net::SnapshotBuilder b(layout, {}, spec_with(std::make_shared<net::PlusGrid>(0)));
  auto g = b.build(walker_positions(P, S, 550e3, 53.0));
  EXPECT_EQ(g.isl_count(), 2 * P * S);
  for (int v = 0; v < P * S; ++v) EXPECT_EQ(g.degree(v), 4) << v;
  // Hypatia's rule: (p, s) - (p, s+1 mod S) and (p, s) - (p+1 mod P, s).
  auto pr = pairs_of(g.links());
  EXPECT_TRUE(pr.count({0, 1}));
  EXPECT_TRUE(pr.count({0, 7}));                 // slot wrap within plane 0
  EXPECT_TRUE(pr.count({0, 8}));                 // plane 0 -> plane 1, same slot
  EXPECT_TRUE(pr.count({3, (P - 1) * S + 3}));   // plane P-1 -> plane 0 wraps in a delta
  for (const auto& l : g.links()) {
    EXPECT_NEAR(l.length_m, (walker_positions(P, S, 550e3, 53.0).col(l.a) - walker_positions(P, S, 550e3, 53.0).col(l.b)).norm(), 1e-6);
    EXPECT_NEAR(l.delay_s(), l.length_m / 299792458.0, 1e-15);
  }
}

TEST(Topology, PlusGridSlotOffsetAndStarSeam) {
  const int P = 6, S = 8;
  net::ConstellationLayout star({net::ShellLayout{0, P, S, net::WalkerPattern::Star}});
  net::SnapshotBuilder b(star, {}, spec_with(std::make_shared<net::PlusGrid>(2)));
  auto g = b.build(walker_positions(P, S, 780e3, 86.4, 180.0));
  EXPECT_EQ(g.isl_count(), 2 * P * S - S);  // no links across the counter-rotating seam
  auto pr = pairs_of(g.links());
  EXPECT_TRUE(pr.count({0, S + 2}));        // (0,0) - (1, 0+2)
  EXPECT_TRUE(pr.count({S - 1, S + 1}));    // (0,7) - (1, 9 mod 8 = 1)
  for (int s = 0; s < S; ++s)
    for (int t = 0; t < S; ++t) EXPECT_FALSE(pr.count({s, (P - 1) * S + t})) << s << " " << t;
  for (int s = 0; s < S; ++s) {
    EXPECT_EQ(g.degree(s), 3);                // plane 0 and plane P-1 are edge planes
    EXPECT_EQ(g.degree((P - 1) * S + s), 3);
    EXPECT_EQ(g.degree(2 * S + s), 4);
  }
}

TEST(Topology, RingAndNearestK) {
  const int P = 3, S = 10;
  auto layout = net::ConstellationLayout::single_shell(P, S);
  auto pos = walker_positions(P, S, 550e3, 53.0);
  net::SnapshotBuilder ring(layout, {}, spec_with(net::make_isl_topology(net::IslKind::Ring)));
  EXPECT_EQ(ring.build(pos).isl_count(), P * S);
  // nearest-2 in a single 10-satellite plane (36 deg spacing): the two in-plane neighbours.
  auto one = walker_positions(1, S, 550e3, 53.0);
  net::SnapshotBuilder nk(net::ConstellationLayout::single_shell(1, S), {},
                          spec_with(net::make_isl_topology(net::IslKind::NearestK, 2)));
  EXPECT_FALSE(nk.spec().isl->is_static());
  auto g = nk.build(one);
  EXPECT_EQ(g.isl_count(), S);
  auto pr = pairs_of(g.links());
  for (int i = 0; i < S; ++i) EXPECT_TRUE(pr.count({std::min(i, (i + 1) % S), std::max(i, (i + 1) % S)})) << i;
  EXPECT_THROW(net::NearestK(0), satcap::InputError);
  EXPECT_EQ(net::isl_kind_from_string("plus-grid"), net::IslKind::PlusGrid);
  EXPECT_EQ(net::to_string(net::IslKind::NearestK), "nearest-k");
  EXPECT_THROW(net::isl_kind_from_string("mesh"), satcap::InputError);
}

TEST(Topology, RangeLineOfSightAndTerminalLimits) {
  // One plane of S satellites at 550 km: neighbours are 360/S deg apart. The chord between two
  // satellites at radius r separated by theta passes r cos(theta/2) from the centre; with an 80 km
  // margin over a 6378.137 km Earth it clears iff cos(theta/2) >= 6458.137/6928.137 (theta <= 42.5 deg).
  auto one_plane = [](int S, net::IslRules rules) {
    net::TopologySpec s;
    s.isl = std::make_shared<net::RingIsl>();
    s.isl_rules = rules;
    net::SnapshotBuilder b(net::ConstellationLayout::single_shell(1, S), {}, s);
    return b.build(walker_positions(1, S, 550e3, 53.0)).isl_count();
  };
  net::IslRules r;
  EXPECT_EQ(one_plane(9, r), 9);   // 40 deg apart: clears
  EXPECT_EQ(one_plane(8, r), 0);   // 45 deg apart: blocked by Earth + 80 km
  r.atmosphere_margin = units::km(0.0);
  EXPECT_EQ(one_plane(8, r), 8);   // without the margin 45 deg clears (limit 2 acos(6378.137/6928.137) = 46.0 deg)
  r.line_of_sight = false;
  EXPECT_EQ(one_plane(4, r), 4);   // through the Earth when the test is off
  r.max_range = units::km(5000.0);  // chord at 90 deg = sqrt(2) * 6928 km = 9798 km
  EXPECT_EQ(one_plane(4, r), 0);
  r.max_range = units::km(9800.0);
  EXPECT_EQ(one_plane(4, r), 4);

  // Terminal limit: +Grid proposes intra-plane links first, so with 2 terminals only rings remain.
  const int P = 6, S = 8;
  net::TopologySpec s;
  s.isl = std::make_shared<net::PlusGrid>(0);
  s.isl_rules.max_terminals = 2;
  s.isl_rules.line_of_sight = false;
  net::SnapshotBuilder b(net::ConstellationLayout::single_shell(P, S), {}, s);
  auto g = b.build(walker_positions(P, S, 550e3, 53.0));
  EXPECT_EQ(g.isl_count(), P * S);
  for (const auto& l : g.links()) EXPECT_EQ(l.a / S, l.b / S);
  s.isl_rules.max_terminals = 3;  // one inter-plane link each where possible: greedy by plane order
  net::SnapshotBuilder b3(net::ConstellationLayout::single_shell(P, S), {}, s);
  auto g3 = b3.build(walker_positions(P, S, 550e3, 53.0));
  for (int v = 0; v < P * S; ++v) EXPECT_LE(g3.degree(v), 3);
  EXPECT_EQ(g3.isl_count(), P * S + P * S / 2);
}

TEST(Topology, GslElevationRangeAndPerStationLimit) {
  // Satellites over the equator at lon 0, 5, 10, ..., 40 deg, 550 km; a station at (0, 0).
  const int n = 9;
  Eigen::Matrix3Xd pos(3, n);
  for (int i = 0; i < n; ++i)
    pos.col(i) = satcap::core::ecef_from_geodetic(satcap::core::Geodetic::degrees(0.0, 5.0 * i, 550e3));
  net::GroundStation gs;
  gs.id = "0";
  satcap::core::Site site(satcap::core::Geodetic::degrees(0, 0, 0));
  std::vector<double> el(n), rng(n);
  for (int i = 0; i < n; ++i) {
    auto la = site.look_at(pos.col(i));
    el[i] = units::to_deg(la.elevation);
    rng[i] = units::to_metres(la.range);
  }
  net::TopologySpec s;
  s.isl = std::make_shared<net::NoIsl>();
  s.gsl_rules.min_elevation = units::deg(25.0);
  auto count_links = [&](const net::TopologySpec& spec) {
    net::SnapshotBuilder b(net::ConstellationLayout::unstructured(n), {gs}, spec);
    return b.build(pos);
  };
  int expected = 0;
  for (int i = 0; i < n; ++i) expected += el[i] >= 25.0;
  auto g = count_links(s);
  EXPECT_EQ(g.gsl_count(), expected);
  EXPECT_GT(expected, 1);
  EXPECT_LT(expected, n);
  for (const auto& l : g.links()) {
    EXPECT_EQ(l.kind, net::LinkKind::Gsl);
    EXPECT_EQ(l.b, n);  // station vertex = N + 0
    EXPECT_NEAR(l.length_m, rng[static_cast<std::size_t>(l.a)], 1e-6);
  }
  // Max range: exactly the satellites within 1500 km.
  s.gsl_rules.criterion = net::GslCriterion::MaxRange;
  s.gsl_rules.max_range = units::km(1500.0);
  expected = 0;
  for (int i = 0; i < n; ++i) expected += rng[i] <= 1500e3;
  EXPECT_EQ(count_links(s).gsl_count(), expected);
  // At most 2 per station: the two nearest (the zenith satellite and the 5 deg one).
  s.gsl_rules.max_satellites_per_station = 2;
  auto g2 = count_links(s);
  ASSERT_EQ(g2.gsl_count(), 2);
  EXPECT_EQ(g2.links()[0].a, 0);
  EXPECT_EQ(g2.links()[1].a, 1);
  // A station's own limit overrides the rule.
  gs.max_satellites = 1;
  EXPECT_EQ(count_links(s).gsl_count(), 1);
}

TEST(Topology, RejectsBadInputs) {
  auto layout = net::ConstellationLayout::single_shell(2, 2);
  net::TopologySpec s;
  s.isl_rules.max_terminals = -1;
  EXPECT_THROW(net::SnapshotBuilder(layout, {}, s), satcap::InputError);
  s = {};
  net::GroundStation a, b;
  a.id = b.id = "X";
  EXPECT_THROW(net::SnapshotBuilder(layout, {a, b}, s), satcap::InputError);
  b.id = "Y";
  b.lat_deg = 95;
  EXPECT_THROW(net::SnapshotBuilder(layout, {a, b}, s), satcap::Error);
  net::SnapshotBuilder ok(layout, {a}, s);
  EXPECT_THROW(ok.build(Eigen::Matrix3Xd::Zero(3, 3)), satcap::InputError);
  EXPECT_THROW(net::ConstellationLayout({net::ShellLayout{1, 2, 2}}), satcap::InputError);
  // A NaN column (failed propagation) gets no links.
  auto pos = walker_positions(2, 2, 550e3, 53);
  pos.col(0).setConstant(std::numeric_limits<double>::quiet_NaN());
  net::TopologySpec t;
  t.isl_rules.line_of_sight = false;
  auto g = net::SnapshotBuilder(layout, {}, t).build(pos);
  EXPECT_EQ(g.degree(0), 0);
}
