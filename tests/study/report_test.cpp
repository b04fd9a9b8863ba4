// The study report (docs/report.md): the Equal Earth projection is equal-area; the small study writes
// cells.csv, gateways.csv, report.html and every figure; `satcap report OUTDIR` regenerates them byte
// for byte; the maps hold one element per cell of cells.csv; the per-cell means add up to the region
// figures; malformed outputs are rejected with file, line and field; the shipped studies (small
// versions) write every figure.
#include <satcap/core/error.hpp>
#include <satcap/core/files.hpp>
#include <satcap/study/capacity_study.hpp>
#include <satcap/study/report.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <filesystem>
#include <map>
#include <numbers>
#include <algorithm>
#include <set>

#include "study/report.hpp"
#include "test_support.hpp"

namespace fs = std::filesystem;
using namespace satcap;

namespace {

study::StudyRunOptions quiet(const fs::path& out) {
  study::StudyRunOptions o;
  o.out_dir = out;
  o.maps_dir = test::itu_maps_dir();
  o.progress.mode = study::ProgressOptions::Mode::quiet;
  return o;
}

fs::path dcw_dir() { return SATCAP_TEST_DCW_DIR; }

// A shipped study made small: absolute dataset paths, `steps` and the grid replaced.
fs::path small_version(const std::string& stem, const fs::path& dir, const std::map<std::string, std::string>& edits) {
  std::string text = core::read_file(test::source_dir() / "datasets/studies" / (stem + ".toml"));
  text = test::replace_all(text, "\"../", "\"" + (test::source_dir() / "datasets").string() + "/");
  for (const auto& [from, to] : edits) {
    const std::string before = text;
    text = test::replace_all(text, from, to);
    EXPECT_NE(text, before) << stem << ": '" << from << "' not found";
  }
  core::write_file_atomically(dir / (stem + ".toml"), text);
  return dir / (stem + ".toml");
}

std::set<std::string> figure_names(const fs::path& out) {
  std::set<std::string> names;
  for (const auto& e : fs::directory_iterator(out / "figures")) names.insert(e.path().filename().string());
  return names;
}

// The figures every study writes: four maps per case, four side-by-side maps, the charts.
void expect_every_figure(const fs::path& out) {
  const auto summary = nlohmann::json::parse(core::read_file(out / "summary.json"));
  const auto names = figure_names(out);
  std::size_t expected = 4 + 4;  // compare_* + charts without latency
  for (const char* chart : {"delivered_per_region.svg", "timeseries_regions.svg", "modcod_mix.svg", "satellite_utilisation.svg"})
    EXPECT_TRUE(names.count(chart)) << out << ": " << chart;
  bool latency = false;
  for (const auto& c : summary["cases"]) {
    latency = latency || !c["latency"].empty();
    std::string safe;
    for (char ch : c["name"].get<std::string>()) safe.push_back(std::isalnum(static_cast<unsigned char>(ch)) || ch == '-' || ch == '_' ? ch : '_');
    for (const char* m : {"delivered", "share_served", "usable_satellites", "coverage"}) {
      const std::string f = std::string("map_") + m + "_" + safe + ".svg";
      EXPECT_TRUE(names.count(f)) << out << ": " << f;
      if (names.count(f)) {
        const std::string svg = core::read_file(out / "figures" / f);
        EXPECT_EQ(svg.rfind("<?xml", 0), 0u) << f;
        EXPECT_NE(svg.find("xmlns='http://www.w3.org/2000/svg'"), std::string::npos) << f;
        EXPECT_NE(svg.find("class='borders'"), std::string::npos) << f << ": no country borders";
      }
    }
    expected += 4;
  }
  for (const char* m : {"delivered", "share_served", "usable_satellites", "coverage"})
    EXPECT_TRUE(names.count(std::string("compare_") + m + ".svg")) << m;
  if (latency) {
    EXPECT_TRUE(names.count("latency.svg"));
    ++expected;
  }
  // The licensed view has its own maps when landing rights change some cell.
  bool licensed = false;
  const auto cells = core::CsvTable::read(out / "cells.csv");
  for (const auto& r : cells.rows())
    licensed = licensed || cells.number(r, "licensed_delivered_mean_gbps") != cells.number(r, "delivered_mean_gbps");
  if (licensed) expected += summary["cases"].size() + 1;
  EXPECT_EQ(names.size(), expected) << out;
  const std::string html = core::read_file(out / "report.html");
  EXPECT_EQ(html.find("http://"), html.find("http://www.w3.org"));  // no external reference but SVG namespaces
  EXPECT_EQ(html.find("https://"), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size())) ++n;
  return n;
}


