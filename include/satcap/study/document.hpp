#pragma once
/// @file document.hpp
/// Study files: TOML read with toml++ (TOML v1.0.0), typed access with precise errors, and
/// validation that reports every problem at once.
///
/// - `StudyDocument` owns one parsed file (or one resolved sweep case) with its name and the
///   directory that relative paths are resolved against. Parse errors become
///   `InputError(file, line, "", parser description)`.
/// - `TomlReader` reads a document through `Section` handles. Every failing getter names the file,
///   the line of the offending value (or of its table when the key is missing) and the dotted key
///   path, e.g. `study.toml:12: constellations.rassvet.eirp_density_dbw_mhz: must be in [-80, 0]
///   dBW/MHz, got 12`.
/// - Two error modes. Without a `ValidationReport` a failing getter throws `InputError` at once.
///   With a report (collecting mode) it records the problem and returns a placeholder (the default
///   when one was given, else a value inside the allowed range), so one pass finds every problem;
///   call `report.throw_if_errors()` (throws `ValidationError`, listing all) before computing.
/// - Unknown keys: every key a getter reads, and every key named in `Section::declare()` or
///   `Section::accept()`, is "known". `TomlReader::check_unknown_keys()` reports each key of each
///   visited table that is not known (with a did-you-mean suggestion), so a misspelt key is an
///   error instead of silently falling back to a default.
///
/// Thread safety: `StudyDocument` is immutable after construction and may be shared. `TomlReader`
/// and `Section` track which keys were read and are not thread-safe (reading a study is serial).
#include <satcap/core/error.hpp>
#include <satcap/export.hpp>

#include <nlohmann/json.hpp>
#include <toml++/toml.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <initializer_list>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace satcap::study {

/// One problem found in a study file.
struct ValidationIssue {
  std::string file;
  std::size_t line = 0;  ///< 1-based; 0 when unknown
  std::string key;       ///< dotted key path, e.g. "sweep.parameters[1].values"
  std::string message;
  /// "FILE:LINE: KEY: MESSAGE" (the same layout as InputError::what()).
  std::string to_string() const;
};

/// All problems of a study file. Thrown as one ValidationError that lists them all.
class SATCAP_EXPORT ValidationError : public InputError {
 public:
  explicit ValidationError(std::vector<ValidationIssue> issues);
  /// Every issue, in the order found (at least one).
  const std::vector<ValidationIssue>& issues() const noexcept { return issues_; }

 private:
  std::vector<ValidationIssue> issues_;
};

/// Collects problems instead of throwing at the first one.
class SATCAP_EXPORT ValidationReport {
 public:
  void add(ValidationIssue issue);
  void add(const InputError& error);
  bool empty() const noexcept { return issues_.empty(); }
  std::size_t size() const noexcept { return issues_.size(); }
  const std::vector<ValidationIssue>& issues() const noexcept { return issues_; }
  /// Throws ValidationError with every issue when there is at least one.
  void throw_if_errors() const;
  /// One issue per line ("FILE:LINE: KEY: MESSAGE\n"), for the CLI.
  std::string to_string() const;

 private:
  std::vector<ValidationIssue> issues_;
};

/// A parsed study file (or one resolved case of a sweep). Immutable; cheap to share by pointer.
class SATCAP_EXPORT StudyDocument {
 public:
  /// Reads and parses `path`. Relative paths inside resolve against the file's directory.
  /// Throws InputError (file not found / parse error with line and the parser's description).
  static std::shared_ptr<const StudyDocument> load(const std::filesystem::path& path);
  /// Parses text. `name` is used in messages; relative paths resolve against `base_dir`.
  static std::shared_ptr<const StudyDocument> parse(std::string_view text, std::string name,
                                                    std::filesystem::path base_dir = {});
  /// Wraps an already parsed table (the sweep expander builds cases this way).
  StudyDocument(toml::table root, std::string name, std::filesystem::path base_dir, std::string text);

