// TLE and OMM (CelesTrak GP JSON) readers. Column layout: Spacetrack Report #3 appendix / CelesTrak
// "FAQ: Two-Line Element Set Format"; Alpha-5 catalogue numbers as defined by 18 SDS (letters A-Z without
// I and O in the first column, A = 10). OMM keywords: CCSDS 502.0-B-3 (Orbit Data Messages), as CelesTrak
// renders them in JSON.
#include <satcap/core/error.hpp>
#include <satcap/core/files.hpp>
#include <satcap/orbit/elements.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cmath>
#include <sstream>

namespace satcap::orbit {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// Julian date at 0h UTC of a Gregorian calendar date (valid 1901-2099, the TLE range).
double jd_at_midnight(int year, int month, int day) {
  return 367.0 * year - std::floor(7.0 * (year + std::floor((month + 9) / 12.0)) * 0.25) + std::floor(275.0 * month / 9.0) +
         day + 1721013.5;
}

bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

struct LineCtx {
  const std::string& source;
  std::size_t line;
  std::string_view text;
  int which;  // 1 or 2

  [[noreturn]] void fail(const std::string& field, int col_from, int col_to, const std::string& why) const {
    std::ostringstream os;
    os << "TLE line " << which << " columns " << col_from << "-" << col_to << ": " << why;
    throw InputError(source, line, field, os.str());
  }
  std::string_view cols(int from, int to) const {  // 1-based inclusive
    return text.substr(static_cast<std::size_t>(from - 1), static_cast<std::size_t>(to - from + 1));
  }
  double number(const std::string& field, int from, int to, bool allow_blank = false) const {
    std::string_view s = trim(cols(from, to));
    if (s.empty()) {
      if (allow_blank) return 0.0;
      fail(field, from, to, "field is blank");
    }
    for (char ch : s)
      if (!(std::isdigit(static_cast<unsigned char>(ch)) || ch == '.' || ch == '-' || ch == '+'))
        fail(field, from, to, "'" + std::string(s) + "' is not a number");
    double v = 0;
    if (!core::parse_double(s, v)) fail(field, from, to, "'" + std::string(s) + "' is not a number");
    return v;
  }
  long integer(const std::string& field, int from, int to, bool allow_blank) const {
    std::string_view s = trim(cols(from, to));
    if (s.empty()) {
      if (allow_blank) return 0;
      fail(field, from, to, "field is blank");
    }
    long v = 0;
    for (char ch : s) {
      if (!std::isdigit(static_cast<unsigned char>(ch))) fail(field, from, to, "'" + std::string(s) + "' is not an integer");
      v = v * 10 + (ch - '0');
    }
    return v;
  }
  // Implied-decimal exponent field, e.g. " 12345-4" = 0.12345e-4, "-11606-4", " 00000+0".
  double implied(const std::string& field, int from, int to) const {
    std::string_view s = trim(cols(from, to));
    if (s.empty()) return 0.0;
    std::string_view t = s;
    double sign = 1.0;
    if (t.front() == '-' || t.front() == '+') {
      if (t.front() == '-') sign = -1.0;
      t.remove_prefix(1);
    }
    if (t.size() < 3) fail(field, from, to, "'" + std::string(s) + "' is not an implied-decimal number like 12345-4");
    const char esign = t[t.size() - 2];
    const char edig = t.back();
    std::string_view mant = t.substr(0, t.size() - 2);
    if ((esign != '-' && esign != '+') || !std::isdigit(static_cast<unsigned char>(edig)) || mant.empty())
      fail(field, from, to, "'" + std::string(s) + "' is not an implied-decimal number like 12345-4");
    if (mant.front() == '.') mant.remove_prefix(1);
    double m = 0.0, scale = 1.0;
    for (char ch : mant) {
      if (!std::isdigit(static_cast<unsigned char>(ch)))
        fail(field, from, to, "'" + std::string(s) + "' is not an implied-decimal number like 12345-4");
      m = m * 10.0 + (ch - '0');
      scale *= 10.0;
    }
    const int e = (edig - '0') * (esign == '-' ? -1 : 1);
    return sign * (m / scale) * std::pow(10.0, e);
  }
};

void check_in(const LineCtx& c, const std::string& field, int from, int to, double v, double lo, double hi,
              const char* unit) {
  if (!(v >= lo && v <= hi)) {
    std::ostringstream os;
    os << "value " << v << " outside [" << lo << ", " << hi << "] " << unit;
    c.fail(field, from, to, os.str());
  }
}

std::vector<std::pair<std::size_t, std::string_view>> split_lines(std::string_view text) {
  std::vector<std::pair<std::size_t, std::string_view>> out;
  std::size_t pos = 0, no = 0;
  while (pos <= text.size()) {
    std::size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view line = text.substr(pos, nl - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    ++no;
    if (!(nl == text.size() && line.empty())) out.emplace_back(no, line);
    if (nl == text.size()) break;
    pos = nl + 1;
  }
  return out;
}

}  // namespace

int decode_alpha5(std::string_view f) {
  f = trim(f);
  if (f.empty() || f.size() > 5) return -1;
  int value = 0;
  std::size_t start = 0;
  if (std::isalpha(static_cast<unsigned char>(f[0]))) {
    if (f.size() != 5) return -1;
    const char ch = static_cast<char>(std::toupper(static_cast<unsigned char>(f[0])));
    if (ch == 'I' || ch == 'O') return -1;
    int v = ch - 'A' + 10;
    if (ch > 'I') --v;
    if (ch > 'O') --v;
    value = v;
    start = 1;
  }
  for (std::size_t i = start; i < f.size(); ++i) {
    if (!std::isdigit(static_cast<unsigned char>(f[i]))) return -1;
    value = value * 10 + (f[i] - '0');
  }
  return value;
}

std::string encode_alpha5(int id) {
  require_in_range("NORAD catalogue number", id, 0, 339999, "", "Alpha-5");
  if (id < 100000) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%05d", id);
    return buf;
  }
  int lead = id / 10000;  // 10..33
  char ch = static_cast<char>('A' + lead - 10);
  if (ch >= 'I') ++ch;
  if (ch >= 'O') ++ch;
  char buf[16];
  std::snprintf(buf, sizeof buf, "%c%04d", ch, id % 10000);
  return buf;
}

