#pragma once
/// @file p835.hpp
/// Recommendation ITU-R P.835-6 (12/2017) Reference standard atmospheres: the mean annual global
/// reference atmosphere (§1) as P.676-13 Annex 1 needs it. Heights are geometric, in km, 0-100 km
/// (RangeError outside). Temperature/pressure below 84.852 km geopotential use the geopotential height
/// h' = 6356.766 h / (6356.766 + h). Water vapour: rho0 exp(-h/h0) (rho0 = 7.5 g/m3, h0 = 2 km by
/// default) floored at a volume mixing ratio of 2e-6 (e/P). Heights -0.5..0 km extend the first
/// segment (stations below sea level). Accuracy: reproduces the P.676-13 workbook
/// layer profiles (P, T, rho) to <= 1e-9 relative (tests/validation/radio_itur_p676_test.cpp).
#include <satcap/export.hpp>

namespace satcap::radio::itur {

/// Temperature (K) at geometric height h_km.
SATCAP_EXPORT double p835_temperature_k(double h_km);
/// Total pressure (hPa) at geometric height h_km.
SATCAP_EXPORT double p835_pressure_hpa(double h_km);
/// Water-vapour density (g/m3) at h_km with surface density rho0 and scale height h0_km.
SATCAP_EXPORT double p835_water_vapour_density(double h_km, double rho0_g_m3 = 7.5, double h0_km = 2.0);

}  // namespace satcap::radio::itur
