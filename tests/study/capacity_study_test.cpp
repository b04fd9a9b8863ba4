// Capacity studies end to end: the small study runs and writes every output; outputs do not depend
// on the thread count; a failing run leaves earlier outputs intact; bad study files are rejected with
// file, line and key before any computation.
#include <satcap/core/error.hpp>
#include <satcap/core/files.hpp>
#include <satcap/study/capacity_study.hpp>
#include <satcap/study/document.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <oneapi/tbb/global_control.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <cctype>

#include "test_support.hpp"

namespace fs = std::filesystem;
using namespace satcap;

namespace {

fs::path small_study() { return test::source_dir() / "datasets/studies/small_test.toml"; }

study::StudyRunOptions quiet(const fs::path& out) {
  study::StudyRunOptions o;
  o.out_dir = out;
  o.maps_dir = test::itu_maps_dir();
  o.progress.mode = study::ProgressOptions::Mode::quiet;
  return o;
}

// Plain substring replacement (first occurrence, or all), without std::regex.
std::string replace_text(const std::string& text, const std::string& from, const std::string& to, bool all = false) {
  std::string out;
  std::size_t pos = 0;
  while (true) {
    const std::size_t at = text.find(from, pos);
    if (at == std::string::npos) break;
    out += text.substr(pos, at - pos);
    out += to;
    pos = at + from.size();
    if (!all) break;
  }
  out += text.substr(pos);
  return out;
}

// The small study with its relative dataset paths made absolute (so a copy may live elsewhere).
std::string small_study_text() {
  std::string to = "\"";
  to += (test::source_dir() / "datasets").string();
  to += "/";
  return replace_text(core::read_file(small_study()), "\"../", to, true);
}

const std::vector<std::string> kOutputs = {"summary.json", "regions.csv", "timeseries.csv", "satellites.csv", "gateways.csv", "latency.csv",
                                           "report.html"};

}  // namespace

TEST(CapacityStudy, SmallStudyWritesEveryOutputWithTheRequiredFields) {
  SATCAP_REQUIRE_REFERENCE(test::itu_maps_dir());
  const fs::path out = test::scratch_dir("study_small");
  std::string headline;
  const study::RunSummary s = study::run_capacity_study(small_study(), quiet(out), &headline);
  EXPECT_EQ(s.cases, 4u);
  for (const auto& f : kOutputs) EXPECT_TRUE(fs::exists(out / f)) << f;
  const auto summary = nlohmann::json::parse(core::read_file(out / "summary.json"));
  ASSERT_EQ(summary["cases"].size(), 4u);
  for (const auto& c : summary["cases"]) {
    for (const char* key : {"name", "satellites", "total_offered_gbps", "total_delivered_gbps", "delivered_per_satellite_gbps",
                            "demand_served_share", "regions"})
      EXPECT_TRUE(c.contains(key)) << key;
    EXPECT_GT(c["total_delivered_gbps"].get<double>(), 0.0);
    EXPECT_LE(c["total_delivered_gbps"].get<double>(), c["total_offered_gbps"].get<double>());
    EXPECT_GT(c["satellites"].get<int>(), 100);
  }
  EXPECT_EQ(summary["engine"]["name"], "satcap");
  EXPECT_FALSE(summary["study"]["text"].get<std::string>().empty());
  // A higher EIRP never delivers less in this geometry-identical sweep.
  EXPECT_GE(summary["cases"][2]["total_delivered_gbps"].get<double>(), summary["cases"][0]["total_delivered_gbps"].get<double>());
  const std::string regions = core::read_file(out / "regions.csv");
  EXPECT_EQ(regions.substr(0, regions.find('\n')),
            "case,region,cells,demand_gbps,offered_mean_gbps,delivered_mean_gbps,delivered_p5_gbps,delivered_p50_gbps,"
            "delivered_p95_gbps,share_served,coverage_cells,coverage_demand,satellites_in_view,beams_mean,handovers_per_cell_hour,"
            "licensed_demand_gbps,licensed_delivered_mean_gbps,licensed_share_served");
  const std::string gateways = core::read_file(out / "gateways.csv");
  EXPECT_EQ(gateways.substr(0, gateways.find('\n')), "case,gateway,lat_deg,lon_deg,ka_antennas,e_antennas,delivered_gbps,links_mean");
  for (const auto& c : summary["cases"]) {
    // Satellites on station and carrying; the feeder capacity of the GSLs tracked bounds delivery.
    EXPECT_EQ(c["satellites_total"], c["satellites"]);
    EXPECT_EQ(c["satellites_carrying"], c["satellites"]);
    EXPECT_LE(c["total_delivered_gbps"].get<double>(), c["feeder_capacity_gbps"].get<double>() * (1 + 1e-12));
  }
  EXPECT_NE(regions.find("eirp=36/observed,Russia,"), std::string::npos);
  EXPECT_NE(core::read_file(out / "latency.csv").find("Moscow-Kaliningrad"), std::string::npos);
  EXPECT_NE(headline.find("Russia"), std::string::npos);
}