int tle_checksum(std::string_view line) {
  int sum = 0;
  for (std::size_t i = 0; i < line.size() && i < 68; ++i) {
    const char ch = line[i];
    if (std::isdigit(static_cast<unsigned char>(ch)))
      sum += ch - '0';
    else if (ch == '-')
      sum += 1;
  }
  return sum % 10;
}

MeanElements parse_tle_lines(std::string_view line1, std::string_view line2, const std::string& name,
                             const std::string& source, std::size_t line_number, const ReadOptions& options) {
  if (!line1.empty() && line1.back() == '\r') line1.remove_suffix(1);
  if (!line2.empty() && line2.back() == '\r') line2.remove_suffix(1);
  const std::size_t ln2 = line_number ? line_number + 1 : 0;
  LineCtx l1{source, line_number, line1, 1};
  LineCtx l2{source, ln2, line2, 2};
  for (const LineCtx* l : {&l1, &l2}) {
    const std::string_view t = l->text;
    if (t.size() < 69) {
      std::string_view tt = t;
      while (!tt.empty() && tt.back() == ' ') tt.remove_suffix(1);
      throw InputError(source, l->line, "line length",
                       "TLE line " + std::to_string(l->which) + " has " + std::to_string(t.size()) +
                           " characters, expected 69 (fields out of their columns?)");
    }
    if (t[0] != static_cast<char>('0' + l->which) || t[1] != ' ')
      l->fail("line number", 1, 2, "expected '" + std::to_string(l->which) + " ' at the start of the line");
    if (t.size() > 69) {
      const bool extra_allowed = options.allow_trailing_text && l->which == 2;
      if (!extra_allowed && !trim(t.substr(69)).empty())
        l->fail("line length", 70, static_cast<int>(t.size()), "unexpected text after column 69");
    }
    if (options.verify_checksum) {
      const char ck = t[68];
      if (!std::isdigit(static_cast<unsigned char>(ck))) l->fail("checksum", 69, 69, "checksum is not a digit");
      const int expect = tle_checksum(t);
      if (ck - '0' != expect)
        l->fail("checksum", 69, 69,
                "checksum " + std::string(1, ck) + " does not match the computed " + std::to_string(expect));
    }
  }
  // Separator columns must be blank: a character there means a field is out of its columns.
  struct Sep { int col; const char* between; };
  static const Sep seps1[] = {{2, "line number/catalogue number"}, {9, "classification/international designator"},
                              {18, "international designator/epoch"}, {33, "epoch/mean motion dot"},
                              {44, "mean motion dot/mean motion ddot"}, {53, "mean motion ddot/bstar"},
                              {62, "bstar/ephemeris type"}, {64, "ephemeris type/element set number"}};
  static const Sep seps2[] = {{2, "line number/catalogue number"}, {8, "catalogue number/inclination"},
                              {17, "inclination/raan"}, {26, "raan/eccentricity"}, {34, "eccentricity/arg of perigee"},
                              {43, "arg of perigee/mean anomaly"}, {52, "mean anomaly/mean motion"}};
  for (const Sep& sp : seps1)
    if (line1[static_cast<std::size_t>(sp.col - 1)] != ' ')
      l1.fail(sp.between, sp.col, sp.col, "column must be blank (a field is out of its columns)");
  for (const Sep& sp : seps2)
    if (line2[static_cast<std::size_t>(sp.col - 1)] != ' ')
      l2.fail(sp.between, sp.col, sp.col, "column must be blank (a field is out of its columns)");
  MeanElements e;
  e.name = std::string(trim(name));
  e.source = source;
  e.source_line = line_number;
  const int id1 = decode_alpha5(l1.cols(3, 7));
  if (id1 < 0) l1.fail("catalogue number", 3, 7, "'" + std::string(l1.cols(3, 7)) + "' is not a catalogue number (digits or Alpha-5)");
  const int id2 = decode_alpha5(l2.cols(3, 7));
  if (id2 < 0) l2.fail("catalogue number", 3, 7, "'" + std::string(l2.cols(3, 7)) + "' is not a catalogue number (digits or Alpha-5)");
  if (id1 != id2) l2.fail("catalogue number", 3, 7, "catalogue number differs from line 1 (" + std::to_string(id1) + ")");
  e.norad_id = id1;
  e.classification = line1[7] == ' ' ? 'U' : line1[7];
  e.intl_designator = std::string(trim(l1.cols(10, 17)));

  // Epoch: two-digit year (57-99 -> 19xx, 00-56 -> 20xx) and day of year with fraction.
  const long yy = l1.integer("epoch year", 19, 20, false);
  const int year = static_cast<int>(yy < 57 ? 2000 + yy : 1900 + yy);
  const double days = l1.number("epoch day", 21, 32);
  check_in(l1, "epoch day", 21, 32, days, 1.0, is_leap(year) ? 367.0 : 366.0, "day of year");
  const double whole = std::floor(days);
  e.epoch_jd_utc = {jd_at_midnight(year, 1, 1) - 1.0 + whole, days - whole};
  e.epoch = core::Epoch::from_jd_utc(e.epoch_jd_utc.jd1, e.epoch_jd_utc.jd2);

  e.mean_motion_dot = l1.number("mean motion dot", 34, 43, true);
  e.mean_motion_ddot = l1.implied("mean motion ddot", 45, 52);
  e.bstar = l1.implied("bstar", 54, 61);
  e.element_set_no = static_cast<int>(l1.integer("element set number", 65, 68, true));

  e.inclination_deg = l2.number("inclination", 9, 16);
  check_in(l2, "inclination", 9, 16, e.inclination_deg, 0.0, 180.0, "deg");
  e.raan_deg = l2.number("raan", 18, 25);
  check_in(l2, "raan", 18, 25, e.raan_deg, 0.0, 360.0, "deg");
  {
    std::string_view s = trim(l2.cols(27, 33));
    if (s.empty()) l2.fail("eccentricity", 27, 33, "field is blank");
    double m = 0.0, scale = 1.0;
    for (char ch : s) {
      if (!std::isdigit(static_cast<unsigned char>(ch)))
        l2.fail("eccentricity", 27, 33, "'" + std::string(s) + "' is not a 7-digit implied-decimal eccentricity");
      m = m * 10.0 + (ch - '0');
      scale *= 10.0;
    }
    // Leading blanks are leading zeros (the field is right-aligned with an implied leading decimal point).
    const std::size_t blanks = 7 - s.size();
    for (std::size_t i = 0; i < blanks; ++i) scale *= 10.0;
    e.eccentricity = m / scale;
  }
  e.arg_perigee_deg = l2.number("arg of perigee", 35, 42);
  check_in(l2, "arg of perigee", 35, 42, e.arg_perigee_deg, 0.0, 360.0, "deg");
  e.mean_anomaly_deg = l2.number("mean anomaly", 44, 51);
  check_in(l2, "mean anomaly", 44, 51, e.mean_anomaly_deg, 0.0, 360.0, "deg");
  e.mean_motion_rev_day = l2.number("mean motion", 53, 63);
  if (!(e.mean_motion_rev_day > 0.0 && e.mean_motion_rev_day < 20.0))
    l2.fail("mean motion", 53, 63, "mean motion must be in (0, 20) rev/day");
  e.rev_at_epoch = l2.integer("revolution number", 64, 68, true);
  return e;
}

