// Antenna patterns at their defining points (peak, -3 dB width, side lobes, envelope breakpoints),
// against the recommendations' formulas evaluated by hand (arithmetic in the comments).
#include <satcap/core/error.hpp>
#include <satcap/radio/antenna.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <numbers>

#include "test_support.hpp"

using namespace satcap;
using namespace satcap::radio;
using units::deg;
using units::Decibel;
using units::DecibelIsotropic;

namespace {
double g(const AntennaPattern& p, double deg_) { return p.gain(deg(deg_)).value(); }
// Off-axis angle (deg) where u = (pi D / lambda) sin(theta) takes the value u.
double theta_for_u(double kd, double u) { return std::asin(u / kd) * 180.0 / std::numbers::pi; }
}  // namespace

TEST(Antenna, ApertureGain) {
  // lambda = c / 12 GHz = 0.024983 m; pi D / lambda = 125.75; 0.65 x 125.75^2 = 10278.6 -> 40.1193 dBi.
  EXPECT_NEAR(aperture_gain(units::metres(1.0), units::ghz(12.0), 0.65).value(), 40.11934188270517, 1e-9);
  EXPECT_NEAR(units::to_metres(aperture_diameter(DecibelIsotropic(40.11934188270517), units::ghz(12.0), 0.65)), 1.0, 1e-9);
  EXPECT_THROW(aperture_gain(units::metres(-1.0), units::ghz(12.0), 0.65), RangeError);
  EXPECT_THROW(aperture_gain(units::metres(1.0), units::ghz(12.0), 1.2), RangeError);
}

TEST(Antenna, GaussianBeam) {
  GaussianPattern p(DecibelIsotropic(35.0), deg(2.0), Decibel(-30.0));
  EXPECT_DOUBLE_EQ(g(p, 0.0), 35.0);
  EXPECT_NEAR(g(p, 1.0), 32.0, 1e-12);   // -12 (1/2)^2 = -3 dB at half the 3 dB width
  EXPECT_NEAR(g(p, 2.0), 23.0, 1e-12);   // -12 dB at the full width
  EXPECT_NEAR(g(p, 10.0), 5.0, 1e-12);   // -300 dB formula -> floored at 35 - 30
  EXPECT_NEAR(g(p, -1.0), 32.0, 1e-12);  // mirrored
  EXPECT_THROW(p.gain(deg(181.0)), RangeError);
}

TEST(Antenna, CircularApertureUniformIsAiry) {
  CircularAperturePattern p(units::metres(1.0), units::ghz(20.0), 0.6, Decibel(0.0));
  const double kd = p.pi_d_over_lambda();
  const double g0 = p.peak_gain().value();
  EXPECT_NEAR(p.taper_efficiency(), 1.0, 1e-12);
  EXPECT_NEAR(g(p, 0.0), g0, 1e-12);
  // Airy pattern 2 J1(u)/u: -3.0103 dB at u = 1.6163, first null at u = 3.8317 (floored), first side lobe
  // -17.5701 dB at u = 5.1356.
  EXPECT_NEAR(g(p, theta_for_u(kd, 1.6163)) - g0, -3.0103, 2e-3);
  EXPECT_LT(g(p, theta_for_u(kd, 3.831706)) - g0, -60.0);
  EXPECT_NEAR(g(p, theta_for_u(kd, 5.135622)) - g0, -17.5701, 2e-3);
}

TEST(Antenna, CircularApertureStrongTaperTendsToParabolic) {
  // C -> 0: E = 1 - r^2, pattern 8 J2(u)/u^2: null at u = 5.1356, first side lobe -24.64 dB at u = 6.3802;
  // taper efficiency (1/2)^2 / (1/3) = 0.75.
  CircularAperturePattern p(units::metres(1.0), units::ghz(20.0), 0.6, Decibel(300.0));
  const double kd = p.pi_d_over_lambda();
  const double g0 = p.peak_gain().value();
  EXPECT_NEAR(p.taper_efficiency(), 0.75, 1e-9);
  EXPECT_LT(g(p, theta_for_u(kd, 5.135622)) - g0, -60.0);
  EXPECT_NEAR(g(p, theta_for_u(kd, 6.380162)) - g0, -24.64, 0.01);
  // A 10 dB edge taper lies between the two (side lobe between -17.6 and -24.6 dB, lower efficiency).
  CircularAperturePattern q(units::metres(1.0), units::ghz(20.0), 0.6, Decibel(10.0));
  EXPECT_GT(q.taper_efficiency(), 0.75);
  EXPECT_LT(q.taper_efficiency(), 1.0);
}