// cells.csv against regions.csv: the region "World" holds every cell, so its delivered mean is the sum
// of the cells' (cells without demand deliver nothing), within the 6 significant digits of cells.csv;
// the coverage of the cells weighted by demand is the region's coverage_demand. Each map holds one
// element (with data-v) per row of its case in cells.csv.
void check_cells(const fs::path& out) {
  const auto cells = core::CsvTable::read(out / "cells.csv");
  const auto regions = core::CsvTable::read(out / "regions.csv");
  std::map<std::string, double> delivered, demand, covered_demand, licensed;
  std::map<std::string, std::size_t> rows;
  for (const auto& r : cells.rows()) {
    const std::string c = cells.text(r, "case");
    delivered[c] += cells.number(r, "delivered_mean_gbps");
    demand[c] += cells.number(r, "demand_gbps");
    covered_demand[c] += cells.number(r, "coverage") * cells.number(r, "demand_gbps");
    ++rows[c];
    EXPECT_GT(cells.number(r, "demand_gbps"), 0.0);
    EXPECT_LE(cells.number(r, "delivered_mean_gbps"), cells.number(r, "demand_gbps") * (1 + 1e-5));
    EXPECT_NEAR(cells.number(r, "share_served"), cells.number(r, "delivered_mean_gbps") / cells.number(r, "demand_gbps"), 1e-5);
    EXPECT_LE(cells.number(r, "licensed_delivered_mean_gbps"), cells.number(r, "demand_gbps") * (1 + 1e-5));
    licensed[c] += cells.number(r, "licensed_delivered_mean_gbps");
  }
  std::size_t checked = 0;
  for (const auto& r : regions.rows()) {
    if (regions.text(r, "region") != "World") continue;
    const std::string c = regions.text(r, "case");
    ASSERT_GT(rows[c], 100u) << c;
    const double world = regions.number(r, "delivered_mean_gbps");
    EXPECT_NEAR(delivered[c], world, 2e-5 * world + 1e-6) << c;
    EXPECT_NEAR(demand[c], regions.number(r, "demand_gbps"), 2e-5 * demand[c]) << c;
    EXPECT_NEAR(covered_demand[c] / demand[c], regions.number(r, "coverage_demand"), 2e-5) << c;
    if (regions.has_column("licensed_delivered_mean_gbps")) {
      const double lw = regions.number(r, "licensed_delivered_mean_gbps");
      EXPECT_NEAR(licensed[c], lw, 2e-5 * lw + 1e-6) << c;
    }
    ++checked;
  }
  EXPECT_EQ(checked, 4u);
  const std::string html = core::read_file(out / "report.html");
  const std::string open = "<svg class='map' data-case='";
  std::size_t maps = 0;
  for (std::size_t at = html.find(open); at != std::string::npos;) {
    const std::size_t next = html.find(open, at + 1);
    const std::string map = html.substr(at, next == std::string::npos ? std::string::npos : next - at);
    const std::string name = map.substr(open.size(), map.find('\'', open.size()) - open.size());
    EXPECT_EQ(count(map, "data-v='"), rows[name]) << name;
    ++maps;
    at = next;
  }
  // Four quantities (five with a licensed view) for the pair, two for every other system.
  const std::size_t pair_maps = html.find("data-metric='licensed_delivered'") != std::string::npos ? 10 : 8;
  EXPECT_EQ(maps, pair_maps + 2 * (rows.size() - 2));
}

