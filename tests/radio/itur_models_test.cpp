// Unit tests of the ITU-R models: validity ranges (RangeError, never clamped), limiting cases, and the
// P.618-14 §2.5 chain, its pluggable sources and the per-site table.
#include <gtest/gtest.h>
#include <satcap/core/error.hpp>
#include <satcap/radio/atmosphere.hpp>
#include <satcap/radio/itur/p618.hpp>
#include <satcap/radio/itur/p676.hpp>
#include <satcap/radio/itur/p835.hpp>
#include <satcap/radio/itur/p837.hpp>
#include <satcap/radio/itur/p838.hpp>
#include <satcap/radio/itur/p840.hpp>

#include <algorithm>
#include <cmath>
#include <vector>

#include "test_support.hpp"

namespace it = satcap::radio::itur;
using satcap::RangeError;
using satcap::radio::Atmosphere;
using satcap::radio::SlantPathInput;

TEST(IturModels, RangesAreRejectedNotClamped) {
  EXPECT_THROW(it::p838_coefficients(0.5), RangeError);
  EXPECT_THROW(it::p838_coefficients(1001), RangeError);
  EXPECT_THROW(it::p676_gamma_oxygen(0.9, 1013, 7.5, 288), RangeError);
  EXPECT_THROW(it::p840_coefficient(0.5), RangeError);
  it::P618RainInput in;
  in.lat_deg = 45;
  in.station_height_km = 0.1;
  in.rain_height_km = 3;
  in.f_ghz = 20;
  in.elevation_deg = 30;
  in.p_percent = 0.01;
  in.r001_mm_h = 40;
  EXPECT_NO_THROW(it::p618_rain_attenuation(in));
  auto bad = in;
  bad.p_percent = 6;
  EXPECT_THROW(it::p618_rain_attenuation(bad), RangeError);
  bad = in;
  bad.f_ghz = 60;
  EXPECT_THROW(it::p618_rain_attenuation(bad), RangeError);
  bad = in;
  bad.lat_deg = 91;
  EXPECT_THROW(it::p618_rain_attenuation(bad), RangeError);
  bad = in;
  bad.elevation_deg = 0;
  EXPECT_THROW(it::p618_rain_attenuation(bad), RangeError);
  EXPECT_THROW(it::p618_scintillation(50, 20, 4.9, 1, 0.5, 1), RangeError);
  EXPECT_THROW(it::p618_scintillation(50, 20, 30, 1, 1.2, 1), RangeError);
  EXPECT_THROW(it::p618_xpd(5, 30, 45, 0.01, 10), RangeError);
  EXPECT_THROW(it::p618_xpd(20, 89.5, 45, 0.01, 10), RangeError);
  EXPECT_TRUE(it::p618_xpd(20, 65, 45, 0.01, 10).extrapolated);
  EXPECT_FALSE(it::p618_xpd(20, 45, 45, 0.01, 10).extrapolated);
  EXPECT_THROW(it::p835_pressure_hpa(101), RangeError);
  EXPECT_THROW(it::p676_slant_path_annex1(20, 30, 5, 2), RangeError);
}

TEST(IturModels, RainLimitingCases) {
  it::P618RainInput in;
  in.lat_deg = 50;
  in.station_height_km = 3.5;
  in.rain_height_km = 3.0;  // station above the rain height
  in.f_ghz = 20;
  in.elevation_deg = 30;
  in.p_percent = 0.01;
  in.r001_mm_h = 40;
  EXPECT_EQ(it::p618_rain_attenuation(in).ap_db, 0.0);
  in.station_height_km = 0.1;
  in.r001_mm_h = 0;
  EXPECT_EQ(it::p618_rain_attenuation(in).ap_db, 0.0);
  // Ap decreases with p and increases with frequency.
  in.r001_mm_h = 40;
  double prev = 1e9;
  for (double p : {0.001, 0.01, 0.1, 1.0, 5.0}) {
    in.p_percent = p;
    const double a = it::p618_rain_attenuation(in).ap_db;
    EXPECT_LT(a, prev);
    prev = a;
  }
  // Below 5 deg the curved-Earth slant length is shorter than the flat-Earth one.
  in.elevation_deg = 2;
  const auto low = it::p618_rain_attenuation(in);
  EXPECT_LT(low.ls_km, 2.9 / std::sin(2 * M_PI / 180));
  // P(A>0) is between P0 and 100 %.
  const auto pr = it::p618_rain_probability(5.0, 4.0, 30.0);
  EXPECT_GT(pr.p_pct, 5.0);
  EXPECT_LT(pr.p_pct, 100.0);
}

