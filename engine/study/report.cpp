// The study report (docs/report.md): report.html and figures/*.svg from the study's output files.
#include "report.hpp"

#include <satcap/capacity/model.hpp>
#include <satcap/core/error.hpp>
#include <satcap/core/files.hpp>
#include <satcap/ground/grid.hpp>
#include <satcap/ground/regions.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <limits>
#include <numbers>
#include <set>
#include <sstream>

namespace satcap::study {

namespace {

using Json = nlohmann::json;

// ------------------------------------------------------------------------------------------------
// Formatting.

std::string num(double v, int decimals = 1) {
  char b[64];
  std::snprintf(b, sizeof b, "%.*f", decimals, v);
  std::string s = b;
  if (s == "-0" || s.rfind("-0.", 0) == 0) {
    bool zero = true;
    for (char c : s.substr(1))
      if (c != '0' && c != '.') zero = false;
    if (zero) s.erase(0, 1);
  }
  return s;
}

std::string sig(double v, int digits = 3) {
  char b[64];
  std::snprintf(b, sizeof b, "%.*g", digits, v);
  return b;
}

// Value with a sensible number of digits for axis and legend labels.
std::string label(double v) {
  if (v == 0) return "0";
  const double a = std::abs(v);
  if (a >= 1e4 || a < 1e-3) return sig(v, 2);
  if (a >= 100) return num(v, 0);
  if (a >= 1) return sig(v, 3);
  return sig(v, 2);
}

std::string file_safe(const std::string& s) {
  std::string o;
  for (char c : s) o.push_back(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' ? c : '_');
  return o;
}

// ------------------------------------------------------------------------------------------------
// Colours. Viridis (matplotlib, van der Walt & Smith 2015; perceptually uniform, monotonic in
// lightness, so readable in greyscale and by readers with the common colour-vision deficiencies):
// ten control points at t = 0, 1/9, ..., 1, linearly interpolated in sRGB.
constexpr std::array<std::array<int, 3>, 10> kViridis = {{{0x44, 0x01, 0x54},
                                                          {0x48, 0x28, 0x78},
                                                          {0x3e, 0x49, 0x89},
                                                          {0x31, 0x68, 0x8e},
                                                          {0x26, 0x82, 0x8e},
                                                          {0x1f, 0x9e, 0x89},
                                                          {0x35, 0xb7, 0x79},
                                                          {0x6e, 0xce, 0x58},
                                                          {0xb5, 0xde, 0x2b},
                                                          {0xfd, 0xe7, 0x25}}};

std::string viridis(double t) {
  t = std::clamp(t, 0.0, 1.0) * 9.0;
  const auto i = std::min<std::size_t>(8, static_cast<std::size_t>(t));
  const double f = t - static_cast<double>(i);
  char b[8];
  int rgb[3];
  for (int k = 0; k < 3; ++k)
    rgb[k] = static_cast<int>(std::lround(kViridis[i][static_cast<std::size_t>(k)] * (1 - f) + kViridis[i + 1][static_cast<std::size_t>(k)] * f));
  std::snprintf(b, sizeof b, "#%02x%02x%02x", rgb[0], rgb[1], rgb[2]);
  return b;
}

// Series colours: Okabe & Ito (2008) colour-blind-safe set, then Tol's muted colours; charts also
// vary the dash pattern so that series stay apart in greyscale.
const char* kSeries[] = {"#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442",
                         "#882255", "#44AA99", "#999933", "#AA4499"};
const char* kDash[] = {"", "6 3", "2 2", "8 3 2 3"};
std::string series_colour(std::size_t i) { return kSeries[i % 12]; }
std::string series_dash(std::size_t i) {
  const char* d = kDash[(i / 3) % 4];
  return *d ? std::string(" stroke-dasharray='") + d + "'" : std::string();
}

const char* kNoneColour = "#f4f4f4";   // cells with data whose value is zero
const char* kOceanColour = "#dfe6ec";  // the map's background (sphere)

// ------------------------------------------------------------------------------------------------
// Equal Earth projection (Šavrič, Patterson & Jenny 2019, "The Equal Earth map projection",
// Int. J. Geographical Information Science 33(3):454-465, eq. 1-2), unit sphere:
//   sin(theta) = sqrt(3)/2 sin(phi)
//   x = 2 sqrt(3) lambda cos(theta) / (3 (9 A4 theta^8 + 7 A3 theta^6 + 3 A2 theta^2 + A1))
//   y = A4 theta^9 + A3 theta^7 + A2 theta^3 + A1 theta
// with A1 = 1.340264, A2 = -0.081106, A3 = 0.000893, A4 = 0.003796. Equal-area; parallels are
// straight lines, so a grid cell (two parallels, two meridians) is drawn as a trapezoid.
constexpr double kA1 = 1.340264, kA2 = -0.081106, kA3 = 0.000893, kA4 = 0.003796;

// The map frame: projected unit coordinates -> SVG pixels.
struct Frame {
  double width = 720, left = 10, top = 40;
  double xmax = equal_earth(180, 0)[0], ymax = equal_earth(0, 90)[1];
  double scale() const { return (width - 2 * left) / (2 * xmax); }
  double map_height() const { return 2 * ymax * scale(); }
  std::array<double, 2> px(double lon, double lat) const {
    const auto p = equal_earth(lon, lat);
    return {width / 2 + p[0] * scale(), top + map_height() / 2 - p[1] * scale()};
  }
};

// Outline of the sphere (the meridians +-180).
std::string sphere_path(const Frame& f) {
  std::ostringstream s;
  s << 'M';
  for (int lat = -90; lat <= 90; lat += 5) {
    const auto p = f.px(-180, lat);
    s << num(p[0]) << ' ' << num(p[1]) << (lat < 90 ? "L" : "");
  }
  for (int lat = 90; lat >= -90; lat -= 5) {
    const auto p = f.px(180, lat);
    s << 'L' << num(p[0]) << ' ' << num(p[1]);
  }
  s << 'Z';
  return s.str();
}

// Douglas & Peucker (1973) line simplification, tolerance in degrees (lon/lat plane).
void douglas_peucker(const std::vector<std::array<double, 2>>& p, std::size_t a, std::size_t b, double tol, std::vector<bool>& keep) {
  if (b <= a + 1) return;
  const double dx = p[b][0] - p[a][0], dy = p[b][1] - p[a][1];
  const double len = std::hypot(dx, dy);
  double worst = -1;
  std::size_t at = a;
  for (std::size_t i = a + 1; i < b; ++i) {
    const double d = len > 0 ? std::abs(dx * (p[a][1] - p[i][1]) - dy * (p[a][0] - p[i][0])) / len
                             : std::hypot(p[i][0] - p[a][0], p[i][1] - p[a][1]);
    if (d > worst) {
      worst = d;
      at = i;
    }
  }
  if (worst > tol) {
    keep[at] = true;
    douglas_peucker(p, a, at, tol, keep);
    douglas_peucker(p, at, b, tol, keep);
  }
}

// Country borders of the atlas as one SVG path (simplified; rings smaller than ~0.5 deg dropped;
// lines broken where they cross the antimeridian; pole-closure edges skipped).
std::string borders_path(const ground::CountryAtlas* atlas, const Frame& f) {
  if (!atlas) return {};
  std::ostringstream s;
  constexpr double kTolerance = 0.2, kMinExtent = 0.5;
  for (const auto& country : atlas->countries()) {
    for (std::size_t r = 0; r < country.shape.ring_count(); ++r) {
      const auto b = country.shape.ring_bounds(r);
      if (b.east_deg - b.west_deg < kMinExtent && b.north_deg - b.south_deg < kMinExtent) continue;
      const auto ring = country.shape.ring_vertices(r);
      if (ring.size() < 4) continue;
      std::vector<bool> keep(ring.size(), false);
      keep.front() = keep.back() = true;
      douglas_peucker(ring, 0, ring.size() - 1, kTolerance, keep);
      bool pen = false;
      double prev_lon = 0, prev_lat = 0;
      for (std::size_t i = 0; i < ring.size(); ++i) {
        if (!keep[i]) continue;
        double lon = std::remainder(ring[i][0], 360.0);
        if (lon >= 180.0) lon -= 360.0;
        const double lat = ring[i][1];
        const bool pole_edge = pen && std::abs(lat) > 89.99 && std::abs(prev_lat) > 89.99;
        const bool wraps = pen && std::abs(lon - prev_lon) > 180.0;
        const auto p = f.px(lon, lat);
        s << ((!pen || wraps || pole_edge) ? 'M' : 'L') << num(p[0]) << ' ' << num(p[1]);
        pen = true;
        prev_lon = lon;
        prev_lat = lat;
      }
    }
  }
  return s.str();
}

// ------------------------------------------------------------------------------------------------
// The inputs, parsed.

struct CellRow {
  int id = 0;
  double lat = 0, lon = 0, area_km2 = 0, demand = 0, delivered = 0, offered = 0, share = 0, usable = 0, coverage = 0, licensed = 0;
  std::array<double, 4> bounds{};  // south, north, west, east (deg)
};
struct GatewayRow {
  std::string name;
  double lat = 0, lon = 0, delivered = 0, links = 0;
};
struct CaseData {
  std::string name, constellation, label, display;
  const Json* summary = nullptr;
  std::vector<std::string> regions;                                 // order of summary.json
  std::map<std::string, std::vector<double>> region_series;         // region -> Gbit/s per time
  std::vector<std::string> times;
  std::vector<double> sat_offered, sat_delivered, sat_limited;
  std::vector<std::string> pairs;
  std::map<std::string, std::vector<double>> latency;  // pair -> RTT ms per time (NaN unreachable)
  std::vector<CellRow> cells;
  std::vector<GatewayRow> gateways;
};

[[noreturn]] void fail_json(const std::string& field, const std::string& why) {
  throw InputError("summary.json", 0, field, why);
}

const Json& member(const Json& j, const char* key, const std::string& path) {
  if (!j.is_object() || !j.contains(key)) fail_json(path + "." + key, "missing");
  return j.at(key);
}
double number_at(const Json& j, const char* key, const std::string& path) {
  const Json& v = member(j, key, path);
  if (!v.is_number()) fail_json(path + "." + key, "not a number");
  return v.get<double>();
}
std::string text_at(const Json& j, const char* key, const std::string& path) {
  const Json& v = member(j, key, path);
  if (!v.is_string()) fail_json(path + "." + key, "not a string");
  return v.get<std::string>();
}

struct Parsed {
  Json summary;
  std::vector<CaseData> cases;
  double resolution_deg = 0;
  std::vector<std::string> pairs;
  double gateway_max_gbps = 0;  // largest gateway traffic of all cases (marker scale)
  bool licensed_differs = false;  // some cell's licensed view differs from its capability view
};

std::size_t case_index(const Parsed& p, const core::CsvTable& t, const core::CsvRow& row) {
  const std::string name = t.text(row, "case");
  for (std::size_t i = 0; i < p.cases.size(); ++i)
    if (p.cases[i].name == name) return i;
  t.fail(row, "case", "'" + name + "' is not a case of summary.json");
}

Parsed parse_inputs(const std::map<std::string, std::string>& in) {
  auto text = [&](const std::string& name) -> const std::string& {
    auto it = in.find(name);
    if (it == in.end()) throw InputError(name, 0, "file", "missing study output (run `satcap study run` first)");
    return it->second;
  };
  Parsed p;
  try {
    p.summary = Json::parse(text("summary.json"));
  } catch (const Json::parse_error& e) {
    throw InputError("summary.json", 0, "json", std::string("not valid JSON: ") + e.what());
  }
  const Json& s = p.summary;
  (void)text_at(member(s, "study", ""), "name", "study");
  (void)text_at(member(s, "engine", ""), "version", "engine");
  (void)number_at(member(s, "time", ""), "steps", "time");
  p.resolution_deg = number_at(member(s, "ground", ""), "cell_resolution_deg", "ground");
  if (!(p.resolution_deg >= 0.25 && p.resolution_deg <= 30)) fail_json("ground.cell_resolution_deg", "outside [0.25, 30] deg (the study's range)");
  const Json& cases = member(s, "cases", "");
  if (!cases.is_array() || cases.empty()) fail_json("cases", "not a non-empty array");
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const std::string path = "cases[" + std::to_string(i) + "]";
    const Json& c = cases[i];
    CaseData d;
    d.summary = &c;
    d.name = text_at(c, "name", path);
    d.constellation = c.value("constellation", d.name);
    d.label = c.value("label", d.name);
    for (const char* k : {"satellites", "gateways", "total_offered_gbps", "total_delivered_gbps", "delivered_per_satellite_gbps",
                          "demand_served_share", "wasted_share", "feeder_limited_share"})
      (void)number_at(c, k, path);
    const Json& regions = member(c, "regions", path);
    if (!regions.is_array()) fail_json(path + ".regions", "not an array");
    for (std::size_t r = 0; r < regions.size(); ++r) {
      const std::string rp = path + ".regions[" + std::to_string(r) + "]";
      d.regions.push_back(text_at(regions[r], "name", rp));
      for (const char* k : {"demand_gbps", "delivered_mean_gbps", "delivered_p5_gbps", "delivered_p50_gbps", "delivered_p95_gbps",
                            "share_served", "coverage_cells", "satellites_in_view"})
        (void)number_at(regions[r], k, rp);
      if (!member(regions[r], "modcod_mix", rp).is_object()) fail_json(rp + ".modcod_mix", "not an object");
    }
    const Json& lat = member(c, "latency", path);
    if (!lat.is_array()) fail_json(path + ".latency", "not an array");
    for (std::size_t l = 0; l < lat.size(); ++l) {
      const std::string lp = path + ".latency[" + std::to_string(l) + "]";
      d.pairs.push_back(text_at(lat[l], "pair", lp));
      (void)number_at(lat[l], "reachable_share", lp);
      (void)number_at(lat[l], "path_changes", lp);
    }
    for (std::size_t j = 0; j < p.cases.size(); ++j)
      if (p.cases[j].name == d.name) fail_json(path + ".name", "duplicate case '" + d.name + "'");
    p.cases.push_back(std::move(d));
  }
  // Display labels: the system's label, or the case name where several cases share a label (sweeps).
  for (auto& c : p.cases) {
    int same = 0;
    for (const auto& o : p.cases) same += o.label == c.label ? 1 : 0;
    if (same > 1) c.display = c.name;
  }
  for (auto& c : p.cases)
    if (c.display.empty()) c.display = c.label;
  for (const auto& c : p.cases)
    for (const auto& pair : c.pairs)
      if (std::find(p.pairs.begin(), p.pairs.end(), pair) == p.pairs.end()) p.pairs.push_back(pair);

  // regions.csv: checked (the report reads the same figures from summary.json).
  {
    const auto t = core::CsvTable::parse(text("regions.csv"), "regions.csv", {"case", "region", "delivered_mean_gbps", "share_served"});
    for (const auto& row : t.rows()) {
      const CaseData& c = p.cases[case_index(p, t, row)];
      const std::string region = t.text(row, "region");
      if (std::find(c.regions.begin(), c.regions.end(), region) == c.regions.end())
        t.fail(row, "region", "'" + region + "' is not a region of case '" + c.name + "' in summary.json");
      (void)t.number_in(row, "delivered_mean_gbps", 0, 1e12, "Gbit/s");
      (void)t.number_in(row, "share_served", 0, 1, "");
    }
  }
  // timeseries.csv
  {
    const auto t = core::CsvTable::parse(text("timeseries.csv"), "timeseries.csv", {"case", "time_utc", "region", "delivered_gbps"});
    for (const auto& row : t.rows()) {
      CaseData& c = p.cases[case_index(p, t, row)];
      const std::string time = t.text(row, "time_utc");
      if (time.empty()) t.fail(row, "time_utc", "empty");
      if (std::find(c.times.begin(), c.times.end(), time) == c.times.end()) c.times.push_back(time);
      const std::string region = t.text(row, "region");
      if (std::find(c.regions.begin(), c.regions.end(), region) == c.regions.end())
        t.fail(row, "region", "'" + region + "' is not a region of case '" + c.name + "' in summary.json");
      c.region_series[region].push_back(t.number_in(row, "delivered_gbps", 0, 1e12, "Gbit/s"));
    }
  }
  // satellites.csv
  {
    const auto t = core::CsvTable::parse(text("satellites.csv"), "satellites.csv",
                                         {"case", "satellite", "offered_gbps", "delivered_gbps", "feeder_limited_share"});
    for (const auto& row : t.rows()) {
      CaseData& c = p.cases[case_index(p, t, row)];
      c.sat_offered.push_back(t.number_in(row, "offered_gbps", 0, 1e6, "Gbit/s"));
      c.sat_delivered.push_back(t.number_in(row, "delivered_gbps", 0, 1e6, "Gbit/s"));
      c.sat_limited.push_back(t.number_in(row, "feeder_limited_share", 0, 1, ""));
    }
  }
  // latency.csv
  {
    const auto t = core::CsvTable::parse(text("latency.csv"), "latency.csv", {"case", "time_utc", "pair", "rtt_ms"});
    for (const auto& row : t.rows()) {
      CaseData& c = p.cases[case_index(p, t, row)];
      const std::string pair = t.text(row, "pair");
      if (std::find(c.pairs.begin(), c.pairs.end(), pair) == c.pairs.end())
        t.fail(row, "pair", "'" + pair + "' is not a latency pair of case '" + c.name + "' in summary.json");
      const bool unreachable = t.text(row, "rtt_ms").empty();
      c.latency[pair].push_back(unreachable ? std::numeric_limits<double>::quiet_NaN() : t.number_in(row, "rtt_ms", 0, 1e4, "ms"));
    }
  }
  // cells.csv: ids and centres checked against the study's grid.
  {
    const ground::CellGrid grid(ground::GridOptions{p.resolution_deg});
    const auto t = core::CsvTable::parse(text("cells.csv"), "cells.csv",
                                         {"case", "cell", "lat_deg", "lon_deg", "area_km2", "demand_gbps", "delivered_mean_gbps",
                                          "offered_mean_gbps", "share_served", "usable_satellites_mean", "coverage",
                                          "licensed_delivered_mean_gbps"});
    for (const auto& row : t.rows()) {
      CaseData& c = p.cases[case_index(p, t, row)];
      CellRow r;
      const double id = t.number_in(row, "cell", 0, static_cast<double>(grid.size() - 1), "");
      if (id != std::floor(id)) t.fail(row, "cell", "not an integer");
      r.id = static_cast<int>(id);
      r.lat = t.number_in(row, "lat_deg", -90, 90, "deg");
      r.lon = t.number_in(row, "lon_deg", -180, 180, "deg");
      if (std::abs(r.lat - grid.lat_deg()[r.id]) > 1e-3 || std::abs(std::remainder(r.lon - grid.lon_deg()[r.id], 360.0)) > 1e-3)
        t.fail(row, "lat_deg", "cell " + std::to_string(r.id) + " is not at this position on the " + label(p.resolution_deg) +
                                   "-deg grid of summary.json");
      r.area_km2 = t.number_in(row, "area_km2", 1e-3, 1e9, "km2");
      r.demand = t.number_in(row, "demand_gbps", 0, 1e9, "Gbit/s");
      r.delivered = t.number_in(row, "delivered_mean_gbps", 0, 1e9, "Gbit/s");
      r.offered = t.number_in(row, "offered_mean_gbps", 0, 1e9, "Gbit/s");
      r.share = t.number_in(row, "share_served", 0, 1, "");
      r.usable = t.number_in(row, "usable_satellites_mean", 0, 1e5, "");
      r.coverage = t.number_in(row, "coverage", 0, 1, "");
      r.licensed = t.number_in(row, "licensed_delivered_mean_gbps", 0, 1e9, "Gbit/s");
      if (r.licensed != r.delivered) p.licensed_differs = true;
      c.cells.push_back(r);
    }
  }
  // gateways.csv (the study's gateway table: position, forward traffic and GSLs, time means)
  {
    const auto t = core::CsvTable::parse(text("gateways.csv"), "gateways.csv", {"case", "gateway", "lat_deg", "lon_deg", "delivered_gbps"});
    for (const auto& row : t.rows()) {
      CaseData& c = p.cases[case_index(p, t, row)];
      c.gateways.push_back({t.text(row, "gateway"), t.number_in(row, "lat_deg", -90, 90, "deg"), t.number_in(row, "lon_deg", -180, 180, "deg"),
                            t.number_in(row, "delivered_gbps", 0, 1e9, "Gbit/s"),
                            t.has_column("links_mean") ? t.number_in(row, "links_mean", 0, 1e6, "") : 0.0});
    }
    for (const auto& c : p.cases)
      for (const auto& g : c.gateways) p.gateway_max_gbps = std::max(p.gateway_max_gbps, g.delivered);
  }
  return p;
}

// ------------------------------------------------------------------------------------------------
// Maps.

enum class Metric { delivered, share, usable, coverage, licensed };
const Metric kMetrics[] = {Metric::delivered, Metric::share, Metric::usable, Metric::coverage};

const char* metric_key(Metric m) {
  switch (m) {
    case Metric::delivered: return "delivered";
    case Metric::share: return "share_served";
    case Metric::usable: return "usable_satellites";
    case Metric::coverage: return "coverage";
    case Metric::licensed: return "licensed_delivered";
  }
  return "";
}
const char* metric_title(Metric m) {
  switch (m) {
    case Metric::delivered: return "Delivered throughput density (time mean)";
    case Metric::share: return "Share of busy-hour demand served";
    case Metric::usable: return "Usable satellites in view (time mean)";
    case Metric::coverage: return "Coverage: share of time with a usable satellite";
    case Metric::licensed: return "Delivered throughput density, licensed view (landing rights)";
  }
  return "";
}
const char* metric_unit(Metric m) {
  switch (m) {
    case Metric::delivered: return "Gbit/s per 1,000 km\u00b2 (log classes)";
    case Metric::share: return "% of demand";
    case Metric::usable: return "satellites";
    case Metric::coverage: return "% of time steps";
    case Metric::licensed: return "Gbit/s per 1,000 km\u00b2 (log classes)";
  }
  return "";
}
double metric_value(Metric m, const CellRow& c) {
  switch (m) {
    case Metric::delivered: return c.delivered / c.area_km2 * 1000.0;
    case Metric::share: return c.share;
    case Metric::usable: return c.usable;
    case Metric::coverage: return c.coverage;
    case Metric::licensed: return c.licensed / c.area_km2 * 1000.0;
  }
  return 0;
}

// Classes of a metric, common to every system so that maps compare directly. Zero is its own class
// (drawn light grey) except for the share served, where 0 % is the first colour class.
struct Scale {
  std::vector<double> breaks;  // ascending class edges, size classes + 1
  bool log = false;
  bool zero_class = true;
  std::string format(double v, Metric m) const {
    if (m == Metric::share || m == Metric::coverage) return num(100 * v, 0);
    return label(v);
  }
  std::size_t classes() const { return breaks.size() - 1; }
  int class_of(double v) const {
    if (zero_class && v <= 0) return -1;
    for (std::size_t k = 1; k + 1 < breaks.size(); ++k)
      if (v < breaks[k]) return static_cast<int>(k - 1);
    return static_cast<int>(classes() - 1);
  }
  std::string colour(int k) const {
    return k < 0 ? kNoneColour : viridis(classes() > 1 ? static_cast<double>(k) / static_cast<double>(classes() - 1) : 1.0);
  }
};

Scale scale_for(Metric m, const std::vector<CaseData>& cases) {
  double vmax = 0;
  for (const auto& c : cases)
    for (const auto& cell : c.cells) vmax = std::max(vmax, metric_value(m == Metric::licensed ? Metric::delivered : m, cell));
  Scale s;
  switch (m) {
    case Metric::licensed:  // the capability view's classes, so the two views compare directly
    case Metric::delivered: {
      s.log = true;
      const double top = std::pow(10.0, std::ceil(std::log10(vmax > 0 ? vmax : 1.0)));
      for (int k = 0; k <= 8; ++k) s.breaks.push_back(top * std::pow(10.0, -4.0 + 0.5 * k));
      s.breaks.front() = 0;  // the first class takes every value below 10^-3.5 top
      break;
    }
    case Metric::share:
    case Metric::coverage:
      for (int k = 0; k <= 10; ++k) s.breaks.push_back(k / 10.0);
      s.zero_class = m == Metric::coverage;
      break;
    case Metric::usable: {
      const double top = std::max(1.0, std::ceil(vmax));
      const double step = std::max(1.0, std::ceil(top / 8.0));
      for (double b = 0; b < top + step; b += step) s.breaks.push_back(b);
      if (s.breaks.size() < 2) s.breaks.push_back(step);
      break;
    }
  }
  return s;
}

struct MapContext {
  Frame frame;
  std::string sphere, borders;  // path data
  bool inline_borders = true;   // false: <use href='#satcap-borders'/> (defined once in report.html)
  double gateway_max_gbps = 0;  // marker scale: triangle area grows with the gateway's traffic
};

std::string legend_svg(const Scale& sc, Metric m, double x0, double y0, double gateway_max_gbps) {
  std::ostringstream s;
  s << "<g class='legend' font-size='10'>";
  s << "<text x='" << num(x0) << "' y='" << num(y0 - 4) << "'>" << html_escape(metric_unit(m)) << "</text>";
  double x = x0;
  const double w = 44, h = 10;
  if (sc.zero_class) {
    s << "<rect x='" << num(x) << "' y='" << num(y0) << "' width='" << w << "' height='" << h << "' fill='" << kNoneColour
      << "' stroke='#999' stroke-width='0.5'/><text x='" << num(x + w / 2) << "' y='" << num(y0 + h + 11) << "' text-anchor='middle'>0</text>";
    x += w + 6;
  }
  for (std::size_t k = 0; k < sc.classes(); ++k) {
    s << "<rect x='" << num(x) << "' y='" << num(y0) << "' width='" << w << "' height='" << h << "' fill='" << sc.colour(static_cast<int>(k)) << "'/>";
    // Class edges between the swatches (the lowest edge only when it is not the open "below" class).
    if (k > 0 || (!sc.log && !(sc.zero_class && sc.breaks[0] == 0)))
      s << "<text x='" << num(x) << "' y='" << num(y0 + h + 11) << "' text-anchor='middle'>" << sc.format(sc.breaks[k], m) << "</text>";
    x += w;
  }
  s << "<text x='" << num(x) << "' y='" << num(y0 + h + 11) << "' text-anchor='middle'>" << sc.format(sc.breaks.back(), m)
    << (m == Metric::usable || m == Metric::delivered ? "+" : "") << "</text>";
  s << "<path d='M" << num(x + 24) << ' ' << num(y0 + 1) << "l5 8h-10z' fill='#fff' stroke='#000' stroke-width='1'/><text x='" << num(x + 34)
    << "' y='" << num(y0 + 9) << "'>gateway";
  if (gateway_max_gbps > 0) s << " (area \u221d traffic, max " << label(gateway_max_gbps) << " Gbit/s)";
  s << "</text>";
  s << "</g>";
  return s.str();
}

std::string map_svg(const MapContext& mc, const CaseData& c, Metric m, const Scale& sc, bool standalone) {
  const Frame& f = mc.frame;
  const double height = f.top + f.map_height() + 50;
  std::ostringstream s;
  s << "<svg " << (standalone ? "xmlns='http://www.w3.org/2000/svg' " : "") << "class='map' data-case='" << html_escape(c.name)
    << "' data-metric='" << metric_key(m) << "' viewBox='0 0 " << num(f.width, 0) << ' ' << num(height, 0) << "' width='" << num(f.width, 0)
    << "' height='" << num(height, 0) << "' font-family='sans-serif' font-size='12'>\n";
  s << "<title>" << html_escape(c.display) << ": " << metric_title(m) << " (" << metric_unit(m) << ")</title>\n";
  s << "<text x='" << num(f.left) << "' y='15' font-weight='bold'>" << html_escape(c.display) << "</text><text x='" << num(f.left)
    << "' y='31'>" << metric_title(m) << "</text>\n";
  s << "<path class='sphere' d='" << mc.sphere << "' fill='" << kOceanColour << "' stroke='#888' stroke-width='0.6'/>\n";
  // Fill by class (one rule per colour class of the metric's common scale); coordinates in tenths of
  // a pixel, relative after the first point (the parallels are horizontal: h, l, h).
  const char pre = metric_key(m)[0];
  s << "<style>." << pre << "z{fill:" << kNoneColour << '}';
  for (std::size_t k = 0; k < sc.classes(); ++k) s << '.' << pre << k << "{fill:" << sc.colour(static_cast<int>(k)) << '}';
  s << "</style>\n<g class='cells' stroke='none'>";
  auto t = [](double v) { return static_cast<long long>(std::llround(v * 10)); };
  auto tenths = [](long long v) {
    std::string o = v < 0 ? "-" : "";
    const long long a = v < 0 ? -v : v;
    if (a / 10 > 0) o += std::to_string(a / 10);
    if (a % 10 != 0) {
      o += '.';
      o += static_cast<char>('0' + a % 10);
    } else if (a / 10 == 0) {
      o += '0';
    }
    return o;
  };
  for (const auto& cell : c.cells) {
    const double v = metric_value(m, cell);
    const auto& b = cell.bounds;
    const auto p1 = f.px(b[2], b[1]), p2 = f.px(b[3], b[1]), p3 = f.px(b[3], b[0]), p4 = f.px(b[2], b[0]);
    const long long x1 = t(p1[0]), y1 = t(p1[1]), x2 = t(p2[0]), x3 = t(p3[0]), y3 = t(p3[1]), x4 = t(p4[0]);
    const int k = sc.class_of(v);
    s << "<path class='" << pre << (k < 0 ? std::string("z") : std::to_string(k)) << "' data-v='" << sig(v, 3) << "' d='M" << tenths(x1) << ' '
      << tenths(y1) << 'h' << tenths(x2 - x1) << 'l' << tenths(x3 - x2) << ' ' << tenths(y3 - y1) << 'h' << tenths(x4 - x3) << "z'/>";
  }
  s << "</g>\n";
  if (mc.inline_borders) {
    if (!mc.borders.empty()) s << "<path class='borders' d='" << mc.borders << "' fill='none' stroke='#333' stroke-width='0.4'/>\n";
  } else {
    s << "<use href='#satcap-borders' fill='none' stroke='#333' stroke-width='0.4'/>\n";
  }
  s << "<g class='gateways'>";
  for (const auto& g : c.gateways) {
    const auto p = f.px(g.lon, g.lat);
    // Equilateral-ish triangle of side a: area ~ traffic (a from 6 to 16 px), white with a black edge.
    const double a = 6.0 + (mc.gateway_max_gbps > 0 ? 10.0 * std::sqrt(g.delivered / mc.gateway_max_gbps) : 0.0);
    s << "<path d='M" << num(p[0]) << ' ' << num(p[1] - a * 0.58) << 'l' << num(a / 2) << ' ' << num(a * 0.87) << 'h' << num(-a)
      << "z' fill='#fff' fill-opacity='0.85' stroke='#000' stroke-width='0.8'><title>" << html_escape(g.name) << ": " << sig(g.delivered, 3)
      << " Gbit/s, " << sig(g.links, 3) << " GSLs (time means)</title></path>";
  }
  s << "</g>\n" << legend_svg(sc, m, f.left + 20, f.top + f.map_height() + 18, mc.gateway_max_gbps) << "\n</svg>\n";
  return s.str();
}

// ------------------------------------------------------------------------------------------------
// Charts. Every data mark carries class 'datum'; every chart is an <svg class='chart'>.

std::string svg_open(double w, double h, const std::string& name, bool standalone) {
  std::ostringstream s;
  s << "<svg " << (standalone ? "xmlns='http://www.w3.org/2000/svg' " : "") << "class='chart' data-chart='" << name << "' viewBox='0 0 "
    << num(w, 0) << ' ' << num(h, 0) << "' width='" << num(w, 0) << "' height='" << num(h, 0) << "' font-family='sans-serif' font-size='11'>\n";
  return s.str();
}

// Log axis range covering [lo, hi] in whole decades.
std::pair<double, double> log_range(double lo, double hi) {
  if (!(hi > 0)) return {1e-3, 1};
  if (!(lo > 0) || lo > hi) lo = hi / 1e3;
  double a = std::floor(std::log10(lo)), b = std::ceil(std::log10(hi));
  if (b <= a) b = a + 1;
  return {std::pow(10.0, a), std::pow(10.0, b)};
}

std::string series_legend(const std::vector<CaseData>& cases, double x0, double y0, double w) {
  std::ostringstream s;
  const int per_row = std::max(1, static_cast<int>(w / 230));
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const double x = x0 + static_cast<double>(static_cast<int>(i) % per_row) * 230, y = y0 + static_cast<double>(static_cast<int>(i) / per_row) * 15;
    s << "<line x1='" << num(x) << "' y1='" << num(y - 4) << "' x2='" << num(x + 22) << "' y2='" << num(y - 4) << "' stroke='"
      << series_colour(i) << "' stroke-width='3'" << series_dash(i) << "/><text x='" << num(x + 26) << "' y='" << num(y) << "'>"
      << html_escape(cases[i].display) << "</text>\n";
  }
  return s.str();
}
double legend_height(std::size_t n, double w) {
  const int per_row = std::max(1, static_cast<int>(w / 230));
  return 15.0 * static_cast<double>((static_cast<int>(n) + per_row - 1) / per_row) + 6;
}

// Delivered per region: one row per region, one bar per system, log axis.
std::string chart_regions(const std::vector<CaseData>& cases, bool standalone) {
  const auto& regions = cases.front().regions;
  const double w = 960, left = 110, right = 20, top = 30, bar = 7;
  const double group = bar * static_cast<double>(cases.size()) + 8;
  const double plot_h = group * static_cast<double>(regions.size());
  const double h = top + plot_h + 40 + legend_height(cases.size(), w);
  double lo = 1e300, hi = 0;
  for (const auto& c : cases)
    for (const auto& g : (*c.summary)["regions"]) {
      const double v = g["delivered_mean_gbps"].get<double>();
      if (v > 0) lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
  const auto range_1 = log_range(lo, hi);
  const double a = range_1.first, b = range_1.second;
  auto X = [&](double v) { return left + (w - left - right) * (std::log10(std::max(v, a)) - std::log10(a)) / (std::log10(b) - std::log10(a)); };
  std::ostringstream s;
  s << svg_open(w, h, "delivered_per_region", standalone);
  s << "<text x='" << num(left) << "' y='16' font-weight='bold'>Delivered throughput per region, time mean (Gbit/s, log scale)</text>\n";
  for (double d = a; d <= b * 1.0001; d *= 10) {
    s << "<line x1='" << num(X(d)) << "' y1='" << num(top) << "' x2='" << num(X(d)) << "' y2='" << num(top + plot_h) << "' stroke='#ccc'/>"
      << "<text x='" << num(X(d)) << "' y='" << num(top + plot_h + 14) << "' text-anchor='middle'>" << label(d) << "</text>\n";
  }
  for (std::size_t g = 0; g < regions.size(); ++g) {
    const double y0 = top + static_cast<double>(g) * group + 4;
    s << "<text x='" << num(left - 6) << "' y='" << num(y0 + group / 2) << "' text-anchor='end'>" << html_escape(regions[g]) << "</text>\n";
    for (std::size_t i = 0; i < cases.size(); ++i) {
      double v = 0;
      for (const auto& r : (*cases[i].summary)["regions"])
        if (r["name"] == regions[g]) v = r["delivered_mean_gbps"].get<double>();
      const double y = y0 + static_cast<double>(i) * bar;
      s << "<rect class='datum' x='" << num(left) << "' y='" << num(y) << "' width='" << num(std::max(0.0, X(v) - left)) << "' height='"
        << num(bar - 1) << "' fill='" << series_colour(i) << "'><title>" << html_escape(cases[i].display) << ", " << html_escape(regions[g]) << ": "
        << sig(v, 4) << " Gbit/s</title></rect>\n";
    }
  }
  s << series_legend(cases, left, top + plot_h + 36, w - left) << "</svg>\n";
  return s.str();
}

// Small multiples: one panel per key, one line per system; log or linear y.
struct Panel {
  std::string title;
  std::vector<std::vector<double>> series;  // per system (NaN = gap)
};
std::string small_multiples(const std::string& name, const std::string& title, const std::string& x_label, const std::string& y_label,
                            const std::vector<Panel>& panels, const std::vector<CaseData>& cases, bool log, bool standalone) {
  const double w = 960, pw = 280, ph = 170, gap_x = 30, gap_y = 46, left = 50, top = 40;
  const std::size_t cols = 3;
  const std::size_t rows = (panels.size() + cols - 1) / cols;
  const double h = top + static_cast<double>(rows) * (ph + gap_y) + legend_height(cases.size(), w);
  std::ostringstream s;
  s << svg_open(w, h, name, standalone);
  s << "<text x='10' y='16' font-weight='bold'>" << html_escape(title) << "</text><text x='10' y='30'>" << html_escape(y_label) << "; x: "
    << html_escape(x_label) << "</text>\n";
  for (std::size_t p = 0; p < panels.size(); ++p) {
    const double x0 = left + static_cast<double>(p % cols) * (pw + gap_x), y0 = top + 14 + static_cast<double>(p / cols) * (ph + gap_y);
    double lo = 1e300, hi = -1e300;
    std::size_t n = 0;
    for (const auto& v : panels[p].series) {
      n = std::max(n, v.size());
      for (double x : v)
        if (std::isfinite(x) && (!log || x > 0)) {
          lo = std::min(lo, x);
          hi = std::max(hi, x);
        }
    }
    double a = 0, b = 1;
    if (log) {
      std::tie(a, b) = log_range(lo, hi);
    } else if (hi >= lo) {
      a = 0;
      b = hi > 0 ? hi * 1.1 : 1;
    }
    auto Y = [&](double v) {
      const double t = log ? (std::log10(std::max(v, a)) - std::log10(a)) / (std::log10(b) - std::log10(a)) : (v - a) / (b - a);
      return y0 + ph - ph * t;
    };
    auto X = [&](std::size_t k) { return x0 + pw * (n > 1 ? static_cast<double>(k) / static_cast<double>(n - 1) : 0.5); };
    s << "<g class='panel'><text x='" << num(x0) << "' y='" << num(y0 - 4) << "' font-weight='bold'>" << html_escape(panels[p].title) << "</text>";
    s << "<rect x='" << num(x0) << "' y='" << num(y0) << "' width='" << num(pw) << "' height='" << num(ph) << "' fill='none' stroke='#999'/>";
    if (log) {
      for (double d = a; d <= b * 1.0001; d *= 10)
        s << "<line x1='" << num(x0) << "' y1='" << num(Y(d)) << "' x2='" << num(x0 + pw) << "' y2='" << num(Y(d)) << "' stroke='#ddd'/><text x='"
          << num(x0 - 3) << "' y='" << num(Y(d) + 4) << "' text-anchor='end'>" << label(d) << "</text>";
    } else {
      for (int k = 0; k <= 4; ++k) {
        const double d = a + (b - a) * k / 4.0;
        s << "<line x1='" << num(x0) << "' y1='" << num(Y(d)) << "' x2='" << num(x0 + pw) << "' y2='" << num(Y(d)) << "' stroke='#ddd'/><text x='"
          << num(x0 - 3) << "' y='" << num(Y(d) + 4) << "' text-anchor='end'>" << label(d) << "</text>";
      }
    }
    s << "<text x='" << num(x0) << "' y='" << num(y0 + ph + 13) << "'>0</text><text x='" << num(x0 + pw) << "' y='" << num(y0 + ph + 13)
      << "' text-anchor='end'>" << (n ? n - 1 : 0) << "</text>\n";
    for (std::size_t i = 0; i < panels[p].series.size(); ++i) {
      const auto& v = panels[p].series[i];
      std::ostringstream d;
      bool pen = false;
      std::size_t points = 0;
      for (std::size_t k = 0; k < v.size(); ++k) {
        if (!std::isfinite(v[k]) || (log && v[k] <= 0)) {
          pen = false;
          continue;
        }
        d << (pen ? 'L' : 'M') << num(X(k)) << ' ' << num(Y(v[k]));
        pen = true;
        ++points;
      }
      if (points == 0) continue;
      if (points == 1) {  // a single point: a dot
        for (std::size_t k = 0; k < v.size(); ++k)
          if (std::isfinite(v[k]) && (!log || v[k] > 0))
            s << "<circle class='datum' cx='" << num(X(k)) << "' cy='" << num(Y(v[k])) << "' r='2.5' fill='" << series_colour(i) << "'/>";
        continue;
      }
      s << "<path class='datum' d='" << d.str() << "' fill='none' stroke='" << series_colour(i) << "' stroke-width='1.5'" << series_dash(i)
        << "><title>" << html_escape(i < cases.size() ? cases[i].display : std::string()) << "</title></path>\n";
    }
    s << "</g>\n";
  }
  s << series_legend(cases, left, top + static_cast<double>(rows) * (ph + gap_y) + 8, w - left) << "</svg>\n";
  return s.str();
}

std::string chart_timeseries(const std::vector<CaseData>& cases, bool standalone) {
  std::vector<Panel> panels;
  for (const auto& region : cases.front().regions) {
    Panel p{region, {}};
    for (const auto& c : cases) {
      auto it = c.region_series.find(region);
      p.series.push_back(it == c.region_series.end() ? std::vector<double>{} : it->second);
    }
    panels.push_back(std::move(p));
  }
  const auto& t = cases.front().times;
  return small_multiples("timeseries_regions", "Delivered throughput per region over the run", "time step (" + (t.empty() ? std::string() : t.front()) + " ..)",
                         "Gbit/s, log scale", panels, cases, true, standalone);
}

std::string chart_latency(const std::vector<CaseData>& cases, const std::vector<std::string>& pairs, bool standalone) {
  std::vector<Panel> panels;
  for (const auto& pair : pairs) {
    Panel p{pair, {}};
    for (const auto& c : cases) {
      auto it = c.latency.find(pair);
      p.series.push_back(it == c.latency.end() ? std::vector<double>{} : it->second);
    }
    panels.push_back(std::move(p));
  }
  return small_multiples("latency", "Round-trip time per city pair over the run (gaps: unreachable)", "time step", "RTT ms", panels, cases, false,
                         standalone);
}

// Approximate spectral efficiency (bit/symbol) of a MODCOD name such as "16APSK 2/3-L", for ordering.
double modcod_efficiency(const std::string& name) {
  // Modulation: the token before the first space ("QPSK", "8PSK", "16APSK", "BPSK"); bits = log2(order).
  const std::string mod = name.substr(0, name.find(' '));
  double bits = 2;
  std::size_t j = 0;
  while (j < mod.size() && std::isdigit(static_cast<unsigned char>(mod[j]))) ++j;
  if (j > 0) bits = std::log2(std::stod(mod.substr(0, j)));
  else if (mod.rfind("BPSK", 0) == 0 || mod.rfind("PI/2", 0) == 0) bits = 1;
  double rate = 1;
  const auto slash = name.find('/', mod.size());
  if (slash != std::string::npos) {
    std::size_t i = slash, k = slash + 1;
    while (i > 0 && std::isdigit(static_cast<unsigned char>(name[i - 1]))) --i;
    while (k < name.size() && std::isdigit(static_cast<unsigned char>(name[k]))) ++k;
    if (i < slash && k > slash + 1) rate = std::stod(name.substr(i, slash - i)) / std::stod(name.substr(slash + 1, k - slash - 1));
  }
  return bits * rate;
}

// MODCOD mix of the region "World" (or the first region) per system: 100 % stacked bars.
std::string chart_modcod(const std::vector<CaseData>& cases, bool standalone) {
  const auto& regs = cases.front().regions;
  const std::string region = std::find(regs.begin(), regs.end(), "World") != regs.end() ? "World" : regs.front();
  std::set<std::string> names;
  for (const auto& c : cases)
    for (const auto& r : (*c.summary)["regions"])
      if (r["name"] == region)
        for (const auto& [k, v] : r["modcod_mix"].items()) names.insert(k);
  std::vector<std::string> order(names.begin(), names.end());
  std::stable_sort(order.begin(), order.end(), [](const std::string& x, const std::string& y) { return modcod_efficiency(x) < modcod_efficiency(y); });
  const double w = 960, left = 220, right = 20, top = 34, bar = 16;
  const double plot_h = (bar + 4) * static_cast<double>(cases.size());
  const std::size_t per_row = 6;
  const double h = top + plot_h + 30 + 16.0 * static_cast<double>((order.size() + per_row - 1) / per_row) + 10;
  std::ostringstream s;
  s << svg_open(w, h, "modcod_mix", standalone);
  s << "<text x='10' y='16' font-weight='bold'>MODCOD mix of the beams on region " << html_escape(region)
    << " (share of beam-steps; colour by spectral efficiency)</text>\n";
  auto colour = [&](const std::string& n) {
    const auto i = static_cast<std::size_t>(std::find(order.begin(), order.end(), n) - order.begin());
    return viridis(order.size() > 1 ? static_cast<double>(i) / static_cast<double>(order.size() - 1) : 1.0);
  };
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const double y = top + static_cast<double>(i) * (bar + 4);
    s << "<text x='" << num(left - 6) << "' y='" << num(y + bar - 4) << "' text-anchor='end'>" << html_escape(cases[i].display) << "</text>";
    double x = left;
    for (const auto& r : (*cases[i].summary)["regions"]) {
      if (r["name"] != region) continue;
      for (const auto& n : order) {
        if (!r["modcod_mix"].contains(n)) continue;
        const double v = r["modcod_mix"][n].get<double>();
        const double bw = (w - left - right) * v;
        s << "<rect class='datum' x='" << num(x, 2) << "' y='" << num(y) << "' width='" << num(bw, 2) << "' height='" << num(bar) << "' fill='"
          << colour(n) << "'><title>" << html_escape(cases[i].display) << ": " << html_escape(n) << " " << num(100 * v, 1) << " %</title></rect>";
        x += bw;
      }
    }
    s << "\n";
  }
  for (int k = 0; k <= 4; ++k) {
    const double x = left + (w - left - right) * k / 4.0;
    s << "<text x='" << num(x) << "' y='" << num(top + plot_h + 12) << "' text-anchor='middle'>" << k * 25 << " %</text>";
  }
  for (std::size_t i = 0; i < order.size(); ++i) {
    const double x = 10 + static_cast<double>(i % per_row) * 155, y = top + plot_h + 32 + 16.0 * static_cast<double>(i / per_row);
    s << "<rect x='" << num(x) << "' y='" << num(y - 9) << "' width='12' height='10' fill='" << colour(order[i]) << "'/><text x='" << num(x + 16)
      << "' y='" << num(y) << "'>" << html_escape(order[i]) << "</text>";
  }
  s << "</svg>\n";
  return s.str();
}

// Per-satellite utilisation: satellites sorted by offered capacity; offered and delivered (log) and
// the share of steps the feeder network capped each satellite (linear strip below).
std::string chart_satellites(const std::vector<CaseData>& cases, bool standalone) {
  const double w = 960, pw = 280, ph = 120, strip = 36, gap_x = 30, gap_y = 60, left = 50, top = 46;
  const std::size_t cols = 3;
  const std::size_t rows = (cases.size() + cols - 1) / cols;
  const double h = top + static_cast<double>(rows) * (ph + strip + gap_y) + 20;
  double lo = 1e300, hi = 0;
  for (const auto& c : cases)
    for (std::size_t i = 0; i < c.sat_offered.size(); ++i)
      for (double v : {c.sat_offered[i], c.sat_delivered[i]})
        if (v > 0) {
          lo = std::min(lo, v);
          hi = std::max(hi, v);
        }
  const auto range_2 = log_range(lo, hi);
  const double a = range_2.first, b = range_2.second;
  std::ostringstream s;
  s << svg_open(w, h, "satellite_utilisation", standalone);
  s << "<text x='10' y='16' font-weight='bold'>Per-satellite utilisation, satellites sorted by offered capacity (time means)</text>"
    << "<text x='10' y='32'><tspan fill='" << kSeries[0] << "'>offered</tspan> and <tspan fill='" << kSeries[1]
    << "'>delivered</tspan> Gbit/s (log scale); grey strip: share of steps capped by the feeder network (0..1)</text>\n";
  for (std::size_t ci = 0; ci < cases.size(); ++ci) {
    const auto& c = cases[ci];
    const double x0 = left + static_cast<double>(ci % cols) * (pw + gap_x), y0 = top + 14 + static_cast<double>(ci / cols) * (ph + strip + gap_y);
    std::vector<std::size_t> idx(c.sat_offered.size());
    for (std::size_t i = 0; i < idx.size(); ++i) idx[i] = i;
    std::stable_sort(idx.begin(), idx.end(), [&](std::size_t x, std::size_t y) { return c.sat_offered[x] > c.sat_offered[y]; });
    const std::size_t n = idx.size();
    auto X = [&](std::size_t k) { return x0 + pw * (n > 1 ? static_cast<double>(k) / static_cast<double>(n - 1) : 0.5); };
    auto Y = [&](double v) { return y0 + ph - ph * (std::log10(std::max(v, a)) - std::log10(a)) / (std::log10(b) - std::log10(a)); };
    double limited = 0;
    for (double v : c.sat_limited) limited += v;
    s << "<g class='panel'><text x='" << num(x0) << "' y='" << num(y0 - 4) << "' font-weight='bold'>" << html_escape(c.display) << "</text>"
      << "<rect x='" << num(x0) << "' y='" << num(y0) << "' width='" << num(pw) << "' height='" << num(ph) << "' fill='none' stroke='#999'/>"
      << "<rect x='" << num(x0) << "' y='" << num(y0 + ph + 4) << "' width='" << num(pw) << "' height='" << num(strip - 8) << "' fill='#f4f4f4' stroke='#999'/>";
    for (double d = a; d <= b * 1.0001; d *= 10)
      s << "<line x1='" << num(x0) << "' y1='" << num(Y(d)) << "' x2='" << num(x0 + pw) << "' y2='" << num(Y(d)) << "' stroke='#ddd'/><text x='"
        << num(x0 - 3) << "' y='" << num(Y(d) + 4) << "' text-anchor='end'>" << label(d) << "</text>";
    const std::vector<double>* vals[] = {&c.sat_offered, &c.sat_delivered};
    for (int sidx = 0; sidx < 2; ++sidx) {
      std::ostringstream d;
      bool pen = false;
      for (std::size_t k = 0; k < n; ++k) {
        const double v = (*vals[sidx])[idx[k]];
        if (v <= 0) {
          pen = false;
          continue;
        }
        d << (pen ? 'L' : 'M') << num(X(k)) << ' ' << num(Y(v));
        pen = true;
      }
      if (!d.str().empty())
        s << "<path class='datum' d='" << d.str() << "' fill='none' stroke='" << kSeries[sidx] << "' stroke-width='1.2'"
          << (sidx ? " stroke-dasharray='4 2'" : "") << "/>";
    }
    std::ostringstream d;
    for (std::size_t k = 0; k < n; ++k) d << (k ? 'L' : 'M') << num(X(k)) << ' ' << num(y0 + ph + strip - 4 - (strip - 8) * c.sat_limited[idx[k]]);
    if (n) s << "<path class='datum' d='" << d.str() << "' fill='none' stroke='#555' stroke-width='1'/>";
    s << "<text x='" << num(x0 + pw) << "' y='" << num(y0 + ph + strip + 10) << "' text-anchor='end'>" << n << " satellites; feeder-capped "
      << num(n ? 100 * limited / static_cast<double>(n) : 0.0, 1) << " % of satellite-steps</text></g>\n";
  }
  s << "</svg>\n";
  return s.str();
}

// The two systems shown side by side: the first case and the first case of another family (the
// constellation key up to its first '_', e.g. rassvet / starlink); else the second case.
std::pair<std::size_t, std::size_t> comparison_pair(const std::vector<CaseData>& cases) {
  auto family = [](const std::string& k) { return k.substr(0, k.find('_')); };
  for (std::size_t i = 1; i < cases.size(); ++i)
    if (family(cases[i].constellation) != family(cases[0].constellation)) return {0, i};
  return {0, cases.size() > 1 ? 1 : 0};
}

}  // namespace

