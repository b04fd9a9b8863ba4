#pragma once
/// @file link_file.hpp
/// Link files (TOML) for `satcap link`: one hop described in sections
///   [link]          frequency_ghz, bandwidth_mhz, rolloff, name (optional)
///   [transmitter]   eirp_dbw, or power_w (+ feed_loss_db) with [transmitter.antenna]; off_axis_deg
///   [geometry]      slant_range_km (+ optional elevation_deg), or altitude_km + elevation_deg
///   [losses]        atmospheric_db, or site = {lat_deg, lon_deg[, height_m]} + availability_pct (ITU-R
///                   P.618-14 §2.5 through radio::Atmosphere with the ITU-R maps); pointing_db,
///                   polarization_db, other_db; antenna_diameter_m / antenna_efficiency (scintillation)
///   [receiver]      g_over_t_dbk, or [receiver.antenna] + system_noise_temperature_k, or
///                   [receiver.antenna] + noise model (noise_figure_db, feed_loss_db, feed_temperature_k,
///                   antenna_temperature_k (fixed) or sky noise (default) with spillover_k); off_axis_deg
///   [interference]  c_over_i_db = [..] (C/X terms), c_over_i_names = [..] (optional labels)
///   [modcod]        standard ("DVB-S2" | "DVB-S2X"), implementation_margin_db
/// Antenna tables: pattern = "flat" | "aperture" | "gaussian" | "s465" | "s580" | "s672" | "s1528_rec12" |
/// "s1528_rec13" | "s1528_taylor" | "table", with gain_dbi, diameter_m, efficiency, beamwidth_deg (full
/// 3 dB width), edge_taper_db, ln_db, ls_db, slr_db, nbar, file (CSV, relative to the link file).
/// Unknown keys, missing required keys, wrong types and values out of range are InputError naming
/// the file, the line (from toml++ source regions) and the key (section.key).
#include <satcap/export.hpp>
#include <satcap/radio/atmosphere.hpp>
#include <satcap/radio/link_budget.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace satcap::radio {

/// A parsed link file.
struct LinkSpec {
  std::string file;   ///< for messages and the report
  std::string name;   ///< [link] name, or the file stem
  LinkInput input;    ///< atmospheric_loss is 0 until resolved when `atmosphere` is set
  /// Set when [losses] gives a site and availability instead of atmospheric_db.
  std::optional<SlantPathInput> atmosphere;
  double availability_pct = 0.0;
};

/// Parses a link file (InputError with file/line/key on any problem).
SATCAP_EXPORT LinkSpec read_link_file(const std::filesystem::path& path);
/// Parses link-file text; `name` is used in messages, `base_dir` resolves relative antenna table paths.
SATCAP_EXPORT LinkSpec parse_link_toml(std::string_view text, const std::string& name,
                                       const std::filesystem::path& base_dir = {});

/// A link evaluated from a file, with the atmospheric components when they were computed.
struct LinkReport {
  LinkSpec spec;
  LinkResult result;
  std::optional<AttenuationComponents> atmosphere;
};

/// Evaluates a spec. With a site + availability, the ITU-R maps are read from `maps_dir` (or
/// resolve_maps_dir's default).
SATCAP_EXPORT LinkReport evaluate_link_spec(const LinkSpec& spec, const std::optional<std::filesystem::path>& maps_dir = {});

/// STK-style text report: one line per item, value and unit.
SATCAP_EXPORT std::string format_report(const LinkReport& report);
/// JSON report with at least fspl_db, atmospheric_loss_db, eirp_dbw, g_over_t_dbk, c_n0_dbhz, c_n_db,
/// c_i_db, c_ni_db, esn0_db, modcod, spectral_efficiency_bps_hz, throughput_mbps, margin_db
/// (non-finite values are null; modcod is null when no MODCOD closes).
SATCAP_EXPORT std::string to_json(const LinkReport& report);

}  // namespace satcap::radio
