// Region polygons (holes, antimeridian, poles), GeoJSON regions, the DCW atlas and grid mapping.
#include <gtest/gtest.h>
#include <satcap/core/error.hpp>
#include <satcap/ground/regions.hpp>

#include <chrono>

#include "test_support.hpp"

namespace sg = satcap::ground;

namespace {
sg::GeoPolygon::Ring box(double w, double s, double e, double n) { return {{w, s}, {e, s}, {e, n}, {w, n}}; }

const std::filesystem::path kDcw = SATCAP_TEST_DCW_DIR;

const sg::CountryAtlas& atlas() {
  static const sg::CountryAtlas a = sg::CountryAtlas::load_dcw(kDcw);
  return a;
}
}  // namespace

TEST(GeoPolygon, SquareWithHole) {
  const sg::GeoPolygon p({box(0, 0, 10, 10), box(4, 4, 6, 6)});
  EXPECT_TRUE(p.contains(1, 1));
  EXPECT_TRUE(p.contains(9, 5));
  EXPECT_FALSE(p.contains(5, 5));  // in the hole
  EXPECT_FALSE(p.contains(11, 5));
  EXPECT_FALSE(p.contains(5, -1));
  EXPECT_TRUE(p.contains(5, 1 + 360));  // longitude wraps
  EXPECT_EQ(p.ring_count(), 2u);
  EXPECT_EQ(p.vertex_count(), 8u);
}

TEST(GeoPolygon, CrossingTheAntimeridian) {
  // 170E .. 170W written with raw longitudes on both sides of +-180.
  const sg::GeoPolygon p({{{170, -10}, {-170, -10}, {-170, 10}, {170, 10}}});
  EXPECT_TRUE(p.contains(0, 175));
  EXPECT_TRUE(p.contains(0, -175));
  EXPECT_TRUE(p.contains(0, 180));
  EXPECT_TRUE(p.contains(0, -180));
  EXPECT_FALSE(p.contains(0, 165));
  EXPECT_FALSE(p.contains(0, -165));
  EXPECT_FALSE(p.contains(0, 0));
  // The same in 0..360 longitudes.
  const sg::GeoPolygon q({box(170, -10, 190, 10)});
  EXPECT_TRUE(q.contains(0, -175));
  EXPECT_FALSE(q.contains(0, -165));
}

TEST(GeoPolygon, RingAroundThePoleIsClosedThroughIt) {
  sg::GeoPolygon::Ring south, north;
  for (int lon = -180; lon < 180; lon += 10) {
    south.push_back({static_cast<double>(lon), -70.0 + 2.0 * ((lon / 10) % 2)});
    north.push_back({static_cast<double>(-lon), 80.0});
  }
  const sg::GeoPolygon s({south}), n({north});
  EXPECT_TRUE(s.contains(-89.9, 0));
  EXPECT_TRUE(s.contains(-75, 123));
  EXPECT_TRUE(s.contains(-80, -180));
  EXPECT_TRUE(s.contains(-80, 179.99));
  EXPECT_FALSE(s.contains(-60, 0));
  EXPECT_FALSE(s.contains(0, 0));
  EXPECT_TRUE(n.contains(85, 45));
  EXPECT_TRUE(n.contains(90, 0));
  EXPECT_FALSE(n.contains(75, 45));
  EXPECT_FALSE(n.contains(-85, 45));
}

TEST(GeoPolygon, RejectsBadRings) {
  EXPECT_THROW(sg::GeoPolygon({{{0, 0}, {1, 1}}}), satcap::Error);
  EXPECT_THROW(sg::GeoPolygon({{{0, 0}, {1, 95}, {2, 0}}}), satcap::RangeError);
}

