#pragma once
/// @file topology.hpp
/// Who may link to whom at one time step: the constellation's plane/slot layout, the inter-satellite
/// link (ISL) rules and the ground-satellite link (GSL) rules.
///
/// ISL topologies are pluggable: an `IslTopology` proposes candidate satellite pairs for a step (from
/// the layout and, for geometric rules such as nearest-k, from the positions); the snapshot builder
/// (snapshot.hpp) then applies the physical filters common to every topology, in this order:
/// maximum ISL range, line of sight clearing a sphere of radius `earth_radius + atmosphere_margin`,
/// and the laser-terminal limit per satellite (candidates are accepted greedily in the order the
/// topology proposes them, so a topology lists its preferred links first).
///
/// Provided topologies: `none`, `plus-grid` (+Grid: two intra-plane neighbours and two inter-plane
/// neighbours with a slot offset, as Hypatia's `isls_plus_grid`, Kassing et al. IMC 2020), `ring`
/// (intra-plane neighbours only) and `nearest-k` (each satellite proposes its k nearest satellites
/// in the same shell). Adding one means deriving from `IslTopology` and implementing `propose`.
///
/// Satellite numbering: a shell with P planes of S slots occupies ids first + plane*S + slot
/// (Hypatia's convention `plane*S + slot`). In a Walker star (planes spread over 180 deg of RAAN),
/// plane P-1 and plane 0 are counter-rotating neighbours: +Grid does not link across that seam. In a
/// Walker delta (360 deg) the grid wraps around.
///
/// Thread-safety: all types here are immutable after construction and safe to share.
#include <satcap/core/units.hpp>
#include <satcap/export.hpp>

#include <Eigen/Dense>

#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace satcap::network {

/// RAAN spread of a Walker shell: delta (360 deg, the grid wraps) or star (180 deg, with a seam).
enum class WalkerPattern { Delta, Star };
SATCAP_EXPORT std::string to_string(WalkerPattern p);
/// "delta" or "star"; throws InputError otherwise.
SATCAP_EXPORT WalkerPattern walker_pattern_from_string(std::string_view s);

/// One shell's plane/slot structure.
struct ShellLayout {
  int first_index = 0;     ///< id of (plane 0, slot 0)
  int planes = 1;          ///< P >= 1
  int sats_per_plane = 1;  ///< S >= 1 (with plane_sizes: the largest plane)
  WalkerPattern pattern = WalkerPattern::Delta;
  /// Optional: satellites in each plane (P entries, each >= 1), for real fleets whose planes are not
  /// equally filled (network::layout_for_fleet). Empty = every plane has sats_per_plane satellites.
  /// Plane p then occupies ids first_index + (sizes of planes 0..p-1) + slot.
  std::vector<int> plane_sizes{};
  int count() const {
    if (plane_sizes.empty()) return planes * sats_per_plane;
    int n = 0;
    for (int s : plane_sizes) n += s;
    return n;
  }
  /// Satellites in plane p.
  int plane_size(int p) const {
    return plane_sizes.empty() ? sats_per_plane : plane_sizes[static_cast<std::size_t>(p)];
  }
};

/// The plane/slot structure of all satellites (shells are contiguous id ranges, in order).
class SATCAP_EXPORT ConstellationLayout {
 public:
  ConstellationLayout() = default;
  /// Shells must be contiguous from id 0 (first_index of shell k = sum of the counts before it);
  /// throws InputError otherwise.
  explicit ConstellationLayout(std::vector<ShellLayout> shells);
  /// A single shell of P x S satellites.
  static ConstellationLayout single_shell(int planes, int sats_per_plane,
                                          WalkerPattern pattern = WalkerPattern::Delta);
  /// Satellites without plane structure (only geometric topologies such as nearest-k apply).
  static ConstellationLayout unstructured(int count);

  int satellite_count() const { return count_; }
  const std::vector<ShellLayout>& shells() const { return shells_; }
  /// Shell index of satellite `sat`.
  int shell_of(int sat) const;

 private:
  std::vector<ShellLayout> shells_;
  int count_ = 0;
};

/// A candidate ISL (a < b not required; the builder normalises and removes duplicates).
struct SatPair {
  std::int32_t a = 0;
  std::int32_t b = 0;
};

/// A rule proposing the ISLs of a step. Called once per step (not per link).
class SATCAP_EXPORT IslTopology {
 public:
  virtual ~IslTopology() = default;
  /// Short name ("plus-grid", "ring", ...).
  virtual std::string name() const = 0;
  /// Appends candidate links to `out` in order of preference. `sat_ecef_m` is 3xN (m), N =
  /// layout.satellite_count().
  virtual void propose(const ConstellationLayout& layout, const Eigen::Matrix3Xd& sat_ecef_m,
                       std::vector<SatPair>& out) const = 0;
  /// True when the proposal does not depend on positions (the builder may cache it).
  virtual bool is_static() const { return true; }
};

/// No ISLs (bent pipe).
class SATCAP_EXPORT NoIsl final : public IslTopology {
 public:
  std::string name() const override { return "none"; }
  void propose(const ConstellationLayout&, const Eigen::Matrix3Xd&, std::vector<SatPair>&) const override {}
};

