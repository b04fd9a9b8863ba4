// Payload files and payload assignment rules (include/satcap/study/payload_file.hpp).
#include <satcap/core/error.hpp>
#include <satcap/core/files.hpp>
#include <satcap/study/document.hpp>
#include <satcap/study/payload_file.hpp>

#include <gtest/gtest.h>

#include <filesystem>

#include "test_support.hpp"

namespace fs = std::filesystem;
using namespace satcap;

namespace {
fs::path write(const std::string& name, const std::string& text) {
  const fs::path p = test::scratch_dir("payload_file") / name;
  core::write_file_atomically(p, text);
  return p;
}
}  // namespace

TEST(PayloadFile, EveryShippedPayloadLoadsAndValidates) {
  int n = 0;
  for (const auto& e : fs::directory_iterator(test::source_dir() / "datasets/payloads")) {
    if (e.path().extension() != ".toml") continue;
    const capacity::Payload p = study::read_payload_file(e.path());
    EXPECT_EQ(p.name, e.path().stem().string()) << "the payload's name is its file name";
    EXPECT_NO_THROW(p.validate(p.name));
    ++n;
  }
  EXPECT_GE(n, 8);
  const auto v2 = study::read_payload_file(test::source_dir() / "datasets/payloads/starlink_v2_mini.toml");
  EXPECT_EQ(v2.beams, 48);
  ASSERT_NE(v2.feeder(capacity::FeederBand::E), nullptr);
  EXPECT_EQ(v2.feeder(capacity::FeederBand::E)->uplink_bandwidth_mhz, 5000.0);
  const auto v10 = study::read_payload_file(test::source_dir() / "datasets/payloads/starlink_v1_0.toml");
  EXPECT_EQ(v10.isl_terminals, 0) << "v1.0 carries no lasers";
  EXPECT_FALSE(study::read_payload_file(test::source_dir() / "datasets/payloads/starlink_dtc.toml").broadband);
}

TEST(PayloadFile, BadFilesNameTheFileLineAndKey) {
  const std::string good = R"([payload]
name = "p"
[user_downlink]
beams = 16
eirp_per_beam_dbw = 36.0
hpbw_deg = 2.0
max_scan_deg = 60.0
[[feeder]]
band = "Ka"
terminals = 2
uplink_ghz = 28.75
uplink_bandwidth_mhz = 2100.0
antenna_diameter_m = 0.48
system_noise_temperature_k = 536.0
)";
  EXPECT_NO_THROW(study::read_payload_file(write("good.toml", good)));
  struct Case {
    std::string from, to, key;
  };
  const std::vector<Case> cases = {
      {"beams = 16", "beams = -3", "user_downlink.beams"},
      {"name = \"p\"", "name = \"p\"\ncolour = 3", "payload.colour"},  // unknown key
      {"band = \"Ka\"", "band = \"Q\"", "feeder[0].band"},
      {"uplink_ghz = 28.75", "uplink_ghz = 83.5", "feeder[0].uplink_ghz"},  // E-band frequency on a Ka terminal
      {"hpbw_deg = 2.0", "hpbw_deg = \"wide\"", "user_downlink.hpbw_deg"},
      {"system_noise_temperature_k = 536.0", "system_noise_temperature_k = 1e9", "feeder[0].system_noise_temperature_k"},
  };
  for (const auto& c : cases) {
    const std::string text = test::replace_all(good, c.from, c.to);
    const fs::path p = write("bad.toml", text);
    try {
      (void)study::read_payload_file(p);
      ADD_FAILURE() << "accepted: " << c.to;
    } catch (const Error& e) {
      const std::string msg = e.what();
      EXPECT_NE(msg.find("bad.toml"), std::string::npos) << msg;
      EXPECT_NE(msg.find(c.key), std::string::npos) << msg;
    }
  }
}

TEST(PayloadRules, ByShellByLaunchGroupAndByNoradRangeFirstMatchWins) {
  using study::SatelliteIdentity;
  const std::vector<SatelliteIdentity> sats = {
      {"", "shell_a", "", 0},                              // 0: Walker shell a
      {"", "shell_b", "", 0},                              // 1: Walker shell b
      {"STARLINK-1008", "", study::launch_of("19074B"), 44714},  // 2: 2019 launch
      {"STARLINK-3001", "", "2021-082", 49000},            // 3
      {"STARLINK-6001", "", "2023-100", 56000},            // 4: small launch (1 satellite here)
      {"STARLINK-11072 [DTC]", "", "2024-002", 58000},     // 5
      {"OTHER", "", "", 70000},                            // 6: no launch known
  };
  EXPECT_EQ(sats[2].intl_launch, "2019-074");
  EXPECT_EQ(study::launch_of("2019-074B"), "2019-074");
  EXPECT_EQ(study::launch_of("57001A"), "1957-001");
  EXPECT_EQ(study::launch_of("x"), "");
  const std::vector<std::string> names = {"a", "b", "v10", "v15", "v2", "dtc", "norad"};
  std::vector<study::PayloadRule> rules(7);
  rules[0].payload = "a";
  rules[0].shell = "shell_a";
  rules[1].payload = "b";
  rules[1].shell = "shell_b";
  rules[2].payload = "dtc";
  rules[2].name_contains = "[DTC]";
  rules[3].payload = "v2";
  rules[3].intldes_from = "2023-001";
  rules[3].max_launch_size = 30;
  rules[4].payload = "v15";
  rules[4].intldes_from = "2021-082";
  rules[5].payload = "v10";
  rules[5].intldes_before = "2021-082";
  rules[6].payload = "norad";
  rules[6].norad_from = 60000;
  rules[6].norad_to = 80000;
  const auto got = study::assign_payloads(sats, rules, names);
  const std::vector<std::int32_t> want = {0, 1, 2, 3, 4, 5, 6};
  EXPECT_EQ(got, (std::vector<std::int32_t>{0, 1, 2, 3, 4, 5, 6}));
  // A launch larger than max_launch_size falls through to the next rule.
  std::vector<SatelliteIdentity> big(31, {"S", "", "2023-200", 1});
  const auto g2 = study::assign_payloads(big, rules, names);
  EXPECT_EQ(g2.front(), 3) << "31 satellites of one 2023 launch: not a v2 mini launch by the rule, so v1.5";
  // No rule matches: -1 (carries nothing, counted).
  EXPECT_EQ(study::assign_payloads({{"X", "other", "", 0}}, {rules[0]}, names).front(), -1);
  // A rule naming an unknown payload is an input error.
  study::PayloadRule bad;
  bad.payload = "nope";
  EXPECT_THROW(study::assign_payloads(sats, {bad}, names), InputError);
  (void)want;
}