TEST(GeoJson, FeatureCollectionPolygonAndMultiPolygon) {
  const std::string text = R"({"type":"FeatureCollection","features":[
    {"type":"Feature","properties":{"name":"Box"},"geometry":{"type":"Polygon",
       "coordinates":[[[0,0],[10,0],[10,10],[0,10],[0,0]],[[4,4],[6,4],[6,6],[4,6],[4,4]]]}},
    {"type":"Feature","properties":{"id":7},"geometry":{"type":"MultiPolygon",
       "coordinates":[[[[170,-5],[-170,-5],[-170,5],[170,5],[170,-5]]],[[[20,20],[21,20],[21,21],[20,20]]]]}}]})";
  const auto r = sg::parse_geojson_regions(text, "t.geojson");
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0].name, "Box");
  EXPECT_EQ(r[1].name, "feature 1");
  EXPECT_TRUE(r[0].polygons[0].contains(1, 1));
  EXPECT_FALSE(r[0].polygons[0].contains(5, 5));
  EXPECT_TRUE(r[1].polygons[0].contains(0, 179.5));
  EXPECT_TRUE(r[1].polygons[0].contains(0, -179.5));
  EXPECT_TRUE(r[1].polygons[0].contains(20.2, 20.9));
  EXPECT_EQ(sg::parse_geojson_regions(text, "t.geojson", "id")[1].name, "7");
}

TEST(GeoJson, BadInputNamesFileAndFeature) {
  auto expect_error = [](const std::string& text, const std::string& field) {
    try {
      sg::parse_geojson_regions(text, "bad.geojson");
      ADD_FAILURE() << "no error for " << text;
    } catch (const satcap::InputError& e) {
      EXPECT_EQ(e.file(), "bad.geojson");
      EXPECT_EQ(e.field(), field) << e.what();
    }
  };
  expect_error("{not json", "");
  expect_error(R"({"type":"FeatureCollection"})", "features");
  expect_error(R"({"type":"Feature","geometry":{"type":"Point","coordinates":[1,2]}})", "feature 0");
  expect_error(R"({"type":"Polygon","coordinates":[[[0,0],[1,0],[0,0]]]})", "feature 0");
  expect_error(R"({"type":"Polygon","coordinates":[[[0,0],[1,100],[1,1],[0,0]]]})", "feature 0");
  EXPECT_THROW(sg::read_geojson_regions("/nonexistent.geojson"), satcap::InputError);
}

TEST(CountryAtlas, KnownPlaces) {
  SATCAP_REQUIRE_REFERENCE(kDcw / "dcw-gmt.nc");
  const auto& a = atlas();
  EXPECT_GE(a.size(), 240u);
  auto code_at = [&](double lat, double lon) {
    const int i = a.country_at(lat, lon);
    return i < 0 ? std::string("--") : a.countries()[static_cast<std::size_t>(i)].code;
  };
  EXPECT_EQ(code_at(55.75, 37.62), "RU");    // Moscow
  EXPECT_EQ(code_at(54.71, 20.51), "RU");    // Kaliningrad (exclave)
  EXPECT_EQ(code_at(64.73, 177.51), "RU");   // Anadyr, east of 180 in DCW's 0-360 frame
  EXPECT_EQ(code_at(66.16, -169.80), "RU");  // Uelen, west of 180 in -180..180
  EXPECT_EQ(code_at(48.86, 2.35), "FR");     // Paris
  EXPECT_EQ(code_at(-29.31, 27.48), "LS");   // Maseru: Lesotho is a hole in South Africa
  EXPECT_EQ(code_at(-26.20, 28.05), "ZA");   // Johannesburg
  EXPECT_EQ(code_at(-18.14, 178.44), "FJ");  // Suva
  EXPECT_EQ(code_at(61.22, -149.90), "US");  // Anchorage
  EXPECT_EQ(code_at(-85.0, 45.0), "AQ");     // interior Antarctica
  EXPECT_EQ(code_at(-89.9, -120.0), "AQ");   // near the South Pole
  EXPECT_EQ(code_at(72.0, -40.0), "GL");     // Greenland ice sheet
  EXPECT_EQ(code_at(0.0, -150.0), "--");     // mid-Pacific
  EXPECT_EQ(code_at(40.0, -40.0), "--");     // mid-Atlantic
  EXPECT_EQ(code_at(89.0, 0.0), "--");       // Arctic Ocean
  const int ru = a.index_of("RU");
  ASSERT_GE(ru, 0);
  EXPECT_EQ(a.countries()[static_cast<std::size_t>(ru)].continent, "AS");
  EXPECT_EQ(a.countries()[static_cast<std::size_t>(ru)].name, "Russian Federation");
  EXPECT_THROW(sg::CountryAtlas::load_dcw("/nonexistent"), satcap::InputError);
}

