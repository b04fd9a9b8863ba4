#pragma once
/// @file payload_file.hpp
/// Payload files (datasets/payloads/*.toml, docs/models/payloads.md) and the rules that assign a
/// payload to every satellite of a constellation.
///
/// A payload file:
///   [payload]        name, description, broadband (bool, default true)
///   [user_downlink]  beams, eirp_per_beam_dbw, eirp_density_limit_dbw_mhz (opt.), hpbw_deg,
///                    scan_exponent, max_scan_deg, sidelobe_floor_db
///   [user_uplink]    beams, bandwidth_mhz                                      (optional)
///   [[feeder]]       band ("Ka" | "E"), terminals, uplink_ghz, uplink_bandwidth_mhz,
///                    polarisations, antenna_diameter_m, aperture_efficiency,
///                    system_noise_temperature_k                               (0 or more)
///   [isl]            terminals, rate_gbps, max_range_km                        (optional: none)
/// Every key is checked (unknown keys, types, ranges); errors name the file, line and key.
///
/// Assignment rules (a constellation's `payload_rules`, first match wins, a rule with no condition
/// matches every satellite): `shell` (a Walker shell name), `name_contains`, `intldes_from` /
/// `intldes_before` (international designator launch "YYYY-NNN", inclusive / exclusive),
/// `norad_from` / `norad_to` (inclusive), `min_launch_size` / `max_launch_size` (satellites of the
/// constellation sharing the launch). A satellite no rule matches carries no traffic and is counted.
#include <satcap/capacity/payload.hpp>
#include <satcap/export.hpp>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace satcap::study {

/// Reads one payload file; InputError / ValidationError naming the file, line and key.
SATCAP_EXPORT capacity::Payload read_payload_file(const std::filesystem::path& path);

/// One assignment rule (see the file comment).
struct PayloadRule {
  std::string payload;  ///< payload name (index into the constellation's payload list)
  std::optional<std::string> shell, name_contains, intldes_from, intldes_before;
  std::optional<std::int64_t> norad_from, norad_to, min_launch_size, max_launch_size;
};

/// What a rule can test about one satellite.
struct SatelliteIdentity {
  std::string name;
  std::string shell;           ///< Walker shell name ("" for element sets)
  std::string intl_launch;     ///< "YYYY-NNN" ("" when unknown)
  std::int64_t norad = 0;
};

/// Launch "YYYY-NNN" from an international designator as written in a TLE ("19074B") or an OMM
/// ("2019-074B"); "" when it cannot be read.
SATCAP_EXPORT std::string launch_of(const std::string& intl_designator);

/// The index into `payload_names` of the payload every satellite gets, or -1 when no rule matches.
/// Throws InputError when a rule names a payload that is not in the list.
SATCAP_EXPORT std::vector<std::int32_t> assign_payloads(const std::vector<SatelliteIdentity>& satellites,
                                                        const std::vector<PayloadRule>& rules,
                                                        const std::vector<std::string>& payload_names);

}  // namespace satcap::study
