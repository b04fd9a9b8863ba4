// Payload assignment on the real Starlink snapshot of 2026-05-30 (shared reference/tle/starlink.tle),
// with the rules of the default study (datasets/studies/rassvet_vs_starlink.toml).
#include <satcap/orbit/elements.hpp>
#include <satcap/study/payload_file.hpp>

#include <gtest/gtest.h>

#include <map>

#include "test_support.hpp"

using namespace satcap;

// Expected counts, derived independently of the engine from the element sets (columns 10-14 of line
// 1 give the launch; "[DTC]" in the name line marks direct-to-cell satellites):
//  - 642 names carry "[DTC]";
//  - 6,430 other satellites come from launches of 2023 or later with at most 30 satellites of the
//    launch in the snapshot (Falcon 9 v2 mini launches carry 20-29; v1.5 launches 40-60);
//  - 2,607 come from 2021-082 (Group 2-1, 2021-09-14) onwards otherwise, or from 2021-059 (2);
//  - 716 were launched before (v1.0).
TEST(FleetPayloads, StarlinkSnapshotSplitsIntoV10V15V2MiniAndDirectToCell) {
  const auto file = test::reference_dir() / "tle/starlink.tle";
  SATCAP_REQUIRE_REFERENCE(file);
  const auto fleet = orbit::read_tle_file(file);
  ASSERT_EQ(fleet.size(), 10395u);
  std::vector<study::SatelliteIdentity> ids;
  for (const auto& e : fleet) ids.push_back({e.name, "", study::launch_of(e.intl_designator), e.norad_id});
  const std::vector<std::string> names = {"starlink_v1_0", "starlink_v1_5", "starlink_v2_mini", "starlink_dtc"};
  std::vector<study::PayloadRule> rules(5);
  rules[0].payload = "starlink_dtc";
  rules[0].name_contains = "[DTC]";
  rules[1].payload = "starlink_v2_mini";
  rules[1].intldes_from = "2023-001";
  rules[1].max_launch_size = 30;
  rules[2].payload = "starlink_v1_5";
  rules[2].intldes_from = "2021-082";
  rules[3].payload = "starlink_v1_5";
  rules[3].intldes_from = "2021-059";
  rules[3].intldes_before = "2021-060";
  rules[4].payload = "starlink_v1_0";
  const auto got = study::assign_payloads(ids, rules, names);
  std::map<int, int> n;
  for (auto v : got) n[v]++;
  EXPECT_EQ(n[-1], 0);
  EXPECT_EQ(n[0], 716);
  EXPECT_EQ(n[1], 2607);
  EXPECT_EQ(n[2], 6430);
  EXPECT_EQ(n[3], 642);
}