TEST(RegionSet, DefaultStudyOnOneDegreeGrid) {
  SATCAP_REQUIRE_REFERENCE(kDcw / "dcw-gmt.nc");
  const sg::CellGrid grid(sg::GridOptions{1.0});
  const auto t0 = std::chrono::steady_clock::now();
  const sg::RegionMap m = sg::RegionSet::default_study().map(grid, atlas());
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::cout << "[ info ] mapped " << grid.size() << " cells to the default study regions in " << secs << " s\n";
  const int ru = m.index_of("Russia"), cis = m.index_of("CIS"), arctic = m.index_of("Arctic"), world = m.index_of("World");
  ASSERT_GE(ru, 0);
  // Russia's area 17.1 million km^2 (incl. inland water): cells x cell area within 3 %.
  const double ru_km2 = static_cast<double>(m.cells[ru].size()) * grid.cell_area_km2();
  EXPECT_NEAR(ru_km2, 17.1e6, 0.03 * 17.1e6);
  // Russia is part of the CIS; every Arctic cell is north of the Arctic Circle; World holds all.
  for (auto c : m.cells[ru]) EXPECT_TRUE(std::binary_search(m.cells[cis].begin(), m.cells[cis].end(), c));
  for (auto c : m.cells[arctic]) EXPECT_GE(grid.lat_deg()[c], 66.56);
  EXPECT_EQ(static_cast<Eigen::Index>(m.cells[world].size()), grid.size());
  // Arctic: area north of 66.56 deg is 4.1 % of the Earth (1 - sin 66.56 deg) / 2.
  EXPECT_NEAR(static_cast<double>(m.cells[arctic].size()) / static_cast<double>(grid.size()),
              (1 - std::sin(66.56 * M_PI / 180)) / 2, 0.002);
  // Primary region = first matching rule: Russian cells map to "Russia".
  for (auto c : m.cells[ru]) EXPECT_EQ(m.primary[c], ru);
  // Continents partition the land: land fraction of the Earth's surface is 29.2 % (incl. Antarctica).
  std::size_t land = 0;
  for (int c : m.country) land += c >= 0;
  EXPECT_NEAR(static_cast<double>(land) / static_cast<double>(grid.size()), 0.292, 0.01);
}

TEST(RegionSet, ContinentsLatitudeBandsCountriesAndPolygons) {
  SATCAP_REQUIRE_REFERENCE(kDcw / "dcw-gmt.nc");
  const sg::CellGrid grid(sg::GridOptions{2.0});
  const auto cont = sg::RegionSet::continents().map(grid, atlas());
  EXPECT_EQ(cont.names.size(), 7u);
  for (std::size_t c = 0; c < cont.country.size(); ++c) EXPECT_EQ(cont.country[c] >= 0, cont.primary[c] >= 0);
  const auto bands = sg::RegionSet::latitude_bands(30).map(grid, atlas());
  ASSERT_EQ(bands.names.size(), 6u);
  EXPECT_EQ(bands.names[0], "lat -90..-60");
  for (int p : bands.primary) EXPECT_GE(p, 0);
  const auto countries = sg::RegionSet::countries(atlas()).map(grid, atlas());
  EXPECT_EQ(countries.names.size(), atlas().size());
  for (std::size_t c = 0; c < countries.country.size(); ++c) EXPECT_EQ(countries.primary[c], countries.country[c]);
  sg::RegionRule poly{"box", {}, {}, {sg::GeoPolygon({box(-10, 40, 10, 50)})}, -90, 90};
  const auto pm = sg::RegionSet({poly}).map(grid, atlas());
  for (auto c : pm.cells[0]) {
    EXPECT_GE(grid.lat_deg()[c], 40);
    EXPECT_LE(grid.lat_deg()[c], 50);
  }
  EXPECT_NEAR(static_cast<double>(pm.cells[0].size()), 20.0 * 10.0 * std::cos(45 * M_PI / 180) / 4.0, 6);
  EXPECT_THROW(sg::RegionSet({sg::RegionRule{"bad", {"XX"}, {}, {}, -90, 90}}).map(grid, atlas()), satcap::InputError);
  EXPECT_THROW(sg::RegionSet::latitude_bands(7), satcap::RangeError);
}