TEST(Antenna, S465) {
  // D = 3.5 m at 28.5 GHz: D/lambda = 332.73 >= 50 -> phi_min = max(1, 100/332.73) = 1 deg.
  S465Pattern p(units::metres(3.5), units::ghz(28.5), 0.65);
  EXPECT_NEAR(units::to_deg(p.phi_min()), 1.0, 1e-12);
  EXPECT_NEAR(g(p, 1.0), 32.0, 1e-12);          // 32 - 25 log10(1)
  EXPECT_NEAR(g(p, 10.0), 7.0, 1e-12);          // 32 - 25
  EXPECT_NEAR(g(p, 47.999), 32.0 - 25.0 * std::log10(47.999), 1e-12);
  EXPECT_NEAR(g(p, 48.0), -10.0, 1e-12);
  EXPECT_NEAR(g(p, 180.0), -10.0, 1e-12);
  EXPECT_NEAR(g(p, 0.0), p.peak_gain().value(), 1e-12);  // main beam (RR Appendix 8) on axis
  EXPECT_GE(g(p, 0.9), 32.0);                             // not below G(phi_min)
  // D = 0.5 m at 4 GHz: D/lambda = 6.6713 < 50 -> phi_min = max(2, 114 x 6.6713^-1.09) = 14.4051 deg.
  S465Pattern s(units::metres(0.5), units::ghz(4.0), 0.6);
  EXPECT_NEAR(units::to_deg(s.phi_min()), 14.405114752275827, 1e-9);
  EXPECT_NEAR(g(s, 14.405114752275827), 3.037081943645653, 1e-9);
}

TEST(Antenna, S580) {
  S580Pattern p(units::metres(3.5), units::ghz(28.5), 0.65);  // D/lambda 332.7
  EXPECT_NEAR(g(p, 1.0), 29.0, 1e-12);
  EXPECT_NEAR(g(p, 20.0), -3.5257498915995313, 1e-12);  // 29 - 25 log10(20)
  EXPECT_NEAR(g(p, 25.0), -3.5, 1e-12);
  EXPECT_NEAR(g(p, 26.3), -3.5, 1e-12);
  EXPECT_NEAR(g(p, 30.0), -4.928031367991558, 1e-12);   // 32 - 25 log10(30)
  EXPECT_NEAR(g(p, 60.0), -10.0, 1e-12);
  EXPECT_THROW(S580Pattern(units::metres(0.5), units::ghz(4.0), 0.6), RangeError);  // D/lambda 6.7 < 50
}

TEST(Antenna, S672) {
  // Gm 40 dBi, psi0 = 1 deg, LS = -20 dB: a = 2.58, b = 6.32, psi1 = 10^((40 - 20 + 20)/25) = 39.81 deg.
  S672Pattern p(DecibelIsotropic(40.0), deg(1.0), Decibel(-20.0));
  EXPECT_NEAR(g(p, 0.0), 40.0, 1e-12);
  EXPECT_NEAR(g(p, 1.0), 37.0, 1e-12);                 // -3 dB at psi0
  EXPECT_NEAR(g(p, 2.5), 40.0 - 3.0 * 6.25, 1e-12);     // 21.25
  EXPECT_NEAR(g(p, 3.0), 20.0, 1e-12);                 // Gm + LS
  EXPECT_NEAR(g(p, 6.32), 20.0, 1e-12);
  EXPECT_NEAR(g(p, 10.0), 15.0, 1e-12);                // 40 - 20 + 20 - 25 log10(10)
  EXPECT_NEAR(units::to_deg(p.psi1()), std::pow(10.0, 1.6), 1e-9);
  EXPECT_NEAR(g(p, 50.0), 0.0, 1e-12);
  EXPECT_THROW(S672Pattern(DecibelIsotropic(40.0), deg(1.0), Decibel(-22.0)), RangeError);
}

TEST(Antenna, S1528Rec12) {
  // Gm 35 dBi, psi_b 1 deg, LN -20 dB, z = 1: alpha 1.5, a 2.58, b 6.32,
  // X = 35 - 20 + 25 log10(6.32), Y = 6.32 x 10^(0.04 x 15) = 25.1604 deg, LB = max(15 - 20 + 8.75, 0) = 3.75 dBi.
  S1528Rec12Pattern p(DecibelIsotropic(35.0), deg(1.0), Decibel(-20.0));
  EXPECT_NEAR(g(p, 0.0), 35.0, 1e-12);
  EXPECT_NEAR(g(p, 1.0), 32.0, 1e-12);
  EXPECT_NEAR(g(p, 2.0), 26.51471862576143, 1e-12);    // 35 - 3 x 2^1.5
  EXPECT_NEAR(g(p, 2.58), 22.567719115142225, 1e-12);  // 35 - 3 x 2.58^1.5
  EXPECT_NEAR(g(p, 3.0), 15.0, 1e-12);                 // Gm + LN + 20 log10(1)
  EXPECT_NEAR(g(p, 5.0), 15.0, 1e-12);
  EXPECT_NEAR(g(p, 10.0), 10.017926957059629, 1e-12);  // X - 25 log10(10)
  EXPECT_NEAR(units::to_deg(p.y()), 25.160373178981025, 1e-9);
  EXPECT_NEAR(g(p, 30.0), 0.0, 1e-12);
  EXPECT_NEAR(g(p, 100.0), 3.75, 1e-12);
  EXPECT_THROW(S1528Rec12Pattern(DecibelIsotropic(35.0), deg(1.0), Decibel(-18.0)), RangeError);
}

