// Demand model: a hand-checkable two-country case, the world at 1 degree (totals equal the
// population table, oceans carry no demand), options and readers.
#include <gtest/gtest.h>
#include <satcap/core/error.hpp>
#include <satcap/ground/demand.hpp>

#include <fstream>

#include "test_support.hpp"

namespace sg = satcap::ground;

namespace {
sg::GeoPolygon::Ring box(double w, double s, double e, double n) { return {{w, s}, {e, s}, {e, n}, {w, n}}; }
const std::filesystem::path kDcw = SATCAP_TEST_DCW_DIR;
const std::filesystem::path kCities = sg::kDefaultCitiesJson;
const std::filesystem::path kPopulation = satcap::test::source_dir() / "datasets/ground/population_2025.csv";
}  // namespace

TEST(Demand, HandCheckableTwoCountries) {
  const sg::CellGrid grid(sg::GridOptions{5.0});
  const sg::CountryAtlas atlas({{"AA", "Alpha", "EU", sg::GeoPolygon({box(0, 0, 20, 20)})},
                                {"BB", "Beta", "EU", sg::GeoPolygon({box(40.5, 0.2, 41.5, 1.0)})}});
  sg::PopulationTable pop;
  pop.persons = {{"AA", 1.0e6}, {"BB", 5.0e4}, {"CC", 1.0e4}};
  const std::vector<sg::City> cities{{"one", "AA", 10, 10, 6e5}, {"two", "AA", 5, 5, 6e5}, {"b", "BB", 0.5, 41, 3e4},
                                     {"lost", "ZZ", 50, 50, 1e6}};
  sg::DemandOptions o;
  o.take_up = 0.01;
  o.rural_weight = 3.0;
  o.busy_hour_mbps_per_subscriber = 2.0;
  o.min_rural_share = 0.2;
  o.rural_uniform_share = 1.0;  // rural spread evenly (the place-weighted part is checked below)
  const sg::DemandMap d = sg::build_demand(grid, atlas, pop, cities, o);
  // AA: listed 1.2 M > 0.8 x 1 M, so urban = 0.8 M (each city 0.4 M) and rural = 0.2 M over its cells.
  // BB: listed 30 k < 40 k: urban 30 k; BB holds no cell centre, so its 20 k rural go to its city cell.
  EXPECT_NEAR(d.total_population(), 1.05e6, 1e-6);
  EXPECT_NEAR(d.urban[grid.cell_at(10, 10)], 4e5, 1e-6);
  EXPECT_NEAR(d.urban[grid.cell_at(5, 5)], 4e5, 1e-6);
  EXPECT_NEAR(d.urban.sum(), 8.3e5, 1e-6);
  EXPECT_NEAR(d.rural.sum(), 2.2e5, 1e-6);
  long aa_cells = 0;
  for (int c : d.country) aa_cells += c == 0;
  ASSERT_GT(aa_cells, 5);
  for (Eigen::Index c = 0; c < grid.size(); ++c) {
    if (d.country[c] == 0) {
      EXPECT_NEAR(d.rural[c], 2e5 / aa_cells, 1e-6);
    }
  }
  EXPECT_NEAR(d.rural[grid.cell_at(0.5, 41)], 2e4, 1e-6);
  // Subscribers 0.01 x (830 k + 3 x 220 k) = 14,900; x 2 Mbit/s = 29,800 Mbit/s.
  EXPECT_NEAR(d.subscribers.sum(), 14900.0, 1e-6);
  EXPECT_NEAR(d.total_demand_mbps(), 29800.0, 1e-6);
  EXPECT_EQ(d.cities_used, 3u);
  EXPECT_EQ(d.cities_unmatched, 1u);
  EXPECT_EQ(d.countries_missing, std::vector<std::string>{"CC"});
  EXPECT_EQ(d.countries_without_cells, std::vector<std::string>{"BB"});
  // Cells with no country and no city carry nothing.
  for (Eigen::Index c = 0; c < grid.size(); ++c) {
    if (d.country[c] < 0 && c != grid.cell_at(0.5, 41)) {
      EXPECT_EQ(d.demand_mbps[c], 0.0);
    }
  }
  // Place-weighted rural spread: a quarter evenly, three quarters on AA's two city cells (75 k each).
  o.rural_uniform_share = 0.25;
  const sg::DemandMap pw = sg::build_demand(grid, atlas, pop, cities, o);
  for (Eigen::Index c = 0; c < grid.size(); ++c) {
    if (d.country[c] != 0) continue;
    const bool city = c == grid.cell_at(10, 10) || c == grid.cell_at(5, 5);
    EXPECT_NEAR(pw.rural[c], 5e4 / aa_cells + (city ? 7.5e4 : 0.0), 1e-6);
  }
  EXPECT_NEAR(pw.total_demand_mbps(), 29800.0, 1e-6);
  o.rural_uniform_share = 1.0;
  // A cap at 1,000 Mbit/s clips the two city cells (0.01 x (400 k + 3 x rural) x 2 > 8,000).
  o.max_cell_demand_mbps = 1000.0;
  const sg::DemandMap capped = sg::build_demand(grid, atlas, pop, cities, o);
  EXPECT_EQ(capped.capped_cells, 3u);
  EXPECT_LE(capped.demand_mbps.maxCoeff(), 1000.0);
}

