#pragma once
/// @file p836.hpp
/// Recommendation ITU-R P.836-6 (12/2017) Water vapour: surface density rho (g/m3) and total columnar
/// content V (kg/m2) exceeded for p % of an average year (annual maps, 1.125 deg). Each of the four
/// surrounding grid values is scaled to the station height h with the scale height vsch of the same
/// level, X_i exp(-(h - h_i)/vsch_i) (h_i: P.836-6 reference topography, bicubic), then interpolated
/// bilinearly, and linearly in log(p) between the tabulated levels 0.1 ... 99 % (RangeError outside).
/// Without a station height the grid heights are used (no scaling). The maps are NaN on most of the
/// 88.875 deg row: there the valid surrounding nodes are reweighted (a documented deviation; no
/// workbook case lies north of 87.75 deg).
/// Accuracy: the 32 + 32 annual workbook cases to <= 1e-4 relative (see docs/models/p836.md).
/// Monthly statistics are not implemented (the monthly maps are not available).
#include <satcap/export.hpp>
#include <satcap/radio/climate_maps.hpp>

#include <optional>

namespace satcap::radio::itur {
SATCAP_EXPORT double p836_surface_water_vapour_density(const ClimateMaps& maps, double lat_deg, double lon_deg, double p_percent,
                                                       std::optional<double> height_km = std::nullopt);
SATCAP_EXPORT double p836_total_water_vapour_content(const ClimateMaps& maps, double lat_deg, double lon_deg, double p_percent,
                                                     std::optional<double> height_km = std::nullopt);
}  // namespace satcap::radio::itur
