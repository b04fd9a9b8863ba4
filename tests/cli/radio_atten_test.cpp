// CLI tests of `satcap atten` (single point and CSV file forms, errors naming the line).
#include <gtest/gtest.h>
#include <satcap/core/files.hpp>

#include <cstdlib>
#include <fstream>

#include "test_support.hpp"

using satcap::test::cli_path;
using satcap::test::run_command;

namespace {
std::string maps_flag() { return " --maps " + satcap::test::itu_maps_dir().string(); }
}  // namespace

TEST(CliRadioAtten, SinglePoint) {
  SATCAP_REQUIRE_REFERENCE(satcap::test::itu_maps_dir() / "837/v7_mt_month01.npz");
  std::string out;
  ASSERT_EQ(run_command(cli_path().string() + " atten --lat 51.5 --lon -0.14 --el 31.08 --f-ghz 14.25 --p-pct 1 --d-m 1 --eta 0.65 --hs-km 0.0314" +
                            maps_flag(),
                        out),
            0)
      << out;
  EXPECT_NE(out.find("ag_db,ac_db,ar_db,as_db,at_db"), std::string::npos) << out;
  // Rain (P.618-14, workbook Ap 0.4953 dB at 14.25 GHz, p = 1 %) appears in the fourth column.
  const auto line = out.substr(out.find('\n') + 1);
  std::vector<std::string> cells;
  satcap::core::split_csv_line(line.substr(0, line.find('\n')), cells);
  ASSERT_EQ(cells.size(), 5u) << out;
  EXPECT_NEAR(std::stod(cells[2]), 0.4953, 0.03) << out;  // elevation rounded to 31.08 deg here
  EXPECT_NEAR(std::stod(cells[3]), 0.2619, 0.001) << out;
}

TEST(CliRadioAtten, FileFormCarriesColumnsThrough) {
  SATCAP_REQUIRE_REFERENCE(satcap::test::itu_maps_dir() / "837/v7_mt_month01.npz");
  const auto dir = satcap::test::scratch_dir("cli_radio_atten_file");
  {
    std::ofstream f(dir / "points.csv");
    f << "name,lat_deg,lon_deg,el_deg,f_ghz,p_pct,d_m,eta,hs_km,tau_deg\n"
      << "London,51.5,-0.14,31.08,14.25,1,1,0.65,0.0314,0\n"
      << "\"Rio, BR\",-22.9,-43.23,60,20,0.1,1.2,,,\n";
  }
  std::string out;
  ASSERT_EQ(run_command(cli_path().string() + " atten --in " + (dir / "points.csv").string() + " --out " + (dir / "r.csv").string() +
                            maps_flag(),
                        out),
            0)
      << out;
  const auto t = satcap::core::CsvTable::read(dir / "r.csv", {"name", "ag_db", "ac_db", "ar_db", "as_db", "at_db"});
  ASSERT_EQ(t.rows().size(), 2u);
  EXPECT_EQ(t.text(t.rows()[1], "name"), "Rio, BR");
  for (const auto& r : t.rows()) EXPECT_GT(t.number(r, "at_db"), t.number(r, "ar_db"));
}

TEST(CliRadioAtten, BadRowNamesItsLine) {
  SATCAP_REQUIRE_REFERENCE(satcap::test::itu_maps_dir() / "837/v7_mt_month01.npz");
  const auto dir = satcap::test::scratch_dir("cli_radio_atten_bad");
  {
    std::ofstream f(dir / "points.csv");
    f << "lat_deg,lon_deg,el_deg,f_ghz,p_pct,d_m\n"
      << "51.5,-0.14,31,14.25,1,1\n"
      << "51.5,-0.14,2,14.25,1,1\n";  // line 3: elevation below 5 deg
  }
  std::string out;
  EXPECT_EQ(run_command(cli_path().string() + " atten --in " + (dir / "points.csv").string() + " --out " + (dir / "r.csv").string() +
                            maps_flag(),
                        out),
            2);
  EXPECT_NE(out.find("points.csv:3"), std::string::npos) << out;
  EXPECT_NE(out.find("el_deg"), std::string::npos) << out;
  EXPECT_FALSE(std::filesystem::exists(dir / "r.csv"));
  {
    std::ofstream f(dir / "points2.csv");
    f << "lat_deg,lon_deg,el_deg,f_ghz,p_pct,d_m\n51.5,abc,31,14.25,1,1\n";
  }
  EXPECT_EQ(run_command(cli_path().string() + " atten --in " + (dir / "points2.csv").string() + " --out " + (dir / "r.csv").string() +
                            maps_flag(),
                        out),
            2);
  EXPECT_NE(out.find("points2.csv:2"), std::string::npos) << out;
  EXPECT_NE(out.find("lon_deg"), std::string::npos) << out;
}

TEST(CliRadioAtten, MapsFromEnvironmentAndMissingMaps) {
  SATCAP_REQUIRE_REFERENCE(satcap::test::itu_maps_dir() / "837/v7_mt_month01.npz");
  std::string out;
  const std::string point = " atten --lat 45 --lon 7 --el 40 --f-ghz 20 --p-pct 0.1 --d-m 1";
  EXPECT_EQ(run_command("SATCAP_ITU_MAPS_DIR=" + satcap::test::itu_maps_dir().string() + " " + cli_path().string() + point, out), 0) << out;
  const auto empty = satcap::test::scratch_dir("cli_radio_atten_nomaps");
  EXPECT_EQ(run_command(cli_path().string() + point + " --maps " + empty.string(), out), 2);
  EXPECT_NE(out.find("not found"), std::string::npos) << out;  // names the file and the Recommendation
  EXPECT_NE(out.find("ITU-R P."), std::string::npos) << out;
  EXPECT_EQ(run_command(cli_path().string() + " atten --lat 45 --lon 7 --el 40" + maps_flag(), out), 2);
  EXPECT_NE(out.find("--f-ghz"), std::string::npos) << out;
}
