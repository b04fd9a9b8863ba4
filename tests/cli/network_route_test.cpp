// `satcap route`: the published Hypatia instants (Paris-Luanda at 46.8 s and 139.9 s), output format,
// unreachable rows, the summary, and bad input (exit 2, one line naming file/line/field).
#include <satcap/core/files.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "test_support.hpp"

using satcap::test::cli_path;
using satcap::test::run_command;

namespace {

std::filesystem::path hypatia() { return satcap::test::reference_dir() / "hypatia"; }

// The Hypatia stations as the CLI's CSV (id = gid).
std::filesystem::path write_hypatia_stations(const std::filesystem::path& dir) {
  auto t = satcap::core::CsvTable::read(hypatia() / "ground_stations_top_100.csv");
  std::string out = "id,name,lat_deg,lon_deg,height_m\n";
  for (const auto& row : t.rows())
    out += t.text(row, "gid") + "," + satcap::core::csv_escape(t.text(row, "name")) + "," + t.text(row, "latitude_deg") + "," +
           t.text(row, "longitude_deg") + "," + t.text(row, "elevation_m") + "\n";
  satcap::core::write_file_atomically(dir / "gs.csv", out);
  return dir / "gs.csv";
}

std::string hypatia_path_label(const std::string& dash) {
  // "1608-1459-...-1650" -> "G24>S1459>...>G66" (stations are node 1584 + gid).
  std::string out;
  std::size_t pos = 0;
  while (pos <= dash.size()) {
    auto end = dash.find('-', pos);
    if (end == std::string::npos) end = dash.size();
    const int node = std::stoi(dash.substr(pos, end - pos));
    if (!out.empty()) out += '>';
    out += node >= 1584 ? 'G' : 'S';  // appended piecewise: GCC 12 warns falsely on "G" + std::string
    out += std::to_string(node >= 1584 ? node - 1584 : node);
    pos = end + 1;
  }
  return out;
}

std::vector<std::vector<std::string>> read_rows(const std::filesystem::path& p) {
  auto t = satcap::core::CsvTable::read(p, {"time_s", "src", "dst", "rtt_ms", "hops", "path"});
  std::vector<std::vector<std::string>> rows;
  for (const auto& r : t.rows()) rows.push_back(r.cells);
  return rows;
}

const char* kWalker = R"(name = "test shell"
[[shell]]
name = "s"
altitude_km = 550
inclination_deg = 53.0
planes = 24
sats_per_plane = 20
phasing = 1
pattern = "delta"
source = "synthetic test shell"
)";

}  // namespace

TEST(CliNetworkRoute, ReproducesHypatiaParisLuandaInstants) {
  SATCAP_REQUIRE_REFERENCE(hypatia() / "starlink_550" / "paris_luanda_instants_46.8s_139.9s.csv");
  const auto dir = satcap::test::scratch_dir("cli_route_hypatia");
  const auto gs = write_hypatia_stations(dir);
  std::string out;
  const std::string cmd = cli_path().string() + " route --tle " + (hypatia() / "starlink_550" / "tles.txt").string() +
                          " --ground-stations " + gs.string() +
                          " --start 2000-01-01T00:00:46.8Z --step 93.1 --steps 2 --isl plus-grid --isl-max-range-km 5016.591233"
                          " --gsl-max-range-km 1089.6864181956202 --pairs 24-66 --out " + (dir / "route.csv").string() + " --summary";
  ASSERT_EQ(run_command(cmd, out), 0) << out;
  EXPECT_NE(out.find("path_changes"), std::string::npos) << out;
  const auto rows = read_rows(dir / "route.csv");
  ASSERT_EQ(rows.size(), 2u);
  auto ref = satcap::core::CsvTable::read(hypatia() / "starlink_550" / "paris_luanda_instants_46.8s_139.9s.csv");
  ASSERT_EQ(ref.rows().size(), 2u);
  for (std::size_t i = 0; i < 2; ++i) {
    const auto& r = rows[i];
    const double rtt = std::stod(r[3]), ref_rtt = ref.number(ref.rows()[i], "rtt_ms");
    EXPECT_LE(std::abs(rtt - ref_rtt), 1e-3 * ref_rtt) << r[0];
    EXPECT_LT(std::abs(rtt - ref_rtt), 0.002) << r[0];  // README: |dRTT| <= 0.0009 ms on the same path
    EXPECT_EQ(r[5], hypatia_path_label(ref.text(ref.rows()[i], "path_fwd")));
  }
  EXPECT_EQ(rows[0][4], "14");  // the published 117 ms, 14-link path
  EXPECT_EQ(rows[1][4], "10");  // the published 85 ms, 10-link path
  EXPECT_EQ(rows[0][0], "0.000");
  EXPECT_EQ(rows[1][0], "93.100");
}

