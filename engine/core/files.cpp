#include <satcap/core/error.hpp>
#include <satcap/core/files.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <charconv>
#include <cmath>
#include <random>
#include <sstream>

namespace satcap::core {

namespace fs = std::filesystem;

namespace {
std::string unique_suffix() {
  static thread_local std::mt19937_64 rng(std::random_device{}());
  std::ostringstream os;
  os << ".tmp." << ::getpid() << '.' << std::hex << rng();
  return os.str();
}

void fsync_path(const fs::path& p) {
  int fd = ::open(p.c_str(), O_RDONLY);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}
}  // namespace

AtomicFile::AtomicFile(fs::path target) : target_(std::move(target)) {
  fs::path dir = target_.parent_path();
  if (dir.empty()) dir = ".";
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    throw InputError(target_.string(), 0, "", "output directory '" + dir.string() + "' does not exist");
  temp_ = target_;
  temp_ += unique_suffix();
  out_.open(temp_, std::ios::binary | std::ios::trunc);
  if (!out_) throw InputError(target_.string(), 0, "", "cannot write in directory '" + dir.string() + "'");
  out_.precision(17);
}

AtomicFile::~AtomicFile() {
  if (!committed_) {
    out_.close();
    std::error_code ec;
    fs::remove(temp_, ec);
  }
}

void AtomicFile::commit() {
  out_.flush();
  if (!out_) throw InputError(target_.string(), 0, "", "write failed (disk full?)");
  out_.close();
  fsync_path(temp_);
  std::error_code ec;
  fs::rename(temp_, target_, ec);
  if (ec) throw InputError(target_.string(), 0, "", "cannot rename into place: " + ec.message());
  committed_ = true;
  fs::path dir = target_.parent_path();
  fsync_path(dir.empty() ? fs::path(".") : dir);
}

void write_file_atomically(const fs::path& target, std::string_view content) {
  AtomicFile f(target);
  f.stream() << content;
  f.commit();
}

std::string read_file(const fs::path& path) {
  std::error_code ec;
  if (!fs::exists(path, ec)) throw InputError(path.string(), 0, "", "file not found");
  if (fs::is_directory(path, ec)) throw InputError(path.string(), 0, "", "is a directory, not a file");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path.string(), 0, "", "cannot open for reading");
  std::ostringstream os;
  os << in.rdbuf();
  return os.str();
}

bool split_csv_line(std::string_view line, std::vector<std::string>& cells) {
  cells.clear();
  std::string cur;
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < line.size() && line[i + 1] == '"') {
          cur.push_back('"');
          ++i;
        } else {
          quoted = false;
        }
      } else {
        cur.push_back(c);
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      cells.emplace_back(trim(cur));
      cur.clear();
    } else {
      cur.push_back(c);
    }
  }
  if (quoted) return false;
  cells.emplace_back(trim(cur));
  return true;
}

std::string csv_escape(std::string_view cell) {
  if (cell.find_first_of(",\"\n\r") == std::string_view::npos) return std::string(cell);
  std::string out = "\"";
  for (char c : cell) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

bool parse_double(std::string_view text, double& out) {
  text = trim(text);
  if (text.empty()) return false;
  if (text.front() == '+') text.remove_prefix(1);
  auto r = std::from_chars(text.data(), text.data() + text.size(), out);
  return r.ec == std::errc() && r.ptr == text.data() + text.size() && std::isfinite(out);
}

CsvTable CsvTable::read(const fs::path& path, const std::vector<std::string>& required) {
  return parse(read_file(path), path.string(), required);
}

CsvTable CsvTable::parse(std::string_view text, const std::string& name, const std::vector<std::string>& required) {
  CsvTable t;
  t.name_ = name;
  std::size_t pos = 0, line_no = 0;
  bool have_header = false;
  std::vector<std::string> cells;
  while (pos <= text.size()) {
    std::size_t nl = text.find('\n', pos);
    std::string_view line = text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    pos = nl == std::string_view::npos ? text.size() + 1 : nl + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (trim(line).empty() || trim(line).front() == '#') continue;
    if (line.find('\0') != std::string_view::npos) throw InputError(name, line_no, "", "binary data (NUL byte) in a CSV file");
    if (!split_csv_line(line, cells)) throw InputError(name, line_no, "", "unterminated quote");
    if (!have_header) {
      t.header_ = cells;
      for (std::size_t i = 0; i < cells.size(); ++i) {
        if (cells[i].empty()) throw InputError(name, line_no, "", "empty column name in the header");
        if (!t.index_.emplace(cells[i], i).second) throw InputError(name, line_no, cells[i], "duplicate column");
      }
      for (const auto& r : required)
        if (!t.index_.count(r)) throw InputError(name, line_no, r, "required column missing from the header");
      have_header = true;
      continue;
    }
    if (cells.size() != t.header_.size())
      throw InputError(name, line_no, "", "expected " + std::to_string(t.header_.size()) + " cells, found " +
                                              std::to_string(cells.size()));
    t.rows_.push_back({line_no, cells});
  }
  if (!have_header) throw InputError(name, 1, "", "empty file: a header line is required");
  return t;
}

std::size_t CsvTable::column(const std::string& c) const {
  auto it = index_.find(c);
  if (it == index_.end()) throw InputError(name_, 1, c, "column missing from the header");
  return it->second;
}

void CsvTable::fail(const CsvRow& row, const std::string& column, const std::string& why) const {
  throw InputError(name_, row.line, column, why);
}

std::string CsvTable::text(const CsvRow& row, const std::string& c) const { return row.cells[column(c)]; }

double CsvTable::number(const CsvRow& row, const std::string& c) const {
  const std::string& s = row.cells[column(c)];
  double v = 0.0;
  if (s.empty()) fail(row, c, "empty value, a number is required");
  if (!parse_double(s, v)) fail(row, c, "'" + s + "' is not a finite number");
  return v;
}

double CsvTable::number_or(const CsvRow& row, const std::string& c, double fallback) const {
  if (!has_column(c) || row.cells[column(c)].empty()) return fallback;
  return number(row, c);
}

double CsvTable::number_in(const CsvRow& row, const std::string& c, double lo, double hi, const char* unit) const {
  double v = number(row, c);
  if (v < lo || v > hi) {
    std::ostringstream os;
    os.precision(10);
    os << v << " is outside [" << lo << ", " << hi << "] " << unit;
    fail(row, c, os.str());
  }
  return v;
}

}  // namespace satcap::core
