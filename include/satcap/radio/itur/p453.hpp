#pragma once
/// @file p453.hpp
/// Recommendation ITU-R P.453-14 (08/2019) The radio refractive index.
///  - Eq. (6): N = 77.6 Pd/T + 72 e/T + 3.75e5 e/T^2 (Pd dry pressure, e vapour pressure, hPa; T in K).
///  - Nwet (ppm) exceeded for p % of an average year from the digital maps (0.75 deg, the P.453-13 maps
///    that reproduce the P.453-14 values), bilinear in space and linear in log(p) between the tabulated
///    levels 0.1 ... 99 % (RangeError outside [0.1, 99] %).
/// Accuracy: the 8 workbook cases (Nwet, p = 50 %) to <= 1e-12 relative.
#include <satcap/export.hpp>
#include <satcap/radio/climate_maps.hpp>

namespace satcap::radio::itur {

/// Refractivity N (ppm) from dry pressure Pd (hPa), vapour pressure e (hPa) and temperature T (K).
SATCAP_EXPORT double p453_refractivity(double p_dry_hpa, double e_hpa, double t_k);
/// Wet term of the surface refractivity exceeded for p % (ppm); p = 50 is the median P.618 uses.
SATCAP_EXPORT double p453_wet_refractivity(const ClimateMaps& maps, double lat_deg, double lon_deg, double p_percent = 50.0);

}  // namespace satcap::radio::itur