std::vector<MeanElements> parse_tle_text(std::string_view text, const std::string& source, const ReadOptions& options,
                                         ReadReport* report) {
  std::vector<MeanElements> out;
  const auto lines = split_lines(text);
  std::string pending_name;
  std::size_t i = 0;
  ReadReport local;
  ReadReport& rep = report ? *report : local;
  auto starts = [](std::string_view l, char c) { return l.size() >= 2 && l[0] == c && l[1] == ' '; };
  while (i < lines.size()) {
    const auto [no, line] = lines[i];
    if (trim(line).empty() || line.front() == '#') {
      ++i;
      continue;
    }
    if (starts(line, '1')) {
      std::size_t used = 1;
      try {
        if (i + 1 >= lines.size() || !starts(lines[i + 1].second, '2'))
          throw InputError(source, i + 1 < lines.size() ? lines[i + 1].first : no + 1, "line 2",
                           "TLE line 1 is not followed by line 2");
        used = 2;
        out.push_back(parse_tle_lines(line, lines[i + 1].second, pending_name, source, no, options));
        ++rep.records;
      } catch (const InputError& err) {
        if (!options.skip_bad_records) throw;
        ++rep.skipped;
        rep.skipped_reasons.emplace_back(err.what());
      }
      pending_name.clear();
      i += used;
      continue;
    }
    if (starts(line, '2')) {
      InputError err(source, no, "line 1", "TLE line 2 without a preceding line 1");
      if (!options.skip_bad_records) throw err;
      ++rep.skipped;
      rep.skipped_reasons.emplace_back(err.what());
      ++i;
      continue;
    }
    // A name line (3-line format); Space-Track's "0 NAME" prefix is removed.
    std::string_view nm = line;
    if (nm.size() >= 2 && nm[0] == '0' && nm[1] == ' ') nm.remove_prefix(2);
    if (!pending_name.empty()) {
      InputError err(source, no - 1, "name", "name line '" + pending_name + "' is not followed by a TLE");
      if (!options.skip_bad_records) throw err;
      ++rep.skipped;
      rep.skipped_reasons.emplace_back(err.what());
    }
    pending_name = std::string(trim(nm));
    if (pending_name.empty()) pending_name = " ";
    ++i;
  }
  if (!pending_name.empty()) {
    InputError err(source, lines.empty() ? 0 : lines.back().first, "name",
                   "name line '" + pending_name + "' at the end of the file is not followed by a TLE");
    if (!options.skip_bad_records) throw err;
    ++rep.skipped;
    rep.skipped_reasons.emplace_back(err.what());
  }
  return out;
}

