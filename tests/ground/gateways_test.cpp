// Gateway dataset (matches the shared reference compilation) and rule-based placement.
#include <gtest/gtest.h>
#include <satcap/core/error.hpp>
#include <satcap/core/files.hpp>
#include <satcap/core/geodesy.hpp>
#include <satcap/ground/gateways.hpp>
#include <satcap/ground/regions.hpp>

#include <GeographicLib/Geodesic.hpp>

#include <map>

#include "test_support.hpp"

namespace sg = satcap::ground;

namespace {
const std::filesystem::path kDataset = satcap::test::source_dir() / "datasets/ground/starlink_gateways.csv";
double distance_km(const sg::GroundSite& a, const sg::GroundSite& b) {
  double s = 0;
  GeographicLib::Geodesic::WGS84().Inverse(a.where.lat_deg(), a.where.lon_deg(), b.where.lat_deg(), b.where.lon_deg(), s);
  return s / 1e3;
}
}  // namespace

TEST(Gateways, DatasetMatchesTheReferenceCompilation) {
  const auto ref_path = satcap::test::reference_dir() / "gateways/starlink_gateways_merged.csv";
  SATCAP_REQUIRE_REFERENCE(ref_path);
  const auto g = sg::read_gateways(kDataset);
  const auto ref = satcap::core::CsvTable::read(ref_path, {"name", "lat_deg", "lon_deg", "status"});
  ASSERT_EQ(g.size(), ref.rows().size());
  ASSERT_EQ(g.size(), 309u);
  std::map<std::string, int> status;
  for (std::size_t i = 0; i < g.size(); ++i) {
    const auto& row = ref.rows()[i];
    EXPECT_EQ(g[i].site.id, static_cast<int>(i) + 1);
    EXPECT_EQ(g[i].site.name, ref.text(row, "name"));
    EXPECT_NEAR(g[i].site.where.lat_deg(), ref.number(row, "lat_deg"), 1e-12);
    EXPECT_NEAR(g[i].site.where.lon_deg(), ref.number(row, "lon_deg"), 1e-12);
    EXPECT_EQ(g[i].status, ref.text(row, "status"));
    ++status[g[i].status];
  }
  // Counts stated in the reference README.
  EXPECT_EQ(status["operational"], 214);
  EXPECT_EQ(status["planned"], 93);
  EXPECT_EQ(status["starperf_2024-01_only"], 2);
  EXPECT_EQ(sg::gateway_sites(g).size(), 214u);
  EXPECT_EQ(sg::gateway_sites(g, {}).size(), 309u);
  EXPECT_EQ(sg::gateway_sites(g, {"operational", "planned"}).size(), 307u);
  // The file is also a plain ground-site file.
  EXPECT_EQ(sg::read_ground_sites(kDataset).size(), 309u);
}

