// `satcap ground-demand`: region table and per-cell file on a coarse grid; bad inputs exit 2.
#include <gtest/gtest.h>
#include <satcap/core/files.hpp>
#include <satcap/ground/demand.hpp>

#include "test_support.hpp"

using satcap::test::cli_path;
using satcap::test::run_command;

namespace {
const std::filesystem::path kDcw = SATCAP_TEST_DCW_DIR;
const std::string kPopulation = (satcap::test::source_dir() / "datasets/ground/population_2025.csv").string();
}  // namespace

TEST(CliGround, DemandWritesRegionAndCellTables) {
  SATCAP_REQUIRE_REFERENCE(kDcw / "dcw-gmt.nc");
  SATCAP_REQUIRE_REFERENCE(std::filesystem::path(satcap::ground::kDefaultCitiesJson));
  const auto dir = satcap::test::scratch_dir("cli_ground_demand");
  const auto regions = dir / "regions.csv", cells = dir / "cells.csv";
  std::string out;
  ASSERT_EQ(run_command(cli_path().string() + " ground-demand --resolution 5 --population " + kPopulation +
                            " --take-up 0.01 --rural-weight 2 --mbps-per-subscriber 4 --out " + regions.string() +
                            " --cells-out " + cells.string(),
                        out),
            0)
      << out;
  const auto t = satcap::core::CsvTable::read(regions, {"region", "cells", "population", "subscribers", "demand_mbps"});
  ASSERT_EQ(t.rows().size(), 10u);
  const auto& world = t.rows().back();
  EXPECT_EQ(t.text(world, "region"), "World");
  const auto pop = satcap::ground::read_population_table(kPopulation);
  EXPECT_NEAR(t.number(world, "population"), pop.total(), 1e-6 * pop.total());
  EXPECT_NEAR(t.number(world, "demand_mbps"), 4.0 * t.number(world, "subscribers"), 1e-6 * t.number(world, "demand_mbps"));
  EXPECT_EQ(t.text(t.rows()[8], "region"), "Antarctica");
  EXPECT_EQ(t.number(t.rows()[8], "population"), 0.0);
  const auto c = satcap::core::CsvTable::read(cells, {"cell", "lat_deg", "lon_deg", "country", "region", "demand_mbps"});
  EXPECT_EQ(static_cast<double>(c.rows().size()), t.number(world, "cells"));
}

TEST(CliGround, DemandRejectsBadInput) {
  std::string out;
  EXPECT_EQ(run_command(cli_path().string() + " ground-demand --resolution 0", out), 2);
  EXPECT_NE(out.find("resolution_deg"), std::string::npos) << out;
  EXPECT_EQ(run_command(cli_path().string() + " ground-demand --resolution 10 --population /nonexistent.csv", out), 2);
  EXPECT_NE(out.find("/nonexistent.csv"), std::string::npos) << out;
  EXPECT_EQ(run_command(cli_path().string() + " ground-demand --resolution 10 --take-up 2", out), 2);
  EXPECT_NE(out.find("take_up"), std::string::npos) << out;
}
