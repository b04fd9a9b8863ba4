// ITU-R S.1428-1 pattern values by hand and the RR Article 22 Table 22-1A limits against the table.
#include <satcap/core/error.hpp>
#include <satcap/radio/epfd.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

using namespace satcap;

namespace {
// 11.45 GHz: lambda = 299792458 / 11.45e9 = 0.0261828 m.
constexpr double kF = 11.45;
double lg(double x) { return std::log10(x); }
}  // namespace

// S.1428-1 recommends 1, D/lambda > 100 branch. D = 3 m: D/lambda = 3 / 0.0261828 = 114.579;
// Gmax = 20 log10(114.579) + 7.7 = 48.882 dBi; G1 = -1 + 15 log10(114.579) = 29.887 dBi;
// phi_r = 15.85 x 114.579^-0.6 = 0.9216 deg; phi_m = 20 / 114.579 x sqrt(48.882 - 29.887) = 0.7608 deg.
TEST(S1428, ThreeMetreDishByHand) {
  const radio::S1428Pattern p(units::metres(3.0), units::ghz(kF));
  const double dl = 3.0 / (299792458.0 / 11.45e9);
  EXPECT_NEAR(p.d_over_lambda(), 114.579, 1e-3);
  EXPECT_NEAR(p.peak_gain().value(), 48.882, 1e-3);
  EXPECT_NEAR(p.g1_dbi(), 29.887, 1e-3);
  EXPECT_NEAR(p.phi_r_deg(), 0.9216, 1e-4);
  EXPECT_NEAR(p.phi_m_deg(), 0.7608, 1e-4);
  EXPECT_NEAR(p.gain_at_deg(0.0), 48.882, 1e-3);
  // Main lobe at 0.2 deg: Gmax - 2.5e-3 (114.579 x 0.2)^2 = 48.882 - 1.3128.
  EXPECT_NEAR(p.gain_at_deg(0.2), 48.882 - 2.5e-3 * std::pow(dl * 0.2, 2), 1e-3);
  EXPECT_NEAR(p.gain_at_deg(0.2), 47.569, 1e-3);
  EXPECT_NEAR(p.gain_at_deg(0.85), 29.887, 1e-3);           // plateau G1 between phi_m and phi_r
  EXPECT_NEAR(p.gain_at_deg(5.0), 29.0 - 25.0 * lg(5.0), 1e-12);   // 11.526 dBi
  EXPECT_NEAR(p.gain_at_deg(5.0), 11.526, 1e-3);
  EXPECT_NEAR(p.gain_at_deg(20.0), 34.0 - 30.0 * lg(20.0), 1e-12);  // -5.031 dBi
  EXPECT_NEAR(p.gain_at_deg(20.0), -5.031, 1e-3);
  EXPECT_DOUBLE_EQ(p.gain_at_deg(50.0), -12.0);
  EXPECT_DOUBLE_EQ(p.gain_at_deg(100.0), -7.0);
  EXPECT_DOUBLE_EQ(p.gain_at_deg(150.0), -12.0);
  // Full 3 dB beamwidth: 2 sqrt(3 / 2.5e-3) / 114.579 = 0.6047 deg.
  EXPECT_NEAR(p.beamwidth_3db_deg(), 0.6047, 1e-4);
}

// 25 < D/lambda <= 100: D = 1.2 m, D/lambda = 45.832; phi_r = 95 / 45.832 = 2.0728 deg,
// G1 = 29 - 25 log10(2.0728) = 21.086 dBi; Gmax = 40.923 dBi; phi_m = 20 / 45.832 sqrt(40.923 - 21.086) = 1.9436 deg.
TEST(S1428, OnePointTwoMetreDishByHand) {
  const radio::S1428Pattern p(units::metres(1.2), units::ghz(kF));
  EXPECT_NEAR(p.peak_gain().value(), 40.923, 1e-3);
  EXPECT_NEAR(p.g1_dbi(), 21.086, 1e-3);
  EXPECT_NEAR(p.phi_m_deg(), 1.9436, 1e-4);
  EXPECT_NEAR(p.gain_at_deg(2.0), 21.086, 1e-3);
  EXPECT_NEAR(p.gain_at_deg(10.0), 4.0, 1e-12);  // 29 - 25 log10(10)
  EXPECT_DOUBLE_EQ(p.gain_at_deg(40.0), -9.0);
  EXPECT_DOUBLE_EQ(p.gain_at_deg(100.0), -4.0);
  EXPECT_DOUBLE_EQ(p.gain_at_deg(150.0), -9.0);
}

// 20 <= D/lambda <= 25: D = 0.6 m, D/lambda = 22.916; -5 dBi from 80 to 180 deg.
TEST(S1428, SixtyCentimetreDishByHand) {
  const radio::S1428Pattern p(units::metres(0.6), units::ghz(kF));
  EXPECT_NEAR(p.peak_gain().value(), 34.903, 1e-3);
  EXPECT_NEAR(p.g1_dbi(), 13.560, 1e-3);
  EXPECT_NEAR(p.gain_at_deg(23.4513), 29.0 - 25.0 * lg(23.4513), 1e-12);  // -5.254 dBi
  EXPECT_DOUBLE_EQ(p.gain_at_deg(50.0), -9.0);
  EXPECT_DOUBLE_EQ(p.gain_at_deg(100.0), -5.0);
  EXPECT_DOUBLE_EQ(p.gain_at_deg(170.0), -5.0);
}

TEST(S1428, OutsideTheRecommendationIsRejected) {
  EXPECT_THROW(radio::S1428Pattern(units::metres(0.3), units::ghz(kF)), RangeError);   // D/lambda = 11.5 < 20
  EXPECT_THROW(radio::S1428Pattern(units::metres(1.0), units::ghz(4.0)), RangeError);  // below 10.7 GHz
}

