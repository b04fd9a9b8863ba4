// Core layer benchmarks: batch geodetic -> ECEF and batch look angles (items/s).
#include <satcap/core/geodesy.hpp>

#include <numbers>
#include <random>

#include "bench_support.hpp"

namespace {

using satcap::bench::limit_threads;

constexpr Eigen::Index kPoints = 1 << 20;

void BM_GeodeticToEcef(benchmark::State& state) {
  auto ctl = limit_threads(state);
  std::mt19937_64 rng(42);
  std::uniform_real_distribution<double> lat(-std::numbers::pi / 2, std::numbers::pi / 2), lon(-std::numbers::pi, std::numbers::pi),
      h(0, 2e6);
  Eigen::ArrayXd la(kPoints), lo(kPoints), hh(kPoints);
  for (Eigen::Index i = 0; i < kPoints; ++i) {
    la[i] = lat(rng);
    lo[i] = lon(rng);
    hh[i] = h(rng);
  }
  Eigen::Matrix3Xd out;
  for (auto _ : state) {
    satcap::core::ecef_from_geodetic(la, lo, hh, out);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(state.iterations() * kPoints);
}
BENCHMARK(BM_GeodeticToEcef)->Apply(satcap::bench::thread_args)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_LookAngles(benchmark::State& state) {
  auto ctl = limit_threads(state);
  satcap::core::Site site(satcap::core::Geodetic::degrees(55.75, 37.62, 150));
  std::mt19937_64 rng(7);
  std::normal_distribution<double> n(0, 1);
  Eigen::Matrix3Xd targets(3, kPoints);
  for (Eigen::Index i = 0; i < kPoints; ++i) {
    Eigen::Vector3d v(n(rng), n(rng), n(rng));
    targets.col(i) = v.normalized() * 6.93e6;
  }
  Eigen::ArrayXd az, el, r;
  for (auto _ : state) {
    site.look_at(targets, az, el, r);
    benchmark::DoNotOptimize(el.data());
  }
  state.SetItemsProcessed(state.iterations() * kPoints);
}
BENCHMARK(BM_LookAngles)->Apply(satcap::bench::thread_args)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
