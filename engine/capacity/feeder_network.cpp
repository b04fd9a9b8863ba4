// The feeder side of a capacity step (feeder_network.hpp, docs/models/feeder.md).
#include "feeder_network.hpp"

#include <satcap/core/error.hpp>
#include <satcap/core/geodesy.hpp>
#include <satcap/core/units.hpp>
#include <satcap/network/topology.hpp>
#include <satcap/radio/modcod.hpp>

#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <numbers>
#include <numeric>
#include <tuple>
#include <array>

namespace satcap::capacity {

namespace {
constexpr double kDeg = std::numbers::pi / 180.0;

double band_eirp_density(const FeederOptions& o, FeederBand b) {
  return b == FeederBand::Ka ? o.gateway_ka_eirp_density_dbw_mhz : o.gateway_e_eirp_density_dbw_mhz;
}
int band_index(FeederBand b) { return b == FeederBand::Ka ? 0 : 1; }

struct UnionFind {
  std::vector<std::int32_t> parent;
  explicit UnionFind(std::size_t n) : parent(n) { std::iota(parent.begin(), parent.end(), 0); }
  std::int32_t find(std::int32_t x) {
    while (parent[static_cast<std::size_t>(x)] != x) {
      parent[static_cast<std::size_t>(x)] = parent[static_cast<std::size_t>(parent[static_cast<std::size_t>(x)])];
      x = parent[static_cast<std::size_t>(x)];
    }
    return x;
  }
  void unite(std::int32_t a, std::int32_t b) {
    a = find(a);
    b = find(b);
    if (a != b) parent[static_cast<std::size_t>(std::max(a, b))] = std::min(a, b);  // root = lowest index
  }
};
}  // namespace

FeederBudget::FeederBudget(const FeederOptions& o, FeederBand band, const FeederTerminal& t,
                           const radio::SiteAttenuationTable* table, double fixed_loss_db)
    : table_(table), fixed_loss_db_(fixed_loss_db) {
  lambda_m_ = units::kSpeedOfLight / (t.uplink_ghz * 1e9);
  const double eirp_density_dbw_hz = band_eirp_density(o, band) - 60.0;  // dBW/MHz -> dBW/Hz
  k_db_ = eirp_density_dbw_hz + t.gt_dbk() + 10.0 * std::log10(1.0 + o.feeder_rolloff) - units::kBoltzmannDb;
  inv_cx_ = std::isfinite(o.feeder_c_over_x_db) ? std::pow(10.0, -0.1 * o.feeder_c_over_x_db) : 0.0;
  symbols_ = t.polarisations * t.uplink_bandwidth_mhz * 1e6 / (1.0 + o.feeder_rolloff);
  margin_db_ = o.feeder_implementation_margin_db;
}

double FeederBudget::esn0_db(double range_m, double elevation_deg) const {
  const double fspl_db = 20.0 * std::log10(4.0 * std::numbers::pi * range_m / lambda_m_);
  const double a_db = table_ ? table_->total_db(elevation_deg) : fixed_loss_db_;
  if (!std::isfinite(a_db)) return -std::numeric_limits<double>::infinity();  // below the table: no link
  const double esn0 = std::pow(10.0, 0.1 * (k_db_ - fspl_db - a_db));
  return 10.0 * std::log10(1.0 / (1.0 / esn0 + inv_cx_));
}

double FeederBudget::rate_bps(double range_m, double elevation_deg) const {
  const radio::ModcodTable& t = radio::ModcodTable::dvbs2x();
  const int m = t.select_index(esn0_db(range_m, elevation_deg), margin_db_);
  return m < 0 ? 0.0 : symbols_ * t.entries()[static_cast<std::size_t>(m)].efficiency_bits_per_symbol;
}

FeederNetwork::FeederNetwork(const Scenario& sc, const std::vector<Payload>& payloads, const std::vector<std::int32_t>& sat_class,
                             const radio::Atmosphere* atmosphere, double fixed_loss_db)
    : sc_(sc), payloads_(payloads), sat_class_(sat_class) {
  const FeederOptions& o = sc.feeder;
  gateways_ = sc.gateways;
  for (auto& g : gateways_) {
    g.gateway = true;
    if (!(g.feeder_capacity_bps > 0)) g.feeder_capacity_bps = o.gateway_backhaul_gbps * 1e9;
  }
  antennas_ = sc.gateway_antennas;
  if (antennas_.empty()) antennas_.assign(gateways_.size(), GatewayAntennas{o.gateway_max_satellites, o.gateway_default_e_antennas});
  if (antennas_.size() != gateways_.size()) throw Error("capacity scenario '" + sc.name + "': gateway antennas do not match the gateways");
  if (std::isfinite(o.gsl_capacity_gbps)) fixed_gsl_bps_ = o.gsl_capacity_gbps * 1e9;

  const auto n_sat = static_cast<int>(sat_class.size());
  network::TopologySpec spec;
  spec.isl = network::make_isl_topology(network::isl_kind_from_string(o.isl), o.isl_parameter);
  spec.isl_rules.max_range = units::km(o.isl_max_range_km);
  spec.isl_rules.max_terminals = o.isl_terminals;
  spec.ground_relays = false;
  network::ConstellationLayout layout = sc.layout ? *sc.layout : network::ConstellationLayout::unstructured(n_sat);
  if (layout.satellite_count() != n_sat) throw Error("capacity scenario '" + sc.name + "': layout size differs from the satellite count");
  isl_builder_ = std::make_unique<network::SnapshotBuilder>(layout, std::vector<network::GroundStation>{}, spec);
  sat_isl_bps_.assign(static_cast<std::size_t>(n_sat), 0.0);
  for (int s = 0; s < n_sat; ++s) {
    const std::int32_t c = sat_class[static_cast<std::size_t>(s)];
    if (c >= 0 && payloads[static_cast<std::size_t>(c)].isl_terminals > 0)
      sat_isl_bps_[static_cast<std::size_t>(s)] = payloads[static_cast<std::size_t>(c)].isl_rate_gbps * 1e9;
  }

  const std::size_t G = gateways_.size();
  gw_ecef_.resize(3, static_cast<Eigen::Index>(G));
  gw_up_.resize(3, static_cast<Eigen::Index>(G));
  for (std::size_t g = 0; g < G; ++g) {
    const auto& st = gateways_[g];
    if (!(std::fabs(st.lat_deg) <= 90.0)) throw InputError("", 0, "gateways", "gateway '" + st.name + "': latitude out of range");
    const core::Site site(core::Geodetic::degrees(st.lat_deg, st.lon_deg, st.height_m));
    gw_ecef_.col(static_cast<Eigen::Index>(g)) = site.ecef();
    gw_up_.col(static_cast<Eigen::Index>(g)) = site.enu_rotation().row(2).transpose();  // WGS84 ellipsoid normal
  }

  // Attenuation tables per (gateway, distinct uplink frequency), then one budget per (gateway, class, band).
  const std::size_t C = payloads.size();
  budgets_.resize(G * C * 2);
  tables_.clear();
  std::vector<std::map<double, const radio::SiteAttenuationTable*>> by_freq(G);
  std::vector<std::pair<std::size_t, double>> needed;  // (gateway, frequency)
  for (std::size_t g = 0; g < G; ++g)
    for (const auto& p : payloads)
      for (const auto& t : p.feeders)
        if (std::find(needed.begin(), needed.end(), std::make_pair(g, t.uplink_ghz)) == needed.end()) needed.emplace_back(g, t.uplink_ghz);
  if (atmosphere && !fixed_gsl_bps_) {
    tables_.resize(needed.size());
    std::vector<double> errs(needed.size(), 0.0);
    tbb::parallel_for(std::size_t{0}, needed.size(), [&](std::size_t i) {
      const auto [g, f] = needed[i];
      radio::SlantPathInput in;
      in.lat_deg = gateways_[g].lat_deg;
      in.lon_deg = gateways_[g].lon_deg;
      in.frequency_ghz = f;
      in.p_percent = 100.0 - o.feeder_availability_pct;
      in.antenna_diameter_m = o.gateway_antenna_diameter_m;
      in.antenna_efficiency = 0.6;
      in.extrapolate_above_55ghz = o.e_band_extrapolation;
      tables_[i] = std::make_unique<radio::SiteAttenuationTable>(*atmosphere, in, std::max(5.0, o.gateway_min_elevation_deg), 1.0);
      errs[i] = tables_[i]->max_error_db();
    });
    for (std::size_t i = 0; i < needed.size(); ++i) {
      by_freq[needed[i].first][needed[i].second] = tables_[i].get();
      table_max_error_db_ = std::max(table_max_error_db_, errs[i]);
    }
  }
  for (std::size_t g = 0; g < G; ++g)
    for (std::size_t c = 0; c < C; ++c)
      for (const auto& t : payloads[c].feeders) {
        const radio::SiteAttenuationTable* table = atmosphere && !fixed_gsl_bps_ ? by_freq[g][t.uplink_ghz] : nullptr;
        budgets_[(g * C + c) * 2 + static_cast<std::size_t>(band_index(t.band))] = FeederBudget(o, t.band, t, table, fixed_loss_db);
      }
}

FeederNetwork::~FeederNetwork() = default;

const FeederBudget* FeederNetwork::budget(std::size_t g, std::int32_t cls, FeederBand b) const {
  return &budgets_[(g * payloads_.size() + static_cast<std::size_t>(cls)) * 2 + static_cast<std::size_t>(band_index(b))];
}

void FeederNetwork::prepare(const Eigen::Matrix3Xd& pos, FeederStep& f) const {
  const auto N = static_cast<std::size_t>(pos.cols());
  const std::size_t G = gateways_.size();
  const FeederOptions& o = sc_.feeder;
  // Satellites that carry no traffic take no link: NaN columns for the ISL builder.
  Eigen::Matrix3Xd live = pos;
  for (std::size_t s = 0; s < N; ++s)
    if (sat_class_[s] < 0 || sat_isl_bps_[s] <= 0) live.col(static_cast<Eigen::Index>(s)).setConstant(std::numeric_limits<double>::quiet_NaN());
  f.isls.clear();
  if (network::isl_kind_from_string(o.isl) != network::IslKind::None) isl_builder_->isl_links(live, f.isls);
  f.isl_bps.resize(f.isls.size());
  for (std::size_t i = 0; i < f.isls.size(); ++i)
    f.isl_bps[i] = std::min(sat_isl_bps_[static_cast<std::size_t>(f.isls[i].a)], sat_isl_bps_[static_cast<std::size_t>(f.isls[i].b)]);

  // Candidate GSLs, per gateway in parallel into disjoint lists.
  const double sin_el = std::sin(o.gateway_min_elevation_deg * kDeg);
  std::vector<std::vector<FeederStep::Gsl>> per(G);
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, G, 4), [&](const tbb::blocked_range<std::size_t>& r) {
    for (std::size_t g = r.begin(); g != r.end(); ++g) {
      auto& v = per[g];
      v.clear();
      const Eigen::Vector3d gs = gw_ecef_.col(static_cast<Eigen::Index>(g)), up = gw_up_.col(static_cast<Eigen::Index>(g));
      for (std::size_t s = 0; s < N; ++s) {
        const std::int32_t c = sat_class_[s];
        if (c < 0) continue;
        const Eigen::Vector3d d = pos.col(static_cast<Eigen::Index>(s)) - gs;
        const double rng = d.norm();
        if (!std::isfinite(rng) || up.dot(d) < rng * sin_el) continue;
        const double el = std::asin(std::clamp(up.dot(d) / rng, -1.0, 1.0)) / kDeg;  // geometric elevation (no refraction)
        for (const auto& t : payloads_[static_cast<std::size_t>(c)].feeders) {
          const int ant = t.band == FeederBand::Ka ? antennas_[g].ka : antennas_[g].e;
          if (t.terminals <= 0 || ant <= 0) continue;
          const double rate = fixed_gsl_bps_ > 0 ? fixed_gsl_bps_ : budget(g, c, t.band)->rate_bps(rng, el);
          if (rate > 0) v.push_back({static_cast<std::int32_t>(g), static_cast<std::int32_t>(s), t.band, rng, el, rate});
        }
      }
    }
  });
  f.candidates.clear();
  for (auto& v : per) f.candidates.insert(f.candidates.end(), v.begin(), v.end());

  // Components of the ISL graph; a component is feedable when one of its satellites has a candidate GSL.
  UnionFind uf(N);
  for (const auto& l : f.isls) uf.unite(l.a, l.b);
  f.component.assign(N, -1);
  std::vector<std::int32_t> root_comp(N, -1);
  std::int32_t n_comp = 0;
  for (std::size_t s = 0; s < N; ++s) {
    if (sat_class_[s] < 0) continue;
    const auto r = static_cast<std::size_t>(uf.find(static_cast<std::int32_t>(s)));
    if (root_comp[r] < 0) root_comp[r] = n_comp++;
    f.component[s] = root_comp[r];
  }
  // Budget: per (gateway, band, component) the best `antennas` links (optimistic: a gateway counts
  // toward every component it sees), each gateway's total capped by its backhaul.
  f.component_budget.assign(static_cast<std::size_t>(n_comp), 0.0);
  std::map<std::tuple<std::int32_t, int, std::int32_t>, std::vector<double>> rates;
  for (const auto& c : f.candidates) rates[{c.gateway, band_index(c.band), f.component[static_cast<std::size_t>(c.sat)]}].push_back(c.rate_bps);
  std::map<std::pair<std::int32_t, std::int32_t>, double> gw_comp;
  for (auto& [key, v] : rates) {
    const auto [g, b, comp] = key;
    std::sort(v.rbegin(), v.rend());
    const int ant = b == 0 ? antennas_[static_cast<std::size_t>(g)].ka : antennas_[static_cast<std::size_t>(g)].e;
    double sum = 0;
    for (int i = 0; i < std::min<int>(ant, static_cast<int>(v.size())); ++i) sum += v[static_cast<std::size_t>(i)];
    gw_comp[{g, comp}] += sum;
  }
  for (const auto& [key, v] : gw_comp)
    f.component_budget[static_cast<std::size_t>(key.second)] += std::min(v, gateways_[static_cast<std::size_t>(key.first)].feeder_capacity_bps);
  f.feedable.assign(N, 0);
  for (std::size_t s = 0; s < N; ++s)
    if (f.component[s] >= 0 && f.component_budget[static_cast<std::size_t>(f.component[s])] > 0) f.feedable[s] = 1;
}

