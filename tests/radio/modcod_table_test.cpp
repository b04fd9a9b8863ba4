// DVB-S2 / DVB-S2X MODCOD tables and ACM selection.
#include <satcap/core/error.hpp>
#include <satcap/radio/modcod.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <string>

using namespace satcap;
using namespace satcap::radio;
using units::Decibel;

TEST(ModcodTable, SizesAndLadder) {
  EXPECT_EQ(ModcodTable::dvbs2().entries().size(), 28u);  // EN 302 307-1 Table 13
  EXPECT_EQ(ModcodTable::dvbs2x().entries().size(), 67u);  // + EN 302 307-2 Table 20a (38) + QPSK 2/9
  for (const auto* t : {&ModcodTable::dvbs2(), &ModcodTable::dvbs2x()}) {
    const auto& thr = t->ladder_threshold_db();
    const auto& eff = t->ladder_efficiency();
    ASSERT_GE(thr.size(), 2u);
    for (std::size_t i = 1; i < thr.size(); ++i) {
      EXPECT_GE(thr[i], thr[i - 1]);
      EXPECT_GT(eff[i], eff[i - 1]);
    }
    // Every entry is dominated by (or on) the ladder: no entry beats the ladder step at its threshold.
    for (const auto& m : t->entries()) {
      const int best = t->select_index(m.required_esn0_db, 0.0);
      ASSERT_GE(best, 0);
      EXPECT_GE(t->entries()[static_cast<std::size_t>(best)].efficiency_bits_per_symbol, m.efficiency_bits_per_symbol) << m.name;
    }
  }
  EXPECT_STREQ(ModcodTable::dvbs2().entries().front().name, "QPSK 1/4");
  EXPECT_EQ(ModcodTable::dvbs2x().find("256APSK 3/4"), ModcodTable::dvbs2x().find("256APSK 3/4"));
  EXPECT_GE(ModcodTable::dvbs2x().find("256APSK 3/4"), 0);
  EXPECT_EQ(ModcodTable::dvbs2().find("256APSK 3/4"), -1);
}

TEST(ModcodTable, SelectionAtThresholdsAndBelow) {
  const auto& s2 = ModcodTable::dvbs2();
  // Exactly at 16APSK 3/4's threshold (10.21 dB): the next more efficient S2 MODCOD needs 10.69 dB (8PSK 8/9
  // is less efficient anyway, 16APSK 4/5 needs 11.03 dB).
  EXPECT_STREQ(s2.entries()[static_cast<std::size_t>(s2.select_index(10.21, 0.0))].name, "16APSK 3/4");
  // Just below: 16APSK 2/3 (8.97 dB, 2.637201) beats 8PSK 5/6 (9.35 dB, 2.478562).
  EXPECT_STREQ(s2.entries()[static_cast<std::size_t>(s2.select_index(10.2099, 0.0))].name, "16APSK 2/3");
  EXPECT_EQ(s2.select_index(-2.36, 0.0), -1);          // below QPSK 1/4 (-2.35 dB)
  EXPECT_EQ(s2.select_index(-2.35, 0.0), 0);           // QPSK 1/4
  EXPECT_EQ(s2.select_index(std::nan(""), 0.0), -1);
  // DVB-S2X at 10.21 dB: 16APSK 7/9 needs 10.65 dB, so S2's 16APSK 3/4 (2.966728) still wins over 16APSK 13/18 (2.856231).
  const auto& s2x = ModcodTable::dvbs2x();
  EXPECT_STREQ(s2x.entries()[static_cast<std::size_t>(s2x.select_index(10.21, 0.0))].name, "16APSK 3/4");
  EXPECT_STREQ(s2x.entries()[static_cast<std::size_t>(s2x.select_index(-2.85, 0.0))].name, "QPSK 2/9");
  EXPECT_EQ(s2x.select_index(-2.86, 0.0), -1);
  EXPECT_STREQ(s2x.entries()[static_cast<std::size_t>(s2x.select_index(40.0, 0.0))].name, "256APSK 3/4");
  // The implementation margin shifts every threshold.
  EXPECT_STREQ(s2x.entries()[static_cast<std::size_t>(s2x.select_index(10.71, 0.5))].name, "16APSK 3/4");
}

TEST(ModcodTable, AcmThroughputMarginShannon) {
  // SpaceX user link of del Portillo et al.: 16APSK 3/4, B = 250 MHz, roll-off 0.1.
  // Rs = 250 / 1.1 = 227.2727 Msym/s; throughput = Rs x 2.966728 = 674.2564 Mbit/s (paper: 674.3).
  // Es/N0 = 11.0 dB with a 0.5 dB implementation margin: 11.0 - 0.5 = 10.5 < 10.65 (16APSK 7/9), so
  // 16APSK 3/4 with margin 11.0 - 10.21 - 0.5 = 0.29 dB.
  // Shannon: 10 log10(2^2.966728 - 1) = 8.3363 dB -> distance 10.21 - 8.3363 = 1.8737 dB.
  const auto r = ModcodTable::dvbs2x().select(Decibel(11.0), units::mhz(250.0), 0.1, Decibel(0.5));
  ASSERT_TRUE(r.closes());
  EXPECT_STREQ(r.modcod->name, "16APSK 3/4");
  EXPECT_NEAR(units::to_hz(r.symbol_rate), 250e6 / 1.1, 1e-3);
  EXPECT_NEAR(r.throughput_bps, 674256363.6363635, 1e-3);
  EXPECT_NEAR(r.spectral_efficiency_bps_hz, 2.966728 / 1.1, 1e-12);
  EXPECT_NEAR(r.margin.value(), 0.29, 1e-12);
  EXPECT_NEAR(r.distance_to_shannon.value(), 1.8736771293894599, 1e-12);
  EXPECT_NEAR(shannon_esn0(1.0).value(), 0.0, 1e-15);  // 2^1 - 1 = 1 -> 0 dB

  const auto none = ModcodTable::dvbs2().select(Decibel(-5.0), units::mhz(250.0), 0.2);
  EXPECT_FALSE(none.closes());
  EXPECT_EQ(none.throughput_bps, 0.0);
  EXPECT_TRUE(std::isnan(none.margin.value()));
}

TEST(ModcodTable, RejectsBadInput) {
  EXPECT_THROW(ModcodTable::dvbs2x().select(Decibel(10.0), units::mhz(250.0), 1.5), RangeError);
  EXPECT_THROW(ModcodTable::dvbs2x().select(Decibel(10.0), units::mhz(0.0), 0.1), RangeError);
  EXPECT_EQ(parse_modcod_standard("dvb-s2x"), ModcodStandard::DvbS2X);
  EXPECT_EQ(parse_modcod_standard("DVB-S2"), ModcodStandard::DvbS2);
  try {
    parse_modcod_standard("DVB-T2", "modcod.standard");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(e.field(), "modcod.standard");
    EXPECT_NE(std::string(e.what()).find("DVB-T2"), std::string::npos);
  }
}
