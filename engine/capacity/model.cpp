// The capacity engine (see include/satcap/capacity/model.hpp and docs/models/capacity.md).
#include <satcap/capacity/interferers.hpp>
#include <satcap/capacity/model.hpp>
#include <satcap/core/error.hpp>
#include <satcap/core/units.hpp>
#include <satcap/ground/grid.hpp>
#include <satcap/network/flow.hpp>
#include <satcap/network/snapshot.hpp>
#include <satcap/network/topology.hpp>
#include <satcap/orbit/ephemeris.hpp>
#include <satcap/radio/antenna.hpp>
#include <satcap/radio/atmosphere.hpp>
#include <satcap/radio/modcod.hpp>

#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/enumerable_thread_specific.h>
#include <oneapi/tbb/parallel_for.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <numbers>
#include <queue>

#include "beam_physics.hpp"
#include "external_interference.hpp"
#include "feeder_network.hpp"
#include "gso.hpp"

namespace satcap::capacity {

namespace {

constexpr double kDegToRad = std::numbers::pi / 180.0;
constexpr double kDbToNeper = 0.1 * 2.302585092994046;  // 10^(x/10) = exp(x * kDbToNeper)

using Clock = std::chrono::steady_clock;
double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

// One usable (satellite, cell) pair of a step.
struct Candidate {
  std::int32_t sat;
  double elevation_deg;
  double range_m;
  double cos_scan;   // at the satellite, between nadir and the cell
};

// One beam of a step.
struct Beam {
  std::int32_t sat;
  std::int32_t cell;
  std::int32_t colour;
  bool active;           // carries demand (transmits)
  double elevation_deg;
  double range_m;
  double cos_scan;
  Eigen::Vector3d dir;   // unit vector satellite -> cell
  double throughput_bps = 0;
  double allocated_bps = 0;  // demand routed through this beam before feeder limits
  double delivered_bps = 0;
  int modcod = -1;
  double scan_gain = 1;  // EIRP relative to the reference class x satellite scan loss cos^k (linear)
  double scale = 0;      // satellite beam-shape scale cos^2(scan) / hpbw^2
  double floor = 0;      // satellite pattern floor (linear) of the beam's payload
  double ext_i_over_n = 0;  // I/N from another system's beams (Scenario::external_interferers)
};

// Everything one step produces, kept until the step-ordered reduction.
struct StepOutput {
  std::vector<double> region_delivered, region_offered, region_covered_cells, region_covered_demand,
      region_sats_in_view, region_beams;
  std::vector<std::int64_t> region_modcod;  // regions x modcods
  std::vector<double> sat_offered, sat_delivered;
  std::vector<std::uint8_t> sat_feeder_limited;
  std::vector<double> gateway_bps;          // per gateway: flow leaving it
  std::vector<std::int32_t> gateway_links;  // per gateway: GSLs tracked
  double gsl_capacity = 0;                  // sum of the tracked GSLs' budget rates
  std::vector<std::int32_t> primary_sat;    // per cell, -1 when not served
  double total_offered = 0, total_delivered = 0;
  std::int64_t beams_evaluated = 0, interference_terms = 0;
  double t_vis = 0, t_assign = 0, t_link = 0, t_flow = 0, t_aggr = 0;
  std::int64_t step = 0;  // index in the time grid (external interferers)
  // Per cell (report maps): delivered and offered bit/s, usable satellites.
  std::vector<double> cell_delivered, cell_offered;
  std::vector<std::int32_t> cell_usable;
};

// Reusable per-thread buffers.
struct Scratch {
  ground::Visibility vis;
  std::vector<std::size_t> usable_offset, any_offset;
  std::vector<Candidate> usable;
  std::vector<std::int32_t> any_sat;
  std::vector<double> any_el;
  std::vector<std::size_t> cursor;
  std::vector<Beam> beams;
  std::vector<std::int32_t> sat_beams_used;
  std::vector<std::vector<std::int32_t>> sat_beam_list;
  std::vector<double> cell_offered, cell_delivered;
  std::vector<std::int32_t> cell_beam_count;
  std::vector<std::uint64_t> cell_colours;  // bit k: a beam of colour k is on the cell
  std::vector<std::size_t> colour_offset;
  std::vector<double> hit_dir, hit_inv_path;
  std::vector<std::int32_t> colour_beams;
  FeederStep feed;
  std::vector<std::uint8_t> unfed_skip;    // per satellite: passed over for demand for want of a feeder path
  const Eigen::ArrayXd* demand = nullptr;  // the step's demand (the scenario's, or RunOptions::demand_bps)
};

}  // namespace

void UserLinkOptions::validate() const {
  require_in_range("link.frequency_ghz", frequency_ghz, 1.0, 100.0, "GHz", "capacity user link");
  require_in_range("link.channel_bandwidth_mhz", channel_bandwidth_mhz, 1e-3, 1e5, "MHz", "capacity user link");
  require_in_range("link.rolloff", rolloff, 0.0, 1.0, "", "DVB-S2X");
  if (beams_per_satellite < 1 || beams_per_satellite > 4096)
    throw RangeError("link.beams_per_satellite", beams_per_satellite, "[1, 4096]", "capacity user link");
  if (colours < 1 || colours > 64) throw RangeError("link.colours", colours, "[1, 64]", "capacity user link");
  require_in_range("link.eirp_per_beam_dbw", eirp_per_beam_dbw, -50.0, 100.0, "dBW", "capacity user link");
  if (!(eirp_density_limit_dbw_mhz > -100.0))
    throw RangeError("link.eirp_density_limit_dbw_mhz", eirp_density_limit_dbw_mhz, "> -100 dBW/MHz", "capacity user link");
  require_in_range("link.satellite_hpbw_deg", satellite_hpbw_deg, 0.05, 60.0, "deg", "capacity user link");
  require_in_range("link.satellite_scan_exponent", satellite_scan_exponent, 0.0, 4.0, "", "phased array");
  require_in_range("link.satellite_max_scan_deg", satellite_max_scan_deg, 0.0, 89.0, "deg", "phased array");
  require_in_range("link.satellite_sidelobe_floor_db", satellite_sidelobe_floor_db, -80.0, 0.0, "dB", "phased array");
  require_in_range("link.terminal_gt_dbk", terminal_gt_dbk, -40.0, 60.0, "dB/K", "capacity user link");
  require_in_range("link.terminal_gain_dbi", terminal_gain_dbi, 0.0, 70.0, "dBi", "capacity user link");
  require_in_range("link.terminal_hpbw_deg", terminal_hpbw_deg, 0.05, 90.0, "deg", "capacity user link");
  require_in_range("link.terminal_scan_exponent", terminal_scan_exponent, 0.0, 4.0, "", "phased array");
  require_in_range("link.terminal_sidelobe_floor_db", terminal_sidelobe_floor_db, -80.0, 0.0, "dB", "phased array");
  require_in_range("link.min_elevation_deg", min_elevation_deg, 0.0, 90.0, "deg", "capacity user link");
  require_in_range("link.gso_exclusion_deg", gso_exclusion_deg, 0.0, 60.0, "deg", "GSO-arc avoidance");
  require_in_range("link.interference_mask_deg", interference_mask_deg, 5.0, 90.0, "deg", "capacity user link");
  require_in_range("link.implementation_margin_db", implementation_margin_db, 0.0, 20.0, "dB", "ACM");
  require_in_range("link.other_losses_db", other_losses_db, 0.0, 30.0, "dB", "capacity user link");
  if (!(c_over_x_db > -50.0)) throw RangeError("link.c_over_x_db", c_over_x_db, "> -50 dB (inf for none)", "capacity user link");
  require_in_range("link.availability_pct", availability_pct, 50.0, 99.999, "%", "ITU-R P.618-14");
  require_in_range("link.mean_radiating_temperature_k", mean_radiating_temperature_k, 200.0, 320.0, "K", "ITU-R P.618-14");
  if (!(max_spectral_efficiency > 0.0))
    throw RangeError("link.max_spectral_efficiency", max_spectral_efficiency, "> 0 bit/symbol", "ACM");
  if (max_beams_per_cell < 1) throw RangeError("link.max_beams_per_cell", max_beams_per_cell, ">= 1", "beam assignment");
}

void FeederOptions::validate() const {
  require_in_range("feeder.gateway_min_elevation_deg", gateway_min_elevation_deg, 0.0, 90.0, "deg", "feeder links");
  if (gateway_max_satellites < 0) throw RangeError("feeder.gateway_max_satellites", gateway_max_satellites, ">= 0", "feeder links");
  if (gateway_default_e_antennas < 0)
    throw RangeError("feeder.gateway_default_e_antennas", gateway_default_e_antennas, ">= 0", "feeder links");
  if (!std::isnan(gsl_capacity_gbps)) require_in_range("feeder.gsl_capacity_gbps", gsl_capacity_gbps, 0.0, 1e4, "Gbit/s", "feeder links");
  require_in_range("feeder.gateway_ka_eirp_density_dbw_mhz", gateway_ka_eirp_density_dbw_mhz, -20.0, 80.0, "dBW/MHz", "feeder links");
  require_in_range("feeder.gateway_e_eirp_density_dbw_mhz", gateway_e_eirp_density_dbw_mhz, -20.0, 80.0, "dBW/MHz", "feeder links");
  require_in_range("feeder.gateway_antenna_diameter_m", gateway_antenna_diameter_m, 0.1, 30.0, "m", "feeder links");
  require_in_range("feeder.feeder_availability_pct", feeder_availability_pct, 50.0, 99.999, "%", "ITU-R P.618-14");
  require_in_range("feeder.feeder_rolloff", feeder_rolloff, 0.0, 1.0, "", "DVB-S2X");
  require_in_range("feeder.feeder_implementation_margin_db", feeder_implementation_margin_db, 0.0, 20.0, "dB", "ACM");
  if (!(feeder_c_over_x_db > -50.0)) throw RangeError("feeder.feeder_c_over_x_db", feeder_c_over_x_db, "> -50 dB (inf for none)", "feeder links");
  require_in_range("feeder.gateway_backhaul_gbps", gateway_backhaul_gbps, 0.0, 1e6, "Gbit/s", "feeder links");
  require_in_range("feeder.isl_capacity_gbps", isl_capacity_gbps, 0.0, 1e4, "Gbit/s", "ISL");
  require_in_range("feeder.isl_max_range_km", isl_max_range_km, 0.0, 1e5, "km", "ISL");
  if (isl_terminals < 0) throw RangeError("feeder.isl_terminals", isl_terminals, ">= 0", "ISL");
  (void)network::isl_kind_from_string(isl);
}

Payload payload_from_link(const UserLinkOptions& link, const FeederOptions& feeder) {
  Payload p;
  p.name = "link";
  p.beams = link.beams_per_satellite;
  p.eirp_per_beam_dbw = link.eirp_per_beam_dbw;
  p.eirp_density_limit_dbw_mhz = std::isfinite(link.eirp_density_limit_dbw_mhz) ? link.eirp_density_limit_dbw_mhz : 1e9;
  p.hpbw_deg = link.satellite_hpbw_deg;
  p.scan_exponent = link.satellite_scan_exponent;
  p.max_scan_deg = link.satellite_max_scan_deg;
  p.sidelobe_floor_db = link.satellite_sidelobe_floor_db;
  p.isl_terminals = feeder.isl_terminals;
  p.isl_rate_gbps = feeder.isl_capacity_gbps;
  p.isl_max_range_km = feeder.isl_max_range_km;
  return p;
}

namespace {
// The scenario's payload classes (validated) and every satellite's class (-1: carries no traffic).
void resolve_payloads(const Scenario& sc, std::vector<Payload>& payloads, std::vector<std::int32_t>& sat_class) {
  const std::size_t n_sat = sc.satellites->satellite_count();
  payloads = sc.payloads.empty() ? std::vector<Payload>{payload_from_link(sc.link, sc.feeder)} : sc.payloads;
  for (std::size_t c = 0; c < payloads.size(); ++c) payloads[c].validate("payloads." + payloads[c].name);
  sat_class = sc.satellite_payload.empty() ? std::vector<std::int32_t>(n_sat, 0) : sc.satellite_payload;
  if (sat_class.size() != n_sat)
    throw Error("capacity scenario '" + sc.name + "': " + std::to_string(sat_class.size()) + " payload assignments for " +
                std::to_string(n_sat) + " satellites");
  for (auto& c : sat_class) {
    if (c >= static_cast<std::int32_t>(payloads.size())) throw Error("capacity scenario '" + sc.name + "': payload class out of range");
    if (c >= 0 && (!payloads[static_cast<std::size_t>(c)].broadband || payloads[static_cast<std::size_t>(c)].beams < 1)) c = -1;
  }
}

// The user-link options of one payload class: the system's link with the payload's satellite side.
UserLinkOptions link_for(const UserLinkOptions& link, const Payload& p) {
  UserLinkOptions o = link;
  o.beams_per_satellite = std::max(1, p.beams);
  o.eirp_per_beam_dbw = p.eirp_per_beam_dbw;
  o.eirp_density_limit_dbw_mhz = p.eirp_density_limit_dbw_mhz >= 1e9 ? std::numeric_limits<double>::infinity() : p.eirp_density_limit_dbw_mhz;
  o.satellite_hpbw_deg = p.hpbw_deg;
  o.satellite_scan_exponent = p.scan_exponent;
  o.satellite_max_scan_deg = p.max_scan_deg;
  o.satellite_sidelobe_floor_db = p.sidelobe_floor_db;
  return o;
}
}  // namespace

double percentile(std::vector<double> v, double pct) {
  if (v.empty()) return std::numeric_limits<double>::quiet_NaN();
  require_in_range("percentile", pct, 0.0, 100.0, "%", "statistics");
  std::sort(v.begin(), v.end());
  const double pos = pct / 100.0 * static_cast<double>(v.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(pos));
  const std::size_t hi = std::min(lo + 1, v.size() - 1);
  return v[lo] + (pos - static_cast<double>(lo)) * (v[hi] - v[lo]);
}

struct CapacityModel::Impl {
  Scenario sc;
  std::unique_ptr<ground::CapIndex> cap;
  GsoArcTable gso;
  BeamPhysics phys;
  std::vector<std::unique_ptr<radio::SiteAttenuationTable>> atten;  // per cell (null: fixed loss)
  std::vector<std::size_t> cell_region_offset;
  std::vector<std::int32_t> cell_region;
  std::vector<Payload> payloads;             // classes
  std::vector<std::int32_t> sat_class;       // per satellite, -1 = carries no traffic
  std::vector<BeamPhysics> cls_phys;         // per class
  std::vector<double> cls_cos_max_scan, cls_eirp_ratio, cls_floor;
  std::vector<int> cls_beams;
  std::unique_ptr<FeederNetwork> feeder_net;
  std::vector<std::string> sat_names;
  std::int64_t n_sat = 0;
  Eigen::Index n_cell = 0;
  double table_max_error_db = 0;

