// The per-step allocation problem at a realistic size: 300 satellites x 16 beams over 2,000 cells,
// solved as the LP bound (GLPK) and by the greedy rules. items/s = problems (steps) per second;
// candidates/s = (satellite, cell) pairs handled per second. Counters report the greedy/LP ratio.
//
// Instance (seeded, deterministic): spherical Earth (R = 6,371 km); satellites at 550 km and cells
// drawn uniformly by area over lat 35-70 N, lon 0-140 E (a Russia-sized region); a pair is a
// candidate above 25 deg elevation. Rate of a full beam: Es/N0 = 15 dB at 550 km range, minus
// 20 log10(range / 550 km), DVB-S2X ACM with 0.5 dB margin on 250 MHz / 1.1 (ASSUMPTION: a round
// Ku user beam, clear sky, no interference). Demand: 20 % of cells empty, the rest log-normal with a
// median of 150 Mbit/s (sigma 1.2). Feeder: 25 gateways of 20 Gbit/s, GSLs of 5 Gbit/s to their 8
// highest satellites above 25 deg, ISLs of 20 Gbit/s to each satellite's 4 nearest within 3,000 km.
#include <satcap/capacity/allocation.hpp>
#include <satcap/radio/modcod.hpp>

#include <Eigen/Dense>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <random>
#include <vector>

#include "bench_support.hpp"