TEST(Gateways, PlacementHandCheck) {
  const sg::CellGrid grid(sg::GridOptions{5.0});
  Eigen::ArrayXd w = Eigen::ArrayXd::Zero(grid.size());
  const int a = grid.cell_at(50, 10), b = a + 1, c = grid.cell_at(40, 60), d = grid.cell_at(0, 0);
  w[a] = 10;
  w[b] = 9;  // next cell east, about one cell (~560 km) from a: rejected at 700 km separation
  w[c] = 8;
  w[d] = 8;  // tie with c: the lower id wins first
  const std::vector<std::int32_t> all = [&] {
    std::vector<std::int32_t> v(static_cast<std::size_t>(grid.size()));
    for (std::size_t i = 0; i < v.size(); ++i) v[i] = static_cast<std::int32_t>(i);
    return v;
  }();
  sg::GatewayPlacementOptions o;
  o.count = 3;
  o.min_separation_km = 700;
  ASSERT_GT(distance_km({0, "a", satcap::core::Geodetic::degrees(grid.lat_deg()[a], grid.lon_deg()[a])},
                        {0, "b", satcap::core::Geodetic::degrees(grid.lat_deg()[b], grid.lon_deg()[b])}),
            300.0);
  const auto s = sg::place_gateways(grid, w, all, o);
  ASSERT_EQ(s.size(), 3u);
  EXPECT_NEAR(s[0].where.lat_deg(), grid.lat_deg()[a], 1e-12);
  EXPECT_NEAR(s[1].where.lat_deg(), grid.lat_deg()[std::min(c, d)], 1e-12);
  EXPECT_NEAR(s[2].where.lat_deg(), grid.lat_deg()[std::max(c, d)], 1e-12);
  EXPECT_EQ(s[0].id, o.first_id);
  EXPECT_EQ(s[0].name, "auto-1 cell " + std::to_string(a));
  // At 300 km separation b is accepted second.
  o.min_separation_km = 300;
  const auto s2 = sg::place_gateways(grid, w, all, o);
  EXPECT_NEAR(s2[1].where.lon_deg(), grid.lon_deg()[b], 1e-12);
  // An existing gateway near a blocks it; zero-weight cells are not used.
  o.min_separation_km = 700;
  o.count = 10;
  const auto s3 = sg::place_gateways(grid, w, all, o, {s[0]});
  EXPECT_EQ(s3.size(), 2u);
  for (std::size_t i = 0; i < s3.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) EXPECT_GE(distance_km(s3[i], s3[j]), 700.0);
  }
  EXPECT_THROW(sg::place_gateways(grid, Eigen::ArrayXd::Zero(3), all, o), satcap::RangeError);
  o.count = 0;
  EXPECT_THROW(sg::place_gateways(grid, w, all, o), satcap::RangeError);
}

TEST(Gateways, PlacementInsideARegion) {
  SATCAP_REQUIRE_REFERENCE(std::filesystem::path(SATCAP_TEST_DCW_DIR) / "dcw-gmt.nc");
  const sg::CellGrid grid(sg::GridOptions{1.0});
  const auto atlas = sg::CountryAtlas::load_dcw(SATCAP_TEST_DCW_DIR);
  const auto map = sg::RegionSet::default_study().map(grid, atlas);
  const auto& ru = map.cells[static_cast<std::size_t>(map.index_of("Russia"))];
  // Weight: warmer (more southern) cells first, a stand-in for population.
  const Eigen::ArrayXd w = 90.0 - grid.lat_deg();
  sg::GatewayPlacementOptions o;
  o.count = 12;
  o.min_separation_km = 800;
  const auto s = sg::place_gateways(grid, w, ru, o);
  ASSERT_EQ(s.size(), 12u);
  const int ru_index = atlas.index_of("RU");
  for (std::size_t i = 0; i < s.size(); ++i) {
    EXPECT_EQ(map.country[static_cast<std::size_t>(grid.cell_at(s[i].where.lat_deg(), s[i].where.lon_deg()))], ru_index);
    for (std::size_t j = 0; j < i; ++j) EXPECT_GE(distance_km(s[i], s[j]), 800.0);
  }
  EXPECT_EQ(sg::place_gateways(grid, w, ru, o).front().name, s.front().name);  // deterministic
}

