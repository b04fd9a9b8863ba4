// Capacity-limited flow from gateways to satellites (Boost.Graph push-relabel / Boykov-Kolmogorov).
// GCC 12 reports false -Wmaybe-uninitialized inside Boost.Graph's adjacency_list edge iterators
// (boost::optional in adj_list_edge_iterator) when push_relabel_max_flow is inlined.
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <satcap/core/error.hpp>
#include <satcap/network/flow.hpp>

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/boykov_kolmogorov_max_flow.hpp>
#include <boost/graph/push_relabel_max_flow.hpp>

#include <cmath>
#include <cstdint>
#include <limits>

namespace satcap::network {

std::string to_string(MaxFlowAlgorithm a) {
  return a == MaxFlowAlgorithm::BoykovKolmogorov ? "boykov-kolmogorov" : "push-relabel";
}

MaxFlowAlgorithm max_flow_algorithm_from_string(std::string_view s) {
  if (s == "push-relabel") return MaxFlowAlgorithm::PushRelabel;
  if (s == "boykov-kolmogorov") return MaxFlowAlgorithm::BoykovKolmogorov;
  throw InputError("", 0, "max-flow algorithm", "expected 'push-relabel' or 'boykov-kolmogorov', got '" + std::string(s) + "'");
}

FlowCapacities FlowCapacities::from_stations(const std::vector<GroundStation>& stations, double isl_bps, double gsl_bps) {
  FlowCapacities c;
  c.isl_bps = isl_bps;
  c.gsl_bps = gsl_bps;
  c.feeder_bps.resize(stations.size(), 0.0);
  for (std::size_t g = 0; g < stations.size(); ++g)
    if (stations[g].gateway) c.feeder_bps[g] = stations[g].feeder_capacity_bps;
  return c;
}

namespace {

// Flows are integers in bit/s (int64): exact arithmetic, no floating-point termination issues in
// push-relabel; 1 bit/s resolution is far below any link capacity of interest.
using Flow = std::int64_t;
using Traits = boost::adjacency_list_traits<boost::vecS, boost::vecS, boost::directedS>;
struct FV {
  boost::default_color_type color = boost::white_color;
  long distance = 0;
  Traits::edge_descriptor pred{};
};
struct FE {
  Flow capacity = 0;
  Flow residual = 0;
  Traits::edge_descriptor reverse{};
};
using FG = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS, FV, FE>;

Flow to_flow(double bps, const char* what) {
  if (!std::isfinite(bps) || bps < 0) throw InputError("", 0, what, "capacity must be finite and >= 0 bit/s");
  if (bps > 1e17) throw InputError("", 0, what, "capacity above 1e17 bit/s");
  return static_cast<Flow>(std::llround(bps));
}

Traits::edge_descriptor add_arc(FG& g, std::size_t u, std::size_t v, Flow cap) {
  auto e = boost::add_edge(u, v, g).first;
  auto r = boost::add_edge(v, u, g).first;
  g[e].capacity = cap;
  g[r].capacity = 0;
  g[e].reverse = r;
  g[r].reverse = e;
  return e;
}

FlowResult run(const SnapshotGraph& graph, const FlowCapacities& caps, std::span<const double> demand,
               MaxFlowAlgorithm algo) {
  const int N = graph.satellite_count(), G = graph.station_count();
  if (static_cast<int>(demand.size()) != N)
    throw InputError("", 0, "demand", "expected " + std::to_string(N) + " values, got " + std::to_string(demand.size()));
  if (static_cast<int>(caps.feeder_bps.size()) != G)
    throw InputError("", 0, "feeder capacity", "expected " + std::to_string(G) + " values, got " + std::to_string(caps.feeder_bps.size()));
  const auto& links = graph.links();
  if (!caps.link_bps.empty() && caps.link_bps.size() != links.size())
    throw InputError("", 0, "link capacity", "expected " + std::to_string(links.size()) + " values");
  const Flow isl = to_flow(caps.isl_bps, "isl capacity"), gsl = to_flow(caps.gsl_bps, "gsl capacity");

  const std::size_t V = static_cast<std::size_t>(N + G), src = V, snk = V + 1;
  FG g(V + 2);
  std::vector<Traits::edge_descriptor> feeder_edge(static_cast<std::size_t>(G));
  std::vector<bool> is_gateway(static_cast<std::size_t>(G), false);
  for (int s = 0; s < G; ++s) {
    const Flow f = to_flow(caps.feeder_bps[static_cast<std::size_t>(s)], "feeder capacity");
    if (f > 0) {
      is_gateway[static_cast<std::size_t>(s)] = true;
      feeder_edge[static_cast<std::size_t>(s)] = add_arc(g, src, static_cast<std::size_t>(N + s), f);
    }
  }
  for (std::size_t i = 0; i < links.size(); ++i) {
    const auto& l = links[i];
    const bool over = !caps.link_bps.empty() && !std::isnan(caps.link_bps[i]);
    if (l.kind == LinkKind::Isl) {
      const Flow c = over ? to_flow(caps.link_bps[i], "link capacity") : isl;
      if (c <= 0) continue;
      add_arc(g, static_cast<std::size_t>(l.a), static_cast<std::size_t>(l.b), c);
      add_arc(g, static_cast<std::size_t>(l.b), static_cast<std::size_t>(l.a), c);
    } else {
      const int station = l.b - N;
      if (!is_gateway[static_cast<std::size_t>(station)]) continue;
      const Flow c = over ? to_flow(caps.link_bps[i], "link capacity") : gsl;
      if (c > 0) add_arc(g, static_cast<std::size_t>(l.b), static_cast<std::size_t>(l.a), c);
    }
  }
  std::vector<Traits::edge_descriptor> demand_edge(static_cast<std::size_t>(N));
  std::vector<bool> has_demand(static_cast<std::size_t>(N), false);
  for (int s = 0; s < N; ++s) {
    const Flow d = to_flow(demand[static_cast<std::size_t>(s)], "demand");
    if (d > 0) {
      has_demand[static_cast<std::size_t>(s)] = true;
      demand_edge[static_cast<std::size_t>(s)] = add_arc(g, static_cast<std::size_t>(s), snk, d);
    }
  }

  auto cap = boost::get(&FE::capacity, g);
  auto res = boost::get(&FE::residual, g);
  auto rev = boost::get(&FE::reverse, g);
  Flow total = 0;
  if (algo == MaxFlowAlgorithm::PushRelabel) {
    total = boost::push_relabel_max_flow(g, src, snk, boost::capacity_map(cap).residual_capacity_map(res).reverse_edge_map(rev));
  } else {
    total = boost::boykov_kolmogorov_max_flow(g, cap, res, rev, boost::get(&FV::pred, g), boost::get(&FV::color, g),
                                              boost::get(&FV::distance, g), boost::get(boost::vertex_index, g), src, snk);
  }
  FlowResult r;
  r.total_bps = static_cast<double>(total);
  r.delivered_bps.assign(static_cast<std::size_t>(N), 0.0);
  r.gateway_bps.assign(static_cast<std::size_t>(G), 0.0);
  for (int s = 0; s < N; ++s)
    if (has_demand[static_cast<std::size_t>(s)]) {
      const auto e = demand_edge[static_cast<std::size_t>(s)];
      r.delivered_bps[static_cast<std::size_t>(s)] = static_cast<double>(g[e].capacity - g[e].residual);
    }
  for (int s = 0; s < G; ++s)
    if (is_gateway[static_cast<std::size_t>(s)]) {
      const auto e = feeder_edge[static_cast<std::size_t>(s)];
      r.gateway_bps[static_cast<std::size_t>(s)] = static_cast<double>(g[e].capacity - g[e].residual);
    }
  return r;
}

}  // namespace

FlowResult FlowSolver::solve(const SnapshotGraph& graph, const FlowCapacities& caps, std::span<const double> demand_bps) const {
  return run(graph, caps, demand_bps, algorithm_);
}

double FlowSolver::max_flow_to_satellite(const SnapshotGraph& graph, const FlowCapacities& caps, int satellite) const {
  if (satellite < 0 || satellite >= graph.satellite_count())
    throw InputError("", 0, "satellite", "index " + std::to_string(satellite) + " out of range");
  double feeders = 0.0;
  for (double f : caps.feeder_bps) feeders += std::isfinite(f) && f > 0 ? f : 0.0;
  std::vector<double> demand(static_cast<std::size_t>(graph.satellite_count()), 0.0);
  demand[static_cast<std::size_t>(satellite)] = feeders;
  return run(graph, caps, demand, algorithm_).total_bps;
}

}  // namespace satcap::network