// `satcap report OUTDIR` (and the API) rewrite report.html and figures/ byte for byte.
void check_regeneration(const fs::path& outputs) {
  const fs::path dir = test::scratch_dir("report_regen");
  fs::copy(outputs, dir / "out", fs::copy_options::recursive);
  std::map<std::string, std::string> before;
  before["report.html"] = core::read_file(dir / "out/report.html");
  for (const auto& name : figure_names(dir / "out")) before["figures/" + name] = core::read_file(dir / "out/figures" / name);
  fs::remove(dir / "out/report.html");
  fs::remove_all(dir / "out/figures");
  std::string log;
  ASSERT_EQ(test::run_command(test::cli_path().string() + " report " + (dir / "out").string() + " --dcw " + dcw_dir().string(), log), 0) << log;
  EXPECT_NE(log.find("report.html"), std::string::npos) << log;
  for (const auto& [name, text] : before) {
    ASSERT_TRUE(fs::exists(dir / "out" / name)) << name;
    EXPECT_EQ(core::read_file(dir / "out" / name), text) << name;
  }
  EXPECT_EQ(figure_names(dir / "out").size() + 1, before.size());
  EXPECT_EQ(study::regenerate_report(dir / "out", dcw_dir()).size(), before.size());
}

// A malformed output: one line naming file, line and field, exit status 2, report.html untouched.
void check_malformed(const fs::path& outputs) {
  const fs::path dir = test::scratch_dir("report_bad");
  fs::copy(outputs, dir / "good", fs::copy_options::recursive);
  struct Case {
    std::string file, from, to, expect;
  };
  const std::string cells = core::read_file(dir / "good/cells.csv");
  const std::size_t l1 = cells.find('\n'), l2 = cells.find('\n', l1 + 1);
  const std::string row = cells.substr(l1 + 1, l2 - l1 - 1);
  auto with_field = [&](std::size_t field, const std::string& value) {
    std::vector<std::string> f;
    core::split_csv_line(row, f);
    f.at(field) = value;
    std::string o;
    for (std::size_t i = 0; i < f.size(); ++i) {
      if (i) o += ",";
      o += core::csv_escape(f[i]);
    }
    return o;
  };
  const std::vector<Case> cases = {
      {"cells.csv", row, with_field(6, "abc"), "cells.csv:2: delivered_mean_gbps"},
      {"cells.csv", row, with_field(2, "10.0"), "cells.csv:2: lat_deg"},
      {"cells.csv", row, with_field(0, "nosuchcase"), "cells.csv:2: case"},
      {"satellites.csv", "feeder_limited_share", "feeder_share", "satellites.csv"},
      {"summary.json", "\"cell_resolution_deg\"", "\"cell_res\"", "summary.json: ground.cell_resolution_deg"},
      {"summary.json", "{", "[", "summary.json: json"},
      {"latency.csv", "Moscow-Kaliningrad", "Moscow-Paris", "latency.csv:2: pair"},
  };
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const auto& c = cases[i];
    const fs::path d = dir / ("c" + std::to_string(i));
    fs::copy(dir / "good", d, fs::copy_options::recursive);
    const std::string text = core::read_file(d / c.file);
    const std::size_t at = text.find(c.from);
    ASSERT_NE(at, std::string::npos) << c.from;
    core::write_file_atomically(d / c.file, text.substr(0, at) + c.to + text.substr(at + c.from.size()));
    const std::string report = core::read_file(d / "report.html");
    std::string log;
    EXPECT_EQ(test::run_command(test::cli_path().string() + " report " + d.string() + " --dcw " + dcw_dir().string(), log), 2) << c.expect;
    EXPECT_NE(log.find(c.expect), std::string::npos) << log;
    EXPECT_EQ(std::count(log.begin(), log.end(), '\n'), 1) << log;
    EXPECT_EQ(core::read_file(d / "report.html"), report);
  }
  fs::remove(dir / "good/gateways.csv");
  EXPECT_THROW(study::regenerate_report(dir / "good", dcw_dir()), InputError);
  std::string log;
  EXPECT_EQ(test::run_command(test::cli_path().string() + " report " + (dir / "good").string(), log), 2);
  EXPECT_NE(log.find("gateways.csv"), std::string::npos) << log;
}
}  // namespace

