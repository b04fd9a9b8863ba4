// Layouts with planes of unequal size (+Grid and ring over them) and the layout of a classified real-style
// fleet (network::layout_for_fleet).
#include <satcap/core/error.hpp>
#include <satcap/network/orbit_layout.hpp>
#include <satcap/network/topology.hpp>
#include <satcap/orbit/fleet.hpp>
#include <satcap/orbit/sgp4.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <utility>
#include <vector>

namespace {

namespace net = satcap::network;
namespace orbit = satcap::orbit;
using satcap::InputError;

std::vector<std::pair<int, int>> pairs(const std::vector<net::SatPair>& v) {
  std::vector<std::pair<int, int>> out;
  for (const auto& p : v) out.emplace_back(p.a, p.b);
  return out;
}

TEST(FleetLayout, PlusGridOverUnequalPlanes) {
  // Planes of 3, 4 and 2 satellites: ids 0-2, 3-6, 7-8. Without positions the inter-plane partner of
  // (p, s) is slot round(s * S_q / S_p) of the next plane.
  const net::ConstellationLayout layout({net::ShellLayout{0, 3, 4, net::WalkerPattern::Delta, {3, 4, 2}}});
  EXPECT_EQ(layout.satellite_count(), 9);
  EXPECT_EQ(layout.shell_of(8), 0);
  std::vector<net::SatPair> out;
  net::PlusGrid(0).propose(layout, Eigen::Matrix3Xd(3, 0), out);
  const std::vector<std::pair<int, int>> expect = {
      {0, 1}, {1, 2}, {2, 0}, {3, 4}, {4, 5}, {5, 6}, {6, 3}, {7, 8},  // rings (a 2-ring has one link)
      {0, 3}, {1, 4}, {2, 6},                                          // 3 -> 4: 0, 1.33 -> 1, 2.67 -> 3
      {3, 7}, {4, 8}, {5, 8}, {6, 7},                                  // 4 -> 2: 0, 0.5 -> 1, 1, 1.5 -> 2 = 0
      {7, 0}, {8, 2}};                                                 // 2 -> 3 (delta wraps): 0, 1.5 -> 2
  EXPECT_EQ(pairs(out), expect);
  out.clear();
  net::RingIsl().propose(layout, Eigen::Matrix3Xd(3, 0), out);
  EXPECT_EQ(out.size(), 8u);
  // With positions the partner is the nearest satellite of the next plane: put (0, 0) next to (1, 2).
  Eigen::Matrix3Xd pos = Eigen::Matrix3Xd::Zero(3, 9);
  for (int i = 0; i < 9; ++i) pos(0, i) = 1000.0 * i;
  pos(0, 0) = pos(0, 5) + 1.0;
  out.clear();
  net::PlusGrid(0).propose(layout, pos, out);
  bool found = false;
  for (const auto& p : out) found = found || (p.a == 0 && p.b == 5);
  EXPECT_TRUE(found);
  EXPECT_FALSE(net::PlusGrid(0).is_static());
  // Equal plane sizes given explicitly propose exactly what the uniform layout proposes.
  std::vector<net::SatPair> a, b;
  net::PlusGrid(1).propose(net::ConstellationLayout({net::ShellLayout{0, 4, 5, net::WalkerPattern::Star, {5, 5, 5, 5}}}),
                           Eigen::Matrix3Xd(3, 0), a);
  net::PlusGrid(1).propose(net::ConstellationLayout::single_shell(4, 5, net::WalkerPattern::Star), Eigen::Matrix3Xd(3, 0), b);
  EXPECT_EQ(pairs(a), pairs(b));
}

TEST(FleetLayout, BadPlaneSizesRejected) {
  EXPECT_THROW(net::ConstellationLayout({net::ShellLayout{0, 3, 4, net::WalkerPattern::Delta, {3, 4}}}), InputError);
  EXPECT_THROW(net::ConstellationLayout({net::ShellLayout{0, 2, 4, net::WalkerPattern::Delta, {3, 5}}}), InputError);
  EXPECT_THROW(net::ConstellationLayout({net::ShellLayout{0, 2, 4, net::WalkerPattern::Delta, {0, 4}}}), InputError);
}

orbit::MeanElements sat(int id, double h_km, double inc, double raan, double u) {
  const auto g = orbit::gravity_constants(orbit::GravityModel::Wgs72);
  const double a = g.radius + h_km;
  orbit::MeanElements e;
  e.norad_id = id;
  e.epoch = satcap::core::Epoch::from_utc(2026, 5, 30, 12);
  e.epoch_jd_utc = e.epoch.jd_utc();
  e.inclination_deg = inc;
  e.raan_deg = raan;
  e.eccentricity = 1e-4;
  e.mean_anomaly_deg = u;
  e.mean_motion_rev_day = std::sqrt(g.mu / (a * a * a)) * 86400.0 / (2.0 * std::numbers::pi);
  return e;
}

TEST(FleetLayout, LayoutOfAClassifiedFleet) {
  std::vector<orbit::MeanElements> fleet;
  // A delta shell of 10 planes with 10..19 satellites, a star shell of 6 x 20, and one raising satellite.
  int id = 1;
  for (int p = 0; p < 10; ++p)
    for (int s = 0; s < 10 + p; ++s) fleet.push_back(sat(id++, 550.0, 53.0, 36.0 * p, 360.0 * s / (10 + p)));
  for (int p = 0; p < 6; ++p)
    for (int s = 0; s < 20; ++s) fleet.push_back(sat(id++, 1200.0, 87.9, 30.0 * p, 18.0 * s));
  fleet.push_back(sat(id++, 300.0, 53.0, 0.0, 0.0));
  fleet.back().mean_motion_dot = -1e-3;
  const auto fc = orbit::classify_fleet(fleet);
  ASSERT_EQ(fc.shells.size(), 2u);
  EXPECT_EQ(fc.on_station(), 145u + 120u);
  const auto fl = net::layout_for_fleet(fc);
  EXPECT_EQ(fl.layout.satellite_count(), 265);
  EXPECT_EQ(fl.fleet_index, fc.on_station_in_layout_order());
  EXPECT_EQ(fl.fleet_shell, (std::vector<int>{0, 1}));
  const auto& s0 = fl.layout.shells()[0];
  EXPECT_EQ(s0.planes, 10);
  EXPECT_EQ(s0.sats_per_plane, 19);
  EXPECT_EQ(s0.pattern, net::WalkerPattern::Delta);
  EXPECT_EQ(fl.layout.shells()[1].first_index, 145);
  EXPECT_EQ(fl.layout.shells()[1].pattern, net::WalkerPattern::Star);
  // Layout id k is the element set fleet_index[k]; plane and slot agree with the classification.
  for (int k = 0; k < s0.count(); ++k) {
    const auto& s = fc.satellites[fl.fleet_index[static_cast<std::size_t>(k)]];
    int first = 0;
    for (int p = 0; p < s.plane; ++p) first += s0.plane_size(p);
    EXPECT_EQ(first + s.slot, k);
  }
  // +Grid proposes links inside each shell only, never a satellite to itself.
  std::vector<net::SatPair> out;
  net::PlusGrid(0).propose(fl.layout, Eigen::Matrix3Xd(3, 265), out);
  for (const auto& p : out) {
    EXPECT_NE(p.a, p.b);
    EXPECT_EQ(fl.layout.shell_of(p.a), fl.layout.shell_of(p.b));
  }
}

}  // namespace