  explicit Impl(Scenario s);
  double attenuation_db(std::int32_t cell, double el_deg) const {
    if (atten[static_cast<std::size_t>(cell)]) {
      const double a = atten[static_cast<std::size_t>(cell)]->total_db(el_deg);
      return std::isfinite(a) ? a : atten[static_cast<std::size_t>(cell)]->total_db(90.0);
    }
    return sc.fixed_atmospheric_loss_db;
  }
  void step(const Eigen::Matrix3Xd& pos, Scratch& s, StepOutput& out) const;
  const BeamPhysics& phys_of(std::int32_t sat) const { return cls_phys[static_cast<std::size_t>(sat_class[static_cast<std::size_t>(sat)])]; }
  int beams_of(std::int32_t sat) const { return cls_beams[static_cast<std::size_t>(sat_class[static_cast<std::size_t>(sat)])]; }
  void visibility(const Eigen::Matrix3Xd& pos, Scratch& s) const;
  void assign(const Eigen::Matrix3Xd& pos, Scratch& s) const;
  void evaluate(const Eigen::Matrix3Xd& pos, Scratch& s, StepOutput& out) const;
  void feeder(const Eigen::Matrix3Xd& pos, Scratch& s, StepOutput& out) const;
  void aggregate(Scratch& s, StepOutput& out) const;
  void record(const Eigen::Matrix3Xd& pos, const Scratch& s, StepBeams& out) const;
};

CapacityModel::Impl::Impl(Scenario s) : sc(std::move(s)) {
  if (!sc.satellites) throw Error("capacity scenario '" + sc.name + "': no satellites");
  if (!sc.grid) throw Error("capacity scenario '" + sc.name + "': no cell grid");
  sc.link.validate();
  sc.feeder.validate();
  n_sat = static_cast<std::int64_t>(sc.satellites->satellite_count());
  n_cell = sc.grid->size();
  if (n_sat == 0) throw InputError(sc.name, 0, "constellation", "the constellation has no satellites");
  if (sc.demand_bps.size() != n_cell)
    throw Error("capacity scenario '" + sc.name + "': demand has " + std::to_string(sc.demand_bps.size()) +
                " cells, the grid " + std::to_string(n_cell));
  if ((sc.demand_bps < 0).any() || !sc.demand_bps.allFinite())
    throw InputError(sc.name, 0, "demand", "cell demand must be finite and >= 0");
  for (const auto& sat : sc.satellites->satellites()) sat_names.push_back(sat.name);
  if (sc.external_interferers && static_cast<std::int64_t>(sc.external_interferers->steps.size()) != sc.time.count())
    throw Error("capacity scenario '" + sc.name + "': the external interferers hold " +
                std::to_string(sc.external_interferers->steps.size()) + " steps, the time grid " + std::to_string(sc.time.count()));

  cap = std::make_unique<ground::CapIndex>(*sc.grid);
  gso = GsoArcTable(sc.grid->ecef_m(), sc.link.gso_exclusion_deg * kDegToRad);
  phys = BeamPhysics(sc.link);

  // Payload classes and the class of every satellite.
  resolve_payloads(sc, payloads, sat_class);
  for (const auto& p : payloads) {
    cls_phys.emplace_back(link_for(sc.link, p));
    cls_cos_max_scan.push_back(std::cos(p.max_scan_deg * kDegToRad));
    cls_eirp_ratio.push_back(std::pow(10.0, 0.1 * (cls_phys.back().eirp_dbw() - phys.eirp_dbw())));
    cls_floor.push_back(cls_phys.back().satellite_floor());
    cls_beams.push_back(std::max(1, p.beams));
  }

  // Per-cell slant-path attenuation tables at the study's availability (elevation-independent work
  // done once per cell; the hot loop interpolates).
  atten.resize(static_cast<std::size_t>(n_cell));
  if (sc.atmosphere) {
    const double p = 100.0 - sc.link.availability_pct;
    const double min_el = std::min(sc.link.interference_mask_deg, sc.link.min_elevation_deg);
    const auto& lat = sc.grid->lat_deg();
    const auto& lon = sc.grid->lon_deg();
    const double dia = phys.terminal_diameter_m();
    std::vector<double> errs(static_cast<std::size_t>(n_cell), 0.0);
    tbb::parallel_for(tbb::blocked_range<Eigen::Index>(0, n_cell, 64), [&](const tbb::blocked_range<Eigen::Index>& r) {
      for (Eigen::Index c = r.begin(); c != r.end(); ++c) {
        radio::SlantPathInput in;
        in.lat_deg = lat[c];
        in.lon_deg = lon[c];
        in.frequency_ghz = sc.link.frequency_ghz;
        in.p_percent = p;
        in.antenna_diameter_m = dia;
        in.antenna_efficiency = 0.6;
        atten[static_cast<std::size_t>(c)] =
            std::make_unique<radio::SiteAttenuationTable>(*sc.atmosphere, in, std::max(5.0, min_el), 1.0);
        errs[static_cast<std::size_t>(c)] = atten[static_cast<std::size_t>(c)]->max_error_db();
      }
    });
    for (double e : errs) table_max_error_db = std::max(table_max_error_db, e);
  }

  // Region membership per cell (CSR), for the reduction.
  std::vector<std::vector<std::int32_t>> per(static_cast<std::size_t>(n_cell));
  for (std::size_t r = 0; r < sc.regions.size(); ++r)
    for (std::int32_t c : sc.regions[r].cells) {
      if (c < 0 || c >= n_cell) throw Error("region '" + sc.regions[r].name + "' names a cell outside the grid");
      per[static_cast<std::size_t>(c)].push_back(static_cast<std::int32_t>(r));
    }
  cell_region_offset.assign(static_cast<std::size_t>(n_cell) + 1, 0);
  for (Eigen::Index c = 0; c < n_cell; ++c)
    cell_region_offset[static_cast<std::size_t>(c) + 1] = cell_region_offset[static_cast<std::size_t>(c)] + per[static_cast<std::size_t>(c)].size();
  for (auto& v : per) cell_region.insert(cell_region.end(), v.begin(), v.end());

  // Feeder network: gateways, GSLs (own budgets) and ISLs of every step, capped by max flow.
  if (sc.feeder.enabled)
    feeder_net = std::make_unique<FeederNetwork>(sc, payloads, sat_class, sc.atmosphere.get(), sc.fixed_atmospheric_loss_db);
}

void CapacityModel::Impl::visibility(const Eigen::Matrix3Xd& pos, Scratch& s) const {
  const double mask_any = std::min(sc.link.interference_mask_deg, sc.link.min_elevation_deg);
  cap->query_all(pos, mask_any, s.vis);
  const auto& cells = sc.grid->ecef_m();
  const std::size_t nc = static_cast<std::size_t>(n_cell);
  // Counting sort of the (sat, cell) hits into per-cell lists, in satellite order.
  s.usable_offset.assign(nc + 1, 0);
  s.any_offset.assign(nc + 1, 0);
  for (std::size_t h = 0; h < s.vis.hits(); ++h) s.any_offset[static_cast<std::size_t>(s.vis.cell[h]) + 1]++;
  for (std::size_t c = 0; c < nc; ++c) s.any_offset[c + 1] += s.any_offset[c];
  s.any_sat.resize(s.vis.hits());
  s.any_el.resize(s.vis.hits());
  s.cursor.assign(s.any_offset.begin(), s.any_offset.end() - 1);
  // Usable pairs: elevation >= mask, within the satellite's scan range, outside the GSO exclusion.
  std::vector<std::uint8_t> ok(s.vis.hits(), 0);
  std::vector<double> cos_scan(s.vis.hits(), 0.0);
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, static_cast<std::size_t>(n_sat), 64),
                    [&](const tbb::blocked_range<std::size_t>& r) {
                      for (std::size_t sat = r.begin(); sat != r.end(); ++sat) {
                        if (sat_class[sat] < 0) continue;  // carries no traffic
                        const double cos_max_scan = cls_cos_max_scan[static_cast<std::size_t>(sat_class[sat])];
                        const Eigen::Vector3d p = pos.col(static_cast<Eigen::Index>(sat));
                        const Eigen::Vector3d nadir = -p.normalized();
                        for (std::size_t h = s.vis.offset[sat]; h < s.vis.offset[sat + 1]; ++h) {
                          if (s.vis.elevation_deg[h] < sc.link.min_elevation_deg) continue;
                          const std::int32_t c = s.vis.cell[h];
                          const Eigen::Vector3d cc = cells.col(c);
                          const Eigen::Vector3d d = (cc - p) / s.vis.range_m[h];
                          const double cs = nadir.dot(d);
                          if (cs < cos_max_scan) continue;
                          if (gso.active() && gso.excluded(c, cc, -d)) continue;
                          ok[h] = 1;
                          cos_scan[h] = cs;
                        }
                      }
                    });
  for (std::size_t sat = 0; sat < static_cast<std::size_t>(n_sat); ++sat)
    for (std::size_t h = s.vis.offset[sat]; h < s.vis.offset[sat + 1]; ++h) {
      const auto c = static_cast<std::size_t>(s.vis.cell[h]);
      const std::size_t slot = s.cursor[c]++;
      s.any_sat[slot] = static_cast<std::int32_t>(sat);
      s.any_el[slot] = s.vis.elevation_deg[h];
      if (ok[h]) s.usable_offset[c + 1]++;
    }
  for (std::size_t c = 0; c < nc; ++c) s.usable_offset[c + 1] += s.usable_offset[c];
  s.usable.resize(s.usable_offset[nc]);
  s.cursor.assign(s.usable_offset.begin(), s.usable_offset.end() - 1);
  for (std::size_t sat = 0; sat < static_cast<std::size_t>(n_sat); ++sat)
    for (std::size_t h = s.vis.offset[sat]; h < s.vis.offset[sat + 1]; ++h)
      if (ok[h]) {
        const auto c = static_cast<std::size_t>(s.vis.cell[h]);
        s.usable[s.cursor[c]++] = {static_cast<std::int32_t>(sat), s.vis.elevation_deg[h], s.vis.range_m[h], cos_scan[h]};
      }
}

