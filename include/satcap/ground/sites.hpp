#pragma once
/// @file sites.hpp
/// Ground sites (gateways, ground stations, user sites) read from a CSV file.
///
/// File format (header required, columns in any order, extra columns ignored, '#' comments and
/// blank lines skipped, see core::CsvTable):
///
///     id,name,lat_deg,lon_deg,height_m
///     1,Gravelines FR,50.98,2.13,10
///
/// - `id`: integer, unique within the file (duplicates are an error);
/// - `name`: free text (quote it when it holds a comma), must not be empty;
/// - `lat_deg`: WGS84 geodetic latitude, [-90, 90] degrees;
/// - `lon_deg`: longitude east positive, [-180, 360] degrees, normalised to [-180, 180);
/// - `height_m`: height above the WGS84 ellipsoid, [-500, 9000] m; optional column (0 when absent
///   or empty).
/// Any bad row throws satcap::InputError(file, line, column, reason).
/// Thread-safety: plain values and a reentrant reader.
#include <satcap/core/geodesy.hpp>
#include <satcap/export.hpp>

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace satcap::ground {

/// One ground site: a stable integer id, a display name and its WGS84 position.
struct GroundSite {
  int id = 0;
  std::string name;
  core::Geodetic where;
};

/// Reads a ground-site CSV file (format above). Throws InputError for an unreadable file, a
/// missing column, or any bad row (file, line and column in the message).
SATCAP_EXPORT std::vector<GroundSite> read_ground_sites(const std::filesystem::path& path);

/// Same, from text; `name` is used as the file name in error messages.
SATCAP_EXPORT std::vector<GroundSite> parse_ground_sites(std::string_view text, const std::string& name);

/// Writes sites in the same format (atomically, via core::AtomicFile).
SATCAP_EXPORT void write_ground_sites(const std::filesystem::path& path, const std::vector<GroundSite>& sites);

}  // namespace satcap::ground
