#pragma once
/// @file ground_stations.hpp
/// Ground-station tables for the routing graph.
///
/// CSV columns (header required): `id,name,lat_deg,lon_deg,height_m`, optional `gateway` (0/1),
/// `feeder_capacity_bps` (>= 0) and `max_satellites` (>= 0). Latitude in [-90, 90] deg, longitude in
/// [-180, 360] deg, height in [-500, 9000] m (WGS84 ellipsoidal). Ids must be unique and non-empty.
/// Every error is an InputError naming file, line and column.
#include <satcap/export.hpp>
#include <satcap/network/topology.hpp>

#include <filesystem>
#include <string_view>
#include <vector>

namespace satcap::network {

SATCAP_EXPORT std::vector<GroundStation> read_ground_stations_csv(const std::filesystem::path& path);
/// Same from text (`name` is used in error messages).
SATCAP_EXPORT std::vector<GroundStation> parse_ground_stations_csv(std::string_view text, const std::string& name);

}  // namespace satcap::network
