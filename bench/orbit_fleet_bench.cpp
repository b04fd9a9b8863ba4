// Classifying and clustering a real fleet (orbit::classify_fleet: status, shells, planes, slots, one SGP4
// propagation per on-station satellite): the 2026-05-30 Starlink snapshot, 10,395 element sets.
// Items = element sets.
#include <satcap/orbit/elements.hpp>
#include <satcap/orbit/fleet.hpp>

#include <benchmark/benchmark.h>

#include <cstdint>
#include <filesystem>

namespace {

void BM_ClassifyStarlinkFleet(benchmark::State& state) {
  const std::filesystem::path path = std::filesystem::path(SATCAP_BENCH_REFERENCE_DIR) / "tle" / "starlink.tle";
  if (!std::filesystem::exists(path)) {
    state.SkipWithError("reference/tle/starlink.tle not found");
    return;
  }
  const auto fleet = satcap::orbit::read_tle_file(path);
  for (auto _ : state) {
    const auto fc = satcap::orbit::classify_fleet(fleet);
    benchmark::DoNotOptimize(fc.shells.data());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(fleet.size()));
}
BENCHMARK(BM_ClassifyStarlinkFleet)->Unit(benchmark::kMillisecond);

}  // namespace
