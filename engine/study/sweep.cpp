// Sweep expansion: [sweep] (product or listed cases) -> ordered, named, fully resolved cases.
#include <satcap/core/files.hpp>
#include <satcap/study/sweep.hpp>
#include <satcap/study/table.hpp>

#include <boost/uuid/detail/sha1.hpp>

#include <cstdio>
#include <map>
#include <tuple>
#include <set>
#include <variant>

namespace satcap::study {

std::string sha1_hex(std::string_view data) {
  boost::uuids::detail::sha1 h;
  h.process_bytes(data.data(), data.size());
  boost::uuids::detail::sha1::digest_type d;
  h.get_digest(d);
  char buf[41];
  for (int i = 0; i < 5; ++i) std::snprintf(buf + 8 * i, 9, "%08x", static_cast<unsigned>(d[i]));
  return std::string(buf, 40);
}

std::string file_checksum(const std::filesystem::path& path) { return "sha1:" + sha1_hex(core::read_file(path)); }

std::string case_id(const std::string& name) {
  if (name.empty()) return "case";
  std::string id;
  bool changed = false;
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                    c == '_' || c == '-' || c == '=' || c == ',' || c == '+';
    id.push_back(ok ? c : '_');
    changed = changed || !ok;
  }
  if (id.front() == '.') {  // no hidden files
    id.front() = '_';
    changed = true;
  }
  if (id.size() > 80) {
    id.resize(80);
    changed = true;
  }
  if (changed) id += "-" + sha1_hex(name).substr(0, 8);
  return id;
}

