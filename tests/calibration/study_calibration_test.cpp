// Calibration panel (docs/calibration.md): each published system-level result, reproduced under the
// publication's own assumptions, must fall inside the ratio band that docs/calibration.md states and
// reasoned before the first run. del Portillo runs as shipped; Pachler and the default study's Starlink
// fleet run with fewer time steps; the doc shows the full-resolution figures inside the same bands. A band is the documented expectation, not a tolerance tuned to the result: a row expected to
// miss the publication (e.g. Telesat, 16 beams ASSUMPTION) asserts the band that predicts the miss.
#include <satcap/core/error.hpp>
#include <satcap/core/files.hpp>
#include <satcap/study/capacity_study.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "test_support.hpp"

namespace fs = std::filesystem;
using namespace satcap;

namespace {

// Time steps of the CI runs of Pachler 2021 and of the operator case (the shipped files use 8 half-hour
// steps, the default study 24 hourly). The del Portillo study runs as shipped (its ground-station counts
// depend on the greedy's samples, hence on the steps).
constexpr int kCiSteps = 2;

study::StudyRunOptions quiet(const fs::path& out) {
  study::StudyRunOptions o;
  o.out_dir = out;
  o.maps_dir = test::itu_maps_dir();
  o.progress.mode = study::ProgressOptions::Mode::quiet;
  return o;
}

// A shipped study's text with its dataset paths made absolute; `up` is the relative prefix to datasets/.
std::string absolute_paths(const fs::path& file, const std::string& up) {
  std::string from = "\"";
  from += up;
  std::string to = "\"";
  to += (test::source_dir() / "datasets").string();
  to += "/";
  std::string text = test::replace_all(core::read_file(file), from, to);
  // The default study names the shared reference beside the checkout: use the configured reference dir.
  std::string shared = to;
  shared += "../../shared/reference/";
  std::string ref = "\"";
  ref += test::reference_dir().string();
  ref += "/";
  return test::replace_all(text, shared, ref);
}

std::string replace_once(const std::string& text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  if (at == std::string::npos) throw Error("calibration test: '" + from + "' not found in the study text");
  return text.substr(0, at) + to + text.substr(at + from.size());
}

// Runs a study text once per test program (cached by name) and returns its summary.json.
const nlohmann::json& run_cached(const std::string& name, const std::string& text) {
  static std::map<std::string, nlohmann::json> cache;
  auto it = cache.find(name);
  if (it != cache.end()) return it->second;
  const fs::path dir = test::scratch_dir("calibration_" + name);
  core::write_file_atomically(dir / "study.toml", text);
  study::run_capacity_study(dir / "study.toml", quiet(dir / "out"));
  return cache[name] = nlohmann::json::parse(core::read_file(dir / "out" / "summary.json"));
}

const nlohmann::json& delportillo() {
  const std::string text = absolute_paths(test::source_dir() / "datasets/studies/calibration/delportillo2019.toml", "../../");
  return run_cached("delportillo2019", text);
}

const nlohmann::json& pachler() {
  std::string text = absolute_paths(test::source_dir() / "datasets/studies/calibration/pachler2021.toml", "../../");
  text = replace_once(text, "steps = 8", "steps = " + std::to_string(kCiSteps));
  return run_cached("pachler2021", text);
}

// The default study reduced to its Starlink fleet case: every other constellation and the latency
// pairs are dropped and the steps fewer (the offered capacity depends on the grid: idle beams point at
// the cells in view, so the default study's 1.4 deg grid is kept); the fleet's own parameters are untouched.
const nlohmann::json& operator_fleet() {
  const std::string text = absolute_paths(test::source_dir() / "datasets/studies/rassvet_vs_starlink.toml", "../");
  std::istringstream in(text);
  std::string line, out;
  bool keep = true;
  while (std::getline(in, line)) {
    if (!line.empty() && line[0] == '[') {
      const bool constellation = line.rfind("[constellations.", 0) == 0;
      keep = !(line.rfind("[latency", 0) == 0 || line.rfind("[sweep", 0) == 0 || line.rfind("[[sweep", 0) == 0) &&
             (!constellation || line.rfind("[constellations.starlink_fleet_2026_05", 0) == 0);
    }
    if (keep) out += line + "\n";
  }
  out = replace_once(out, "steps = 24", "steps = " + std::to_string(kCiSteps));
  return run_cached("operator", out);
}

// Delivered Tbit/s per constellation and requested gateway count, and the stations actually placed
// (the greedy stops early once every coverable satellite sample is covered).
std::map<std::string, std::map<int, double>> delivered_by_gateways(const nlohmann::json& summary,
                                                                   std::map<std::string, std::map<int, int>>* placed = nullptr) {
  std::map<std::string, std::map<int, double>> out;
  for (const auto& c : summary.at("cases")) {
    const int gw = c.at("inputs").at("feeder").at("gateway_rule").at("count").get<int>();
    out[c.at("constellation").get<std::string>()][gw] = c.at("total_delivered_gbps").get<double>() / 1e3;
    if (placed) (*placed)[c.at("constellation").get<std::string>()][gw] = c.at("gateways").get<int>();
  }
  return out;
}

// Stations placed in the first swept case reaching 95 % of the sweep's maximum (docs/calibration.md).
int gateways_for_full_capacity(const std::map<int, double>& curve, const std::map<int, int>& placed) {
  double top = 0;
  for (const auto& [n, v] : curve) top = std::max(top, v);
  for (const auto& [n, v] : curve)
    if (v >= 0.95 * top) return placed.at(n);
  return placed.rbegin()->second;
}

// Where the documented result sits against the band reasoned before the run (docs/calibration.md).
enum class Documented { inside, above, below };

void expect_band(const std::string& row, double satcap, double published, double lo, double hi, Documented where = Documented::inside) {
  const double ratio = satcap / published;
  std::printf("calibration row | %s | published %.4g | satcap %.4g | ratio %.3f | band %.2f-%.2f\n", row.c_str(), published, satcap,
              ratio, lo, hi);
  switch (where) {
    case Documented::inside:
      EXPECT_GE(ratio, lo) << row << ": satcap " << satcap << " / published " << published;
      EXPECT_LE(ratio, hi) << row << ": satcap " << satcap << " / published " << published;
      break;
    case Documented::above:  // a documented miss (ablation in the doc); entering the band means the doc is stale
      EXPECT_GT(ratio, hi) << row << ": documented above its band; update docs/calibration.md";
      break;
    case Documented::below:
      EXPECT_LT(ratio, lo) << row << ": documented below its band; update docs/calibration.md";
      break;
  }
}

struct DpRow {
  const char* key;
  int satellites;
  double total_tbps, gs_full, at50_tbps;                  // published (paper_tables.md §3)
  double total_lo, total_hi, gs_lo, gs_hi, at50_lo, at50_hi;  // bands (docs/calibration.md)
  Documented gs_where;                                    // the documented result of the stations row
};
constexpr DpRow kDp[] = {
    {"telesat", 117, 2.66, 42, 2.66, 0.25, 0.55, 0.4, 1.8, 0.2, 0.55, Documented::inside},
    {"oneweb", 720, 1.56, 71, 1.47, 1.0, 2.6, 0.8, 3.0, 0.4, 1.4, Documented::above},
    {"spacex", 4425, 23.70, 123, 16.80, 0.5, 1.5, 0.6, 2.5, 0.3, 0.9, Documented::inside},
};

}  // namespace

