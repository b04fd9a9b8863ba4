#pragma once
/// @file p837.hpp
/// Recommendation ITU-R P.837-7 (06/2017) Characteristics of precipitation for propagation modelling,
/// Annex 1: rainfall rate Rp (mm/h) exceeded for p % of an average year from the monthly mean total
/// rainfall maps MT (0.25 deg, bilinear) and the P.1510-1 monthly mean surface temperatures:
///   r_ii = 0.5874 exp(0.0883 t_ii) (t_ii >= 0 degC, else 0.5874); P0_ii = 100 MT_ii / (24 N_ii r_ii)
///   (capped at 70 %, with r_ii then raised to 100 MT_ii/(0.70 * 24 N_ii)... see eq. (5));
///   P(R > R) = sum_ii N_ii P0_ii Q((ln R + 0.7938 - ln r_ii)/1.26) / 365.25, solved for P(R > Rp) = p.
/// The R0.01 map (v7_r001) is not available: R0.01 is always computed by this full method, as the
/// SG3 workbook does for its P.618-14 examples (they agree with the map within 0.003 %).
/// Validity: p in [0.001, 10] % ... Rp = 0 when p >= P0 (annual probability of rain).
/// Accuracy: the 40 workbook cases (MT, t, r per month, P0, Rp) to <= 1e-6 relative (the workbook's
/// own bisection stops at 1e-3 % relative error on p; we solve to 1e-12).
#include <satcap/export.hpp>
#include <satcap/radio/climate_maps.hpp>

#include <array>

namespace satcap::radio::itur {

struct P837Climate {
  std::array<double, 12> mt_mm{};  ///< monthly mean total rainfall (mm)
  std::array<double, 12> t_k{};    ///< monthly mean surface temperature (K)
};
struct P837Result {
  std::array<double, 12> r_mm_h{};   ///< mean rainfall rate when it rains, per month
  std::array<double, 12> p0_pct{};   ///< monthly probability of rain (%)
  double p0_annual_pct = 0;          ///< annual probability of rain (%)
  double rp_mm_h = 0;                ///< rain rate exceeded for p %
};

/// MT and T at a location (bilinear on the maps).
SATCAP_EXPORT P837Climate p837_climate(const ClimateMaps& maps, double lat_deg, double lon_deg);
/// Annex 1 full method for exceedance p (%).
SATCAP_EXPORT P837Result p837_annex1(const P837Climate& climate, double p_percent);
/// Rp (mm/h) at a location.
SATCAP_EXPORT double p837_rain_rate(const ClimateMaps& maps, double lat_deg, double lon_deg, double p_percent);
/// Annual probability of rain P0 (%) at a location.
SATCAP_EXPORT double p837_rain_probability(const ClimateMaps& maps, double lat_deg, double lon_deg);

}  // namespace satcap::radio::itur
