#pragma once
/// @file p839.hpp
/// Recommendation ITU-R P.839-4 (09/2013) Rain height model: h0 (mean annual 0 degC isotherm height
/// above mean sea level, km) interpolated bilinearly on the 1.5 deg map, hR = h0 + 0.36 km (eq. (1)).
/// Accuracy: the 8 workbook cases to <= 1e-12 relative.
#include <satcap/export.hpp>
#include <satcap/radio/climate_maps.hpp>

namespace satcap::radio::itur {
SATCAP_EXPORT double p839_isotherm_height_km(const ClimateMaps& maps, double lat_deg, double lon_deg);
SATCAP_EXPORT double p839_rain_height_km(const ClimateMaps& maps, double lat_deg, double lon_deg);
}  // namespace satcap::radio::itur
