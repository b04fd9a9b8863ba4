// Recommendation ITU-R P.618-14 (08/2023): rain attenuation, probability of rain, scintillation, XPD.
#include <satcap/core/error.hpp>
#include <satcap/radio/itur/p618.hpp>
#include <satcap/radio/itur/p838.hpp>

#include <boost/math/quadrature/gauss_kronrod.hpp>
#include <boost/math/special_functions/erf.hpp>
#include <cmath>
#include <string>

#include "itur_internal.hpp"

namespace satcap::radio::itur {
namespace {
constexpr const char* kModel = "ITU-R P.618-14";
constexpr double kRe = 8500.0;  // effective Earth radius (km), §2.2.1.1 step 2
}  // namespace

P618RainResult p618_rain_attenuation_k(const P618RainInput& in, double k, double alpha) {
  P618RainResult o;
  const double dh = in.rain_height_km - in.station_height_km;
  if (!(dh > 0) || !(in.r001_mm_h > 0)) return o;  // steps 2 and 4: Ap = 0
  const double th = detail::deg2rad(in.elevation_deg);
  const double s = std::sin(th), c = std::cos(th);
  o.ls_km = in.elevation_deg >= 5.0 ? dh / s : 2.0 * dh / (std::sqrt(s * s + 2.0 * dh / kRe) + s);  // eq. (1)-(2)
  o.lg_km = o.ls_km * c;                                                                              // eq. (3)
  o.gamma_r_db_km = k * std::pow(in.r001_mm_h, alpha);                                                // step 5
  const double f = in.f_ghz;
  o.r001 = 1.0 / (1.0 + 0.78 * std::sqrt(o.lg_km * o.gamma_r_db_km / f) - 0.38 * (1.0 - std::exp(-2.0 * o.lg_km)));  // eq. (4)
  const double zeta = detail::rad2deg(std::atan2(dh, o.lg_km * o.r001));                                           // step 7
  const double lr = zeta > in.elevation_deg ? o.lg_km * o.r001 / c : dh / s;
  const double alat = std::fabs(in.lat_deg);
  const double chi = alat < 36.0 ? 36.0 - alat : 0.0;
  o.nu001 = 1.0 / (1.0 + std::sqrt(s) * (31.0 * (1.0 - std::exp(-(in.elevation_deg / (1.0 + chi)))) *
                                              std::sqrt(lr * o.gamma_r_db_km) / (f * f) -
                                          0.45));  // eq. (5)
  o.le_km = lr * o.nu001;                          // step 8
  o.a001_db = o.gamma_r_db_km * o.le_km;           // step 9
  const double p = in.p_percent;                   // step 10
  if (p >= 1.0 || alat >= 36.0)
    o.beta = 0.0;
  else if (in.elevation_deg >= 25.0)
    o.beta = -0.005 * (alat - 36.0);
  else
    o.beta = -0.005 * (alat - 36.0) + 1.8 - 4.25 * s;
  o.ap_db = o.a001_db * std::pow(p / 0.01, -(0.655 + 0.033 * std::log(p) - 0.045 * std::log(o.a001_db) - o.beta * (1.0 - p) * s));
  return o;
}

P618RainResult p618_rain_attenuation(const P618RainInput& in) {
  require_in_range("latitude", in.lat_deg, -90, 90, "deg", kModel);
  require_in_range("frequency", in.f_ghz, 1.0, 55.0, "GHz", kModel);
  require_in_range("p", in.p_percent, 0.001, 5.0, "%", kModel);
  if (!(in.elevation_deg > 0 && in.elevation_deg <= 90)) throw RangeError("elevation", in.elevation_deg, "(0, 90] deg", kModel);
  require_in_range("R0.01", in.r001_mm_h, 0.0, 1000.0, "mm/h", kModel);
  const auto ka = p838_k_alpha(p838_coefficients(in.f_ghz), in.elevation_deg, in.tilt_deg);
  return p618_rain_attenuation_k(in, ka.k, ka.alpha);
}

double p618_rain_exceedance_percent(const P618RainInput& in, double a_db) {
  require_in_range("frequency", in.f_ghz, 1.0, 55.0, "GHz", kModel);
  if (!(in.elevation_deg > 0 && in.elevation_deg <= 90)) throw RangeError("elevation", in.elevation_deg, "(0, 90] deg", kModel);
  const auto ka = p838_k_alpha(p838_coefficients(in.f_ghz), in.elevation_deg, in.tilt_deg);
  auto at = [&](double p) {
    P618RainInput q = in;
    q.p_percent = p;
    return p618_rain_attenuation_k(q, ka.k, ka.alpha).ap_db;
  };
  const double a_lo = at(5.0), a_hi = at(0.001);
  if (!(a_db >= a_lo && a_db <= a_hi))
    throw RangeError("attenuation", a_db, "[Ap(5 %), Ap(0.001 %)] = [" + std::to_string(a_lo) + ", " + std::to_string(a_hi) + "] dB",
                     "ITU-R P.618-14 §2.2.1.1 (inverse)");
  double lo = std::log(0.001), hi = std::log(5.0);  // Ap decreases with p
  for (int it = 0; it < 100 && hi - lo > 1e-13; ++it) {
    const double mid = 0.5 * (lo + hi);
    (at(std::exp(mid)) > a_db ? lo : hi) = mid;
  }
  return std::exp(0.5 * (lo + hi));
}

P618NonGsoResult p618_nongso_availability(const P618RainInput& rain, double altitude_km, double zenith_margin_db, double min_el,
                                          std::vector<P618NonGsoBin>& bins) {
  require_in_range("altitude", altitude_km, 100.0, 50000.0, "km", "ITU-R P.618-14 §8");
  require_in_range("minimum elevation", min_el, 0.0, 90.0, "deg", "ITU-R P.618-14 §8");
  constexpr double kRe = 6378.137;
  double total = 0;
  for (const auto& b : bins)
    if (b.el_lo_deg >= min_el) total += b.probability_pct;
  P618NonGsoResult out;
  if (!(total > 0)) throw RangeError("elevation statistics", total, "some time above the minimum elevation", "ITU-R P.618-14 §8");
  for (auto& b : bins) {
    b.probability_normalised_pct = b.el_mid_deg = b.slant_range_km = b.margin_db = b.p_exceed_pct = b.product_pct = 0;
    if (b.el_lo_deg < min_el) continue;
    b.probability_normalised_pct = 100.0 * b.probability_pct / total;
    b.el_mid_deg = 0.5 * (b.el_lo_deg + b.el_hi_deg);
    const double se = std::sin(detail::deg2rad(b.el_mid_deg)), ce = std::cos(detail::deg2rad(b.el_mid_deg));
    const double rs = kRe + altitude_km;
    b.slant_range_km = std::sqrt(rs * rs - kRe * kRe * ce * ce) - kRe * se;
    b.margin_db = zenith_margin_db - 20.0 * std::log10(b.slant_range_km / altitude_km);
    P618RainInput q = rain;
    q.elevation_deg = b.el_mid_deg;
    b.p_exceed_pct = p618_rain_exceedance_percent(q, b.margin_db);
    b.product_pct = b.probability_pct * b.p_exceed_pct / 100.0;  // the workbook weights by the raw bin time
    out.exceedance_pct += b.product_pct;
  }
  out.availability_pct = 100.0 - out.exceedance_pct;
  return out;
}

P618RainProbability p618_rain_probability(double p0_pct, double ls_km, double el) {
  require_in_range("P0", p0_pct, 0.0, 70.0, "%", kModel);
  P618RainProbability o;
  const double p0 = p0_pct / 100.0;
  if (p0 <= 0) return o;
  o.alpha = std::sqrt(2.0) * boost::math::erfc_inv(2.0 * p0);  // alpha = Q^-1(P0)
  const double d = ls_km * std::cos(detail::deg2rad(el));
  o.rho = 0.59 * std::exp(-std::fabs(d) / 31.0) + 0.41 * std::exp(-std::fabs(d) / 800.0);  // eq. (8)
  // C_B = P(X > alpha, Y > alpha) for a standard bivariate normal with correlation rho:
  // Q(alpha)^2 + (1/2pi) int_0^{asin rho} exp(-alpha^2/(1 + sin t)) dt (smooth integrand).
  const double a2 = o.alpha * o.alpha;
  const double integral = boost::math::quadrature::gauss_kronrod<double, 31>::integrate(
      [a2](double t) { return std::exp(-a2 / (1.0 + std::sin(t))); }, 0.0, std::asin(o.rho), 10, 1e-14);
  o.cb = p0 * p0 + integral / (2.0 * detail::kPi);
  o.p_pct = 100.0 * (1.0 - (1.0 - p0) * std::pow((o.cb - p0 * p0) / (p0 * (1.0 - p0)), p0));  // eq. (9)
  return o;
}

P618Scintillation p618_scintillation(double nwet, double f, double el, double d, double eta, double p) {
  require_in_range("frequency", f, 4.0, 55.0, "GHz", kModel);
  return detail::p618_scintillation_any_frequency(nwet, f, el, d, eta, p);
}

// The §2.4.1 equations without the frequency check: used above 55 GHz only when a caller asked for an
// explicit extrapolation (SlantPathInput::extrapolate_above_55ghz).
P618Scintillation detail::p618_scintillation_any_frequency(double nwet, double f, double el, double d, double eta, double p) {
  require_in_range("elevation", el, 5.0, 90.0, "deg", "ITU-R P.618-14 §2.4.1");
  require_in_range("p", p, 0.001, 50.0, "%", kModel);
  require_in_range("antenna diameter", d, 1e-3, 100.0, "m", kModel);
  require_in_range("antenna efficiency", eta, 1e-3, 1.0, "", kModel);
  P618Scintillation o;
  o.sigma_ref = 3.6e-3 + 1e-4 * nwet;  // eq. (42)
  const double s = std::sin(detail::deg2rad(el));
  o.l_m = 2.0 * 1000.0 / (std::sqrt(s * s + 2.35e-4) + s);  // eq. (43), hL = 1000 m
  const double deff2 = eta * d * d;                         // eq. (44) squared
  o.x = 1.22 * deff2 * f / o.l_m;                           // eq. (45a)
  const double arg = 3.86 * std::pow(o.x * o.x + 1.0, 11.0 / 12.0) * std::sin(11.0 / 6.0 * std::atan(1.0 / o.x)) -
                     7.08 * std::pow(o.x, 5.0 / 6.0);
  if (!(arg > 0)) return o;  // x >= 7.0: no scintillation fading (step 6)
  o.g = std::sqrt(arg);                                              // eq. (45)
  o.sigma = o.sigma_ref * std::pow(f, 7.0 / 12.0) * o.g / std::pow(s, 1.2);  // eq. (46)
  const double lp = std::log10(p);
  o.a_p = -0.061 * lp * lp * lp + 0.072 * lp * lp - 1.71 * lp + 3.0;  // eq. (47)
  o.as_db = o.a_p * o.sigma;                                         // eq. (48)
  return o;
}

P618DeepFade p618_scintillation_deep_fade(double lat, double pl, double f, double theta_deg, double p, double c0) {
  require_in_range("latitude", lat, -90, 90, "deg", kModel);
  require_in_range("frequency", f, 4.0, 55.0, "GHz", kModel);
  require_in_range("apparent elevation", theta_deg, 0.0, 5.0, "deg", "ITU-R P.618-14 §2.4.2");
  require_in_range("p", p, 0.001, 50.0, "%", kModel);
  P618DeepFade o;
  o.c0 = c0;
  const double alat = std::fabs(lat);
  const double clat = alat <= 53.0 ? 0.0 : (alat < 60.0 ? -53.0 + alat : 7.0);
  o.kw = std::pow(pl, 1.5) * std::pow(10.0, 0.1 * (o.c0 + clat));
  const double c2 = std::pow(std::fabs(std::cos(detail::deg2rad(2.0 * lat))), 0.7);
  o.nu = -1.8 - 5.6 * std::log10(alat <= 45.0 ? 1.1 + c2 : 1.1 - c2);
  const double theta_mrad = detail::deg2rad(theta_deg) * 1000.0;
  o.as_db = 10.0 * std::log10(o.kw) - o.nu + 9.0 * std::log10(f) - 59.5 * std::log10(1.0 + theta_mrad) - 10.0 * std::log10(p);
  return o;
}

P618Xpd p618_xpd(double f, double el, double tau, double p, double ap) {
  require_in_range("frequency", f, 6.0, 55.0, "GHz", "ITU-R P.618-14 §4.1");
  require_in_range("elevation", el, 0.0, 89.0, "deg", "ITU-R P.618-14 §4.1");
  require_in_range("p", p, 0.001, 1.0, "%", "ITU-R P.618-14 §4.1");
  P618Xpd o;
  o.extrapolated = el > 60.0;  // the method is stated for el <= 60 deg; the workbook extrapolates
  const double lf = std::log10(f);
  o.cf = f < 9.0 ? 60.0 * lf - 28.3 : (f < 36.0 ? 26.0 * lf + 4.1 : 35.9 * lf - 11.3);  // step 1
  o.vf = f < 9.0 ? 30.8 * std::pow(f, -0.21) : (f < 20.0 ? 12.8 * std::pow(f, 0.19) : (f < 40.0 ? 22.6 : 13.0 * std::pow(f, 0.15)));
  o.ca = o.vf * std::log10(ap);                                                                 // step 2
  o.ctau = -10.0 * std::log10(1.0 - 0.484 * (1.0 + std::cos(detail::deg2rad(4.0 * tau))));     // step 3
  o.ctheta = -40.0 * std::log10(std::cos(detail::deg2rad(el)));                                // step 4
  const double sigma = -5.0 * std::log10(p);  // 0, 5, 10, 15 deg for p = 1, 0.1, 0.01, 0.001 %
  o.csigma = 0.0053 * sigma * sigma;          // step 5 (P.618-14: 0.0053 sigma^2)
  o.xpd_rain = o.cf - o.ca + o.ctau + o.ctheta + o.csigma;  // step 6
  o.cice = o.xpd_rain * (0.3 + 0.1 * std::log10(p)) / 2.0;  // step 7
  o.xpd = o.xpd_rain - o.cice;                              // step 8
  return o;
}

}  // namespace satcap::radio::itur
