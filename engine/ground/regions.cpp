// Region polygons, the DCW country atlas, region rules and the grid -> region mapping
// (see include/satcap/ground/regions.hpp).
#include <satcap/core/error.hpp>
#include <satcap/core/files.hpp>
#include <satcap/ground/regions.hpp>

#include <netcdf.h>
#include <nlohmann/json.hpp>
#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

namespace satcap::ground {

namespace {

double wrap180(double d) {
  // Maps a longitude difference into (-180, 180].
  d = std::fmod(d, 360.0);
  if (d > 180.0) d -= 360.0;
  if (d <= -180.0) d += 360.0;
  return d;
}

}  // namespace

// ---- GeoPolygon ------------------------------------------------------------------------------

GeoPolygon::RingData GeoPolygon::build_ring(const Ring& ring) {
  if (ring.size() < 3) throw Error("ground::GeoPolygon: a ring needs at least 3 vertices, got " + std::to_string(ring.size()));
  RingData r;
  r.x.reserve(ring.size() + 4);
  r.y.reserve(ring.size() + 4);
  double mean_lat = 0;
  for (std::size_t i = 0; i < ring.size(); ++i) {
    const double lon = ring[i][0], lat = ring[i][1];
    if (!std::isfinite(lon)) throw RangeError("polygon longitude", lon, "finite", "ground::GeoPolygon");
    require_in_range("polygon latitude", lat, -90.0, 90.0, "deg", "ground::GeoPolygon");
    r.x.push_back(i == 0 ? lon : r.x.back() + wrap180(lon - ring[i - 1][0]));
    r.y.push_back(lat);
    mean_lat += lat;
  }
  mean_lat /= static_cast<double>(ring.size());
  const double close = wrap180(ring.front()[0] - ring.back()[0]);
  const double net = (r.x.back() - r.x.front()) + close;
  if (std::abs(net) > 180.0) {
    // The ring winds around a pole: close it through the pole on the side of its mean latitude.
    const double pole = mean_lat < 0 ? -90.0 : 90.0;
    const double x_end = r.x.back() + close;
    r.x.push_back(x_end);
    r.y.push_back(ring.front()[1]);
    r.x.push_back(x_end);
    r.y.push_back(pole);
    r.x.push_back(r.x.front());
    r.y.push_back(pole);
  }
  r.x.push_back(r.x.front());  // explicit closing vertex
  r.y.push_back(r.y.front());
  r.xmin = *std::min_element(r.x.begin(), r.x.end());
  r.xmax = *std::max_element(r.x.begin(), r.x.end());
  r.ymin = *std::min_element(r.y.begin(), r.y.end());
  r.ymax = *std::max_element(r.y.begin(), r.y.end());
  // Latitude bins of edges (CSR) so a point tests only the edges that can cross its parallel.
  const std::size_t edges = r.x.size() - 1;
  const std::size_t nb = std::clamp<std::size_t>(edges / 4, 1, 4096);
  r.bin_height = std::max((r.ymax - r.ymin) / static_cast<double>(nb), 1e-12);
  auto bin_of = [&](double y) {
    const long b = static_cast<long>(std::floor((y - r.ymin) / r.bin_height));
    return static_cast<std::size_t>(std::clamp<long>(b, 0, static_cast<long>(nb) - 1));
  };
  std::vector<std::uint32_t> count(nb + 1, 0);
  for (std::size_t e = 0; e < edges; ++e) {
    const std::size_t b0 = bin_of(std::min(r.y[e], r.y[e + 1])), b1 = bin_of(std::max(r.y[e], r.y[e + 1]));
    for (std::size_t b = b0; b <= b1; ++b) ++count[b + 1];
  }
  for (std::size_t b = 0; b < nb; ++b) count[b + 1] += count[b];
  r.bin_start = count;
  r.edge.resize(count[nb]);
  for (std::size_t e = 0; e < edges; ++e) {
    const std::size_t b0 = bin_of(std::min(r.y[e], r.y[e + 1])), b1 = bin_of(std::max(r.y[e], r.y[e + 1]));
    for (std::size_t b = b0; b <= b1; ++b) r.edge[count[b]++] = static_cast<std::uint32_t>(e);
  }
  return r;
}

GeoPolygon::GeoPolygon(const std::vector<Ring>& rings) {
  rings_.reserve(rings.size());
  for (const auto& ring : rings) {
    rings_.push_back(build_ring(ring));
    south_ = std::min(south_, rings_.back().ymin);
    north_ = std::max(north_, rings_.back().ymax);
  }
}

GeoPolygon::Ring GeoPolygon::ring_vertices(std::size_t i) const {
  const RingData& r = rings_.at(i);
  Ring out(r.x.size());
  for (std::size_t k = 0; k < r.x.size(); ++k) out[k] = {r.x[k], r.y[k]};
  return out;
}

std::size_t GeoPolygon::vertex_count() const {
  std::size_t n = 0;
  for (const auto& r : rings_) n += r.x.size() - 1;
  return n;
}

bool GeoPolygon::ring_crossings_odd(const RingData& r, double lat, double lon) {
  // A point exactly on a pole is moved 1e-9 deg toward the equator so that a ring closed through the
  // pole counts it as inside.
  lat = std::clamp(lat, -90.0 + 1e-9, 90.0 - 1e-9);
  if (lat < r.ymin || lat > r.ymax) return false;
  // Shift the point into [xmin, xmin + 360).
  double x = r.xmin + std::fmod(lon - r.xmin, 360.0);
  if (x < r.xmin) x += 360.0;
  if (x > r.xmax) return false;
  const std::size_t nb = r.bin_start.size() - 1;
  const long b = std::clamp<long>(static_cast<long>(std::floor((lat - r.ymin) / r.bin_height)), 0, static_cast<long>(nb) - 1);
  bool odd = false;
  for (std::uint32_t k = r.bin_start[b]; k < r.bin_start[b + 1]; ++k) {
    const std::uint32_t e = r.edge[k];
    const double y1 = r.y[e], y2 = r.y[e + 1];
    if ((y1 > lat) != (y2 > lat)) {
      const double xc = r.x[e] + (lat - y1) * (r.x[e + 1] - r.x[e]) / (y2 - y1);
      if (x < xc) odd = !odd;
    }
  }
  return odd;
}

bool GeoPolygon::contains(double lat_deg, double lon_deg) const {
  if (lat_deg < south_ - 1e-9 || lat_deg > north_ + 1e-9) return false;
  bool inside = false;
  for (const auto& r : rings_) {
    if (ring_crossings_odd(r, lat_deg, lon_deg)) inside = !inside;
  }
  return inside;
}

// ---- CountryAtlas ----------------------------------------------------------------------------

namespace {

struct NcFile {
  int id = -1;
  ~NcFile() {
    if (id >= 0) nc_close(id);
  }
};

struct RawCountry {
  std::vector<unsigned short> dx, dy;
  double xmin = 0, xscale = 1, ymin = 0, yscale = 1;
};

bool read_dcw_raw(int ncid, const std::string& file, const std::string& code, RawCountry& raw) {
  int vx = 0, vy = 0;
  if (nc_inq_varid(ncid, (code + "_lon").c_str(), &vx) != NC_NOERR) return false;
  if (nc_inq_varid(ncid, (code + "_lat").c_str(), &vy) != NC_NOERR) {
    throw InputError(file, 0, code + "_lat", "variable missing (its _lon exists)");
  }
  int ndims = 0, dim = 0;
  if (nc_inq_varndims(ncid, vx, &ndims) != NC_NOERR || ndims != 1 || nc_inq_vardimid(ncid, vx, &dim) != NC_NOERR) {
    throw InputError(file, 0, code + "_lon", "expected a 1-D variable");
  }
  std::size_t n = 0;
  nc_inq_dimlen(ncid, dim, &n);
  if (nc_get_att_double(ncid, vx, "min", &raw.xmin) != NC_NOERR ||
      nc_get_att_double(ncid, vx, "scale", &raw.xscale) != NC_NOERR ||
      nc_get_att_double(ncid, vy, "min", &raw.ymin) != NC_NOERR ||
      nc_get_att_double(ncid, vy, "scale", &raw.yscale) != NC_NOERR || !(raw.xscale > 0) || !(raw.yscale > 0)) {
    throw InputError(file, 0, code, "missing or bad min/scale attributes");
  }
  raw.dx.resize(n);
  raw.dy.resize(n);
  if (nc_get_var_ushort(ncid, vx, raw.dx.data()) != NC_NOERR || nc_get_var_ushort(ncid, vy, raw.dy.data()) != NC_NOERR) {
    throw InputError(file, 0, code, "cannot read coordinates");
  }
  return true;
}

GeoPolygon decode_dcw(const RawCountry& raw) {
  // DCW-GMT packing: value = raw / scale + min; raw lon 65535 separates rings (lat 0: outer ring,
  // lat 1: hole; the even-odd rule does not need the flag).
  std::vector<GeoPolygon::Ring> rings;
  GeoPolygon::Ring cur;
  auto flush = [&] {
    if (cur.size() >= 3) rings.push_back(std::move(cur));
    cur.clear();
  };
  for (std::size_t i = 0; i < raw.dx.size(); ++i) {
    if (raw.dx[i] == 65535U) {
      flush();
      continue;
    }
    cur.push_back({raw.dx[i] / raw.xscale + raw.xmin, std::clamp(raw.dy[i] / raw.yscale + raw.ymin, -90.0, 90.0)});
  }
  flush();
  return GeoPolygon(rings);
}

}  // namespace

/// A 1-degree raster over lon [-180, 180) x lat [-90, 90]: for each raster cell, the (country, ring)
/// pairs whose bounding box overlaps it, grouped by country in ascending order.
struct CountryAtlas::RasterIndex {
  static constexpr int kLon = 360, kLat = 180;
  std::vector<std::uint32_t> start;  // CSR over raster cells
  std::vector<std::pair<std::uint32_t, std::uint32_t>> entries;
  static int cell(double lat, double lon) {
    const int i = std::clamp(static_cast<int>(std::floor(lat + 90.0)), 0, kLat - 1);
    double x = std::fmod(lon + 180.0, 360.0);
    if (x < 0) x += 360.0;
    const int j = std::clamp(static_cast<int>(std::floor(x)), 0, kLon - 1);
    return i * kLon + j;
  }
};

CountryAtlas::CountryAtlas(std::vector<Country> countries) : countries_(std::move(countries)) {
  auto idx = std::make_shared<RasterIndex>();
  const int ncell = RasterIndex::kLon * RasterIndex::kLat;
  std::vector<std::vector<std::pair<std::uint32_t, std::uint32_t>>> lists(static_cast<std::size_t>(ncell));
  for (std::size_t c = 0; c < countries_.size(); ++c) {
    const GeoPolygon& p = countries_[c].shape;
    for (std::size_t r = 0; r < p.ring_count(); ++r) {
      const auto b = p.ring_bounds(r);
      const int i0 = std::clamp(static_cast<int>(std::floor(b.south_deg + 90.0)), 0, RasterIndex::kLat - 1);
      const int i1 = std::clamp(static_cast<int>(std::floor(b.north_deg + 90.0)), 0, RasterIndex::kLat - 1);
      const double west = std::floor(b.west_deg);
      const double east = std::min(b.east_deg, b.west_deg + 360.0);
      const int nlon = std::min(RasterIndex::kLon, static_cast<int>(std::floor(east) - west) + 1);
      for (int i = i0; i <= i1; ++i) {
        for (int k = 0; k < nlon; ++k) {
          const int cellid = RasterIndex::cell(i - 90.0 + 0.5, west + k + 0.5);
          lists[static_cast<std::size_t>(cellid)].emplace_back(static_cast<std::uint32_t>(c),
                                                               static_cast<std::uint32_t>(r));
        }
      }
    }
  }
  idx->start.resize(static_cast<std::size_t>(ncell) + 1, 0);
  for (int k = 0; k < ncell; ++k) idx->start[k + 1] = idx->start[k] + static_cast<std::uint32_t>(lists[k].size());
  idx->entries.reserve(idx->start.back());
  for (auto& l : lists) idx->entries.insert(idx->entries.end(), l.begin(), l.end());
  index_ = std::move(idx);
}

CountryAtlas CountryAtlas::load_dcw(const std::filesystem::path& dir) {
  const auto list_path = dir / "dcw-countries.txt";
  const auto nc_path = dir / "dcw-gmt.nc";
  std::istringstream list(core::read_file(list_path));
  NcFile nc;
  if (nc_open(nc_path.c_str(), NC_NOWRITE, &nc.id) != NC_NOERR) {
    nc.id = -1;
    throw InputError(nc_path.string(), 0, "", "cannot open netCDF file (Debian package gmt-dcw)");
  }
  std::vector<Country> out;
  std::vector<RawCountry> raws;
  std::string line;
  std::size_t line_no = 0;
  while (std::getline(list, line)) {
    ++line_no;
    if (line.empty() || line[0] == '#') continue;
    std::istringstream ls(line);
    Country c;
    ls >> c.continent >> c.code;
    std::getline(ls, c.name);
    const auto start = c.name.find_first_not_of(" \t");
    c.name = start == std::string::npos ? "" : c.name.substr(start);
    while (!c.name.empty() && (c.name.back() == '\r' || c.name.back() == ' ')) c.name.pop_back();
    if (c.continent.size() != 2 || c.code.size() != 2 || c.name.empty()) {
      throw InputError(list_path.string(), line_no, "", "expected 'CONTINENT CODE Name'");
    }
    RawCountry raw;
    if (read_dcw_raw(nc.id, nc_path.string(), c.code, raw)) {  // netCDF reads stay sequential
      out.push_back(std::move(c));
      raws.push_back(std::move(raw));
    }
  }
  if (out.empty()) throw InputError(list_path.string(), 0, "", "no country found");
  tbb::parallel_for(std::size_t{0}, out.size(), [&](std::size_t i) { out[i].shape = decode_dcw(raws[i]); });
  return CountryAtlas(std::move(out));
}

int CountryAtlas::index_of(const std::string& code) const {
  for (std::size_t i = 0; i < countries_.size(); ++i) {
    if (countries_[i].code == code) return static_cast<int>(i);
  }
  return -1;
}

int CountryAtlas::country_at(double lat_deg, double lon_deg) const {
  if (!(lat_deg >= -90.0 && lat_deg <= 90.0) || !std::isfinite(lon_deg)) return -1;
  const int k = RasterIndex::cell(lat_deg, lon_deg);
  const auto* e = index_->entries.data();
  std::uint32_t i = index_->start[static_cast<std::size_t>(k)];
  const std::uint32_t end = index_->start[static_cast<std::size_t>(k) + 1];
  while (i < end) {  // parity per country run; the first country with odd parity wins
    const std::uint32_t country = e[i].first;
    bool odd = false;
    for (; i < end && e[i].first == country; ++i) {
      if (countries_[country].shape.ring_contains(e[i].second, lat_deg, lon_deg)) odd = !odd;
    }
    if (odd) return static_cast<int>(country);
  }
  return -1;
}

std::vector<int> CountryAtlas::assign(const CellGrid& grid) const {
  std::vector<int> out(static_cast<std::size_t>(grid.size()), -1);
  tbb::parallel_for(tbb::blocked_range<Eigen::Index>(0, grid.size(), 256), [&](const tbb::blocked_range<Eigen::Index>& r) {
    for (Eigen::Index i = r.begin(); i != r.end(); ++i) {
      out[static_cast<std::size_t>(i)] = country_at(grid.lat_deg()[i], grid.lon_deg()[i]);
    }
  });
  return out;
}

// ---- Regions ---------------------------------------------------------------------------------

int RegionMap::index_of(const std::string& name) const {
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (names[i] == name) return static_cast<int>(i);
  }
  return -1;
}

