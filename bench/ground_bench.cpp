// Ground-segment benchmarks: coverage-cap queries (satellites/s, cells/s) for a Starlink-Gen1-sized
// constellation over an equal-area grid, and the mapping of a grid to regions.
#include <satcap/ground/grid.hpp>
#include <satcap/ground/regions.hpp>

#include <cmath>
#include <numbers>
#include <random>

#include "bench_support.hpp"

namespace {

using satcap::bench::limit_threads;

/// 4,408 satellites spread like Starlink Gen1 shells (53, 53.2, 70, 97.6 deg inclination, 540-570 km).
Eigen::Matrix3Xd starlink_like_positions() {
  struct Shell {
    int planes, per_plane;
    double inc_deg, alt_km;
  };
  const Shell shells[] = {{72, 22, 53.0, 550}, {72, 22, 53.2, 540}, {36, 20, 70.0, 570}, {6, 58, 97.6, 560},
                          {4, 43, 97.6, 560}};
  Eigen::Matrix3Xd p(3, 4408);
  int k = 0;
  for (const auto& s : shells) {
    const double inc = s.inc_deg * std::numbers::pi / 180, r = 6378137.0 + s.alt_km * 1e3;
    for (int pl = 0; pl < s.planes; ++pl) {
      const double raan = 2 * std::numbers::pi * pl / s.planes;
      for (int j = 0; j < s.per_plane && k < p.cols(); ++j) {
        const double u = 2 * std::numbers::pi * (j + 0.5 * (pl % 2)) / s.per_plane;
        const Eigen::Vector3d orb(std::cos(u), std::sin(u) * std::cos(inc), std::sin(u) * std::sin(inc));
        p.col(k++) = r * Eigen::Vector3d(orb.x() * std::cos(raan) - orb.y() * std::sin(raan),
                                         orb.x() * std::sin(raan) + orb.y() * std::cos(raan), orb.z());
      }
    }
  }
  return p.leftCols(k);
}

void BM_CapQueryAll(benchmark::State& state) {
  auto ctl = limit_threads(state);
  const double res = static_cast<double>(state.range(1)) / 100.0;
  const satcap::ground::CellGrid grid(satcap::ground::GridOptions{res});
  const satcap::ground::CapIndex index(grid);
  const Eigen::Matrix3Xd sats = starlink_like_positions();
  satcap::ground::Visibility vis;
  std::size_t hits = 0;
  for (auto _ : state) {
    index.query_all(sats, 25.0, vis);
    hits = vis.hits();
    benchmark::DoNotOptimize(vis.cell.data());
  }
  state.SetItemsProcessed(state.iterations() * sats.cols());
  state.counters["cells"] = static_cast<double>(grid.size());
  state.counters["hits_per_step"] = static_cast<double>(hits);
  state.counters["hits_per_s"] =
      benchmark::Counter(static_cast<double>(hits) * static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_CapQueryAll)
    ->ArgsProduct({{1, 2}, {140, 100, 50}})
    ->ArgNames({"threads", "res_cdeg"})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

void BM_CapQueryBruteForce(benchmark::State& state) {
  const satcap::ground::CellGrid grid(satcap::ground::GridOptions{1.4});
  const satcap::ground::CapIndex index(grid);
  const Eigen::Matrix3Xd sats = starlink_like_positions();
  satcap::ground::CapHits hits;
  Eigen::Index i = 0;
  for (auto _ : state) {
    index.query_brute_force(sats.col(i++ % sats.cols()), 25.0, hits);
    benchmark::DoNotOptimize(hits.cell.data());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_CapQueryBruteForce)->Unit(benchmark::kMicrosecond);

const satcap::ground::CountryAtlas& dcw_atlas() {
  static const satcap::ground::CountryAtlas atlas = satcap::ground::CountryAtlas::load_dcw();
  return atlas;
}

/// Loading the DCW country polygons (netCDF, 9.3 million vertices) and building the index.
void BM_DcwLoad(benchmark::State& state) {
  for (auto _ : state) {
    auto atlas = satcap::ground::CountryAtlas::load_dcw();
    benchmark::DoNotOptimize(atlas.size());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_DcwLoad)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(2);

/// Mapping every cell of a grid to the default study regions (countries by point in polygon, then
/// the rules); items = cells.
void BM_RegionMapping(benchmark::State& state) {
  auto ctl = limit_threads(state);
  const double res = static_cast<double>(state.range(1)) / 100.0;
  const satcap::ground::CellGrid grid(satcap::ground::GridOptions{res});
  const auto& atlas = dcw_atlas();
  const auto regions = satcap::ground::RegionSet::default_study();
  for (auto _ : state) {
    auto map = regions.map(grid, atlas);
    benchmark::DoNotOptimize(map.primary.data());
  }
  state.SetItemsProcessed(state.iterations() * grid.size());
  state.counters["cells"] = static_cast<double>(grid.size());
}
BENCHMARK(BM_RegionMapping)
    ->ArgsProduct({{1, 2}, {100, 50}})
    ->ArgNames({"threads", "res_cdeg"})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

/// Building the grid itself (authalic band edges, centres, ECEF); items = cells.
void BM_GridBuild(benchmark::State& state) {
  Eigen::Index cells = 0;
  for (auto _ : state) {
    satcap::ground::CellGrid grid(satcap::ground::GridOptions{0.5});
    benchmark::DoNotOptimize(grid.ecef_m().data());
    cells = grid.size();
  }
  state.SetItemsProcessed(state.iterations() * cells);
}
BENCHMARK(BM_GridBuild)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
