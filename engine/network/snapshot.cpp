// Per-step graph: ISL filters (range, line of sight, terminals), GSL selection, Boost CSR graph.
#include <satcap/core/error.hpp>
#include <satcap/core/geodesy.hpp>
#include <satcap/network/snapshot.hpp>

#include <boost/range/iterator_range.hpp>
#include <oneapi/tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <string>
#include <utility>

namespace satcap::network {

namespace {

std::vector<SatPair> normalise_unique(const std::vector<SatPair>& in) {
  // Keep the first occurrence of each unordered pair, in proposal order.
  std::vector<std::pair<std::uint64_t, std::size_t>> keyed;
  keyed.reserve(in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    auto a = std::min(in[i].a, in[i].b), b = std::max(in[i].a, in[i].b);
    if (a == b) continue;
    keyed.emplace_back((static_cast<std::uint64_t>(static_cast<std::uint32_t>(a)) << 32) | static_cast<std::uint32_t>(b), i);
  }
  std::sort(keyed.begin(), keyed.end());
  std::vector<std::size_t> keep;
  for (std::size_t i = 0; i < keyed.size(); ++i)
    if (i == 0 || keyed[i].first != keyed[i - 1].first) keep.push_back(keyed[i].second);
  std::sort(keep.begin(), keep.end());
  std::vector<SatPair> out;
  out.reserve(keep.size());
  for (auto i : keep) out.push_back({std::min(in[i].a, in[i].b), std::max(in[i].a, in[i].b)});
  return out;
}

}  // namespace

SnapshotGraph::SnapshotGraph(int satellites, int stations, std::vector<Link> links)
    : satellites_(satellites), stations_(stations), links_(std::move(links)) {
  const int nv = satellites_ + stations_;
  for (const auto& l : links_) {
    if (l.a < 0 || l.b >= nv || l.a >= l.b) throw InputError("", 0, "link", "vertices must satisfy 0 <= a < b < V");
    if (l.kind == LinkKind::Isl) ++isl_count_;
  }
  // Counting sort of the arcs by source so the CSR edge index is known: arc_link_[edge index] = link.
  std::vector<std::uint32_t> offs(static_cast<std::size_t>(nv) + 1, 0);
  for (const auto& l : links_) {
    ++offs[static_cast<std::size_t>(l.a) + 1];
    ++offs[static_cast<std::size_t>(l.b) + 1];
  }
  for (int v = 0; v < nv; ++v) offs[static_cast<std::size_t>(v) + 1] += offs[static_cast<std::size_t>(v)];
  const std::size_t na = 2 * links_.size();
  std::vector<std::pair<std::uint32_t, std::uint32_t>> arcs(na);
  arc_link_.assign(na, 0);
  std::vector<std::uint32_t> fill(offs.begin(), offs.end() - 1);
  for (std::size_t i = 0; i < links_.size(); ++i) {
    const auto a = static_cast<std::uint32_t>(links_[i].a), b = static_cast<std::uint32_t>(links_[i].b);
    auto pa = fill[a]++;
    arcs[pa] = {a, b};
    arc_link_[pa] = static_cast<std::uint32_t>(i);
    auto pb = fill[b]++;
    arcs[pb] = {b, a};
    arc_link_[pb] = static_cast<std::uint32_t>(i);
  }
  graph_ = Graph(boost::edges_are_sorted, arcs.begin(), arcs.end(), static_cast<std::uint32_t>(nv));
}

int SnapshotGraph::degree(int vertex) const {
  return static_cast<int>(boost::out_degree(static_cast<std::uint32_t>(vertex), graph_));
}

int SnapshotGraph::find_link(int u, int v) const {
  for (auto e : boost::make_iterator_range(boost::out_edges(static_cast<std::uint32_t>(u), graph_)))
    if (static_cast<int>(boost::target(e, graph_)) == v) return static_cast<int>(arc_link_[boost::get(boost::edge_index, graph_, e)]);
  return -1;
}

SnapshotBuilder::SnapshotBuilder(ConstellationLayout layout, std::vector<GroundStation> stations, TopologySpec spec)
    : layout_(std::move(layout)), stations_(std::move(stations)), spec_(std::move(spec)) {
  if (!spec_.isl) spec_.isl = std::make_shared<NoIsl>();
  const auto& ir = spec_.isl_rules;
  if (!(units::to_metres(ir.max_range) > 0)) throw InputError("", 0, "isl max range", "must be > 0 m");
  if (!(units::to_metres(ir.earth_radius) > 0) || !std::isfinite(units::to_metres(ir.earth_radius)))
    throw InputError("", 0, "earth radius", "must be finite and > 0 m");
  if (!std::isfinite(units::to_metres(ir.atmosphere_margin)) || units::to_metres(ir.atmosphere_margin) < 0)
    throw InputError("", 0, "atmosphere margin", "must be finite and >= 0 m");
  if (ir.max_terminals < 0) throw InputError("", 0, "max terminals", "must be >= 0 (0 = no limit)");
  const auto& gr = spec_.gsl_rules;
  const double el = units::to_deg(gr.min_elevation);
  if (gr.criterion == GslCriterion::MinElevation && !(el >= -90.0 && el <= 90.0))
    throw InputError("", 0, "gsl min elevation", "must be in [-90, 90] deg");
  if (gr.criterion == GslCriterion::MaxRange && !(units::to_metres(gr.max_range) > 0))
    throw InputError("", 0, "gsl max range", "must be > 0 m");
  if (gr.max_satellites_per_station < 0) throw InputError("", 0, "max satellites per station", "must be >= 0");

  std::set<std::string> ids;
  station_ecef_.resize(3, static_cast<Eigen::Index>(stations_.size()));
  station_up_.resize(3, static_cast<Eigen::Index>(stations_.size()));
  for (std::size_t g = 0; g < stations_.size(); ++g) {
    const auto& s = stations_[g];
    if (s.id.empty()) throw InputError("", 0, "station " + std::to_string(g), "empty id");
    if (!ids.insert(s.id).second) throw InputError("", 0, "station " + s.id, "duplicate id");
    if (s.max_satellites < 0) throw InputError("", 0, "station " + s.id, "max_satellites must be >= 0");
    if (!(s.feeder_capacity_bps >= 0) || !std::isfinite(s.feeder_capacity_bps))
      throw InputError("", 0, "station " + s.id, "feeder capacity must be finite and >= 0");
    core::Site site(core::Geodetic::degrees(s.lat_deg, s.lon_deg, s.height_m));
    station_ecef_.col(static_cast<Eigen::Index>(g)) = site.ecef();
    station_up_.col(static_cast<Eigen::Index>(g)) = site.enu_rotation().row(2).transpose();
  }
  if (spec_.isl->is_static()) {
    std::vector<SatPair> raw;
    spec_.isl->propose(layout_, Eigen::Matrix3Xd(3, layout_.satellite_count()), raw);
    static_candidates_ = normalise_unique(raw);
  }
}

void SnapshotBuilder::isl_links(const Eigen::Matrix3Xd& pos, std::vector<Link>& out) const {
  out.clear();
  std::vector<SatPair> dynamic;
  const std::vector<SatPair>* cand = &static_candidates_;
  if (!spec_.isl->is_static()) {
    std::vector<SatPair> raw;
    spec_.isl->propose(layout_, pos, raw);
    dynamic = normalise_unique(raw);
    cand = &dynamic;
  }
  const auto& ir = spec_.isl_rules;
  const double max_r = units::to_metres(ir.max_range);
  const double clear = units::to_metres(ir.earth_radius) + units::to_metres(ir.atmosphere_margin);
  const double clear2 = clear * clear;
  const int max_term = ir.max_terminals;
  std::vector<int> used(max_term > 0 ? static_cast<std::size_t>(layout_.satellite_count()) : 0, 0);
  out.reserve(cand->size());
  for (const auto& c : *cand) {
    const auto p = pos.col(c.a), q = pos.col(c.b);
    if (!p.allFinite() || !q.allFinite()) continue;
    const Eigen::Vector3d d = q - p;
    const double len = d.norm();
    if (!(len <= max_r)) continue;
    if (ir.line_of_sight) {
      // Closest point of the segment to the Earth's centre.
      const double dd = d.squaredNorm();
      double t = dd > 0 ? -p.dot(d) / dd : 0.0;
      t = std::clamp(t, 0.0, 1.0);
      if ((p + t * d).squaredNorm() < clear2) continue;
    }
    if (max_term > 0) {
      if (used[static_cast<std::size_t>(c.a)] >= max_term || used[static_cast<std::size_t>(c.b)] >= max_term) continue;
      ++used[static_cast<std::size_t>(c.a)];
      ++used[static_cast<std::size_t>(c.b)];
    }
    out.push_back({c.a, c.b, LinkKind::Isl, len});
  }
}

void SnapshotBuilder::gsl_links(const Eigen::Matrix3Xd& pos, std::vector<Link>& out) const {
  out.clear();
  const auto G = static_cast<int>(stations_.size());
  const int N = layout_.satellite_count();
  const auto& gr = spec_.gsl_rules;
  const bool by_range = gr.criterion == GslCriterion::MaxRange;
  const double max_r = units::to_metres(gr.max_range), max_r2 = max_r * max_r;
  const double sin_el = std::sin(units::to_rad(gr.min_elevation));
  std::vector<std::vector<std::pair<double, int>>> per(static_cast<std::size_t>(G));
  tbb::parallel_for(tbb::blocked_range<int>(0, G, 4), [&](const tbb::blocked_range<int>& r) {
    for (int g = r.begin(); g < r.end(); ++g) {
      auto& v = per[static_cast<std::size_t>(g)];
      const Eigen::Vector3d gs = station_ecef_.col(g), up = station_up_.col(g);
      for (int s = 0; s < N; ++s) {
        const Eigen::Vector3d d = pos.col(s) - gs;
        const double r2 = d.squaredNorm();
        if (!std::isfinite(r2)) continue;
        if (by_range) {
          if (r2 <= max_r2) v.emplace_back(std::sqrt(r2), s);
        } else {
          const double rng = std::sqrt(r2);
          if (up.dot(d) >= rng * sin_el) v.emplace_back(rng, s);
        }
      }
      std::sort(v.begin(), v.end());
      int limit = stations_[static_cast<std::size_t>(g)].max_satellites > 0 ? stations_[static_cast<std::size_t>(g)].max_satellites
                                                                           : gr.max_satellites_per_station;
      if (limit > 0 && static_cast<int>(v.size()) > limit) v.resize(static_cast<std::size_t>(limit));
    }
  });
  for (int g = 0; g < G; ++g)
    for (const auto& [rng, s] : per[static_cast<std::size_t>(g)]) out.push_back({s, N + g, LinkKind::Gsl, rng});
}

SnapshotGraph SnapshotBuilder::build(const Eigen::Matrix3Xd& pos) const {
  if (pos.cols() != layout_.satellite_count())
    throw InputError("", 0, "positions",
                     "expected " + std::to_string(layout_.satellite_count()) + " satellites, got " + std::to_string(pos.cols()));
  std::vector<Link> links, gsl;
  isl_links(pos, links);
  gsl_links(pos, gsl);
  links.insert(links.end(), gsl.begin(), gsl.end());
  return SnapshotGraph(layout_.satellite_count(), static_cast<int>(stations_.size()), std::move(links));
}

}  // namespace satcap::network