namespace {

using Step = std::variant<std::string, std::size_t>;

std::string steps_text(const std::vector<Step>& steps) {
  std::string out;
  for (const auto& s : steps) {
    if (auto* k = std::get_if<std::string>(&s)) {
      if (!out.empty()) out.push_back('.');
      out.append(*k);
    } else {
      out.push_back('[');
      out.append(std::to_string(std::get<std::size_t>(s)));
      out.push_back(']');
    }
  }
  return out;
}

// "a.b[1].c" -> a, b, 1, c. Returns false on a malformed path.
bool parse_path(const std::string& path, std::vector<Step>& steps) {
  steps.clear();
  std::size_t pos = 0;
  while (pos <= path.size()) {
    std::size_t end = path.find('.', pos);
    if (end == std::string::npos) end = path.size();
    std::string part = path.substr(pos, end - pos);
    std::size_t br = part.find('[');
    std::string name = part.substr(0, br);
    if (name.empty()) return false;
    steps.emplace_back(name);
    while (br != std::string::npos) {
      std::size_t close = part.find(']', br);
      if (close == std::string::npos || close == br + 1) return false;
      std::size_t idx = 0;
      for (std::size_t k = br + 1; k < close; ++k) {
        if (part[k] < '0' || part[k] > '9') return false;
        idx = idx * 10 + static_cast<std::size_t>(part[k] - '0');
        if (idx > 1000000) return false;
      }
      steps.emplace_back(idx);
      br = close + 1;
      if (br == part.size()) break;
      if (part[br] != '[') return false;
    }
    pos = end + 1;
  }
  return !steps.empty();
}

// "an integer", "a float", ...
std::string a_type(const toml::node& node) {
  const std::string t = type_name(node);
  return (t[0] == 'a' || t[0] == 'e' || t[0] == 'i' || t[0] == 'o' || t[0] == 'u' ? "an " : "a ") + t;
}

// Resolves steps from a node; on failure returns null and explains why.
template <typename Node>
Node* resolve(Node* cur, const std::vector<Step>& steps, std::string& why) {
  std::vector<Step> done;
  for (const auto& s : steps) {
    if (auto* k = std::get_if<std::string>(&s)) {
      auto* t = cur->as_table();
      if (!t) {
        why = "'" + steps_text(done) + "' is " + a_type(*cur) + ", not a table";
        return nullptr;
      }
      cur = t->get(*k);
      if (!cur) {
        why = done.empty() ? "the study has no key '" + *k + "'" : "no key '" + *k + "' in '" + steps_text(done) + "'";
        return nullptr;
      }
    } else {
      const std::size_t i = std::get<std::size_t>(s);
      auto* a = cur->as_array();
      if (!a) {
        why = "'" + steps_text(done) + "' is " + a_type(*cur) + ", not an array";
        return nullptr;
      }
      if (i >= a->size()) {
        why = "index " + std::to_string(i) + " out of range: '" + steps_text(done) + "' has " +
              std::to_string(a->size()) + " elements";
        return nullptr;
      }
      cur = a->get(i);
    }
    done.push_back(s);
  }
  return cur;
}

// Value as written in case names: numbers in shortest form (-42.0 -> "-42"), strings unquoted.
std::string name_text(const toml::node& node) {
  if (auto* f = node.as_floating_point()) return format_number(f->get());
  return value_text(node, false);
}

bool same_kind(const toml::node& target, const toml::node& value) {
  if (target.is_floating_point()) return value.is_number();
  return target.type() == value.type();
}

struct Override {
  std::string path;
  std::vector<Step> target;
  std::vector<Step> source;  // location of the value inside the parsed study (under [sweep])
  std::string text;
};

struct Plan {
  std::string name;
  std::vector<Override> overrides;
};

// Checks a swept path and one value; records problems located at the value (or the path).
enum class Check { ok, bad_path, bad_value };

Check check_override(const StudyDocument& doc, const Section& where, std::string_view path_key,
                     const std::string& path, const toml::node& value, const std::string& value_key,
                     std::vector<Step>& steps, ValidationReport& rep) {
  if (!parse_path(path, steps)) {
    where.problem(path_key, "malformed parameter path '" + path + "' (expected dotted keys such as \"a.b[1].c\")");
    return Check::bad_path;
  }
  if (std::get_if<std::string>(&steps.front()) && std::get<std::string>(steps.front()) == "sweep") {
    where.problem(path_key, "a sweep cannot change the [sweep] section itself");
    return Check::bad_path;
  }
  std::string why;
  const toml::node* target = resolve(static_cast<const toml::node*>(&doc.root()), steps, why);
  if (!target) {
    where.problem(path_key, "parameter path '" + path + "' does not exist: " + why +
                                " (write the key in the study to sweep it)");
    return Check::bad_path;
  }
  if (!same_kind(*target, value)) {
    const std::size_t line = line_of(value) ? line_of(value) : where.line_of(path_key);
    rep.add(ValidationIssue{doc.file(), line, value_key,
                            "value " + value_text(value) + " is " + a_type(value) + " but '" + path +
                                "' is " + a_type(*target) + " (line " + std::to_string(line_of(*target)) + ")"});
    return Check::bad_value;
  }
  return Check::ok;
}

void flatten(const toml::table& t, std::vector<Step> source, const std::string& prefix,
             std::vector<std::tuple<std::string, std::vector<Step>, const toml::node*>>& out) {
  for (auto&& [k, v] : t) {
    std::vector<Step> s = source;
    s.emplace_back(std::string(k.str()));
    const std::string path = prefix.empty() ? std::string(k.str()) : prefix + "." + std::string(k.str());
    if (auto* sub = v.as_table())
      flatten(*sub, s, path, out);
    else
      out.emplace_back(path, s, &v);
  }
}

void apply(toml::table& root, const Override& o) {
  std::string why;
  toml::node* src = resolve(static_cast<toml::node*>(&root), o.source, why);
  std::vector<Step> parent_steps(o.target.begin(), o.target.end() - 1);
  toml::node* parent = resolve(static_cast<toml::node*>(&root), parent_steps, why);
  if (!src || !parent) throw Error("sweep: cannot apply override '" + o.path + "': " + why);
  const Step& last = o.target.back();
  src->visit([&](auto& n) {
    if (auto* k = std::get_if<std::string>(&last))
      parent->as_table()->insert_or_assign(*k, std::move(n));
    else {
      auto* a = parent->as_array();
      a->replace(a->cbegin() + static_cast<std::ptrdiff_t>(std::get<std::size_t>(last)), std::move(n));
    }
  });
}

}  // namespace

