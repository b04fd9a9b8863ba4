// Recommendation ITU-R P.840-9 (08/2023): attenuation due to clouds.
#include <satcap/core/error.hpp>
#include <satcap/radio/itur/p840.hpp>

#include <boost/math/special_functions/erf.hpp>
#include <cmath>

#include "itur_internal.hpp"

namespace satcap::radio::itur {
namespace {
constexpr const char* kModel = "ITU-R P.840-9";
void check(double lat, double f, double el, double p) {
  require_in_range("latitude", lat, -90, 90, "deg", kModel);
  require_in_range("frequency", f, 1.0, 200.0, "GHz", kModel);
  require_in_range("elevation", el, 5.0, 90.0, "deg", kModel);
  require_in_range("p", p, 0.01, 100.0, "%", kModel);
}
}  // namespace

P840Coefficient p840_coefficient(double f) {
  require_in_range("frequency", f, 1.0, 1000.0, "GHz", kModel);
  const double t = 273.75;                  // water temperature of the Earth-space K_L (eq. (12))
  const double th = 300.0 / t - 1.0;
  const double e0 = 77.66 + 103.3 * th;     // eq. (6)
  const double e1 = 0.0671 * e0;            // eq. (7)
  const double e2 = 3.52;                   // eq. (8)
  const double fp = 20.20 - 146.0 * th + 316.0 * th * th;  // eq. (9)
  const double fs = 39.8 * fp;                             // eq. (10)
  const double xp = f / fp, xs = f / fs;
  const double eps2 = f * (e0 - e1) / (fp * (1 + xp * xp)) + f * (e1 - e2) / (fs * (1 + xs * xs));  // eq. (4)
  const double eps1 = (e0 - e1) / (1 + xp * xp) + (e1 - e2) / (1 + xs * xs) + e2;                  // eq. (5)
  const double eta = (2 + eps1) / eps2;                                                              // eq. (3)
  const double kl = 0.819 * f / (eps2 * (1 + eta * eta));                                           // eq. (2)
  // eq. (12): A1, A2, A3, f1, f2, sigma1, sigma2
  const double a1 = 0.1522, a2 = 11.51, a3 = -10.4912, f1 = -23.9589, f2 = 219.2096, s1 = 3.2991e3, s2 = 2.7595e6;
  const double k_l = kl * (a1 * std::exp(-(f - f1) * (f - f1) / s1) + a2 * std::exp(-(f - f2) * (f - f2) / s2) + a3);
  return {eps1, eps2, eta, kl, k_l};
}

double p840_liquid_water_content(const ClimateMaps& maps, double lat, double lon, double p) {
  require_in_range("latitude", lat, -90, 90, "deg", kModel);
  require_in_range("p", p, 0.01, 100.0, "%", kModel);
  return detail::interp_levels(kP840Levels, p, [&](std::size_t i) {
    return maps.grid(static_cast<MapKey>(static_cast<int>(MapKey::kP840L0) + static_cast<int>(i))).bilinear(lat, lon);
  });
}

double p840_liquid_water_content_lognormal(const ClimateMaps& maps, double lat, double lon, double p) {
  require_in_range("latitude", lat, -90, 90, "deg", kModel);
  require_in_range("p", p, 0.01, 100.0, "%", kModel);
  const double pl = maps.grid(MapKey::kP840Pl).bilinear(lat, lon);
  if (!(p < pl)) return 0.0;
  const double ml = maps.grid(MapKey::kP840Ml).bilinear(lat, lon);
  const double sl = maps.grid(MapKey::kP840Sl).bilinear(lat, lon);
  if (std::isnan(ml) || std::isnan(sl)) return 0.0;  // NaN cells: pL <= 0.02 %, no liquid cloud
  const double qinv = std::sqrt(2.0) * boost::math::erfc_inv(2.0 * p / pl);
  return std::exp(ml + sl * qinv);
}

double p840_cloud_attenuation(const ClimateMaps& maps, double lat, double lon, double f, double el, double p) {
  check(lat, f, el, p);
  return p840_coefficient(f).k_l * p840_liquid_water_content(maps, lat, lon, p) / std::sin(detail::deg2rad(el));  // eq. (13)
}

double p840_cloud_attenuation_lognormal(const ClimateMaps& maps, double lat, double lon, double f, double el, double p) {
  check(lat, f, el, p);
  return p840_coefficient(f).k_l * p840_liquid_water_content_lognormal(maps, lat, lon, p) / std::sin(detail::deg2rad(el));
}

}  // namespace satcap::radio::itur
