#pragma once
/// @file p1510.hpp
/// Recommendation ITU-R P.1510-1 (06/2017) Mean surface temperature: annual and monthly maps
/// (0.75 deg), bilinear interpolation. Accuracy: the 15 workbook sites x 13 values to <= 1e-12 relative.
#include <satcap/export.hpp>
#include <satcap/radio/climate_maps.hpp>

namespace satcap::radio::itur {
/// Annual mean surface temperature (K).
SATCAP_EXPORT double p1510_annual_temperature_k(const ClimateMaps& maps, double lat_deg, double lon_deg);
/// Monthly mean surface temperature (K), month 1..12.
SATCAP_EXPORT double p1510_monthly_temperature_k(const ClimateMaps& maps, double lat_deg, double lon_deg, int month);
}  // namespace satcap::radio::itur