// RR Article 22, Table 22-1A (Edition of 2020), epfd(down) in dB(W/m^2) in 40 kHz and the percentage
// of time during which it may not be exceeded, as printed in the table:
//   60 cm: -175.4/0, -174/90, -170.8/99, -165.3/99.73, -160.4/99.991, -160/99.997, -160/100
//   1.2 m: -181.9/0, -178.4/99.5, -173.4/99.74, -173/99.857, -164/99.954, -161.6/99.984, -161.4/99.991,
//          -160.8/99.997, -160.5/99.997, -160/99.9993, -160/100
//   3 m:   -190.45/0, -189.45/90, -187.45/99.5, -182.4/99.7, -182/99.855, -168/99.971, -164/99.988,
//          -162/99.995, -160/99.999, -160/100
//   10 m:  -195.45/0, -195.45/99, -190/99.65, -190/99.71, -172.5/99.99, -160/99.998, -160/100
TEST(Article22, Table22_1AAsPrinted) {
  struct Row {
    double d;
    std::vector<std::pair<double, double>> pts;
  };
  const std::vector<Row> source = {
      {0.6, {{-175.4, 0}, {-174, 90}, {-170.8, 99}, {-165.3, 99.73}, {-160.4, 99.991}, {-160, 99.997}, {-160, 100}}},
      {1.2, {{-181.9, 0}, {-178.4, 99.5}, {-173.4, 99.74}, {-173, 99.857}, {-164, 99.954}, {-161.6, 99.984}, {-161.4, 99.991},
             {-160.8, 99.997}, {-160.5, 99.997}, {-160, 99.9993}, {-160, 100}}},
      {3.0, {{-190.45, 0}, {-189.45, 90}, {-187.45, 99.5}, {-182.4, 99.7}, {-182, 99.855}, {-168, 99.971}, {-164, 99.988},
             {-162, 99.995}, {-160, 99.999}, {-160, 100}}},
      {10.0, {{-195.45, 0}, {-195.45, 99}, {-190, 99.65}, {-190, 99.71}, {-172.5, 99.99}, {-160, 99.998}, {-160, 100}}}};
  const auto& tables = radio::article22_down_limits();
  ASSERT_EQ(tables.size(), source.size());
  for (std::size_t i = 0; i < source.size(); ++i) {
    const auto& t = tables[i];
    EXPECT_DOUBLE_EQ(t.antenna_diameter_m, source[i].d);
    EXPECT_DOUBLE_EQ(t.reference_bandwidth_khz, 40.0);
    EXPECT_EQ(t.antenna_pattern, "ITU-R S.1428-1");
    ASSERT_EQ(t.points.size(), source[i].pts.size()) << t.antenna_diameter_m;
    for (std::size_t k = 0; k < t.points.size(); ++k) {
      EXPECT_DOUBLE_EQ(t.points[k].epfd_dbw_m2, source[i].pts[k].first) << t.antenna_diameter_m << " m, point " << k;
      EXPECT_DOUBLE_EQ(t.points[k].percent, source[i].pts[k].second) << t.antenna_diameter_m << " m, point " << k;
    }
  }
}

TEST(Article22, MaskCurveAndSelection) {
  const auto& l = radio::article22_down_limit(11.2, 0.6);
  EXPECT_DOUBLE_EQ(l.antenna_diameter_m, 0.6);
  EXPECT_NEAR(l.at_percent(45.0), -175.4 + 0.5 * 1.4, 1e-12);  // halfway between 0 % and 90 %
  EXPECT_DOUBLE_EQ(l.at_percent(99.0), -170.8);
  EXPECT_DOUBLE_EQ(l.at_percent(100.0), -160.0);
  // Two values listed at 99.997 % for 1.2 m: the larger applies there.
  EXPECT_DOUBLE_EQ(radio::article22_down_limit(11.2, 1.2).at_percent(99.997), -160.5);
  EXPECT_THROW(radio::article22_down_limit(17.9, 1.2), RangeError);  // Table 22-1C band: not typed
  EXPECT_THROW(radio::article22_down_limit(11.2, 2.0), RangeError);  // no 2 m reference antenna
}

// No. 22.5C for one satellite: EIRP 10 dBW in the reference bandwidth at 1000 km, on the boresight:
// 10 - 10 log10(4 pi 1e12) = 10 - 130.992 = -120.992 dB(W/m^2); 3 dB off the peak: -123.992.
TEST(Article22, EpfdSumOfOneAndTwoSatellites) {
  const double eirp[2] = {10.0, 10.0}, dist[2] = {1e6, 1e6}, rel[2] = {0.0, -3.0};
  EXPECT_NEAR(radio::epfd_sum_dbw_m2(eirp, dist, rel, 1), -120.992, 1e-3);
  EXPECT_NEAR(radio::epfd_sum_dbw_m2(eirp + 1, dist, rel + 1, 1), -123.992, 1e-3);
  // Both: 10 log10(10 / (4 pi 1e12) x (1 + 10^-0.3)) = -120.992 + 1.761 = -119.2278.
  EXPECT_NEAR(radio::epfd_sum_dbw_m2(eirp, dist, rel, 2), 10.0 * std::log10(10.0 / (4.0 * std::numbers::pi * 1e12) * (1.0 + std::pow(10.0, -0.3))), 1e-9);
  EXPECT_NEAR(radio::epfd_sum_dbw_m2(eirp, dist, rel, 2), -119.2278, 1e-4);
}