void CapacityModel::Impl::assign(const Eigen::Matrix3Xd& pos, Scratch& s) const {
  const auto& cells = sc.grid->ecef_m();
  const int K = sc.link.colours;
  s.beams.clear();
  s.sat_beams_used.assign(static_cast<std::size_t>(n_sat), 0);
  s.sat_beam_list.resize(static_cast<std::size_t>(n_sat));
  for (auto& l : s.sat_beam_list) l.clear();
  s.cell_beam_count.assign(static_cast<std::size_t>(n_cell), 0);
  s.cell_colours.assign(static_cast<std::size_t>(n_cell), 0);

  auto make_beam = [&](std::int32_t cell, const Candidate& cand, bool active) {
    const Eigen::Vector3d p = pos.col(cand.sat);
    Beam b{cand.sat, cell, 0, active, cand.elevation_deg, cand.range_m, cand.cos_scan,
           (cells.col(cell) - p) / cand.range_m};
    // Reuse colour: never one already on this cell (any satellite: co-frequency beams on one cell
    // would interfere head-on; Starlink's "Nco = 1", reference/starlink.md), unless every colour is
    // taken there (max_beams_per_cell > colours); among the others, the one whose nearest same-colour
    // beam of this satellite is farthest (angle at the satellite); ties to the lowest colour.
    // Deterministic.
    auto& list = s.sat_beam_list[static_cast<std::size_t>(cand.sat)];
    const std::uint64_t all = K >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << K) - 1;
    std::uint64_t& on_cell = s.cell_colours[static_cast<std::size_t>(cell)];
    const std::uint64_t blocked = (on_cell & all) == all ? 0 : on_cell;
    int best_colour = 0;
    double best_sep = -3.0;
    for (int k = 0; k < K; ++k) {
      if ((blocked >> k) & 1U) continue;
      double nearest = 2.0;  // max cos of the angle to same-colour beams (2 = none)
      for (std::int32_t bi : list)
        if (s.beams[static_cast<std::size_t>(bi)].colour == k) nearest = std::min(nearest, 1.0 - b.dir.dot(s.beams[static_cast<std::size_t>(bi)].dir));
      if (nearest > best_sep + 1e-15) {
        best_sep = nearest;
        best_colour = k;
      }
    }
    b.colour = best_colour;
    on_cell |= std::uint64_t{1} << best_colour;
    list.push_back(static_cast<std::int32_t>(s.beams.size()));
    s.beams.push_back(b);
    s.sat_beams_used[static_cast<std::size_t>(cand.sat)]++;
    s.cell_beam_count[static_cast<std::size_t>(cell)]++;
  };

  // Feeder awareness: a satellite that cannot reach a gateway this step (no GSL candidate in its ISL
  // component) takes no demand beam; among the others, those whose component still has feeder budget
  // come first, then the highest elevation.
  const bool feed_aware = feeder_net != nullptr;
  std::vector<double> comp_left = feed_aware ? s.feed.component_budget : std::vector<double>{};
  s.unfed_skip.assign(static_cast<std::size_t>(n_sat), 0);
  auto tier = [&](std::int32_t sat) {
    if (!feed_aware) return 2;
    if (!s.feed.feedable[static_cast<std::size_t>(sat)]) return 0;
    return comp_left[static_cast<std::size_t>(s.feed.component[static_cast<std::size_t>(sat)])] > 0 ? 2 : 1;
  };
  // 1. Demand: largest unmet demand first (ties by cell id); the cell takes a beam of the usable,
  //    feedable satellite of the best tier, then the highest elevation, that has a free beam and does
  //    not serve it yet.
  std::vector<double> unmet(static_cast<std::size_t>(n_cell), 0.0);
  using Item = std::pair<double, std::int32_t>;
  auto cmp = [](const Item& a, const Item& b) { return a.first < b.first || (a.first == b.first && a.second > b.second); };
  std::priority_queue<Item, std::vector<Item>, decltype(cmp)> queue(cmp);
  for (Eigen::Index c = 0; c < n_cell; ++c) {
    const double d = (*s.demand)[c];
    if (d > 0 && s.usable_offset[static_cast<std::size_t>(c) + 1] > s.usable_offset[static_cast<std::size_t>(c)]) {
      unmet[static_cast<std::size_t>(c)] = d;
      queue.push({d, static_cast<std::int32_t>(c)});
    }
  }
  std::vector<std::int32_t> served_by;  // satellites already serving the popped cell
  while (!queue.empty()) {
    const auto [d, c] = queue.top();
    queue.pop();
    const auto cu = static_cast<std::size_t>(c);
    if (s.cell_beam_count[cu] >= sc.link.max_beams_per_cell) continue;
    const Candidate* best = nullptr;
    int best_tier = 0;
    for (std::size_t i = s.usable_offset[cu]; i < s.usable_offset[cu + 1]; ++i) {
      const Candidate& cand = s.usable[i];
      if (s.sat_beams_used[static_cast<std::size_t>(cand.sat)] >= beams_of(cand.sat)) continue;
      const int t = tier(cand.sat);
      if (t == 0) {
        s.unfed_skip[static_cast<std::size_t>(cand.sat)] = 1;  // would have served, had it a feeder path
        continue;
      }
      bool already = false;
      for (std::int32_t bi : s.sat_beam_list[static_cast<std::size_t>(cand.sat)])
        if (s.beams[static_cast<std::size_t>(bi)].cell == c) already = true;
      if (already) continue;
      // ties: lower sat id (list order)
      if (!best || t > best_tier || (t == best_tier && cand.elevation_deg > best->elevation_deg)) {
        best = &cand;
        best_tier = t;
      }
    }
    if (!best) continue;
    make_beam(c, *best, true);
    // Estimated capacity of the beam: clear of interference, at this geometry.
    const BeamPhysics& bp = phys_of(best->sat);
    const double est = bp.throughput_bps(bp.esn0_linear(best->range_m, best->cos_scan, best->elevation_deg,
                                                        attenuation_db(c, best->elevation_deg), 0.0));
    if (feed_aware) comp_left[static_cast<std::size_t>(s.feed.component[static_cast<std::size_t>(best->sat)])] -= est;
    const double left = d - std::max(est, 1.0);
    unmet[cu] = std::max(0.0, left);
    if (left > 0) queue.push({left, c});
  }

  // 2. Idle beams: every free beam points at the highest-elevation visible cell the satellite does not
  //    serve yet (ties by cell id), to measure what the system offers where nobody asks. They carry
  //    nothing and do not transmit.
  std::vector<std::vector<std::pair<double, std::int32_t>>> per_sat(static_cast<std::size_t>(n_sat));
  for (Eigen::Index c = 0; c < n_cell; ++c)
    for (std::size_t i = s.usable_offset[static_cast<std::size_t>(c)]; i < s.usable_offset[static_cast<std::size_t>(c) + 1]; ++i) {
      const Candidate& cand = s.usable[i];
      if (s.sat_beams_used[static_cast<std::size_t>(cand.sat)] < beams_of(cand.sat))
        per_sat[static_cast<std::size_t>(cand.sat)].push_back({-cand.elevation_deg, static_cast<std::int32_t>(i)});
    }
  for (std::size_t sat = 0; sat < static_cast<std::size_t>(n_sat); ++sat) {
    auto& l = per_sat[sat];
    std::sort(l.begin(), l.end());
    for (const auto& [negel, idx] : l) {
      if (s.sat_beams_used[sat] >= beams_of(static_cast<std::int32_t>(sat))) break;
      const Candidate& cand = s.usable[static_cast<std::size_t>(idx)];
      // cell of this candidate: find by offsets (binary search on usable_offset)
      const auto it = std::upper_bound(s.usable_offset.begin(), s.usable_offset.end(), static_cast<std::size_t>(idx));
      const auto cell = static_cast<std::int32_t>(std::distance(s.usable_offset.begin(), it) - 1);
      bool already = false;
      for (std::int32_t bi : s.sat_beam_list[sat])
        if (s.beams[static_cast<std::size_t>(bi)].cell == cell) already = true;
      if (already) continue;
      make_beam(cell, cand, false);
    }
  }
}

