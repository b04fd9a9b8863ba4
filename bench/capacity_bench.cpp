// The hot capacity loop on Starlink Gen1 (4,408 satellites) over a global grid of ~21,000 cells:
// steps/s and link evaluations/s, 1 thread and all threads, with the share of time per stage.
#include <satcap/capacity/model.hpp>
#include <satcap/ground/demand.hpp>
#include <satcap/ground/gateways.hpp>
#include <satcap/ground/grid.hpp>
#include <satcap/ground/regions.hpp>
#include <satcap/network/topology.hpp>
#include <satcap/orbit/ephemeris.hpp>
#include <satcap/orbit/walker.hpp>
#include <satcap/radio/atmosphere.hpp>
#include <satcap/radio/climate_maps.hpp>

#include <memory>

#include "bench_support.hpp"

namespace {

using namespace satcap;

// Built once: the scenario's ground data and per-cell attenuation tables are set-up, not loop, cost.
struct Fixture {
  std::unique_ptr<capacity::CapacityModel> model;
  Fixture() {
    const auto con = orbit::Constellation::load_toml(std::string(SATCAP_BENCH_SOURCE_DIR) + "/datasets/constellations/starlink_gen1.toml");
    orbit::EphemerisOptions eo;
    eo.propagator = orbit::PropagatorKind::J2;
    capacity::Scenario sc;
    sc.name = "starlink_gen1";
    const core::Epoch start = core::Epoch::parse_iso8601("2026-06-01T00:00:00Z");
    eo.walker_epoch = start;
    sc.satellites = std::make_shared<orbit::BatchPropagator>(con, eo);
    std::vector<network::ShellLayout> shells;
    int first = 0;
    for (const auto& sh : con.shells()) {
      shells.push_back({first, sh.planes, sh.sats_per_plane, network::WalkerPattern::Delta});
      first += sh.total();
    }
    sc.layout = std::make_shared<network::ConstellationLayout>(shells);
    sc.grid = std::make_shared<ground::CellGrid>(ground::GridOptions{1.4});
    const auto atlas = ground::CountryAtlas::load_dcw();
    const auto demand = ground::build_demand(*sc.grid, atlas,
                                             ground::read_population_table(std::string(SATCAP_BENCH_SOURCE_DIR) + "/datasets/ground/population_2025.csv"),
                                             ground::read_world_cities(ground::kDefaultCitiesJson));
    sc.demand_bps = demand.demand_mbps * 1e6;
    const auto regions = ground::RegionSet::default_study().map(*sc.grid, atlas);
    for (std::size_t r = 0; r < regions.names.size(); ++r) sc.regions.push_back({regions.names[r], regions.cells[r]});
    for (const auto& site : ground::gateway_sites(ground::read_gateways(std::string(SATCAP_BENCH_SOURCE_DIR) + "/datasets/ground/starlink_gateways.csv"))) {
      network::GroundStation g;
      g.id = "GW" + std::to_string(site.id);
      g.lat_deg = site.where.lat_deg();
      g.lon_deg = site.where.lon_deg();
      g.gateway = true;
      sc.gateways.push_back(g);
    }
    sc.atmosphere = std::make_shared<radio::Atmosphere>(radio::ClimateMaps::load(SATCAP_BENCH_ITU_MAPS_DIR));
    sc.link.beams_per_satellite = 16;
    sc.link.colours = 8;
    sc.link.eirp_per_beam_dbw = 39.8;
    sc.feeder.gsl_capacity_gbps = 8.0;
    sc.feeder.isl_capacity_gbps = 100.0;
    sc.time = core::TimeGrid(start, 60.0, 8);
    model = std::make_unique<capacity::CapacityModel>(sc);
  }
};

Fixture& fixture() {
  static Fixture f;
  return f;
}

void BM_CapacityLoopStarlinkGen1(benchmark::State& state) {
  Fixture& f = fixture();
  auto ctl = satcap::bench::limit_threads(state);
  std::int64_t steps = 0, links = 0, terms = 0;
  capacity::StageTimes st;
  for (auto _ : state) {
    const capacity::CapacityResult r = f.model->run();
    steps += r.steps;
    links += r.beams_evaluated;
    terms += r.interference_terms;
    st.visibility += r.stage_seconds.visibility;
    st.assignment += r.stage_seconds.assignment;
    st.link += r.stage_seconds.link;
    st.flow += r.stage_seconds.flow;
    st.aggregation += r.stage_seconds.aggregation;
    st.ephemeris += r.stage_seconds.ephemeris;
    benchmark::DoNotOptimize(r.mean_delivered_bps);
  }
  state.SetItemsProcessed(steps);
  const double total = st.visibility + st.assignment + st.link + st.flow + st.aggregation + st.ephemeris;
  state.counters["link_evals/s"] = benchmark::Counter(static_cast<double>(links), benchmark::Counter::kIsRate);
  state.counters["interference_terms/s"] = benchmark::Counter(static_cast<double>(terms), benchmark::Counter::kIsRate);
  state.counters["share_visibility"] = st.visibility / total;
  state.counters["share_assignment"] = st.assignment / total;
  state.counters["share_link"] = st.link / total;
  state.counters["share_flow"] = st.flow / total;
  state.counters["share_aggregation"] = st.aggregation / total;
  state.counters["share_ephemeris"] = st.ephemeris / total;
}
BENCHMARK(BM_CapacityLoopStarlinkGen1)->Apply(satcap::bench::thread_args)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(2);

}  // namespace
