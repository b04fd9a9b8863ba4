// Orbit layer benchmarks (satellite-steps/s): SGP4 over the Starlink snapshot x 1,440 one-minute steps, J2 over
// Starlink Gen1 (4,408) x 1,440, each on 1 thread and all threads; plus the bare SGP4 kernel per call to show
// where the time goes (propagation vs frame rotation and memory traffic).
#include <satcap/orbit/elements.hpp>
#include <satcap/orbit/ephemeris.hpp>
#include <satcap/orbit/sgp4.hpp>
#include <satcap/orbit/walker.hpp>

#include <filesystem>

#include "bench_support.hpp"
#include "orbit/sgp4_batch.hpp"

namespace {

using namespace satcap;
using satcap::bench::limit_threads;

const std::vector<orbit::MeanElements>& starlink() {
  static const std::vector<orbit::MeanElements> fleet = [] {
    const std::filesystem::path p = std::filesystem::path(SATCAP_BENCH_REFERENCE_DIR) / "tle" / "starlink.tle";
    if (!std::filesystem::exists(p)) return std::vector<orbit::MeanElements>{};
    return orbit::read_tle_file(p);
  }();
  return fleet;
}

const core::TimeGrid kDay(core::Epoch::from_utc(2026, 5, 30), 60.0, 1440);

// Streams the day in 64-step blocks; items = satellites x steps (ECEF positions, metres).
void run_day(benchmark::State& state, const orbit::BatchPropagator& bp, bool velocities) {
  double sink = 0;
  for (auto _ : state) {
    bp.for_each_block(kDay, [&](const orbit::Ephemeris& b) { sink += b.positions(b.step_count() - 1)(0, 0); }, 64);
  }
  benchmark::DoNotOptimize(sink);
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(bp.satellite_count()) * kDay.count());
  state.counters["satellites"] = static_cast<double>(bp.satellite_count());
  state.counters["velocities"] = velocities ? 1 : 0;
}

void BM_Sgp4StarlinkDay(benchmark::State& state) {
  auto ctl = limit_threads(state);
  if (starlink().empty()) {
    state.SkipWithError("reference/tle/starlink.tle missing");
    return;
  }
  orbit::EphemerisOptions opt;
  const orbit::BatchPropagator bp(starlink(), opt);
  run_day(state, bp, false);
}
BENCHMARK(BM_Sgp4StarlinkDay)->Apply(satcap::bench::thread_args)->Unit(benchmark::kMillisecond)->UseRealTime()->MeasureProcessCPUTime();

void BM_J2StarlinkGen1Day(benchmark::State& state) {
  auto ctl = limit_threads(state);
  const auto c = orbit::Constellation::load_toml(std::filesystem::path(SATCAP_BENCH_SOURCE_DIR) / "datasets" /
                                                 "constellations" / "starlink_gen1.toml");
  orbit::EphemerisOptions opt;
  opt.propagator = orbit::PropagatorKind::J2;
  opt.walker_epoch = kDay.start();
  const orbit::BatchPropagator bp(c, opt);
  run_day(state, bp, false);
}
BENCHMARK(BM_J2StarlinkGen1Day)->Apply(satcap::bench::thread_args)->Unit(benchmark::kMillisecond)->UseRealTime()->MeasureProcessCPUTime();

// The scalar SGP4 call alone (TEME km, no frame rotation, no stores into the ephemeris), one thread.
void BM_Sgp4ScalarCall(benchmark::State& state) {
  if (starlink().empty()) {
    state.SkipWithError("reference/tle/starlink.tle missing");
    return;
  }
  std::vector<orbit::Sgp4> sats;
  for (const auto& e : starlink()) sats.emplace_back(e);
  double r[3], v[3], sink = 0;
  std::int64_t n = 0;
  for (auto _ : state) {
    for (int m = 0; m < 60; m += 10)
      for (const auto& s : sats) {
        s.propagate(static_cast<double>(m), r, v);
        sink += r[0];
        ++n;
      }
  }
  benchmark::DoNotOptimize(sink);
  state.SetItemsProcessed(n);
}
BENCHMARK(BM_Sgp4ScalarCall)->Unit(benchmark::kMillisecond);

// The batch kernel alone (TEME km, 4-lane AVX2 near-Earth path where available), one thread.
void BM_Sgp4BatchKernel(benchmark::State& state) {
  if (starlink().empty()) {
    state.SkipWithError("reference/tle/starlink.tle missing");
    return;
  }
  std::vector<orbit::Sgp4> sats;
  for (const auto& e : starlink()) sats.emplace_back(e);
  orbit::Sgp4Batch batch(sats);
  batch.set_use_vector(state.range(0) != 0);
  double t[8], r[6][8], sink = 0;
  int err[8];
  std::int64_t n = 0;
  for (auto _ : state) {
    for (int m = 0; m < 60; m += 10) {
      for (int l = 0; l < 8; ++l) t[l] = m;
      for (std::size_t i = 0; i + 8 <= sats.size(); i += 8) {
        batch.propagate(i, 8, t, r[0], r[1], r[2], r[3], r[4], r[5], err);
        sink += r[0][0];
        n += 8;
      }
    }
  }
  benchmark::DoNotOptimize(sink);
  state.SetItemsProcessed(n);
}
BENCHMARK(BM_Sgp4BatchKernel)->Arg(0)->Arg(1)->ArgName("vector")->Unit(benchmark::kMillisecond);

}  // namespace
