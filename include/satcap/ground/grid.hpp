#pragma once
/// @file grid.hpp
/// A global grid of equal-area cells on the WGS84 ellipsoid, and a spatial index answering
/// "which cells lie inside this satellite's coverage cap above elevation mask E".
///
/// Scheme (documented in docs/models/ground.md): an equal-area latitude-band grid in the spirit of
/// Leopardi's recursive zonal equal-area partition. The nominal resolution `d` sets M = round(180/d)
/// bands of equal height in *authalic* latitude; band j gets n_j = max(1, round(A_j / d^2)) cells,
/// where A_j is the band's area on the unit sphere (so cells are about d x d at the equator). The band
/// edges are then moved so that the sine of the authalic latitude of edge j is -1 + 2 C_j / N, with
/// C_j the number of cells south of the edge and N the total: every band then holds exactly n_j times
/// the area 4 pi R_q^2 / N, and the cells of a band split it into equal longitude sectors starting at
/// -180 deg. Because the authalic latitude maps the ellipsoid's area onto a sphere of radius R_q
/// (Snyder 1987, eq. 3-11/3-12, GeographicLib::Ellipsoid::AuthalicLatitude), every cell has the same
/// area on the WGS84 ellipsoid, equal to ellipsoid area / N, to floating-point precision (the tests
/// check each cell's area against an independent rhumb-polygon area, relative error < 1e-9).
/// Cells are quadrilaterals bounded by two parallels and two meridians (near the poles, the first
/// and last bands hold 3 wedge-shaped cells meeting at the pole at 1 deg resolution).
///
/// Cell ids are 0..N-1, band by band from south to north, west to east inside a band starting at
/// -180 deg: stable and deterministic for a given resolution. The cell centre is the point of the
/// cell that halves its area in latitude (authalic) and its longitude range; it is the point used for
/// region membership and for geometry (height 0 on the ellipsoid).
///
/// Thread-safety: CellGrid and CapIndex are immutable after construction; all methods are const and
/// may be called concurrently. Queries never allocate once the caller's buffers have grown to size.
#include <satcap/core/units.hpp>
#include <satcap/export.hpp>

#include <Eigen/Dense>

#include <cstddef>
#include <cstdint>
#include <vector>

namespace satcap::ground {

/// Grid construction options.
struct GridOptions {
  /// Nominal cell size in degrees (cell edge at the equator, ~111 km per degree). 1.0 gives 41,252
  /// cells of 12,365 km^2 each; 1.4 gives 21,184 cells. Valid range [0.05, 30].
  double resolution_deg = 1.0;
  /// Throws RangeError when a member is out of range.
  void validate() const;
};

/// One latitude band of the grid. Latitudes are geodetic degrees.
struct GridBand {
  double lat_south_deg = 0.0;   ///< southern edge
  double lat_north_deg = 0.0;   ///< northern edge
  double lat_centre_deg = 0.0;  ///< latitude of the band's cell centres
  int first_cell = 0;           ///< id of the band's westernmost cell (west edge at -180 deg)
  int cell_count = 0;           ///< number of cells (equal longitude sectors)
  double lon_width_deg() const { return 360.0 / cell_count; }
};

/// The equal-area cell grid (see file comment). Per-cell data are SoA Eigen arrays indexed by id.
class SATCAP_EXPORT CellGrid {
 public:
  explicit CellGrid(const GridOptions& options = {});

  const GridOptions& options() const { return options_; }
  /// Number of cells N.
  Eigen::Index size() const { return lat_deg_.size(); }
  const std::vector<GridBand>& bands() const { return bands_; }

  /// Area of every cell on the WGS84 ellipsoid, km^2 (ellipsoid area / N).
  double cell_area_km2() const { return cell_area_km2_; }
  /// Centre geodetic latitude and longitude (degrees; longitude in [-180, 180)).
  const Eigen::ArrayXd& lat_deg() const { return lat_deg_; }
  const Eigen::ArrayXd& lon_deg() const { return lon_deg_; }
  /// Band index of each cell.
  const Eigen::ArrayXi& band() const { return band_; }
  /// Centre positions in ECEF (m, height 0 on WGS84), 3 x N.
  const Eigen::Matrix3Xd& ecef_m() const { return ecef_m_; }
  /// Unit ellipsoid normals (geodetic "up") at the centres, 3 x N.
  const Eigen::Matrix3Xd& up() const { return up_; }
  /// Unit geocentric directions of the centres, 3 x N.
  const Eigen::Matrix3Xd& unit() const { return unit_; }

  /// Bounds of a cell (degrees): south, north, west, east (west in [-180, 180), east = west + width).
  struct Bounds {
    double south_deg, north_deg, west_deg, east_deg;
  };
  Bounds bounds(int cell) const;
  /// Id of the cell containing the geodetic point (lat in [-90, 90], any finite longitude).
  /// A point on an edge belongs to the cell north / east of it (the north pole to the last band).
  int cell_at(double lat_deg, double lon_deg) const;

