// The calibration panel's method options on the small study (seconds): `demand.mode = "sellable"` puts the
// saturating demand on every inhabited cell and nothing elsewhere; `gateway_rule.method = "coverage"`
// places nested, separated stations that add to the file's gateways and never lower delivery.
#include <satcap/core/files.hpp>
#include <satcap/study/capacity_study.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <filesystem>
#include <string>

#include "test_support.hpp"

namespace fs = std::filesystem;
using namespace satcap;

namespace {

std::string small_text() {
  std::string to = "\"";
  to += (test::source_dir() / "datasets").string();
  to += "/";
  std::string text = test::replace_all(core::read_file(test::source_dir() / "datasets/studies/small_test.toml"), "\"../", to);
  text = text.substr(0, text.find("[sweep]"));
  text = test::replace_all(text, "steps = 4", "steps = 1");
  return text;
}

fs::path dir_of(const std::string& name) { return fs::path(SATCAP_TEST_OUTPUT_DIR) / "scratch" / name; }

nlohmann::json run(const std::string& name, const std::string& text) {
  const fs::path dir = test::scratch_dir(name);
  core::write_file_atomically(dir / "s.toml", text);
  study::StudyRunOptions o;
  o.out_dir = dir / "out";
  o.maps_dir = test::itu_maps_dir();
  o.progress.mode = study::ProgressOptions::Mode::quiet;
  study::run_capacity_study(dir / "s.toml", o);
  return nlohmann::json::parse(core::read_file(dir / "out" / "summary.json"));
}

}  // namespace

TEST(CalibrationOptions, SellableDemandAndCoveragePlacement) {
  SATCAP_REQUIRE_REFERENCE(test::itu_maps_dir());
  const std::string base = small_text();
  const std::string sellable = test::replace_all(
      base, "[propagation]", "[demand]\nmode = \"sellable\"\nsellable_cell_demand_gbps = 1000.0\nsellable_min_population = 1.0\n\n[propagation]");
  auto with_rule = [](std::string t, int count) {
    return test::replace_all(t, "isl = \"ring\"\n",
                             "isl = \"ring\"\ngateway_rule = { count = " + std::to_string(count) +
                                 ", region = \"Russia\", min_separation_km = 300.0, method = \"coverage\" }\n");
  };
  const auto s = run("cal_opt_sellable", sellable);
  const auto g3 = run("cal_opt_cov3", with_rule(sellable, 3));
  const auto g6 = run("cal_opt_cov6", with_rule(sellable, 6));
  ASSERT_EQ(s["cases"].size(), 2u);
  for (std::size_t i = 0; i < 2; ++i) {
    const auto& cs = s["cases"][i];
    // Sellable: 1,000 Gbit/s on each inhabited cell, so the total demand is a whole multiple of 1,000.
    const double demand = cs["total_demand_gbps"].get<double>();
    EXPECT_GT(demand, 100.0 * 1000.0);  // hundreds of inhabited 5 deg cells
    EXPECT_NEAR(demand / 1000.0, std::round(demand / 1000.0), 1e-6);
    // No cell is ever served in full: every inhabited cell asks for more than any beam set carries.
    EXPECT_LT(cs["demand_served_share"].get<double>(), 1e-2);
    EXPECT_GT(cs["total_delivered_gbps"].get<double>(), 0.0);
    EXPECT_LE(cs["total_delivered_gbps"].get<double>(), cs["total_offered_gbps"].get<double>() * (1 + 1e-12));
    // Coverage placement: stations added to the file's 15, recorded in the inputs, nested, never lowering delivery.
    EXPECT_EQ(g3["cases"][i]["inputs"]["feeder"]["gateway_rule"]["method"], "coverage");
    const int n0 = cs["gateways"].get<int>(), n3 = g3["cases"][i]["gateways"].get<int>(), n6 = g6["cases"][i]["gateways"].get<int>();
    EXPECT_EQ(n0, 15);
    EXPECT_GT(n3, n0);
    EXPECT_LE(n3, n0 + 3);
    EXPECT_GE(n6, n3);
    EXPECT_LE(n6, n0 + 6);
    EXPECT_GE(g3["cases"][i]["feeder_capacity_gbps"].get<double>(), cs["feeder_capacity_gbps"].get<double>() * (1 - 1e-9));
    EXPECT_GE(g6["cases"][i]["feeder_capacity_gbps"].get<double>(), g3["cases"][i]["feeder_capacity_gbps"].get<double>() * (1 - 1e-9));
  }
  // Nested sets: the first three placed stations are the same in both runs.
  const std::string t3 = core::read_file(dir_of("cal_opt_cov3") / "out" / "gateways.csv");
  const std::string t6 = core::read_file(dir_of("cal_opt_cov6") / "out" / "gateways.csv");
  for (int k = 1; k <= 3; ++k) {
    const std::string name = "observed-" + std::to_string(k) + " cell ";
    const auto p3 = t3.find(name), p6 = t6.find(name);
    if (p3 == std::string::npos) break;  // the greedy stopped early (nothing left to cover)
    ASSERT_NE(p6, std::string::npos) << name;
    EXPECT_EQ(t3.substr(p3, t3.find(',', p3) - p3), t6.substr(p6, t6.find(',', p6) - p6));
  }
}
