#pragma once
// The feeder side of one capacity step (docs/models/feeder.md): which satellites can reach a gateway,
// each gateway-satellite link's own budget, the traffic-aware choice of what each gateway antenna
// tracks, and the max flow that caps what every satellite delivers.
//
//  1. prepare(): every (gateway site, band, satellite) pair above the gateway's elevation mask whose
//     payload has a feeder terminal in that band is a candidate GSL, with its rate from the forward
//     uplink budget (FeederBudget); ISLs follow the study's topology rule, restricted to satellites
//     whose payload has laser terminals, each at the lower of the two ends' rates. Satellites joined
//     by ISLs to a candidate GSL form a component; feedable[s] says whether s can reach a gateway
//     at all this step and component_budget an optimistic bound of what its component can receive.
//  2. select_and_solve(): with the beams placed, each gateway antenna tracks a satellite that carries
//     traffic: candidates are taken in order of the satellite's unfed traffic (then rate, then ids),
//     while the gateway has a free antenna in the band and the satellite a free terminal; antennas
//     left over then track the ISL-capable satellites with the most unfed traffic among their ISL
//     neighbours (relays). The step graph (ISLs + chosen GSLs) goes to the network layer's max flow,
//     gateway backhaul as source capacity.
// Deterministic: every ordering ties by index; per-gateway work runs in parallel into disjoint slots.
#include <satcap/capacity/model.hpp>
#include <satcap/network/flow.hpp>
#include <satcap/network/snapshot.hpp>
#include <satcap/radio/atmosphere.hpp>

#include <Eigen/Dense>

#include <cstdint>
#include <memory>
#include <vector>

namespace satcap::capacity {

/// Forward feeder uplink budget of one band at one gateway site (the gateway -> satellite direction
/// carries the user traffic):
///   Es/N0 = EIRP_density [W/Hz] x G/T_sat / (k x FSPL(f, d) x A(el)) x (1 + rolloff)
///   Es/(N0+I0) = 1 / (1/(Es/N0) + 1/(C/X));  MODCOD from the DVB-S2X ladder with the margin;
///   rate = polarisations x B / (1 + rolloff) x efficiency.
/// A(el) is the P.618-14 total at the site for p = 100 - availability (per-site table), or the
/// scenario's fixed loss.
class FeederBudget {
 public:
  FeederBudget() = default;
  FeederBudget(const FeederOptions& o, FeederBand band, const FeederTerminal& terminal,
               const radio::SiteAttenuationTable* table, double fixed_loss_db);
  /// Rate (bit/s) at slant range `range_m` and elevation `elevation_deg`; 0 when the link does not close.
  double rate_bps(double range_m, double elevation_deg) const;
  /// Es/(N0+I0) (dB) of the link.
  double esn0_db(double range_m, double elevation_deg) const;

 private:
  const radio::SiteAttenuationTable* table_ = nullptr;
  double fixed_loss_db_ = 0;
  double lambda_m_ = 0;
  double k_db_ = 0;  // EIRP density + G/T + 10 log10(1 + rolloff) - 10 log10(k), dB
  double inv_cx_ = 0;
  double symbols_ = 0;  // polarisations x symbol rate
  double margin_db_ = 0;
};

struct FeederStep {
  struct Gsl {
    std::int32_t gateway, sat;
    FeederBand band;
    double range_m, elevation_deg, rate_bps;
  };
  std::vector<Gsl> candidates;            // gateway-major, then satellite
  std::vector<network::Link> isls;        // a < b
  std::vector<double> isl_bps;            // per ISL
  std::vector<std::uint8_t> feedable;     // per satellite
  std::vector<std::int32_t> component;    // per satellite (-1: no ISL/GSL at all)
  std::vector<double> component_budget;   // per component, bit/s
  // Results of select_and_solve.
  std::vector<double> delivered_bps;      // per satellite
  std::vector<double> gateway_bps;        // per gateway
  std::vector<std::int32_t> gateway_links;  // per gateway: GSLs chosen
  std::int64_t gsl_chosen = 0;
  double gsl_capacity_bps = 0;            // sum of the chosen GSLs' rates
};

class FeederNetwork {
 public:
  FeederNetwork(const Scenario& sc, const std::vector<Payload>& payloads, const std::vector<std::int32_t>& sat_class,
                const radio::Atmosphere* atmosphere, double fixed_loss_db);
  ~FeederNetwork();
  void prepare(const Eigen::Matrix3Xd& pos, FeederStep& f) const;
  void select_and_solve(const Eigen::Matrix3Xd& pos, const std::vector<double>& sat_alloc_bps, FeederStep& f) const;
  std::size_t gateway_count() const { return gateways_.size(); }
  /// Largest error (dB) of the gateways' attenuation tables.
  double table_max_error_db() const { return table_max_error_db_; }

 private:
  const Scenario& sc_;
  const std::vector<Payload>& payloads_;
  const std::vector<std::int32_t>& sat_class_;
  std::vector<network::GroundStation> gateways_;
  std::vector<GatewayAntennas> antennas_;
  std::unique_ptr<network::SnapshotBuilder> isl_builder_;  // ISLs only (no stations)
  Eigen::Matrix3Xd gw_ecef_, gw_up_;
  std::vector<std::unique_ptr<radio::SiteAttenuationTable>> tables_;  // per (gateway, class, band)
  std::vector<FeederBudget> budgets_;  // index ((g * classes) + c) * 2 + band
  std::vector<double> sat_isl_bps_;    // per satellite: laser rate (0 = no laser terminal)
  network::FlowSolver solver_;
  double fixed_gsl_bps_ = 0;           // > 0: the override
  double table_max_error_db_ = 0;
  const FeederBudget* budget(std::size_t g, std::int32_t cls, FeederBand b) const;
};

}  // namespace satcap::capacity
