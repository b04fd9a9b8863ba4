#pragma once
/// @file error.hpp
/// satcap's exception hierarchy. Library code throws; the CLI catches, prints one line and exits 2.
/// The per-link hot paths never throw: they return NaN plus a status code (see each kernel).
#include <satcap/export.hpp>

#include <cstddef>
#include <stdexcept>
#include <string>

namespace satcap {

/// Base of every exception satcap throws.
class SATCAP_EXPORT Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message);
};

/// Bad user input: a file, a line (1-based; 0 when not line-oriented) and a field or key.
/// what() reads "FILE:LINE: FIELD: MESSAGE" (parts that are empty are left out).
class SATCAP_EXPORT InputError : public Error {
 public:
  InputError(std::string file, std::size_t line, std::string field, const std::string& message);

  const std::string& file() const noexcept { return file_; }
  std::size_t line() const noexcept { return line_; }
  const std::string& field() const noexcept { return field_; }
  /// The message without the location prefix.
  const std::string& detail() const noexcept { return detail_; }

 private:
  std::string file_;
  std::size_t line_;
  std::string field_;
  std::string detail_;
};

/// A physical input outside the validity range of a model (e.g. frequency outside 1-1000 GHz for
/// P.676). Never clamped silently: the caller must fix the input.
class SATCAP_EXPORT RangeError : public Error {
 public:
  RangeError(const std::string& quantity, double value, const std::string& valid_range,
             const std::string& model);
  const std::string& quantity() const noexcept { return quantity_; }
  double value() const noexcept { return value_; }

 private:
  std::string quantity_;
  double value_;
};

/// Throws RangeError unless lo <= value <= hi (and value is finite).
SATCAP_EXPORT void require_in_range(const char* quantity, double value, double lo, double hi,
                                    const char* unit, const char* model);

}  // namespace satcap