TEST(IturModels, P837NoRainAboveP0) {
  it::P837Climate c;
  c.mt_mm.fill(30.0);
  c.t_k.fill(290.0);
  const auto r = it::p837_annex1(c, 0.01);
  EXPECT_GT(r.rp_mm_h, 0);
  EXPECT_EQ(it::p837_annex1(c, r.p0_annual_pct * 1.01).rp_mm_h, 0.0);
  c.mt_mm.fill(0.0);
  EXPECT_EQ(it::p837_annex1(c, 0.01).rp_mm_h, 0.0);
}

TEST(IturModels, SlantPathZenithMatchesSumOfLayers) {
  // At zenith the ray trace is the plain vertical integral of gamma over the layers.
  std::vector<it::P676Layer> layers;
  const auto z = it::p676_slant_path_annex1(22.0, 90.0, 0.0, 100.0, 7.5, &layers);
  double s = 0;
  for (const auto& l : layers) s += l.thickness_km * (l.gamma_o + l.gamma_w);
  EXPECT_NEAR(z.attenuation_db, s, 1e-7 * s);  // acos() near -1 leaves ~1e-8 rad of numerical tilt
  EXPECT_NEAR(z.bending_rad, 0.0, 1e-6);
}

class IturAtmosphere : public ::testing::Test {
 protected:
  void SetUp() override {
    SATCAP_REQUIRE_REFERENCE(satcap::test::itu_maps_dir() / "837/v7_mt_month01.npz");
    static auto maps = satcap::radio::ClimateMaps::load(satcap::test::itu_maps_dir());
    maps_ = maps;
    atm_ = std::make_unique<Atmosphere>(maps_);
  }
  static SlantPathInput site(double lat, double lon, double f, double p) {
    SlantPathInput in;
    in.lat_deg = lat;
    in.lon_deg = lon;
    in.frequency_ghz = f;
    in.p_percent = p;
    in.antenna_diameter_m = 1.2;
    in.antenna_efficiency = 0.65;
    in.elevation_deg = 30;
    return in;
  }
  std::shared_ptr<const satcap::radio::ClimateMaps> maps_;
  std::unique_ptr<Atmosphere> atm_;
};

TEST_F(IturAtmosphere, ChainRangesAndConsistency) {
  auto in = site(51.5, -0.14, 20, 0.1);
  const auto c = atm_->slant_path(in);
  EXPECT_GT(c.rain_db, 0);
  EXPECT_GT(c.gas_db, 0);
  EXPECT_GT(c.cloud_db, 0);
  EXPECT_GT(c.scintillation_db, 0);
  EXPECT_NEAR(c.total_db, satcap::radio::combine_total_attenuation(c.gas_db, c.cloud_db, c.rain_db, c.scintillation_db), 1e-12);
  const auto pre = atm_->prepare(in);
  const auto e = atm_->evaluate(*pre, 30);
  EXPECT_EQ(e.total_db, c.total_db);
  auto bad = in;
  bad.elevation_deg = 4;
  EXPECT_THROW(atm_->slant_path(bad), RangeError);
  bad = in;
  bad.p_percent = 60;
  EXPECT_THROW(atm_->slant_path(bad), RangeError);
  bad = in;
  bad.frequency_ghz = 70;
  EXPECT_THROW(atm_->slant_path(bad), RangeError);
  bad = in;
  bad.lat_deg = -91;
  EXPECT_THROW(atm_->slant_path(bad), RangeError);
  // No rain term above 5 %; gas and cloud frozen at 5 % below 5 %.
  auto p10 = in;
  p10.p_percent = 10;
  EXPECT_EQ(atm_->slant_path(p10).rain_db, 0.0);
  auto p1 = in, p3 = in;
  p1.p_percent = 1;
  p3.p_percent = 3;
  EXPECT_EQ(atm_->slant_path(p1).gas_db, atm_->slant_path(p3).gas_db);
  EXPECT_EQ(atm_->slant_path(p1).cloud_db, atm_->slant_path(p3).cloud_db);
  // Explicit station height and R0.01 win.
  auto h = in;
  h.station_height_km = 1.5;
  EXPECT_LT(atm_->slant_path(h).rain_db, c.rain_db);
  auto r = in;
  r.r001_mm_h = 2.0 * atm_->slant_path(in).rain_db;  // any different value
  r.r001_mm_h = 80;
  EXPECT_GT(atm_->slant_path(r).rain_db, c.rain_db);
}