std::vector<CaseSpec> expand_cases(const std::shared_ptr<const StudyDocument>& document, ValidationReport* report,
                                   const SweepOptions& options) {
  if (!document) throw Error("expand_cases: null document");
  ValidationReport local;
  ValidationReport& rep = report ? *report : local;
  const std::size_t before = rep.size();
  TomlReader reader(document, &rep);
  Section root = reader.root();
  for (const auto& k : root.keys())
    if (k != "sweep") root.accept_subtree(k);

  std::vector<Plan> plans;
  auto sweep = root.optional_table("sweep");
  if (!sweep) {
    plans.push_back({"base", {}});
  } else {
    const std::string mode = sweep->choice_or("mode", {"product", "cases"}, "product");
    const bool include_base = sweep->boolean_or("include_base", false);
    if (include_base) plans.push_back({"base", {}});
    if (mode == "product") {
      if (sweep->has("cases")) sweep->problem("cases", "[[sweep.cases]] needs mode = \"cases\"");
      sweep->raw("cases");
      struct Param {
        std::string path, label;
        std::vector<Step> target;
        std::vector<Override> values;
      };
      std::vector<Param> params;
      std::set<std::string> paths;
      const auto entries = sweep->tables("parameters", 1);
      for (std::size_t pi = 0; pi < entries.size(); ++pi) {
        const Section& p = entries[pi];
        Param param;
        param.path = p.string("path");
        param.label = p.string_or("label", "");
        const toml::node* values = p.raw("values");
        if (!values) {
          p.problem("values", "missing required key (an array of values)");
          continue;
        }
        const toml::array* arr = values->as_array();
        if (!arr || arr->empty()) {
          p.problem("values", arr ? "needs at least one value" : "expected an array of values, got " + type_name(*values));
          continue;
        }
        if (param.path.empty()) continue;
        if (!paths.insert(param.path).second) {
          p.problem("path", "parameter '" + param.path + "' is swept twice");
          continue;
        }
        bool ok = true;
        std::set<std::string> seen;
        for (std::size_t v = 0; v < arr->size(); ++v) {
          const toml::node& value = *arr->get(v);
          const std::string value_key = p.key_path("values") + "[" + std::to_string(v) + "]";
          std::vector<Step> steps;
          const Check check = check_override(*document, p, "path", param.path, value, value_key, steps, rep);
          if (check != Check::ok) {
            ok = false;
            if (check == Check::bad_path) break;  // a bad path is reported once, not once per value
            continue;
          }
          const std::string text = name_text(value);
          if (!seen.insert(text).second) {
            rep.add(ValidationIssue{document->file(), line_of(value), value_key, "duplicate value " + text});
            ok = false;
            continue;
          }
          param.target = steps;
          param.values.push_back(Override{param.path, steps,
                                          {std::string("sweep"), std::string("parameters"), pi,
                                           std::string("values"), v},
                                          text});
        }
        if (ok) params.push_back(std::move(param));
      }
      if (rep.size() == before) {
        // Labels: the given label, else the last key of the path; colliding labels use full paths.
        std::map<std::string, int> count;
        for (auto& prm : params) {
          if (prm.label.empty()) {
            for (auto it = prm.target.rbegin(); it != prm.target.rend(); ++it)
              if (auto* k = std::get_if<std::string>(&*it)) {
                prm.label = *k;
                break;
              }
          }
          ++count[prm.label];
        }
        for (auto& prm : params)
          if (count[prm.label] > 1) prm.label = prm.path;
        std::size_t total = 1;
        for (const auto& prm : params) {
          total *= prm.values.size();
          if (total > options.max_cases) break;
        }
        if (total > options.max_cases) {
          sweep->problem("parameters", "the product has more than " + std::to_string(options.max_cases) + " cases");
        } else if (!params.empty()) {
          std::vector<std::size_t> idx(params.size(), 0);
          for (std::size_t c = 0; c < total; ++c) {
            Plan plan;
            for (std::size_t k = 0; k < params.size(); ++k) {
              const Override& o = params[k].values[idx[k]];
              plan.name += (k ? "," : "") + params[k].label + "=" + o.text;
              plan.overrides.push_back(o);
            }
            plans.push_back(std::move(plan));
            for (std::size_t k = params.size(); k-- > 0;) {  // odometer: last parameter fastest
              if (++idx[k] < params[k].values.size()) break;
              idx[k] = 0;
            }
          }
        }
      }
    } else {  // cases
      if (sweep->has("parameters")) sweep->problem("parameters", "[[sweep.parameters]] needs mode = \"product\"");
      sweep->raw("parameters");
      const auto entries = sweep->tables("cases", 1);
      std::set<std::string> names;
      if (include_base) names.insert("base");
      for (std::size_t ci = 0; ci < entries.size(); ++ci) {
        const Section& c = entries[ci];
        Plan plan;
        plan.name = c.string("name");
        if (c.has("name") && plan.name.empty()) c.problem("name", "a case name cannot be empty");
        if (!plan.name.empty() && !names.insert(plan.name).second)
          c.problem("name", "duplicate case name \"" + plan.name + "\"" +
                                (plan.name == "base" && include_base ? " (\"base\" is the unmodified study)" : ""));
        c.accept_subtree("set");
        const toml::node* set = c.raw("set");
        if (set && !set->is_table()) {
          c.problem("set", "expected a table of overrides {\"dotted.path\" = value, ...}, got " + type_name(*set));
          continue;
        }
        if (set) {
          std::vector<std::tuple<std::string, std::vector<Step>, const toml::node*>> leaves;
          flatten(*set->as_table(), {std::string("sweep"), std::string("cases"), ci, std::string("set")}, "", leaves);
          for (auto& [path, source, node] : leaves) {
            std::vector<Step> steps;
            const std::string value_key = c.key_path("set") + "." + path;
            // Locate a bad path at the value itself (its key is the path).
            if (!parse_path(path, steps)) {
              rep.add(ValidationIssue{document->file(), line_of(*node), value_key, "malformed parameter path"});
              continue;
            }
            std::string why;
            const toml::node* target = resolve(static_cast<const toml::node*>(&document->root()), steps, why);
            if (std::get_if<std::string>(&steps.front()) && std::get<std::string>(steps.front()) == "sweep") {
              rep.add(ValidationIssue{document->file(), line_of(*node), value_key,
                                      "a case cannot change the [sweep] section itself"});
              continue;
            }
            if (!target) {
              rep.add(ValidationIssue{document->file(), line_of(*node), value_key,
                                      "parameter path '" + path + "' does not exist: " + why +
                                          " (write the key in the study to sweep it)"});
              continue;
            }
            if (!same_kind(*target, *node)) {
              rep.add(ValidationIssue{document->file(), line_of(*node), value_key,
                                      "value " + value_text(*node) + " is " + a_type(*node) + " but '" + path +
                                          "' is " + a_type(*target) + " (line " +
                                          std::to_string(line_of(*target)) + ")"});
              continue;
            }
            plan.overrides.push_back(Override{path, steps, source, name_text(*node)});
          }
        }
        plans.push_back(std::move(plan));
      }
    }
  }
  reader.check_unknown_keys();
  if (rep.size() > before) {
    if (!report) local.throw_if_errors();
    return {};
  }

  // Each case re-parses the file text so every node keeps its source line (toml++ copies drop
  // them); a document built in code (or whose text no longer matches its table) is copied instead.
  bool reparse = false;
  if (!document->text().empty()) {
    try {
      reparse = StudyDocument(toml::parse(document->text(), std::string_view(document->file())), "", {}, "")
                    .canonical() == document->canonical();
    } catch (const toml::parse_error&) {
      reparse = false;
    }
  }
  std::vector<CaseSpec> cases;
  cases.reserve(plans.size());
  std::set<std::string> ids;
  for (std::size_t i = 0; i < plans.size(); ++i) {
    toml::table fresh;
    if (reparse) {
      fresh = toml::parse(document->text(), std::string_view(document->file()));
    } else {
      fresh = document->root();  // built in code: no source positions to keep
    }
    for (const auto& o : plans[i].overrides) apply(fresh, o);
    fresh.erase("sweep");
    CaseSpec spec;
    spec.index = i;
    spec.name = plans[i].name;
    spec.id = case_id(spec.name);
    if (!ids.insert(spec.id).second) spec.id += "-" + std::to_string(i);
    for (const auto& o : plans[i].overrides) spec.overrides.emplace_back(o.path, o.text);
    spec.document =
        std::make_shared<const StudyDocument>(std::move(fresh), document->file(), document->base_dir(), document->text());
    spec.input_hash = sha1_hex(spec.document->canonical());
    cases.push_back(std::move(spec));
  }
  return cases;
}

}  // namespace satcap::study
