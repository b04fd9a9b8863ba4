// Determinism: the real CLI gives byte-identical outputs with --threads 1 and --threads 2 for
// propagate (SGP4 fleet from a TLE excerpt and a Walker shell), route (all pairs over a Walker shell),
// atten (a CSV of points through the ITU-R maps) and a capacity study run (every output file).
// Named study_* because it drives every layer's command (built only when all layers are).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "test_support.hpp"

namespace {

namespace fs = std::filesystem;
using satcap::test::cli_path;
using satcap::test::run_command;
using satcap::test::scratch_dir;
using satcap::test::source_dir;

std::string slurp(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::ostringstream os;
  os << f.rdbuf();
  return os.str();
}

void write(const fs::path& p, const std::string& text) { std::ofstream(p, std::ios::binary) << text; }

// Runs `args` (with OUT replaced by the output path) with 1 and with 2 threads; the outputs must be
// non-empty and identical.
void expect_same_bytes(const std::string& name, const std::string& args, const std::string& out_name) {
  const fs::path dir = scratch_dir("determinism/" + name);
  std::vector<std::string> outputs;
  for (int threads : {1, 2}) {
    const fs::path out = dir / (std::to_string(threads) + "_" + out_name);
    std::string cmd = args;
    cmd.replace(cmd.find("OUT"), 3, out.string());
    std::string log;
    ASSERT_EQ(run_command(cli_path().string() + " " + cmd + " --threads " + std::to_string(threads), log), 0) << log;
    outputs.push_back(slurp(out));
  }
  ASSERT_GT(outputs[0].size(), 100u) << name;
  EXPECT_TRUE(outputs[0] == outputs[1]) << name << ": outputs differ between 1 and 2 threads";
}

const char* kShell = R"(name = "determinism shell"
[[shell]]
name = "s"
altitude_km = 550
inclination_deg = 53
planes = 12
sats_per_plane = 10
phasing = 1
pattern = "delta"
source = "test"
)";

TEST(Determinism, PropagateTleFleet) {
  const fs::path tle = source_dir() / "tests/fuzz/corpus/fuzz_tle/starlink_3line.tle";
  expect_same_bytes("propagate_tle",
                    "propagate --tle " + tle.string() + " --start 2026-06-01T00:00:00Z --step 30 --steps 50 --out OUT",
                    "p.csv");
}

TEST(Determinism, PropagateWalkerGeodeticAndJ2) {
  const fs::path dir = scratch_dir("determinism_inputs_p");
  write(dir / "shell.toml", kShell);
  expect_same_bytes("propagate_walker",
                    "propagate --constellation " + (dir / "shell.toml").string() +
                        " --start 2026-06-01T00:00:00Z --step 60 --steps 20 --frame geodetic --propagator j2 --out OUT",
                    "p.csv");
}

TEST(Determinism, RouteAllPairs) {
  const fs::path dir = scratch_dir("determinism_inputs_r");
  write(dir / "shell.toml", kShell);
  expect_same_bytes("route",
                    "route --constellation " + (dir / "shell.toml").string() + " --ground-stations " +
                        (source_dir() / "datasets/ground/rassvet_gateways_assumed.csv").string() +
                        " --start 2026-01-01T00:00:00Z --step 60 --steps 6 --gsl-min-elevation-deg 10 --all-pairs --out OUT",
                    "r.csv");
}

TEST(Determinism, AttenPoints) {
  SATCAP_REQUIRE_REFERENCE(satcap::test::itu_maps_dir());
  const fs::path dir = scratch_dir("determinism_inputs_a");
  std::ostringstream csv;
  csv << "lat_deg,lon_deg,el_deg,f_ghz,p_pct,d_m\n";
  for (int i = 0; i < 40; ++i)
    csv << (-60 + 3 * i) << ',' << (-170 + 8.5 * i) << ',' << (10 + 2 * i) << ',' << (12 + 0.7 * i) << ','
        << (i % 4 == 0 ? 0.01 : i % 4 == 1 ? 0.1 : i % 4 == 2 ? 1.0 : 5.0) << ",1.2\n";
  write(dir / "pts.csv", csv.str());
  expect_same_bytes("atten",
                    "atten --in " + (dir / "pts.csv").string() + " --maps " + satcap::test::itu_maps_dir().string() +
                        " --out OUT",
                    "a.csv");
}

// The small test study (capacity runs of two constellations x two sweep values): every output file.
TEST(Determinism, StudyRunAllOutputs) {
  SATCAP_REQUIRE_REFERENCE(satcap::test::itu_maps_dir());
  const fs::path dir = scratch_dir("determinism/study");
  const fs::path study = source_dir() / "datasets/studies/small_test.toml";
  for (int threads : {1, 2}) {
    std::string log;
    ASSERT_EQ(run_command(cli_path().string() + " study run " + study.string() + " --quiet --out " +
                              (dir / std::to_string(threads)).string() + " --threads " + std::to_string(threads) +
                              " --maps " + satcap::test::itu_maps_dir().string(),
                          log),
              0)
        << log;
  }
  int files = 0;
  for (const auto& e : fs::directory_iterator(dir / "1")) {
    if (!e.is_regular_file()) continue;
    ++files;
    const auto name = e.path().filename();
    ASSERT_TRUE(fs::exists(dir / "2" / name)) << name;
    EXPECT_TRUE(slurp(e.path()) == slurp(dir / "2" / name)) << name << " differs between 1 and 2 threads";
  }
  EXPECT_GE(files, 5);
}

}  // namespace
