#pragma once
/// @file landing_rights.hpp
/// Where a system may serve: landing rights per system and country (datasets/ground/landing_rights.csv,
/// docs/models/landing_rights.md). A capacity study reports the capability view (every cell) and the
/// licensed view (demand only in cells of countries where the system is licensed) side by side.
///
/// File format (CSV, '#' comments): columns `system,country,rights,source`; `country` is an ISO 3166-1
/// alpha-2 code or `*` (every country without a row of its own, and the sea); `rights` is `licensed`
/// or `not_licensed`; `source` cites where the row comes from (required, non-empty). Each system needs
/// exactly one `*` row; a (system, country) pair may appear once. Errors name the file, line and column.
#include <satcap/export.hpp>

#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace satcap::ground {

/// The rights of one system.
struct SystemLandingRights {
  bool default_licensed = false;              ///< the `*` row
  std::map<std::string, bool> countries;      ///< explicit rows: code -> licensed
  /// Whether the system may serve in the country with this code ("" = sea / no country).
  bool licensed(const std::string& country_code) const;
};

/// All systems of a landing-rights file.
struct LandingRights {
  std::map<std::string, SystemLandingRights> systems;
  /// The system's rights; InputError naming `file` when the file has no such system.
  const SystemLandingRights& of(const std::string& system, const std::string& file) const;
};

SATCAP_EXPORT LandingRights read_landing_rights(const std::filesystem::path& path);
SATCAP_EXPORT LandingRights parse_landing_rights(std::string_view text, const std::string& name);

}  // namespace satcap::ground