TEST(CliNetworkRoute, WalkerAllPairsWithUnreachableStation) {
  const auto dir = satcap::test::scratch_dir("cli_route_walker");
  satcap::core::write_file_atomically(dir / "shell.toml", kWalker);
  satcap::core::write_file_atomically(dir / "gs.csv",
                                      "id,name,lat_deg,lon_deg,height_m\nPAR,Paris,48.85,2.35,35\nMOW,Moscow,55.75,37.62,150\n"
                                      "NPL,North Pole,89.9,0,0\n");
  std::string out;
  const std::string cmd = cli_path().string() + " route --constellation " + (dir / "shell.toml").string() + " --ground-stations " +
                          (dir / "gs.csv").string() +
                          " --start 2026-01-01T00:00:00Z --step 30 --steps 4 --gsl-min-elevation-deg 25 --all-pairs --out " +
                          (dir / "r.csv").string() + " --summary --threads 1";
  ASSERT_EQ(run_command(cmd, out), 0) << out;
  const auto rows = read_rows(dir / "r.csv");
  ASSERT_EQ(rows.size(), 3u * 4u);  // 3 pairs x 4 steps
  int reachable = 0;
  for (const auto& r : rows) {
    if (r[1] == "NPL" || r[2] == "NPL") {
      EXPECT_TRUE(r[3].empty() && r[4].empty() && r[5].empty()) << r[5];  // 53 deg shell never reaches the pole
    } else {
      ++reachable;
      EXPECT_GT(std::stod(r[3]), 2 * 2.0 * 550e3 / 299792458.0 * 1e3);  // at least up and down twice
      EXPECT_EQ(r[5].rfind("GPAR>S", 0), 0u) << r[5];
      EXPECT_NE(r[5].find(">GMOW"), std::string::npos);
    }
  }
  EXPECT_EQ(reachable, 4);
  EXPECT_NE(out.find("NPL"), std::string::npos) << out;
}

TEST(CliNetworkRoute, BadInputExitsTwoWithOneLine) {
  const auto dir = satcap::test::scratch_dir("cli_route_bad");
  satcap::core::write_file_atomically(dir / "shell.toml", kWalker);
  satcap::core::write_file_atomically(dir / "gs.csv", "id,name,lat_deg,lon_deg,height_m\nA,a,10,10,0\nB,b,95,0,0\n");
  satcap::core::write_file_atomically(dir / "ok.csv", "id,name,lat_deg,lon_deg,height_m\nA,a,10,10,0\nB,b,20,0,0\n");
  satcap::core::write_file_atomically(dir / "plain.tle",
                                      "ISS (ZARYA)\n1 25544U 98067A   08264.51782528 -.00002182  00000-0 -11606-4 0  2927\n"
                                      "2 25544  51.6416 247.4627 0006703 130.5360 325.0288 15.72125391563537\n");
  const std::string base = cli_path().string() + " route --start 2026-01-01T00:00:00Z --step 60 --steps 2 --out " +
                           (dir / "r.csv").string();
  const std::string walker = " --constellation " + (dir / "shell.toml").string();
  struct Case {
    std::string args, needle;
  };
  const std::vector<Case> cases = {
      {walker + " --ground-stations " + (dir / "gs.csv").string() + " --all-pairs", "gs.csv:3: lat_deg"},
      {walker + " --ground-stations " + (dir / "ok.csv").string() + " --pairs A-C", "--pairs"},
      {walker + " --ground-stations " + (dir / "ok.csv").string() + " --pairs A-B --all-pairs", "--pairs/--all-pairs"},
      {walker + " --ground-stations " + (dir / "ok.csv").string() + " --all-pairs --isl mesh", "--isl"},
      {walker + " --ground-stations " + (dir / "ok.csv").string() + " --all-pairs --gsl-min-elevation-deg 20 --gsl-max-range-km 900",
       "--gsl-min-elevation-deg/--gsl-max-range-km"},
      {" --tle " + (dir / "plain.tle").string() + " --ground-stations " + (dir / "ok.csv").string() + " --all-pairs", "--isl"},
      {walker + " --ground-stations " + (dir / "missing.csv").string() + " --all-pairs", "missing.csv"},
  };
  for (const auto& c : cases) {
    std::string out;
    EXPECT_EQ(run_command(base + c.args, out), 2) << c.args << "\n" << out;
    EXPECT_NE(out.find(c.needle), std::string::npos) << c.args << "\n" << out;
    EXPECT_EQ(out.find("satcap: error:"), 0u) << out;
    EXPECT_EQ(std::count(out.begin(), out.end(), '\n'), 1) << out;
    EXPECT_FALSE(std::filesystem::exists(dir / "r.csv"));
  }
  // A TLE without plane structure is fine without ISLs (bent pipe).
  std::string out;
  EXPECT_EQ(run_command(base + " --tle " + (dir / "plain.tle").string() + " --ground-stations " + (dir / "ok.csv").string() +
                            " --all-pairs --isl none --no-checksum",
                        out),
            0)
      << out;
}