  const toml::table& root() const noexcept { return root_; }
  /// File name used in messages.
  const std::string& file() const noexcept { return file_; }
  /// Directory that relative paths are resolved against.
  const std::filesystem::path& base_dir() const noexcept { return base_dir_; }
  /// The original file text (for embedding in summary.json).
  const std::string& text() const noexcept { return text_; }
  /// Canonical text of the table (type-preserving JSON, keys sorted; independent of comments,
  /// layout, inline vs standard tables). Hashed for --resume.
  std::string canonical() const;
  /// The resolved input as JSON (types kept: integers, floats; non-finite floats and dates as
  /// {"float": "nan"} / {"date": "2026-01-01"}), e.g. to embed in summary.json.
  nlohmann::json to_json() const;

 private:
  toml::table root_;
  std::string file_;
  std::filesystem::path base_dir_;
  std::string text_;
};

class TomlReader;

/// A handle on one table of a document, with its dotted path. Copyable, lightweight; valid while
/// its TomlReader and document live. Getter naming:
///   `x(key)` required; `x_or(key, fallback)` optional with default; `optional_x(key)` -> std::optional.
/// Number getters accept TOML integers and floats, reject NaN and infinities, and check the range
/// (inclusive bounds; `unit` is printed in the message, e.g. "dBW/MHz").
class SATCAP_EXPORT Section {
 public:
  Section(TomlReader* reader, const toml::table* table, std::string path, bool placeholder = false);

  const toml::table& table() const noexcept { return *table_; }
  /// Dotted path of this table ("" for the root).
  const std::string& path() const noexcept { return path_; }
  /// Dotted path of a key of this table.
  std::string key_path(std::string_view key) const;
  /// Line of the table (its header), or of the key's value when present.
  std::size_t line() const noexcept;
  std::size_t line_of(std::string_view key) const noexcept;
  bool has(std::string_view key) const noexcept;
  /// Keys of this table in document order of toml++ (sorted by name).
  std::vector<std::string> keys() const;

  // ---- schema ----
  /// Declares the keys this table accepts: each `required` key that is absent is a problem; all
  /// listed keys count as known for check_unknown_keys().
  void declare(std::initializer_list<std::string_view> required,
               std::initializer_list<std::string_view> optional = {}) const;
  /// The raw node of a key (nullptr when absent), marked as known; for shapes the getters do not
  /// cover. Its contents are not checked for unknown keys unless opened through table()/tables().
  const toml::node* raw(std::string_view key) const;
  /// Marks keys as known without reading them.
  void accept(std::initializer_list<std::string_view> keys) const;
  /// Marks a key and everything below it as known (free-form content).
  void accept_subtree(std::string_view key) const;

  // ---- numbers ----
  double number(std::string_view key) const;
  double number_in(std::string_view key, double lo, double hi, std::string_view unit) const;
  double number_in_or(std::string_view key, double lo, double hi, std::string_view unit, double fallback) const;
  std::optional<double> optional_number_in(std::string_view key, double lo, double hi, std::string_view unit) const;
  /// A number in the half-open range (lo, hi] (e.g. a bandwidth > 0).
  double number_above(std::string_view key, double lo, double hi, std::string_view unit) const;
  double number_above_or(std::string_view key, double lo, double hi, std::string_view unit, double fallback) const;
  std::int64_t integer_in(std::string_view key, std::int64_t lo, std::int64_t hi) const;
  std::int64_t integer_in_or(std::string_view key, std::int64_t lo, std::int64_t hi, std::int64_t fallback) const;

  // ---- strings, booleans ----
  std::string string(std::string_view key) const;
  std::string string_or(std::string_view key, std::string_view fallback) const;
  std::optional<std::string> optional_string(std::string_view key) const;
  /// A string that must be one of `choices` (message lists them).
  std::string choice(std::string_view key, std::initializer_list<std::string_view> choices) const;
  std::string choice_or(std::string_view key, std::initializer_list<std::string_view> choices,
                        std::string_view fallback) const;
  bool boolean(std::string_view key) const;
  bool boolean_or(std::string_view key, bool fallback) const;

  // ---- arrays ----
  /// Array of numbers, each in [lo, hi]; at least `min_count` elements.
  std::vector<double> numbers_in(std::string_view key, double lo, double hi, std::string_view unit,
                                 std::size_t min_count = 1) const;
  std::vector<std::int64_t> integers_in(std::string_view key, std::int64_t lo, std::int64_t hi,
                                        std::size_t min_count = 1) const;
  std::vector<std::string> strings(std::string_view key, std::size_t min_count = 1) const;
  std::vector<std::string> strings_or(std::string_view key, std::vector<std::string> fallback) const;