TEST(Demand, OptionsValidate) {
  sg::DemandOptions o;
  EXPECT_NO_THROW(o.validate());
  o.take_up = 1.5;
  EXPECT_THROW(o.validate(), satcap::RangeError);
  o = {};
  o.take_up = 0.5;
  o.rural_weight = 3;
  EXPECT_THROW(o.validate(), satcap::RangeError);
  o = {};
  o.busy_hour_mbps_per_subscriber = 0;
  EXPECT_THROW(o.validate(), satcap::RangeError);
  o = {};
  o.max_cell_demand_mbps = -1;
  EXPECT_THROW(o.validate(), satcap::RangeError);
  o = {};
  o.min_rural_share = std::nan("");
  EXPECT_THROW(o.validate(), satcap::RangeError);
  o = {};
  o.rural_uniform_share = 1.1;
  EXPECT_THROW(o.validate(), satcap::RangeError);
}

TEST(Demand, PopulationTableReader) {
  const auto dir = satcap::test::scratch_dir("ground_population");
  auto write = [&](const std::string& text) {
    std::ofstream(dir / "p.csv") << text;
    return dir / "p.csv";
  };
  const auto t = sg::read_population_table(write("# c\niso2,name,population_thousands\nAA,A,1.5\nBB,B,0\n"));
  EXPECT_DOUBLE_EQ(t.persons.at("AA"), 1500.0);
  EXPECT_DOUBLE_EQ(t.total(), 1500.0);
  EXPECT_THROW(sg::read_population_table(write("iso2,population_thousands\nAAA,1\n")), satcap::InputError);
  EXPECT_THROW(sg::read_population_table(write("iso2,population_thousands\nAA,-1\n")), satcap::InputError);
  EXPECT_THROW(sg::read_population_table(write("iso2,population_thousands\nAA,1\nAA,2\n")), satcap::InputError);
  EXPECT_THROW(sg::read_population_table(write("iso2,population_thousands\nAA,x\n")), satcap::InputError);
}

