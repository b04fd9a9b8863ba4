// Unit tests of the ITU-R map loader: directory resolution, missing/corrupt files, interpolation,
// longitude wrapping and thread-safe lazy loading.
#include <gtest/gtest.h>
#include <oneapi/tbb/parallel_for.h>
#include <satcap/core/error.hpp>
#include <satcap/radio/climate_maps.hpp>

#include <atomic>
#include <cstdlib>
#include <fstream>

#include "test_support.hpp"

using satcap::radio::ClimateMaps;
using satcap::radio::MapKey;

TEST(IturMaps, ResolveDirectoryPrecedence) {
  const char* old = std::getenv("SATCAP_ITU_MAPS_DIR");
  const std::string saved = old ? old : "";
  ::setenv("SATCAP_ITU_MAPS_DIR", "/from/env", 1);
  EXPECT_EQ(satcap::radio::resolve_maps_dir(std::filesystem::path("/explicit")), "/explicit");
  EXPECT_EQ(satcap::radio::resolve_maps_dir(std::nullopt), "/from/env");
  ::unsetenv("SATCAP_ITU_MAPS_DIR");
  EXPECT_FALSE(satcap::radio::resolve_maps_dir(std::nullopt).empty());  // compiled default
  if (old) ::setenv("SATCAP_ITU_MAPS_DIR", saved.c_str(), 1);
}

TEST(IturMaps, MissingDirectoryIsInputError) {
  EXPECT_THROW(ClimateMaps::load("/nonexistent/itu-maps"), satcap::InputError);
}

TEST(IturMaps, MissingMapNamesFileAndRecommendation) {
  const auto dir = satcap::test::scratch_dir("itur_missing_map");
  auto maps = ClimateMaps::load(dir);
  try {
    maps->grid(MapKey::kP839RainHeight0);
    FAIL() << "expected InputError";
  } catch (const satcap::InputError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("839/v4_esa0height.npz"), std::string::npos) << what;
    EXPECT_NE(what.find("P.839-4"), std::string::npos) << what;
  }
  // A second use throws again (no half-initialised map is cached).
  EXPECT_THROW(maps->grid(MapKey::kP839RainHeight0), satcap::InputError);
  EXPECT_NE(ClimateMaps::file_of(MapKey::kP837Mt01).find("837/v7_mt_month01.npz"), std::string::npos);
  EXPECT_EQ(ClimateMaps::file_of(static_cast<MapKey>(static_cast<int>(MapKey::kP840L0))), "840/v9_l_001.npz");
  EXPECT_EQ(ClimateMaps::file_of(static_cast<MapKey>(static_cast<int>(MapKey::kP453Nwet0))), "453/v13_nwet_annual_01.npz");
}

TEST(IturMaps, CorruptMapIsInputError) {
  const auto dir = satcap::test::scratch_dir("itur_corrupt_map");
  std::filesystem::create_directories(dir / "839");
  for (const char* f : {"839/v4_esa0height.npz", "839/v4_esalat.npz", "839/v4_esalon.npz"}) std::ofstream(dir / f) << "not a zip";
  auto maps = ClimateMaps::load(dir);
  EXPECT_THROW(maps->grid(MapKey::kP839RainHeight0), satcap::InputError);
}

class IturMapsData : public ::testing::Test {
 protected:
  void SetUp() override {
    SATCAP_REQUIRE_REFERENCE(satcap::test::itu_maps_dir() / "839/v4_esa0height.npz");
    maps_ = ClimateMaps::load(satcap::test::itu_maps_dir());
  }
  std::shared_ptr<const ClimateMaps> maps_;
};

TEST_F(IturMapsData, GridGeometryAndNodes) {
  const auto& g = maps_->grid(MapKey::kP839RainHeight0);  // 121 x 241, lat +90 -> -90, lon 0 -> 360
  EXPECT_EQ(g.rows, 121u);
  EXPECT_EQ(g.cols, 241u);
  EXPECT_DOUBLE_EQ(g.lat0, 90.0);
  EXPECT_DOUBLE_EQ(g.dlat, -1.5);
  EXPECT_DOUBLE_EQ(g.lon0, 0.0);
  // Interpolation reproduces the nodes and is linear along an edge.
  EXPECT_DOUBLE_EQ(g.bilinear(45.0, 30.0), g.at(30, 20));
  EXPECT_NEAR(g.bilinear(45.0, 30.75), 0.5 * (g.at(30, 20) + g.at(30, 21)), 1e-12);
  EXPECT_NEAR(g.bicubic(45.0, 30.0), g.at(30, 20), 1e-12);
  // Longitude conventions: -10 deg == 350 deg, and 370 == 10.
  EXPECT_DOUBLE_EQ(g.bilinear(12.3, -10.0), g.bilinear(12.3, 350.0));
  EXPECT_DOUBLE_EQ(g.bilinear(12.3, 370.0), g.bilinear(12.3, 10.0));
  const auto& mt = maps_->grid(MapKey::kP837Mt01);  // lon -180.125 -> 180.125
  EXPECT_DOUBLE_EQ(mt.bilinear(-33.0, 200.0), mt.bilinear(-33.0, -160.0));
}

TEST_F(IturMapsData, ConcurrentFirstUseLoadsOnce) {
  auto fresh = ClimateMaps::load(satcap::test::itu_maps_dir());
  std::atomic<const satcap::radio::GridMap*> first{nullptr};
  std::atomic<int> mismatches{0};
  tbb::parallel_for(0, 64, [&](int) {
    const auto* g = &fresh->grid(MapKey::kP1510Annual);
    const satcap::radio::GridMap* expected = nullptr;
    if (!first.compare_exchange_strong(expected, g) && expected != g) ++mismatches;
    if (g->values.size() != g->rows * g->cols) ++mismatches;
  });
  EXPECT_EQ(mismatches.load(), 0);
}
