// Population-based demand per cell (see include/satcap/ground/demand.hpp).
#include <satcap/core/error.hpp>
#include <satcap/core/files.hpp>
#include <satcap/ground/demand.hpp>

#include <nlohmann/json.hpp>

#include <cmath>

namespace satcap::ground {

double PopulationTable::total() const {
  double s = 0;
  for (const auto& [code, p] : persons) s += p;
  return s;
}

PopulationTable read_population_table(const std::filesystem::path& path) {
  const auto table = core::CsvTable::read(path, {"iso2", "population_thousands"});
  PopulationTable out;
  for (const auto& row : table.rows()) {
    const std::string code = table.text(row, "iso2");
    if (code.size() != 2 || !std::isupper(static_cast<unsigned char>(code[0])) ||
        !std::isupper(static_cast<unsigned char>(code[1]))) {
      table.fail(row, "iso2", "expected an ISO 3166-1 alpha-2 code, got '" + code + "'");
    }
    const double k = table.number_in(row, "population_thousands", 0.0, 2.0e6, "thousand persons");
    if (!out.persons.emplace(code, k * 1000.0).second) table.fail(row, "iso2", "duplicate code " + code);
  }
  return out;
}

namespace {

double json_number(const nlohmann::json& v, bool& ok) {
  ok = false;
  if (v.is_number()) {
    ok = true;
    return v.get<double>();
  }
  if (v.is_string()) {
    double d = 0;
    if (core::parse_double(v.get<std::string>(), d)) {
      ok = true;
      return d;
    }
  }
  return 0.0;
}

/// SimpleMaps codes that DCW draws inside another entity.
std::string dcw_code(const std::string& iso2) {
  if (iso2 == "HK" || iso2 == "MO") return "CN";  // Hong Kong, Macao
  if (iso2 == "XG" || iso2 == "XW") return "PS";  // Gaza Strip, West Bank
  if (iso2 == "XR") return "SJ";                  // Svalbard
  return iso2;
}

}  // namespace

std::vector<City> read_world_cities(const std::filesystem::path& path, std::size_t* skipped) {
  const std::string file = path.string();
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(core::read_file(path));
  } catch (const nlohmann::json::parse_error& e) {
    throw InputError(file, 0, "", std::string("invalid JSON: ") + e.what());
  } catch (const nlohmann::json::exception& e) {  // e.g. out_of_range 406: a number overflows a double
    throw InputError(file, 0, "", std::string("invalid JSON: ") + e.what());
  }
  if (!doc.is_array()) throw InputError(file, 0, "", "expected a JSON array of cities");
  std::vector<City> out;
  out.reserve(doc.size());
  std::size_t skip = 0;
  for (std::size_t i = 0; i < doc.size(); ++i) {
    const auto& e = doc[i];
    const std::string where = "entry " + std::to_string(i);
    if (!e.is_object()) throw InputError(file, 0, where, "expected an object");
    const auto pop = e.find("population");
    if (pop == e.end() || pop->is_null() || (pop->is_string() && pop->get<std::string>().empty())) {
      ++skip;
      continue;
    }
    City c;
    bool ok_lat = false, ok_lon = false, ok_pop = false;
    c.lat_deg = e.contains("lat") ? json_number(e["lat"], ok_lat) : 0.0;
    c.lon_deg = e.contains("lng") ? json_number(e["lng"], ok_lon) : 0.0;
    c.population = json_number(*pop, ok_pop);
    if (!ok_lat || !(c.lat_deg >= -90 && c.lat_deg <= 90)) throw InputError(file, 0, where, "bad or missing 'lat'");
    if (!ok_lon || !(c.lon_deg >= -180 && c.lon_deg <= 360)) throw InputError(file, 0, where, "bad or missing 'lng'");
    if (!ok_pop || !(c.population >= 0)) throw InputError(file, 0, where, "bad 'population'");
    if (!e.contains("iso2") || !e["iso2"].is_string()) throw InputError(file, 0, where, "missing 'iso2'");
    c.iso2 = e["iso2"].get<std::string>();
    if (e.contains("city") && e["city"].is_string()) c.name = e["city"].get<std::string>();
    out.push_back(std::move(c));
  }
  if (skipped) *skipped = skip;
  return out;
}

void DemandOptions::validate() const {
  const char* m = "ground::DemandOptions";
  require_in_range("take_up", take_up, 0.0, 1.0, "", m);
  require_in_range("rural_weight", rural_weight, 0.0, 1000.0, "", m);
  require_in_range("take_up x rural_weight", take_up * rural_weight, 0.0, 1.0, "", m);
  require_in_range("busy_hour_mbps_per_subscriber", busy_hour_mbps_per_subscriber, 1e-9, 1e4, "Mbit/s", m);
  if (!(max_cell_demand_mbps > 0)) throw RangeError("max_cell_demand_mbps", max_cell_demand_mbps, "> 0", m);
  require_in_range("min_rural_share", min_rural_share, 0.0, 1.0, "", m);
  require_in_range("min_city_population", min_city_population, 0.0, 1e9, "persons", m);
  require_in_range("rural_uniform_share", rural_uniform_share, 0.0, 1.0, "", m);
}