TEST(Demand, CitiesReaderRejectsBadEntries) {
  const auto dir = satcap::test::scratch_dir("ground_cities");
  auto write = [&](const std::string& text) {
    std::ofstream(dir / "c.json") << text;
    return dir / "c.json";
  };
  std::size_t skipped = 0;
  const auto ok = sg::read_world_cities(
      write(R"([{"city":"A","lat":"1.5","lng":"2","iso2":"AA","population":"100"},{"city":"B","lat":"1","lng":"2","iso2":"AA","population":""}])"),
      &skipped);
  ASSERT_EQ(ok.size(), 1u);
  EXPECT_EQ(skipped, 1u);
  EXPECT_DOUBLE_EQ(ok[0].lat_deg, 1.5);
  EXPECT_DOUBLE_EQ(ok[0].population, 100.0);
  EXPECT_THROW(sg::read_world_cities(write("[{")), satcap::InputError);
  EXPECT_THROW(sg::read_world_cities(write(R"([{"lat":"91","lng":"0","iso2":"AA","population":"1"}])")), satcap::InputError);
  EXPECT_THROW(sg::read_world_cities(write(R"([{"lat":"1","lng":"0","population":"1"}])")), satcap::InputError);
  EXPECT_THROW(sg::read_world_cities(write(R"({"a":1})")), satcap::InputError);
}

TEST(Demand, WorldTotalsEqualThePopulationTable) {
  SATCAP_REQUIRE_REFERENCE(kDcw / "dcw-gmt.nc");
  SATCAP_REQUIRE_REFERENCE(kCities);
  const sg::CellGrid grid(sg::GridOptions{1.0});
  const auto atlas = sg::CountryAtlas::load_dcw(kDcw);
  const auto pop = sg::read_population_table(kPopulation);
  std::size_t skipped = 0;
  const auto cities = sg::read_world_cities(kCities, &skipped);
  EXPECT_GT(cities.size(), 40000u);
  const sg::DemandOptions o;
  const sg::DemandMap d = sg::build_demand(grid, atlas, pop, cities, o);
  EXPECT_TRUE(d.countries_missing.empty());
  // Population: every person of the table lands in some cell.
  EXPECT_NEAR(d.total_population(), pop.total(), 1e-9 * pop.total());
  EXPECT_NEAR(pop.total(), 8.23e9, 0.01e9);  // WPP 2024 world, 1 July 2025: 8.232 billion
  // Demand = take-up x (urban + rural weight x rural) x rate (no cap by default).
  const double expected = o.take_up * (d.urban.sum() + o.rural_weight * d.rural.sum()) * o.busy_hour_mbps_per_subscriber;
  EXPECT_NEAR(d.total_demand_mbps(), expected, 1e-9 * expected);
  EXPECT_EQ(d.capped_cells, 0u);
  // Open ocean carries nothing.
  for (auto [lat, lon] : {std::pair{0.0, -150.0}, {-40.0, -120.0}, {30.0, -40.0}, {-30.0, 80.0}, {-60.0, 0.0}, {45.0, -160.0}}) {
    EXPECT_EQ(d.demand_mbps[grid.cell_at(lat, lon)], 0.0) << lat << "," << lon;
  }
  // Sea cells with demand are coastal city cells: a small share of the total.
  double sea = 0;
  for (Eigen::Index c = 0; c < grid.size(); ++c) {
    if (d.country[c] < 0) sea += d.demand_mbps[c];
  }
  EXPECT_LT(sea / d.total_demand_mbps(), 0.15);
  // Russia's cells hold close to Russia's population (cities near borders move a little across).
  const int ru = atlas.index_of("RU");
  double ru_pop = 0;
  for (Eigen::Index c = 0; c < grid.size(); ++c) {
    if (d.country[c] == ru) ru_pop += d.urban[c] + d.rural[c];
  }
  EXPECT_NEAR(ru_pop, pop.persons.at("RU"), 0.1 * pop.persons.at("RU"));
  std::cout << "[ info ] cities used " << d.cities_used << ", unmatched " << d.cities_unmatched << ", skipped "
            << skipped << ", world demand " << d.total_demand_mbps() / 1e6 << " Tbit/s, sea share " << sea / d.total_demand_mbps()
            << ", countries without cells " << d.countries_without_cells.size() << "\n";
}