// Equal area: the projected area of the band between two parallels (whole globe in longitude) is
// 2 pi (sin phi2 - sin phi1) on the unit sphere, and the whole map 4 pi. Shoelace area of the band
// outline sampled every 0.05 deg along its meridians (the parallels are straight lines).
TEST(Report, EqualEarthProjectionIsEqualArea) {
  auto band_area = [](double lat1, double lat2) {
    std::vector<std::array<double, 2>> ring;
    const int n = 2000;
    for (int k = 0; k <= n; ++k) ring.push_back(study::equal_earth(180, lat1 + (lat2 - lat1) * k / n));
    for (int k = n; k >= 0; --k) ring.push_back(study::equal_earth(-180, lat1 + (lat2 - lat1) * k / n));
    double a = 0;
    for (std::size_t i = 0; i < ring.size(); ++i) {
      const auto& p = ring[i];
      const auto& q = ring[(i + 1) % ring.size()];
      a += p[0] * q[1] - q[0] * p[1];
    }
    return std::abs(a) / 2;
  };
  const double pi = std::numbers::pi;
  EXPECT_NEAR(band_area(-90, 90), 4 * pi, 4 * pi * 2e-4);  // the polynomial fit is equal-area to ~1e-4 (paper, sec. 3)
  for (const auto& [a, b] : std::vector<std::pair<double, double>>{{0, 10}, {40, 50}, {70, 80}, {-65, -20}, {85, 90}}) {
    const double exact = 2 * pi * (std::sin(b * pi / 180) - std::sin(a * pi / 180));
    EXPECT_NEAR(band_area(a, b), exact, exact * 2e-4) << a << ".." << b;
  }
  // Bounds: x(180, 0) and y(0, 90).
  EXPECT_NEAR(study::equal_earth(180, 0)[0], 2.7066, 1e-4);
  EXPECT_NEAR(study::equal_earth(0, 90)[1], 1.3174, 1e-4);
  EXPECT_DOUBLE_EQ(study::equal_earth(0, 0)[0], 0.0);
  EXPECT_DOUBLE_EQ(study::equal_earth(-30, -40)[0], -study::equal_earth(30, 40)[0]);
}

// One run of the small study (4 cases, ~25 s) serves every check below, in sections:
// outputs and figures; cells.csv against regions.csv and the maps; regeneration; malformed outputs.
TEST(Report, SmallStudyReportIsCompleteConsistentRegeneratedAndChecked) {
  SATCAP_REQUIRE_REFERENCE(test::itu_maps_dir());
  const fs::path out = test::scratch_dir("report_small") / "out";
  study::run_capacity_study(test::source_dir() / "datasets/studies/small_test.toml", quiet(out));
  {
    SCOPED_TRACE("outputs and figures");
    for (const char* f : {"cells.csv", "gateways.csv", "report.html"}) EXPECT_TRUE(fs::exists(out / f)) << f;
    expect_every_figure(out);
    // The summary does not carry the per-cell data (it lives in cells.csv).
    const auto summary = nlohmann::json::parse(core::read_file(out / "summary.json"));
    EXPECT_FALSE(summary["cases"][0].contains("map"));
    EXPECT_GT(core::CsvTable::read(out / "gateways.csv").rows().size(), 0u);
  }
  {
    SCOPED_TRACE("cells.csv against regions.csv and the maps");
    check_cells(out);
  }
  {
    SCOPED_TRACE("regeneration");
    check_regeneration(out);
  }
  {
    SCOPED_TRACE("malformed outputs");
    check_malformed(out);
  }
}

// The shipped studies, small (one step on a 10-deg grid; ~25 s of CPU together), write every figure.
TEST(ShippedStudies, SmallVersionsWriteEveryFigure) {
  SATCAP_REQUIRE_REFERENCE(test::itu_maps_dir());
  const fs::path dir = test::scratch_dir("report_shipped");
  const std::vector<std::pair<std::string, std::map<std::string, std::string>>> studies = {
      {"rassvet_vs_starlink", {{"steps = 24", "steps = 1"}, {"cell_resolution_deg = 1.4", "cell_resolution_deg = 10.0"}}},
      {"rassvet_sensitivity", {{"steps = 6", "steps = 1"}, {"cell_resolution_deg = 1.4", "cell_resolution_deg = 10.0"}}},
      {"delportillo2019", {{"steps = 8", "steps = 1"}, {"cell_resolution_deg = 2.0", "cell_resolution_deg = 10.0"},
                           {"values = [10, 25, 50, 100, 200, 400]", "values = [10]"}}},
  };
  for (const auto& [stem, edits] : studies) {
    const fs::path file = small_version(stem, dir, edits);
    study::run_capacity_study(file, quiet(dir / stem));
    expect_every_figure(dir / stem);
  }
}
