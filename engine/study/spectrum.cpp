// Spectrum analyses of a capacity study: EPFD(down) against RR Article 22 and inter-system interference
// (engine/study/spectrum.hpp, docs/models/epfd.md).
#include "spectrum.hpp"

#include <satcap/capacity/epfd.hpp>
#include <satcap/capacity/interferers.hpp>
#include <satcap/core/error.hpp>
#include <satcap/orbit/ephemeris.hpp>

#include <toml++/toml.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <memory>
#include <numbers>
#include <sstream>

namespace satcap::study {

namespace {

std::string esc(const std::string& t) {
  std::string o;
  for (char c : t) {
    if (c == '&') o += "&amp;";
    else if (c == '<') o += "&lt;";
    else if (c == '>') o += "&gt;";
    else if (c == '"') o += "&quot;";
    else o.push_back(c);
  }
  return o;
}

std::string num(double v, int digits = 1) {
  if (!std::isfinite(v)) return v > 0 ? "inf" : (v < 0 ? "-inf" : "nan");
  char b[64];
  std::snprintf(b, sizeof b, "%.*f", digits, v);
  return b;
}

}  // namespace

SpectrumSpec parse_spectrum(const Section& s, const std::vector<std::string>& keys) {
  SpectrumSpec sp;
  sp.enabled = true;
  s.declare({}, {"epfd_systems", "epfd_frequency_ghz", "epfd_antennas_m", "epfd_duration_s", "epfd_n_hits", "epfd_nco",
                 "test_point", "sharing", "in_threshold_db"});
  auto known = [&](const std::string& k) { return std::find(keys.begin(), keys.end(), k) != keys.end(); };
  sp.epfd_systems = s.strings_or("epfd_systems", {});
  for (const auto& k : sp.epfd_systems)
    if (!known(k)) s.problem("epfd_systems", "'" + k + "' is not a constellation of this study");
  sp.epfd_frequency_ghz = s.number_in_or("epfd_frequency_ghz", 10.7, 12.75, "GHz (RR Art. 22 Table 22-1A)", sp.epfd_frequency_ghz);
  if (s.has("epfd_antennas_m")) {
    sp.epfd_antennas_m = s.numbers_in("epfd_antennas_m", 0.1, 20.0, "m", 1);
    if (sp.epfd_antennas_m.size() > 8) s.problem("epfd_antennas_m", "at most 8 reference antennas");
    for (double d : sp.epfd_antennas_m)
      if (std::abs(d - 0.6) > 1e-3 && std::abs(d - 1.2) > 1e-3 && std::abs(d - 3.0) > 1e-3 && std::abs(d - 10.0) > 1e-3)
        s.problem("epfd_antennas_m", "Table 22-1A has reference antennas of 0.6, 1.2, 3 and 10 m, not " + num(d, 3));
  }
  sp.epfd_duration_s = s.number_above_or("epfd_duration_s", 0.0, 86400.0 * 30, "s", sp.epfd_duration_s);
  sp.epfd_n_hits = static_cast<int>(s.integer_in_or("epfd_n_hits", 1, 100, sp.epfd_n_hits));
  sp.epfd_nco = static_cast<int>(s.integer_in_or("epfd_nco", 1, 64, sp.epfd_nco));
  sp.in_threshold_db = s.number_in_or("in_threshold_db", -40.0, 20.0, "dB", sp.in_threshold_db);
  for (const Section& t : s.tables("test_point")) {
    t.declare({"name", "lat_deg", "lon_deg", "gso_lon_deg"}, {});
    SpectrumTestPoint p;
    p.name = t.string("name");
    p.lat_deg = t.number_in("lat_deg", -90.0, 90.0, "deg");
    p.lon_deg = t.number_in("lon_deg", -180.0, 180.0, "deg");
    p.gso_lon_deg = t.numbers_in("gso_lon_deg", -180.0, 180.0, "deg", 1);
    // The GSO satellite must be above the earth station's horizon: |cos(lat) cos(dlon)| > R_E / R_GSO.
    for (double g : p.gso_lon_deg) {
      const double c = std::cos(p.lat_deg * std::numbers::pi / 180.0) * std::cos((g - p.lon_deg) * std::numbers::pi / 180.0);
      if (!(c > 6378.137 / 42164.17))
        t.problem("gso_lon_deg", "the GSO satellite at " + num(g, 2) + " deg is below the horizon of '" + p.name + "'");
    }
    sp.test_points.push_back(std::move(p));
  }
  if (!sp.epfd_systems.empty() && sp.test_points.empty())
    s.problem("test_point", "epfd_systems needs at least one [[spectrum.test_point]]");
  if (const toml::node* n = s.raw("sharing")) {
    const toml::array* a = n->as_array();
    if (!a) {
      s.problem("sharing", "expected an array of pairs, e.g. [[\"systemA\", \"systemB\"]]");
    } else {
      for (const toml::node& e : *a) {
        const toml::array* pair = e.as_array();
        if (!pair || pair->size() != 2 || !(*pair)[0].is_string() || !(*pair)[1].is_string()) {
          s.problem("sharing", "each entry must be a pair of constellation keys [\"A\", \"B\"]");
          continue;
        }
        const std::string x = (*pair)[0].as_string()->get(), y = (*pair)[1].as_string()->get();
        bool ok = true;
        for (const auto& k : {x, y})
          if (!known(k)) {
            s.problem("sharing", "'" + k + "' is not a constellation of this study");
            ok = false;
          }
        if (ok && x == y) {
          s.problem("sharing", "a system cannot share with itself ('" + x + "')");
          ok = false;
        }
        if (ok) sp.sharing.emplace_back(x, y);
      }
    }
  }
  return sp;
}

namespace {

capacity::EpfdPayload payload_of(const capacity::UserLinkOptions& l, int nco) {
  capacity::EpfdPayload p;
  p.eirp_density_dbw_mhz = std::min(l.eirp_density_limit_dbw_mhz, l.eirp_per_beam_dbw - 10.0 * std::log10(l.channel_bandwidth_mhz));
  p.scan_exponent = l.satellite_scan_exponent;
  p.max_scan_deg = l.satellite_max_scan_deg;
  p.min_elevation_deg = l.min_elevation_deg;
  p.gso_exclusion_deg = l.gso_exclusion_deg;
  p.sidelobe_db = l.satellite_sidelobe_floor_db;
  p.nco = nco;
  return p;
}

// A capacity run recording its active beams per step.
struct Recorded {
  capacity::CapacityResult result;
  std::vector<capacity::StepBeams> steps;
};

Recorded run_recorded(const capacity::Scenario& sc) {
  Recorded r;
  r.steps.resize(static_cast<std::size_t>(sc.time.count()));
  capacity::CapacityModel model(sc);
  capacity::RunOptions ro;
  ro.record_beams = [&r](std::int64_t step, const capacity::StepBeams& b) { r.steps[static_cast<std::size_t>(step)] = b; };
  r.result = model.run(ro);
  return r;
}

// Exceedance percentages (100 - p) of the CDF rows: 100 % down to the grid's resolution, log spaced.
std::vector<double> cdf_percents(std::int64_t steps) {
  std::vector<double> v;
  const double floor_pct = 100.0 / static_cast<double>(std::max<std::int64_t>(steps, 1));
  for (double e = 2.0; e >= std::log10(floor_pct) - 1e-12; e -= 0.05) v.push_back(100.0 - std::pow(10.0, e));
  v.push_back(100.0 - floor_pct);
  v.push_back(100.0);
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
  for (auto& x : v) x = std::max(0.0, x);
  return v;
}

double mean_gbps(const std::vector<double>& v) {
  double sum = 0;
  for (double x : v) sum += x;
  return v.empty() ? 0.0 : sum / static_cast<double>(v.size()) / 1e9;
}

// One SVG chart: EPFD CDF (exceedance, log axis) of each series against the mask.
std::string cdf_chart(const std::vector<std::pair<std::string, const capacity::EpfdAntennaResult*>>& series) {
  if (series.empty()) return "";
  const auto& limit = *series.front().second->limit;
  const double W = 640, H = 300, L = 60, R = 20, T = 15, B = 40;
  const double e_hi = 2.0, e_lo = -4.0;  // log10 of exceedance %
  double y_lo = limit.points.front().epfd_dbw_m2 - 25.0, y_hi = -150.0;
  auto X = [&](double exceed_pct) {
    const double e = std::clamp(std::log10(std::max(exceed_pct, 1e-4)), e_lo, e_hi);
    return L + (e_hi - e) / (e_hi - e_lo) * (W - L - R);
  };
  auto Y = [&](double v) { return T + (y_hi - std::clamp(v, y_lo, y_hi)) / (y_hi - y_lo) * (H - T - B); };
  std::ostringstream s;
  s << "<svg xmlns='http://www.w3.org/2000/svg' width='" << W << "' height='" << H << "' style='font:11px sans-serif'>\n";
  s << "<rect x='" << L << "' y='" << T << "' width='" << W - L - R << "' height='" << H - T - B << "' fill='none' stroke='#999'/>\n";
  for (int e = -4; e <= 2; ++e)
    s << "<text x='" << X(std::pow(10.0, e)) << "' y='" << H - B + 14 << "' text-anchor='middle'>" << num(std::pow(10.0, e), e < 0 ? -e : 0)
      << "</text>\n";
  s << "<text x='" << (L + W - R) / 2 << "' y='" << H - 6 << "' text-anchor='middle'>% of time EPFD exceeded</text>\n";
  for (double v = std::ceil(y_lo / 10) * 10; v <= y_hi; v += 10)
    s << "<text x='" << L - 4 << "' y='" << Y(v) + 4 << "' text-anchor='end'>" << num(v, 0) << "</text>\n";
  // Mask: the limit at exceedance 100 - p.
  s << "<polyline fill='none' stroke='#d00' stroke-width='2' points='";
  for (double e = e_hi; e >= e_lo; e -= 0.02) {
    const double ex = std::pow(10.0, e);
    s << X(ex) << ',' << Y(limit.at_percent(std::max(0.0, 100.0 - ex))) << ' ';
  }
  s << "'/>\n";
  const char* colours[] = {"#1f77b4", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#17becf"};
  std::size_t ci = 0;
  for (const auto& [name, a] : series) {
    std::vector<double> sorted = a->epfd_dbw_m2;
    std::sort(sorted.begin(), sorted.end());
    s << "<polyline fill='none' stroke='" << colours[ci % 6] << "' stroke-width='1.5' points='";
    for (double e = e_hi; e >= e_lo; e -= 0.02) {
      const double ex = std::pow(10.0, e);
      if (ex < 100.0 / static_cast<double>(sorted.size())) break;
      const double v = capacity::epfd_at_percent(sorted, 100.0 - ex);
      if (std::isfinite(v)) s << X(ex) << ',' << Y(v) << ' ';
    }
    s << "'/>\n<text x='" << L + 8 << "' y='" << T + 14 + 13 * static_cast<double>(ci) << "' fill='" << colours[ci % 6] << "'>"
      << esc(name) << "</text>\n";
    ++ci;
  }
  s << "<text x='" << W - R - 8 << "' y='" << T + 14 << "' fill='#d00' text-anchor='end'>" << esc(limit.table) << ", "
    << num(limit.antenna_diameter_m, 1) << " m</text>\n</svg>\n";
  return s.str();
}

}  // namespace

SpectrumOutputs run_spectrum(const SpectrumSpec& spec, const std::function<SpectrumSystem(const std::string&)>& system_of) {
  SpectrumOutputs o;
  o.epfd = Table({"system", "test_point", "lat_deg", "lon_deg", "gso_lon_deg", "antenna_m", "table", "percent", "limit_dbw_m2_40khz",
                  "epfd_dbw_m2_40khz", "margin_db", "resolved", "pass", "step_s", "steps"},
                 NumberFormat::significant(8));
  o.epfd_cdf = Table({"system", "test_point", "gso_lon_deg", "antenna_m", "percent", "epfd_dbw_m2_40khz", "limit_dbw_m2_40khz"},
                     NumberFormat::significant(8));
  o.sharing = Table({"victim", "interferer", "region", "offered_alone_gbps", "offered_shared_gbps", "offered_loss_pct",
                     "delivered_alone_gbps", "delivered_shared_gbps", "loss_pct",
                     "served_beam_steps", "in_p50_db", "in_p95_db", "in_max_db", "share_above_threshold_pct", "in_threshold_db"},
                    NumberFormat::significant(8));
  std::ostringstream h;
  h << "<h2>Spectrum sharing</h2>\n";

  // ---- EPFD(down) against RR Article 22 ----
  std::map<std::string, SpectrumSystem> systems;
  auto sys = [&](const std::string& k) -> const SpectrumSystem& {
    auto it = systems.find(k);
    if (it == systems.end()) it = systems.emplace(k, system_of(k)).first;
    return it->second;
  };
  std::vector<capacity::EpfdResult> epfd_results;
  std::vector<std::string> epfd_names;
  for (const auto& key : spec.epfd_systems) {
    const SpectrumSystem& s = sys(key);
    for (const auto& tp : spec.test_points)
      for (double g : tp.gso_lon_deg) {
        capacity::EpfdTestPoint p;
        p.name = tp.name;
        p.lat_deg = tp.lat_deg;
        p.lon_deg = tp.lon_deg;
        p.gso_lon_deg = g;
        capacity::EpfdOptions eo;
        eo.frequency_ghz = spec.epfd_frequency_ghz;
        eo.antenna_diameters_m = spec.epfd_antennas_m;
        eo.n_hits = spec.epfd_n_hits;
        eo.duration_s = spec.epfd_duration_s;
        eo.start = s.scenario.time.start();
        capacity::EpfdResult r = capacity::compute_epfd(*s.scenario.satellites, payload_of(s.scenario.link, spec.epfd_nco), p, eo);
        for (const auto& a : r.antennas) {
          for (const auto& c : a.points)
            o.epfd.add_row({key, tp.name, tp.lat_deg, tp.lon_deg, g, a.diameter_m, a.limit->table, c.percent, c.limit_dbw_m2,
                            c.epfd_dbw_m2, c.margin_db, std::string(c.resolved ? "yes" : "no"), std::string(c.pass ? "yes" : "no"),
                            r.step_s, r.steps});
          o.epfd.add_row({key, tp.name, tp.lat_deg, tp.lon_deg, g, a.diameter_m, a.limit->table, std::string("curve"),
                          a.limit->at_percent(a.worst_curve_percent), std::numeric_limits<double>::quiet_NaN(), a.worst_curve_margin_db,
                          std::string("yes"), std::string(a.worst_curve_margin_db >= 0 ? "yes" : "no"), r.step_s, r.steps});
          std::vector<double> sorted = a.epfd_dbw_m2;
          std::sort(sorted.begin(), sorted.end());
          for (double pct : cdf_percents(r.steps))
            o.epfd_cdf.add_row({key, tp.name, g, a.diameter_m, pct, capacity::epfd_at_percent(sorted, pct), a.limit->at_percent(pct)});
        }
        epfd_results.push_back(std::move(r));
        epfd_names.push_back(key);
      }
  }
  if (!epfd_results.empty()) {
    const auto& r0 = epfd_results.front();
    h << "<h3>EPFD(down) against RR Article 22 Table 22-1A</h3>\n<p>ITU-R S.1503-4 functional description with the payload's "
         "EIRP mask (docs/models/epfd.md); ITU-R S.1428-1 receive patterns; " << num(spec.epfd_frequency_ghz, 2)
      << " GHz, 40 kHz reference bandwidth; time step " << num(r0.step_s, 3) << " s (" << spec.epfd_n_hits
      << " samples per 3 dB beamwidth of the narrowest antenna), " << r0.steps << " steps (" << num(spec.epfd_duration_s, 0)
      << " s): percentiles finer than " << num(100.0 / static_cast<double>(r0.steps), 4)
      << " % of time are not resolved.</p>\n<table><tr><th>system</th><th>test point</th><th>GSO lon</th><th>antenna</th>"
         "<th>max EPFD dB(W/m&sup2;/40 kHz)</th><th>worst point margin dB</th><th>worst curve margin dB</th><th>verdict</th></tr>\n";
    for (std::size_t i = 0; i < epfd_results.size(); ++i) {
      const auto& r = epfd_results[i];
      for (const auto& a : r.antennas) {
        double worst = std::numeric_limits<double>::infinity(), mx = -std::numeric_limits<double>::infinity();
        bool unresolved_fail = false;
        for (const auto& c : a.points) {
          worst = std::min(worst, c.margin_db);
          if (!c.pass && !c.resolved) unresolved_fail = true;
        }
        for (double v : a.epfd_dbw_m2) mx = std::max(mx, v);
        h << "<tr><td>" << esc(epfd_names[i]) << "</td><td>" << esc(r.point.name) << "</td><td>" << num(r.point.gso_lon_deg, 1)
          << "</td><td>" << num(a.diameter_m, 1) << " m</td><td>" << num(mx, 1) << "</td><td>" << num(worst, 1) << "</td><td>"
          << num(a.worst_curve_margin_db, 1) << "</td><td>"
          << (a.pass ? "meets the mask" : (unresolved_fail ? "exceeds (at unresolved percentiles)" : "exceeds the mask")) << "</td></tr>\n";
      }
    }
    h << "</table>\n";
    // One chart per antenna at the first test point and GSO longitude, every system.
    for (std::size_t a = 0; a < r0.antennas.size(); ++a) {
      std::vector<std::pair<std::string, const capacity::EpfdAntennaResult*>> series;
      for (std::size_t i = 0; i < epfd_results.size(); ++i)
        if (epfd_results[i].point.name == r0.point.name && epfd_results[i].point.gso_lon_deg == r0.point.gso_lon_deg)
          series.emplace_back(epfd_names[i], &epfd_results[i].antennas[a]);
      h << "<h4>EPFD CDF at " << esc(r0.point.name) << " (GSO " << num(r0.point.gso_lon_deg, 1) << " deg), " << num(r0.antennas[a].diameter_m, 1)
        << " m antenna</h4>\n" << cdf_chart(series);
    }
  }

  // ---- Inter-system interference ----
  if (!spec.sharing.empty()) {
    h << "<h3>Mutual interference in the shared band</h3>\n<p>Each system's delivered throughput alone and with the other's "
         "co-frequency beams (both patterns; docs/models/epfd.md). Offered: the capacity of the beams on the region's cells, "
         "before feeder limits (the direct effect of interference); delivered: after the feeder network, which may move a "
         "gateway-limited system's traffic between regions; I/N at the served terminals of the victim (active beam-steps) "
         "against I/N = " << num(spec.in_threshold_db, 1) << " dB (&Delta;T/T = " << num(100.0 * std::pow(10.0, 0.1 * spec.in_threshold_db), 1)
      << " %).</p>\n<table><tr><th>victim</th><th>interferer</th><th>region</th><th>alone Gbit/s</th><th>shared Gbit/s</th>"
         "<th>loss</th><th>I/N p50 dB</th><th>I/N p95 dB</th><th>served beam-steps above criterion</th></tr>\n";
    std::map<std::string, std::shared_ptr<const Recorded>> alone;
    auto alone_of = [&](const std::string& k) {
      auto it = alone.find(k);
      if (it == alone.end()) it = alone.emplace(k, std::make_shared<Recorded>(run_recorded(sys(k).scenario))).first;
      return it->second;
    };
    for (const auto& [ka, kb] : spec.sharing) {
      for (int dir = 0; dir < 2; ++dir) {
        const std::string& victim = dir == 0 ? ka : kb;
        const std::string& other = dir == 0 ? kb : ka;
        const SpectrumSystem& vs = sys(victim);
        const SpectrumSystem& other_sys = sys(other);
        if (vs.scenario.time.count() != other_sys.scenario.time.count() || vs.scenario.time.step_seconds() != other_sys.scenario.time.step_seconds())
          throw Error("spectrum sharing: '" + victim + "' and '" + other + "' do not share the study's time grid");
        const auto va = alone_of(victim);
        const auto other_alone = alone_of(other);
        auto trace = std::make_shared<capacity::BeamTrace>(capacity::make_trace_header(other_sys.scenario.link));
        trace->steps = other_alone->steps;
        capacity::Scenario sc = vs.scenario;
        sc.external_interferers = trace;
        const Recorded shared = run_recorded(sc);
        // I/N per region over the served beams of the shared run.
        const auto& regions = sc.regions;
        std::vector<std::vector<std::int32_t>> cell_regions(static_cast<std::size_t>(sc.demand_bps.size()));
        for (std::size_t r = 0; r < regions.size(); ++r)
          for (std::int32_t c : regions[r].cells) cell_regions[static_cast<std::size_t>(c)].push_back(static_cast<std::int32_t>(r));
        std::vector<std::vector<double>> in_db(regions.size());
        for (const auto& st : shared.steps)
          for (std::size_t q = 0; q < st.size(); ++q)
            for (std::int32_t r : cell_regions[static_cast<std::size_t>(st.cell[q])])
              in_db[static_cast<std::size_t>(r)].push_back(st.ext_i_over_n[q] > 0 ? 10.0 * std::log10(st.ext_i_over_n[q])
                                                                                     : -std::numeric_limits<double>::infinity());
        for (std::size_t r = 0; r < regions.size(); ++r) {
          const double a = va->result.regions[r].delivered_mean_bps / 1e9, s = shared.result.regions[r].delivered_mean_bps / 1e9;
          const auto& v = in_db[r];
          std::int64_t above = 0;
          for (double x : v) above += x > spec.in_threshold_db ? 1 : 0;
          const double nan = std::numeric_limits<double>::quiet_NaN();
          const double p50 = v.empty() ? nan : capacity::percentile(v, 50), p95 = v.empty() ? nan : capacity::percentile(v, 95);
          const double mx = v.empty() ? nan : *std::max_element(v.begin(), v.end());
          const double share = v.empty() ? nan : 100.0 * static_cast<double>(above) / static_cast<double>(v.size());
          const double loss = a > 0 ? 100.0 * (a - s) / a : 0.0;
          const double oa = mean_gbps(va->result.regions[r].offered_bps), os = mean_gbps(shared.result.regions[r].offered_bps);
          o.sharing.add_row({victim, other, regions[r].name, oa, os, oa > 0 ? 100.0 * (oa - os) / oa : 0.0, a, s, loss, static_cast<std::int64_t>(v.size()), p50, p95, mx, share,
                             spec.in_threshold_db});
          h << "<tr><td>" << esc(victim) << "</td><td>" << esc(other) << "</td><td>" << esc(regions[r].name) << "</td><td>"
            << num(oa) << "</td><td>" << num(os) << "</td><td>" << num(oa > 0 ? 100.0 * (oa - os) / oa : 0.0, 2) << " %</td><td>" << num(a)
            << "</td><td>" << num(s) << "</td><td>" << num(loss, 2) << " %</td><td>" << num(p50) << "</td><td>" << num(p95) << "</td><td>"
            << num(share) << " %</td></tr>\n";
        }
        // The whole system.
        const double a = va->result.mean_delivered_bps / 1e9, s = shared.result.mean_delivered_bps / 1e9;
        const double oa = va->result.mean_offered_bps / 1e9, os = shared.result.mean_offered_bps / 1e9;
        o.sharing.add_row({victim, other, std::string("(system)"), oa, os, oa > 0 ? 100.0 * (oa - os) / oa : 0.0, a, s, a > 0 ? 100.0 * (a - s) / a : 0.0, std::int64_t{0},
                           std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::quiet_NaN(),
                           std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::quiet_NaN(), spec.in_threshold_db});
        h << "<tr><td>" << esc(victim) << "</td><td>" << esc(other) << "</td><td><b>whole system</b></td><td>" << num(oa) << "</td><td>"
          << num(os) << "</td><td>" << num(oa > 0 ? 100.0 * (oa - os) / oa : 0.0, 2) << " %</td><td>" << num(a) << "</td><td>"
          << num(s) << "</td><td>" << num(a > 0 ? 100.0 * (a - s) / a : 0.0, 2) << " %</td><td></td><td></td><td></td></tr>\n";
      }
    }
    h << "</table>\n";
  }
  o.html = h.str();
  return o;
}

std::string with_spectrum_section(std::string html, const std::string& section) {
  if (section.empty()) return html;
  const auto at = html.rfind("</body>");
  if (at == std::string::npos) return html + section;
  html.insert(at, section);
  return html;
}

}  // namespace satcap::study
