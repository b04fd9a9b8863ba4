#include <satcap/core/error.hpp>
#include <satcap/core/time.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

using satcap::InputError;
using satcap::core::Epoch;
using satcap::core::TimeGrid;

TEST(Time, J2000IsJd2451545TT) {
  // J2000.0 = 2000-01-01T12:00:00 TT; TT - UTC = 32.184 + 32 s (TAI - UTC = 32 s in 2000).
  Epoch t = Epoch::from_utc(2000, 1, 1, 11, 58, 55.816);
  auto tt = t.jd_tt();
  EXPECT_NEAR(tt.value(), 2451545.0, 1e-10);
  EXPECT_DOUBLE_EQ(t.tai_minus_utc(), 32.0);
}

TEST(Time, VernalMjdOfUtcEpoch) {
  // 1992-08-20 12:14 UTC = JD 2448855.009722222 (Vallado Example 3-5).
  Epoch t = Epoch::from_utc(1992, 8, 20, 12, 14, 0.0);
  EXPECT_NEAR(t.jd_utc().value(), 2448855.0097222222, 1e-9);
}

TEST(Time, GmstValladoExample3_5) {
  // Vallado, Fundamentals of Astrodynamics and Applications, Example 3-5: 1992-08-20 12:14 UT1,
  // GMST = 152.578787810 deg (IAU-82).
  Epoch t = Epoch::from_utc(1992, 8, 20, 12, 14, 0.0);
  double gmst_deg = satcap::core::gmst82(t) * 180.0 / std::numbers::pi;
  EXPECT_NEAR(gmst_deg, 152.578787810, 1e-6);
}

TEST(Time, LeapSecondEndOf2016) {
  Epoch before = Epoch::parse_iso8601("2016-12-31T23:59:59Z");
  Epoch leap = Epoch::parse_iso8601("2016-12-31T23:59:60Z");
  Epoch after = Epoch::parse_iso8601("2017-01-01T00:00:00Z");
  EXPECT_DOUBLE_EQ(leap.seconds_since(before), 1.0);
  EXPECT_DOUBLE_EQ(after.seconds_since(before), 2.0);
  EXPECT_EQ(leap.to_iso8601(3), "2016-12-31T23:59:60.000Z");
  EXPECT_EQ(before.plus_seconds(1.5).to_iso8601(1), "2016-12-31T23:59:60.5Z");
  EXPECT_DOUBLE_EQ(before.tai_minus_utc(), 36.0);
  EXPECT_DOUBLE_EQ(after.tai_minus_utc(), 37.0);
  // No leap second at the end of 2015-12-31 (there was one at 2015-06-30).
  EXPECT_THROW(Epoch::parse_iso8601("2015-12-31T23:59:60Z"), InputError);
  EXPECT_NO_THROW(Epoch::parse_iso8601("2015-06-30T23:59:60Z"));
}

TEST(Time, Iso8601RoundTripAndForms) {
  EXPECT_EQ(Epoch::parse_iso8601("2026-05-30T10:07:00.123Z").to_iso8601(3), "2026-05-30T10:07:00.123Z");
  EXPECT_EQ(Epoch::parse_iso8601("2026-05-30 10:07").to_iso8601(0), "2026-05-30T10:07:00Z");
  EXPECT_EQ(Epoch::parse_iso8601("2026-05-30").to_iso8601(0), "2026-05-30T00:00:00Z");
  EXPECT_EQ(Epoch::parse_iso8601("2026-05-30T10:07:00+00:00").to_iso8601(0), "2026-05-30T10:07:00Z");
  EXPECT_EQ(Epoch::parse_iso8601("2024-02-29T23:59:59.999999Z").to_iso8601(6), "2024-02-29T23:59:59.999999Z");
}

TEST(Time, BadIso8601IsRejectedWithTheText) {
  for (const char* bad : {"", "2026-13-01T00:00:00Z", "2026-02-30", "2023-02-29", "2026-05-30T24:00:00Z",
                          "2026-05-30T10:61:00Z", "yesterday", "2026-05-30T10:07:00+03:00", "2026-05-30T10:07:00.Z",
                          "2026/05/30", "2026-05-30T10:07:0x"}) {
    try {
      Epoch::parse_iso8601(bad);
      ADD_FAILURE() << "accepted '" << bad << "'";
    } catch (const InputError& e) {
      EXPECT_NE(std::string(e.what()).find(std::string("'") + bad + "'"), std::string::npos) << e.what();
    }
  }
}

TEST(Time, ArithmeticAcrossDaysIsExact) {
  Epoch t0 = Epoch::parse_iso8601("2026-09-20T22:58:00Z");
  Epoch t1 = t0.plus_seconds(86400.0 * 3 + 0.25);
  EXPECT_DOUBLE_EQ(t1.seconds_since(t0), 86400.0 * 3 + 0.25);
  EXPECT_EQ(t1.to_iso8601(3), "2026-09-23T22:58:00.250Z");
  EXPECT_DOUBLE_EQ(t0.plus_seconds(-3600.0).seconds_since(t0), -3600.0);
  EXPECT_TRUE(t0 < t1);
}

TEST(Time, JulianDateRoundTrip) {
  Epoch t = Epoch::parse_iso8601("2026-05-30T10:07:12.5Z");
  auto jd = t.jd_utc();
  Epoch back = Epoch::from_jd_utc(jd.jd1, jd.jd2);
  EXPECT_NEAR(back.seconds_since(t), 0.0, 1e-5);
  auto tt = t.jd_tt();
  EXPECT_NEAR(Epoch::from_jd_tt(tt.jd1, tt.jd2).seconds_since(t), 0.0, 1e-5);
  EXPECT_NEAR((tt.value() - jd.value()) * 86400.0, 37.0 + 32.184, 1e-4);
}

TEST(Time, TimeGrid) {
  TimeGrid g(Epoch::parse_iso8601("2026-01-01T00:00:00Z"), 60.0, 1440);
  EXPECT_EQ(g.count(), 1440);
  EXPECT_EQ(g.at(1439).to_iso8601(0), "2026-01-01T23:59:00Z");
  EXPECT_THROW(TimeGrid(g.start(), 0.0, 10), InputError);
  EXPECT_THROW(TimeGrid(g.start(), -1.0, 10), InputError);
  EXPECT_THROW(TimeGrid(g.start(), 60.0, 0), InputError);
  EXPECT_THROW(TimeGrid(g.start(), std::nan(""), 10), InputError);
}