std::vector<MeanElements> read_tle_file(const std::filesystem::path& path, const ReadOptions& options,
                                        ReadReport* report) {
  return parse_tle_text(core::read_file(path), path.string(), options, report);
}

// ---- OMM / JSON --------------------------------------------------------------------------------
namespace {

std::size_t line_of_offset(std::string_view text, std::size_t offset) {
  std::size_t line = 1;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i)
    if (text[i] == '\n') ++line;
  return line;
}

// Byte ranges of the objects that are elements of an array (the element-set objects), in order.
std::vector<std::pair<std::size_t, std::size_t>> object_ranges(std::string_view text) {
  std::vector<std::pair<std::size_t, std::size_t>> out;
  std::vector<char> stack;
  std::vector<std::size_t> open_at;
  bool in_str = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char ch = text[i];
    if (in_str) {
      if (ch == '\\') ++i;
      else if (ch == '"') in_str = false;
      continue;
    }
    if (ch == '"') in_str = true;
    else if (ch == '{' || ch == '[') {
      stack.push_back(ch);
      open_at.push_back(i);
    } else if (ch == '}' || ch == ']') {
      if (stack.empty()) break;
      const char open = stack.back();
      const std::size_t at = open_at.back();
      stack.pop_back();
      open_at.pop_back();
      if (open == '{' && !stack.empty() && stack.back() == '[') out.emplace_back(at, i);
    }
  }
  // Sort by start so the order matches the array order (inner objects close first otherwise).
  std::sort(out.begin(), out.end());
  return out;
}

