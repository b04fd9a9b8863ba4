#include <satcap/core/error.hpp>
#include <satcap/core/units.hpp>
#include <satcap/core/version.hpp>

#include <gtest/gtest.h>

using namespace satcap::units;

TEST(Units, LinearConversions) {
  EXPECT_DOUBLE_EQ(to_km(km(550.0)), 550.0);
  EXPECT_DOUBLE_EQ(to_metres(km(1.5)), 1500.0);
  EXPECT_DOUBLE_EQ(to_hz(ghz(12.0)), 12e9);
  EXPECT_DOUBLE_EQ(to_ghz(mhz(250.0)), 0.25);
  EXPECT_DOUBLE_EQ(to_mhz(hz(2.5e6)), 2.5);
  EXPECT_NEAR(to_deg(deg(82.3)), 82.3, 1e-13);
  EXPECT_NEAR(to_rad(deg(180.0)), 3.14159265358979323846, 1e-15);
  EXPECT_DOUBLE_EQ(to_watts(watts(20.0)), 20.0);
  EXPECT_DOUBLE_EQ(to_kelvin(kelvin(290.0)), 290.0);
  EXPECT_DOUBLE_EQ(to_seconds(seconds(60.0)), 60.0);
  // Boost.Units arithmetic keeps dimensions: length / time is a speed.
  Speed v = km(7.5) / seconds(1.0);
  EXPECT_DOUBLE_EQ(v.value(), 7500.0);
}

TEST(Units, DecibelConversions) {
  EXPECT_DOUBLE_EQ(to_dbw(watts(100.0)).value(), 20.0);
  EXPECT_NEAR(to_power(DecibelWatt(30.0)).value(), 1000.0, 1e-9);
  EXPECT_DOUBLE_EQ(dbm(30.0).value(), 0.0);
  EXPECT_DOUBLE_EQ(to_dbhz(mhz(1.0)).value(), 60.0);
  EXPECT_NEAR(to_frequency(DecibelHertz(80.0)).value(), 1e8, 1e-4);
  EXPECT_NEAR(to_dbk(kelvin(290.0)).value(), 24.6239799789896, 1e-12);
  EXPECT_NEAR(to_temperature(DecibelKelvin(20.0)).value(), 100.0, 1e-12);
  EXPECT_NEAR(Decibel::from_linear(2.0).value(), 3.010299956639812, 1e-15);
  EXPECT_NEAR(Decibel(3.0).linear(), 1.9952623149688795, 1e-15);
  EXPECT_NEAR(kBoltzmannDb, -228.5991671732177, 1e-10);
}

TEST(Units, DecibelAlgebra) {
  DecibelWatt p(10.0);
  DecibelIsotropic g(35.0);
  DecibelWatt eirp = p + g;
  EXPECT_DOUBLE_EQ(eirp.value(), 45.0);
  EXPECT_DOUBLE_EQ((eirp - Decibel(3.0)).value(), 42.0);
  DecibelPerKelvin gt = DecibelIsotropic(33.0) - to_dbk(kelvin(100.0));
  EXPECT_DOUBLE_EQ(gt.value(), 13.0);
  EXPECT_DOUBLE_EQ(difference(DecibelWatt(5.0), DecibelWatt(2.0)).value(), 3.0);
  EXPECT_DOUBLE_EQ((-Decibel(4.0)).value(), -4.0);
  EXPECT_TRUE(DecibelWatt(1.0) < DecibelWatt(2.0));
}

TEST(Errors, InputErrorNamesFileLineField) {
  satcap::InputError e("study.toml", 12, "altitude_km", "must be > 0");
  EXPECT_STREQ(e.what(), "study.toml:12: altitude_km: must be > 0");
  EXPECT_EQ(e.file(), "study.toml");
  EXPECT_EQ(e.line(), 12u);
  EXPECT_EQ(e.field(), "altitude_km");
  satcap::InputError f("", 0, "--step", "must be positive");
  EXPECT_STREQ(f.what(), "--step: must be positive");
  EXPECT_THROW(satcap::require_in_range("frequency", 1500.0, 1.0, 1000.0, "GHz", "P.676-13"), satcap::RangeError);
  try {
    satcap::require_in_range("elevation", 95.0, 0.0, 90.0, "deg", "P.618-14");
  } catch (const satcap::RangeError& r) {
    EXPECT_NE(std::string(r.what()).find("P.618-14"), std::string::npos);
    EXPECT_NE(std::string(r.what()).find("95"), std::string::npos);
  }
}

TEST(Version, MatchesProject) { EXPECT_FALSE(satcap::version().empty()); }