// ------------------------------------------------------------------------------------------------

std::array<double, 2> equal_earth(double lon_deg, double lat_deg) {
  const double lam = lon_deg * std::numbers::pi / 180.0, phi = lat_deg * std::numbers::pi / 180.0;
  const double th = std::asin(std::sqrt(3.0) / 2.0 * std::sin(phi));
  const double t2 = th * th, t6 = t2 * t2 * t2;
  const double x = 2.0 * std::sqrt(3.0) * lam * std::cos(th) / (3.0 * (9.0 * kA4 * t6 * t2 + 7.0 * kA3 * t6 + 3.0 * kA2 * t2 + kA1));
  const double y = th * (kA4 * t6 * t2 + kA3 * t6 + kA2 * t2 + kA1);
  return {x, y};
}

std::string html_escape(const std::string& text) {
  std::string o;
  for (char c : text) {
    switch (c) {
      case '&': o += "&amp;"; break;
      case '<': o += "&lt;"; break;
      case '>': o += "&gt;"; break;
      case '\'': o += "&#39;"; break;
      case '"': o += "&quot;"; break;
      default: o.push_back(c);
    }
  }
  return o;
}

Json report_map_json(const capacity::Scenario& sc, const capacity::CapacityResult& res, const capacity::CapacityResult* licensed) {
  Json ids = Json::array(), demand = Json::array(), del = Json::array(), off = Json::array(), usable = Json::array(), cov = Json::array(),
       lic = Json::array();
  for (Eigen::Index c = 0; c < sc.demand_bps.size(); ++c) {
    if (!(sc.demand_bps[c] > 0)) continue;  // the maps show the cells with busy-hour demand
    const auto cu = static_cast<std::size_t>(c);
    ids.push_back(c);
    demand.push_back(sc.demand_bps[c] / 1e9);
    del.push_back(res.cell_delivered_mean_bps[cu] / 1e9);
    off.push_back(res.cell_offered_mean_bps[cu] / 1e9);
    usable.push_back(res.cell_usable_sats_mean[cu]);
    cov.push_back(res.cell_coverage[cu]);
    lic.push_back((licensed ? *licensed : res).cell_delivered_mean_bps[cu] / 1e9);
  }
  return {{"cells", {{"id", ids}, {"demand_gbps", demand}, {"delivered_mean_gbps", del}, {"offered_mean_gbps", off},
                     {"usable_satellites_mean", usable}, {"coverage", cov}, {"licensed_delivered_mean_gbps", lic}}}};
}