TEST(CapacityStudy, OutputsAreIdenticalWithOneAndTwoThreads) {
  SATCAP_REQUIRE_REFERENCE(test::itu_maps_dir());
  const fs::path a = test::scratch_dir("study_threads_1"), b = test::scratch_dir("study_threads_2");
  {
    tbb::global_control g(tbb::global_control::max_allowed_parallelism, 1);
    study::run_capacity_study(small_study(), quiet(a));
  }
  {
    tbb::global_control g(tbb::global_control::max_allowed_parallelism, 2);
    study::run_capacity_study(small_study(), quiet(b));
  }
  for (const auto& f : kOutputs) EXPECT_EQ(core::read_file(a / f), core::read_file(b / f)) << f;
}

// Time blocks (the MPI split of one run, docs/scaling.md): blocks computed separately, shipped as
// serialize_result text and merged give exactly the run's result, including latency path changes and
// handovers across block boundaries.
TEST(CapacityStudy, TimeBlocksMergeToTheSameResultAsOneRun) {
  SATCAP_REQUIRE_REFERENCE(test::itu_maps_dir());
  const auto st = study::CapacityStudy::load(small_study(), test::itu_maps_dir());
  const auto& run = st.runs().at(1);
  const std::int64_t T = st.steps(run);
  ASSERT_EQ(T, 4);
  study::Progress progress(1, {.mode = study::ProgressOptions::Mode::quiet});
  const std::string whole = study::serialize_result(st.run(run, progress.sink(0)));
  for (const std::vector<std::int64_t>& cuts : {std::vector<std::int64_t>{0, 2, 4}, {0, 1, 2, 3, 4}, {0, 3, 4}}) {
    std::vector<nlohmann::json> parts;
    for (std::size_t b = 0; b + 1 < cuts.size(); ++b)
      parts.push_back(study::deserialize_result(
          study::serialize_result(st.run_block(run, cuts[b], cuts[b + 1] - cuts[b], progress.sink(0)))));
    const std::string merged = study::serialize_result(st.merge_blocks(run, parts));
    EXPECT_EQ(merged, whole) << cuts.size() - 1 << " blocks";
  }
  EXPECT_THROW(st.run_block(run, 3, 2, progress.sink(0)), InputError);
  // Blocks out of order or missing one are refused.
  std::vector<nlohmann::json> parts = {st.run_block(run, 2, 2, progress.sink(0)), st.run_block(run, 0, 2, progress.sink(0))};
  EXPECT_THROW(st.merge_blocks(run, parts), Error);
  parts.pop_back();
  EXPECT_THROW(st.merge_blocks(run, parts), Error);
  EXPECT_THROW(st.merge_blocks(st.runs().at(0), {st.run_block(run, 0, 4, progress.sink(0))}), Error);
}