RegionSet::RegionSet(std::vector<RegionRule> rules) : rules_(std::move(rules)) {}

void RegionSet::add(RegionRule rule) { rules_.push_back(std::move(rule)); }

RegionMap RegionSet::map(const CellGrid& grid, const CountryAtlas& atlas) const {
  RegionMap m;
  const std::size_t nr = rules_.size(), nc = static_cast<std::size_t>(grid.size());
  // Per rule: which atlas countries it selects, and whether it selects everything.
  std::vector<std::vector<char>> selects(nr, std::vector<char>(atlas.size(), 0));
  std::vector<char> any(nr, 0);
  for (std::size_t r = 0; r < nr; ++r) {
    const RegionRule& rule = rules_[r];
    m.names.push_back(rule.name);
    for (const auto& code : rule.countries) {
      const int i = atlas.index_of(code);
      if (i < 0) throw InputError("", 0, "region " + rule.name, "unknown country code '" + code + "'");
      selects[r][static_cast<std::size_t>(i)] = 1;
    }
    for (const auto& cont : rule.continents) {
      bool hit = false;
      for (std::size_t i = 0; i < atlas.size(); ++i) {
        if (atlas.countries()[i].continent == cont) {
          selects[r][i] = 1;
          hit = true;
        }
      }
      if (!hit) throw InputError("", 0, "region " + rule.name, "unknown continent code '" + cont + "'");
    }
    any[r] = rule.countries.empty() && rule.continents.empty() && rule.polygons.empty();
    if (!(rule.min_lat_deg <= rule.max_lat_deg)) {
      throw InputError("", 0, "region " + rule.name, "min_lat_deg must not exceed max_lat_deg");
    }
  }
  m.country = atlas.assign(grid);
  std::vector<char> match(nc * nr, 0);
  m.primary.assign(nc, -1);
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, nc, 256), [&](const tbb::blocked_range<std::size_t>& range) {
    for (std::size_t c = range.begin(); c != range.end(); ++c) {
      const double lat = grid.lat_deg()[static_cast<Eigen::Index>(c)], lon = grid.lon_deg()[static_cast<Eigen::Index>(c)];
      const int country = m.country[c];
      for (std::size_t r = 0; r < nr; ++r) {
        const RegionRule& rule = rules_[r];
        if (lat < rule.min_lat_deg || lat > rule.max_lat_deg) continue;
        bool ok = any[r] || (country >= 0 && selects[r][static_cast<std::size_t>(country)]);
        for (std::size_t p = 0; !ok && p < rule.polygons.size(); ++p) ok = rule.polygons[p].contains(lat, lon);
        if (ok) {
          match[c * nr + r] = 1;
          if (m.primary[c] < 0) m.primary[c] = static_cast<int>(r);
        }
      }
    }
  });
  m.cells.assign(nr, {});
  for (std::size_t c = 0; c < nc; ++c) {
    for (std::size_t r = 0; r < nr; ++r) {
      if (match[c * nr + r]) m.cells[r].push_back(static_cast<std::int32_t>(c));
    }
  }
  return m;
}

