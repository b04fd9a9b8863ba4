#include <satcap/core/error.hpp>

#include <cmath>
#include <sstream>

namespace satcap {

Error::Error(const std::string& message) : std::runtime_error(message) {}

namespace {
std::string format_input_error(const std::string& file, std::size_t line, const std::string& field,
                               const std::string& message) {
  std::ostringstream os;
  if (!file.empty()) {
    os << file;
    if (line > 0) os << ':' << line;
    os << ": ";
  } else if (line > 0) {
    os << "line " << line << ": ";
  }
  if (!field.empty()) os << field << ": ";
  os << message;
  return os.str();
}

std::string format_range_error(const std::string& quantity, double value, const std::string& valid,
                               const std::string& model) {
  std::ostringstream os;
  os.precision(10);
  os << quantity << " = " << value << " is outside the validity range " << valid;
  if (!model.empty()) os << " of " << model;
  return os.str();
}
}  // namespace

InputError::InputError(std::string file, std::size_t line, std::string field, const std::string& message)
    : Error(format_input_error(file, line, field, message)),
      file_(std::move(file)),
      line_(line),
      field_(std::move(field)),
      detail_(message) {}

RangeError::RangeError(const std::string& quantity, double value, const std::string& valid_range,
                       const std::string& model)
    : Error(format_range_error(quantity, value, valid_range, model)), quantity_(quantity), value_(value) {}

void require_in_range(const char* quantity, double value, double lo, double hi, const char* unit,
                      const char* model) {
  if (!(std::isfinite(value) && value >= lo && value <= hi)) {
    std::ostringstream range;
    range.precision(10);
    range << '[' << lo << ", " << hi << "] " << unit;
    throw RangeError(quantity, value, range.str(), model);
  }
}

}  // namespace satcap
