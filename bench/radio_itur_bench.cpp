// ITU-R propagation benchmarks (items/s, 1 thread and all threads):
//  - full P.618-14 §2.5 slant-path chain per point (all map lookups, P.837-7 Annex 1 R0.01, P.676 gas);
//  - the per-site tables (SiteAttenuationTable) evaluated at random elevations (the capacity hot path);
//  - building the per-site tables; P.676-13 Annex 1 line-by-line gamma.
// Reference: ITU-Rpy does ~3,900 points/s vectorised on this kind of machine.
#include <oneapi/tbb/parallel_for.h>
#include <satcap/radio/atmosphere.hpp>
#include <satcap/radio/itur/p676.hpp>

#include <memory>
#include <random>
#include <vector>

#include "bench_support.hpp"

namespace {

using satcap::bench::limit_threads;
using satcap::radio::Atmosphere;
using satcap::radio::SlantPathInput;

std::vector<SlantPathInput> random_points(std::size_t n, unsigned seed);

// Maps are read once, before timing (a warm-up pass touches every map the chain uses).
const Atmosphere& atmosphere() {
  static const Atmosphere atm = [] {
    Atmosphere a(satcap::radio::ClimateMaps::load(satcap::radio::resolve_maps_dir(std::nullopt)));
    const auto pts = random_points(256, 99);
    std::vector<satcap::radio::AttenuationComponents> out(pts.size());
    a.slant_path(pts, out);
    return a;
  }();
  return atm;
}

std::vector<SlantPathInput> random_points(std::size_t n, unsigned seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> lat(-70, 70), lon(-180, 180), el(5, 90), f(10, 50), lp(-3, 0.5);
  std::vector<SlantPathInput> v(n);
  for (auto& s : v) {
    s.lat_deg = lat(rng);
    s.lon_deg = lon(rng);
    s.elevation_deg = el(rng);
    s.frequency_ghz = f(rng);
    s.p_percent = std::pow(10.0, lp(rng));
    s.antenna_diameter_m = 1.2;
    s.antenna_efficiency = 0.65;
  }
  return v;
}

void BM_SlantPathFullChain(benchmark::State& state) {
  auto ctl = limit_threads(state);
  const auto& atm = atmosphere();
  const auto pts = random_points(2048, 1);
  std::vector<satcap::radio::AttenuationComponents> out(pts.size());
  for (auto _ : state) {
    atm.slant_path(pts, out);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<long>(pts.size()));
}
BENCHMARK(BM_SlantPathFullChain)->Apply(satcap::bench::thread_args)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_SiteTableBuild(benchmark::State& state) {
  auto ctl = limit_threads(state);
  const auto& atm = atmosphere();
  const auto sites = random_points(64, 2);
  for (auto _ : state) {
    tbb::parallel_for(std::size_t{0}, sites.size(), [&](std::size_t i) {
      satcap::radio::SiteAttenuationTable t(atm, sites[i]);
      benchmark::DoNotOptimize(t.max_error_db());
    });
  }
  state.SetItemsProcessed(state.iterations() * static_cast<long>(sites.size()));
}
BENCHMARK(BM_SiteTableBuild)->Apply(satcap::bench::thread_args)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_SiteTableLookup(benchmark::State& state) {
  auto ctl = limit_threads(state);
  const auto& atm = atmosphere();
  static const auto tables = [&] {
    std::vector<std::unique_ptr<satcap::radio::SiteAttenuationTable>> t;
    for (const auto& s : random_points(256, 3)) t.push_back(std::make_unique<satcap::radio::SiteAttenuationTable>(atm, s));
    return t;
  }();
  constexpr std::size_t kPerSite = 4096;
  std::mt19937_64 rng(4);
  std::uniform_real_distribution<double> el(5, 90);
  std::vector<double> els(kPerSite * tables.size()), out(els.size());
  for (auto& e : els) e = el(rng);
  for (auto _ : state) {
    tbb::parallel_for(std::size_t{0}, tables.size(), [&](std::size_t s) {
      tables[s]->total_db(std::span<const double>(els.data() + s * kPerSite, kPerSite), std::span<double>(out.data() + s * kPerSite, kPerSite));
    });
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<long>(els.size()));
}
BENCHMARK(BM_SiteTableLookup)->Apply(satcap::bench::thread_args)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_P676GammaLineByLine(benchmark::State& state) {
  auto ctl = limit_threads(state);
  constexpr std::size_t kN = 1 << 14;
  std::vector<double> out(kN);
  for (auto _ : state) {
    tbb::parallel_for(std::size_t{0}, kN, [&](std::size_t i) {
      const double f = 1.0 + 349.0 * static_cast<double>(i) / kN;
      out[i] = satcap::radio::itur::p676_gamma_oxygen(f, 1013.25, 7.5, 288.15) + satcap::radio::itur::p676_gamma_water(f, 1013.25, 7.5, 288.15);
    });
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<long>(kN));
}
BENCHMARK(BM_P676GammaLineByLine)->Apply(satcap::bench::thread_args)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
