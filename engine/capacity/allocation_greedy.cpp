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
// feeder of a satellite starts at min(cap_s, B_s x max r_s, the maximum flow the network can push to
// it alone) and drops by what each of its beams is expected to carry.
// GCC 12 reports false -Wmaybe-uninitialized inside Boost.Graph (as in engine/network/flow.cpp).
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include <satcap/capacity/allocation.hpp>
#include <satcap/core/error.hpp>
#include <satcap/network/flow.hpp>
#include <satcap/network/snapshot.hpp>

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/push_relabel_max_flow.hpp>

#include <algorithm>
#include <deque>
#include <cmath>
#include <queue>
#include <vector>

#include "allocation_internal.hpp"

namespace satcap::capacity {

namespace {

struct FeederGraph {
  network::SnapshotGraph graph;
  network::FlowCapacities caps;
};

// The problem's gateways, GSLs and ISLs as a network::SnapshotGraph with per-link capacities;
// +inf capacities stand for `big` (no arc can carry more than the total asked).
FeederGraph feeder_graph(const AllocationProblem& p, double big) {
  const int N = static_cast<int>(p.satellites.size());
  const int G = static_cast<int>(p.feeder.gateway_bps.size());
  big = std::min(1e17, big);
  auto finite = [&](double c) { return std::isfinite(c) ? std::min(c, big) : big; };
  std::vector<network::Link> links;
  FeederGraph f;
  for (const auto& e : p.feeder.gsl) {
    links.push_back({e.sat, N + e.gateway, network::LinkKind::Gsl, 1.0});
    f.caps.link_bps.push_back(finite(e.capacity_bps));
  }
  for (const auto& e : p.feeder.isl) {
    links.push_back({std::min(e.a, e.b), std::max(e.a, e.b), network::LinkKind::Isl, 1.0});
    f.caps.link_bps.push_back(finite(e.capacity_bps));
  }
  f.caps.feeder_bps.resize(static_cast<std::size_t>(G));
  for (int g = 0; g < G; ++g) f.caps.feeder_bps[static_cast<std::size_t>(g)] = finite(p.feeder.gateway_bps[static_cast<std::size_t>(g)]);
  f.graph = network::SnapshotGraph(N, G, std::move(links));
  return f;
}

// What the feeder network carries to each satellite for the given per-satellite demands (one
// maximum flow, network::FlowSolver push-relabel).
std::vector<double> feeder_flow(const AllocationProblem& p, const std::vector<double>& demand) {
  double total = 1.0;
  for (double d : demand) total += d;
  const FeederGraph f = feeder_graph(p, total);
  return network::FlowSolver().solve(f.graph, f.caps, demand).delivered_bps;
}


// One maximum flow (Boost.Graph push-relabel, integer bit/s as in network::FlowSolver) from the
// gateways to the satellites with the given demands, and which satellites could still receive more:
// those reachable from the super-source in the residual network (the source side of a minimum cut).
// A satellite outside that set is fed at most what it got, whatever else changes in the assignment.
struct FeederCut {
  std::vector<double> fed;
  std::vector<std::uint8_t> can_grow;
};

FeederCut feeder_cut(const AllocationProblem& p, const std::vector<double>& demand) {
  using Flow = std::int64_t;
  using Traits = boost::adjacency_list_traits<boost::vecS, boost::vecS, boost::directedS>;
  struct FE {
    Flow capacity = 0;
    Flow residual = 0;
    Traits::edge_descriptor reverse{};
  };
  using FG = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS, boost::no_property, FE>;
  const std::size_t N = p.satellites.size(), G = p.feeder.gateway_bps.size();
  double total = 1.0;
  for (double d : demand) total += d;
  const double big = std::min(1e17, total);
  auto flow = [&](double c) { return static_cast<Flow>(std::llround(std::isfinite(c) ? std::min(c, big) : big)); };
  const std::size_t src = N + G, snk = N + G + 1;
  FG g(N + G + 2);
  auto arc = [&](std::size_t u, std::size_t v, Flow c) {
    auto e = boost::add_edge(u, v, g).first;
    auto r = boost::add_edge(v, u, g).first;
    g[e].capacity = c;
    g[r].capacity = 0;
    g[e].reverse = r;
    g[r].reverse = e;
    return e;
  };
  for (std::size_t k = 0; k < G; ++k) arc(src, N + k, flow(p.feeder.gateway_bps[k]));
  for (const auto& e : p.feeder.gsl) arc(N + static_cast<std::size_t>(e.gateway), static_cast<std::size_t>(e.sat), flow(e.capacity_bps));
  for (const auto& e : p.feeder.isl) {
    arc(static_cast<std::size_t>(e.a), static_cast<std::size_t>(e.b), flow(e.capacity_bps));
    arc(static_cast<std::size_t>(e.b), static_cast<std::size_t>(e.a), flow(e.capacity_bps));
  }
  std::vector<Traits::edge_descriptor> out(N);
  for (std::size_t s = 0; s < N; ++s) out[s] = arc(s, snk, flow(demand[s]));
  boost::push_relabel_max_flow(g, src, snk,
                               boost::capacity_map(boost::get(&FE::capacity, g))
                                   .residual_capacity_map(boost::get(&FE::residual, g))
                                   .reverse_edge_map(boost::get(&FE::reverse, g)));
  FeederCut c;
  c.fed.assign(N, 0.0);
  for (std::size_t s = 0; s < N; ++s) c.fed[s] = static_cast<double>(g[out[s]].capacity - g[out[s]].residual);
  std::vector<std::uint8_t> seen(N + G + 2, 0);
  std::deque<std::size_t> q{src};
  seen[src] = 1;
  while (!q.empty()) {
    const std::size_t u = q.front();
    q.pop_front();
    for (auto [e, end] = boost::out_edges(u, g); e != end; ++e) {
      const std::size_t v = boost::target(*e, g);
      if (!seen[v] && g[*e].residual > 0) {
        seen[v] = 1;
        q.push_back(v);
      }
    }
  }
  c.can_grow.assign(seen.begin(), seen.begin() + static_cast<std::ptrdiff_t>(N));
  return c;
}

}  // namespace

namespace {

// One greedy pass: the whole beams chosen (per candidate). `budget` (FeederAware only) is what each
// satellite may still carry; it drops by what each new beam is expected to carry.
std::vector<std::uint8_t> assign(const AllocationProblem& p, GreedyRule rule, const std::vector<std::vector<std::int32_t>>& per_cell,
                                 std::vector<double> budget) {
  const std::size_t nk = p.candidates.size(), nc = p.cells.size(), ns = p.satellites.size();
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
        const double v = std::min({a.rate_bps, d, budget[su]});
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
    if (rule == GreedyRule::FeederAware) budget[static_cast<std::size_t>(p.candidates[bu].sat)] -= carried;
    const double left = d - carried;
    if (left > 0) queue.push({left, c});
  }
  return assigned;
}

// Proportional split of each cell's demand over its beams, then the feeder. Returns the result and,
// in `fed`, what the feeder carries to each satellite, and in `alloc` what it was asked to carry.
AllocationResult finish(const AllocationProblem& p, const std::vector<std::uint8_t>& assigned, std::vector<double>& fed,
                        std::vector<double>& sat_alloc, std::vector<std::uint8_t>* can_grow = nullptr) {
  const std::size_t nk = p.candidates.size(), nc = p.cells.size(), ns = p.satellites.size();
  AllocationResult res;
  res.beam_time.assign(nk, 0.0);
  res.delivered_bps.assign(nk, 0.0);
  std::vector<double> offered(nc, 0.0);
  sat_alloc.assign(ns, 0.0);
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
  fed.assign(ns, 0.0);
  for (std::size_t s = 0; s < ns; ++s) fed[s] = std::min(sat_alloc[s], p.satellites[s].feeder_cap_bps);
  if (p.has_feeder_network) {
    if (can_grow) {
      FeederCut cut = feeder_cut(p, fed);
      fed = std::move(cut.fed);
      *can_grow = std::move(cut.can_grow);
    } else {
      fed = feeder_flow(p, fed);
    }
  } else if (can_grow) {
    can_grow->assign(ns, 1);
  }
  for (std::size_t k = 0; k < nk; ++k) {
    const auto su = static_cast<std::size_t>(p.candidates[k].sat);
    if (res.delivered_bps[k] > 0) res.delivered_bps[k] *= std::min(1.0, fed[su] / sat_alloc[su]);
  }
  detail::fill_totals(p, res);
  return res;
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
  std::vector<double> fed, alloc;
  if (rule == GreedyRule::Engine) return finish(p, assign(p, rule, per_cell, {}), fed, alloc);

  // Feeder-aware: budgets start at min(cap_s, B_s x max r_s). After each pass, one maximum flow
  // with the satellites' allocations as demands splits them by a minimum cut: a satellite the
  // residual network cannot reach (behind a saturated gateway, GSL or ISL) keeps what it was fed as
  // its budget, whether or not it was short this time, so the next pass moves demand to satellites
  // that can take more. Stopping rule: no satellite short of its allocation, no gain over the best
  // pass, or kFeederRounds passes; the best pass is returned.
  constexpr int kFeederRounds = 4;
  std::vector<double> budget(ns, 0.0);
  for (const auto& a : p.candidates) budget[static_cast<std::size_t>(a.sat)] = std::max(budget[static_cast<std::size_t>(a.sat)], a.rate_bps);
  for (std::size_t s = 0; s < ns; ++s) budget[s] = std::min(budget[s] * p.satellites[s].beams, p.satellites[s].feeder_cap_bps);
  AllocationResult best;
  std::vector<std::uint8_t> can_grow;
  for (int round = 0; round < kFeederRounds; ++round) {
    AllocationResult r = finish(p, assign(p, rule, per_cell, budget), fed, alloc, &can_grow);
    const bool better = round == 0 || r.total_bps > best.total_bps;
    if (better) best = std::move(r);
    if (!better) break;
    bool short_fed = false;
    for (std::size_t s = 0; s < ns; ++s) {
      if (fed[s] < alloc[s] * (1.0 - 1e-9)) short_fed = true;
      if (!can_grow[s]) budget[s] = std::min(budget[s], fed[s]);  // (a reachable satellite is never short)
    }
    if (!short_fed) break;
  }
  return best;
}

}  // namespace satcap::capacity