TEST(CapacityStudy, AFailingRunLeavesEarlierOutputsIntact) {
  SATCAP_REQUIRE_REFERENCE(test::itu_maps_dir());
  const fs::path dir = test::scratch_dir("study_failing");
  const fs::path out = dir / "out";
  study::run_capacity_study(small_study(), quiet(out));
  std::map<std::string, std::string> before;
  for (const auto& f : kOutputs) before[f] = core::read_file(out / f);
  // The same study with a gateway rule on a region that does not exist: validation passes (regions
  // are known only once the ground data is built), the run fails.
  std::string text = small_study_text();
  text += "\n[constellations.broken]\nlabel = \"broken\"\nwalker = \"" +
          (test::source_dir() / "datasets/constellations/rassvet_2026_observed.toml").string() +
          "\"\n[constellations.broken.feeder]\ngateway_rule = { count = 3, region = \"Atlantis\" }\n";
  const fs::path broken = dir / "broken.toml";
  core::write_file_atomically(broken, text);
  try {
    study::run_capacity_study(broken, quiet(out));
    FAIL() << "the broken run did not fail";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("Atlantis"), std::string::npos) << e.what();
  }
  for (const auto& f : kOutputs) EXPECT_EQ(core::read_file(out / f), before[f]) << f;
  for (const auto& e : fs::directory_iterator(out)) EXPECT_EQ(e.path().filename().string().find(".tmp."), std::string::npos);
}

// ---- bad study files: each is rejected before any computation, naming file, line and key ---------

struct BadStudy {
  const char* name;
  const char* replace;  // substring of the small study's text (first occurrence)
  const char* with;
  const char* key;      // expected dotted key in the message
};

class BadStudyFile : public ::testing::TestWithParam<BadStudy> {};

