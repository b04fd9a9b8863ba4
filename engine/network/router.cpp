// Shortest paths per step: Boost.Graph Dijkstra from each root station, parallel with oneTBB.
#include <satcap/core/error.hpp>
#include <satcap/network/router.hpp>

#include <boost/graph/dijkstra_shortest_paths_no_color_map.hpp>
#include <boost/property_map/function_property_map.hpp>
#include <oneapi/tbb/enumerable_thread_specific.h>
#include <boost/range/iterator_range.hpp>
#include <oneapi/tbb/parallel_for.h>

#include <cmath>
#include <limits>
#include <numeric>

namespace satcap::network {

void LatencyPolicy::link_costs(const SnapshotGraph& graph, std::vector<double>& cost) const {
  const auto& links = graph.links();
  cost.resize(links.size());
  for (std::size_t i = 0; i < links.size(); ++i) cost[i] = links[i].length_m / units::kSpeedOfLight;
}

void HopPolicy::link_costs(const SnapshotGraph& graph, std::vector<double>& cost) const {
  const auto& links = graph.links();
  cost.resize(links.size());
  for (std::size_t i = 0; i < links.size(); ++i) cost[i] = 1.0 + 1e-3 * links[i].length_m / units::kSpeedOfLight;
}

std::string to_string(RouteMetric m) { return m == RouteMetric::Hops ? "hops" : "latency"; }

RouteMetric route_metric_from_string(std::string_view s) {
  if (s == "latency") return RouteMetric::Latency;
  if (s == "hops") return RouteMetric::Hops;
  throw InputError("", 0, "metric", "expected 'latency' or 'hops', got '" + std::string(s) + "'");
}

std::shared_ptr<const RoutingPolicy> make_routing_policy(RouteMetric m) {
  if (m == RouteMetric::Hops) return std::make_shared<HopPolicy>();
  return std::make_shared<LatencyPolicy>();
}

Router::Router(std::shared_ptr<const RoutingPolicy> policy, bool ground_relays)
    : policy_(std::move(policy)), ground_relays_(ground_relays) {
  if (!policy_) throw InputError("", 0, "policy", "a routing policy is required");
}

namespace {

using Graph = SnapshotGraph::Graph;
using EdgeDesc = boost::graph_traits<Graph>::edge_descriptor;
constexpr double kInf = std::numeric_limits<double>::infinity();

// Records, on each relaxation u -> v, the path length in metres and the hop count along the tree.
struct TreeRecorder : boost::default_dijkstra_visitor {
  const double* arc_len;
  double* len;
  std::uint16_t* hops;
  void edge_relaxed(EdgeDesc e, const Graph& g) const {
    const auto u = boost::source(e, g), v = boost::target(e, g);
    len[v] = len[u] + arc_len[boost::get(boost::edge_index, g, e)];
    hops[v] = static_cast<std::uint16_t>(hops[u] + 1);
  }
};

struct Scratch {
  std::vector<double> dist;
  std::vector<std::uint32_t> pred;
};

}  // namespace

ShortestPaths Router::solve(const SnapshotGraph& graph, std::span<const int> root_stations) const {
  const int N = graph.satellite_count(), G = graph.station_count(), V = graph.vertex_count();
  ShortestPaths sp;
  sp.satellites_ = N;
  sp.stations_ = G;
  std::vector<int> roots;
  if (root_stations.empty()) {
    roots.resize(static_cast<std::size_t>(G));
    std::iota(roots.begin(), roots.end(), 0);
  } else {
    roots.assign(root_stations.begin(), root_stations.end());
  }
  sp.root_slot_.assign(static_cast<std::size_t>(G), -1);
  int slots = 0;
  for (int r : roots) {
    if (r < 0 || r >= G) throw InputError("", 0, "root station", "index " + std::to_string(r) + " out of range");
    if (sp.root_slot_[static_cast<std::size_t>(r)] < 0) sp.root_slot_[static_cast<std::size_t>(r)] = slots++;
  }
  roots.clear();
  roots.resize(static_cast<std::size_t>(slots));
  for (int g = 0; g < G; ++g)
    if (sp.root_slot_[static_cast<std::size_t>(g)] >= 0) roots[static_cast<std::size_t>(sp.root_slot_[static_cast<std::size_t>(g)])] = g;

  // Per-arc cost and length, once per step.
  std::vector<double> link_cost;
  policy_->link_costs(graph, link_cost);
  const auto& arc_link = graph.arc_link();
  const auto& links = graph.links();
  const std::size_t na = arc_link.size();
  std::vector<double> arc_cost(na), arc_len(na), arc_cost_open(na);
  const auto& g = graph.graph();
  for (std::uint32_t v = 0; v < static_cast<std::uint32_t>(V); ++v) {
    const bool blocked = !ground_relays_ && graph.is_station(static_cast<int>(v));
    for (auto e : boost::make_iterator_range(boost::out_edges(v, g))) {
      const auto i = boost::get(boost::edge_index, g, e);
      const auto& l = links[arc_link[i]];
      const double c = link_cost[arc_link[i]];
      if (!(c >= 0)) throw InputError("", 0, "routing policy", policy_->name() + " gave a negative or NaN cost");
      arc_len[i] = l.length_m;
      arc_cost_open[i] = c;
      arc_cost[i] = blocked ? kInf : c;
    }
  }

  const std::size_t Vs = static_cast<std::size_t>(V);
  sp.pred_.assign(Vs * static_cast<std::size_t>(slots), ShortestPaths::kNone);
  sp.len_.assign(Vs * static_cast<std::size_t>(slots), kInf);
  std::vector<std::uint16_t> hops(Vs * static_cast<std::size_t>(slots), 0);
  tbb::enumerable_thread_specific<Scratch> scratch;

  tbb::parallel_for(tbb::blocked_range<int>(0, slots, 1), [&](const tbb::blocked_range<int>& range) {
    auto& s = scratch.local();
    s.dist.resize(Vs);
    s.pred.resize(Vs);
    for (int slot = range.begin(); slot < range.end(); ++slot) {
      const auto root = static_cast<std::uint32_t>(N + roots[static_cast<std::size_t>(slot)]);
      double* len = sp.len_.data() + static_cast<std::size_t>(slot) * Vs;
      std::uint16_t* hp = hops.data() + static_cast<std::size_t>(slot) * Vs;
      len[root] = 0.0;
      auto weight = boost::make_function_property_map<EdgeDesc, double>([&](const EdgeDesc& e) {
        const auto i = boost::get(boost::edge_index, g, e);
        return e.src == root ? arc_cost_open[i] : arc_cost[i];
      });
      TreeRecorder vis;
      vis.arc_len = arc_len.data();
      vis.len = len;
      vis.hops = hp;
      boost::dijkstra_shortest_paths_no_color_map(
          g, root,
          boost::predecessor_map(s.pred.data())
              .distance_map(s.dist.data())
              .weight_map(weight)
              .vertex_index_map(boost::get(boost::vertex_index, g))
              .distance_inf(kInf)
              .visitor(vis));
      std::uint32_t* pred = sp.pred_.data() + static_cast<std::size_t>(slot) * Vs;
      for (std::size_t v = 0; v < Vs; ++v) {
        if (v == root || !(s.dist[v] < kInf)) {
          if (v != root) len[v] = kInf;
          continue;
        }
        pred[v] = s.pred[v];
      }
    }
  });
  sp.hops_ = std::move(hops);
  return sp;
}

bool ShortestPaths::has_root(int station) const {
  return station >= 0 && station < stations_ && root_slot_[static_cast<std::size_t>(station)] >= 0;
}

namespace {
void check_root(const ShortestPaths& sp, int station) {
  if (!sp.has_root(station)) throw InputError("", 0, "station", "no shortest-path tree rooted at station " + std::to_string(station));
}
}  // namespace

double ShortestPaths::length_m(int src, int dst) const {
  check_root(*this, dst);
  if (src < 0 || src >= stations_) throw InputError("", 0, "station", "index out of range");
  const std::size_t V = static_cast<std::size_t>(satellites_ + stations_);
  const double l = len_[static_cast<std::size_t>(root_slot_[static_cast<std::size_t>(dst)]) * V +
                        static_cast<std::size_t>(satellites_ + src)];
  return l < std::numeric_limits<double>::infinity() ? l : std::numeric_limits<double>::quiet_NaN();
}

int ShortestPaths::hops(int src, int dst) const {
  if (std::isnan(length_m(src, dst))) return -1;
  const std::size_t V = static_cast<std::size_t>(satellites_ + stations_);
  return hops_[static_cast<std::size_t>(root_slot_[static_cast<std::size_t>(dst)]) * V + static_cast<std::size_t>(satellites_ + src)];
}

int ShortestPaths::next_hop(int vertex, int station) const {
  check_root(*this, station);
  const std::size_t V = static_cast<std::size_t>(satellites_ + stations_);
  if (vertex < 0 || static_cast<std::size_t>(vertex) >= V) throw InputError("", 0, "vertex", "index out of range");
  const auto p = pred_[static_cast<std::size_t>(root_slot_[static_cast<std::size_t>(station)]) * V + static_cast<std::size_t>(vertex)];
  return p == kNone ? -1 : static_cast<int>(p);
}

Route ShortestPaths::route(int src, int dst) const {
  Route r;
  const double l = length_m(src, dst);
  if (std::isnan(l)) return r;
  r.reachable = true;
  r.length_m = l;
  const std::size_t V = static_cast<std::size_t>(satellites_ + stations_);
  const std::uint32_t* pred = pred_.data() + static_cast<std::size_t>(root_slot_[static_cast<std::size_t>(dst)]) * V;
  auto v = static_cast<std::uint32_t>(satellites_ + src);
  const auto root = static_cast<std::uint32_t>(satellites_ + dst);
  r.path.push_back(static_cast<std::int32_t>(v));
  while (v != root) {
    v = pred[v];
    r.path.push_back(static_cast<std::int32_t>(v));
  }
  r.hops = static_cast<int>(r.path.size()) - 1;
  return r;
}

double ShortestPaths::rtt_s(int a, int b) const {
  return (length_m(a, b) + length_m(b, a)) / units::kSpeedOfLight;
}

void PairSeries::observe(double t_s, const Route& fwd, double rtt_s) {
  ++steps_;
  if (have_prev_) {
    const bool changed = fwd.reachable != prev_reachable_ || (fwd.reachable && fwd.path != prev_path_);
    if (changed) change_times_s_.push_back(t_s);
  }
  have_prev_ = true;
  prev_reachable_ = fwd.reachable;
  if (fwd.reachable) {
    prev_path_ = fwd.path;
    min_hops_ = std::min(min_hops_, fwd.hops);
    max_hops_ = std::max(max_hops_, fwd.hops);
  } else {
    prev_path_.clear();
    ++unreachable_;
  }
  if (fwd.reachable && std::isfinite(rtt_s)) {
    min_rtt_ = std::min(min_rtt_, rtt_s);
    max_rtt_ = std::max(max_rtt_, rtt_s);
    sum_rtt_ += rtt_s;
    ++n_rtt_;
  }
}

double PairSeries::min_rtt_s() const { return n_rtt_ ? min_rtt_ : std::numeric_limits<double>::quiet_NaN(); }
double PairSeries::max_rtt_s() const { return n_rtt_ ? max_rtt_ : std::numeric_limits<double>::quiet_NaN(); }
double PairSeries::mean_rtt_s() const { return n_rtt_ ? sum_rtt_ / n_rtt_ : std::numeric_limits<double>::quiet_NaN(); }

std::string vertex_label(const SnapshotGraph& graph, const std::vector<GroundStation>& stations, int vertex) {
  if (graph.is_station(vertex)) {
    const auto g = static_cast<std::size_t>(vertex - graph.satellite_count());
    std::string label(1, 'G');  // built by appending: GCC 12 warns falsely on "G" + std::string
    label += g < stations.size() ? stations[g].id : std::to_string(g);
    return label;
  }
  std::string label(1, 'S');
  label += std::to_string(vertex);
  return label;
}

std::string path_label(const SnapshotGraph& graph, const std::vector<GroundStation>& stations,
                       const std::vector<std::int32_t>& path) {
  std::string out;
  for (std::size_t i = 0; i < path.size(); ++i) {
    if (i) out += '>';
    out += vertex_label(graph, stations, path[i]);
  }
  return out;
}

}  // namespace satcap::network
