#pragma once
/// @file elements.hpp
/// SGP4 mean element sets (TLE and CCSDS OMM) and their readers.
///
/// What: the mean Keplerian elements of a general-perturbations (GP) element set, as published by
/// CelesTrak / 18 SDS, in the TEME frame of their epoch, meant for SGP4/SDP4 with the WGS-72 constants.
/// Formats:
///  * TLE, 2-line or 3-line (name line of up to 24 characters before line 1), CRLF or LF line endings,
///    fixed columns as in the Spacetrack Report #3 / CelesTrak "FAQ: Two-Line Element Set Format"
///    definition; the catalogue number in columns 3-7 accepts Alpha-5 (A0000 = 100000 ... Z9999 = 339999,
///    letters I and O skipped). The modulo-10 checksum of column 69 is verified unless the caller opts out.
///  * OMM in CelesTrak's GP JSON form (an array of objects with the CCSDS OMM keys OBJECT_NAME, OBJECT_ID,
///    EPOCH, MEAN_MOTION, ECCENTRICITY, INCLINATION, RA_OF_ASC_NODE, ARG_OF_PERICENTER, MEAN_ANOMALY,
///    NORAD_CAT_ID, BSTAR, MEAN_MOTION_DOT, MEAN_MOTION_DDOT, ...); six-digit NORAD ids are supported.
/// Errors: every malformed record throws satcap::InputError(file, line, field, message); nothing is
/// skipped silently. With ReadOptions::skip_bad_records the reader instead skips the record and counts
/// it (and its reason) in a ReadReport.
/// Units: fields carry their unit in their names (degrees, rev/day, 1/earth radii) because they are the
/// file's own numbers; the propagators convert internally.
/// Thread-safety: plain values; the readers are reentrant.
#include <satcap/core/time.hpp>
#include <satcap/export.hpp>

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace satcap::orbit {

/// One element set (one satellite at one epoch).
struct MeanElements {
  std::string name;                  ///< object name (3-line TLE name line, OMM OBJECT_NAME); may be empty
  int norad_id = 0;                  ///< NORAD catalogue number (Alpha-5 decoded; OMM may exceed 99999)
  std::string intl_designator;       ///< international designator as written (TLE "98067A", OMM "1998-067A")
  char classification = 'U';         ///< U, C or S
  core::Epoch epoch;                 ///< epoch as an instant (UTC)
  core::JulianDate epoch_jd_utc;     ///< the same epoch as a two-part UTC Julian date (jd1 at 0h, jd2 = day fraction)
  double mean_motion_dot = 0.0;      ///< ndot/2 as published (rev/day^2); not used by SGP4
  double mean_motion_ddot = 0.0;     ///< nddot/6 as published (rev/day^3); not used by SGP4
  double bstar = 0.0;                ///< B* drag term (1/earth radii)
  double inclination_deg = 0.0;      ///< inclination (deg, 0..180)
  double raan_deg = 0.0;             ///< right ascension of the ascending node (deg)
  double eccentricity = 0.0;         ///< eccentricity (0..1)
  double arg_perigee_deg = 0.0;      ///< argument of perigee (deg)
  double mean_anomaly_deg = 0.0;     ///< mean anomaly (deg)
  double mean_motion_rev_day = 0.0;  ///< Kozai mean motion (rev/day)
  int element_set_no = 0;            ///< element set number
  long rev_at_epoch = 0;             ///< revolution number at epoch
  std::string source;                ///< file the record came from (for messages)
  std::size_t source_line = 0;       ///< 1-based line of TLE line 1 (or of the OMM object; 0 if unknown)
};
/// The project's name for a TLE-sourced element set.
using Tle = MeanElements;

/// Reader options.
struct ReadOptions {
  /// Verify the modulo-10 checksum of TLE lines (column 69). Turn off only for hand-edited sets such as
  /// Vallado's SGP4-VER.TLE error cases.
  bool verify_checksum = true;
  /// Accept text after column 69 of TLE line 2 (SGP4-VER.TLE puts start/stop/step there); it is ignored.
  bool allow_trailing_text = false;
  /// Skip records that fail to parse instead of throwing; they are counted in the ReadReport.
  bool skip_bad_records = false;
};

/// What a reader did: records read, records skipped (only with skip_bad_records) and why.
struct ReadReport {
  std::size_t records = 0;
  std::size_t skipped = 0;
  std::vector<std::string> skipped_reasons;  ///< one InputError::what() per skipped record
};

/// Reads a 2- or 3-line TLE file (both kinds may be mixed). Lines starting with '#' and blank lines are
/// ignored. Throws InputError (file, line, field) on bad input unless options.skip_bad_records.
SATCAP_EXPORT std::vector<MeanElements> read_tle_file(const std::filesystem::path& path, const ReadOptions& options = {},
                                                      ReadReport* report = nullptr);
/// Same, from text; `source` names it in error messages.
SATCAP_EXPORT std::vector<MeanElements> parse_tle_text(std::string_view text, const std::string& source,
                                                       const ReadOptions& options = {}, ReadReport* report = nullptr);
/// Parses one element set from its two lines (without line terminators). `line_number` is the 1-based
/// line of line1 in `source` (used in messages). Throws InputError naming the field and column.
SATCAP_EXPORT MeanElements parse_tle_lines(std::string_view line1, std::string_view line2, const std::string& name,
                                           const std::string& source = "", std::size_t line_number = 0,
                                           const ReadOptions& options = {});

/// Reads CelesTrak GP JSON (OMM keywords): an array of objects or a single object. Throws InputError
/// naming the file, the object's index (as "line", 1-based, 0 for a parse error without position) and the
/// missing or bad key.
SATCAP_EXPORT std::vector<MeanElements> read_omm_json(const std::filesystem::path& path, const ReadOptions& options = {},
                                                      ReadReport* report = nullptr);
/// Same, from text.
SATCAP_EXPORT std::vector<MeanElements> parse_omm_json(std::string_view text, const std::string& source,
                                                       const ReadOptions& options = {}, ReadReport* report = nullptr);

/// Reads TLE or OMM JSON, choosing by content (a file whose first non-blank character is '[' or '{' is JSON).
SATCAP_EXPORT std::vector<MeanElements> read_elements_file(const std::filesystem::path& path,
                                                           const ReadOptions& options = {},
                                                           ReadReport* report = nullptr);

/// Alpha-5 catalogue number: "12345" -> 12345, "A0083" -> 100083, "Z9999" -> 339999. Returns -1 on bad text.
SATCAP_EXPORT int decode_alpha5(std::string_view field);
/// Inverse of decode_alpha5 (5 characters); throws RangeError outside 0..339999.
SATCAP_EXPORT std::string encode_alpha5(int norad_id);
/// TLE checksum of the first 68 columns of a line (digits count their value, '-' counts 1).
SATCAP_EXPORT int tle_checksum(std::string_view line);

}  // namespace satcap::orbit
