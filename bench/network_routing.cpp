// Network layer benchmarks.
//  * Routing on Hypatia's workload: Starlink 72 x 22 (Hypatia's own TLEs when ../shared/reference is
//    present, else a 550 km / 53 deg Walker shell) + the 100 most populous cities, all 4,950 pairs.
//    Graph build and path computation are timed separately and together; items = routing steps.
//    Hypatia's generator takes 10.3-10.4 s per step on one core of a 2-vCPU Xeon VM
//    (reference/hypatia/timing/starlink_550_per_step_isolated_1proc.csv).
//  * Max flow on a full Starlink Gen1 step (4,408 satellites in 5 Walker shells, FCC 21-48 numbers
//    from reference/constellations.csv), 100 gateways; items = max-flow solves.
#include <satcap/core/files.hpp>
#include <satcap/core/time.hpp>
#include <satcap/network/flow.hpp>
#include <satcap/network/orbit_layout.hpp>
#include <satcap/network/router.hpp>
#include <satcap/network/snapshot.hpp>
#include <satcap/orbit/elements.hpp>
#include <satcap/orbit/ephemeris.hpp>
#include <satcap/orbit/walker.hpp>

#include <filesystem>
#include <random>

#include "bench_support.hpp"

namespace {

namespace net = satcap::network;
namespace orbit = satcap::orbit;
namespace core = satcap::core;
namespace units = satcap::units;
using satcap::bench::limit_threads;

constexpr int kSteps = 16;

std::filesystem::path hypatia_dir() { return std::filesystem::path(SATCAP_BENCH_REFERENCE_DIR) / "hypatia"; }

std::vector<net::GroundStation> cities() {
  std::vector<net::GroundStation> out;
  const auto file = hypatia_dir() / "ground_stations_top_100.csv";
  if (std::filesystem::exists(file)) {
    auto t = core::CsvTable::read(file);
    for (const auto& row : t.rows()) {
      net::GroundStation g;
      g.id = t.text(row, "gid");
      g.lat_deg = t.number(row, "latitude_deg");
      g.lon_deg = t.number(row, "longitude_deg");
      out.push_back(g);
    }
    return out;
  }
  std::mt19937_64 rng(100);
  std::uniform_real_distribution<double> lat(-40, 60), lon(-180, 180);
  for (int i = 0; i < 100; ++i) {
    net::GroundStation g;
    g.id = std::to_string(i);
    g.lat_deg = lat(rng);
    g.lon_deg = lon(rng);
    out.push_back(g);
  }
  return out;
}

struct RoutingWorkload {
  std::vector<Eigen::Matrix3Xd> positions;
  std::unique_ptr<net::SnapshotBuilder> builder;
  std::vector<net::SnapshotGraph> graphs;
};

const RoutingWorkload& routing_workload() {
  static const RoutingWorkload w = [] {
    RoutingWorkload r;
    const core::TimeGrid grid(core::Epoch::from_utc(2000, 1, 1), 1.0, kSteps);
    const auto tle = hypatia_dir() / "starlink_550" / "tles.txt";
    orbit::Ephemeris eph;
    if (std::filesystem::exists(tle)) {
      std::string text = core::read_file(tle);
      const auto nl = text.find('\n');
      text.replace(0, nl, std::string(nl, ' '));  // Hypatia's "72 22" header
      eph = orbit::propagate(orbit::parse_tle_text(text, tle.string()), grid);
    } else {
      orbit::ShellSpec s;
      s.name = "starlink-550";
      s.planes = 72;
      s.sats_per_plane = 22;
      s.phasing = 1;
      s.source = "synthetic";
      eph = orbit::propagate(orbit::Constellation("bench", {s}, grid.start()), grid);
    }
    for (std::int64_t k = 0; k < eph.step_count(); ++k) r.positions.push_back(eph.positions(k));
    net::TopologySpec spec;  // Hypatia's rules (reference/hypatia/README.md)
    spec.isl = std::make_shared<net::PlusGrid>(0);
    spec.isl_rules.max_range = units::metres(5016591.2330984278);
    spec.isl_rules.line_of_sight = false;
    spec.gsl_rules.criterion = net::GslCriterion::MaxRange;
    spec.gsl_rules.max_range = units::metres(1089686.4181956202);
    r.builder = std::make_unique<net::SnapshotBuilder>(net::ConstellationLayout::single_shell(72, 22), cities(), spec);
    for (const auto& p : r.positions) r.graphs.push_back(r.builder->build(p));
    return r;
  }();
  return w;
}

// All 4,950 pair routes of a step: forward path + RTT (what `satcap route --all-pairs` produces).
double extract_all_pairs(const net::ShortestPaths& sp, int stations) {
  double acc = 0;
  for (int a = 0; a < stations; ++a)
    for (int d = a + 1; d < stations; ++d) {
      const auto r = sp.route(a, d);
      acc += sp.rtt_s(a, d) + static_cast<double>(r.path.size());
    }
  return acc;
}

void BM_RoutingGraphBuild(benchmark::State& state) {
  auto ctl = limit_threads(state);
  const auto& w = routing_workload();
  std::size_t k = 0;
  for (auto _ : state) {
    auto g = w.builder->build(w.positions[k++ % w.positions.size()]);
    benchmark::DoNotOptimize(g.links().data());
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["links"] = static_cast<double>(w.graphs[0].links().size());
}
BENCHMARK(BM_RoutingGraphBuild)->Apply(satcap::bench::thread_args)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_RoutingShortestPaths(benchmark::State& state) {
  auto ctl = limit_threads(state);
  const auto& w = routing_workload();
  const net::Router router;
  std::size_t k = 0;
  for (auto _ : state) {
    const auto& g = w.graphs[k++ % w.graphs.size()];
    auto sp = router.solve(g);
    benchmark::DoNotOptimize(extract_all_pairs(sp, g.station_count()));
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["pairs/s"] = benchmark::Counter(4950.0 * static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_RoutingShortestPaths)->Apply(satcap::bench::thread_args)->Unit(benchmark::kMillisecond)->UseRealTime();

// Dijkstra from all 100 stations only (no path extraction).
void BM_RoutingDijkstraOnly(benchmark::State& state) {
  auto ctl = limit_threads(state);
  const auto& w = routing_workload();
  const net::Router router;
  std::size_t k = 0;
  for (auto _ : state) {
    auto sp = router.solve(w.graphs[k++ % w.graphs.size()]);
    benchmark::DoNotOptimize(&sp);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_RoutingDijkstraOnly)->Apply(satcap::bench::thread_args)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_RoutingStep(benchmark::State& state) {
  auto ctl = limit_threads(state);
  const auto& w = routing_workload();
  const net::Router router;
  std::size_t k = 0;
  for (auto _ : state) {
    auto g = w.builder->build(w.positions[k++ % w.positions.size()]);
    auto sp = router.solve(g);
    benchmark::DoNotOptimize(extract_all_pairs(sp, g.station_count()));
  }
  state.SetItemsProcessed(state.iterations());
  // Hypatia: 10.36 s per step on one core (isolated run, mean of its timing file).
  state.counters["x_vs_hypatia"] = benchmark::Counter(10.36 * static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_RoutingStep)->Apply(satcap::bench::thread_args)->Unit(benchmark::kMillisecond)->UseRealTime();

struct FlowWorkload {
  net::SnapshotGraph graph;
  net::FlowCapacities caps;
  std::vector<double> demand;
};

const FlowWorkload& flow_workload() {
  static const FlowWorkload w = [] {
    // Starlink Gen1 as authorised (FCC 21-48), 4,408 satellites; phasing F = 1 assumed.
    auto shell = [](const char* name, double alt, double inc, int p, int s) {
      orbit::ShellSpec x;
      x.name = name;
      x.altitude = units::km(alt);
      x.inclination = units::deg(inc);
      x.planes = p;
      x.sats_per_plane = s;
      x.phasing = 1;
      x.source = "reference/constellations.csv (FCC 21-48)";
      return x;
    };
    const auto t0 = core::Epoch::from_utc(2026, 1, 1);
    const orbit::Constellation c("Starlink Gen1",
                                 {shell("s1", 550, 53.0, 72, 22), shell("s2", 540, 53.2, 72, 22), shell("s3", 570, 70, 36, 20),
                                  shell("s4", 560, 97.6, 6, 58), shell("s5", 560, 97.6, 4, 43)},
                                 t0);
    const auto eph = orbit::propagate(c, core::TimeGrid(t0, 60.0, 1));
    auto gw = cities();
    for (auto& g : gw) {
      g.gateway = true;
      g.feeder_capacity_bps = 40e9;
      g.max_satellites = 8;
    }
    net::TopologySpec spec;
    spec.isl = std::make_shared<net::PlusGrid>(0);
    spec.isl_rules.max_range = units::km(5000);
    spec.gsl_rules.min_elevation = units::deg(25);
    net::SnapshotBuilder b(net::layout_of(c), gw, spec);
    FlowWorkload f;
    f.graph = b.build(eph.positions(0));
    f.caps = net::FlowCapacities::from_stations(gw, 20e9, 4e9);
    f.demand.assign(static_cast<std::size_t>(f.graph.satellite_count()), 5e9);
    return f;
  }();
  return w;
}

void BM_MaxFlowStarlinkGen1(benchmark::State& state) {
  const auto& w = flow_workload();
  const net::FlowSolver solver(state.range(0) == 0 ? net::MaxFlowAlgorithm::PushRelabel : net::MaxFlowAlgorithm::BoykovKolmogorov);
  double total = 0;
  for (auto _ : state) {
    auto r = solver.solve(w.graph, w.caps, w.demand);
    total = r.total_bps;
    benchmark::DoNotOptimize(r.delivered_bps.data());
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["satellites"] = w.graph.satellite_count();
  state.counters["links"] = static_cast<double>(w.graph.links().size());
  state.counters["total_Gbps"] = total / 1e9;
  state.SetLabel(net::to_string(solver.algorithm()));
}
BENCHMARK(BM_MaxFlowStarlinkGen1)->Arg(0)->Arg(1)->ArgName("algo")->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
