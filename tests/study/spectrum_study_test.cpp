// The study's [spectrum] section end to end on the small study: EPFD and sharing outputs with their
// columns, finite margins and losses, the report section, and outputs identical on 1 and 2 threads.
#include <satcap/core/files.hpp>
#include <satcap/study/capacity_study.hpp>

#include <gtest/gtest.h>
#include <oneapi/tbb/global_control.h>

#include <filesystem>
#include <sstream>
#include <string>

#include "test_support.hpp"

namespace fs = std::filesystem;
using namespace satcap;

namespace {

// Substring replacement by concatenation (std::string::replace trips g++ 12's -Wrestrict false positive).
std::string replace_all(const std::string& text, const std::string& from, const std::string& to) {
  std::string out;
  std::size_t pos = 0;
  for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, pos)) {
    out += text.substr(pos, at - pos);
    out += to;
    pos = at + from.size();
  }
  out += text.substr(pos);
  return out;
}

// The small study (two Rassvet 2026 orbits, 5-degree cells), two steps, a fixed 1 dB atmospheric loss, no
// sweep, with a spectrum section.
fs::path spectrum_study(const fs::path& dir) {
  std::string text = core::read_file(test::source_dir() / "datasets/studies/small_test.toml");
  std::string abs = "\"";
  abs += (test::source_dir() / "datasets").string();
  abs += "/";
  text = replace_all(text, "\"../", abs);
  text = replace_all(text, "steps = 4", "steps = 2");
  text = replace_all(text, "attenuation = \"itu-r\"", "attenuation = \"fixed\"\nfixed_loss_db = 1.0");  // no per-cell tables: fast
  text = text.substr(0, text.find("[sweep]"));
  text += R"(
[spectrum]
epfd_systems = ["observed"]
epfd_antennas_m = [0.6, 10.0]
epfd_duration_s = 20
sharing = [["observed", "announced"]]
[[spectrum.test_point]]
name = "Moscow"
lat_deg = 55.7558
lon_deg = 37.6173
gso_lon_deg = [36.0]
)";
  core::write_file_atomically(dir / "spectrum.toml", text);
  return dir / "spectrum.toml";
}

study::StudyRunOptions quiet(const fs::path& out) {
  study::StudyRunOptions o;
  o.out_dir = out;
  o.maps_dir = test::itu_maps_dir();
  o.progress.mode = study::ProgressOptions::Mode::quiet;
  return o;
}

std::size_t lines(const std::string& s) {
  std::size_t n = 0;
  for (char c : s) n += c == '\n';
  return n;
}

}  // namespace

TEST(SpectrumStudy, EpfdAndSharingOutputs) {
  SATCAP_REQUIRE_REFERENCE(test::itu_maps_dir());
  const fs::path dir = test::scratch_dir("spectrum_study");
  const fs::path file = spectrum_study(dir);
  {
    tbb::global_control g(tbb::global_control::max_allowed_parallelism, 2);
    study::run_capacity_study(file, quiet(dir / "a"));
  }
  const std::string epfd = core::read_file(dir / "a" / "epfd.csv");
  EXPECT_EQ(epfd.substr(0, epfd.find('\n')),
            "system,test_point,lat_deg,lon_deg,gso_lon_deg,antenna_m,table,percent,limit_dbw_m2_40khz,epfd_dbw_m2_40khz,margin_db,"
            "resolved,pass,step_s,steps");
  // 60 cm: 6 constrained points + the curve row; 10 m: 6 + 1.
  EXPECT_EQ(lines(epfd), 1u + 7u + 7u);
  EXPECT_NE(epfd.find("observed,Moscow,55.7558,37.6173,36,0.6,RR Art. 22 Table 22-1A (Ed. 2020),90,-174,"), std::string::npos);
  EXPECT_EQ(epfd.find("nan,yes"), std::string::npos);  // every point has a finite EPFD
  const std::string sharing = core::read_file(dir / "a" / "sharing.csv");
  EXPECT_EQ(sharing.substr(0, sharing.find('\n')),
            "victim,interferer,region,offered_alone_gbps,offered_shared_gbps,offered_loss_pct,delivered_alone_gbps,"
            "delivered_shared_gbps,loss_pct,served_beam_steps,in_p50_db,in_p95_db,in_max_db,share_above_threshold_pct,in_threshold_db");
  EXPECT_NE(sharing.find("observed,announced,Russia,"), std::string::npos);
  EXPECT_NE(sharing.find("announced,observed,(system),"), std::string::npos);
  EXPECT_TRUE(fs::exists(dir / "a" / "epfd_cdf.csv"));
  const std::string report = core::read_file(dir / "a" / "report.html");
  EXPECT_NE(report.find("<h2>Spectrum sharing</h2>"), std::string::npos);
  EXPECT_NE(report.find("Table 22-1A"), std::string::npos);
  EXPECT_LT(report.find("Spectrum sharing"), report.find("</body>"));
  {
    tbb::global_control g(tbb::global_control::max_allowed_parallelism, 1);
    study::run_capacity_study(file, quiet(dir / "b"));
  }
  for (const char* f : {"epfd.csv", "epfd_cdf.csv", "sharing.csv", "report.html"})
    EXPECT_EQ(core::read_file(dir / "a" / f), core::read_file(dir / "b" / f)) << f;
}