void CapacityModel::Impl::evaluate(const Eigen::Matrix3Xd& pos, Scratch& s, StepOutput& out) const {
  const auto& cells = sc.grid->ecef_m();
  const std::size_t nb = s.beams.size();
  const auto K = static_cast<std::size_t>(sc.link.colours);
  // Active (transmitting) beams of each satellite and colour, CSR over (satellite x colour), so the
  // interference sum touches only co-channel beams.
  std::vector<std::size_t>& off = s.colour_offset;
  std::vector<std::int32_t>& lst = s.colour_beams;
  off.assign(static_cast<std::size_t>(n_sat) * K + 1, 0);
  for (const Beam& b : s.beams)
    if (b.active) off[static_cast<std::size_t>(b.sat) * K + static_cast<std::size_t>(b.colour) + 1]++;
  for (std::size_t i = 1; i < off.size(); ++i) off[i] += off[i - 1];
  lst.resize(off.back());
  {
    std::vector<std::size_t> cur(off.begin(), off.end() - 1);
    for (std::size_t i = 0; i < nb; ++i) {
      const Beam& b = s.beams[i];
      if (b.active) lst[cur[static_cast<std::size_t>(b.sat) * K + static_cast<std::size_t>(b.colour)]++] = static_cast<std::int32_t>(i);
    }
  }
  for (Beam& b : s.beams) {
    const auto cls = static_cast<std::size_t>(sat_class[static_cast<std::size_t>(b.sat)]);
    b.scan_gain = cls_eirp_ratio[cls] * cls_phys[cls].satellite_scan_gain(b.cos_scan);
    b.scale = cls_phys[cls].satellite_scale(b.cos_scan);
    b.floor = cls_floor[cls];
  }
  const double term_floor = phys.terminal_floor();
  // Per (cell, satellite) pair of every cell that holds a beam: the unit vector satellite -> cell and
  // 1 / (range^2 x attenuation), computed once and shared by the cell's beams.
  const std::size_t nh = s.any_sat.size();
  s.hit_dir.resize(3 * nh);
  s.hit_inv_path.resize(nh);
  std::vector<std::uint8_t> has_beam(static_cast<std::size_t>(n_cell), 0);
  for (const Beam& b : s.beams) has_beam[static_cast<std::size_t>(b.cell)] = 1;
  tbb::parallel_for(tbb::blocked_range<Eigen::Index>(0, n_cell, 256), [&](const tbb::blocked_range<Eigen::Index>& r) {
    for (Eigen::Index c = r.begin(); c != r.end(); ++c) {
      if (!has_beam[static_cast<std::size_t>(c)]) continue;
      const Eigen::Vector3d cc = cells.col(c);
      for (std::size_t k = s.any_offset[static_cast<std::size_t>(c)]; k < s.any_offset[static_cast<std::size_t>(c) + 1]; ++k) {
        const Eigen::Vector3d d2 = cc - pos.col(s.any_sat[k]);
        const double r2 = d2.norm();
        s.hit_dir[3 * k] = d2.x() / r2;
        s.hit_dir[3 * k + 1] = d2.y() / r2;
        s.hit_dir[3 * k + 2] = d2.z() / r2;
        s.hit_inv_path[k] = 1.0 / (r2 * r2 * std::exp(kDbToNeper * attenuation_db(static_cast<std::int32_t>(c), std::max(s.any_el[k], 5.0))));
      }
    }
  });
  std::vector<std::int64_t> terms(nb, 0);
  // Another system's co-frequency beams: their EIRP x wavelength^2 against this system's.
  const double ext_sin_mask = std::sin(std::min(sc.link.interference_mask_deg, sc.link.min_elevation_deg) * kDegToRad);
  const double ext_ratio = sc.external_interferers
                               ? sc.external_interferers->eirp_w * std::pow(sc.external_interferers->wavelength_m, 2) /
                                     (std::pow(10.0, 0.1 * phys.eirp_dbw()) *
                                      std::pow(units::kSpeedOfLight / (sc.link.frequency_ghz * 1e9), 2))
                               : 0.0;
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, nb, 256), [&](const tbb::blocked_range<std::size_t>& r) {
    for (std::size_t i = r.begin(); i != r.end(); ++i) {
      Beam& b = s.beams[i];
      const auto cu = static_cast<std::size_t>(b.cell);
      const Eigen::Vector3d to_wanted = -b.dir;  // cell -> serving satellite
      const double a_db = attenuation_db(b.cell, b.elevation_deg);
      // Co-channel interference (only active beams transmit), relative to the wanted carrier.
      double i_over_c = 0.0;
      std::int64_t n_terms = 0;
      const auto cls = static_cast<std::size_t>(sat_class[static_cast<std::size_t>(b.sat)]);
      const BeamPhysics& bp = cls_phys[cls];
      const double c_wanted = cls_eirp_ratio[cls] * bp.carrier_relative(b.range_m, b.cos_scan, a_db);
      const std::size_t colour = static_cast<std::size_t>(b.colour);
      const double term_scale = phys.terminal_scale(b.elevation_deg);
      for (std::size_t k = s.any_offset[cu]; k < s.any_offset[cu + 1]; ++k) {
        const std::int32_t sat2 = s.any_sat[k];
        const std::size_t lo = off[static_cast<std::size_t>(sat2) * K + colour], hi = off[static_cast<std::size_t>(sat2) * K + colour + 1];
        if (lo == hi || (hi - lo == 1 && static_cast<std::size_t>(lst[lo]) == i)) continue;
        const Eigen::Vector3d d2(s.hit_dir[3 * k], s.hit_dir[3 * k + 1], s.hit_dir[3 * k + 2]);  // interferer -> victim cell
        const double cos_term = -to_wanted.dot(d2);
        // Path factor: terminal discrimination toward the interferer / (range^2 x attenuation).
        const double path = BeamPhysics::beam_shape(cos_term, term_scale, term_floor) * s.hit_inv_path[k];
        for (std::size_t q = lo; q < hi; ++q) {
          const auto bj = static_cast<std::size_t>(lst[q]);
          if (bj == i) continue;
          const Beam& o = s.beams[bj];
          i_over_c += o.scan_gain * BeamPhysics::beam_shape(o.dir.dot(d2), o.scale, o.floor) * path;
          ++n_terms;
        }
      }
      double ext_i_over_c = 0.0;
      if (sc.external_interferers && out.step < static_cast<std::int64_t>(sc.external_interferers->steps.size())) {
        const BeamTrace& tr = *sc.external_interferers;
        const auto band = colour_band_hz(sc.link, b.colour);
        const double sum = external_sum(
            tr.steps[static_cast<std::size_t>(out.step)], tr.sidelobe_floor, tr.channel_bandwidth_hz, cells.col(b.cell), to_wanted,
            term_scale, term_floor, band.first, band.second, ext_sin_mask,
            [&](double el) { return attenuation_db(b.cell, el); }, n_terms);
        ext_i_over_c = sum * ext_ratio / c_wanted;
      }
      i_over_c /= c_wanted;
      const double esn0 = bp.esn0_linear(b.range_m, b.cos_scan, b.elevation_deg, a_db, 0.0);
      b.ext_i_over_n = ext_i_over_c * esn0;
      i_over_c += ext_i_over_c;
      const double eff_esn0 = bp.effective_esn0(esn0, i_over_c);
      b.modcod = bp.select_modcod(eff_esn0);
      b.throughput_bps = bp.throughput_for(b.modcod);
      terms[i] = n_terms;
    }
  });
  for (std::size_t i = 0; i < nb; ++i) out.interference_terms += terms[i];
  out.beams_evaluated += static_cast<std::int64_t>(nb);
}

