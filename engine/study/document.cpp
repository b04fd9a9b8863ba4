// Study files: parsing with toml++, typed getters with file/line/key errors, unknown-key detection.
#include <satcap/core/files.hpp>
#include <satcap/study/document.hpp>
#include <satcap/study/table.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <sstream>

namespace satcap::study {

namespace fs = std::filesystem;

// ---------------------------------------------------------------------------------------------
// Issues and reports

std::string ValidationIssue::to_string() const { return InputError(file, line, key, message).what(); }

namespace {
std::string first_with_count(const std::vector<ValidationIssue>& issues) {
  if (issues.empty()) return "invalid input";
  std::string m = issues.front().message;
  if (issues.size() > 1)
    m += " (and " + std::to_string(issues.size() - 1) + " more problem" + (issues.size() > 2 ? "s" : "") + ")";
  return m;
}
const ValidationIssue& first_or_empty(const std::vector<ValidationIssue>& issues) {
  static const ValidationIssue empty{};
  return issues.empty() ? empty : issues.front();
}
}  // namespace

ValidationError::ValidationError(std::vector<ValidationIssue> issues)
    : InputError(first_or_empty(issues).file, first_or_empty(issues).line, first_or_empty(issues).key,
                 first_with_count(issues)),
      issues_(std::move(issues)) {}

void ValidationReport::add(ValidationIssue issue) { issues_.push_back(std::move(issue)); }

void ValidationReport::add(const InputError& error) {
  if (auto* v = dynamic_cast<const ValidationError*>(&error)) {
    for (const auto& i : v->issues()) issues_.push_back(i);
    return;
  }
  issues_.push_back({error.file(), error.line(), error.field(), error.detail()});
}

void ValidationReport::throw_if_errors() const {
  if (!issues_.empty()) throw ValidationError(issues_);
}

std::string ValidationReport::to_string() const {
  std::string out;
  for (const auto& i : issues_) out += i.to_string() + "\n";
  return out;
}

// ---------------------------------------------------------------------------------------------
// Helpers

std::size_t line_of(const toml::node& node) noexcept { return node.source().begin.line; }

std::string type_name(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::integer: return "integer";
    case toml::node_type::floating_point: return "float";
    case toml::node_type::string: return "string";
    case toml::node_type::boolean: return "boolean";
    case toml::node_type::array: return "array";
    case toml::node_type::table: return "table";
    case toml::node_type::date: return "date";
    case toml::node_type::time: return "time";
    case toml::node_type::date_time: return "date-time";
    default: return "nothing";
  }
}

std::string value_text(const toml::node& node, bool quote_strings) {
  if (auto* i = node.as_integer()) return std::to_string(i->get());
  if (auto* f = node.as_floating_point()) {
    std::string t = format_number(f->get());
    if (t.find_first_of(".eni") == std::string::npos) t += ".0";  // 16.0 stays visibly a float
    return t;
  }
  if (auto* s = node.as_string()) {
    if (!quote_strings) return s->get();
    // For messages: one line, bounded length.
    std::string out = "\"";
    for (char c : s->get()) {
      if (out.size() > 64) {
        out += "...";
        break;
      }
      if (c == '\n')
        out += "\\n";
      else if (c == '\t')
        out += "\\t";
      else if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
        out += '?';
      else
        out += c;
    }
    return out + "\"";
  }
  if (auto* b = node.as_boolean()) return b->get() ? "true" : "false";
  if (auto* a = node.as_array()) {
    std::string out = "[";
    for (std::size_t k = 0; k < a->size(); ++k) {
      if (k) out += ", ";
      if (k == 8) {
        out += "...";
        break;
      }
      out += value_text(*a->get(k), quote_strings);
    }
    return out + "]";
  }
  if (node.is_table()) return "{...}";
  std::ostringstream os;
  node.visit([&](auto&& n) { os << n; });
  return os.str();
}