// Optimised placement (greedy maximum coverage of satellite samples): satellites 1,000 km straight above
// chosen cells of a 10 deg grid are seen above 60 deg only from their own cell, so the coverage of every
// candidate is known by construction.
TEST(Gateways, CoveragePlacementIsGreedyMaximumCoverage) {
  const sg::CellGrid grid(sg::GridOptions{10.0});
  const std::int32_t a = grid.cell_at(45.0, 10.0), b = grid.cell_at(-30.0, 140.0), c = grid.cell_at(0.0, -30.0);
  ASSERT_NE(a, b);
  auto above = [&](std::int32_t cell) {
    return satcap::core::ecef_from_geodetic(satcap::core::Geodetic::degrees(grid.lat_deg()[cell], grid.lon_deg()[cell], 1.0e6));
  };
  // Step 0: satellites over a, b, c; step 1: over a, a, b. Samples over a: 3, over b: 2, over c: 1.
  std::vector<Eigen::Matrix3Xd> pos(2, Eigen::Matrix3Xd(3, 3));
  pos[0] << above(a), above(b), above(c);
  pos[1] << above(a), above(a), above(b);
  std::vector<std::int32_t> all(static_cast<std::size_t>(grid.size()));
  for (std::int32_t i = 0; i < grid.size(); ++i) all[static_cast<std::size_t>(i)] = i;
  const Eigen::ArrayXd tie = Eigen::ArrayXd::Ones(grid.size());
  sg::CoveragePlacementOptions o;
  o.min_elevation_deg = 60.0;
  o.placement.count = 10;
  o.placement.min_separation_km = 0.0;
  const auto p = sg::place_gateways_coverage(grid, tie, all, pos, {}, o);
  ASSERT_EQ(p.sites.size(), 3u);  // stops when no candidate adds coverage
  EXPECT_EQ(p.sites[0].name, "auto-1 cell " + std::to_string(a));
  EXPECT_EQ(p.sites[1].name, "auto-2 cell " + std::to_string(b));
  EXPECT_EQ(p.sites[2].name, "auto-3 cell " + std::to_string(c));
  ASSERT_EQ(p.covered_share.size(), 3u);
  EXPECT_DOUBLE_EQ(p.covered_share[0], 3.0 / 6.0);
  EXPECT_DOUBLE_EQ(p.covered_share[1], 5.0 / 6.0);
  EXPECT_DOUBLE_EQ(p.covered_share[2], 1.0);
  EXPECT_DOUBLE_EQ(p.coverable_weight, 6.0);
  // Nested sets: the first n sites do not depend on the count.
  o.placement.count = 2;
  const auto p2 = sg::place_gateways_coverage(grid, tie, all, pos, {}, o);
  ASSERT_EQ(p2.sites.size(), 2u);
  EXPECT_EQ(p2.sites[1].name, p.sites[1].name);
  // Sample weights: the satellite over c does not count (e.g. it sees no demand); stop_at_share.
  o.placement.count = 10;
  const std::vector<std::vector<double>> w = {{1.0, 1.0, 0.0}, {1.0, 1.0, 1.0}};
  const auto p3 = sg::place_gateways_coverage(grid, tie, all, pos, w, o);
  ASSERT_EQ(p3.sites.size(), 2u);
  EXPECT_DOUBLE_EQ(p3.coverable_weight, 5.0);
  EXPECT_DOUBLE_EQ(p3.total_weight, 5.0);
  o.stop_at_share = 0.5;
  EXPECT_EQ(sg::place_gateways_coverage(grid, tie, all, pos, w, o).sites.size(), 1u);
  // Separation: with a too close to b in the rule, b is skipped for c.
  o.stop_at_share = 1.0;
  o.placement.min_separation_km = 19000.0;
  const auto p4 = sg::place_gateways_coverage(grid, tie, all, pos, {}, o);
  for (std::size_t i = 0; i < p4.sites.size(); ++i)
    for (std::size_t j = 0; j < i; ++j) EXPECT_GE(distance_km(p4.sites[i], p4.sites[j]), 19000.0);
  // Zero tie weight excludes a candidate; bad input is rejected.
  o.placement.min_separation_km = 0.0;
  Eigen::ArrayXd tie0 = tie;
  tie0[a] = 0.0;
  EXPECT_EQ(sg::place_gateways_coverage(grid, tie0, all, pos, {}, o).sites.front().name, "auto-1 cell " + std::to_string(b));
  EXPECT_THROW(sg::place_gateways_coverage(grid, Eigen::ArrayXd::Ones(3), all, pos, {}, o), satcap::RangeError);
  EXPECT_THROW(sg::place_gateways_coverage(grid, tie, all, pos, {{1.0}}, o), satcap::RangeError);
  EXPECT_THROW(sg::place_gateways_coverage(grid, tie, all, pos, {{1.0, -1.0, 0.0}, {1.0, 1.0, 1.0}}, o), satcap::RangeError);
  o.min_elevation_deg = 90.0;
  EXPECT_THROW(sg::place_gateways_coverage(grid, tie, all, pos, {}, o), satcap::RangeError);
}