void CapacityModel::Impl::feeder(const Eigen::Matrix3Xd& pos, Scratch& s, StepOutput& out) const {
  // Demand allocation: a cell's demand is split over its beams in proportion to their throughput.
  s.cell_offered.assign(static_cast<std::size_t>(n_cell), 0.0);
  for (const Beam& b : s.beams)
    if (b.active) s.cell_offered[static_cast<std::size_t>(b.cell)] += b.throughput_bps;
  std::vector<double> sat_alloc(static_cast<std::size_t>(n_sat), 0.0);
  out.sat_offered.assign(static_cast<std::size_t>(n_sat), 0.0);
  for (Beam& b : s.beams) {
    out.sat_offered[static_cast<std::size_t>(b.sat)] += b.throughput_bps;
    if (!b.active || b.throughput_bps <= 0) continue;
    const double supply = s.cell_offered[static_cast<std::size_t>(b.cell)];
    const double d = (*s.demand)[b.cell];
    b.allocated_bps = b.throughput_bps * std::min(1.0, d / supply);
    sat_alloc[static_cast<std::size_t>(b.sat)] += b.allocated_bps;
  }
  out.sat_feeder_limited.assign(static_cast<std::size_t>(n_sat), 0);
  std::vector<double> scale(static_cast<std::size_t>(n_sat), 1.0);
  out.gateway_bps.clear();
  out.gateway_links.clear();
  out.gsl_capacity = 0;
  if (feeder_net) {
    feeder_net->select_and_solve(pos, sat_alloc, s.feed);
    for (std::size_t i = 0; i < static_cast<std::size_t>(n_sat); ++i) {
      if (sat_alloc[i] > 0) {
        scale[i] = std::min(1.0, s.feed.delivered_bps[i] / sat_alloc[i]);
        if (scale[i] < 1.0 - 1e-12) out.sat_feeder_limited[i] = 1;
      }
    }
    for (std::size_t i = 0; i < static_cast<std::size_t>(n_sat); ++i)
      if (s.unfed_skip[i]) out.sat_feeder_limited[i] = 1;
    out.gateway_bps = s.feed.gateway_bps;
    out.gateway_links = s.feed.gateway_links;
    out.gsl_capacity = s.feed.gsl_capacity_bps;
  }
  out.sat_delivered.assign(static_cast<std::size_t>(n_sat), 0.0);
  s.cell_delivered.assign(static_cast<std::size_t>(n_cell), 0.0);
  for (Beam& b : s.beams) {
    b.delivered_bps = b.allocated_bps * scale[static_cast<std::size_t>(b.sat)];
    out.sat_delivered[static_cast<std::size_t>(b.sat)] += b.delivered_bps;
    s.cell_delivered[static_cast<std::size_t>(b.cell)] += b.delivered_bps;
  }
}

