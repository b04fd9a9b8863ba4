#pragma once
/// @file output.hpp
/// The output directory of a study run, written so that a failed or killed run never leaves a
/// half-written file and keeps the previous results intact:
/// - every file goes through satcap::core::AtomicFile (temporary name, fsync, rename);
/// - final outputs are *staged* in memory and committed together at the end of the run
///   (`stage_*` then `commit()`): all temporaries are written first, then renamed in one short
///   sequence, so an exception before commit() leaves every previous file untouched;
/// - the run journal (`CaseJournal`, DIR/.satcap-cases/<case-id>.json) stores each completed case's
///   result with a hash of its resolved input and the engine version, for `--resume`.
#include <satcap/export.hpp>
#include <satcap/study/sweep.hpp>
#include <satcap/study/table.hpp>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace satcap::study {

/// A directory of outputs. Creates the directory (and parents) when missing; an unusable
/// directory (a file in the way, no write permission) is an InputError naming it and `field`
/// (e.g. "--out"). Temporaries left by a killed earlier run (NAME.tmp.PID.HEX whose process is
/// gone) are removed on construction when `clean_stale` is set. The PID check only sees this
/// machine: when several machines share the directory (MPI), only one process (rank 0) may clean.
class SATCAP_EXPORT OutputDirectory {
 public:
  explicit OutputDirectory(std::filesystem::path dir, const std::string& field = "--out", bool clean_stale = true);

  const std::filesystem::path& path() const noexcept { return dir_; }
  bool cleans_stale_temporaries() const noexcept { return clean_stale_; }

  // ---- immediate atomic writes ----
  void write_text(const std::string& name, std::string_view content) const;
  void write_csv(const std::string& name, const Table& table) const;
  /// JSON with 2-space indent and a final newline (nlohmann's shortest round-trip doubles).
  void write_json(const std::string& name, const nlohmann::json& json) const;

  // ---- staged final outputs, committed together ----
  void stage_text(const std::string& name, std::string content);
  void stage_csv(const std::string& name, const Table& table);
  void stage_json(const std::string& name, const nlohmann::json& json);
  /// Names staged so far (sorted).
  std::vector<std::string> staged() const;
  /// Writes every staged file to its temporary, then renames them all into place. On an exception
  /// no staged file replaces its previous version (temporaries are removed).
  void commit();

 private:
  std::filesystem::path dir_;
  bool clean_stale_ = true;
  std::map<std::string, std::string> staged_;
};

/// Serialises JSON for files: 2-space indent, sorted keys, '\n' at the end.
SATCAP_EXPORT std::string json_text(const nlohmann::json& json);

/// The run journal used by `--resume`: one file per completed case,
/// DIR/.satcap-cases/<case-id>.json = {"format", "name", "id", "key", "engine_version", "result"},
/// where key = sha1(input_hash + engine version + salt). A stored result is reused only when its
/// key matches, so any change of the case input, the engine version or the salt (e.g. dataset
/// checksums) recomputes the case. Thread-safe: distinct cases write distinct files.
class SATCAP_EXPORT CaseJournal {
 public:
  CaseJournal(const OutputDirectory& out, std::string engine_version, std::string salt = {});

  const std::filesystem::path& directory() const noexcept { return dir_; }
  /// The key of a case (see above).
  std::string key(const CaseSpec& spec) const;
  /// The stored result when present, readable and with a matching key; std::nullopt otherwise
  /// (a corrupt or stale entry is ignored, never an error).
  std::optional<nlohmann::json> load(const CaseSpec& spec) const;
  /// Stores a result atomically.
  void store(const CaseSpec& spec, const nlohmann::json& result) const;
  /// Removes every journal entry (a fresh, non-resumed run).
  void clear() const;

 private:
  std::filesystem::path dir_;
  std::string engine_version_;
  std::string salt_;
};

}  // namespace satcap::study