TEST_P(BadStudyFile, IsRejectedWithFileLineAndKey) {
  const BadStudy& c = GetParam();
  const std::string text = small_study_text();
  const std::string changed = replace_text(text, c.replace, c.with);
  ASSERT_NE(changed, text) << "the pattern did not apply: " << c.replace;
  const fs::path dir = test::scratch_dir(std::string("bad_study_") + c.name);
  const fs::path file = dir / "study.toml";
  core::write_file_atomically(file, changed);
  try {
    study::CapacityStudy::load(file, test::itu_maps_dir());
    FAIL() << c.name << ": accepted";
  } catch (const InputError& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("study.toml:"), std::string::npos) << msg;
    const std::size_t at = msg.find("study.toml:");
    ASSERT_NE(at, std::string::npos) << msg;
    EXPECT_TRUE(std::isdigit(static_cast<unsigned char>(msg[at + 11]))) << "no line number: " << msg;
    EXPECT_NE(msg.find(c.key), std::string::npos) << c.name << ": " << msg;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Corpus, BadStudyFile,
    ::testing::Values(
        BadStudy{"negative_step", "step_s = 900", "step_s = -60", "time.step_s"},
        BadStudy{"zero_steps", "steps = 4", "steps = 0", "time.steps"},
        BadStudy{"bad_start", "start = \"2026-06-01T00:00:00Z\"", "start = \"yesterday\"", "time.start"},
        BadStudy{"string_step", "step_s = 900", "step_s = \"900\"", "time.step_s"},
        BadStudy{"resolution_too_fine", "cell_resolution_deg = 5.0", "cell_resolution_deg = 0.01", "ground.cell_resolution_deg"},
        BadStudy{"unknown_regions", "regions = \"default\"", "regions = \"planets\"", "ground.regions"},
        BadStudy{"missing_population", "population = \"", "population = \"nowhere", "ground.population"},
        BadStudy{"unknown_ground_key", "[ground]", "[ground]\ncell_size_km = 100", "cell_size_km"},
        BadStudy{"bad_attenuation_model", "attenuation = \"itu-r\"", "attenuation = \"magic\"", "propagation.attenuation"},
        BadStudy{"latency_unknown_city", "pairs = [\"Moscow-Kaliningrad\"]", "pairs = [\"Moscow-Atlantis\"]", "latency.pairs"},
        BadStudy{"latency_bad_pair", "pairs = [\"Moscow-Kaliningrad\"]", "pairs = [\"MoscowKaliningrad\"]", "latency.pairs"},
        BadStudy{"latency_city_latitude", "Moscow = [55.7558, 37.6173]", "Moscow = [95.0, 37.6173]", "latency.cities.Moscow"},
        BadStudy{"zero_beams", "beams_per_satellite = 8", "beams_per_satellite = 0", "beams_per_satellite"},
        BadStudy{"float_beams", "beams_per_satellite = 8", "beams_per_satellite = 8.5", "beams_per_satellite"},
        BadStudy{"elevation_over_90", "min_elevation_deg = 25.0", "min_elevation_deg = 95.0", "min_elevation_deg"},
        BadStudy{"eirp_nan", "eirp_per_beam_dbw = 36.0", "eirp_per_beam_dbw = nan", "eirp_per_beam_dbw"},
        BadStudy{"eirp_inf", "eirp_per_beam_dbw = 36.0", "eirp_per_beam_dbw = inf", "eirp_per_beam_dbw"},
        BadStudy{"unknown_link_key", "beams_per_satellite = 8", "beams_per_satellite = 8\nbandwith_mhz = 250", "bandwith_mhz"},
        BadStudy{"zero_bandwidth", "beams_per_satellite = 8", "beams_per_satellite = 8\nchannel_bandwidth_mhz = 0", "channel_bandwidth_mhz"},
        BadStudy{"frequency_out_of_range", "beams_per_satellite = 8", "beams_per_satellite = 8\nfrequency_ghz = 500", "frequency_ghz"},
        BadStudy{"availability_over_100", "beams_per_satellite = 8", "beams_per_satellite = 8\navailability_pct = 101", "availability_pct"},
        BadStudy{"unknown_isl", "isl = \"ring\"", "isl = \"mesh\"", "isl"},
        BadStudy{"negative_isl_capacity", "isl_capacity_gbps = 10.0", "isl_capacity_gbps = -1.0", "isl_capacity_gbps"},
        BadStudy{"missing_gateways_file", "gateways = \"", "gateways = \"nowhere", "gateways"},
        BadStudy{"missing_walker_file", "walker = \"", "walker = \"nowhere", "walker"},
        BadStudy{"two_sources", "template = \"rassvet\"", "template = \"rassvet\"\ntle = \"x.tle\"", "constellations.observed"},
        BadStudy{"unknown_template", "template = \"rassvet\"", "template = \"oneweb\"", "template"},
        BadStudy{"missing_label", "label = \"Rassvet 2026 plan, announced orbit\"", "", "label"},
        BadStudy{"unknown_propagator", "template = \"rassvet\"", "template = \"rassvet\"\npropagator = \"kepler\"", "propagator"},
        BadStudy{"unknown_top_level", "[study]", "[studies]\nx = 1\n[study]", "studies"},
        BadStudy{"missing_study_name", "name = \"small test study\"", "", "study.name"},
        BadStudy{"take_up_over_one", "[propagation]", "[demand]\ntake_up = 2.0\n[propagation]", "demand.take_up"},
        BadStudy{"sweep_unknown_path", "path = \"templates.rassvet.link.eirp_per_beam_dbw\"", "path = \"templates.rassvet.link.eirp_dbw\"", "sweep"},
        BadStudy{"sweep_wrong_type", "values = [33.0, 36.0]", "values = [\"high\", \"low\"]", "sweep"},
        BadStudy{"toml_syntax", "[time]", "[time", "study.toml"}),
    [](const ::testing::TestParamInfo<BadStudy>& info) { return std::string(info.param.name); });