void CapacityModel::Impl::aggregate(Scratch& s, StepOutput& out) const {
  const std::size_t nr = sc.regions.size();
  const std::size_t nm = phys.modcod_count();
  out.region_delivered.assign(nr, 0.0);
  out.region_offered.assign(nr, 0.0);
  out.region_covered_cells.assign(nr, 0.0);
  out.region_covered_demand.assign(nr, 0.0);
  out.region_sats_in_view.assign(nr, 0.0);
  out.region_beams.assign(nr, 0.0);
  out.region_modcod.assign(nr * nm, 0);
  // Beam capacity on each cell, active or idle (offered).
  std::vector<double> cell_cap(static_cast<std::size_t>(n_cell), 0.0);
  out.primary_sat.assign(static_cast<std::size_t>(n_cell), -1);
  for (const Beam& b : s.beams) {
    const auto cu = static_cast<std::size_t>(b.cell);
    cell_cap[cu] += b.throughput_bps;
    if (b.active && out.primary_sat[cu] < 0) out.primary_sat[cu] = b.sat;
    for (std::size_t k = cell_region_offset[cu]; k < cell_region_offset[cu + 1]; ++k) {
      const auto r = static_cast<std::size_t>(cell_region[k]);
      out.region_beams[r] += 1.0;
      if (b.modcod >= 0) out.region_modcod[r * nm + static_cast<std::size_t>(b.modcod)]++;
    }
  }
  for (std::size_t r = 0; r < nr; ++r) {
    for (std::int32_t c : sc.regions[r].cells) {
      const auto cu = static_cast<std::size_t>(c);
      const std::size_t n_usable = s.usable_offset[cu + 1] - s.usable_offset[cu];
      out.region_delivered[r] += s.cell_delivered[cu];
      out.region_offered[r] += cell_cap[cu];
      out.region_sats_in_view[r] += static_cast<double>(n_usable);
      if (n_usable > 0) {
        out.region_covered_cells[r] += 1.0;
        out.region_covered_demand[r] += (*s.demand)[c];
      }
    }
  }
  // Per-cell values of the step (report maps).
  out.cell_delivered = s.cell_delivered;
  out.cell_offered = cell_cap;
  out.cell_usable.resize(static_cast<std::size_t>(n_cell));
  for (std::size_t c = 0; c < static_cast<std::size_t>(n_cell); ++c)
    out.cell_usable[c] = static_cast<std::int32_t>(s.usable_offset[c + 1] - s.usable_offset[c]);
  out.total_offered = 0;
  out.total_delivered = 0;
  for (std::size_t i = 0; i < static_cast<std::size_t>(n_sat); ++i) {
    out.total_offered += out.sat_offered[i];
    out.total_delivered += out.sat_delivered[i];
  }
}

void CapacityModel::Impl::step(const Eigen::Matrix3Xd& pos, Scratch& s, StepOutput& out) const {
  auto t0 = Clock::now();
  visibility(pos, s);
  out.t_vis = seconds_since(t0);
  t0 = Clock::now();
  if (feeder_net) feeder_net->prepare(pos, s.feed);
  const double t_prepare = seconds_since(t0);
  t0 = Clock::now();
  assign(pos, s);
  out.t_assign = seconds_since(t0);
  t0 = Clock::now();
  evaluate(pos, s, out);
  out.t_link = seconds_since(t0);
  t0 = Clock::now();
  feeder(pos, s, out);
  out.t_flow = t_prepare + seconds_since(t0);
  t0 = Clock::now();
  aggregate(s, out);
  out.t_aggr = seconds_since(t0);
}

void CapacityModel::Impl::record(const Eigen::Matrix3Xd& pos, const Scratch& s, StepBeams& r) const {
  r.clear();
  for (std::size_t sat = 0; sat < s.sat_beam_list.size(); ++sat)
    for (std::int32_t bi : s.sat_beam_list[sat]) {
      const Beam& b = s.beams[static_cast<std::size_t>(bi)];
      if (!b.active) continue;
      const auto band = colour_band_hz(sc.link, b.colour);
      r.sat_x.push_back(pos(0, b.sat));
      r.sat_y.push_back(pos(1, b.sat));
      r.sat_z.push_back(pos(2, b.sat));
      r.dir_x.push_back(b.dir.x());
      r.dir_y.push_back(b.dir.y());
      r.dir_z.push_back(b.dir.z());
      r.scan_gain.push_back(b.scan_gain);
      r.scale.push_back(b.scale);
      r.f_lo_hz.push_back(band.first);
      r.f_hi_hz.push_back(band.second);
      r.cell.push_back(b.cell);
      r.throughput_bps.push_back(b.throughput_bps);
      r.ext_i_over_n.push_back(b.ext_i_over_n);
    }
}

CapacityModel::CapacityModel(Scenario scenario) : impl_(std::make_unique<Impl>(std::move(scenario))) {}
CapacityModel::~CapacityModel() = default;
CapacityModel::CapacityModel(CapacityModel&&) noexcept = default;
CapacityModel& CapacityModel::operator=(CapacityModel&&) noexcept = default;
const Scenario& CapacityModel::scenario() const { return impl_->sc; }

CapacityResult CapacityModel::run(const RunOptions& options) const {
  std::vector<CapacityPartial> parts;
  parts.push_back(run_steps(0, impl_->sc.time.count(), options));
  return merge(impl_->sc, std::move(parts));
}