TEST(Antenna, S1528Rec13Leo) {
  // Gm 35 dBi, psi_b 1 deg: Y = 1.5 deg (Gm - 6.75), Z = 1.5 x 10^(0.04 (35 - 6.75 - 5)) = 12.7671 deg.
  S1528Rec13Pattern p(DecibelIsotropic(35.0), deg(1.0));
  EXPECT_NEAR(g(p, 0.0), 35.0, 1e-12);
  EXPECT_NEAR(g(p, 1.0), 32.0, 1e-12);
  EXPECT_NEAR(g(p, 1.5), 28.25, 1e-12);
  EXPECT_NEAR(units::to_deg(p.y()), 1.5, 1e-12);
  EXPECT_NEAR(units::to_deg(p.z()), 12.76707057303565, 1e-9);
  EXPECT_NEAR(g(p, 3.0), 20.72425010840047, 1e-12);    // 28.25 - 25 log10(2)
  EXPECT_NEAR(g(p, 12.767), 5.0, 1e-3);                // continuous at Z
  EXPECT_NEAR(g(p, 60.0), 5.0, 1e-12);
}

TEST(Antenna, S1528TaylorDefiningPoints) {
  const double slr = 20.0;
  const int nbar = 4;
  S1528TaylorPattern p(DecibelIsotropic(30.0), units::metres(0.5), units::ghz(12.0), Decibel(slr), nbar);
  EXPECT_NEAR(p.field(0.0), 1.0, 1e-12);
  EXPECT_NEAR(g(p, 0.0), 30.0, 1e-12);
  // Taylor nulls: u_n = pi sigma sqrt(A^2 + (n - 1/2)^2) for n < nbar; zeros of J1 (j_{1,n}) beyond.
  const double a = std::acosh(std::pow(10.0, slr / 20.0)) / std::numbers::pi;
  const double j14 = 13.323691936314223;  // 4th zero of J1
  const double sigma = (j14 / std::numbers::pi) / std::sqrt(a * a + (nbar - 0.5) * (nbar - 0.5));
  for (int n = 1; n < nbar; ++n) {
    const double un = std::numbers::pi * sigma * std::sqrt(a * a + (n - 0.5) * (n - 0.5));
    EXPECT_LT(std::abs(p.field(un)), 1e-9) << n;
  }
  EXPECT_LT(std::abs(p.field(j14)), 1e-9);
  EXPECT_LT(std::abs(p.field(16.470630050877634)), 1e-9);  // j_{1,5}
  // Removable singularities at the J1 zeros inside the controlled region stay finite and continuous.
  const double j11 = 3.8317059702075125;
  EXPECT_NEAR(p.field(j11), p.field(j11 + 1e-6), 1e-5);
  // The near side lobes sit close to -SLR (Taylor's design property; the first lobe is the highest).
  const double u1 = std::numbers::pi * sigma * std::sqrt(a * a + 0.25);
  const double u2 = std::numbers::pi * sigma * std::sqrt(a * a + 2.25);
  double peak = -1e9;
  for (int i = 0; i <= 2000; ++i) {
    const double u = u1 + (u2 - u1) * i / 2000.0;
    peak = std::max(peak, 20.0 * std::log10(std::abs(p.field(u))));
  }
  EXPECT_NEAR(peak, -slr, 1.0);
  // With more controlled lobes the first side lobe approaches the design ratio.
  S1528TaylorPattern p8(DecibelIsotropic(30.0), units::metres(0.5), units::ghz(12.0), Decibel(slr), 8);
  const double j18 = 25.903672087618382;  // j_{1,8}
  const double s8 = (j18 / std::numbers::pi) / std::sqrt(a * a + 7.5 * 7.5);
  const double v1 = std::numbers::pi * s8 * std::sqrt(a * a + 0.25), v2 = std::numbers::pi * s8 * std::sqrt(a * a + 2.25);
  double peak8 = -1e9;
  for (int i = 0; i <= 2000; ++i) {
    const double u = v1 + (v2 - v1) * i / 2000.0;
    peak8 = std::max(peak8, 20.0 * std::log10(std::abs(p8.field(u))));
  }
  EXPECT_LT(std::abs(p8.field(v1)), 1e-9);
  std::printf("Taylor SLR 20 dB: first side lobe %.3f dB (nbar 4), %.3f dB (nbar 8)\n", peak, peak8);
  EXPECT_NEAR(peak8, -slr, 0.5);
}

