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

}  // namespace satcap::ground
