// Greedy whole-beam allocation on an AllocationProblem (include/satcap/capacity/allocation.hpp).
// GreedyRule::Engine reproduces engine/capacity/model.cpp (assign() step 1, then feeder()):
//   - cells with demand and at least one candidate enter a queue keyed by unmet demand (largest
//     first, ties by lower cell id); a popped cell below its beam limit takes one whole beam of the
//     candidate satellite with the highest elevation (ties: lower satellite id) that has a free beam
//     and does not serve the cell yet; its unmet demand drops by max(r, 1 bit/s) and it re-enters the
//     queue while demand is left;
//   - each cell's demand is split over its beams in proportion to their rates (allocated =
//     r min(1, d / sum r)), and each satellite's allocation is scaled by what the feeder carries:
//     min(1, cap_s / alloc_s) and the maximum flow of network::FlowSolver (push-relabel) with the
//     satellites' allocations as demands.
// GreedyRule::FeederAware keeps the queue and the post-processing and picks, for the popped cell, the
// satellite maximising min(r, unmet, spare feeder) (ties: higher elevation, lower id), where the spare
// feeder of a satellite starts at min(cap_s, its flow in one maximum flow with demand B_s x max r_s)
// and drops by what each of its beams is expected to carry.
#include <satcap/capacity/allocation.hpp>
#include <satcap/core/error.hpp>
#include <satcap/network/flow.hpp>
#include <satcap/network/snapshot.hpp>

#include <algorithm>
#include <cmath>
#include <queue>
#include <vector>

#include "allocation_internal.hpp"

