// The typed-in DVB-S2 / DVB-S2X MODCOD table against ../shared/reference/dvbs2x_modcods.csv, row by row.
#include <satcap/core/files.hpp>
#include <satcap/radio/modcod.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <set>
#include <string>

#include "test_support.hpp"

using namespace satcap;
using namespace satcap::radio;

TEST(ValidationRadioLink, ModcodTableMatchesReferenceCsv) {
  const auto path = satcap::test::reference_dir() / "dvbs2x_modcods.csv";
  SATCAP_REQUIRE_REFERENCE(path);
  const auto csv = core::CsvTable::read(path, {"standard", "modcod", "modulation", "code_rate",
                                               "spectral_efficiency_bits_per_symbol", "required_esn0_db"});
  const auto& table = ModcodTable::dvbs2x();
  double max_eff = 0.0, max_esn0 = 0.0;
  long cases = 0;
  std::set<std::string> seen;
  for (const auto& row : csv.rows()) {
    const std::string name = csv.text(row, "modcod");
    const int i = table.find(name);
    ASSERT_GE(i, 0) << "line " << row.line << ": " << name << " missing from the typed-in table";
    const Modcod& m = table.entries()[static_cast<std::size_t>(i)];
    EXPECT_EQ(csv.text(row, "standard"), m.standard) << name;
    EXPECT_EQ(csv.text(row, "modulation"), m.modulation) << name;
    EXPECT_EQ(csv.text(row, "code_rate"), std::to_string(m.rate_num) + "/" + std::to_string(m.rate_den)) << name;
    const double de = std::abs(csv.number(row, "spectral_efficiency_bits_per_symbol") - m.efficiency_bits_per_symbol);
    const double ds = std::abs(csv.number(row, "required_esn0_db") - m.required_esn0_db);
    EXPECT_LE(de, 1e-9) << name;
    EXPECT_LE(ds, 1e-9) << name;
    max_eff = std::max(max_eff, de);
    max_esn0 = std::max(max_esn0, ds);
    seen.insert(name);
    ++cases;
  }
  // Both directions: every typed-in entry is in the reference.
  EXPECT_EQ(seen.size(), table.entries().size());
  // The DVB-S2 subset is exactly the reference's DVB-S2 rows.
  long s2 = 0;
  for (const auto& row : csv.rows())
    if (csv.text(row, "standard") == "DVB-S2") {
      EXPECT_GE(ModcodTable::dvbs2().find(csv.text(row, "modcod")), 0);
      ++s2;
    }
  EXPECT_EQ(static_cast<std::size_t>(s2), ModcodTable::dvbs2().entries().size());
  const bool pass = !::testing::Test::HasFailure();
  char err[96];
  std::snprintf(err, sizeof err, "%.1e bit/symbol, %.1e dB", max_eff, max_esn0);
  satcap::test::record_validation("radio_link_modcod", "DVB-S2/S2X MODCOD eta and required Es/N0 (EN 302 307-1 T13, -2 T20a)",
                                  "shared/reference/dvbs2x_modcods.csv", cases, err, "exact (1e-9)", pass);
}