RegionSet RegionSet::default_study() {
  std::vector<RegionRule> r;
  r.push_back({"Russia", {"RU"}, {}, {}, -90, 90});
  // Commonwealth of Independent States: the nine member states plus Turkmenistan (associate member
  // since 2005). Georgia (left 2009) and Ukraine (stopped participating 2014, left 2018) are not in it.
  r.push_back({"CIS", {"AM", "AZ", "BY", "KZ", "KG", "MD", "RU", "TJ", "UZ", "TM"}, {}, {}, -90, 90});
  // Arctic: every cell (land or sea) north of the Arctic Circle (66.56 deg N, 66 deg 33' 44" for 2025).
  r.push_back({"Arctic", {}, {}, {}, 66.56, 90});
  r.push_back({"Europe", {}, {"EU"}, {}, -90, 90});
  r.push_back({"Africa", {}, {"AF"}, {}, -90, 90});
  r.push_back({"Americas", {}, {"NA", "SA"}, {}, -90, 90});
  r.push_back({"Asia", {}, {"AS"}, {}, -90, 90});
  r.push_back({"Oceania", {}, {"OC"}, {}, -90, 90});
  r.push_back({"Antarctica", {}, {"AN"}, {}, -90, 90});
  r.push_back({"World", {}, {}, {}, -90, 90});
  return RegionSet(std::move(r));
}

