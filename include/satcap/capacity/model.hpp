#pragma once
/// @file model.hpp
/// The capacity engine: aggregate broadband throughput per region, computed at every time step from
/// first principles (docs/models/capacity.md). One step:
///  1. ephemeris: satellite positions (ECEF, m) from the orbit layer;
///  2. visibility: cells inside each satellite's cap (ground::CapIndex) above the terminal's
///     elevation mask, within the satellite antenna's maximum scan angle and outside the GSO-arc
///     exclusion angle seen from the cell;
///  3. beam assignment: B beams per satellite, cells served by largest unmet demand first
///     (deterministic, ties by id), each beam given a reuse colour that keeps co-channel beams of one
///     satellite apart; free beams are then pointed at the remaining visible cells to measure the
///     capacity offered where nobody asks for it (they carry nothing and do not transmit);
///  4. link budget of every beam: EIRP with the satellite phased array's scan loss, free-space loss,
///     ITU-R slant-path attenuation of the cell at the study's availability (per-cell tables from
///     radio::SiteAttenuationTable), terminal G/T with its scan loss and the sky noise raised by the
///     attenuation, co-channel interference from every active beam of the same colour of every
///     satellite the cell sees (satellite pattern toward the victim x terminal discrimination), and
///     the other C/X terms -> Es/(N0+I0) -> DVB-S2X MODCOD -> beam throughput;
///  5. feeder and ISL limits: the network layer's max flow from gateways through GSLs and ISLs caps
///     what each satellite can deliver;
///  6. delivered = min(demand, supply) per cell, summed per region.
/// Steps run in parallel (oneTBB) and write disjoint slots; every reduction is in step order, so any
/// thread count gives bit-identical results.
///
/// Units: options carry their unit in each member name; results are bit/s.
/// Thread-safety: CapacityModel is immutable after construction; run() may be called concurrently.
#include <satcap/capacity/payload.hpp>
#include <satcap/core/time.hpp>
#include <satcap/export.hpp>

#include <Eigen/Dense>

#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <string>
#include <vector>

namespace satcap::orbit {
class BatchPropagator;
}
namespace satcap::ground {
class CellGrid;
}
namespace satcap::radio {
class Atmosphere;
}
namespace satcap::network {
class ConstellationLayout;
struct GroundStation;
}  // namespace satcap::network

