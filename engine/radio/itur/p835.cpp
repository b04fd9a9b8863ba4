// Recommendation ITU-R P.835-6 (12/2017), §1: mean annual global reference atmosphere.
#include <satcap/core/error.hpp>
#include <satcap/radio/itur/p835.hpp>

#include <cmath>

namespace satcap::radio::itur {
namespace {
constexpr const char* kModel = "ITU-R P.835-6 mean annual global reference atmosphere";
// Geopotential height (km') from geometric height (km), eq. (1a).
inline double geopotential(double h) { return 6356.766 * h / (6356.766 + h); }
}  // namespace

double p835_temperature_k(double h) {
  require_in_range("height", h, -0.5, 100.0, "km", kModel);
  const double hp = geopotential(h);
  if (hp <= 11.0) return 288.15 - 6.5 * hp;  // eq. (2a)-(2g), geopotential
  if (hp <= 20.0) return 216.65;
  if (hp <= 32.0) return 216.65 + (hp - 20.0);
  if (hp <= 47.0) return 228.65 + 2.8 * (hp - 32.0);
  if (hp <= 51.0) return 270.65;
  if (hp <= 71.0) return 270.65 - 2.8 * (hp - 51.0);
  if (hp <= 84.852) return 214.65 - 2.0 * (hp - 71.0);
  // 86-100 km geometric, eq. (4a)-(4b); the 84.852 km' - 86 km gap is held at 186.8673 K.
  if (h <= 91.0) return 186.8673;
  const double x = (h - 91.0) / 19.9429;
  return 263.1905 - 76.3232 * std::sqrt(1.0 - x * x);
}

double p835_pressure_hpa(double h) {
  require_in_range("height", h, -0.5, 100.0, "km", kModel);
  const double hp = geopotential(h);
  if (hp <= 11.0) return 1013.25 * std::pow(288.15 / (288.15 - 6.5 * hp), -34.1632 / 6.5);  // eq. (3a)-(3g)
  if (hp <= 20.0) return 226.3226 * std::exp(-34.1632 * (hp - 11.0) / 216.65);
  if (hp <= 32.0) return 54.74980 * std::pow(216.65 / (216.65 + (hp - 20.0)), 34.1632);
  if (hp <= 47.0) return 8.680422 * std::pow(228.65 / (228.65 + 2.8 * (hp - 32.0)), 34.1632 / 2.8);
  if (hp <= 51.0) return 1.109106 * std::exp(-34.1632 * (hp - 47.0) / 270.65);
  if (hp <= 71.0) return 0.6694167 * std::pow(270.65 / (270.65 - 2.8 * (hp - 51.0)), -34.1632 / 2.8);
  if (hp <= 84.852) return 0.03956649 * std::pow(214.65 / (214.65 - 2.0 * (hp - 71.0)), -34.1632 / 2.0);
  // 86-100 km geometric, eq. (5)
  const double a0 = 95.571899, a1 = -4.011801, a2 = 6.424731e-2, a3 = -4.789660e-4, a4 = 1.340543e-6;
  return std::exp(a0 + h * (a1 + h * (a2 + h * (a3 + h * a4))));
}

double p835_water_vapour_density(double h, double rho0, double h0) {
  require_in_range("height", h, -0.5, 100.0, "km", kModel);
  const double rho = rho0 * std::exp(-h / h0);  // eq. (6)
  // Above the height where the mixing ratio e/P falls to 2e-6 it is held constant (§1.2).
  const double t = p835_temperature_k(h), p = p835_pressure_hpa(h);
  const double e = rho * t / 216.7;
  if (e / p < 2e-6) return 2e-6 * p * 216.7 / t;
  return rho;
}

}  // namespace satcap::radio::itur