CapacityPartial CapacityModel::run_steps(std::int64_t first, std::int64_t count, const RunOptions& options) const {
  const Impl& m = *impl_;
  const auto& grid = m.sc.time;
  const std::int64_t T = grid.count();
  if (first < 0 || count < 1 || first > T - count)
    throw InputError(m.sc.name, 0, "steps", "capacity run '" + m.sc.name + "': steps [" + std::to_string(first) + ", " + std::to_string(first + count) +
                     ") are not inside the time grid of " + std::to_string(T) + " steps");
  const std::size_t nr = m.sc.regions.size();
  const std::size_t ns = static_cast<std::size_t>(m.n_sat);
  const std::size_t nm = m.phys.modcod_count();
  const std::size_t nc = static_cast<std::size_t>(m.n_cell);

  CapacityPartial p;
  p.first_step = first;
  p.steps = count;
  p.regions = static_cast<std::int64_t>(nr);
  p.satellites = m.n_sat;
  p.modcods = static_cast<std::int64_t>(nm);
  const auto n = static_cast<std::size_t>(count);
  for (auto* v : {&p.region_delivered_bps, &p.region_offered_bps, &p.region_covered_cells, &p.region_covered_demand_bps,
                  &p.region_satellites_in_view, &p.region_beams})
    v->reserve(n * nr);
  p.region_modcod.assign(nr * nm, 0);
  p.region_handovers.assign(nr, 0);
  p.region_served_pairs.assign(nr, 0);
  p.sat_offered_bps.assign(ns, 0);
  p.sat_delivered_bps.assign(ns, 0);
  p.sat_feeder_limited_steps.assign(ns, 0);
  const std::size_t ng = m.feeder_net ? m.feeder_net->gateway_count() : 0;
  p.gateway_delivered_bps.assign(ng, 0);
  p.gateway_links.assign(ng, 0);
  if (options.keep_cell_series) p.cell_delivered_bps = Eigen::MatrixXf::Zero(m.n_cell, count);
  // Per-cell sums (report maps).
  for (auto* v : {&p.cell_delivered_sum_bps, &p.cell_offered_sum_bps, &p.cell_usable_sats_sum, &p.cell_covered_steps}) v->assign(nc, 0);
  std::vector<std::int32_t> prev_primary;
  tbb::enumerable_thread_specific<Scratch> scratch;
  const Eigen::ArrayXd* demand = options.demand_bps ? options.demand_bps : &m.sc.demand_bps;
  if (demand->size() != m.n_cell || (*demand < 0).any() || !demand->allFinite())
    throw InputError(m.sc.name, 0, "demand", "run demand must have one finite value >= 0 per cell");

  auto visit = [&](const orbit::Ephemeris& block) {
    const std::int64_t nb = block.step_count();
    std::vector<StepOutput> outs(static_cast<std::size_t>(nb));
    std::vector<Eigen::VectorXf> cell_series(options.keep_cell_series ? static_cast<std::size_t>(nb) : 0);
    tbb::parallel_for(std::int64_t{0}, nb, [&](std::int64_t k) {
      Scratch& s = scratch.local();
      s.demand = demand;
      outs[static_cast<std::size_t>(k)].step = block.first_step() + k;
      m.step(block.positions(k), s, outs[static_cast<std::size_t>(k)]);
      if (options.record_beams) {
        StepBeams rec;
        m.record(block.positions(k), s, rec);
        options.record_beams(block.first_step() + k, rec);
      }
      if (options.keep_cell_series)
        cell_series[static_cast<std::size_t>(k)] = Eigen::Map<const Eigen::VectorXd>(s.cell_delivered.data(), m.n_cell).cast<float>();
      if (options.progress) options.progress(-1, T);
    });
    // Step-ordered reduction into the partial: series and integer counts only.
    for (std::int64_t k = 0; k < nb; ++k) {
      StepOutput& o = outs[static_cast<std::size_t>(k)];
      const std::int64_t local = block.first_step() + k - first;
      for (std::size_t r = 0; r < nr; ++r) {
        p.region_delivered_bps.push_back(o.region_delivered[r]);
        p.region_offered_bps.push_back(o.region_offered[r]);
        p.region_covered_cells.push_back(o.region_covered_cells[r]);
        p.region_covered_demand_bps.push_back(o.region_covered_demand[r]);
        p.region_satellites_in_view.push_back(o.region_sats_in_view[r]);
        p.region_beams.push_back(o.region_beams[r]);
        for (std::size_t q = 0; q < nm; ++q) p.region_modcod[r * nm + q] += o.region_modcod[r * nm + q];
      }
      // Handovers: the serving satellite of a served cell changes from one step to the next (pairs
      // inside this range; merge() adds the pairs across range boundaries).
      if (!prev_primary.empty()) {
        for (std::size_t r = 0; r < nr; ++r)
          for (std::int32_t c : m.sc.regions[r].cells) {
            const auto cu = static_cast<std::size_t>(c);
            if (o.primary_sat[cu] >= 0 && prev_primary[cu] >= 0) {
              ++p.region_served_pairs[r];
              if (o.primary_sat[cu] != prev_primary[cu]) ++p.region_handovers[r];
            }
          }
      } else {
        p.first_primary = o.primary_sat;
      }
      prev_primary.swap(o.primary_sat);
      for (std::size_t i = 0; i < ns; ++i) {
        p.sat_offered_bps[i] += std::llround(o.sat_offered[i]);
        p.sat_delivered_bps[i] += std::llround(o.sat_delivered[i]);
        p.sat_feeder_limited_steps[i] += o.sat_feeder_limited[i];
      }
      for (std::size_t g = 0; g < ng; ++g) {
        p.gateway_delivered_bps[g] += std::llround(o.gateway_bps[g]);
        p.gateway_links[g] += o.gateway_links[g];
      }
      p.total_feeder_capacity_bps.push_back(o.gsl_capacity);
      p.total_offered_bps.push_back(o.total_offered);
      p.total_delivered_bps.push_back(o.total_delivered);
      p.beams_evaluated += o.beams_evaluated;
      p.interference_terms += o.interference_terms;
      p.stage_seconds.visibility += o.t_vis;
      p.stage_seconds.assignment += o.t_assign;
      p.stage_seconds.link += o.t_link;
      p.stage_seconds.flow += o.t_flow;
      p.stage_seconds.aggregation += o.t_aggr;
      if (options.keep_cell_series) p.cell_delivered_bps.col(local) = cell_series[static_cast<std::size_t>(k)];
      // Per-cell sums (report maps), in whole bit/s so that any split adds up exactly.
      for (std::size_t c = 0; c < nc; ++c) {
        p.cell_delivered_sum_bps[c] += std::llround(o.cell_delivered[c]);
        p.cell_offered_sum_bps[c] += std::llround(o.cell_offered[c]);
        p.cell_usable_sats_sum[c] += o.cell_usable[c];
        p.cell_covered_steps[c] += o.cell_usable[c] > 0 ? 1 : 0;
      }
      o = StepOutput();  // release the step's per-cell buffers early
    }
  };

  auto t_eph = Clock::now();
  double eph_inside = 0;
  m.sc.satellites->for_each_block(grid, first, count, [&](const orbit::Ephemeris& block) {
    auto t1 = Clock::now();
    visit(block);
    eph_inside += seconds_since(t1);
  });
  p.stage_seconds.ephemeris = std::max(0.0, seconds_since(t_eph) - eph_inside);
  p.last_primary = std::move(prev_primary);
  (void)nc;
  return p;
}

