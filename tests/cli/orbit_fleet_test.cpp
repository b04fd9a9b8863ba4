// `satcap fleet` end to end on the OneWeb snapshot: one row per element set, statuses as the library's.
#include <satcap/orbit/elements.hpp>
#include <satcap/orbit/fleet.hpp>

#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <vector>

#include "test_support.hpp"

namespace {

using satcap::test::cli_path;
using satcap::test::run_command;

TEST(CliFleet, OneWebRowsMatchLibrary) {
  const auto tle = satcap::test::reference_dir() / "tle" / "oneweb.tle";
  SATCAP_REQUIRE_REFERENCE(tle);
  const auto out = satcap::test::scratch_dir("cli_fleet") / "oneweb.csv";
  std::string log;
  ASSERT_EQ(run_command(cli_path().string() + " fleet --tle " + tle.string() + " --at 2026-05-30T12:00:00Z --out " +
                            out.string(),
                        log),
            0)
      << log;
  EXPECT_NE(log.find("645 on station in 1 shells"), std::string::npos) << log;
  std::ifstream in(out);
  std::vector<std::string> lines;
  for (std::string s; std::getline(in, s);) lines.push_back(s);
  ASSERT_EQ(lines.size(), 652u);
  EXPECT_EQ(lines[0],
            "name,norad_id,intl_designator,shell,plane,slot,status,altitude_km,inclination_deg,eccentricity,raan_deg,"
            "arg_latitude_deg");
  const auto fleet = satcap::orbit::read_tle_file(tle);
  const auto fc = satcap::orbit::classify_fleet(fleet, {}, satcap::core::Epoch::parse_iso8601("2026-05-30T12:00:00Z"));
  std::size_t on = 0;
  for (std::size_t i = 0; i < fleet.size(); ++i) {
    const std::string& row = lines[i + 1];
    const auto& s = fc.satellites[i];
    std::string head = fleet[i].name;
    head += ',';
    head += std::to_string(fleet[i].norad_id);
    head += ',';
    EXPECT_EQ(row.rfind(head, 0), 0u) << row;
    std::string status = ",";
    status += satcap::orbit::to_string(s.status);
    status += ',';
    EXPECT_NE(row.find(status), std::string::npos) << row;
    if (s.status == satcap::orbit::FleetStatus::OnStation) {
      ++on;
      std::string ids = ",";
      for (int v : {s.shell, s.plane, s.slot}) {
        ids += std::to_string(v);
        ids += ',';
      }
      EXPECT_NE(row.find(ids), std::string::npos) << row;
    }
  }
  EXPECT_EQ(on, 645u);
}

}  // namespace