namespace satcap::capacity {

struct BeamTrace;  // capacity/interferers.hpp (inter-system interference)
struct StepBeams;

/// Forward user downlink of one system (satellite -> user terminal) and its service rules.
struct UserLinkOptions {
  double frequency_ghz = 11.7;             ///< carrier frequency (Ku downlink centre)
  double channel_bandwidth_mhz = 250.0;    ///< allocated bandwidth of one beam's carrier
  double rolloff = 0.1;                    ///< DVB-S2X roll-off
  int beams_per_satellite = 16;            ///< simultaneous user beams per satellite
  int colours = 4;                         ///< reuse colours (channel x polarisation); same colour = co-channel
  double eirp_per_beam_dbw = 36.0;         ///< beam EIRP at broadside (before scan loss)
  double eirp_density_limit_dbw_mhz = std::numeric_limits<double>::infinity();  ///< regulatory cap at broadside
  double satellite_hpbw_deg = 2.0;         ///< 3 dB beamwidth of a beam at broadside
  double satellite_scan_exponent = 1.2;    ///< scan loss cos^k
  double satellite_max_scan_deg = 57.0;    ///< beams beyond this scan angle are impossible
  double satellite_sidelobe_floor_db = -30.0;  ///< pattern floor relative to the peak
  double terminal_gt_dbk = 9.0;            ///< terminal G/T at broadside, clear sky
  double terminal_gain_dbi = 33.0;         ///< terminal peak gain (for interference discrimination)
  double terminal_hpbw_deg = 3.0;          ///< terminal 3 dB beamwidth at broadside
  double terminal_scan_exponent = 1.2;     ///< terminal scan loss cos^k (flat panel facing zenith)
  double terminal_sidelobe_floor_db = -30.0;  ///< terminal pattern floor relative to the peak
  double min_elevation_deg = 25.0;         ///< terminal elevation mask
  double gso_exclusion_deg = 22.0;         ///< no beam within this angle of the GSO arc seen from the cell
  double interference_mask_deg = 10.0;     ///< interferers are counted from satellites above this elevation
  double implementation_margin_db = 1.0;   ///< added to the MODCOD thresholds
  double other_losses_db = 0.5;            ///< pointing + polarisation losses of the wanted carrier
  double c_over_x_db = 20.0;               ///< aggregate C/(ACI + XPI + IM) (dB); +inf for none
  double availability_pct = 99.5;          ///< attenuation exceeded (100 - availability) % of the time
  double mean_radiating_temperature_k = 275.0;  ///< T_mr for the sky-noise rise under attenuation
  double max_spectral_efficiency = std::numeric_limits<double>::infinity();  ///< cap on bit/symbol
  int max_beams_per_cell = 4;              ///< at most this many beams (any satellites) on one cell
  bool dvbs2x = true;                      ///< DVB-S2X table (false: DVB-S2 only)
  /// Throws RangeError / InputError naming the member when out of range.
  void validate() const;
};

/// Feeder side: gateways, GSLs and ISLs (docs/models/feeder.md). Every GSL gets its own link budget
/// each step (gateway -> satellite forward uplink in Ka or E band: the gateway's EIRP density, free
/// space, ITU-R P.618 attenuation at the gateway's site and `feeder_availability_pct`, the payload's
/// feeder G/T, DVB-S2X ACM); a constant Gbit/s per link survives only as the explicit override
/// `gsl_capacity_gbps`.
struct FeederOptions {
  bool enabled = true;                     ///< false: satellites are never feeder-limited
  double gateway_min_elevation_deg = 10.0;
  int gateway_max_satellites = 8;          ///< Ka antennas of a site whose gateway record gives none
  int gateway_default_e_antennas = 0;      ///< E-band antennas of a site whose record gives none
  /// Override: a constant capacity per GSL (Gbit/s) instead of the link budget; NaN = budget.
  double gsl_capacity_gbps = std::numeric_limits<double>::quiet_NaN();
  double gateway_backhaul_gbps = 100.0;    ///< terrestrial capacity of one gateway site
  double gateway_ka_eirp_density_dbw_mhz = 33.7;  ///< uplink EIRP density of a Ka gateway antenna
  double gateway_e_eirp_density_dbw_mhz = 33.7;   ///< uplink EIRP density of an E-band gateway antenna
  double gateway_antenna_diameter_m = 1.85;       ///< gateway dish (scintillation term)
  double feeder_availability_pct = 99.5;          ///< attenuation exceeded (100 - this) % of the time
  double feeder_rolloff = 0.1;
  double feeder_implementation_margin_db = 1.0;
  double feeder_c_over_x_db = 25.0;               ///< cross-polar + adjacent-satellite + IM, dual polarisation
  /// E-band links need P.618 above its stated 55 GHz: allowed only when true (reported).
  bool e_band_extrapolation = false;
  std::string isl = "plus-grid";           ///< "none", "plus-grid", "ring", "nearest-k"
  int isl_parameter = 0;                   ///< slot offset (plus-grid) or k (nearest-k)
  double isl_capacity_gbps = 10.0;         ///< each direction of each ISL (a payload's rate overrides)
  double isl_max_range_km = 5000.0;
  int isl_terminals = 4;
  void validate() const;
};

/// A named set of cells (a country, a group of countries, a latitude band ...). Sets may overlap.
struct Region {
  std::string name;
  std::vector<std::int32_t> cells;  ///< ascending cell ids
};

/// Everything one capacity run needs.
/// Antennas of one gateway site per feeder band (index-aligned with Scenario::gateways).
struct GatewayAntennas {
  int ka = 0;
  int e = 0;
};

struct Scenario {
  std::string name;
  /// Satellites: a prepared propagator (element sets or a Walker constellation).
  std::shared_ptr<const orbit::BatchPropagator> satellites;
  /// Plane/slot structure of the satellites for ISL rules (unstructured for element sets).
  std::shared_ptr<const network::ConstellationLayout> layout;
  std::shared_ptr<const ground::CellGrid> grid;
  Eigen::ArrayXd demand_bps;                   ///< busy-hour demand per cell (size = grid cells)
  std::vector<Region> regions;
  std::vector<network::GroundStation> gateways;  ///< stations with gateway = true
  /// ITU-R atmosphere; null = clear sky with `fixed_atmospheric_loss_db`.
  std::shared_ptr<const radio::Atmosphere> atmosphere;
  double fixed_atmospheric_loss_db = 0.0;
  UserLinkOptions link;
  FeederOptions feeder;
  /// Payload classes; empty = one class made from `link` and the default feeder terminal
  /// (payload_from_link()).
  std::vector<Payload> payloads;
  /// Class of every satellite (index into payloads), or -1 for a satellite that carries no traffic
  /// (not on station, or a payload without broadband). Empty = every satellite class 0.
  std::vector<std::int32_t> satellite_payload;
  /// Antennas per band of every gateway; empty = FeederOptions defaults for every site.
  std::vector<GatewayAntennas> gateway_antennas;
  core::TimeGrid time{core::Epoch(), 60.0, 1};
  /// Another system's recorded beams in the same band, one entry per step of `time` (null: none);
  /// their co-frequency interference is added to every beam's I/C (capacity/interferers.hpp).
  std::shared_ptr<const BeamTrace> external_interferers;
};

struct RunOptions {
  bool keep_cell_series = false;  ///< keep delivered per cell and step (memory: cells x steps)
  /// Demand to serve instead of the scenario's (e.g. the licensed view: demand only where the system
  /// may serve); size = cells. merge() then needs a scenario carrying the same demand.
  const Eigen::ArrayXd* demand_bps = nullptr;
  /// Called after each step with (steps done, steps total); must be thread-safe.
  std::function<void(std::int64_t, std::int64_t)> progress;
  /// Called after each step with (step index in the grid, the step's active beams); must be
  /// thread-safe (steps run in parallel). Feeds a BeamTrace (capacity/interferers.hpp).
  std::function<void(std::int64_t, const StepBeams&)> record_beams;
};

/// Per-region figures over the run.
struct RegionStats {
  std::string name;
  std::int64_t cells = 0;
  double demand_bps = 0;                   ///< constant busy-hour demand
  std::vector<double> delivered_bps;       ///< per step
  std::vector<double> offered_bps;         ///< per step: capacity of beams on the region's cells
  double delivered_mean_bps = 0, delivered_p5_bps = 0, delivered_p50_bps = 0, delivered_p95_bps = 0;
  double share_served = 0;                 ///< mean delivered / demand (0 when no demand)
  double coverage_cells = 0;               ///< time-mean share of cells with >= 1 usable satellite
  double coverage_demand = 0;              ///< the same weighted by demand
  double satellites_in_view = 0;           ///< time- and cell-mean usable satellites per cell
  double beams_mean = 0;                   ///< time-mean number of beams on the region's cells
  double handovers_per_cell_hour = 0;      ///< serving-satellite changes per served cell per hour
  std::vector<double> modcod_share;        ///< share of beam-steps per MODCOD (ModcodTable order)
};

struct SatelliteStats {
  std::string name;
  std::string payload;                     ///< payload class ("" when the satellite carries no traffic)
  double offered_mean_bps = 0;             ///< all B beams, wherever they point
  double delivered_mean_bps = 0;           ///< what reached users
  double feeder_limited_share = 0;         ///< share of steps where the feeder network capped it
};

/// Per gateway site over the run.
struct GatewayStats {
  std::string name;
  double lat_deg = 0, lon_deg = 0;
  int ka_antennas = 0, e_antennas = 0;
  double delivered_mean_bps = 0;           ///< forward traffic leaving the site, time mean
  double links_mean = 0;                   ///< GSLs tracked, time mean
};

/// Wall time per stage (s, summed over steps; steps in parallel add up).
struct StageTimes {
  double ephemeris = 0, visibility = 0, assignment = 0, link = 0, flow = 0, aggregation = 0;
};

struct CapacityResult {
  std::string scenario;
  std::int64_t steps = 0;
  std::int64_t satellites = 0;
  std::int64_t satellites_carrying = 0;     ///< satellites with a broadband payload on station
  std::vector<core::Epoch> times;
  std::vector<RegionStats> regions;
  std::vector<SatelliteStats> satellite_stats;
  std::vector<GatewayStats> gateway_stats;
  std::vector<std::string> modcod_names;
  std::vector<double> total_offered_bps;    ///< per step, whole system
  std::vector<double> total_delivered_bps;  ///< per step, whole system
  std::vector<double> total_demand_served_bps;  ///< == delivered (kept for clarity)
  double total_demand_bps = 0;
  double mean_offered_bps = 0, mean_delivered_bps = 0;
  double feeder_limited_share = 0;          ///< share of (satellite, step) capped by the feeder network
  /// Time mean of the summed budget rates of the GSLs the gateways track (the feeder supply).
  double mean_feeder_capacity_bps = 0;
  std::int64_t beams_evaluated = 0;         ///< link evaluations (active + idle beams)
  std::int64_t interference_terms = 0;      ///< co-channel terms summed
  StageTimes stage_seconds;
  /// Delivered bit/s per cell and step (cells x steps), when RunOptions::keep_cell_series.
  Eigen::MatrixXf cell_delivered_bps;
  // ---- per-cell time means (maps of the study report); size = grid cells ----
  std::vector<double> cell_delivered_mean_bps;  ///< time-mean delivered (sum of whole bit/s / steps)
  std::vector<double> cell_offered_mean_bps;    ///< time-mean capacity of the beams on the cell (active or idle)
  std::vector<double> cell_usable_sats_mean;    ///< time-mean usable satellites in view
  std::vector<double> cell_coverage;            ///< share of steps with >= 1 usable satellite
};

/// What the steps [first_step, first_step + steps) of a run contribute to its result, kept so that
/// CapacityModel::merge() gives exactly the result of one run over the whole grid, whatever the split
/// (docs/scaling.md): per-step series (merged in step order), integer counts, per-satellite sums in
/// whole bit/s (integer addition is associative), and the serving satellite of every cell at the first
/// and last step (handovers across block boundaries).
struct CapacityPartial {
  std::int64_t first_step = 0;
  std::int64_t steps = 0;
  std::int64_t regions = 0;   ///< R
  std::int64_t satellites = 0;
  std::int64_t modcods = 0;   ///< M
  /// Per step and region, step-major (index k * R + r).
  std::vector<double> region_delivered_bps, region_offered_bps, region_covered_cells, region_covered_demand_bps,
      region_satellites_in_view, region_beams;
  std::vector<std::int64_t> region_modcod;        ///< R x M beam-steps per MODCOD, summed over the steps
  std::vector<std::int64_t> region_handovers;     ///< per region, step pairs inside the range
  std::vector<std::int64_t> region_served_pairs;  ///< per region, served cell-step pairs inside the range
  std::vector<std::int32_t> first_primary, last_primary;  ///< serving satellite per cell (-1: none)
  std::vector<std::int64_t> sat_offered_bps, sat_delivered_bps;  ///< per satellite, sum over the steps (bit/s, rounded)
  std::vector<std::int64_t> sat_feeder_limited_steps;
  std::vector<std::int64_t> gateway_delivered_bps;  ///< per gateway, sum over the steps (bit/s, rounded)
  std::vector<std::int64_t> gateway_links;          ///< per gateway, GSLs tracked summed over the steps
  std::vector<double> total_feeder_capacity_bps;    ///< per step: budget rates of the GSLs tracked
  std::vector<double> total_offered_bps, total_delivered_bps;    ///< per step
  std::int64_t beams_evaluated = 0, interference_terms = 0;
  StageTimes stage_seconds;
  Eigen::MatrixXf cell_delivered_bps;  ///< cells x steps, when RunOptions::keep_cell_series
  // ---- per-cell sums over the steps (integers: exact in any split); size = grid cells ----
  std::vector<std::int64_t> cell_delivered_sum_bps;  ///< delivered, whole bit/s per step, summed
  std::vector<std::int64_t> cell_offered_sum_bps;    ///< beam capacity on the cell, whole bit/s per step, summed
  std::vector<std::int64_t> cell_usable_sats_sum;    ///< usable satellites in view, summed
  std::vector<std::int64_t> cell_covered_steps;      ///< steps with >= 1 usable satellite
};

/// The engine for one scenario; construction does the per-cell precomputation (attenuation tables).
class SATCAP_EXPORT CapacityModel {
 public:
  explicit CapacityModel(Scenario scenario);
  ~CapacityModel();
  CapacityModel(CapacityModel&&) noexcept;
  CapacityModel& operator=(CapacityModel&&) noexcept;