CapacityResult CapacityModel::merge(const Scenario& sc, std::vector<CapacityPartial> parts) {
  const auto& grid = sc.time;
  const std::int64_t T = grid.count();
  const std::size_t nr = sc.regions.size();
  if (!sc.satellites) throw Error("capacity merge '" + sc.name + "': no satellites");
  const std::size_t ns = sc.satellites->satellite_count();
  const BeamPhysics phys(sc.link);
  const std::size_t nm = phys.modcod_count();
  const auto n_cell = static_cast<std::size_t>(sc.demand_bps.size());
  std::vector<Payload> payloads;
  std::vector<std::int32_t> sat_class;
  resolve_payloads(sc, payloads, sat_class);
  const std::size_t ng = sc.feeder.enabled ? sc.gateways.size() : 0;
  // The partials must tile [0, T) in order and match the scenario.
  std::int64_t next = 0;
  bool cells = !parts.empty() && parts.front().cell_delivered_bps.size() > 0;
  for (const auto& p : parts) {
    const auto n = static_cast<std::size_t>(p.steps);
    if (p.first_step != next || p.steps < 1 || p.regions != static_cast<std::int64_t>(nr) ||
        p.satellites != static_cast<std::int64_t>(ns) || p.modcods != static_cast<std::int64_t>(nm) ||
        p.region_delivered_bps.size() != n * nr || p.region_offered_bps.size() != n * nr ||
        p.region_covered_cells.size() != n * nr || p.region_covered_demand_bps.size() != n * nr ||
        p.region_satellites_in_view.size() != n * nr || p.region_beams.size() != n * nr || p.region_modcod.size() != nr * nm ||
        p.region_handovers.size() != nr || p.region_served_pairs.size() != nr || p.first_primary.size() != n_cell ||
        p.last_primary.size() != n_cell || p.sat_offered_bps.size() != ns || p.sat_delivered_bps.size() != ns ||
        p.sat_feeder_limited_steps.size() != ns || p.total_offered_bps.size() != n || p.total_delivered_bps.size() != n ||
        p.gateway_delivered_bps.size() != ng || p.gateway_links.size() != ng || p.total_feeder_capacity_bps.size() != n ||
        (p.cell_delivered_bps.size() > 0) != cells || p.cell_delivered_sum_bps.size() != n_cell ||
        p.cell_offered_sum_bps.size() != n_cell || p.cell_usable_sats_sum.size() != n_cell || p.cell_covered_steps.size() != n_cell)
      throw Error("capacity merge '" + sc.name + "': the partial results do not tile the time grid (step " +
                  std::to_string(p.first_step) + ", expected " + std::to_string(next) + ")");
    next += p.steps;
  }
  if (next != T)
    throw Error("capacity merge '" + sc.name + "': partial results cover " + std::to_string(next) + " of " + std::to_string(T) + " steps");

  CapacityResult res;
  res.scenario = sc.name;
  res.steps = T;
  res.satellites = static_cast<std::int64_t>(ns);
  res.modcod_names = phys.modcod_names();
  res.regions.resize(nr);
  std::vector<std::int64_t> modcod_counts(nr * nm, 0), handovers(nr, 0), served_pairs(nr, 0);
  std::vector<double> cov_cells(nr, 0), cov_demand(nr, 0), in_view(nr, 0), beams(nr, 0);
  for (std::size_t r = 0; r < nr; ++r) {
    auto& rs = res.regions[r];
    rs.name = sc.regions[r].name;
    rs.cells = static_cast<std::int64_t>(sc.regions[r].cells.size());
    for (std::int32_t c : sc.regions[r].cells) rs.demand_bps += sc.demand_bps[c];
  }
  std::vector<std::int64_t> sat_off(ns, 0), sat_del(ns, 0), sat_lim(ns, 0), gw_del(ng, 0), gw_links(ng, 0);
  double feeder_cap_sum = 0;
  if (cells) res.cell_delivered_bps = Eigen::MatrixXf::Zero(static_cast<Eigen::Index>(n_cell), T);
  const std::vector<std::int32_t>* prev_last = nullptr;
  for (const auto& p : parts) {
    for (std::int64_t k = 0; k < p.steps; ++k) {
      const std::int64_t t = p.first_step + k;
      res.times.push_back(grid.at(t));
      for (std::size_t r = 0; r < nr; ++r) {
        auto& rs = res.regions[r];
        const auto i = static_cast<std::size_t>(k) * nr + r;
        rs.delivered_bps.push_back(p.region_delivered_bps[i]);
        rs.offered_bps.push_back(p.region_offered_bps[i]);
        cov_cells[r] += rs.cells ? p.region_covered_cells[i] / static_cast<double>(rs.cells) : 0.0;
        cov_demand[r] += rs.demand_bps > 0 ? p.region_covered_demand_bps[i] / rs.demand_bps : 0.0;
        in_view[r] += rs.cells ? p.region_satellites_in_view[i] / static_cast<double>(rs.cells) : 0.0;
        beams[r] += p.region_beams[i];
      }
      res.total_offered_bps.push_back(p.total_offered_bps[static_cast<std::size_t>(k)]);
      res.total_delivered_bps.push_back(p.total_delivered_bps[static_cast<std::size_t>(k)]);
    }
    for (std::size_t q = 0; q < nr * nm; ++q) modcod_counts[q] += p.region_modcod[q];
    for (std::size_t r = 0; r < nr; ++r) {
      handovers[r] += p.region_handovers[r];
      served_pairs[r] += p.region_served_pairs[r];
    }
    // The step pair across the boundary with the previous range.
    if (prev_last) {
      for (std::size_t r = 0; r < nr; ++r)
        for (std::int32_t c : sc.regions[r].cells) {
          const auto cu = static_cast<std::size_t>(c);
          if (p.first_primary[cu] >= 0 && (*prev_last)[cu] >= 0) {
            ++served_pairs[r];
            if (p.first_primary[cu] != (*prev_last)[cu]) ++handovers[r];
          }
        }
    }
    prev_last = &p.last_primary;
    for (std::size_t i = 0; i < ns; ++i) {
      sat_off[i] += p.sat_offered_bps[i];
      sat_del[i] += p.sat_delivered_bps[i];
      sat_lim[i] += p.sat_feeder_limited_steps[i];
    }
    for (std::size_t g = 0; g < ng; ++g) {
      gw_del[g] += p.gateway_delivered_bps[g];
      gw_links[g] += p.gateway_links[g];
    }
    for (double v : p.total_feeder_capacity_bps) feeder_cap_sum += v;
    res.beams_evaluated += p.beams_evaluated;
    res.interference_terms += p.interference_terms;
    res.stage_seconds.ephemeris += p.stage_seconds.ephemeris;
    res.stage_seconds.visibility += p.stage_seconds.visibility;
    res.stage_seconds.assignment += p.stage_seconds.assignment;
    res.stage_seconds.link += p.stage_seconds.link;
    res.stage_seconds.flow += p.stage_seconds.flow;
    res.stage_seconds.aggregation += p.stage_seconds.aggregation;
    if (cells) res.cell_delivered_bps.middleCols(p.first_step, p.steps) = p.cell_delivered_bps;
  }

  const double Td = static_cast<double>(T);
  const double hours = grid.step_seconds() / 3600.0;
  for (std::size_t r = 0; r < nr; ++r) {
    auto& rs = res.regions[r];
    double sum = 0;
    for (double v : rs.delivered_bps) sum += v;
    rs.delivered_mean_bps = sum / Td;
    rs.delivered_p5_bps = percentile(rs.delivered_bps, 5);
    rs.delivered_p50_bps = percentile(rs.delivered_bps, 50);
    rs.delivered_p95_bps = percentile(rs.delivered_bps, 95);
    rs.share_served = rs.demand_bps > 0 ? rs.delivered_mean_bps / rs.demand_bps : 0.0;
    rs.coverage_cells = cov_cells[r] / Td;
    rs.coverage_demand = cov_demand[r] / Td;
    rs.satellites_in_view = in_view[r] / Td;
    rs.beams_mean = beams[r] / Td;
    rs.handovers_per_cell_hour =
        served_pairs[r] > 0 ? static_cast<double>(handovers[r]) / (static_cast<double>(served_pairs[r]) * hours) : 0.0;
    std::int64_t tot = 0;
    for (std::size_t q = 0; q < nm; ++q) tot += modcod_counts[r * nm + q];
    rs.modcod_share.assign(nm, 0.0);
    for (std::size_t q = 0; q < nm; ++q)
      rs.modcod_share[q] = tot ? static_cast<double>(modcod_counts[r * nm + q]) / static_cast<double>(tot) : 0.0;
  }
  res.satellite_stats.resize(ns);
  const auto& sats = sc.satellites->satellites();
  std::int64_t lim = 0;
  for (std::size_t i = 0; i < ns; ++i) {
    const std::int32_t c = sat_class[i];
    res.satellite_stats[i] = {sats[i].name, c >= 0 ? payloads[static_cast<std::size_t>(c)].name : std::string(),
                              static_cast<double>(sat_off[i]) / Td, static_cast<double>(sat_del[i]) / Td,
                              static_cast<double>(sat_lim[i]) / Td};
    lim += sat_lim[i];
    if (c >= 0) ++res.satellites_carrying;
  }
  res.feeder_limited_share =
      res.satellites_carrying > 0 ? static_cast<double>(lim) / (Td * static_cast<double>(res.satellites_carrying)) : 0.0;
  res.mean_feeder_capacity_bps = feeder_cap_sum / Td;
  for (std::size_t g = 0; g < ng; ++g) {
    GatewayStats gs;
    gs.name = sc.gateways[g].name;
    gs.lat_deg = sc.gateways[g].lat_deg;
    gs.lon_deg = sc.gateways[g].lon_deg;
    const GatewayAntennas a = sc.gateway_antennas.empty() ? GatewayAntennas{sc.feeder.gateway_max_satellites, sc.feeder.gateway_default_e_antennas}
                                                          : sc.gateway_antennas[g];
    gs.ka_antennas = a.ka;
    gs.e_antennas = a.e;
    gs.delivered_mean_bps = static_cast<double>(gw_del[g]) / Td;
    gs.links_mean = static_cast<double>(gw_links[g]) / Td;
    res.gateway_stats.push_back(gs);
  }
  double so = 0, sd = 0;
  for (std::int64_t t = 0; t < T; ++t) {
    so += res.total_offered_bps[static_cast<std::size_t>(t)];
    sd += res.total_delivered_bps[static_cast<std::size_t>(t)];
  }
  res.mean_offered_bps = so / Td;
  res.mean_delivered_bps = sd / Td;
  res.total_demand_served_bps = res.total_delivered_bps;
  for (Eigen::Index c = 0; c < sc.demand_bps.size(); ++c) res.total_demand_bps += sc.demand_bps[c];
  // Per-cell time means (report maps): integer sums over the parts, then one division.
  {
    std::vector<std::int64_t> del(n_cell, 0), off(n_cell, 0), usable(n_cell, 0), covered(n_cell, 0);
    for (const auto& p : parts)
      for (std::size_t c = 0; c < n_cell; ++c) {
        del[c] += p.cell_delivered_sum_bps[c];
        off[c] += p.cell_offered_sum_bps[c];
        usable[c] += p.cell_usable_sats_sum[c];
        covered[c] += p.cell_covered_steps[c];
      }
    for (auto* v : {&res.cell_delivered_mean_bps, &res.cell_offered_mean_bps, &res.cell_usable_sats_mean, &res.cell_coverage})
      v->resize(n_cell);
    for (std::size_t c = 0; c < n_cell; ++c) {
      res.cell_delivered_mean_bps[c] = static_cast<double>(del[c]) / Td;
      res.cell_offered_mean_bps[c] = static_cast<double>(off[c]) / Td;
      res.cell_usable_sats_mean[c] = static_cast<double>(usable[c]) / Td;
      res.cell_coverage[c] = static_cast<double>(covered[c]) / Td;
    }
  }
  return res;
}

}  // namespace satcap::capacity