TEST(Antenna, PhasedArray) {
  PhasedArray arr(DecibelIsotropic(36.0), deg(3.0), 1.2, deg(60.0));
  EXPECT_NEAR(arr.gain(deg(0.0), deg(0.0)).value(), 36.0, 1e-12);
  // Scan loss 10 x 1.2 x log10(cos 60) = 12 log10(0.5) = -3.6124 dB.
  EXPECT_NEAR(arr.scan_loss(deg(60.0)).value(), -3.612359947967774, 1e-12);
  EXPECT_NEAR(arr.gain(deg(60.0), deg(0.0)).value(), 36.0 - 3.612359947967774, 1e-12);
  // Broadened beam: -3 dB at half of 3 deg / cos(60) = 3 deg off the steered beam.
  EXPECT_NEAR(arr.gain(deg(60.0), deg(3.0)).value(), 36.0 - 3.612359947967774 - 3.0, 1e-9);
  EXPECT_TRUE(arr.can_steer(deg(59.9)));
  EXPECT_FALSE(arr.can_steer(deg(60.1)));
  EXPECT_THROW(arr.gain(deg(61.0), deg(0.0)), RangeError);
  EXPECT_TRUE(std::isnan(arr.gain_dbi_at(61.0 * std::numbers::pi / 180.0, 0.0)));
  auto beam = arr.steered(deg(30.0));
  EXPECT_NEAR(beam->peak_gain().value(), 36.0 + 12.0 * std::log10(std::cos(std::numbers::pi / 6)), 1e-12);
  EXPECT_NEAR(beam->gain(deg(0.0)).value(), beam->peak_gain().value(), 1e-12);
}

TEST(Antenna, GainTableFromCsv) {
  auto p = GainTablePattern::from_csv_text("off_axis_deg,gain_dbi\n# comment\n0,30\n1,27\n5,10\n180,-10\n", "t.csv");
  EXPECT_EQ(p.size(), 4u);
  EXPECT_NEAR(p.peak_gain().value(), 30.0, 1e-12);
  EXPECT_NEAR(g(p, 0.5), 28.5, 1e-12);
  EXPECT_NEAR(g(p, 3.0), 18.5, 1e-12);
  EXPECT_NEAR(g(p, 180.0), -10.0, 1e-12);
  auto short_table = GainTablePattern::from_csv_text("off_axis_deg,gain_dbi\n0,30\n10,0\n", "s.csv");
  EXPECT_THROW(short_table.gain(deg(20.0)), RangeError);
  double out = 0.0, in = 0.5;  // 28.6 deg in radians: beyond the table -> NaN in batch mode
  short_table.gain_dbi(&in, &out, 1);
  EXPECT_TRUE(std::isnan(out));
}

TEST(Antenna, GainTableBadRowsNameFileAndLine) {
  auto expect_error = [](const std::string& text, std::size_t line, const std::string& field) {
    try {
      GainTablePattern::from_csv_text(text, "pat.csv");
      FAIL() << text;
    } catch (const InputError& e) {
      EXPECT_EQ(e.file(), "pat.csv");
      EXPECT_EQ(e.line(), line) << e.what();
      EXPECT_EQ(e.field(), field) << e.what();
    }
  };
  expect_error("off_axis_deg,gain_dbi\n0,30\n1,abc\n", 3, "gain_dbi");
  expect_error("off_axis_deg,gain_dbi\n0,30\n2,20\n1,10\n", 4, "off_axis_deg");
  expect_error("off_axis_deg,gain_dbi\n1,30\n2,20\n", 2, "off_axis_deg");
  expect_error("off_axis_deg,gain_dbi\n0,30\n200,20\n", 3, "off_axis_deg");
  EXPECT_THROW(GainTablePattern::from_csv_text("angle,gain\n0,1\n", "x.csv"), InputError);
  EXPECT_THROW(GainTablePattern::from_csv(satcap::test::scratch_dir("gaintable") / "missing.csv"), InputError);
}

TEST(Antenna, BatchMatchesScalar) {
  S1528Rec13Pattern p(DecibelIsotropic(35.0), deg(1.0));
  std::vector<double> a, out(100);
  for (int i = 0; i < 100; ++i) a.push_back(i * 0.01);
  p.gain_dbi(a.data(), out.data(), a.size());
  for (int i = 0; i < 100; ++i) EXPECT_EQ(out[static_cast<std::size_t>(i)], p.gain_dbi_at(a[static_cast<std::size_t>(i)]));
}