  /// Runs every step of the scenario's time grid: merge(scenario, {run_steps(0, steps)}).
  CapacityResult run(const RunOptions& options = {}) const;
  /// Runs steps [first, first + count) of the time grid (a time block of a distributed run).
  /// Throws InputError (field "steps") when the range is empty or leaves the grid.
  CapacityPartial run_steps(std::int64_t first, std::int64_t count, const RunOptions& options = {}) const;
  /// The result of the whole grid from the partials of consecutive ranges covering it, in any split:
  /// bit-identical to run(). Needs only the scenario's regions, demand, grid, link and satellite list
  /// (no per-cell precomputation). Throws Error when the partials do not tile [0, steps) in order.
  static CapacityResult merge(const Scenario& scenario, std::vector<CapacityPartial> parts);
  const Scenario& scenario() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// The payload implied by a user-link description (beams, EIRP, pattern) with the default Ka feeder
/// terminal and the feeder options' ISL rate, range and terminal count.
SATCAP_EXPORT Payload payload_from_link(const UserLinkOptions& link, const FeederOptions& feeder);

/// Percentile (0..100) of values by linear interpolation between order statistics (numpy's default).
SATCAP_EXPORT double percentile(std::vector<double> values, double pct);

/// Smallest angle (rad) at a ground point between the direction to a satellite and any point of the
/// geostationary arc (radius 42,164.17 km in the equatorial plane) visible from that point.
/// `ground_ecef_m` and `sat_ecef_m` in metres.
SATCAP_EXPORT double gso_arc_separation_rad(const Eigen::Vector3d& ground_ecef_m, const Eigen::Vector3d& sat_ecef_m);

}  // namespace satcap::capacity
