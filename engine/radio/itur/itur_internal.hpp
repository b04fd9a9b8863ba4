#pragma once
// Helpers shared by the ITU-R model sources (not installed).
#include <array>
#include <cmath>
#include <cstddef>

namespace satcap::radio::itur::detail {

/// Value at exceedance p from a table of levels: exact level -> that value; otherwise linear in
/// log(p) between the bracketing levels (the rule of P.453/P.836/P.840). `value(i)` evaluates level i.
template <std::size_t N, class F>
double interp_levels(const std::array<double, N>& levels, double p, F&& value) {
  std::size_t hi = 0;
  while (hi < N && levels[hi] < p) ++hi;
  if (hi < N && levels[hi] == p) return value(hi);
  if (hi == 0) hi = 1;
  if (hi >= N) hi = N - 1;
  const std::size_t lo = hi - 1;
  const double vlo = value(lo), vhi = value(hi);
  return vlo + (vhi - vlo) * (std::log(p) - std::log(levels[lo])) / (std::log(levels[hi]) - std::log(levels[lo]));
}

/// Two bracketing levels and the log-p weight of the upper one (w = 0 when p is a level).
template <std::size_t N>
void bracket_levels(const std::array<double, N>& levels, double p, std::size_t& lo, std::size_t& hi, double& w) {
  std::size_t h = 0;
  while (h < N && levels[h] < p) ++h;
  if (h < N && levels[h] == p) {
    lo = hi = h;
    w = 0;
    return;
  }
  if (h == 0) h = 1;
  if (h >= N) h = N - 1;
  lo = h - 1;
  hi = h;
  w = (std::log(p) - std::log(levels[lo])) / (std::log(levels[hi]) - std::log(levels[lo]));
}

inline constexpr double kPi = 3.14159265358979323846;
inline double deg2rad(double d) { return d * (kPi / 180.0); }
inline double rad2deg(double r) { return r * (180.0 / kPi); }

}  // namespace satcap::radio::itur::detail

#include <satcap/radio/itur/p618.hpp>

namespace satcap::radio::itur::detail {
/// P.618-14 §2.4.1 scintillation without the 55 GHz limit (explicit extrapolation only).
P618Scintillation p618_scintillation_any_frequency(double nwet, double f, double el, double d, double eta, double p);

}  // namespace satcap::radio::itur::detail