namespace satcap::capacity {

namespace {

// What the feeder network can carry to each satellite for the given per-satellite demands
// (network::FlowSolver on a SnapshotGraph holding the problem's gateways, GSLs and ISLs).
std::vector<double> feeder_flow(const AllocationProblem& p, const std::vector<double>& demand) {
  const int N = static_cast<int>(p.satellites.size());
  const int G = static_cast<int>(p.feeder.gateway_bps.size());
  double total = 1.0;
  for (double d : demand) total += d;
  const double big = std::min(1e17, total);  // stands for +inf: no arc can carry more than the total
  auto finite = [&](double c) { return std::isfinite(c) ? std::min(c, big) : big; };
  std::vector<network::Link> links;
  network::FlowCapacities caps;
  for (const auto& e : p.feeder.gsl) {
    links.push_back({e.sat, N + e.gateway, network::LinkKind::Gsl, 1.0});
    caps.link_bps.push_back(finite(e.capacity_bps));
  }
  for (const auto& e : p.feeder.isl) {
    links.push_back({std::min(e.a, e.b), std::max(e.a, e.b), network::LinkKind::Isl, 1.0});
    caps.link_bps.push_back(finite(e.capacity_bps));
  }
  caps.feeder_bps.resize(static_cast<std::size_t>(G));
  for (int g = 0; g < G; ++g) caps.feeder_bps[static_cast<std::size_t>(g)] = finite(p.feeder.gateway_bps[static_cast<std::size_t>(g)]);
  const network::SnapshotGraph graph(N, G, std::move(links));
  return network::FlowSolver().solve(graph, caps, demand).delivered_bps;
}

}  // namespace

AllocationResult allocate_greedy(const AllocationProblem& p, GreedyRule rule) {
  p.validate();
  const std::size_t nk = p.candidates.size(), nc = p.cells.size(), ns = p.satellites.size();
  // Candidates of each cell in satellite order (the engine's per-cell list order).
  std::vector<std::vector<std::int32_t>> per_cell(nc);
  for (std::size_t k = 0; k < nk; ++k) per_cell[static_cast<std::size_t>(p.candidates[k].cell)].push_back(static_cast<std::int32_t>(k));
  for (auto& v : per_cell)
    std::stable_sort(v.begin(), v.end(), [&](std::int32_t a, std::int32_t b) {
      return p.candidates[static_cast<std::size_t>(a)].sat < p.candidates[static_cast<std::size_t>(b)].sat;
    });

  // Feeder budget per satellite for the feeder-aware rule.
  std::vector<double> spare(ns, std::numeric_limits<double>::infinity());
  if (rule == GreedyRule::FeederAware) {
    std::vector<double> want(ns, 0.0);
    for (const auto& a : p.candidates) want[static_cast<std::size_t>(a.sat)] = std::max(want[static_cast<std::size_t>(a.sat)], a.rate_bps);
    for (std::size_t s = 0; s < ns; ++s) {
      want[s] = std::min(want[s] * p.satellites[s].beams, p.satellites[s].feeder_cap_bps);
      spare[s] = want[s];
    }
    if (p.has_feeder_network) spare = feeder_flow(p, want);
  }

  std::vector<int> sat_used(ns, 0), cell_beams(nc, 0);
  std::vector<std::uint8_t> assigned(nk, 0);
  const int limit = p.cell_limit();
  using Item = std::pair<double, std::int32_t>;
  auto cmp = [](const Item& a, const Item& b) { return a.first < b.first || (a.first == b.first && a.second > b.second); };
  std::priority_queue<Item, std::vector<Item>, decltype(cmp)> queue(cmp);
  for (std::size_t c = 0; c < nc; ++c)
    if (p.cells[c].demand_bps > 0 && !per_cell[c].empty()) queue.push({p.cells[c].demand_bps, static_cast<std::int32_t>(c)});
  while (!queue.empty()) {
    const auto [d, c] = queue.top();
    queue.pop();
    const auto cu = static_cast<std::size_t>(c);
    if (cell_beams[cu] >= limit) continue;
    std::int32_t best = -1;
    double best_value = 0.0;
    for (std::int32_t k : per_cell[cu]) {
      const auto ku = static_cast<std::size_t>(k);
      const auto& a = p.candidates[ku];
      const auto su = static_cast<std::size_t>(a.sat);
      if (sat_used[su] >= p.satellites[su].beams || assigned[ku]) continue;
      if (rule == GreedyRule::Engine) {
        if (best < 0 || a.elevation_deg > p.candidates[static_cast<std::size_t>(best)].elevation_deg) best = k;
      } else {
        const double v = std::min({a.rate_bps, d, spare[su]});
        if (!(v > 0.0)) continue;
        if (best < 0 || v > best_value ||
            (v == best_value && a.elevation_deg > p.candidates[static_cast<std::size_t>(best)].elevation_deg)) {
          best = k;
          best_value = v;
        }
      }
    }
    if (best < 0) continue;
    const auto bu = static_cast<std::size_t>(best);
    assigned[bu] = 1;
    sat_used[static_cast<std::size_t>(p.candidates[bu].sat)]++;
    cell_beams[cu]++;
    const double carried = rule == GreedyRule::Engine ? std::max(p.candidates[bu].rate_bps, 1.0) : best_value;
    if (rule == GreedyRule::FeederAware) spare[static_cast<std::size_t>(p.candidates[bu].sat)] -= carried;
    const double left = d - carried;
    if (left > 0) queue.push({left, c});
  }

  // Proportional split of each cell's demand over its beams, then the feeder.
  AllocationResult res;
  res.beam_time.assign(nk, 0.0);
  res.delivered_bps.assign(nk, 0.0);
  std::vector<double> offered(nc, 0.0), sat_alloc(ns, 0.0);
  for (std::size_t k = 0; k < nk; ++k)
    if (assigned[k]) {
      res.beam_time[k] = 1.0;
      offered[static_cast<std::size_t>(p.candidates[k].cell)] += p.candidates[k].rate_bps;
    }
  for (std::size_t k = 0; k < nk; ++k) {
    if (!assigned[k] || p.candidates[k].rate_bps <= 0) continue;
    const auto cu = static_cast<std::size_t>(p.candidates[k].cell);
    res.delivered_bps[k] = p.candidates[k].rate_bps * std::min(1.0, p.cells[cu].demand_bps / offered[cu]);
    sat_alloc[static_cast<std::size_t>(p.candidates[k].sat)] += res.delivered_bps[k];
  }
  std::vector<double> fed(ns);
  for (std::size_t s = 0; s < ns; ++s) fed[s] = std::min(sat_alloc[s], p.satellites[s].feeder_cap_bps);
  if (p.has_feeder_network) fed = feeder_flow(p, fed);
  for (std::size_t k = 0; k < nk; ++k) {
    const auto su = static_cast<std::size_t>(p.candidates[k].sat);
    if (res.delivered_bps[k] > 0) res.delivered_bps[k] *= std::min(1.0, fed[su] / sat_alloc[su]);
  }
  detail::fill_totals(p, res);
  return res;
}

}  // namespace satcap::capacity