struct OmmCtx {
  std::string_view text;
  const std::string& source;
  std::size_t begin = 0, end = 0;
  std::size_t obj_line = 0;

  std::size_t line_of_key(const std::string& key) const {
    if (end <= begin) return obj_line;
    const std::string needle = "\"" + key + "\"";
    const std::size_t p = text.substr(begin, end - begin + 1).find(needle);
    return p == std::string_view::npos ? obj_line : line_of_offset(text, begin + p);
  }
  [[noreturn]] void fail(const std::string& key, const std::string& why) const {
    throw InputError(source, line_of_key(key), key, why);
  }
};

double omm_number(const nlohmann::json& o, const OmmCtx& c, const std::string& key, bool required, double fallback = 0.0) {
  auto it = o.find(key);
  if (it == o.end() || it->is_null()) {
    if (required) c.fail(key, "missing key " + key);
    return fallback;
  }
  double v = 0.0;
  if (it->is_number()) {
    v = it->get<double>();
  } else if (it->is_string()) {
    if (!core::parse_double(it->get<std::string>(), v)) c.fail(key, "'" + it->get<std::string>() + "' is not a number");
  } else {
    c.fail(key, "expected a number");
  }
  if (!std::isfinite(v)) c.fail(key, "not a finite number");
  return v;
}

std::string omm_string(const nlohmann::json& o, const OmmCtx& c, const std::string& key, bool required) {
  auto it = o.find(key);
  if (it == o.end() || it->is_null()) {
    if (required) c.fail(key, "missing key " + key);
    return "";
  }
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number()) return it->dump();
  c.fail(key, "expected a string");
}

// "YYYY-MM-DDTHH:MM:SS[.ffffff][Z]" -> two-part UTC JD with full fraction precision.
core::JulianDate omm_epoch(const std::string& s, const OmmCtx& c) {
  int Y = 0, M = 0, D = 0, h = 0, m = 0;
  double sec = 0.0;
  std::string t = s;
  if (!t.empty() && (t.back() == 'Z' || t.back() == 'z')) t.pop_back();
  char sep = 0;
  int consumed = 0;
  if (std::sscanf(t.c_str(), "%4d-%2d-%2d%c%2d:%2d:%n", &Y, &M, &D, &sep, &h, &m, &consumed) != 6 ||
      (sep != 'T' && sep != ' '))
    c.fail("EPOCH", "'" + s + "' is not an ISO-8601 date-time YYYY-MM-DDTHH:MM:SS.ffffff");
  if (!core::parse_double(std::string_view(t).substr(static_cast<std::size_t>(consumed)), sec))
    c.fail("EPOCH", "'" + s + "' has bad seconds");
  static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (M < 1 || M > 12 || D < 1 || D > mdays[M - 1] + (M == 2 && is_leap(Y) ? 1 : 0) || h > 23 || m > 59 || sec < 0 ||
      sec >= 61.0)
    c.fail("EPOCH", "'" + s + "' is not a valid date-time");
  return {jd_at_midnight(Y, M, D), (h * 3600.0 + m * 60.0 + sec) / 86400.0};
}

}  // namespace