TEST(CalibrationDelPortillo2019, EveryRowInsideItsBand) {
  SATCAP_REQUIRE_REFERENCE(test::itu_maps_dir());
  std::map<std::string, std::map<int, int>> placed;
  const auto curves = delivered_by_gateways(delportillo(), &placed);
  for (const DpRow& r : kDp) {
    SCOPED_TRACE(r.key);
    ASSERT_TRUE(curves.count(r.key));
    const auto& curve = curves.at(r.key);
    ASSERT_EQ(curve.size(), 8u);
    const double total = curve.rbegin()->second;  // the largest count (300): the plateau
    expect_band(std::string(r.key) + " total sellable capacity (Tbit/s)", total, r.total_tbps, r.total_lo, r.total_hi);
    expect_band(std::string(r.key) + " rate per satellite (Gbit/s)", total * 1e3 / r.satellites, r.total_tbps * 1e3 / r.satellites,
                   r.total_lo, r.total_hi);
    expect_band(std::string(r.key) + " ground stations for full capacity", gateways_for_full_capacity(curve, placed.at(r.key)), r.gs_full, r.gs_lo,
                r.gs_hi, r.gs_where);
    expect_band(std::string(r.key) + " throughput with 50 ground stations (Tbit/s)", curve.at(50), r.at50_tbps, r.at50_lo, r.at50_hi);
    // Throughput never falls as (nested) stations are added, within the run-to-run placement noise of one site.
    double prev = 0;
    for (const auto& [n, v] : curve) {
      EXPECT_GE(v, 0.98 * prev) << n;
      prev = v;
    }
  }
  // Ordering: SpaceX has the largest total, as in the paper. The paper's Telesat > OneWeb is expected
  // NOT to hold under the 16-beam ASSUMPTION (docs/calibration.md): asserted as documented.
  const double s = curves.at("spacex").rbegin()->second, o = curves.at("oneweb").rbegin()->second,
               t = curves.at("telesat").rbegin()->second;
  EXPECT_GT(s, o);
  EXPECT_GT(s, t);
  EXPECT_GT(o, t) << "docs/calibration.md expects OneWeb above Telesat under the 16-beam assumption";
}

