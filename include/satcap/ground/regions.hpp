#pragma once
/// @file regions.hpp
/// Regions of the Earth's surface and the mapping of grid cells to them.
///
/// - `GeoPolygon`: polygons given by rings of (longitude, latitude) vertices in degrees, tested by the
///   even-odd rule over all rings (so holes and enclaves need no flag), in the plate carree plane.
///   Edges are straight in longitude/latitude (as DCW and most GeoJSON data are digitised).
///   Antimeridian: each ring is unwrapped (consecutive longitude steps taken in (-180, 180]), so a ring
///   crossing +-180 stays continuous; a test point is shifted by a multiple of 360 deg into the ring's
///   longitude span. Poles: a ring whose unwrapped longitudes wind once around the globe (net change
///   +-360 deg, e.g. Antarctica's coast) is closed through the pole on the side of its mean latitude.
/// - `CountryAtlas`: the countries of the Digital Chart of the World as packaged for GMT (Debian
///   `gmt-dcw`: `dcw-gmt.nc`, DCW-GMT 2.1.1, read with libnetcdf; codes, names and continents from
///   `dcw-countries.txt`). Only the ISO 3166-1 alpha-2 country polygons are loaded, not the states.
///   A point belongs to the first country (in dcw-countries.txt order) whose polygon contains it.
/// - `RegionRule` / `RegionSet`: named regions as rules over countries, DCW continents, user polygons
///   (GeoJSON) and a latitude band. A cell belongs to a region when its centre matches the rule.
///   Regions may overlap (Russia and CIS and the Arctic); `RegionMap::primary` gives each cell the
///   first matching region of the set, so a set of disjoint rules is a partition.
///
/// Accuracy: decided by the cell centre only; the DCW coordinates are quantised to 16 bits over each
/// country's bounding box (< 30 m for most countries, ~300 m for Russia).
/// Thread-safety: all classes are immutable after construction; const methods may run concurrently.
#include <satcap/ground/grid.hpp>
#include <satcap/export.hpp>

#include <array>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace satcap::ground {

/// A (multi)polygon on longitude/latitude (see file comment).
class SATCAP_EXPORT GeoPolygon {
 public:
  using Ring = std::vector<std::array<double, 2>>;  ///< (lon_deg, lat_deg) vertices, closed implicitly
  GeoPolygon() = default;
  /// Throws RangeError for a latitude outside [-90, 90] or a non-finite coordinate, Error for a ring
  /// with fewer than 3 vertices.
  explicit GeoPolygon(const std::vector<Ring>& rings);

  bool empty() const { return rings_.empty(); }
  std::size_t ring_count() const { return rings_.size(); }
  std::size_t vertex_count() const;
  /// True when the point lies inside (even-odd rule over all rings).
  bool contains(double lat_deg, double lon_deg) const;
  /// Latitude bounds of all rings (after pole closure), degrees.
  double south_deg() const { return south_; }
  double north_deg() const { return north_; }

  /// Bounds of ring i after unwrapping and pole closure: longitudes may extend past +-180 (the span
  /// is at most 360 deg); a point is tested at the longitude shifted into [west, west + 360).
  struct RingBounds {
    double west_deg, east_deg, south_deg, north_deg;
  };
  RingBounds ring_bounds(std::size_t i) const {
    const auto& r = rings_[i];
    return {r.xmin, r.xmax, r.ymin, r.ymax};
  }
  /// True when a ray from the point crosses ring i an odd number of times (the point is inside that
  /// ring alone); contains() is the exclusive-or of this over all rings.
  bool ring_contains(std::size_t i, double lat_deg, double lon_deg) const {
    return ring_crossings_odd(rings_[i], lat_deg, lon_deg);
  }
  /// Vertices of ring i as stored (for drawing): unwrapped longitudes (may pass +-180), closed
  /// (last == first), including the pole closure when there is one.
  Ring ring_vertices(std::size_t i) const;

 private:
  struct RingData {
    std::vector<double> x, y;             // unwrapped lon, lat (degrees), closed (last == first)
    double xmin = 0, xmax = 0, ymin = 0, ymax = 0;
    double bin_height = 1;
    std::vector<std::uint32_t> bin_start;  // CSR: edges of latitude bin b are edge[bin_start[b]..[b+1])
    std::vector<std::uint32_t> edge;
  };
  static RingData build_ring(const Ring& ring);
  static bool ring_crossings_odd(const RingData& r, double lat, double lon);
  std::vector<RingData> rings_;
  double south_ = 90, north_ = -90;
};