TEST(CapacityStudyCli, CheckAndRunThroughTheCommand) {
  SATCAP_REQUIRE_REFERENCE(test::itu_maps_dir());
  std::string out;
  const std::string maps = " --maps " + test::itu_maps_dir().string();
  ASSERT_EQ(test::run_command(test::cli_path().string() + " study check " + small_study().string() + maps, out), 0) << out;
  EXPECT_NE(out.find("OK"), std::string::npos);
  const fs::path dir = test::scratch_dir("study_cli");
  ASSERT_EQ(test::run_command(test::cli_path().string() + " study run " + small_study().string() + " --out " + (dir / "o").string() +
                                  " --threads 2 --progress lines" + maps,
                              out),
            0)
      << out;
  EXPECT_NE(out.find("Moscow-Kaliningrad"), std::string::npos) << out;
  EXPECT_TRUE(fs::exists(dir / "o" / "summary.json"));
  // A bad file: exit status 2 and the location of every problem.
  core::write_file_atomically(dir / "bad.toml", "[study]\nname = 1\n");
  EXPECT_EQ(test::run_command(test::cli_path().string() + " study check " + (dir / "bad.toml").string(), out), 2);
  EXPECT_NE(out.find("bad.toml:2: study.name"), std::string::npos) << out;
}

// Every shipped study validates and finds its inputs (README command 1 and docs/studies.md).
TEST(ShippedStudies, EveryStudyFileValidates) {
  SATCAP_REQUIRE_REFERENCE(test::itu_maps_dir());
  std::size_t n = 0;
  for (const auto& e : fs::directory_iterator(test::source_dir() / "datasets/studies")) {
    if (e.path().extension() != ".toml") continue;
    ++n;
    const auto st = study::CapacityStudy::load(e.path(), test::itu_maps_dir());
    EXPECT_NO_THROW(st.check_inputs()) << e.path();
    EXPECT_FALSE(st.runs().empty()) << e.path();
    if (e.path().stem() == "delportillo2019") {
      EXPECT_EQ(st.runs().size(), 18u);  // 6 gateway counts x 3 systems
    }
  }
  EXPECT_GE(n, 3u);
}

// The del Portillo 2019 study end to end on a coarse grid, one step and two gateway counts: the three
// systems with their filed sizes, per-satellite throughput = total / satellites, and throughput that
// does not fall when gateways are added (the study's question).
TEST(ShippedStudies, DelPortilloThroughputGrowsWithGateways) {
  SATCAP_REQUIRE_REFERENCE(test::itu_maps_dir());
  const fs::path dir = test::scratch_dir("delportillo_small");
  std::string text = core::read_file(test::source_dir() / "datasets/studies/delportillo2019.toml");
  std::string abs = "\"";
  abs += (test::source_dir() / "datasets").string();
  abs += "/";
  text = replace_text(text, "\"../", abs, true);
  text = replace_text(text, "steps = 8", "steps = 1");
  text = replace_text(text, "cell_resolution_deg = 2.0", "cell_resolution_deg = 5.0");
  text = replace_text(text, "values = [10, 25, 50, 100, 200, 400]", "values = [10, 100]");
  core::write_file_atomically(dir / "dp.toml", text);
  study::run_capacity_study(dir / "dp.toml", quiet(dir / "out"));
  const auto summary = nlohmann::json::parse(core::read_file(dir / "out" / "summary.json"));
  std::map<std::string, std::map<int, double>> total;
  std::map<std::string, int> sats;
  for (const auto& c : summary["cases"]) {
    const std::string key = c["constellation"].get<std::string>();
    const int gw = c["gateways"].get<int>();
    total[key][gw] = c["total_delivered_gbps"].get<double>();
    sats[key] = c["satellites"].get<int>();
    EXPECT_NEAR(c["delivered_per_satellite_gbps"].get<double>() * sats[key], total[key][gw], 1e-6 * (1 + total[key][gw]));
    EXPECT_LE(c["total_delivered_gbps"].get<double>(), c["total_offered_gbps"].get<double>() + 1e-9);
  }
  EXPECT_EQ(sats["telesat"], 117);
  EXPECT_EQ(sats["oneweb"], 720);
  EXPECT_EQ(sats["spacex"], 4425);
  for (const auto& [key, by_gw] : total) {
    ASSERT_EQ(by_gw.size(), 2u) << key;
    EXPECT_GT(by_gw.at(10), 0.0) << key;
    EXPECT_GE(by_gw.at(100), by_gw.at(10)) << key;
  }
}

