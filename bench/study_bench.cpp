// Study-layer benchmarks: output formatting (rows/s, numbers/s), sweep expansion (cases/s) and the
// runner's per-case overhead with the --resume journal (cases/s, 1 thread and all threads).
#include <satcap/study/runner.hpp>

#include <filesystem>
#include <random>
#include <string>

#include "bench_support.hpp"

namespace {

using satcap::bench::limit_threads;
namespace st = satcap::study;

void BM_StudyFormatNumber(benchmark::State& state) {
  std::mt19937_64 rng(1);
  std::lognormal_distribution<double> d(0.0, 3.0);
  std::vector<double> v(4096);
  for (auto& x : v) x = d(rng);
  std::size_t bytes = 0;
  for (auto _ : state) {
    for (double x : v) bytes += st::format_number(x).size();
  }
  benchmark::DoNotOptimize(bytes);
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(v.size()));
}
BENCHMARK(BM_StudyFormatNumber);

void BM_StudyTableToCsv(benchmark::State& state) {
  // The shape of timeseries.csv: case, time, region, delivered.
  st::Table t({"case", "time_utc", "region", "delivered_gbps"});
  std::mt19937_64 rng(2);
  std::uniform_real_distribution<double> g(0, 5000);
  constexpr int kRows = 100000;
  for (int i = 0; i < kRows; ++i)
    t.add_row({std::string("eirp=-42,beams=16"), std::string("2026-06-01T00:00:00Z"), std::string("Europe"), g(rng)});
  std::size_t bytes = 0;
  for (auto _ : state) bytes += t.to_csv().size();
  benchmark::DoNotOptimize(bytes);
  state.SetItemsProcessed(state.iterations() * kRows);
}
BENCHMARK(BM_StudyTableToCsv)->Unit(benchmark::kMillisecond);

const char* kSweepStudy = R"([constellations.rassvet]
eirp_density_dbw_mhz = -40.0
beams = 16
altitude_km = 510.0
[ground]
availability_pct = 99.5
[sweep]
[[sweep.parameters]]
path = "constellations.rassvet.eirp_density_dbw_mhz"
values = [-44.0, -42.0, -40.0, -38.0, -36.0]
[[sweep.parameters]]
path = "constellations.rassvet.beams"
values = [8, 16, 24, 32]
[[sweep.parameters]]
path = "constellations.rassvet.altitude_km"
values = [510.0, 800.0]
[[sweep.parameters]]
path = "ground.availability_pct"
values = [99.0, 99.5, 99.9]
)";

void BM_StudyExpandSweep(benchmark::State& state) {
  auto doc = st::StudyDocument::parse(kSweepStudy, "bench.toml");
  std::size_t cases = 0;
  for (auto _ : state) cases += st::expand_cases(doc).size();
  benchmark::DoNotOptimize(cases);
  state.SetItemsProcessed(static_cast<std::int64_t>(cases));  // 120 cases per iteration
}
BENCHMARK(BM_StudyExpandSweep)->Unit(benchmark::kMillisecond);

// Runner overhead per case (journal write with fsync, result round trip) on a trivial case.
void BM_StudyRunnerJournal(benchmark::State& state) {
  auto ctl = limit_threads(state);
  auto cases = st::expand_cases(st::StudyDocument::parse(kSweepStudy, "bench.toml"));
  const auto dir = std::filesystem::temp_directory_path() / ("satcap_bench_runner_" + std::to_string(state.range(0)));
  st::OutputDirectory out(dir);
  st::RunnerOptions o;
  o.parallel_cases = state.range(0) > 1;
  o.progress.mode = st::ProgressOptions::Mode::quiet;
  st::StudyRunner runner(cases, o);
  auto fn = [](const st::CaseSpec& c, st::ProgressSink&) -> nlohmann::json {
    return {{"name", c.name}, {"values", std::vector<double>(256, 1.5)}};
  };
  for (auto _ : state) benchmark::DoNotOptimize(runner.run(fn, &out).size());
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(cases.size()));
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
}
BENCHMARK(BM_StudyRunnerJournal)->Apply(satcap::bench::thread_args)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
