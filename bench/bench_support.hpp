#pragma once
// Helpers shared by the benchmark cases.
#include <benchmark/benchmark.h>
#include <oneapi/tbb/global_control.h>
#include <oneapi/tbb/info.h>

#include <memory>

namespace satcap::bench {

/// Thread counts to run each case on: 1 and all cores.
inline void thread_args(benchmark::internal::Benchmark* b) {
  b->Arg(1);
  int all = tbb::info::default_concurrency();
  if (all > 1) b->Arg(all);
  b->ArgName("threads");
}

/// Limits oneTBB to state.range(0) threads for the lifetime of the object.
inline std::unique_ptr<tbb::global_control> limit_threads(const benchmark::State& state) {
  return std::make_unique<tbb::global_control>(tbb::global_control::max_allowed_parallelism,
                                               static_cast<std::size_t>(state.range(0)));
}

}  // namespace satcap::bench
