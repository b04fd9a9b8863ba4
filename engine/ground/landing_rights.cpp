// Landing rights per system and country (include/satcap/ground/landing_rights.hpp).
#include <satcap/core/error.hpp>
#include <satcap/core/files.hpp>
#include <satcap/ground/landing_rights.hpp>

#include <cctype>

namespace satcap::ground {

bool SystemLandingRights::licensed(const std::string& code) const {
  const auto it = countries.find(code);
  return it == countries.end() ? default_licensed : it->second;
}

const SystemLandingRights& LandingRights::of(const std::string& system, const std::string& file) const {
  const auto it = systems.find(system);
  if (it == systems.end()) throw InputError(file, 0, "system", "no landing rights for system '" + system + "'");
  return it->second;
}

namespace {
LandingRights from_table(const core::CsvTable& t) {
  LandingRights out;
  std::map<std::string, bool> has_default;
  for (const auto& row : t.rows()) {
    const std::string system = t.text(row, "system");
    const std::string country = t.text(row, "country");
    const std::string rights = t.text(row, "rights");
    const std::string source = t.text(row, "source");
    if (system.empty()) t.fail(row, "system", "empty system name");
    const bool star = country == "*";
    if (!star && !(country.size() == 2 && std::isupper(static_cast<unsigned char>(country[0])) &&
                   std::isupper(static_cast<unsigned char>(country[1]))))
      t.fail(row, "country", "'" + country + "' is not an ISO 3166-1 alpha-2 code (two capital letters) or *");
    if (rights != "licensed" && rights != "not_licensed") t.fail(row, "rights", "'" + rights + "' is not licensed or not_licensed");
    if (source.empty()) t.fail(row, "source", "every row must cite its source");
    auto& s = out.systems[system];
    const bool lic = rights == "licensed";
    if (star) {
      if (has_default[system]) t.fail(row, "country", "a second * row for system '" + system + "'");
      has_default[system] = true;
      s.default_licensed = lic;
    } else {
      if (!s.countries.emplace(country, lic).second) t.fail(row, "country", country + " listed twice for system '" + system + "'");
    }
  }
  for (const auto& [system, rights] : out.systems)
    if (!has_default[system]) throw InputError(t.name(), 0, "country", "system '" + system + "' has no * row (its default)");
  if (out.systems.empty()) throw InputError(t.name(), 0, "system", "no rows");
  return out;
}
}  // namespace

LandingRights read_landing_rights(const std::filesystem::path& path) {
  return from_table(core::CsvTable::read(path, {"system", "country", "rights", "source"}));
}

LandingRights parse_landing_rights(std::string_view text, const std::string& name) {
  return from_table(core::CsvTable::parse(text, name, {"system", "country", "rights", "source"}));
}

}  // namespace satcap::ground