Table report_cells_table(const std::vector<Json>& results, const std::vector<std::shared_ptr<const ground::CellGrid>>& grids) {
  Table t({"case", "cell", "lat_deg", "lon_deg", "area_km2", "demand_gbps", "delivered_mean_gbps", "offered_mean_gbps", "share_served",
           "usable_satellites_mean", "coverage", "licensed_delivered_mean_gbps"},
          NumberFormat::significant(6));
  t.set_format("lat_deg", NumberFormat::fixed(4));
  t.set_format("lon_deg", NumberFormat::fixed(4));
  t.set_format("area_km2", NumberFormat::fixed(1));
  for (std::size_t i = 0; i < results.size(); ++i) {
    const Json& r = results[i];
    if (!r.contains("map")) continue;
    const std::string name = r.at("name").get<std::string>();
    const Json& c = r["map"]["cells"];
    const auto& grid = *grids.at(i);
    const auto& ids = c["id"];
    for (std::size_t k = 0; k < ids.size(); ++k) {
      const auto id = ids[k].get<Eigen::Index>();
      const double demand = c["demand_gbps"][k].get<double>(), delivered = c["delivered_mean_gbps"][k].get<double>();
      t.add_row({name, static_cast<std::int64_t>(id), grid.lat_deg()[id], grid.lon_deg()[id], grid.cell_area_km2(), demand, delivered,
                 c["offered_mean_gbps"][k].get<double>(), demand > 0 ? std::min(1.0, delivered / demand) : 0.0,
                 c["usable_satellites_mean"][k].get<double>(), c["coverage"][k].get<double>(),
                 c["licensed_delivered_mean_gbps"][k].get<double>()});
    }
  }
  return t;
}

