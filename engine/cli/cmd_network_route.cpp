// `satcap route`: per-step routing graph (ISLs + GSLs), shortest paths by latency between ground
// stations, RTT and path per time step as CSV, and a per-pair churn / RTT summary.
#include <satcap/core/error.hpp>
#include <satcap/core/files.hpp>
#include <satcap/core/time.hpp>
#include <satcap/network/ground_stations.hpp>
#include <satcap/network/orbit_layout.hpp>
#include <satcap/network/route_setup.hpp>
#include <satcap/network/router.hpp>
#include <satcap/network/snapshot.hpp>
#include <satcap/orbit/elements.hpp>
#include <satcap/orbit/ephemeris.hpp>
#include <satcap/orbit/walker.hpp>

#include <cmath>
#include <cstdio>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

#include "command.hpp"

namespace satcap::cli {
namespace {

struct RouteArgs {
  std::string tle, omm, constellation, stations, start, isl = "plus-grid", pairs, out;
  double step = 0.0;
  long long steps = 0;
  double isl_max_range_km = NAN;
  double gsl_min_elevation_deg = NAN;
  double gsl_max_range_km = NAN;
  bool ground_relays = false, all_pairs = false, summary = false, no_checksum = false;
  int threads = 0;
};


std::vector<std::pair<int, int>> parse_pairs(const std::string& spec, const std::vector<network::GroundStation>& st) {
  std::map<std::string, int> index;
  for (std::size_t i = 0; i < st.size(); ++i) index[st[i].id] = static_cast<int>(i);
  std::vector<std::pair<int, int>> out;
  std::vector<std::string> items;
  core::split_csv_line(spec, items);
  for (const auto& raw : items) {
    const std::string item = raw;
    std::vector<std::pair<int, int>> found;
    for (std::size_t d = item.find('-'); d != std::string::npos; d = item.find('-', d + 1)) {
      auto a = index.find(item.substr(0, d)), b = index.find(item.substr(d + 1));
      if (a != index.end() && b != index.end()) found.emplace_back(a->second, b->second);
    }
    if (found.size() != 1)
      throw InputError("", 0, "--pairs",
                       "'" + item + "' is not SRC-DST with two ground-station ids from the file" +
                           (found.size() > 1 ? " (ambiguous)" : ""));
    if (found[0].first == found[0].second) throw InputError("", 0, "--pairs", "'" + item + "' has the same station twice");
    out.push_back(found[0]);
  }
  if (out.empty()) throw InputError("", 0, "--pairs", "no pairs given");
  return out;
}

void append_fixed(std::string& s, double v, int decimals) {
  char buf[64];
  const int n = std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  s.append(buf, static_cast<std::size_t>(n));
}

void run(const RouteArgs& a) {
  apply_thread_limit(a.threads);
  const int sources = !a.tle.empty() + !a.omm.empty() + !a.constellation.empty();
  if (sources != 1) throw InputError("", 0, "--tle/--omm/--constellation", "give exactly one of --tle, --omm, --constellation");
  if (!(a.step > 0.0) || !std::isfinite(a.step)) throw InputError("", 0, "--step", "must be > 0 seconds");
  if (a.steps < 1) throw InputError("", 0, "--steps", "must be >= 1");
  if (a.all_pairs == !a.pairs.empty()) throw InputError("", 0, "--pairs/--all-pairs", "give exactly one of --pairs or --all-pairs");
  core::Epoch start;
  try {
    start = core::Epoch::parse_iso8601(a.start);
  } catch (const InputError& e) {
    throw InputError("", 0, "--start", e.detail());
  }

  const network::TopologySpec spec = network::route_topology(
      {a.isl, a.isl_max_range_km, a.gsl_min_elevation_deg, a.gsl_max_range_km, a.ground_relays},
      {"--isl", "--isl-max-range-km", "--gsl-min-elevation-deg", "--gsl-max-range-km"});
  const network::IslKind isl_kind = network::isl_kind_from_string(a.isl);  // valid: checked above

  const auto stations = network::read_ground_stations_csv(a.stations);
  std::vector<std::pair<int, int>> pairs;
  if (a.all_pairs) {
    for (int i = 0; i < static_cast<int>(stations.size()); ++i)
      for (int j = i + 1; j < static_cast<int>(stations.size()); ++j) pairs.emplace_back(i, j);
    if (pairs.empty()) throw InputError(a.stations, 0, "", "--all-pairs needs at least two ground stations");
  } else {
    pairs = parse_pairs(a.pairs, stations);
  }

  // Satellites and their plane/slot layout.
  orbit::EphemerisOptions opt;
  opt.frame = orbit::Frame::Ecef;
  orbit::ReadOptions ro;
  ro.verify_checksum = !a.no_checksum;
  std::unique_ptr<orbit::BatchPropagator> bp;
  network::ConstellationLayout layout;
  std::string source;
  if (!a.constellation.empty()) {
    source = a.constellation;
    const auto c = orbit::Constellation::load_toml(a.constellation);
    if (!c.epoch()) opt.walker_epoch = start;
    layout = network::layout_of(c);
    bp = std::make_unique<orbit::BatchPropagator>(c, opt);
  } else {
    source = a.tle.empty() ? a.omm : a.tle;
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
    // A satellite listed twice would become two graph nodes at the same place: reject it.
    {
      std::unordered_map<int, std::size_t> first_line;
      for (const auto& e : fleet) {
        const auto [it, inserted] = first_line.emplace(e.norad_id, e.source_line);
        if (!inserted)
          throw InputError(source, e.source_line, "catalog_number",
                           "duplicate satellite " + std::to_string(e.norad_id) + " (first at line " +
                               std::to_string(it->second) + ")");
      }
    }
    if (ps.first > 0) {
      if (static_cast<std::size_t>(ps.first) * static_cast<std::size_t>(ps.second) != fleet.size())
        throw InputError(source, 1, "header", std::to_string(ps.first) + " x " + std::to_string(ps.second) +
                                                  " planes x slots but " + std::to_string(fleet.size()) + " element sets");
      layout = network::ConstellationLayout::single_shell(ps.first, ps.second);
    } else {
      if (isl_kind == network::IslKind::PlusGrid)
        throw InputError(source, 0, "--isl",
                         "plus-grid needs the plane/slot structure: use --constellation, a TLE file whose first line is "
                         "'PLANES SATS_PER_PLANE' (Hypatia's format, satellites ordered plane by plane), or --isl none");
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
  std::vector<network::PairSeries> series(pairs.size());

  const core::TimeGrid grid(start, a.step, a.steps);
  core::AtomicFile out(a.out);
  std::ostream& os = out.stream();
  os << "time_s,src,dst,rtt_ms,hops,path\n";
  std::string line;
  std::int64_t step_index = 0;
  bp->for_each_block(grid, [&](const orbit::Ephemeris& block) {
    for (std::int64_t k = 0; k < block.step_count(); ++k, ++step_index) {
      const double t = grid.offset_seconds(step_index);
      const auto graph = builder.build(block.positions(k));
      const auto sp = router.solve(graph, roots);
      for (std::size_t p = 0; p < pairs.size(); ++p) {
        const auto [s, d] = pairs[p];
        const auto r = sp.route(s, d);
        const double rtt = sp.rtt_s(s, d);
        series[p].observe(t, r, rtt);
        line.clear();
        append_fixed(line, t, 3);
        line += ',';
        line += core::csv_escape(stations[static_cast<std::size_t>(s)].id);
        line += ',';
        line += core::csv_escape(stations[static_cast<std::size_t>(d)].id);
        line += ',';
        if (r.reachable && std::isfinite(rtt)) append_fixed(line, rtt * 1e3, 6);
        line += ',';
        if (r.reachable) line += std::to_string(r.hops);
        line += ',';
        if (r.reachable) line += network::path_label(graph, stations, r.path);
        line += '\n';
        os << line;
      }
    }
  });
  out.commit();
  std::printf("wrote %zu pairs x %lld steps (%zu satellites, %zu ground stations, isl %s, gsl %s) to %s\n", pairs.size(),
              a.steps, bp->satellite_count(), stations.size(), a.isl.c_str(),
              spec.gsl_rules.criterion == network::GslCriterion::MaxRange ? "max-range" : "min-elevation", a.out.c_str());
  if (a.summary) {
    std::printf("%-12s %-12s %12s %12s %12s %12s %12s\n", "src", "dst", "path_changes", "min_rtt_ms", "mean_rtt_ms",
                "max_rtt_ms", "unreachable");
    for (std::size_t p = 0; p < pairs.size(); ++p) {
      const auto& s = series[p];
      std::printf("%-12s %-12s %12d %12.3f %12.3f %12.3f %12d\n", stations[static_cast<std::size_t>(pairs[p].first)].id.c_str(),
                  stations[static_cast<std::size_t>(pairs[p].second)].id.c_str(), s.path_changes(), s.min_rtt_s() * 1e3,
                  s.mean_rtt_s() * 1e3, s.max_rtt_s() * 1e3, s.unreachable_steps());
    }
  }
}

Registrar reg("route", [](CLI::App& app) {
  auto a = std::make_shared<RouteArgs>();
  auto* sub = app.add_subcommand("route", "Shortest paths, RTT and path churn between ground stations over ISLs and GSLs");
  sub->add_option("--tle", a->tle, "TLE file; a first line 'PLANES SATS_PER_PLANE' (Hypatia) gives the +Grid structure");
  sub->add_option("--omm", a->omm, "CelesTrak GP / OMM JSON file (no plane structure: use --isl none)");
  sub->add_option("--constellation", a->constellation, "Walker constellation TOML (datasets/constellations)");
  sub->add_option("--ground-stations", a->stations, "CSV id,name,lat_deg,lon_deg,height_m")->required();
  sub->add_option("--start", a->start, "Start time, ISO 8601 UTC")->required();
  sub->add_option("--step", a->step, "Step in seconds")->required();
  sub->add_option("--steps", a->steps, "Number of time steps")->required();
  sub->add_option("--isl", a->isl, "plus-grid | none (default plus-grid)");
  sub->add_option("--isl-max-range-km", a->isl_max_range_km, "Longest ISL (km; default: no limit beyond line of sight + 80 km)");
  sub->add_option("--gsl-min-elevation-deg", a->gsl_min_elevation_deg, "GSL elevation mask (deg; default 25)");
  sub->add_option("--gsl-max-range-km", a->gsl_max_range_km, "GSL rule by slant range instead of elevation (km)");
  sub->add_flag("--ground-relays", a->ground_relays, "Let paths bounce through ground stations");
  sub->add_option("--pairs", a->pairs, "Station pairs SRC-DST,SRC-DST,... (station ids)");
  sub->add_flag("--all-pairs", a->all_pairs, "All station pairs (src before dst in file order)");
  sub->add_option("--out", a->out, "Output CSV time_s,src,dst,rtt_ms,hops,path (written atomically)")->required();
  sub->add_flag("--summary", a->summary, "Print per pair: path changes and min/mean/max RTT");
  sub->add_flag("--no-checksum", a->no_checksum, "Accept TLE lines with wrong checksums");
  sub->add_option("--threads", a->threads, "Worker threads (0 = all cores)");
  sub->callback([a] { run(*a); });
});

}  // namespace
}  // namespace satcap::cli
