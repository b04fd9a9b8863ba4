// Recommendation ITU-R P.837-7 (06/2017) Annex 1: rainfall rate from monthly maps.
#include <satcap/core/error.hpp>
#include <satcap/radio/itur/p1510.hpp>
#include <satcap/radio/itur/p837.hpp>

#include <algorithm>
#include <cmath>

namespace satcap::radio::itur {
namespace {
// Number of days per month, N_ii (Table 1).
constexpr double kDays[12] = {31, 28.25, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
inline double q_function(double x) { return 0.5 * std::erfc(x / std::sqrt(2.0)); }
}  // namespace

P837Climate p837_climate(const ClimateMaps& maps, double lat, double lon) {
  require_in_range("latitude", lat, -90, 90, "deg", "ITU-R P.837-7");
  P837Climate c;
  // The 12 monthly maps are interleaved so that one lookup reads all months (same results as 12
  // separate bilinear interpolations).
  maps.stacked(MapKey::kP837Mt01, 12).bilinear(lat, lon, c.mt_mm.data());
  maps.stacked(MapKey::kP1510Month01, 12).bilinear(lat, lon, c.t_k.data());
  return c;
}

P837Result p837_annex1(const P837Climate& c, double p) {
  require_in_range("p", p, 0.001, 100.0, "%", "ITU-R P.837-7 Annex 1");
  P837Result out;
  double sum = 0;
  for (std::size_t i = 0; i < 12; ++i) {
    const double t = c.t_k[i] - 273.15;                           // step 2
    double r = t >= 0 ? 0.5874 * std::exp(0.0883 * t) : 0.5874;  // eq. (1)
    double p0 = 100.0 * c.mt_mm[i] / (24.0 * kDays[i] * r);      // eq. (2)
    if (p0 > 70.0) {                                              // step 4
      p0 = 70.0;
      r = 100.0 / 70.0 * c.mt_mm[i] / (24.0 * kDays[i]);
    }
    out.r_mm_h[i] = r;
    out.p0_pct[i] = p0;
    sum += kDays[i] * p0;
  }
  out.p0_annual_pct = sum / 365.25;  // eq. (3)
  if (p >= out.p0_annual_pct) {
    out.rp_mm_h = 0;  // step 6: Rp = 0 for p >= P0
    return out;
  }
  // Step 6: P(R > R) = sum N_ii P0_ii Q((ln R + 0.7938 - ln r_ii)/1.26) / 365.25 = p, solved in ln R.
  // P(ln R) and its derivative; solved by Newton's method safeguarded by bisection on a bracket.
  double ln_r[12];
  for (std::size_t i = 0; i < 12; ++i) ln_r[i] = std::log(out.r_mm_h[i]);
  const double inv_sqrt2pi = 0.3989422804014327;
  const auto prob = [&](double x, double& dp) {
    double s = 0, d = 0;
    for (std::size_t i = 0; i < 12; ++i) {
      if (!(out.p0_pct[i] > 0)) continue;
      const double z = (x + 0.7938 - ln_r[i]) / 1.26;
      const double w = kDays[i] * out.p0_pct[i];
      s += w * q_function(z);
      d -= w * inv_sqrt2pi * std::exp(-0.5 * z * z) / 1.26;
    }
    dp = d / 365.25;
    return s / 365.25;
  };
  double lo = std::log(1e-10), hi = std::log(1e4);  // P(lo) ~ P0 > p > P(hi)
  double x = std::log(10.0);
  const double lnp = std::log(p);
  for (int it = 0; it < 200; ++it) {
    double dp = 0;
    const double pr = prob(x, dp);
    (pr > p ? lo : hi) = x;
    // Newton on ln P(x) - ln p (nearly quadratic in x), safeguarded by the bracket.
    double next = (dp < 0 && pr > 0) ? x - (std::log(pr) - lnp) * pr / dp : 0.5 * (lo + hi);
    if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
    const double step = std::fabs(next - x);
    x = next;
    if (step < 1e-13 * std::max(1.0, std::fabs(x)) || hi - lo < 1e-14) break;
  }
  out.rp_mm_h = std::exp(x);
  return out;
}

double p837_rain_rate(const ClimateMaps& maps, double lat, double lon, double p) {
  return p837_annex1(p837_climate(maps, lat, lon), p).rp_mm_h;
}

double p837_rain_probability(const ClimateMaps& maps, double lat, double lon) {
  return p837_annex1(p837_climate(maps, lat, lon), 50.0).p0_annual_pct;
}

}  // namespace satcap::radio::itur