namespace {

std::string range_text(double lo, double hi, bool lo_open, std::string_view unit) {
  std::string u = unit.empty() ? "" : " " + std::string(unit);
  const bool has_lo = std::isfinite(lo), has_hi = std::isfinite(hi);
  if (has_lo && has_hi)
    return std::string(lo_open ? "(" : "[") + format_number(lo) + ", " + format_number(hi) + "]" + u;
  if (has_lo) return std::string(lo_open ? "> " : ">= ") + format_number(lo) + u;
  if (has_hi) return "<= " + format_number(hi) + u;
  return "any finite value" + u;
}

double placeholder_in(double lo, double hi) {
  const bool has_lo = std::isfinite(lo), has_hi = std::isfinite(hi);
  if (has_lo && has_hi) return lo + 0.5 * (hi - lo);
  if (has_lo) return lo + 1.0;
  if (has_hi) return hi - 1.0;
  return 0.0;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j)
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

const toml::table& empty_table() {
  static const toml::table t;
  return t;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// StudyDocument

StudyDocument::StudyDocument(toml::table root, std::string name, fs::path base_dir, std::string text)
    : root_(std::move(root)), file_(std::move(name)), base_dir_(std::move(base_dir)), text_(std::move(text)) {}

std::shared_ptr<const StudyDocument> StudyDocument::load(const fs::path& path) {
  std::string text = core::read_file(path);
  return parse(text, path.string(), path.parent_path());
}

std::shared_ptr<const StudyDocument> StudyDocument::parse(std::string_view text, std::string name,
                                                          fs::path base_dir) {
  try {
    toml::table root = toml::parse(text, std::string_view(name));
    return std::make_shared<const StudyDocument>(std::move(root), std::move(name), std::move(base_dir),
                                                 std::string(text));
  } catch (const toml::parse_error& e) {
    throw InputError(name, e.source().begin.line, "", "TOML syntax error: " + std::string(e.description()));
  }
}

namespace {
// Type-preserving JSON image of a TOML node: keys sorted, inline and dotted tables alike.
nlohmann::json canonical_json(const toml::node& node) {
  if (auto* t = node.as_table()) {
    nlohmann::json j = nlohmann::json::object();
    for (auto&& [k, v] : *t) j[std::string(k.str())] = canonical_json(v);
    return j;
  }
  if (auto* a = node.as_array()) {
    nlohmann::json j = nlohmann::json::array();
    for (const auto& e : *a) j.push_back(canonical_json(e));
    return j;
  }
  if (auto* i = node.as_integer()) return i->get();
  if (auto* f = node.as_floating_point()) {
    if (std::isfinite(f->get())) return f->get();
    return nlohmann::json{{"float", format_number(f->get())}};
  }
  if (auto* s = node.as_string()) return s->get();
  if (auto* b = node.as_boolean()) return b->get();
  return nlohmann::json{{type_name(node), value_text(node)}};
}
}  // namespace

std::string StudyDocument::canonical() const { return canonical_json(root_).dump(); }

nlohmann::json StudyDocument::to_json() const { return canonical_json(root_); }

// ---------------------------------------------------------------------------------------------
// TomlReader

TomlReader::TomlReader(std::shared_ptr<const StudyDocument> document, ValidationReport* report)
    : document_(std::move(document)), report_(report) {
  if (!document_) throw Error("TomlReader: null document");
}

Section TomlReader::root() {
  mark_visited(&document_->root(), "");
  return Section(this, &document_->root(), "");
}

void TomlReader::mark_known(const toml::table* table, std::string_view key, const toml::node* node) {
  known_names_[table].emplace(key);
  if (node) known_nodes_.insert(node);
}

void TomlReader::mark_subtree(const toml::node* node) {
  if (node) free_subtrees_.insert(node);
}

void TomlReader::mark_visited(const toml::table* table, std::string path) {
  for (const auto& v : visited_)
    if (v.first == table) return;
  visited_.emplace_back(table, std::move(path));
}

void TomlReader::record(const InputError& error) {
  if (report_) {
    // The same problem found twice (e.g. by declare() and by a getter) is reported once.
    for (const auto& i : report_->issues())
      if (i.key == error.field() && i.line == error.line() && i.file == error.file()) return;
    report_->add(error);
    return;
  }
  throw error;
}

void TomlReader::check_unknown_keys() {
  std::vector<ValidationIssue> found;
  for (const auto& [table, path] : visited_) {
    if (free_subtrees_.count(table)) continue;
    const auto names_it = known_names_.find(table);
    for (auto&& [k, v] : *table) {
      if (known_nodes_.count(&v)) continue;
      const std::string key(k.str());
      std::string message = "unknown key '" + key + "'";
      if (names_it != known_names_.end()) {
        std::string best;
        std::size_t best_d = std::max<std::size_t>(2, key.size() / 3) + 1;
        for (const auto& candidate : names_it->second) {
          const std::size_t d = edit_distance(key, candidate);
          if (d < best_d) {
            best_d = d;
            best = candidate;
          }
        }
        if (!best.empty()) message += " (did you mean '" + best + "'?)";
      }
      std::size_t line = k.source().begin.line;
      if (line == 0) line = line_of(v);
      found.push_back({document_->file(), line, path.empty() ? key : path + "." + key, message});
    }
  }
  std::stable_sort(found.begin(), found.end(), [](const ValidationIssue& a, const ValidationIssue& b) {
    return a.line < b.line;
  });
  if (found.empty()) return;
  if (report_) {
    for (auto& f : found) report_->add(std::move(f));
    return;
  }
  throw ValidationError(std::move(found));
}

// ---------------------------------------------------------------------------------------------
// Section

Section::Section(TomlReader* reader, const toml::table* table, std::string path, bool placeholder)
    : reader_(reader), table_(table), path_(std::move(path)), placeholder_(placeholder) {}

std::string Section::key_path(std::string_view key) const {
  if (path_.empty()) return std::string(key);
  if (key.empty()) return path_;
  return path_ + "." + std::string(key);
}

std::size_t Section::line() const noexcept { return study::line_of(*table_); }

std::size_t Section::line_of(std::string_view key) const noexcept {
  if (const toml::node* n = table_->get(key)) {
    std::size_t l = study::line_of(*n);
    if (l > 0) return l;
  }
  return line();
}

bool Section::has(std::string_view key) const noexcept { return table_->get(key) != nullptr; }

std::vector<std::string> Section::keys() const {
  std::vector<std::string> out;
  for (auto&& [k, v] : *table_) out.emplace_back(k.str());
  return out;
}

const toml::node* Section::get(std::string_view key) const {
  const toml::node* n = table_->get(key);
  reader_->mark_known(table_, key, n);
  return n;
}

const toml::node* Section::get_required(std::string_view key) const {
  const toml::node* n = get(key);
  if (!n && !placeholder_) problem(key, "missing required key");
  return n;
}

InputError Section::error(std::string_view key, const std::string& message) const {
  return InputError(reader_->document().file(), line_of(key), key_path(key), message);
}

void Section::problem(std::string_view key, const std::string& message) const { reader_->record(error(key, message)); }

void Section::fail(std::string_view key, const std::string& message) const { throw error(key, message); }

void Section::declare(std::initializer_list<std::string_view> required,
                      std::initializer_list<std::string_view> optional) const {
  for (auto k : required) get_required(k);
  for (auto k : optional) get(k);
}

const toml::node* Section::raw(std::string_view key) const { return get(key); }

void Section::accept(std::initializer_list<std::string_view> keys) const {
  for (auto k : keys) get(k);
}

void Section::accept_subtree(std::string_view key) const { reader_->mark_subtree(get(key)); }

// ---- numbers ----

double Section::check_number(std::string_view key, const toml::node& node, double lo, double hi, bool lo_open,
                             std::string_view unit, double placeholder, bool& ok) const {
  ok = false;
  const std::string path = key_path(key);
  const auto& file = reader_->document().file();
  const std::size_t line = study::line_of(node) ? study::line_of(node) : this->line();
  double v = 0;
  if (auto* i = node.as_integer()) {
    v = static_cast<double>(i->get());
  } else if (auto* f = node.as_floating_point()) {
    v = f->get();
  } else {
    reader_->record(InputError(file, line, path,
                               "expected a number (" + range_text(lo, hi, lo_open, unit) + "), got " +
                                   type_name(node) + " " + value_text(node)));
    return placeholder;
  }
  if (!std::isfinite(v)) {
    reader_->record(InputError(file, line, path, "must be a finite number, got " + value_text(node)));
    return placeholder;
  }
  const bool lo_ok = lo_open ? v > lo : v >= lo;
  if (!lo_ok || !(v <= hi)) {
    reader_->record(InputError(file, line, path,
                               "must be " + std::string(std::isfinite(lo) && std::isfinite(hi) ? "in " : "") +
                                   range_text(lo, hi, lo_open, unit) + ", got " + format_number(v)));
    return placeholder;
  }
  ok = true;
  return v;
}

double Section::number(std::string_view key) const {
  const double inf = std::numeric_limits<double>::infinity();
  return number_in(key, -inf, inf, "");
}

double Section::number_in(std::string_view key, double lo, double hi, std::string_view unit) const {
  const double ph = placeholder_in(lo, hi);
  const toml::node* n = get(key);
  if (!n) {
    if (!placeholder_) problem(key, "missing required key (a number, " + range_text(lo, hi, false, unit) + ")");
    return ph;
  }
  bool ok = false;
  return check_number(key, *n, lo, hi, false, unit, ph, ok);
}

double Section::number_in_or(std::string_view key, double lo, double hi, std::string_view unit,
                             double fallback) const {
  const toml::node* n = get(key);
  if (!n) return fallback;
  bool ok = false;
  return check_number(key, *n, lo, hi, false, unit, fallback, ok);
}

std::optional<double> Section::optional_number_in(std::string_view key, double lo, double hi,
                                                  std::string_view unit) const {
  const toml::node* n = get(key);
  if (!n) return std::nullopt;
  bool ok = false;
  double v = check_number(key, *n, lo, hi, false, unit, placeholder_in(lo, hi), ok);
  return v;
}

double Section::number_above(std::string_view key, double lo, double hi, std::string_view unit) const {
  const double ph = placeholder_in(lo, hi);
  const toml::node* n = get(key);
  if (!n) {
    if (!placeholder_) problem(key, "missing required key (a number, " + range_text(lo, hi, true, unit) + ")");
    return ph;
  }
  bool ok = false;
  return check_number(key, *n, lo, hi, true, unit, ph, ok);
}

double Section::number_above_or(std::string_view key, double lo, double hi, std::string_view unit,
                                double fallback) const {
  const toml::node* n = get(key);
  if (!n) return fallback;
  bool ok = false;
  return check_number(key, *n, lo, hi, true, unit, fallback, ok);
}

namespace {
std::string int_range_text(std::int64_t lo, std::int64_t hi) {
  const bool has_lo = lo != std::numeric_limits<std::int64_t>::min();
  const bool has_hi = hi != std::numeric_limits<std::int64_t>::max();
  if (has_lo && has_hi) return "in [" + std::to_string(lo) + ", " + std::to_string(hi) + "]";
  if (has_lo) return ">= " + std::to_string(lo);
  if (has_hi) return "<= " + std::to_string(hi);
  return "any integer";
}
}  // namespace

std::int64_t Section::integer_in(std::string_view key, std::int64_t lo, std::int64_t hi) const {
  const toml::node* n = get(key);
  if (!n) {
    if (!placeholder_) problem(key, "missing required key (an integer " + int_range_text(lo, hi) + ")");
    return lo;
  }
  return integer_in_or(key, lo, hi, lo);
}

std::int64_t Section::integer_in_or(std::string_view key, std::int64_t lo, std::int64_t hi,
                                    std::int64_t fallback) const {
  const toml::node* n = get(key);
  if (!n) return fallback;
  auto* i = n->as_integer();
  if (!i) {
    problem(key, "expected an integer (" + int_range_text(lo, hi) + "), got " + type_name(*n) + " " + value_text(*n));
    return std::clamp(fallback, lo, hi);
  }
  const std::int64_t v = i->get();
  if (v < lo || v > hi) {
    problem(key, "must be " + int_range_text(lo, hi) + ", got " + std::to_string(v));
    return std::clamp(fallback, lo, hi);
  }
  return v;
}

// ---- strings, booleans ----

std::string Section::string(std::string_view key) const {
  const toml::node* n = get_required(key);
  if (!n) return {};
  if (auto* s = n->as_string()) return s->get();
  problem(key, "expected a string, got " + type_name(*n) + " " + value_text(*n));
  return {};
}

std::string Section::string_or(std::string_view key, std::string_view fallback) const {
  if (!has(key)) {
    get(key);
    return std::string(fallback);
  }
  return string(key);
}

std::optional<std::string> Section::optional_string(std::string_view key) const {
  if (!has(key)) {
    get(key);
    return std::nullopt;
  }
  return string(key);
}

namespace {
std::string choices_text(std::initializer_list<std::string_view> choices) {
  std::string out;
  for (auto c : choices) out += (out.empty() ? "\"" : ", \"") + std::string(c) + "\"";
  return out;
}
}  // namespace

std::string Section::choice(std::string_view key, std::initializer_list<std::string_view> choices) const {
  const toml::node* n = get_required(key);
  const std::string first = choices.size() ? std::string(*choices.begin()) : std::string();
  if (!n) return first;
  auto* s = n->as_string();
  if (!s) {
    problem(key, "expected one of " + choices_text(choices) + ", got " + type_name(*n) + " " + value_text(*n));
    return first;
  }
  for (auto c : choices)
    if (c == s->get()) return s->get();
  problem(key, "must be one of " + choices_text(choices) + ", got \"" + s->get() + "\"");
  return first;
}

std::string Section::choice_or(std::string_view key, std::initializer_list<std::string_view> choices,
                               std::string_view fallback) const {
  if (!has(key)) {
    get(key);
    return std::string(fallback);
  }
  return choice(key, choices);
}

bool Section::boolean(std::string_view key) const {
  const toml::node* n = get_required(key);
  if (!n) return false;
  if (auto* b = n->as_boolean()) return b->get();
  problem(key, "expected true or false, got " + type_name(*n) + " " + value_text(*n));
  return false;
}

bool Section::boolean_or(std::string_view key, bool fallback) const {
  if (!has(key)) {
    get(key);
    return fallback;
  }
  const toml::node* n = get(key);
  if (auto* b = n->as_boolean()) return b->get();
  problem(key, "expected true or false, got " + type_name(*n) + " " + value_text(*n));
  return fallback;
}

// ---- arrays ----

namespace {
// Returns the array or null after recording the problem.
const toml::array* require_array(const Section& s, const toml::node* n, std::string_view key, std::size_t min_count,
                                 const std::string& what) {
  if (!n) return nullptr;
  auto* a = n->as_array();
  if (!a) {
    s.problem(key, "expected an array of " + what + ", got " + type_name(*n) + " " + value_text(*n));
    return nullptr;
  }
  if (a->size() < min_count) {
    s.problem(key, "needs at least " + std::to_string(min_count) + " value" + (min_count > 1 ? "s" : "") +
                       ", got " + std::to_string(a->size()));
    return nullptr;
  }
  return a;
}
}  // namespace

std::vector<double> Section::numbers_in(std::string_view key, double lo, double hi, std::string_view unit,
                                        std::size_t min_count) const {
  std::vector<double> out;
  const toml::array* a =
      require_array(*this, get_required(key), key, min_count, "numbers (" + range_text(lo, hi, false, unit) + ")");
  if (!a) return out;
  for (std::size_t k = 0; k < a->size(); ++k) {
    bool ok = false;
    out.push_back(check_number(std::string(key) + "[" + std::to_string(k) + "]", *a->get(k), lo, hi, false, unit,
                               placeholder_in(lo, hi), ok));
  }
  return out;
}

std::vector<std::int64_t> Section::integers_in(std::string_view key, std::int64_t lo, std::int64_t hi,
                                               std::size_t min_count) const {
  std::vector<std::int64_t> out;
  const toml::array* a = require_array(*this, get_required(key), key, min_count, "integers");
  if (!a) return out;
  for (std::size_t k = 0; k < a->size(); ++k) {
    const toml::node& e = *a->get(k);
    const std::string sub = key_path(key) + "[" + std::to_string(k) + "]";
    const std::size_t line = study::line_of(e) ? study::line_of(e) : line_of(key);
    auto* i = e.as_integer();
    if (!i) {
      reader_->record(InputError(reader_->document().file(), line, sub,
                                 "expected an integer, got " + type_name(e) + " " + value_text(e)));
      out.push_back(lo);
    } else if (i->get() < lo || i->get() > hi) {
      reader_->record(InputError(reader_->document().file(), line, sub,
                                 "must be " + int_range_text(lo, hi) + ", got " + std::to_string(i->get())));
      out.push_back(lo);
    } else {
      out.push_back(i->get());
    }
  }
  return out;
}

std::vector<std::string> Section::strings(std::string_view key, std::size_t min_count) const {
  std::vector<std::string> out;
  const toml::array* a = require_array(*this, get_required(key), key, min_count, "strings");
  if (!a) return out;
  for (std::size_t k = 0; k < a->size(); ++k) {
    const toml::node& e = *a->get(k);
    if (auto* s = e.as_string()) {
      out.push_back(s->get());
    } else {
      const std::size_t line = study::line_of(e) ? study::line_of(e) : line_of(key);
      reader_->record(InputError(reader_->document().file(), line, key_path(key) + "[" + std::to_string(k) + "]",
                                 "expected a string, got " + type_name(e) + " " + value_text(e)));
      out.emplace_back();
    }
  }
  return out;
}

std::vector<std::string> Section::strings_or(std::string_view key, std::vector<std::string> fallback) const {
  if (!has(key)) {
    get(key);
    return fallback;
  }
  return strings(key, 0);
}

// ---- files ----

namespace {
fs::path resolve(const fs::path& base, const std::string& text) {
  fs::path p(text);
  if (p.is_absolute() || base.empty()) return p;
  return base / p;
}
}  // namespace

std::filesystem::path Section::file(std::string_view key) const {
  const std::string text = string(key);
  if (text.empty()) {
    if (has(key) && table_->get(key)->is_string()) problem(key, "empty file name");
    return {};
  }
  fs::path p = resolve(reader_->document().base_dir(), text);
  std::error_code ec;
  if (!fs::exists(p, ec))
    problem(key, "file not found: " + p.string());
  else if (fs::is_directory(p, ec))
    problem(key, "is a directory, expected a file: " + p.string());
  return p;
}

std::vector<std::filesystem::path> Section::files(std::string_view key) const {
  std::vector<std::filesystem::path> out;
  for (const std::string& text : strings(key)) {
    fs::path p = resolve(reader_->document().base_dir(), text);
    std::error_code ec;
    if (text.empty())
      problem(key, "empty file name");
    else if (!fs::is_regular_file(p, ec))
      problem(key, "file not found: " + p.string());
    out.push_back(p);
  }
  return out;
}

std::optional<std::filesystem::path> Section::optional_file(std::string_view key) const {
  if (!has(key)) {
    get(key);
    return std::nullopt;
  }
  return file(key);
}

std::filesystem::path Section::directory(std::string_view key) const {
  const std::string text = string(key);
  if (text.empty()) {
    if (has(key) && table_->get(key)->is_string()) problem(key, "empty directory name");
    return {};
  }
  fs::path p = resolve(reader_->document().base_dir(), text);
  std::error_code ec;
  if (!fs::exists(p, ec))
    problem(key, "directory not found: " + p.string());
  else if (!fs::is_directory(p, ec))
    problem(key, "is not a directory: " + p.string());
  return p;
}

std::optional<std::filesystem::path> Section::optional_directory(std::string_view key) const {
  if (!has(key)) {
    get(key);
    return std::nullopt;
  }
  return directory(key);
}

// ---- tables ----

Section Section::table(std::string_view key) const {
  const toml::node* n = get(key);
  if (!n) {
    if (!placeholder_) problem(key, "missing required table");
    return Section(reader_, &empty_table(), key_path(key), true);
  }
  auto* t = n->as_table();
  if (!t) {
    problem(key, "expected a table, got " + type_name(*n) + " " + value_text(*n));
    return Section(reader_, &empty_table(), key_path(key), true);
  }
  reader_->mark_visited(t, key_path(key));
  return Section(reader_, t, key_path(key), placeholder_);
}

std::optional<Section> Section::optional_table(std::string_view key) const {
  if (!has(key)) {
    get(key);
    return std::nullopt;
  }
  return table(key);
}

std::vector<Section> Section::tables(std::string_view key, std::size_t min_count) const {
  std::vector<Section> out;
  const toml::node* n = get(key);
  if (!n) {
    if (min_count > 0 && !placeholder_) problem(key, "missing required array of tables ([[" + key_path(key) + "]])");
    return out;
  }
  auto* a = n->as_array();
  if (!a) {
    problem(key, "expected an array of tables ([[" + key_path(key) + "]]), got " + type_name(*n) + " " +
                     value_text(*n));
    return out;
  }
  if (a->size() < min_count) {
    problem(key, "needs at least " + std::to_string(min_count) + " entr" + (min_count > 1 ? "ies" : "y") + ", got " +
                     std::to_string(a->size()));
  }
  for (std::size_t k = 0; k < a->size(); ++k) {
    const toml::node& e = *a->get(k);
    const std::string sub = key_path(key) + "[" + std::to_string(k) + "]";
    if (auto* t = e.as_table()) {
      reader_->mark_visited(t, sub);
      out.emplace_back(reader_, t, sub, placeholder_);
    } else {
      const std::size_t line = study::line_of(e) ? study::line_of(e) : line_of(key);
      reader_->record(InputError(reader_->document().file(), line, sub,
                                 "expected a table, got " + type_name(e) + " " + value_text(e)));
    }
  }
  return out;
}

std::vector<std::pair<std::string, Section>> Section::children() const {
  std::vector<std::pair<std::string, Section>> out;
  for (auto&& [k, v] : *table_) {
    const std::string key(k.str());
    reader_->mark_known(table_, key, &v);
    if (auto* t = v.as_table()) {
      reader_->mark_visited(t, key_path(key));
      out.emplace_back(key, Section(reader_, t, key_path(key), placeholder_));
    } else {
      problem(key, "expected a table, got " + type_name(v) + " " + value_text(v));
    }
  }
  return out;
}

}  // namespace satcap::study