 private:
  GridOptions options_;
  std::vector<GridBand> bands_;
  std::vector<double> edge_sin_xi_;  // sine of authalic latitude of band edges, size bands+1
  double cell_area_km2_ = 0.0;
  Eigen::ArrayXd lat_deg_, lon_deg_;
  Eigen::ArrayXi band_;
  Eigen::Matrix3Xd ecef_m_, up_, unit_;
};

/// Cells found in one satellite's coverage cap: ids (ascending by band, then by longitude from the
/// sub-satellite meridian's west side, deterministic), elevation (deg) and slant range (m).
/// The vectors are cleared and refilled by each query; their capacity is kept, so a buffer reused
/// across queries stops allocating once it has grown to the largest cap.
struct CapHits {
  std::vector<std::int32_t> cell;
  std::vector<double> elevation_deg;
  std::vector<double> range_m;
  std::size_t size() const { return cell.size(); }
  void clear() {
    cell.clear();
    elevation_deg.clear();
    range_m.clear();
  }
  void reserve(std::size_t n) {
    cell.reserve(n);
    elevation_deg.reserve(n);
    range_m.reserve(n);
  }
};

/// Visible cells of many satellites in compressed-row form: the hits of satellite s are the entries
/// [offset[s], offset[s+1]) of `cell`, `elevation_deg` and `range_m`. Reusable across time steps
/// (keeps its capacity and per-chunk scratch).
struct Visibility {
  std::vector<std::size_t> offset;  ///< size = satellites + 1
  std::vector<std::int32_t> cell;
  std::vector<double> elevation_deg;
  std::vector<double> range_m;
  std::size_t satellites() const { return offset.empty() ? 0 : offset.size() - 1; }
  std::size_t hits() const { return cell.size(); }
  /// Per-chunk scratch used by CapIndex::query_all (implementation detail; keeps its capacity).
  std::vector<CapHits> scratch;
};

/// Spatial index over a CellGrid for coverage-cap queries (see file comment).
///
/// A cell is in the cap of a satellite at ECEF position P when its centre C sees P at a geodetic
/// elevation >= E: with d = P - C and n the unit normal at C, n.d >= sin(E) |d|. The index bounds the
/// geocentric angle between C and P for any such cell (ellipsoid radius >= b, normal within 0.2 deg of
/// the radial direction), enumerates the bands and longitude sectors within that angle, and applies
/// the exact test above to each candidate. The result equals a brute-force scan of all cells with
/// the same test, bit for bit (tested). Cost: proportional to the number of candidate cells
/// (about the cap's cells plus a thin rim), independent of the grid size otherwise.
class SATCAP_EXPORT CapIndex {
 public:
  /// Copies what it needs from `grid` (the grid may be destroyed afterwards).
  explicit CapIndex(const CellGrid& grid);

  /// Cells whose centre sees the satellite at elevation >= min_elevation_deg (valid [-10, 90]).
  /// `out` is cleared and filled. Never throws on geometry (a satellite below the ellipsoid sees
  /// what the exact test says); RangeError only for a non-finite position or a mask out of range.
  void query(const Eigen::Vector3d& sat_ecef_m, double min_elevation_deg, CapHits& out) const;

  /// The same by scanning every cell (reference for tests and benchmarks).
  void query_brute_force(const Eigen::Vector3d& sat_ecef_m, double min_elevation_deg, CapHits& out) const;

  /// Queries for every column of `sats_ecef_m` (3 x S, m), in parallel with oneTBB over fixed chunks
  /// of satellites; the output is identical for any thread count.
  void query_all(const Eigen::Matrix3Xd& sats_ecef_m, double min_elevation_deg, Visibility& out) const;

  /// Upper bound on the number of cells in one cap for a satellite at radius r (m) and mask E,
  /// to pre-size buffers (cap area / cell area + rim allowance).
  std::size_t max_hits(double sat_radius_m, double min_elevation_deg) const;

  Eigen::Index cells() const { return ecef_m_.cols(); }

 private:
  /// Appends the hits of one satellite to `out` (inputs already checked).
  void append(const Eigen::Vector3d& sat_ecef_m, double min_elevation_deg, CapHits& out) const;

  struct BandData {
    double psi;      // geocentric latitude of centres, rad
    double sin_psi;
    double cos_psi;
    double width;    // longitude width of a cell, rad
    int first;
    int count;
  };
  std::vector<BandData> bands_;
  double cell_area_sr_ = 0.0;  // cell solid angle on the unit sphere (approx, for max_hits)
  Eigen::Matrix3Xd ecef_m_, up_;
};

}  // namespace satcap::ground
