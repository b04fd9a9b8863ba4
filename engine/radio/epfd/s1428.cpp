// ITU-R S.1428-1 (02/2001) reference FSS earth-station pattern for interference from non-GSO satellites
// (10.7-30 GHz), recommends 1. See include/satcap/radio/epfd.hpp and docs/models/epfd.md.
#include <satcap/core/error.hpp>
#include <satcap/core/units.hpp>
#include <satcap/radio/epfd.hpp>

#include <cmath>
#include <cstdio>
#include <limits>
#include <numbers>

namespace satcap::radio {

namespace {
constexpr double kDeg = std::numbers::pi / 180.0;
double gmax_dbi(double d_over_lambda) { return 20.0 * std::log10(d_over_lambda) + 7.7; }
double d_over_lambda_of(units::Length d, units::Frequency f) {
  return units::to_metres(d) * units::to_hz(f) / units::kSpeedOfLight;
}
}  // namespace

S1428Pattern::S1428Pattern(units::Length diameter, units::Frequency f)
    : PatternImpl(gmax_dbi(d_over_lambda_of(diameter, f))),
      d_m_(units::to_metres(diameter)),
      f_ghz_(units::to_ghz(f)),
      d_over_lambda_(d_over_lambda_of(diameter, f)) {
  require_in_range("frequency", f_ghz_, 10.7, 30.0, "GHz", "ITU-R S.1428-1");
  if (!(d_m_ > 0.0)) throw RangeError("antenna diameter", d_m_, "> 0 m", "ITU-R S.1428-1");
  if (!(d_over_lambda_ >= 20.0)) throw RangeError("D/lambda", d_over_lambda_, ">= 20", "ITU-R S.1428-1");
  if (d_over_lambda_ > 100.0) {
    g1_ = -1.0 + 15.0 * std::log10(d_over_lambda_);
    phi_r_ = 15.85 * std::pow(d_over_lambda_, -0.6);
  } else {
    phi_r_ = 95.0 / d_over_lambda_;
    g1_ = 29.0 - 25.0 * std::log10(phi_r_);
  }
  phi_m_ = 20.0 / d_over_lambda_ * std::sqrt(peak_dbi_ - g1_);
}

double S1428Pattern::gain_at_deg(double phi) const {
  if (phi < phi_m_) return peak_dbi_ - 2.5e-3 * (d_over_lambda_ * phi) * (d_over_lambda_ * phi);
  if (d_over_lambda_ > 100.0) {
    if (phi < phi_r_) return g1_;
    if (phi < 10.0) return 29.0 - 25.0 * std::log10(phi);
    if (phi < 34.1) return 34.0 - 30.0 * std::log10(phi);
    if (phi < 80.0) return -12.0;
    if (phi < 120.0) return -7.0;
    return -12.0;
  }
  // 20 <= D/lambda <= 100: the plateau ends at 95 lambda/D (inclusive for 25 < D/lambda <= 100).
  if (phi < phi_r_ || (d_over_lambda_ > 25.0 && phi == phi_r_)) return g1_;
  if (phi <= 33.1) return 29.0 - 25.0 * std::log10(phi);
  if (phi <= 80.0) return -9.0;
  if (d_over_lambda_ <= 25.0) return -5.0;
  if (phi <= 120.0) return -4.0;
  return -9.0;
}

double S1428Pattern::eval(double theta_rad) const { return gain_at_deg(theta_rad / kDeg); }

double S1428Pattern::beamwidth_3db_deg() const { return 2.0 * std::sqrt(3.0 / 2.5e-3) / d_over_lambda_; }

std::string S1428Pattern::describe() const {
  char b[160];
  std::snprintf(b, sizeof b, "ITU-R S.1428-1 (D = %.3g m, %.4g GHz, D/lambda = %.4g, Gmax %.4g dBi)", d_m_, f_ghz_,
                d_over_lambda_, peak_dbi_);
  return b;
}

double epfd_sum_dbw_m2(const double* eirp_dbw, const double* distance_m, const double* rx_rel_db, std::size_t n) {
  double sum = 0.0;
  for (std::size_t i = 0; i < n; ++i)
    sum += std::pow(10.0, 0.1 * (eirp_dbw[i] + rx_rel_db[i])) / (4.0 * std::numbers::pi * distance_m[i] * distance_m[i]);
  return n == 0 || sum <= 0.0 ? -std::numeric_limits<double>::infinity() : 10.0 * std::log10(sum);
}

}  // namespace satcap::radio