  // ---- files ----
  /// A path relative to the study file's directory (absolute paths kept) that must name an
  /// existing regular file.
  std::filesystem::path file(std::string_view key) const;
  std::optional<std::filesystem::path> optional_file(std::string_view key) const;
  /// A non-empty array of file names, each resolved and checked like file().
  std::vector<std::filesystem::path> files(std::string_view key) const;
  /// Same for an existing directory.
  std::filesystem::path directory(std::string_view key) const;
  std::optional<std::filesystem::path> optional_directory(std::string_view key) const;

  // ---- tables ----
  /// A required sub-table (`[a.b]`, `b = {...}` or dotted keys).
  Section table(std::string_view key) const;
  std::optional<Section> optional_table(std::string_view key) const;
  /// An array of tables (`[[key]]`); empty when absent. Paths read "key[0]", "key[1]", ...
  std::vector<Section> tables(std::string_view key, std::size_t min_count = 0) const;
  /// Every entry of this table as a named sub-table (for user-named sections such as
  /// `[constellations.rassvet]`), sorted by name; a non-table entry is a problem.
  std::vector<std::pair<std::string, Section>> children() const;

  // ---- errors ----
  /// Records (collecting mode) or throws an InputError located at `key` of this table.
  void problem(std::string_view key, const std::string& message) const;
  /// Always throws an InputError located at `key` of this table.
  [[noreturn]] void fail(std::string_view key, const std::string& message) const;
  /// The InputError for `key` (located at the key's value, else at the table).
  InputError error(std::string_view key, const std::string& message) const;

 private:
  const toml::node* get(std::string_view key) const;
  const toml::node* get_required(std::string_view key) const;
  double check_number(std::string_view key, const toml::node& node, double lo, double hi, bool lo_open,
                      std::string_view unit, double placeholder, bool& ok) const;

  TomlReader* reader_;
  const toml::table* table_;
  std::string path_;
  bool placeholder_ = false;  ///< stands in for a missing table: getters stay silent
};

/// Typed, tracked access to one StudyDocument.
class SATCAP_EXPORT TomlReader {
 public:
  /// `report` null: getters throw at the first problem. Non-null: they record and continue.
  explicit TomlReader(std::shared_ptr<const StudyDocument> document, ValidationReport* report = nullptr);

  Section root();
  const StudyDocument& document() const noexcept { return *document_; }
  bool collecting() const noexcept { return report_ != nullptr; }
  ValidationReport* report() const noexcept { return report_; }

  /// Reports every key of every table that was visited (the root, and each table opened through a
  /// Section) that no getter read and no declare()/accept() named. Tables never visited are
  /// themselves unknown keys of their parent, so nothing goes unreported. In collecting mode the
  /// problems go to the report; otherwise all of them are thrown as one ValidationError.
  void check_unknown_keys();

  // Internal bookkeeping used by Section.
  void mark_known(const toml::table* table, std::string_view key, const toml::node* node);
  void mark_subtree(const toml::node* node);
  void mark_visited(const toml::table* table, std::string path);
  void record(const InputError& error);

 private:
  std::shared_ptr<const StudyDocument> document_;
  ValidationReport* report_;
  std::set<const toml::node*> known_nodes_;
  std::set<const toml::node*> free_subtrees_;
  std::map<const toml::table*, std::set<std::string, std::less<>>> known_names_;
  std::vector<std::pair<const toml::table*, std::string>> visited_;
};

/// Line of a node (0 when the node has no source position, e.g. built in code).
SATCAP_EXPORT std::size_t line_of(const toml::node& node) noexcept;
/// "integer", "float", "string", "boolean", "array", "table", "date", "time" or "date-time".
SATCAP_EXPORT std::string type_name(const toml::node& node);
/// A short rendering of a value for messages and case names (numbers shortest round-trip, strings
/// unquoted when `quote_strings` is false).
SATCAP_EXPORT std::string value_text(const toml::node& node, bool quote_strings = true);

}  // namespace satcap::study
