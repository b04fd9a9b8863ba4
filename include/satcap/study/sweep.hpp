#pragma once
/// @file sweep.hpp
/// Parameter sweeps of a study file: the `[sweep]` section expanded into an ordered list of named,
/// fully resolved cases.
///
/// ```toml
/// [sweep]
/// mode = "product"                 # Cartesian product (default)
/// [[sweep.parameters]]
/// path = "constellations.rassvet.eirp_density_dbw_mhz"
/// values = [-42.0, -38.0]
/// label = "eirp"                   # optional short name used in case names
/// [[sweep.parameters]]
/// path = "constellations.rassvet.beams"
/// values = [16, 24]
/// ```
/// gives the cases "eirp=-42,beams=16", "eirp=-42,beams=24", "eirp=-38,beams=16", "eirp=-38,beams=24"
/// (the first parameter varies slowest, like nested loops).
///
/// ```toml
/// [sweep]
/// mode = "cases"
/// include_base = true              # also run the unmodified study, named "base" (default false)
/// [[sweep.cases]]
/// name = "rassvet-2030"
/// set = { "constellations.rassvet.phase" = 2030, "time.steps" = 24 }
/// ```
/// Without a `[sweep]` section there is one case, "base".
///
/// Paths are dotted keys into the study document; a segment may index an array of tables
/// ("shells[1].altitude_km"). Each swept path must exist in the study and the new value must have
/// the same type (an integer is accepted where a float is and becomes a float). Each case is a full
/// StudyDocument (the `[sweep]` section removed, overrides applied) that keeps source lines: an
/// error on a swept value points at its line in the `[sweep]` section.
#include <satcap/export.hpp>
#include <satcap/study/document.hpp>

#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace satcap::study {

/// One resolved case of a study.
struct CaseSpec {
  std::size_t index = 0;  ///< position in the expanded list (output order)
  std::string name;       ///< "base", "eirp=-42,beams=16" or the name given in `cases` mode
  std::string id;         ///< file-system-safe, unique identifier derived from the name
  /// (path, value) of each override in the order given, value rendered as in the name.
  std::vector<std::pair<std::string, std::string>> overrides;
  /// The resolved study (no `[sweep]` section), with source lines.
  std::shared_ptr<const StudyDocument> document;
  /// Hex SHA-1 of the canonical TOML of `document` (layout and comments do not matter).
  std::string input_hash;
};

/// Options of the sweep expansion.
struct SweepOptions {
  /// Refuse sweeps with more cases than this (guards against an accidental huge product).
  std::size_t max_cases = 100000;
};

/// Expands the `[sweep]` section of `document` into cases, in a deterministic order.
/// Every problem (unknown keys in `[sweep]`, missing paths, type mismatches, duplicate names,
/// empty value lists) is recorded in `report` when given, else thrown together as ValidationError.
/// Returns an empty list when problems were recorded.
SATCAP_EXPORT std::vector<CaseSpec> expand_cases(const std::shared_ptr<const StudyDocument>& document,
                                                 ValidationReport* report = nullptr,
                                                 const SweepOptions& options = {});

/// The file-system-safe id of a case name: letters, digits and "._-=,+" kept, others replaced by
/// '_'; when anything was replaced (or the name is longer than 80 characters) an 8-hex-digit hash
/// of the name is appended so ids stay unique.
SATCAP_EXPORT std::string case_id(const std::string& name);

/// Hex SHA-1 of a string (Boost's implementation); used for case input hashes and checksums.
SATCAP_EXPORT std::string sha1_hex(std::string_view data);
/// "sha1:<hex>" of a file's bytes (dataset checksums in summary.json and the journal salt);
/// InputError naming the file when it cannot be read.
SATCAP_EXPORT std::string file_checksum(const std::filesystem::path& path);

}  // namespace satcap::study
