#pragma once
/// @file table.hpp
/// A generic result table (named columns, rows of text / integer / floating-point cells) with
/// deterministic number formatting, so CSV and JSON outputs are byte-identical across runs, thread
/// counts and MPI rank counts. Serialises to and from JSON so results can be journaled for
/// `--resume` and sent between ranks.
#include <satcap/export.hpp>

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace satcap::study {

/// How floating-point cells are printed.
struct NumberFormat {
  enum class Kind {
    shortest,     ///< shortest text that reads back to the same double (std::to_chars)
    significant,  ///< `digits` significant digits ("%.{digits}g")
    fixed,        ///< `digits` digits after the point ("%.{digits}f")
  };
  Kind kind = Kind::shortest;
  int digits = 6;
  static NumberFormat shortest() { return {}; }
  static NumberFormat significant(int digits) { return {Kind::significant, digits}; }
  static NumberFormat fixed(int digits) { return {Kind::fixed, digits}; }
};

/// Formats a double deterministically: NaN -> "nan", infinities -> "inf" / "-inf", negative zero
/// -> "0" (and "-0.000" style results of rounding -> "0.000").
SATCAP_EXPORT std::string format_number(double value, NumberFormat format = {});

/// A table of results. Cells are text, 64-bit integers or doubles.
class SATCAP_EXPORT Table {
 public:
  using Cell = std::variant<std::string, std::int64_t, double>;

  Table() = default;
  explicit Table(std::vector<std::string> columns, NumberFormat format = {});

  const std::vector<std::string>& columns() const noexcept { return columns_; }
  std::size_t rows() const noexcept { return rows_.size(); }
  const std::vector<Cell>& row(std::size_t i) const { return rows_.at(i); }
  /// Appends a row; throws satcap::Error when the cell count differs from the column count.
  void add_row(std::vector<Cell> cells);
  /// Appends every row of `other` (same columns, else satcap::Error).
  void append(const Table& other);
  /// Format of one column's floating-point cells (default: the table's format).
  void set_format(const std::string& column, NumberFormat format);

  /// CSV with a header line, '\n' line ends, cells quoted only when needed.
  std::string to_csv() const;
  /// {"columns": [...], "rows": [[...], ...]} with doubles as JSON numbers (NaN/inf as strings
  /// "nan"/"inf"/"-inf" so they survive the round trip).
  nlohmann::json to_json() const;
  /// Inverse of to_json (formats are not serialised: set them again before writing).
  static Table from_json(const nlohmann::json& json);

 private:
  std::vector<std::string> columns_;
  std::vector<NumberFormat> formats_;
  NumberFormat format_;
  std::vector<std::vector<Cell>> rows_;
};

}  // namespace satcap::study
