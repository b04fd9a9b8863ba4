// Routing job: per-step ISL + GSL graphs and shortest paths between ground stations, set up exactly as
// `satcap route` (same options, same ephemeris stream, same SnapshotBuilder and Router), returned as
// arrays: RTT (ms) and hops per (pair, step), the path labels, and optionally each step's graph as edge
// arrays (a, b, kind, length_m).
#include <satcap/core/error.hpp>
#include <satcap/core/files.hpp>
#include <satcap/network/ground_stations.hpp>
#include <satcap/network/orbit_layout.hpp>
#include <satcap/network/route_setup.hpp>
#include <satcap/network/router.hpp>
#include <satcap/network/snapshot.hpp>
#include <satcap/orbit/ephemeris.hpp>
#include <satcap/orbit/walker.hpp>

#include <cmath>
#include <map>
#include <set>
#include <sstream>
#include <unordered_map>

#include "common.hpp"

namespace satcap::python {
namespace {


struct RouteArgs {
  std::string tle, omm, constellation, stations, start, isl;
  double step = 0;
  long long steps = 0;
  double isl_max_range_km = NAN, gsl_min_elevation_deg = NAN, gsl_max_range_km = NAN;
  bool ground_relays = false, verify_checksum = true, graphs = false;
  std::vector<std::pair<std::string, std::string>> pairs;  // empty: all pairs
  int threads = 0;
};

py::dict route(const RouteArgs& a) {
  const int sources = !a.tle.empty() + !a.omm.empty() + !a.constellation.empty();
  if (sources != 1) throw InputError("", 0, "tle/omm/constellation", "give exactly one of tle, omm, constellation");
  if (!(a.step > 0.0) || !std::isfinite(a.step)) throw InputError("", 0, "step_s", "must be > 0 seconds");
  if (a.steps < 1) throw InputError("", 0, "steps", "must be >= 1");
  core::Epoch start;
  try {
    start = core::Epoch::parse_iso8601(a.start);
  } catch (const InputError& e) {
    throw InputError("", 0, "start", e.detail());
  }
  const network::TopologySpec spec = network::route_topology(
      {a.isl, a.isl_max_range_km, a.gsl_min_elevation_deg, a.gsl_max_range_km, a.ground_relays},
      {"isl", "isl_max_range_km", "gsl_min_elevation_deg", "gsl_max_range_km"});
  const network::IslKind isl_kind = network::isl_kind_from_string(a.isl);  // valid: checked above

  const auto stations = network::read_ground_stations_csv(a.stations);
  std::vector<std::pair<int, int>> pairs;
  if (a.pairs.empty()) {
    for (int i = 0; i < static_cast<int>(stations.size()); ++i)
      for (int j = i + 1; j < static_cast<int>(stations.size()); ++j) pairs.emplace_back(i, j);
    if (pairs.empty()) throw InputError(a.stations, 0, "", "all pairs needs at least two ground stations");
  } else {
    std::map<std::string, int> index;
    for (std::size_t i = 0; i < stations.size(); ++i) index[stations[i].id] = static_cast<int>(i);
    for (const auto& [s, d] : a.pairs) {
      auto is = index.find(s), id = index.find(d);
      if (is == index.end() || id == index.end())
        throw InputError("", 0, "pairs", "'" + (is == index.end() ? s : d) + "' is not a ground-station id of " + a.stations);
      if (is->second == id->second) throw InputError("", 0, "pairs", "'" + s + "-" + d + "' has the same station twice");
      pairs.emplace_back(is->second, id->second);
    }
  }

  orbit::EphemerisOptions opt;
  opt.frame = orbit::Frame::Ecef;
  orbit::ReadOptions ro;
  ro.verify_checksum = a.verify_checksum;
  std::unique_ptr<orbit::BatchPropagator> bp;
  network::ConstellationLayout layout;
  if (!a.constellation.empty()) {
    const auto c = orbit::Constellation::load_toml(a.constellation);
    if (!c.epoch()) opt.walker_epoch = start;
    layout = network::layout_of(c);
    bp = std::make_unique<orbit::BatchPropagator>(c, opt);
  } else {
    const std::string source = a.tle.empty() ? a.omm : a.tle;
    std::vector<orbit::MeanElements> fleet;
    std::pair<int, int> ps{0, 0};
    if (!a.tle.empty()) {
      std::string text = core::read_file(a.tle);
      ps = network::take_plane_header(text);
      fleet = orbit::parse_tle_text(text, a.tle, ro);
    } else {
      fleet = orbit::read_omm_json(a.omm, ro);
    }
    if (fleet.empty()) throw InputError(source, 0, "", "no satellites in the file");
    std::unordered_map<int, std::size_t> first_line;
    for (const auto& e : fleet) {
      const auto [it, inserted] = first_line.emplace(e.norad_id, e.source_line);
      if (!inserted)
        throw InputError(source, e.source_line, "catalog_number",
                         "duplicate satellite " + std::to_string(e.norad_id) + " (first at line " + std::to_string(it->second) + ")");
    }
    if (ps.first > 0) {
      if (static_cast<std::size_t>(ps.first) * static_cast<std::size_t>(ps.second) != fleet.size())
        throw InputError(source, 1, "header", std::to_string(ps.first) + " x " + std::to_string(ps.second) +
                                                  " planes x slots but " + std::to_string(fleet.size()) + " element sets");
      layout = network::ConstellationLayout::single_shell(ps.first, ps.second);
    } else {
      if (isl_kind == network::IslKind::PlusGrid)
        throw InputError(source, 0, "isl", "plus-grid needs the plane/slot structure: a constellation, a TLE file whose first "
                                           "line is 'PLANES SATS_PER_PLANE', or isl='none'");
      layout = network::ConstellationLayout::unstructured(static_cast<int>(fleet.size()));
    }
    bp = std::make_unique<orbit::BatchPropagator>(fleet, opt);
  }

  const network::SnapshotBuilder builder(layout, stations, spec);
  const network::Router router(std::make_shared<network::LatencyPolicy>(), spec.ground_relays);
  std::set<int> root_set;
  for (const auto& [s, d] : pairs) {
    root_set.insert(s);
    root_set.insert(d);
  }
  const std::vector<int> roots(root_set.begin(), root_set.end());
  const core::TimeGrid grid(start, a.step, a.steps);
  const auto P = pairs.size(), T = static_cast<std::size_t>(a.steps);
  std::vector<double> rtt_ms(P * T, NAN), times(T);
  std::vector<std::int32_t> hops(P * T, -1);
  std::vector<std::string> paths(P * T);
  struct Edges {
    std::vector<std::int32_t> a, b;
    std::vector<std::uint8_t> kind;
    std::vector<double> length_m;
  };
  std::vector<Edges> graphs;
  {
    ThreadLimit limit(a.threads);
    py::gil_scoped_release nogil;
    std::int64_t step_index = 0;
    bp->for_each_block(grid, [&](const orbit::Ephemeris& block) {
      for (std::int64_t k = 0; k < block.step_count(); ++k, ++step_index) {
        const auto t = static_cast<std::size_t>(step_index);
        times[t] = grid.offset_seconds(step_index);
        const auto graph = builder.build(block.positions(k));
        const auto sp = router.solve(graph, roots);
        for (std::size_t p = 0; p < P; ++p) {
          const auto [s, d] = pairs[p];
          const auto r = sp.route(s, d);
          const double rtt = sp.rtt_s(s, d);
          if (r.reachable && std::isfinite(rtt)) rtt_ms[p * T + t] = rtt * 1e3;
          if (r.reachable) {
            hops[p * T + t] = r.hops;
            paths[p * T + t] = network::path_label(graph, stations, r.path);
          }
        }
        if (a.graphs) {
          Edges e;
          for (const auto& l : graph.links()) {
            e.a.push_back(l.a);
            e.b.push_back(l.b);
            e.kind.push_back(static_cast<std::uint8_t>(l.kind));
            e.length_m.push_back(l.length_m);
          }
          graphs.push_back(std::move(e));
        }
      }
    });
  }
  py::dict out;
  const auto Pn = static_cast<py::ssize_t>(P), Tn = static_cast<py::ssize_t>(T);
  out["times_s"] = from_vector(std::move(times), {Tn});
  out["rtt_ms"] = from_vector(std::move(rtt_ms), {Pn, Tn});
  out["hops"] = from_vector(std::move(hops), {Pn, Tn});
  py::list path_rows;
  for (std::size_t p = 0; p < P; ++p) {
    py::list row;
    for (std::size_t t = 0; t < T; ++t) row.append(paths[p * T + t]);
    path_rows.append(row);
  }
  out["paths"] = path_rows;
  py::list pair_ids;
  for (const auto& [s, d] : pairs)
    pair_ids.append(py::make_tuple(stations[static_cast<std::size_t>(s)].id, stations[static_cast<std::size_t>(d)].id));
  out["pairs"] = pair_ids;
  py::list station_ids;
  for (const auto& s : stations) station_ids.append(s.id);
  out["stations"] = station_ids;
  out["satellites"] = bp->satellite_count();
  py::list g;
  for (auto& e : graphs) {
    py::dict d;
    const auto n = static_cast<py::ssize_t>(e.a.size());
    d["a"] = from_vector(std::move(e.a), {n});
    d["b"] = from_vector(std::move(e.b), {n});
    d["kind"] = from_vector(std::move(e.kind), {n});
    d["length_m"] = from_vector(std::move(e.length_m), {n});
    g.append(d);
  }
  out["graphs"] = g;
  return out;
}

}  // namespace

void init_route(py::module_& m) {
  m.def("_route", [](const std::string& tle, const std::string& omm, const std::string& constellation,
                     const std::string& stations, const std::string& start, double step, long long steps,
                     const std::vector<std::pair<std::string, std::string>>& pairs, const std::string& isl,
                     double isl_max_range_km, double gsl_min_elevation_deg, double gsl_max_range_km, bool ground_relays,
                     bool verify_checksum, bool graphs, int threads) {
    RouteArgs a;
    a.tle = tle;
    a.omm = omm;
    a.constellation = constellation;
    a.stations = stations;
    a.start = start;
    a.step = step;
    a.steps = steps;
    a.pairs = pairs;
    a.isl = isl;
    a.isl_max_range_km = isl_max_range_km;
    a.gsl_min_elevation_deg = gsl_min_elevation_deg;
    a.gsl_max_range_km = gsl_max_range_km;
    a.ground_relays = ground_relays;
    a.verify_checksum = verify_checksum;
    a.graphs = graphs;
    a.threads = threads;
    return route(a);
  });
}

}  // namespace satcap::python