RegionSet RegionSet::continents() {
  const std::pair<const char*, const char*> c[] = {{"AF", "Africa"},        {"AN", "Antarctica"}, {"AS", "Asia"},
                                                   {"EU", "Europe"},        {"NA", "North America"},
                                                   {"OC", "Oceania"},       {"SA", "South America"}};
  std::vector<RegionRule> r;
  for (const auto& [code, name] : c) r.push_back({name, {}, {code}, {}, -90, 90});
  return RegionSet(std::move(r));
}

RegionSet RegionSet::countries(const CountryAtlas& atlas) {
  std::vector<RegionRule> r;
  for (const auto& c : atlas.countries()) r.push_back({c.code, {c.code}, {}, {}, -90, 90});
  return RegionSet(std::move(r));
}

RegionSet RegionSet::latitude_bands(double step_deg) {
  require_in_range("step_deg", step_deg, 0.1, 180.0, "deg", "ground::RegionSet::latitude_bands");
  const double k = 180.0 / step_deg;
  if (std::abs(k - std::round(k)) > 1e-9) throw RangeError("step_deg", step_deg, "a divisor of 180", "ground::RegionSet");
  std::vector<RegionRule> r;
  const int n = static_cast<int>(std::lround(k));
  for (int i = 0; i < n; ++i) {
    const double lo = -90.0 + i * step_deg, hi = lo + step_deg;
    std::ostringstream name;
    name << "lat " << lo << ".." << hi;
    r.push_back({name.str(), {}, {}, {}, lo, hi});
  }
  // Bands share their edges (inclusive rule); primary mapping gives an edge cell to the southern band.
  return RegionSet(std::move(r));
}