TEST_F(IturAtmosphere, BatchEqualsScalar) {
  std::vector<SlantPathInput> in;
  for (int i = 0; i < 40; ++i) {
    auto s = site(-40 + 2 * i, -170 + 8.5 * i, 12 + 0.5 * i, 0.01 * (1 + i % 7));
    s.elevation_deg = 5 + 2 * i;
    in.push_back(s);
  }
  std::vector<satcap::radio::AttenuationComponents> out(in.size());
  atm_->slant_path(in, out);
  for (std::size_t i = 0; i < in.size(); ++i) EXPECT_EQ(out[i].total_db, atm_->slant_path(in[i]).total_db) << i;
}

TEST_F(IturAtmosphere, SiteTableErrorAgainstDirect) {
  // Stated bound: |table - direct| <= 2e-3 dB over 5-90 deg with the default 0.5 deg step (tropical,
  // mid-latitude and polar sites, Ku to Ka, p from 0.001 to 20 %).
  double worst = 0;
  for (const auto& s : {site(3.13, 101.7, 30, 0.01), site(51.5, -0.14, 20, 0.1), site(-33.9, 18.4, 12, 1),
                        site(22.9, -43.2, 40, 0.001), site(69, 19, 14, 20), site(1.3, 103.8, 50, 0.5)}) {
    const satcap::radio::SiteAttenuationTable table(*atm_, s);
    const auto pre = atm_->prepare(s);
    double err = 0;
    for (double el = 5.0; el <= 90.0; el += 0.05) err = std::max(err, std::fabs(table.total_db(el) - atm_->evaluate(*pre, el).total_db));
    EXPECT_LE(err, 2e-3) << s.lat_deg << "," << s.lon_deg;
    EXPECT_LE(table.max_error_db(), 2e-3);
    worst = std::max(worst, err);
    EXPECT_TRUE(std::isnan(table.total_db(4.9)));
    EXPECT_TRUE(std::isnan(table.total_db(90.1)));
    std::vector<double> els = {5, 10, 45, 90}, out(4);
    table.total_db(els, out);
    for (std::size_t i = 0; i < els.size(); ++i) EXPECT_EQ(out[i], table.total_db(els[i]));
  }
  std::printf("[site table] worst |table - direct| over 5-90 deg: %.3e dB\n", worst);
}

TEST_F(IturAtmosphere, PolarAndDatelineSitesAreFinite) {
  // P.836-6 maps are NaN on most of the 88.875 deg row; P.840-9 mL/sL are NaN where pL <= 0.02 %.
  for (const auto& [lat, lon] : {std::pair{89.9, 10.0}, std::pair{-89.9, -170.0}, std::pair{88.5, 180.0}, std::pair{0.0, -180.0},
                                 std::pair{-45.0, 359.9}}) {
    auto s = site(lat, lon, 20, 0.01);
    const auto c = atm_->slant_path(s);
    EXPECT_TRUE(std::isfinite(c.total_db)) << lat << "," << lon;
    EXPECT_GT(c.total_db, 0.0);
    EXPECT_EQ(c.total().value(), c.total_db);
    EXPECT_TRUE(std::isfinite(it::p840_cloud_attenuation_lognormal(*maps_, lat, lon, 20, 30, 0.01)));
  }
}
