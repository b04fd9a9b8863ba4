// Link-budget kernel throughput (link evaluations/s): K = 0, 6, 24 co-channel interferers per link,
// on 1 thread and on all threads. Satellite beam ITU-R S.1528 rec. 1.3, per-link atmospheric loss,
// terminal noise from the sky raised by the attenuation, DVB-S2X ACM. No C/X terms: K = 0 is the link
// without interference.
#include <satcap/radio/link_kernel.hpp>

#include <oneapi/tbb/global_control.h>
#include <oneapi/tbb/info.h>

#include <numbers>
#include <random>

#include "bench_support.hpp"

namespace {

using namespace satcap;
using namespace satcap::radio;

constexpr Eigen::Index kLinks = 1 << 18;
constexpr double kDeg = std::numbers::pi / 180.0;

LinkInput bench_template() {
  LinkInput in;
  in.frequency = units::ghz(11.7);
  in.bandwidth = units::mhz(240.0);
  in.rolloff = 0.1;
  in.tx.eirp = units::DecibelWatt(36.7);
  in.tx.antenna = std::make_shared<S1528Rec13Pattern>(units::DecibelIsotropic(35.0), units::deg(1.2));
  in.rx.antenna = std::make_shared<FlatPattern>(units::DecibelIsotropic(34.0));
  in.rx.noise_figure = units::Decibel(1.5);
  in.rx.feed_loss = units::Decibel(0.2);
  in.implementation_margin = units::Decibel(0.5);
  return in;
}

LinkBatch bench_batch(Eigen::Index k) {
  std::mt19937_64 rng(99);
  std::uniform_real_distribution<double> range(550e3, 1200e3), off(0.0, 1.2), att(0.0, 3.0), ioff(1.0, 15.0);
  LinkBatch b;
  b.slant_range_m.resize(kLinks);
  b.tx_off_axis_rad.resize(kLinks);
  b.atmospheric_loss_db.resize(kLinks);
  for (Eigen::Index i = 0; i < kLinks; ++i) {
    b.slant_range_m[i] = range(rng);
    b.tx_off_axis_rad[i] = off(rng) * kDeg;
    b.atmospheric_loss_db[i] = att(rng);
  }
  b.interferer_tx_off_axis_rad.resize(k, kLinks);
  for (Eigen::Index i = 0; i < kLinks; ++i)
    for (Eigen::Index j = 0; j < k; ++j) b.interferer_tx_off_axis_rad(j, i) = ioff(rng) * kDeg;
  return b;
}

void BM_LinkKernel(benchmark::State& state) {
  const Eigen::Index k = state.range(0);
  tbb::global_control ctl(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(state.range(1)));
  const LinkKernel kernel(bench_template());
  const LinkBatch batch = bench_batch(k);
  LinkBatchResult out;
  for (auto _ : state) {
    kernel.evaluate(batch, out);
    benchmark::DoNotOptimize(out.throughput_bps.data());
  }
  state.SetItemsProcessed(state.iterations() * kLinks);
  state.counters["ok_fraction"] = static_cast<double>(out.ok) / static_cast<double>(kLinks);
}

void link_args(benchmark::internal::Benchmark* b) {
  const int all = tbb::info::default_concurrency();
  for (int k : {0, 6, 24}) {
    b->Args({k, 1});
    if (all > 1) b->Args({k, all});
  }
  b->ArgNames({"K", "threads"});
}
BENCHMARK(BM_LinkKernel)->Apply(link_args)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