// ---- GeoJSON ---------------------------------------------------------------------------------

namespace {

GeoPolygon::Ring json_ring(const nlohmann::json& ring, const std::string& file, const std::string& where) {
  if (!ring.is_array()) throw InputError(file, 0, where, "a ring must be an array of positions");
  GeoPolygon::Ring out;
  for (const auto& p : ring) {
    if (!p.is_array() || p.size() < 2 || !p[0].is_number() || !p[1].is_number()) {
      throw InputError(file, 0, where, "a position must be [lon, lat]");
    }
    const double lon = p[0].get<double>(), lat = p[1].get<double>();
    if (!(lat >= -90.0 && lat <= 90.0) || !std::isfinite(lon)) {
      throw InputError(file, 0, where, "position out of range: [" + std::to_string(lon) + ", " + std::to_string(lat) + "]");
    }
    out.push_back({lon, lat});
  }
  if (out.size() >= 2 && out.front() == out.back()) out.pop_back();  // RFC 7946 rings repeat the first point
  if (out.size() < 3) throw InputError(file, 0, where, "a ring needs at least 3 distinct positions");
  return out;
}

void add_polygon_rings(const nlohmann::json& coords, std::vector<GeoPolygon::Ring>& rings, const std::string& file,
                       const std::string& where) {
  if (!coords.is_array() || coords.empty()) throw InputError(file, 0, where, "Polygon coordinates must be a non-empty array of rings");
  for (const auto& ring : coords) rings.push_back(json_ring(ring, file, where));
}

GeoPolygon json_geometry(const nlohmann::json& g, const std::string& file, const std::string& where) {
  if (!g.is_object() || !g.contains("type") || !g.contains("coordinates")) {
    throw InputError(file, 0, where, "geometry needs 'type' and 'coordinates'");
  }
  const std::string type = g["type"].is_string() ? g["type"].get<std::string>() : "";
  std::vector<GeoPolygon::Ring> rings;
  if (type == "Polygon") {
    add_polygon_rings(g["coordinates"], rings, file, where);
  } else if (type == "MultiPolygon") {
    if (!g["coordinates"].is_array()) throw InputError(file, 0, where, "MultiPolygon coordinates must be an array");
    for (const auto& poly : g["coordinates"]) add_polygon_rings(poly, rings, file, where);
  } else {
    throw InputError(file, 0, where, "unsupported geometry type '" + type + "' (Polygon or MultiPolygon)");
  }
  return GeoPolygon(rings);
}

}  // namespace