/// +Grid: (p, s) links to (p, s+1 mod S) and (p+1, s+offset mod S); within each shell. Intra-plane
/// links are proposed first, then inter-plane ones. No inter-plane link across a Walker star seam.
/// Planes of unequal size (ShellLayout::plane_sizes, real fleets): the intra-plane ring closes over the
/// plane's own satellites and (p, s) links to the satellite of plane p+1 nearest to it at this step (then
/// `offset` slots further); without positions (sat_ecef_m with no columns) to the slot at the same
/// fraction of the plane, round(s * S_{p+1} / S_p) + offset. Uniform shells never read positions.
class SATCAP_EXPORT PlusGrid final : public IslTopology {
 public:
  explicit PlusGrid(int inter_plane_slot_offset = 0) : offset_(inter_plane_slot_offset) {}
  std::string name() const override { return "plus-grid"; }
  void propose(const ConstellationLayout& layout, const Eigen::Matrix3Xd& sat_ecef_m,
               std::vector<SatPair>& out) const override;
  int inter_plane_slot_offset() const { return offset_; }
  /// False: shells with planes of unequal size pick inter-plane partners from the positions.
  bool is_static() const override { return false; }

 private:
  int offset_;
};

/// Ring: intra-plane neighbours only, (p, s) to (p, s+1 mod S).
class SATCAP_EXPORT RingIsl final : public IslTopology {
 public:
  std::string name() const override { return "ring"; }
  void propose(const ConstellationLayout& layout, const Eigen::Matrix3Xd& sat_ecef_m,
               std::vector<SatPair>& out) const override;
};

/// Nearest-k: each satellite proposes its k nearest satellites of the same shell (ties by id),
/// nearest first. O(N^2) per step over each shell; intended for small or unstructured sets.
class SATCAP_EXPORT NearestK final : public IslTopology {
 public:
  explicit NearestK(int k);
  std::string name() const override { return "nearest-k"; }
  void propose(const ConstellationLayout& layout, const Eigen::Matrix3Xd& sat_ecef_m,
               std::vector<SatPair>& out) const override;
  bool is_static() const override { return false; }
  int k() const { return k_; }

 private:
  int k_;
};

/// Named topologies for options and the CLI.
enum class IslKind { None, PlusGrid, Ring, NearestK };
SATCAP_EXPORT std::string to_string(IslKind k);
/// "none", "plus-grid", "ring", "nearest-k"; throws InputError otherwise.
SATCAP_EXPORT IslKind isl_kind_from_string(std::string_view s);
/// Makes the topology; `parameter` is the slot offset for plus-grid and k for nearest-k.
SATCAP_EXPORT std::shared_ptr<const IslTopology> make_isl_topology(IslKind kind, int parameter = 0);

/// Physical limits applied to every proposed ISL.
struct IslRules {
  /// Longest ISL; longer candidates are dropped. Infinite = no limit.
  units::Length max_range = units::metres(std::numeric_limits<double>::infinity());
  /// Drop links whose straight segment passes closer than earth_radius + atmosphere_margin to the
  /// Earth's centre.
  bool line_of_sight = true;
  units::Length earth_radius = units::metres(6378137.0);  ///< WGS84 equatorial radius
  units::Length atmosphere_margin = units::km(80.0);
  /// Laser terminals per satellite (each ISL uses one at both ends); 0 = no limit.
  int max_terminals = 4;
};

/// How a ground station may see a satellite.
enum class GslCriterion { MinElevation, MaxRange };

/// Ground-satellite link rules.
struct GslRules {
  GslCriterion criterion = GslCriterion::MinElevation;
  /// Geodetic elevation mask (WGS84 normal at the station), for MinElevation.
  units::Angle min_elevation = units::deg(25.0);
  /// Longest slant range, for MaxRange (no elevation test then, as in Hypatia).
  units::Length max_range = units::km(1000.0);
  /// At most this many satellites per station (the nearest ones, ties by id); 0 = no limit. A
  /// station's own `max_satellites` overrides it when > 0.
  int max_satellites_per_station = 0;
};

/// A ground station of the routing graph. Gateways carry traffic into the network (max flow).
struct GroundStation {
  std::string id;    ///< short id used in paths and output ("G17")
  std::string name;  ///< free text
  double lat_deg = 0.0;
  double lon_deg = 0.0;
  double height_m = 0.0;
  bool gateway = false;
  /// Gateway feeder capacity (bit/s) towards the terrestrial network; used by the flow solver.
  double feeder_capacity_bps = 0.0;
  /// Per-station limit on simultaneously linked satellites (antennas); 0 = use GslRules.
  int max_satellites = 0;
};

/// All the rules of one study's network.
struct TopologySpec {
  std::shared_ptr<const IslTopology> isl = std::make_shared<PlusGrid>(0);
  IslRules isl_rules;
  GslRules gsl_rules;
  /// When true, paths may bounce through ground stations (ground relays); when false a ground
  /// station is only ever a path's end point (Hypatia's algorithm_free_one_only_over_isls).
  bool ground_relays = false;
};

}  // namespace satcap::network
