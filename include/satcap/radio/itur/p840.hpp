#pragma once
/// @file p840.hpp
/// Recommendation ITU-R P.840-9 (08/2023) Attenuation due to clouds and fog.
///  - Liquid-water specific attenuation coefficient Kl (eq. (2)-(11), double-Debye model of water at
///    T = 273.75 K) and the Earth-space coefficient K_L(f) = Kl (A1 e^{-(f-f1)^2/s1} + A2 e^{-(f-f2)^2/s2} + A3) (eq. (12)).
///  - Annex 1 L(p) maps (0.25 deg, bilinear, linear in log p between 0.01 ... 100 %), Ac = K_L L / sin(el) (eq. (13)).
///  - Log-normal approximation: L(p) = exp(mL + sL Q^-1(p/PL)) for p < PL, else 0.
/// Validity: 1-200 GHz, elevation 5-90 deg, p 0.01-100 % (RangeError outside).
/// Accuracy: the 32 workbook cases (eps', eps'', eta, KL, L, Ac, mL, sL, pL, Ac log-normal) and 36 L(p)
/// cases to <= 1e-6 relative.
#include <satcap/export.hpp>
#include <satcap/radio/climate_maps.hpp>

namespace satcap::radio::itur {

struct P840Coefficient {
  double eps1, eps2, eta, kl, k_l;  ///< eps', eps'', eta, Kl (eq. 2) and K_L (eq. 12), (dB/km)/(g/m3)
};
SATCAP_EXPORT P840Coefficient p840_coefficient(double f_ghz);
/// Integrated cloud liquid water content L (kg/m2) exceeded for p % (annual maps).
SATCAP_EXPORT double p840_liquid_water_content(const ClimateMaps& maps, double lat_deg, double lon_deg, double p_percent);
/// Log-normal L(p) (kg/m2).
SATCAP_EXPORT double p840_liquid_water_content_lognormal(const ClimateMaps& maps, double lat_deg, double lon_deg, double p_percent);
/// Slant-path cloud attenuation (dB).
SATCAP_EXPORT double p840_cloud_attenuation(const ClimateMaps& maps, double lat_deg, double lon_deg, double f_ghz,
                                            double elevation_deg, double p_percent);
SATCAP_EXPORT double p840_cloud_attenuation_lognormal(const ClimateMaps& maps, double lat_deg, double lon_deg, double f_ghz,
                                                      double elevation_deg, double p_percent);
}  // namespace satcap::radio::itur