std::vector<MeanElements> parse_omm_json(std::string_view text, const std::string& source, const ReadOptions& options,
                                         ReadReport* report) {
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(text.begin(), text.end());
  } catch (const nlohmann::json::parse_error& e) {
    throw InputError(source, line_of_offset(text, e.byte > 0 ? e.byte - 1 : 0), "json", e.what());
  } catch (const nlohmann::json::exception& e) {  // e.g. out_of_range 406: a number overflows a double
    throw InputError(source, 0, "json", e.what());
  }
  const nlohmann::json* arr = &doc;
  nlohmann::json single;
  if (doc.is_object()) {
    auto it = doc.find("objects");
    if (it != doc.end() && it->is_array()) {
      arr = &*it;  // a wrapper {"objects": [...]} as written by some mirrors
    } else {
      single = nlohmann::json::array({doc});
      arr = &single;
    }
  }
  if (!arr->is_array()) throw InputError(source, 1, "json", "expected an array of OMM objects");
  const auto ranges = object_ranges(text);
  ReadReport local;
  ReadReport& rep = report ? *report : local;
  std::vector<MeanElements> out;
  for (std::size_t k = 0; k < arr->size(); ++k) {
    OmmCtx c{text, source};
    c.obj_line = 1;
    c.end = text.empty() ? 0 : text.size() - 1;
    if (arr != &single && k < ranges.size()) {
      c.begin = ranges[k].first;
      c.end = ranges[k].second;
      c.obj_line = line_of_offset(text, c.begin);
    }
    try {
      const nlohmann::json& o = (*arr)[k];
      if (!o.is_object()) throw InputError(source, c.obj_line, "json", "array element is not an object");
      MeanElements e;
      e.source = source;
      e.source_line = c.obj_line;
      e.name = omm_string(o, c, "OBJECT_NAME", false);
      e.intl_designator = omm_string(o, c, "OBJECT_ID", false);
      const std::string cls = omm_string(o, c, "CLASSIFICATION_TYPE", false);
      e.classification = cls.empty() ? 'U' : cls[0];
      const double id = omm_number(o, c, "NORAD_CAT_ID", true);
      if (id < 0 || id > 999999999 || id != std::floor(id)) c.fail("NORAD_CAT_ID", "not a catalogue number");
      e.norad_id = static_cast<int>(id);
      e.epoch_jd_utc = omm_epoch(omm_string(o, c, "EPOCH", true), c);
      e.epoch = core::Epoch::from_jd_utc(e.epoch_jd_utc.jd1, e.epoch_jd_utc.jd2);
      e.mean_motion_rev_day = omm_number(o, c, "MEAN_MOTION", true);
      if (!(e.mean_motion_rev_day > 0.0 && e.mean_motion_rev_day < 20.0)) c.fail("MEAN_MOTION", "must be in (0, 20) rev/day");
      e.eccentricity = omm_number(o, c, "ECCENTRICITY", true);
      if (!(e.eccentricity >= 0.0 && e.eccentricity < 1.0)) c.fail("ECCENTRICITY", "must be in [0, 1)");
      e.inclination_deg = omm_number(o, c, "INCLINATION", true);
      if (!(e.inclination_deg >= 0.0 && e.inclination_deg <= 180.0)) c.fail("INCLINATION", "must be in [0, 180] deg");
      e.raan_deg = omm_number(o, c, "RA_OF_ASC_NODE", true);
      e.arg_perigee_deg = omm_number(o, c, "ARG_OF_PERICENTER", true);
      e.mean_anomaly_deg = omm_number(o, c, "MEAN_ANOMALY", true);
      e.bstar = omm_number(o, c, "BSTAR", true);
      e.mean_motion_dot = omm_number(o, c, "MEAN_MOTION_DOT", false);
      e.mean_motion_ddot = omm_number(o, c, "MEAN_MOTION_DDOT", false);
      e.element_set_no = static_cast<int>(omm_number(o, c, "ELEMENT_SET_NO", false));
      e.rev_at_epoch = static_cast<long>(omm_number(o, c, "REV_AT_EPOCH", false));
      out.push_back(std::move(e));
      ++rep.records;
    } catch (const InputError& err) {
      if (!options.skip_bad_records) throw;
      ++rep.skipped;
      rep.skipped_reasons.emplace_back(err.what());
    }
  }
  return out;
}

std::vector<MeanElements> read_omm_json(const std::filesystem::path& path, const ReadOptions& options,
                                        ReadReport* report) {
  return parse_omm_json(core::read_file(path), path.string(), options, report);
}

std::vector<MeanElements> read_elements_file(const std::filesystem::path& path, const ReadOptions& options,
                                             ReadReport* report) {
  const std::string text = core::read_file(path);
  for (char ch : text) {
    if (std::isspace(static_cast<unsigned char>(ch))) continue;
    if (ch == '[' || ch == '{') return parse_omm_json(text, path.string(), options, report);
    break;
  }
  return parse_tle_text(text, path.string(), options, report);
}

}  // namespace satcap::orbit
