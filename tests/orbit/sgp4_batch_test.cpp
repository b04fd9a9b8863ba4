// The 4-lane near-Earth SGP4 kernel against the scalar reference code (which is verified against Vallado).
#include <satcap/orbit/elements.hpp>
#include <satcap/orbit/sgp4.hpp>
#include <satcap/orbit/walker.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <random>

#include "orbit/sgp4_batch.hpp"
#include "test_support.hpp"

namespace {

using namespace satcap::orbit;

TEST(Sgp4Batch, VectorMathMatchesLibm) {
  std::mt19937_64 rng(3);
  std::uniform_real_distribution<double> big(-2e4, 2e4), small(-4, 4);
  double es = 0, ea = 0;
  for (int n = 0; n < 20000; ++n) {
    double x[4], y[4], s[4], c[4], a[4];
    for (int k = 0; k < 4; ++k) {
      x[k] = (n % 2) ? big(rng) : small(rng);
      y[k] = small(rng);
    }
    if (n == 0) {
      x[0] = 0.0;
      x[1] = -0.0;
      y[2] = 0.0;
      x[3] = -1.0;
      y[3] = -0.0;
    }
    vector_math_x4(x, y, s, c, a);
    for (int k = 0; k < 4; ++k) {
      es = std::max({es, std::fabs(s[k] - std::sin(x[k])), std::fabs(c[k] - std::cos(x[k]))});
      double ref = std::atan2(y[k], x[k]);
      double d = std::fabs(a[k] - ref);
      d = std::min(d, std::fabs(d - 2 * std::numbers::pi));  // +-pi on the branch cut is the same angle
      ea = std::max(ea, d);
    }
  }
  std::printf("vector sin/cos max abs error %.2e, atan2 %.2e\n", es, ea);
  EXPECT_LT(es, 4e-16 * 2e4);
  EXPECT_LT(ea, 1e-15);
}

std::vector<MeanElements> near_earth_cases() {
  const auto path = satcap::test::reference_dir() / "sgp4" / "SGP4-VER.TLE";
  ReadOptions opt;
  opt.verify_checksum = false;
  opt.allow_trailing_text = true;
  std::vector<MeanElements> v;
  for (const auto& e : read_tle_file(path, opt))
    if (!Sgp4(e).deep_space()) v.push_back(e);
  return v;
}

TEST(Sgp4Batch, VectorKernelAgreesWithScalarOnValladoNearEarthCases) {
  SATCAP_REQUIRE_REFERENCE(satcap::test::reference_dir() / "sgp4" / "SGP4-VER.TLE");
  if (!Sgp4Batch::vector_kernel_available()) GTEST_SKIP() << "no AVX2/FMA on this CPU: the scalar path is used";
  const auto cases = near_earth_cases();
  ASSERT_GE(cases.size(), 8u);
  std::vector<Sgp4> sats;
  for (const auto& e : cases) sats.emplace_back(e);
  Sgp4Batch vec(sats), sca(sats);
  sca.set_use_vector(false);
  double max_r = 0, max_v = 0;
  long compared = 0;
  std::vector<char> dead(sats.size(), 0);  // after an error (decay) later states are meaningless
  for (double t = 0; t <= 2880; t += 7.5) {
    const std::size_t n = sats.size();
    for (std::size_t first = 0; first < n; first += Sgp4Batch::kLanes) {
      const std::size_t m = std::min(Sgp4Batch::kLanes, n - first);
      double ts[8], a[6][8], b[6][8];
      int ea[8], eb[8];
      for (std::size_t l = 0; l < m; ++l) ts[l] = t;
      vec.propagate(first, m, ts, a[0], a[1], a[2], a[3], a[4], a[5], ea);
      sca.propagate(first, m, ts, b[0], b[1], b[2], b[3], b[4], b[5], eb);
      for (std::size_t l = 0; l < m; ++l) {
        ASSERT_EQ(ea[l], eb[l]) << cases[first + l].norad_id << " t=" << t;
        if (eb[l] != 0) dead[first + l] = 1;
        if (dead[first + l]) continue;
        for (int d = 0; d < 3; ++d) {
          max_r = std::max(max_r, std::fabs(a[d][l] - b[d][l]));
          max_v = std::max(max_v, std::fabs(a[3 + d][l] - b[3 + d][l]));
        }
        ++compared;
      }
    }
  }
  std::printf("vector vs scalar SGP4: %ld states, max |dr| %.2e km, |dv| %.2e km/s\n", compared, max_r, max_v);
  EXPECT_LT(max_r, 1e-8);
  EXPECT_LT(max_v, 1e-11);
}

TEST(Sgp4Batch, VectorKernelAgreesWithScalarOnStarlink) {
  const auto path = satcap::test::reference_dir() / "tle" / "starlink.tle";
  SATCAP_REQUIRE_REFERENCE(path);
  if (!Sgp4Batch::vector_kernel_available()) GTEST_SKIP() << "no AVX2/FMA";
  std::vector<Sgp4> sats;
  for (const auto& e : read_tle_file(path)) sats.emplace_back(e);
  Sgp4Batch vec(sats), sca(sats);
  sca.set_use_vector(false);
  double max_r = 0;
  for (double t : {-720.0, 0.0, 333.3, 1440.0, 2880.0}) {
    for (std::size_t first = 0; first < sats.size(); first += 8) {
      const std::size_t m = std::min<std::size_t>(8, sats.size() - first);
      double ts[8], a[6][8], b[6][8];
      int ea[8], eb[8];
      for (std::size_t l = 0; l < m; ++l) ts[l] = t;
      vec.propagate(first, m, ts, a[0], a[1], a[2], a[3], a[4], a[5], ea);
      sca.propagate(first, m, ts, b[0], b[1], b[2], b[3], b[4], b[5], eb);
      for (std::size_t l = 0; l < m; ++l) {
        ASSERT_EQ(ea[l], eb[l]);
        if (eb[l] == 0)
          for (int d = 0; d < 3; ++d) max_r = std::max(max_r, std::fabs(a[d][l] - b[d][l]));
      }
    }
  }
  std::printf("Starlink vector vs scalar: max |dr| %.2e km\n", max_r);
  EXPECT_LT(max_r, 1e-8);
}

TEST(J2Batch, AgreesWithScalarJ2Propagator) {
  using namespace satcap;
  std::vector<J2Propagator> props;
  std::mt19937_64 rng(11);
  std::uniform_real_distribution<double> ang(0, 360), ecc(0, 0.3), alt(300, 2000), inc(0, 180);
  for (int n = 0; n < 103; ++n) {
    KeplerElements k;
    k.semi_major_axis = units::km(6378.137 + alt(rng));
    k.eccentricity = n % 3 == 0 ? 0.0 : ecc(rng);
    k.inclination = units::deg(inc(rng));
    k.raan = units::deg(ang(rng));
    k.arg_perigee = units::deg(ang(rng));
    k.mean_anomaly = units::deg(ang(rng));
    props.emplace_back(k);
  }
  const J2Batch batch(props);
  double max_r = 0, max_v = 0;
  for (double dt : {-86400.0, 0.0, 61.5, 3600.0, 86400.0, 7 * 86400.0}) {
    for (std::size_t first = 0; first < props.size(); first += 8) {
      const std::size_t m = std::min<std::size_t>(8, props.size() - first);
      double ts[8], o[6][8];
      for (std::size_t l = 0; l < m; ++l) ts[l] = dt;
      batch.propagate(first, m, ts, o[0], o[1], o[2], o[3], o[4], o[5]);
      for (std::size_t l = 0; l < m; ++l) {
        double r[3], v[3];
        props[first + l].propagate(dt, r, v);
        for (int d = 0; d < 3; ++d) {
          max_r = std::max(max_r, std::fabs(o[d][l] * 1e3 - r[d]));
          max_v = std::max(max_v, std::fabs(o[3 + d][l] * 1e3 - v[d]));
        }
      }
    }
  }
  std::printf("J2 batch vs scalar: max |dr| %.2e m, |dv| %.2e m/s\n", max_r, max_v);
  EXPECT_LT(max_r, 1e-5);
  EXPECT_LT(max_v, 1e-8);
}

}  // namespace
