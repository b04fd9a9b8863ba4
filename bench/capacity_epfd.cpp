// EPFD(down) statistics of Starlink Gen1 (4,408 satellites, datasets/constellations/starlink_gen1.toml)
// at one GSO earth station over the ITU-R S.1503 time grid (docs/models/epfd.md): satellite-steps/s
// (items) and time steps/s, 1 thread and all threads. The grid's step is the S.1503 fine step for the
// 10 m antenna (~0.043 s at 550 km); the benchmark covers 120 s of it (~2,800 steps); a full S.1503
// run scales linearly with its number of steps.
#include <satcap/capacity/epfd.hpp>
#include <satcap/orbit/ephemeris.hpp>
#include <satcap/orbit/walker.hpp>

#include <cmath>
#include <memory>

#include "bench_support.hpp"

namespace {

using namespace satcap;

struct EpfdFixture {
  std::unique_ptr<orbit::BatchPropagator> sats;
  capacity::EpfdPayload payload;
  capacity::EpfdTestPoint point{"Moscow", 55.7558, 37.6173, 0.0, 36.0};
  capacity::EpfdOptions options;
  EpfdFixture() {
    const auto con = orbit::Constellation::load_toml(std::string(SATCAP_BENCH_SOURCE_DIR) + "/datasets/constellations/starlink_gen1.toml");
    orbit::EphemerisOptions eo;
    eo.propagator = orbit::PropagatorKind::J2;
    options.start = core::Epoch::parse_iso8601("2026-06-01T00:00:00Z");
    eo.walker_epoch = options.start;
    sats = std::make_unique<orbit::BatchPropagator>(con, eo);
    // Starlink template of datasets/studies/spectrum_sharing.toml: 39.8 dBW per 250 MHz beam.
    payload.eirp_density_dbw_mhz = 39.8 - 10.0 * std::log10(250.0);
    payload.max_scan_deg = 60.0;
    payload.gso_exclusion_deg = 22.0;
    options.duration_s = 120.0;
  }
};

void BM_EpfdStarlinkGen1OneTestPoint(benchmark::State& state) {
  static EpfdFixture f;
  auto ctl = satcap::bench::limit_threads(state);
  std::int64_t sat_steps = 0, steps = 0;
  for (auto _ : state) {
    const capacity::EpfdResult r = capacity::compute_epfd(*f.sats, f.payload, f.point, f.options);
    sat_steps += r.satellite_steps;
    steps += r.steps;
    benchmark::DoNotOptimize(r.antennas.front().worst_curve_margin_db);
  }
  state.SetItemsProcessed(sat_steps);
  state.counters["time_steps/s"] = benchmark::Counter(static_cast<double>(steps), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_EpfdStarlinkGen1OneTestPoint)->Apply(satcap::bench::thread_args)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(2);

}  // namespace
