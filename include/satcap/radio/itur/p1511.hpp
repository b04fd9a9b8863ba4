#pragma once
/// @file p1511.hpp
/// Recommendation ITU-R P.1511-1 (07/2015, SUPERSEDED) Topography for Earth-to-space propagation
/// modelling: altitude above mean sea level (km) from the 0.5 deg map, bicubic interpolation
/// (P.1144). The current P.1511-2/-3 maps (1/12 deg + EGM2008) are not available here, so this is a
/// substitute: it differs from P.1511-3 by up to a few hundred metres at some sites (e.g. Kuala Lumpur
/// 236 m vs 51 m). Station heights given explicitly always win over this map.
/// Accuracy: ITU-Rpy's P.1511-1 test values reproduced to <= 1e-9 relative (absolute 1e-9 km).
#include <satcap/export.hpp>
#include <satcap/radio/climate_maps.hpp>

namespace satcap::radio::itur {
SATCAP_EXPORT double p1511_topographic_height_km(const ClimateMaps& maps, double lat_deg, double lon_deg);
}  // namespace satcap::radio::itur