namespace {

using namespace satcap;
using namespace satcap::capacity;

constexpr double kR = 6371e3, kAlt = 550e3, kDeg = std::numbers::pi / 180.0;

Eigen::Vector3d unit(double lat_deg, double lon_deg) {
  return {std::cos(lat_deg * kDeg) * std::cos(lon_deg * kDeg), std::cos(lat_deg * kDeg) * std::sin(lon_deg * kDeg),
          std::sin(lat_deg * kDeg)};
}

// Elevation (deg) and range (m) of a satellite at position s seen from ground unit vector g.
std::pair<double, double> look(const Eigen::Vector3d& g, const Eigen::Vector3d& s) {
  const Eigen::Vector3d d = s - kR * g;
  const double r = d.norm();
  return {std::asin(std::clamp(d.dot(g) / r, -1.0, 1.0)) / kDeg, r};
}

AllocationProblem realistic_instance(int sats, int beams, int cells, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  auto point = [&]() {  // uniform by area in the box
    const double s0 = std::sin(35 * kDeg), s1 = std::sin(70 * kDeg);
    return unit(std::asin(s0 + (s1 - s0) * u(rng)) / kDeg, 140.0 * u(rng));
  };
  std::vector<Eigen::Vector3d> sat(static_cast<std::size_t>(sats)), cell(static_cast<std::size_t>(cells));
  for (auto& s : sat) s = (kR + kAlt) * point();
  for (auto& c : cell) c = point();
  AllocationProblem p;
  p.max_beams_per_cell = 4;
  std::lognormal_distribution<double> demand(std::log(150e6), 1.2);
  for (int c = 0; c < cells; ++c) p.cells.push_back({u(rng) < 0.2 ? 0.0 : demand(rng), c % 8});
  for (int s = 0; s < sats; ++s) p.satellites.push_back({beams});
  const auto& table = radio::ModcodTable::dvbs2x();
  const double rs = 250e6 / 1.1;
  for (int c = 0; c < cells; ++c)
    for (int s = 0; s < sats; ++s) {
      const auto [el, range] = look(cell[static_cast<std::size_t>(c)], sat[static_cast<std::size_t>(s)]);
      if (el < 25.0) continue;
      const int m = table.select_index(15.0 - 20.0 * std::log10(range / kAlt), 0.5);
      if (m < 0) continue;
      p.candidates.push_back({s, c, rs * table.entries()[static_cast<std::size_t>(m)].efficiency_bits_per_symbol, el});
    }
  p.has_feeder_network = true;
  for (int g = 0; g < 25; ++g) {
    const Eigen::Vector3d gp = point();
    p.feeder.gateway_bps.push_back(20e9);
    std::vector<std::pair<double, int>> vis;
    for (int s = 0; s < sats; ++s) {
      const double el = look(gp, sat[static_cast<std::size_t>(s)]).first;
      if (el >= 25.0) vis.push_back({-el, s});
    }
    std::sort(vis.begin(), vis.end());
    for (std::size_t i = 0; i < vis.size() && i < 8; ++i) p.feeder.gsl.push_back({g, vis[i].second, 5e9});
  }
  for (int a = 0; a < sats; ++a) {
    std::vector<std::pair<double, int>> near;
    for (int b = 0; b < sats; ++b)
      if (b != a) near.push_back({(sat[static_cast<std::size_t>(a)] - sat[static_cast<std::size_t>(b)]).norm(), b});
    std::sort(near.begin(), near.end());
    for (std::size_t i = 0; i < near.size() && i < 4; ++i)
      if (near[i].first < 3000e3 && a < near[i].second) p.feeder.isl.push_back({a, near[i].second, 20e9});
  }
  return p;
}

const AllocationProblem& instance() {
  static const AllocationProblem p = realistic_instance(300, 16, 2000, 20260601);
  return p;
}

void BM_AllocationLp(benchmark::State& state) {
  const AllocationProblem& p = instance();
  const auto objective = static_cast<AllocationObjective>(state.range(0));
  double total = 0;
  int iters = 0;
  for (auto _ : state) {
    const AllocationResult r = solve_allocation_lp(p, {objective});
    benchmark::DoNotOptimize(r.total_bps);  // const overload: the non-const one mangles doubles under GCC 12 -O3
    total = r.total_bps;
    iters = r.simplex_iterations;
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["candidates/s"] = benchmark::Counter(static_cast<double>(p.candidates.size()) * static_cast<double>(state.iterations()),
                                                      benchmark::Counter::kIsRate);
  state.counters["candidates"] = static_cast<double>(p.candidates.size());
  state.counters["lp_gbps"] = total / 1e9;
  state.counters["simplex_iterations"] = iters;
}
BENCHMARK(BM_AllocationLp)->Arg(0)->Arg(2)->ArgName("objective")->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(2);

void BM_AllocationGreedy(benchmark::State& state) {
  const AllocationProblem& p = instance();
  const auto rule = static_cast<GreedyRule>(state.range(0));
  double total = 0;
  for (auto _ : state) {
    const AllocationResult r = allocate_greedy(p, rule);
    benchmark::DoNotOptimize(r.total_bps);
    total = r.total_bps;
  }
  static const double lp = solve_allocation_lp(p).total_bps;
  state.SetItemsProcessed(state.iterations());
  state.counters["candidates/s"] = benchmark::Counter(static_cast<double>(p.candidates.size()) * static_cast<double>(state.iterations()),
                                                      benchmark::Counter::kIsRate);
  state.counters["greedy_gbps"] = total / 1e9;
  state.counters["greedy_over_lp"] = total / lp;
}
BENCHMARK(BM_AllocationGreedy)->Arg(0)->Arg(1)->ArgName("rule")->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_AllocationHopping(benchmark::State& state) {
  AllocationProblem p = instance();
  p.hopping = {static_cast<int>(state.range(0)), 0.010, 0.0001};
  static const AllocationResult lp = solve_allocation_lp(instance());
  double total = 0;
  for (auto _ : state) {
    const HoppingSchedule h = round_to_hopping(p, lp);
    benchmark::DoNotOptimize(h.total_bps);
    total = h.total_bps;
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["hopping_gbps"] = total / 1e9;
  state.counters["hopping_over_lp"] = total / lp.total_bps;
}
BENCHMARK(BM_AllocationHopping)->Arg(1)->Arg(4)->Arg(8)->ArgName("max_cells_per_beam")->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