DemandMap build_demand(const CellGrid& grid, const CountryAtlas& atlas, const PopulationTable& population,
                       const std::vector<City>& cities, const DemandOptions& options) {
  options.validate();
  const Eigen::Index n = grid.size();
  const std::size_t nc = atlas.size();
  DemandMap d;
  d.urban = Eigen::ArrayXd::Zero(n);
  d.rural = Eigen::ArrayXd::Zero(n);
  d.country = atlas.assign(grid);

  std::vector<double> total(nc, 0.0);
  for (const auto& [code, p] : population.persons) {
    const int i = atlas.index_of(code);
    if (i < 0) {
      d.countries_missing.push_back(code);
    } else {
      total[static_cast<std::size_t>(i)] = p;
    }
  }
  // Cities -> country index and cell. Every listed place of a known country counts as a settlement
  // of its cell (for the rural spread); places >= min_city_population are also urban.
  std::vector<int> city_country(cities.size(), -1), city_cell(cities.size(), -1);
  std::vector<double> listed(nc, 0.0);
  std::vector<double> places(static_cast<std::size_t>(n), 0.0);
  std::vector<double> places_on_land(nc, 0.0);
  for (std::size_t k = 0; k < cities.size(); ++k) {
    const City& c = cities[k];
    const int i = atlas.index_of(dcw_code(c.iso2));
    if (i < 0 || total[static_cast<std::size_t>(i)] <= 0) {
      ++d.cities_unmatched;
      continue;
    }
    const int cell = grid.cell_at(c.lat_deg, c.lon_deg);
    if (d.country[static_cast<std::size_t>(cell)] == i) {
      places[static_cast<std::size_t>(cell)] += 1.0;
      places_on_land[static_cast<std::size_t>(i)] += 1.0;
    }
    if (c.population < options.min_city_population) continue;
    city_country[k] = i;
    city_cell[k] = cell;
    listed[static_cast<std::size_t>(i)] += c.population;
  }
  std::vector<double> urban_total(nc, 0.0), factor(nc, 0.0);
  for (std::size_t i = 0; i < nc; ++i) {
    urban_total[i] = std::min(listed[i], (1.0 - options.min_rural_share) * total[i]);
    factor[i] = listed[i] > 0 ? urban_total[i] / listed[i] : 0.0;
  }
  for (std::size_t k = 0; k < cities.size(); ++k) {
    if (city_country[k] < 0) continue;
    d.urban[city_cell[k]] += cities[k].population * factor[static_cast<std::size_t>(city_country[k])];
    ++d.cities_used;
  }
  // Rural share over the country's land cells.
  std::vector<long> land(nc, 0);
  for (int c : d.country) {
    if (c >= 0) ++land[static_cast<std::size_t>(c)];
  }
  std::vector<double> rural_even(nc, 0.0), rural_per_place(nc, 0.0);
  for (std::size_t i = 0; i < nc; ++i) {
    const double rural = total[i] - urban_total[i];
    if (land[i] > 0) {
      const double u = places_on_land[i] > 0 ? options.rural_uniform_share : 1.0;
      rural_even[i] = u * rural / static_cast<double>(land[i]);
      rural_per_place[i] = places_on_land[i] > 0 ? (1.0 - u) * rural / places_on_land[i] : 0.0;
    } else if (total[i] > 0) {
      d.countries_without_cells.push_back(atlas.countries()[i].code);
    }
  }
  for (Eigen::Index c = 0; c < n; ++c) {
    const int i = d.country[static_cast<std::size_t>(c)];
    if (i >= 0) {
      d.rural[c] += rural_even[static_cast<std::size_t>(i)] +
                    rural_per_place[static_cast<std::size_t>(i)] * places[static_cast<std::size_t>(c)];
    }
  }
  for (const auto& code : d.countries_without_cells) {
    const auto i = static_cast<std::size_t>(atlas.index_of(code));
    const double rural = total[i] - urban_total[i];
    if (listed[i] > 0) {
      for (std::size_t k = 0; k < cities.size(); ++k) {
        if (city_country[k] == static_cast<int>(i)) d.rural[city_cell[k]] += rural * cities[k].population / listed[i];
      }
    } else if (!atlas.countries()[i].shape.empty()) {
      const auto b = atlas.countries()[i].shape.ring_bounds(0);
      d.rural[grid.cell_at(0.5 * (b.south_deg + b.north_deg), 0.5 * (b.west_deg + b.east_deg))] += rural;
    }
  }
  d.subscribers = options.take_up * (d.urban + options.rural_weight * d.rural);
  d.demand_mbps = d.subscribers * options.busy_hour_mbps_per_subscriber;
  for (Eigen::Index c = 0; c < n; ++c) {
    if (d.demand_mbps[c] > options.max_cell_demand_mbps) {
      d.demand_mbps[c] = options.max_cell_demand_mbps;
      ++d.capped_cells;
    }
  }
  return d;
}

}  // namespace satcap::ground
