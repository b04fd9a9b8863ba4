// Gateway dataset (matches the shared reference compilation) and rule-based placement.
#include <gtest/gtest.h>
#include <satcap/core/error.hpp>
#include <satcap/core/files.hpp>
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
