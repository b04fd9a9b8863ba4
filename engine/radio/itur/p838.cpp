// Recommendation ITU-R P.838-3 (03/2005): specific attenuation model for rain.
#include <satcap/core/error.hpp>
#include <satcap/radio/itur/p838.hpp>

#include <cmath>

#include "itur_internal.hpp"

namespace satcap::radio::itur {
namespace {

struct Gauss {
  double a, b, c;
};
// Table 1 (kH), Table 2 (kV), Table 3 (alphaH), Table 4 (alphaV): a_j, b_j, c_j, then m, c.
constexpr Gauss kKh[] = {{-5.33980, -0.10008, 1.13098}, {-0.35351, 1.26970, 0.45400}, {-0.23789, 0.86036, 0.15354},
                         {-0.94158, 0.64552, 0.16817}};
constexpr double kKhM = -0.18961, kKhC = 0.71147;
constexpr Gauss kKv[] = {{-3.80595, 0.56934, 0.81061}, {-3.44965, -0.22911, 0.51059}, {-0.39902, 0.73042, 0.11899},
                         {0.50167, 1.07319, 0.27195}};
constexpr double kKvM = -0.16398, kKvC = 0.63297;
constexpr Gauss kAh[] = {{-0.14318, 1.82442, -0.55187}, {0.29591, 0.77564, 0.19822}, {0.32177, 0.63773, 0.13164},
                         {-5.37610, -0.96230, 1.47828}, {16.1721, -3.29980, 3.43990}};
constexpr double kAhM = 0.67849, kAhC = -1.95537;
constexpr Gauss kAv[] = {{-0.07771, 2.33840, -0.76284}, {0.56727, 0.95545, 0.54039}, {-0.20238, 1.14520, 0.26809},
                         {-48.2991, 0.791669, 0.116226}, {48.5833, 0.791459, 0.116479}};
constexpr double kAvM = -0.053739, kAvC = 0.83433;

template <std::size_t N>
double gsum(const Gauss (&g)[N], double x) {
  double s = 0;
  for (const auto& t : g) {
    const double u = (x - t.b) / t.c;
    s += t.a * std::exp(-u * u);
  }
  return s;
}

}  // namespace

P838Coefficients p838_coefficients(double f) {
  require_in_range("frequency", f, 1.0, 1000.0, "GHz", "ITU-R P.838-3");
  const double x = std::log10(f);
  return {std::pow(10.0, gsum(kKh, x) + kKhM * x + kKhC), std::pow(10.0, gsum(kKv, x) + kKvM * x + kKvC),
          gsum(kAh, x) + kAhM * x + kAhC, gsum(kAv, x) + kAvM * x + kAvC};  // eq. (2), (3)
}

P838KAlpha p838_k_alpha(const P838Coefficients& c, double el, double tau) {
  const double ce = std::cos(detail::deg2rad(el));
  const double m = ce * ce * std::cos(detail::deg2rad(2.0 * tau));
  const double k = 0.5 * (c.k_h + c.k_v + (c.k_h - c.k_v) * m);                                                    // eq. (4)
  const double a = (c.k_h * c.alpha_h + c.k_v * c.alpha_v + (c.k_h * c.alpha_h - c.k_v * c.alpha_v) * m) / (2.0 * k);  // eq. (5)
  return {k, a};
}

double p838_specific_attenuation(double f, double el, double tau, double r) {
  require_in_range("rain rate", r, 0.0, 1000.0, "mm/h", "ITU-R P.838-3");
  const auto ka = p838_k_alpha(p838_coefficients(f), el, tau);
  return ka.k * std::pow(r, ka.alpha);
}

}  // namespace satcap::radio::itur