const std::vector<std::string>& report_input_names() {
  static const std::vector<std::string> names = {"summary.json", "regions.csv", "timeseries.csv", "satellites.csv",
                                                 "latency.csv",  "cells.csv",   "gateways.csv"};
  return names;
}

namespace {
ReportBuild build_report_unguarded(const std::map<std::string, std::string>& inputs, const ground::CountryAtlas* atlas);
}

ReportBuild build_report(const std::map<std::string, std::string>& inputs, const ground::CountryAtlas* atlas) {
  try {
    return build_report_unguarded(inputs, atlas);
  } catch (const Json::exception& e) {  // a member of summary.json of an unexpected type
    throw InputError("summary.json", 0, "json", std::string("unexpected content: ") + e.what());
  }
}

namespace {
ReportBuild build_report_unguarded(const std::map<std::string, std::string>& inputs, const ground::CountryAtlas* atlas) {
  Parsed p = parse_inputs(inputs);
  const ground::CellGrid grid(ground::GridOptions{p.resolution_deg});
  for (auto& c : p.cases)
    for (auto& cell : c.cells) {
      const auto b = grid.bounds(cell.id);
      cell.bounds = {b.south_deg, b.north_deg, b.west_deg, b.east_deg};
    }
  const auto& cases = p.cases;
  const Json& s = p.summary;
  ReportBuild out;
  MapContext mc;
  mc.sphere = sphere_path(mc.frame);
  mc.borders = borders_path(atlas, mc.frame);
  mc.gateway_max_gbps = p.gateway_max_gbps;
  std::map<Metric, Scale> scales;
  for (Metric m : kMetrics) scales[m] = scale_for(m, cases);
  scales[Metric::licensed] = scale_for(Metric::licensed, cases);
  // The licensed view gets its own maps when landing rights change anything.
  std::vector<Metric> metrics(std::begin(kMetrics), std::end(kMetrics));
  if (p.licensed_differs) metrics.push_back(Metric::licensed);

  // Figures (standalone SVG).
  auto fig = [&](const std::string& name, const std::string& svg) {
    out.files["figures/" + name + ".svg"] = "<?xml version='1.0' encoding='UTF-8'?>\n" + svg;
  };
  MapContext standalone_mc = mc;
  standalone_mc.inline_borders = true;
  for (const auto& c : cases)
    for (Metric m : metrics) fig("map_" + std::string(metric_key(m)) + "_" + file_safe(c.name), map_svg(standalone_mc, c, m, scales[m], true));
  const auto [ia, ib] = comparison_pair(cases);
  for (Metric m : metrics) {
    // Side by side: two maps in one figure.
    const double mw = mc.frame.width, mh = mc.frame.top + mc.frame.map_height() + 50;
    std::ostringstream f;
    f << "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 " << num(2 * mw, 0) << ' ' << num(mh, 0) << "' width='" << num(2 * mw, 0)
      << "' height='" << num(mh, 0) << "'>\n<svg x='0' y='0' width='" << num(mw, 0) << "' height='" << num(mh, 0) << "'>"
      << map_svg(standalone_mc, cases[ia], m, scales[m], false) << "</svg>\n<svg x='" << num(mw, 0) << "' y='0' width='" << num(mw, 0)
      << "' height='" << num(mh, 0) << "'>" << map_svg(standalone_mc, cases[ib], m, scales[m], false) << "</svg>\n</svg>\n";
    fig("compare_" + std::string(metric_key(m)), f.str());
  }
  fig("delivered_per_region", chart_regions(cases, true));
  fig("timeseries_regions", chart_timeseries(cases, true));
  if (!p.pairs.empty()) fig("latency", chart_latency(cases, p.pairs, true));
  fig("modcod_mix", chart_modcod(cases, true));
  fig("satellite_utilisation", chart_satellites(cases, true));

  // report.html
  MapContext html_mc = mc;
  html_mc.inline_borders = false;
  std::ostringstream h;
  const std::string title = s["study"]["name"].get<std::string>();
  h << "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'><title>" << html_escape(title) << "</title>\n"
    << "<style>body{font-family:sans-serif;margin:1.5em;max-width:1500px}table{border-collapse:collapse;margin:0.5em 0}"
       "td,th{border:1px solid #ccc;padding:3px 6px;text-align:right}th{background:#f4f4f4}td:first-child{text-align:left}"
       "svg{max-width:100%;height:auto;display:block}.pair{display:grid;grid-template-columns:1fr 1fr;gap:8px}"
       ".quad{display:grid;grid-template-columns:1fr 1fr;gap:8px}figure{margin:0.5em 0}figcaption{font-size:90%;color:#333}"
       "details{margin:0.3em 0}summary{cursor:pointer;font-weight:bold}</style></head><body>\n";
  h << "<svg width='0' height='0' style='position:absolute' aria-hidden='true'><defs><path id='satcap-borders' d='" << mc.borders
    << "'/></defs></svg>\n";
  h << "<h1>" << html_escape(title) << "</h1>\n<p>" << html_escape(s["study"].value("description", std::string())) << "</p>\n";
  h << "<p>satcap " << html_escape(s["engine"]["version"].get<std::string>()) << "; " << s["time"]["steps"].get<long long>() << " steps of "
    << num(s["time"].value("step_s", 0.0), 0) << " s from " << html_escape(s["time"].value("start", std::string())) << "; cells of "
    << label(p.resolution_deg) << " deg (equal area). Maps: Equal Earth projection (equal-area), country borders from the Digital Chart "
       "of the World, colour scale viridis (readable in greyscale); every map of one quantity uses the same classes. "
       "Standalone SVG copies of every figure are in <code>figures/</code>.</p>\n";
  h << "<h2>Systems</h2>\n<table><tr><th>case</th><th>satellites</th><th>gateways</th><th>offered Gbit/s</th><th>delivered Gbit/s</th>"
       "<th>per satellite Gbit/s</th><th>demand served</th><th>wasted</th><th>feeder-limited</th></tr>\n";
  for (const auto& c : cases) {
    const Json& r = *c.summary;
    h << "<tr><td>" << html_escape(c.name) << "</td><td>" << r["satellites"].get<double>() << "</td><td>" << r["gateways"].get<double>()
      << "</td><td>" << num(r["total_offered_gbps"].get<double>()) << "</td><td>" << num(r["total_delivered_gbps"].get<double>()) << "</td><td>"
      << num(r["delivered_per_satellite_gbps"].get<double>(), 3) << "</td><td>" << num(100 * r["demand_served_share"].get<double>()) << " %</td><td>"
      << num(100 * r["wasted_share"].get<double>()) << " %</td><td>" << num(100 * r["feeder_limited_share"].get<double>()) << " %</td></tr>\n";
  }
  h << "</table>\n";
  h << "<h2>Maps: " << html_escape(cases[ia].display) << " and " << html_escape(cases[ib].display) << "</h2>\n"
    << "<p>Cells with busy-hour demand (" << cases[ia].cells.size() << " cells); triangles: gateways, area growing with their forward traffic.</p>\n";
  for (Metric m : metrics)
    h << "<figure class='pair'>" << map_svg(html_mc, cases[ia], m, scales[m], false) << map_svg(html_mc, cases[ib], m, scales[m], false)
      << "</figure>\n";
  h << "<h2>Charts</h2>\n<figure>" << chart_regions(cases, false) << "</figure>\n<figure>" << chart_timeseries(cases, false) << "</figure>\n";
  if (!p.pairs.empty()) h << "<figure>" << chart_latency(cases, p.pairs, false) << "</figure>\n";
  h << "<figure>" << chart_modcod(cases, false) << "</figure>\n<figure>" << chart_satellites(cases, false) << "</figure>\n";
  h << "<h2>Maps per system</h2>\n<p>Delivered throughput density and share of demand served; the four maps of every system "
       "(also usable satellites in view and coverage) are in <code>figures/map_*.svg</code>.</p>\n";
  for (std::size_t i = 0; i < cases.size(); ++i) {
    if (i == ia || i == ib) continue;
    h << "<details><summary>" << html_escape(cases[i].display) << " (" << html_escape(cases[i].name) << ")</summary><div class='quad'>";
    for (Metric m : {Metric::delivered, Metric::share}) h << map_svg(html_mc, cases[i], m, scales[m], false);
    h << "</div></details>\n";
  }
  h << "<h2>Per region</h2>\n<details><summary>table</summary><table><tr><th>case</th><th>region</th><th>demand Gbit/s</th><th>delivered mean</th>"
       "<th>p5</th><th>p50</th><th>p95</th><th>share served</th><th>coverage</th><th>satellites in view</th></tr>\n";
  for (const auto& c : cases)
    for (const auto& g : (*c.summary)["regions"])
      h << "<tr><td>" << html_escape(c.name) << "</td><td>" << html_escape(g["name"].get<std::string>()) << "</td><td>"
        << num(g["demand_gbps"].get<double>()) << "</td><td>" << num(g["delivered_mean_gbps"].get<double>()) << "</td><td>"
        << num(g["delivered_p5_gbps"].get<double>()) << "</td><td>" << num(g["delivered_p50_gbps"].get<double>()) << "</td><td>"
        << num(g["delivered_p95_gbps"].get<double>()) << "</td><td>" << num(100 * g["share_served"].get<double>()) << " %</td><td>"
        << num(100 * g["coverage_cells"].get<double>()) << " %</td><td>" << num(g["satellites_in_view"].get<double>(), 2) << "</td></tr>\n";
  h << "</table></details>\n";
  h << "<h2>Latency</h2>\n<table><tr><th>case</th><th>pair</th><th>reachable</th><th>RTT min ms</th><th>mean</th><th>max</th>"
       "<th>path changes</th></tr>\n";
  for (const auto& c : cases)
    for (const auto& l : (*c.summary)["latency"]) {
      h << "<tr><td>" << html_escape(c.name) << "</td><td>" << html_escape(l["pair"].get<std::string>()) << "</td><td>"
        << num(100 * l["reachable_share"].get<double>()) << " %</td>";
      if (l.contains("rtt_mean_ms") && l["rtt_mean_ms"].is_number())
        h << "<td>" << num(l.value("rtt_min_ms", 0.0)) << "</td><td>" << num(l["rtt_mean_ms"].get<double>()) << "</td><td>"
          << num(l.value("rtt_max_ms", 0.0)) << "</td>";
      else
        h << "<td>-</td><td>-</td><td>-</td>";
      h << "<td>" << l["path_changes"].get<double>() << "</td></tr>\n";
    }
  h << "</table>\n</body></html>\n";
  out.files["report.html"] = h.str();
  return out;
}
}  // namespace

}  // namespace satcap::study
