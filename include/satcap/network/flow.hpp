#pragma once
/// @file flow.hpp
/// Capacity-limited flow on a step graph: how much traffic the gateways can push to each satellite.
///
/// Flow network (all capacities in bit/s):
///   super-source -> gateway g        capacity = feeder_bps[g] (stations with 0 are not gateways)
///   gateway g -> satellite s          capacity of the GSL (gateway -> satellite direction only)
///   satellite u <-> satellite v       capacity of the ISL, in each direction independently
///   satellite s -> super-sink         capacity = demand_bps[s]
/// Ground stations never relay in the flow network (terrestrial backhaul is the feeder capacity).
/// The maximum flow is computed with Boost.Graph (`push_relabel_max_flow`, Goldberg-Tarjan, or
/// `boykov_kolmogorov_max_flow`); both give the same total. The per-satellite split of a maximum
/// flow is not unique in general: `delivered_bps[s]` is the flow of the solution found (deterministic
/// for a given graph and algorithm). It always satisfies delivered <= demand and sum = total.
/// `max_flow_to_satellite` answers the single-satellite question exactly (unique value).
///
/// Capacities must be finite and >= 0 (InputError otherwise). Numerical accuracy: the algorithms
/// work in double; totals are exact to ~1e-9 relative.
/// Thread-safety: FlowSolver is immutable; `solve` allocates its own working graph per call.
#include <satcap/export.hpp>
#include <satcap/network/snapshot.hpp>

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace satcap::network {

enum class MaxFlowAlgorithm { PushRelabel, BoykovKolmogorov };
SATCAP_EXPORT std::string to_string(MaxFlowAlgorithm a);
SATCAP_EXPORT MaxFlowAlgorithm max_flow_algorithm_from_string(std::string_view s);

/// Capacities of the step's flow network.
struct FlowCapacities {
  double isl_bps = 0.0;  ///< each direction of each ISL
  double gsl_bps = 0.0;  ///< each gateway -> satellite GSL
  /// Per station (size = station count); > 0 marks a gateway.
  std::vector<double> feeder_bps;
  /// Optional per-link override (size = graph.links().size()); NaN entries fall back to the
  /// per-kind value. Lets a caller put link-budget capacities on individual GSLs or ISLs.
  std::vector<double> link_bps;

  /// Feeder capacities from the stations' `gateway` / `feeder_capacity_bps` fields.
  static FlowCapacities from_stations(const std::vector<GroundStation>& stations, double isl_bps, double gsl_bps);
};

struct FlowResult {
  double total_bps = 0.0;
  std::vector<double> delivered_bps;  ///< per satellite, <= demand
  std::vector<double> gateway_bps;    ///< per station: flow leaving it (0 for non-gateways)
};

class SATCAP_EXPORT FlowSolver {
 public:
  explicit FlowSolver(MaxFlowAlgorithm algorithm = MaxFlowAlgorithm::PushRelabel) : algorithm_(algorithm) {}
  /// Maximum flow from all gateways to all satellites with the given demands (size = satellites).
  FlowResult solve(const SnapshotGraph& graph, const FlowCapacities& caps, std::span<const double> demand_bps) const;
  /// The most the gateways can push to one satellite alone (no demand cap), bit/s.
  double max_flow_to_satellite(const SnapshotGraph& graph, const FlowCapacities& caps, int satellite) const;
  MaxFlowAlgorithm algorithm() const { return algorithm_; }

 private:
  MaxFlowAlgorithm algorithm_;
};

}  // namespace satcap::network