TEST(CalibrationPachler2021, TotalsAreTensOfTerabits) {
  SATCAP_REQUIRE_REFERENCE(test::itu_maps_dir());
  const auto& summary = pachler();
  // Published: "tens of terabits per second" each (MIT News 2021-06-10): ratio vs 31.6 Tbit/s, the decade's
  // geometric centre; bands per system from docs/calibration.md.
  const std::map<std::string, std::pair<double, double>> band = {
      {"spacex", {0.5, 1.5}}, {"oneweb", {0.4, 1.3}}, {"telesat", {0.25, 0.8}}, {"kuiper", {0.3, 1.0}}};
  std::map<std::string, int> seen;
  for (const auto& c : summary.at("cases")) {
    const std::string key = c.at("constellation").get<std::string>();
    ASSERT_TRUE(band.count(key)) << key;
    ++seen[key];
    expect_band("Pachler 2021 " + key + " total (Tbit/s)", c.at("total_delivered_gbps").get<double>() / 1e3, 31.6,
                   band.at(key).first, band.at(key).second);
  }
  EXPECT_EQ(seen.size(), 4u);
}

TEST(CalibrationOperator, StarlinkFleetAgainstSpaceXFigures) {
  SATCAP_REQUIRE_REFERENCE(test::itu_maps_dir());
  SATCAP_REQUIRE_REFERENCE(test::reference_dir() / "tle/starlink.tle");
  const auto& summary = operator_fleet();
  ASSERT_EQ(summary.at("cases").size(), 1u);
  const auto& c = summary.at("cases").at(0);
  ASSERT_EQ(c.at("constellation").get<std::string>(), "starlink_fleet_2026_05");
  // SpaceX, Jul 2025: cumulative capacity launched ~450 Tbit/s (reference/starlink.md §9, S23).
  expect_band("Starlink fleet offered capacity (Tbit/s) vs SpaceX Jul 2025", c.at("total_offered_gbps").get<double>() / 1e3, 450.0, 0.4,
                 1.2);
  // Licensed-view busy-hour delivered per subscriber (10 M subscribers ~2026-02, §10 S35h) against the
  // Ookla US median download of Q1 2025 (104.7 Mbit/s, §11).
  const double per_sub_mbps = c.at("total_delivered_licensed_gbps").get<double>() * 1e3 / 10.0e6;
  expect_band("Starlink busy-hour Mbit/s per subscriber vs median download", per_sub_mbps, 104.7, 0.02, 0.5, Documented::below);
}