/// One country of the atlas.
struct Country {
  std::string code;       ///< ISO 3166-1 alpha-2 (DCW tag), e.g. "RU"
  std::string name;       ///< e.g. "Russian Federation"
  std::string continent;  ///< DCW continent code: AF, AN, AS, EU, NA, OC, SA
  GeoPolygon shape;
};

/// Country polygons (see file comment).
class SATCAP_EXPORT CountryAtlas {
 public:
  /// Loads `dcw-gmt.nc` and `dcw-countries.txt` from `dir` (Debian: /usr/share/gmt-dcw). Throws
  /// InputError for a missing or malformed file. Takes about a second.
  static CountryAtlas load_dcw(const std::filesystem::path& dir = "/usr/share/gmt-dcw");
  /// An atlas from given countries (tests, user data). Builds a 1-degree raster of ring bounding
  /// boxes so that a point tests only the rings whose box holds it.
  explicit CountryAtlas(std::vector<Country> countries);

  const std::vector<Country>& countries() const { return countries_; }
  std::size_t size() const { return countries_.size(); }
  /// Index of the country with this code, or -1.
  int index_of(const std::string& code) const;
  /// Index of the country containing the point, or -1 (sea, or land not in DCW).
  int country_at(double lat_deg, double lon_deg) const;
  /// country_at() for every cell centre of the grid (parallel); -1 for cells over the sea.
  std::vector<int> assign(const CellGrid& grid) const;

 private:
  struct RasterIndex;
  std::vector<Country> countries_;
  std::shared_ptr<const RasterIndex> index_;
};

/// A named region rule (see file comment). The selectors (countries, continents, polygons) are
/// alternatives (OR); a rule with none selects every cell, land or sea. The latitude band
/// [min_lat_deg, max_lat_deg] then restricts the selection (AND), inclusive at both ends.
struct RegionRule {
  std::string name;
  std::vector<std::string> countries;   ///< ISO alpha-2 codes
  std::vector<std::string> continents;  ///< DCW continent codes
  std::vector<GeoPolygon> polygons;     ///< user polygons (e.g. from GeoJSON)
  double min_lat_deg = -90.0;
  double max_lat_deg = 90.0;
};

/// Per-cell region membership of a grid.
struct RegionMap {
  std::vector<std::string> names;              ///< region names, in rule order
  std::vector<int> country;                    ///< per cell: atlas index or -1
  std::vector<int> primary;                    ///< per cell: first matching region or -1
  std::vector<std::vector<std::int32_t>> cells;  ///< per region: its cells, ascending ids
  /// Index of the region with this name, or -1.
  int index_of(const std::string& name) const;
};

/// An ordered list of region rules.
class SATCAP_EXPORT RegionSet {
 public:
  RegionSet() = default;
  explicit RegionSet(std::vector<RegionRule> rules);
  const std::vector<RegionRule>& rules() const { return rules_; }
  void add(RegionRule rule);

  /// Maps every cell of `grid` (parallel). Throws InputError naming the region when a rule lists a
  /// country or continent code that the atlas does not have.
  RegionMap map(const CellGrid& grid, const CountryAtlas& atlas) const;

  /// The groupings of the default study (membership in docs/models/ground.md): Russia, CIS, Arctic,
  /// Europe, Africa, Americas, Asia, Oceania, Antarctica, World.
  static RegionSet default_study();
  /// One region per DCW continent (AF, AN, AS, EU, NA, OC, SA), named by the continent's English name.
  static RegionSet continents();
  /// One region per country of the atlas, named by its code.
  static RegionSet countries(const CountryAtlas& atlas);
  /// Latitude bands [-90 + k step, -90 + (k+1) step], named "lat -90..-60" etc. (step divides 180).
  static RegionSet latitude_bands(double step_deg);

 private:
  std::vector<RegionRule> rules_;
};

/// Reads polygon regions from a GeoJSON file: a FeatureCollection, a Feature or a bare geometry, with
/// Polygon or MultiPolygon geometries (coordinates [lon, lat] in degrees, RFC 7946). Each feature
/// becomes one rule named by its property `name_property` (or "feature N" when absent). Throws
/// InputError naming the file and the feature for anything else.
SATCAP_EXPORT std::vector<RegionRule> read_geojson_regions(const std::filesystem::path& path,
                                                           const std::string& name_property = "name");
/// Same from text.
SATCAP_EXPORT std::vector<RegionRule> parse_geojson_regions(const std::string& text, const std::string& file_name,
                                                            const std::string& name_property = "name");

}  // namespace satcap::ground
