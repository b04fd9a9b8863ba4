// `satcap propagate` end to end on the reference element sets and a dataset, plus bad input.
#include <satcap/core/files.hpp>
#include <satcap/orbit/elements.hpp>
#include <satcap/orbit/sgp4.hpp>

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "test_support.hpp"

namespace {

using satcap::test::cli_path;
using satcap::test::run_command;

std::vector<std::string> read_lines(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::vector<std::string> v;
  std::string s;
  while (std::getline(in, s)) v.push_back(s);
  return v;
}

TEST(CliPropagate, OmmToTemeMatchesLibrary) {
  const auto omm = satcap::test::reference_dir() / "tle" / "rassvet_gp_2026-09-20.json";
  SATCAP_REQUIRE_REFERENCE(omm);
  const auto out = satcap::test::scratch_dir("cli_propagate_omm") / "r.csv";
  std::string log;
  ASSERT_EQ(run_command(cli_path().string() + " propagate --omm " + omm.string() +
                            " --start 2026-09-21T00:00:00Z --step 60 --steps 3 --frame teme --out " + out.string(),
                        log),
            0)
      << log;
  const auto lines = read_lines(out);
  ASSERT_EQ(lines.size(), 1u + 37u * 3u);
  EXPECT_EQ(lines[0], "sat_id,norad_id,time_utc,x_km,y_km,z_km,vx_km_s,vy_km_s,vz_km_s");
  // First data row: first object at the start time; compare with the library.
  const auto fleet = satcap::orbit::read_omm_json(omm);
  std::vector<std::string> cells;
  satcap::core::split_csv_line(lines[1], cells);
  ASSERT_EQ(cells.size(), 9u);
  EXPECT_EQ(cells[0], fleet[0].name);
  EXPECT_EQ(cells[1], std::to_string(fleet[0].norad_id));
  EXPECT_EQ(cells[2], "2026-09-21T00:00:00.000Z");
  const auto st = satcap::orbit::Sgp4(fleet[0]).propagate(satcap::core::Epoch::from_utc(2026, 9, 21));
  EXPECT_NEAR(std::stod(cells[3]), st.r_km.x(), 1e-6);
  EXPECT_NEAR(std::stod(cells[8]), st.v_km_s.z(), 1e-9);
  // A six-digit NORAD id is written in full.
  bool six = false;
  for (const auto& l : lines) six = six || l.find(",100083,") != std::string::npos;
  EXPECT_TRUE(six);
}

TEST(CliPropagate, TleGeodeticAndWalkerJ2) {
  const auto tle = satcap::test::reference_dir() / "tle" / "rassvet_derived_from_omm_2026-09-20.tle";
  SATCAP_REQUIRE_REFERENCE(tle);
  const auto dir = satcap::test::scratch_dir("cli_propagate_geo");
  std::string log;
  ASSERT_EQ(run_command(cli_path().string() + " propagate --tle " + tle.string() +
                            " --start 2026-09-21T00:00:00.5Z --step 30 --steps 2 --frame geodetic --out " +
                            (dir / "g.csv").string(),
                        log),
            0)
      << log;
  auto lines = read_lines(dir / "g.csv");
  ASSERT_EQ(lines.size(), 1u + 74u);
  EXPECT_EQ(lines[0], "sat_id,norad_id,time_utc,lat_deg,lon_deg,alt_km");
  EXPECT_NE(lines[1].find("2026-09-21T00:00:00.500Z"), std::string::npos) << lines[1];
  std::vector<std::string> cells;
  satcap::core::split_csv_line(lines[1], cells);
  ASSERT_EQ(cells.size(), 6u);
  EXPECT_GT(std::stod(cells[5]), 200.0);
  EXPECT_LT(std::stod(cells[5]), 900.0);

  const auto toml = satcap::test::source_dir() / "datasets" / "constellations" / "rassvet_2027_observed.toml";
  ASSERT_EQ(run_command(cli_path().string() + " propagate --constellation " + toml.string() +
                            " --start 2027-01-01T00:00:00Z --step 60 --steps 2 --propagator j2 --frame ecef --out " +
                            (dir / "w.csv").string(),
                        log),
            0)
      << log;
  lines = read_lines(dir / "w.csv");
  ASSERT_EQ(lines.size(), 1u + 288u * 2u);
  EXPECT_EQ(lines[1].rfind("rassvet-2027/0/0,,2027-01-01T00:00:00.000Z,", 0), 0u) << lines[1];
}

TEST(CliPropagate, BadInputExitsTwoWithOneLineNamingFileLineField) {
  const auto dir = satcap::test::scratch_dir("cli_propagate_bad");
  const auto f = dir / "bad.tle";
  satcap::core::write_file_atomically(
      f, "SAT\n1 00005U 58002B   00179.78495062  .00000023  00000-0  28098-4 0  4753\n"
         "2 00005  34.2682 348.7242 1859667 331.7664  19.3264 10.82419157413668\n");  // checksum off by one
  std::string log;
  const std::string base = cli_path().string() + " propagate --start 2026-01-01T00:00:00Z --step 60 --steps 2 --out " +
                           (dir / "o.csv").string();
  EXPECT_EQ(run_command(base + " --tle " + f.string(), log), 2);
  EXPECT_NE(log.find(f.string() + ":3: checksum"), std::string::npos) << log;
  EXPECT_EQ(std::count(log.begin(), log.end(), '\n'), 1) << log;
  EXPECT_FALSE(std::filesystem::exists(dir / "o.csv"));  // nothing written
  // Opt-out works.
  EXPECT_EQ(run_command(base + " --no-checksum --tle " + f.string(), log), 0) << log;
  // Skipping bad records: counted and listed, the good ones are written.
  const auto g = dir / "mixed.tle";
  satcap::core::write_file_atomically(
      g, satcap::core::read_file(f) + "GOOD\n1 00005U 58002B   00179.78495062  .00000023  00000-0  28098-4 0  4753\n"
                                     "2 00005  34.2682 348.7242 1859667 331.7664  19.3264 10.82419157413667\n");
  EXPECT_EQ(run_command(base + " --skip-bad-records --tle " + g.string(), log), 0) << log;
  EXPECT_NE(log.find("1 bad records skipped"), std::string::npos) << log;
  EXPECT_NE(log.find("satcap: skipped: " + g.string() + ":3: checksum"), std::string::npos) << log;
  EXPECT_EQ(read_lines(dir / "o.csv").size(), 3u);

  const auto j = dir / "bad.json";
  satcap::core::write_file_atomically(j, "[\n {\n  \"OBJECT_NAME\": \"X\",\n  \"NORAD_CAT_ID\": 1\n }\n]\n");
  EXPECT_EQ(run_command(base + " --omm " + j.string(), log), 2);
  EXPECT_NE(log.find(j.string() + ":2: EPOCH"), std::string::npos) << log;

  EXPECT_EQ(run_command(base + " --tle " + f.string() + " --omm " + j.string(), log), 2);
  EXPECT_EQ(run_command(cli_path().string() + " propagate --tle x --start nope --step 60 --steps 2 --out o.csv", log), 2);
  EXPECT_NE(log.find("--start"), std::string::npos) << log;
  EXPECT_EQ(run_command(base + " --tle " + f.string() + " --frame polar", log), 2);
  EXPECT_NE(log.find("--frame"), std::string::npos) << log;
  EXPECT_EQ(run_command(base + " --no-checksum --tle " + f.string() + " --propagator rk4", log), 2);
  EXPECT_NE(log.find("--propagator"), std::string::npos) << log;
  EXPECT_EQ(run_command(base + " --tle /nonexistent/x.tle", log), 2);
}

}  // namespace
