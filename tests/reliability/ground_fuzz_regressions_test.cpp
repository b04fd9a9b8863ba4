// Regression tests for the JSON readers of the ground layer: a number overflowing a double made
// nlohmann::json throw out_of_range (406), which escaped the parse_error handlers (same bug as the one
// fuzz_omm found in the OMM reader).
#include <satcap/core/error.hpp>
#include <satcap/ground/demand.hpp>
#include <satcap/ground/regions.hpp>

#include <gtest/gtest.h>

#include <fstream>

#include "test_support.hpp"

namespace {

TEST(FuzzRegressions, GeojsonNumberOverflowIsAnInputError) {
  const std::string text = R"({"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"name": "x"},
    "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [1e999, 0], [1, 1], [0, 0]]]}}]})";
  EXPECT_THROW((void)satcap::ground::parse_geojson_regions(text, "regions.geojson", "name"), satcap::InputError);
}

TEST(FuzzRegressions, CitiesNumberOverflowIsAnInputError) {
  const auto dir = satcap::test::scratch_dir("ground_fuzz_regressions");
  std::ofstream(dir / "cities.json") << R"([{"name": "x", "lat": 1e999, "lng": 0, "country": "FR"}])";
  EXPECT_THROW((void)satcap::ground::read_world_cities(dir / "cities.json"), satcap::InputError);
}

}  // namespace
