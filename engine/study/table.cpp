// Generic result tables with deterministic number formatting.
#include <satcap/core/error.hpp>
#include <satcap/core/files.hpp>
#include <satcap/study/table.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>

namespace satcap::study {

namespace {
// "-0", "-0.000", "-0e+00" -> drop the sign: a negative zero must not depend on summation order.
void drop_negative_zero(std::string& s) {
  if (s.empty() || s.front() != '-') return;
  for (char c : s) {
    if (c == 'e' || c == 'E') break;
    if (c >= '1' && c <= '9') return;
  }
  s.erase(0, 1);
}
}  // namespace

std::string format_number(double value, NumberFormat format) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  std::string out;
  if (format.kind == NumberFormat::Kind::shortest) {
    char buf[64];
    auto r = std::to_chars(buf, buf + sizeof buf, value);
    out.assign(buf, r.ptr);
  } else {
    const int digits = std::clamp(format.digits, format.kind == NumberFormat::Kind::significant ? 1 : 0, 30);
    char buf[512];
    const int n = std::snprintf(buf, sizeof buf, format.kind == NumberFormat::Kind::significant ? "%.*g" : "%.*f",
                                digits, value);
    out.assign(buf, static_cast<std::size_t>(std::max(0, std::min<int>(n, sizeof buf - 1))));
  }
  drop_negative_zero(out);
  return out;
}

Table::Table(std::vector<std::string> columns, NumberFormat format)
    : columns_(std::move(columns)), formats_(columns_.size(), format), format_(format) {}

void Table::add_row(std::vector<Cell> cells) {
  if (cells.size() != columns_.size())
    throw Error("Table::add_row: " + std::to_string(cells.size()) + " cells for " + std::to_string(columns_.size()) +
                " columns");
  rows_.push_back(std::move(cells));
}

void Table::append(const Table& other) {
  if (other.columns_ != columns_) throw Error("Table::append: the tables have different columns");
  rows_.insert(rows_.end(), other.rows_.begin(), other.rows_.end());
}

void Table::set_format(const std::string& column, NumberFormat format) {
  for (std::size_t i = 0; i < columns_.size(); ++i)
    if (columns_[i] == column) {
      formats_[i] = format;
      return;
    }
  throw Error("Table::set_format: no column '" + column + "'");
}

std::string Table::to_csv() const {
  std::string out;
  for (std::size_t i = 0; i < columns_.size(); ++i) {
    if (i) out += ',';
    out += core::csv_escape(columns_[i]);
  }
  out += '\n';
  for (const auto& row : rows_) {
    for (std::size_t i = 0; i < row.size(); ++i) {
      if (i) out += ',';
      const Cell& c = row[i];
      if (auto* s = std::get_if<std::string>(&c))
        out += core::csv_escape(*s);
      else if (auto* n = std::get_if<std::int64_t>(&c))
        out += std::to_string(*n);
      else
        out += format_number(std::get<double>(c), i < formats_.size() ? formats_[i] : format_);
    }
    out += '\n';
  }
  return out;
}

nlohmann::json Table::to_json() const {
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& row : rows_) {
    nlohmann::json r = nlohmann::json::array();
    for (const Cell& c : row) {
      if (auto* s = std::get_if<std::string>(&c)) {
        r.push_back(*s);
      } else if (auto* n = std::get_if<std::int64_t>(&c)) {
        r.push_back(*n);
      } else {
        const double d = std::get<double>(c);
        if (std::isfinite(d))
          r.push_back(d);
        else
          r.push_back(nlohmann::json{{"float", format_number(d)}});
      }
    }
    rows.push_back(std::move(r));
  }
  return nlohmann::json{{"columns", columns_}, {"rows", std::move(rows)}};
}

Table Table::from_json(const nlohmann::json& json) {
  try {
    Table t(json.at("columns").get<std::vector<std::string>>());
    for (const auto& r : json.at("rows")) {
      std::vector<Cell> cells;
      cells.reserve(r.size());
      for (const auto& c : r) {
        if (c.is_string()) {
          cells.emplace_back(c.get<std::string>());
        } else if (c.is_number_integer()) {
          cells.emplace_back(c.get<std::int64_t>());
        } else if (c.is_number_float()) {
          cells.emplace_back(c.get<double>());
        } else if (c.is_object() && c.contains("float")) {
          const std::string s = c.at("float").get<std::string>();
          cells.emplace_back(s == "nan"   ? std::nan("")
                             : s == "inf" ? HUGE_VAL
                                          : -HUGE_VAL);
        } else {
          throw Error("Table::from_json: unsupported cell " + c.dump());
        }
      }
      t.add_row(std::move(cells));
    }
    return t;
  } catch (const nlohmann::json::exception& e) {
    throw Error(std::string("Table::from_json: ") + e.what());
  }
}

}  // namespace satcap::study
