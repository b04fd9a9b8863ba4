#pragma once
/// @file gateways.hpp
/// Gateway sites: the shipped dataset (datasets/ground/starlink_gateways.csv, read with
/// read_ground_sites plus its extra columns) and a rule-based placement where no site is known.
///
/// Placement rule (deterministic): the candidate cells (e.g. a region's cells) are ranked by a
/// weight (e.g. population or demand per cell), ties broken by the lower cell id; a cell is accepted
/// when its centre lies at least `min_separation_km` (geodesic on WGS84, GeographicLib) from every
/// gateway already accepted, including `existing` sites; placement stops after `count` gateways or
/// when candidates run out. Cells of zero weight are not used unless `allow_zero_weight`.
/// Thread-safety: reentrant functions over plain data.
#include <satcap/ground/grid.hpp>
#include <satcap/ground/sites.hpp>
#include <satcap/export.hpp>

#include <Eigen/Dense>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace satcap::ground {

/// A gateway of the shipped dataset: its site and the source columns.
struct GatewayRecord {
  GroundSite site;
  std::string status;        ///< operational, planned, starperf_2024-01_only
  std::string coord_source;  ///< starperf_site or starlinkviz (geocoded, less precise)
  int ka_antennas = 0;       ///< StarPerf count (licensed/planned), 0 when unknown
  int e_antennas = 0;
};

/// Reads a gateway file in the format of datasets/ground/starlink_gateways.csv (the ground-site
/// columns plus status, coord_source, ka_antennas, e_antennas; the extra columns are optional).
/// InputError on a bad row.
SATCAP_EXPORT std::vector<GatewayRecord> read_gateways(const std::filesystem::path& path);

/// Sites of the records whose status is in `statuses` (all when empty), in file order.
SATCAP_EXPORT std::vector<GroundSite> gateway_sites(const std::vector<GatewayRecord>& records,
                                                    const std::vector<std::string>& statuses = {"operational"});

/// Options of the rule-based placement.
struct GatewayPlacementOptions {
  int count = 10;                    ///< gateways to place, [1, 100000]
  double min_separation_km = 500.0;  ///< minimum geodesic distance between gateways, [0, 20000] km
  bool allow_zero_weight = false;    ///< also use cells whose weight is 0
  int first_id = 100000;             ///< id of the first placed gateway (then +1 each)
  std::string name_prefix = "auto";  ///< names are "<prefix>-<k> cell <id>"
  void validate() const;             ///< RangeError when out of range
};

/// Places gateways by the rule in the file comment. `weight` is indexed by cell id (size N);
/// `candidates` lists the eligible cell ids (e.g. RegionMap::cells[r]); `existing` sites count for
/// the separation. Returns the new sites at cell centres (height 0), in placement order.
SATCAP_EXPORT std::vector<GroundSite> place_gateways(const CellGrid& grid, const Eigen::ArrayXd& weight,
                                                     const std::vector<std::int32_t>& candidates,
                                                     const GatewayPlacementOptions& options,
                                                     const std::vector<GroundSite>& existing = {});

// ---- Optimised placement: greedy maximum coverage of satellite passes (docs/models/feeder.md) ----

/// Options of the coverage placement (place_gateways_coverage).
struct CoveragePlacementOptions {
  GatewayPlacementOptions placement;     ///< count, separation, ids and names as for the rule placement
  double min_elevation_deg = 10.0;       ///< a candidate covers a satellite seen above this elevation, [0, 90)
  /// Stop early once the covered weight reaches this share of the weight any candidate can cover, (0, 1].
  double stop_at_share = 1.0;
  void validate() const;                 ///< RangeError when out of range
};

/// Result of the coverage placement: the sites in placement order and, after each site, the share of
/// the coverable sample weight covered so far (non-decreasing; 1 = every coverable sample covered).
struct CoveragePlacement {
  std::vector<GroundSite> sites;
  std::vector<double> covered_share;
  double coverable_weight = 0;           ///< weight of the samples at least one candidate covers
  double total_weight = 0;               ///< weight of all samples
};

/// Greedy maximum-coverage placement. A *sample* is one satellite at one instant: column s of
/// `sat_ecef_m[k]` (metres, ECEF) with weight `sample_weight[k][s]` (>= 0; e.g. 1 when the satellite is
/// over demand, 0 otherwise; empty = every sample weighs 1). A candidate cell covers a sample when the
/// satellite is above `min_elevation_deg` seen from the cell centre (ellipsoid normal, height 0). Each
/// pass adds the candidate whose not-yet-covered samples weigh most (ties: larger `tie_weight`, then
/// lower cell id), subject to the separation rule against accepted and `existing` sites; it stops at
/// `count` sites, when no candidate adds weight, or at `stop_at_share` of the coverable weight. The greedy
/// choice is a (1 - 1/e) approximation of the best placement of the same size (Nemhauser, Wolsey,
/// Fisher 1978), and its first n sites do not depend on `count` (a count sweep sees nested sets).
/// Candidates of zero `tie_weight` are skipped unless placement.allow_zero_weight.
SATCAP_EXPORT CoveragePlacement place_gateways_coverage(const CellGrid& grid, const Eigen::ArrayXd& tie_weight,
                                                        const std::vector<std::int32_t>& candidates,
                                                        const std::vector<Eigen::Matrix3Xd>& sat_ecef_m,
                                                        const std::vector<std::vector<double>>& sample_weight,
                                                        const CoveragePlacementOptions& options,
                                                        const std::vector<GroundSite>& existing = {});

}  // namespace satcap::ground