void FeederNetwork::select_and_solve(const Eigen::Matrix3Xd& pos, const std::vector<double>& sat_alloc, FeederStep& f) const {
  const auto N = static_cast<std::size_t>(pos.cols());
  const std::size_t G = gateways_.size();
  std::vector<int> free_ka(G), free_e(G);
  for (std::size_t g = 0; g < G; ++g) {
    free_ka[g] = antennas_[g].ka;
    free_e[g] = antennas_[g].e;
  }
  std::vector<std::array<int, 2>> sat_free(N, {0, 0});
  for (std::size_t s = 0; s < N; ++s)
    if (sat_class_[s] >= 0)
      for (const auto& t : payloads_[static_cast<std::size_t>(sat_class_[s])].feeders) sat_free[s][static_cast<std::size_t>(band_index(t.band))] = t.terminals;
  std::vector<double> unfed(sat_alloc.begin(), sat_alloc.end());
  std::vector<std::uint8_t> chosen(f.candidates.size(), 0);
  auto take = [&](std::size_t i) {
    const auto& c = f.candidates[i];
    int& ant = c.band == FeederBand::Ka ? free_ka[static_cast<std::size_t>(c.gateway)] : free_e[static_cast<std::size_t>(c.gateway)];
    int& term = sat_free[static_cast<std::size_t>(c.sat)][static_cast<std::size_t>(band_index(c.band))];
    if (ant <= 0 || term <= 0) return false;
    --ant;
    --term;
    chosen[i] = 1;
    return true;
  };
  // 1. Direct feed: satellites with the most traffic first, then the better link.
  std::vector<std::size_t> order(f.candidates.size());
  std::iota(order.begin(), order.end(), 0);
  auto by_need = [&](std::size_t a, std::size_t b) {
    const auto &x = f.candidates[a], &y = f.candidates[b];
    const double nx = sat_alloc[static_cast<std::size_t>(x.sat)], ny = sat_alloc[static_cast<std::size_t>(y.sat)];
    if (nx != ny) return nx > ny;
    if (x.rate_bps != y.rate_bps) return x.rate_bps > y.rate_bps;
    return a < b;
  };
  std::sort(order.begin(), order.end(), by_need);
  for (std::size_t i : order) {
    const auto& c = f.candidates[i];
    if (unfed[static_cast<std::size_t>(c.sat)] <= 0) continue;
    if (take(i)) unfed[static_cast<std::size_t>(c.sat)] -= c.rate_bps;
  }
  // 2. Relays: antennas left track laser-equipped satellites next to unfed traffic.
  if (!f.isls.empty()) {
    std::vector<double> nearby(N, 0.0);
    for (const auto& l : f.isls) {
      nearby[static_cast<std::size_t>(l.a)] += std::max(0.0, unfed[static_cast<std::size_t>(l.b)]);
      nearby[static_cast<std::size_t>(l.b)] += std::max(0.0, unfed[static_cast<std::size_t>(l.a)]);
    }
    for (std::size_t s = 0; s < N; ++s) nearby[s] += std::max(0.0, unfed[s]);
    auto by_relay = [&](std::size_t a, std::size_t b) {
      const auto &x = f.candidates[a], &y = f.candidates[b];
      const double nx = nearby[static_cast<std::size_t>(x.sat)], ny = nearby[static_cast<std::size_t>(y.sat)];
      if (nx != ny) return nx > ny;
      if (x.rate_bps != y.rate_bps) return x.rate_bps > y.rate_bps;
      return a < b;
    };
    std::sort(order.begin(), order.end(), by_relay);
    for (std::size_t i : order)
      if (!chosen[i] && sat_isl_bps_[static_cast<std::size_t>(f.candidates[i].sat)] > 0 && nearby[static_cast<std::size_t>(f.candidates[i].sat)] > 0) take(i);
  }
  // 3. The step graph and its max flow. Parallel GSLs of one (gateway, satellite) pair are one link.
  std::vector<network::Link> links = f.isls;
  std::vector<double> link_bps = f.isl_bps;
  std::map<std::pair<std::int32_t, std::int32_t>, std::size_t> gsl_index;
  f.gateway_links.assign(G, 0);
  f.gsl_chosen = 0;
  f.gsl_capacity_bps = 0;
  for (std::size_t i = 0; i < f.candidates.size(); ++i) {
    if (!chosen[i]) continue;
    const auto& c = f.candidates[i];
    ++f.gateway_links[static_cast<std::size_t>(c.gateway)];
    ++f.gsl_chosen;
    f.gsl_capacity_bps += c.rate_bps;
    const auto key = std::make_pair(c.gateway, c.sat);
    auto it = gsl_index.find(key);
    if (it != gsl_index.end()) {
      link_bps[it->second] += c.rate_bps;
      continue;
    }
    gsl_index[key] = links.size();
    links.push_back({c.sat, static_cast<std::int32_t>(N) + c.gateway, network::LinkKind::Gsl, c.range_m});
    link_bps.push_back(c.rate_bps);
  }
  // SnapshotGraph keeps the link order it was given (ISLs first, then GSLs): capacities stay aligned.
  const network::SnapshotGraph graph(static_cast<int>(N), static_cast<int>(G), links);
  network::FlowCapacities caps = network::FlowCapacities::from_stations(gateways_, 0.0, 0.0);
  caps.link_bps = link_bps;
  if (graph.links().size() != caps.link_bps.size()) throw Error("feeder network: step graph changed the link list");
  const network::FlowResult flow = solver_.solve(graph, caps, sat_alloc);
  f.delivered_bps = flow.delivered_bps;
  f.gateway_bps = flow.gateway_bps;
}

}  // namespace satcap::capacity