std::vector<RegionRule> parse_geojson_regions(const std::string& text, const std::string& file_name,
                                              const std::string& name_property) {
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    throw InputError(file_name, 0, "", std::string("invalid JSON: ") + e.what());
  } catch (const nlohmann::json::exception& e) {  // e.g. out_of_range 406: a number overflows a double
    throw InputError(file_name, 0, "", std::string("invalid JSON: ") + e.what());
  }
  if (!doc.is_object() || !doc.contains("type") || !doc["type"].is_string()) {
    throw InputError(file_name, 0, "type", "not a GeoJSON object");
  }
  std::vector<nlohmann::json> features;
  const std::string type = doc["type"].get<std::string>();
  if (type == "FeatureCollection") {
    if (!doc.contains("features") || !doc["features"].is_array()) throw InputError(file_name, 0, "features", "missing array");
    for (const auto& f : doc["features"]) features.push_back(f);
  } else if (type == "Feature") {
    features.push_back(doc);
  } else {
    features.push_back(nlohmann::json{{"type", "Feature"}, {"properties", nullptr}, {"geometry", doc}});
  }
  std::vector<RegionRule> out;
  for (std::size_t i = 0; i < features.size(); ++i) {
    const auto& f = features[i];
    const std::string where = "feature " + std::to_string(i);
    if (!f.is_object() || !f.contains("geometry")) throw InputError(file_name, 0, where, "feature without geometry");
    RegionRule rule;
    rule.name = where;
    if (f.contains("properties") && f["properties"].is_object() && f["properties"].contains(name_property)) {
      const auto& v = f["properties"][name_property];
      rule.name = v.is_string() ? v.get<std::string>() : v.dump();
    }
    try {
      rule.polygons.push_back(json_geometry(f["geometry"], file_name, where));
    } catch (const InputError&) {
      throw;
    } catch (const Error& e) {
      throw InputError(file_name, 0, where, e.what());
    }
    out.push_back(std::move(rule));
  }
  return out;
}

std::vector<RegionRule> read_geojson_regions(const std::filesystem::path& path, const std::string& name_property) {
  return parse_geojson_regions(core::read_file(path), path.string(), name_property);
}

}  // namespace satcap::ground