// Landing rights: a system licensed only in Russia delivers nothing in Africa in the licensed view,
// and its capability view is the run without landing rights, to the bit.
TEST(CapacityStudy, LicensedViewDeliversNothingWithoutLandingRightsAndLeavesCapabilityUnchanged) {
  SATCAP_REQUIRE_REFERENCE(test::itu_maps_dir());
  std::string text = small_study_text();
  text = text.substr(0, text.find("[sweep]"));
  text = replace_text(text, "steps = 4", "steps = 2");                              // cheaper: 2 steps,
  text = text.substr(0, text.find("[constellations.announced]"));                    // one constellation
  const fs::path dir = test::scratch_dir("study_landing");
  const fs::path rights = dir / "rights.csv";
  core::write_file_atomically(rights, "system,country,rights,source\nr,*,not_licensed,test\nr,RU,licensed,test\n");
  const fs::path plain = dir / "plain.toml";
  core::write_file_atomically(plain, text);
  const fs::path licensed = dir / "licensed.toml";
  core::write_file_atomically(licensed, replace_text(text, "[templates.rassvet.link]",
                                                     "[templates.rassvet]\nlanding_rights = { file = \"" + rights.string() +
                                                         "\", system = \"r\" }\n\n[templates.rassvet.link]"));
  (void)study::run_capacity_study(plain, quiet(dir / "plain"));
  (void)study::run_capacity_study(licensed, quiet(dir / "licensed"));
  const auto a = nlohmann::json::parse(core::read_file(dir / "plain/summary.json"));
  const auto b = nlohmann::json::parse(core::read_file(dir / "licensed/summary.json"));
  ASSERT_EQ(a["cases"].size(), b["cases"].size());
  for (std::size_t i = 0; i < a["cases"].size(); ++i) {
    const auto& ca = a["cases"][i];
    const auto& cb = b["cases"][i];
    EXPECT_EQ(ca["total_delivered_gbps"], cb["total_delivered_gbps"]) << "capability view unchanged";
    EXPECT_EQ(ca["total_delivered_gbps"], ca["total_delivered_licensed_gbps"]) << "no landing rights: licensed everywhere";
    EXPECT_LT(cb["total_delivered_licensed_gbps"].get<double>(), cb["total_delivered_gbps"].get<double>());
    for (std::size_t r = 0; r < ca["regions"].size(); ++r) {
      const auto& ra = ca["regions"][r];
      const auto& rb = cb["regions"][r];
      EXPECT_EQ(ra["delivered_mean_gbps"], rb["delivered_mean_gbps"]) << ra["name"];
      if (ra["name"] == "Africa" || ra["name"] == "Americas") {
        EXPECT_GT(rb["delivered_mean_gbps"].get<double>(), 0.0) << "the capability view serves " << ra["name"];
        EXPECT_EQ(rb["licensed_delivered_mean_gbps"].get<double>(), 0.0) << ra["name"];
        EXPECT_EQ(rb["licensed_demand_gbps"].get<double>(), 0.0) << ra["name"];
      }
      if (ra["name"] == "Russia") {
        EXPECT_GT(rb["licensed_delivered_mean_gbps"].get<double>(), 0.0);
      }
    }
  }
}
