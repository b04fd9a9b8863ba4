#pragma once
/// @file files.hpp
/// Atomic output files and line-aware CSV input, shared by every layer that reads or writes tables.
/// Outputs go to a temporary name beside the target and are renamed into place on commit(), so a
/// failed or killed run never leaves a half-written file and keeps the previous one intact.
#include <satcap/export.hpp>

#include <cstddef>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace satcap::core {

/// An output file written under a temporary name and renamed into place by commit().
/// If destroyed without commit() (an exception unwound past it), the temporary is removed and the
/// previous file, if any, is untouched. Throws InputError when the directory is not writable.
class SATCAP_EXPORT AtomicFile {
 public:
  explicit AtomicFile(std::filesystem::path target);
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  std::ostream& stream() { return out_; }
  /// Flushes, fsyncs and renames the temporary onto the target.
  void commit();
  const std::filesystem::path& target() const { return target_; }

 private:
  std::filesystem::path target_;
  std::filesystem::path temp_;
  std::ofstream out_;
  bool committed_ = false;
};

/// Writes `content` to `target` atomically.
SATCAP_EXPORT void write_file_atomically(const std::filesystem::path& target, std::string_view content);

/// Reads a whole file; InputError naming the file when it cannot be read.
SATCAP_EXPORT std::string read_file(const std::filesystem::path& path);

/// One data row of a CSV file with its 1-based line number.
struct CsvRow {
  std::size_t line = 0;
  std::vector<std::string> cells;
};

/// A comma-separated table with a header line. Quoted cells ("a,b", "" for a quote) are supported;
/// blank lines and lines starting with '#' are skipped; CRLF is accepted. Every accessor that fails
/// throws InputError(file, line, column name, reason).
class SATCAP_EXPORT CsvTable {
 public:
  /// Parses `path`. `required` columns must be in the header.
  static CsvTable read(const std::filesystem::path& path, const std::vector<std::string>& required = {});
  /// Parses text (the `name` is used in error messages).
  static CsvTable parse(std::string_view text, const std::string& name, const std::vector<std::string>& required = {});

  const std::vector<std::string>& header() const { return header_; }
  const std::vector<CsvRow>& rows() const { return rows_; }
  const std::string& name() const { return name_; }
  bool has_column(const std::string& column) const { return index_.count(column) > 0; }
  std::size_t column(const std::string& column) const;

  /// The cell as text (trimmed). Empty when the column is absent and `optional` is true.
  std::string text(const CsvRow& row, const std::string& column) const;
  /// The cell as a finite double; throws for empty, non-numeric, NaN or infinite cells.
  double number(const CsvRow& row, const std::string& column) const;
  /// The cell as a double, or `fallback` when the column is absent or the cell empty.
  double number_or(const CsvRow& row, const std::string& column, double fallback) const;
  /// The cell as a finite double within [lo, hi] (inclusive), else InputError naming the range.
  double number_in(const CsvRow& row, const std::string& column, double lo, double hi, const char* unit) const;
  [[noreturn]] void fail(const CsvRow& row, const std::string& column, const std::string& why) const;

 private:
  std::string name_;
  std::vector<std::string> header_;
  std::map<std::string, std::size_t> index_;
  std::vector<CsvRow> rows_;
};

/// Splits one CSV line into cells (quotes honoured). Returns false on an unterminated quote.
SATCAP_EXPORT bool split_csv_line(std::string_view line, std::vector<std::string>& cells);
/// Quotes a cell for CSV output when it contains a comma, quote or newline.
SATCAP_EXPORT std::string csv_escape(std::string_view cell);
/// Parses a whole string as a finite double (no trailing text). Returns false otherwise.
SATCAP_EXPORT bool parse_double(std::string_view text, double& out);

}  // namespace satcap::core
