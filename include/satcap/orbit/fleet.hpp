#pragma once
/// @file fleet.hpp
/// A real fleet as it is: which satellites of an element-set catalogue are on station, and the shells,
/// planes and slots the on-station ones form (so plane-aware ISL topologies apply to a real fleet).
///
/// The rule (docs/models/fleet.md gives the physical justification and the counts on real snapshots):
///  1. Altitude h = a - 6378.135 km, a = (mu / n^2)^(1/3) from the element set's (Kozai) mean motion with
///     the WGS-72 mu of SGP4 (the convention of ../shared/reference/tle/README.md).
///  2. Inclination bands: the fleet sorted by inclination is split where two neighbours differ by more
///     than `inclination_gap_deg` (single linkage).
///  3. Station-keeping levels: inside a band a satellite is "dense" when at least `min_level_members`
///     satellites of the band (itself included) lie within +-`level_halfwidth_km` of its altitude. Dense
///     satellites closer than `level_halfwidth_km` in altitude form one level (altitude = median).
///  4. Shells: levels of a band closer than `level_gap_km` (median to median) form one shell (OneWeb keeps
///     each plane on its own level, 4 km apart). A shell needs `min_shell_members` satellites within
///     +-`altitude_tolerance_km` of one of its levels; smaller groups (a launch batch on a drift orbit)
///     are not shells.
///  5. Status, in this order: e > `max_eccentricity` -> off_nominal; within +-`altitude_tolerance_km` of
///     a level of a shell of its band and within `inclination_tolerance_deg` of the shell's median
///     inclination -> on_station; otherwise by the mean-motion derivative (ndot/2 of the element set):
///     < -`ndot_deadband` -> raising (mean motion falling: the orbit gains energy, only thrust does
///     that), > +`ndot_deadband` -> decaying (mean motion rising: drag decay, deorbit or a deliberate
///     lowering), else off_nominal (parked off every shell).
///  6. Planes: for the on-station satellites of a shell, the right ascension of the node and the
///     argument of latitude at a common epoch (SGP4 from each element set's own epoch, so the J2 nodal
///     precession over the epoch spread is applied). Per level, RAANs sorted on the circle are split at
///     gaps wider than `raan_gap_deg`; planes of different levels whose mean RAANs are within
///     `raan_gap_deg` are one plane. Planes are numbered in increasing RAAN starting after the widest gap; when
///     that gap exceeds `seam_gap_deg` the shell is a Walker star (a seam: no grid link across it),
///     otherwise a delta (the grid wraps).
///  7. Slots: within a plane, increasing argument of latitude in [0, 360) from the ascending node.
/// Everything is deterministic (ties broken by the element set's index) and independent of threads.
/// Thread-safety: plain values; classify_fleet is reentrant.
#include <satcap/core/time.hpp>
#include <satcap/export.hpp>
#include <satcap/orbit/elements.hpp>
#include <satcap/orbit/walker.hpp>

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace satcap::orbit {

/// What a satellite is doing, from its element set.
enum class FleetStatus { OnStation = 0, Raising = 1, Decaying = 2, OffNominal = 3 };
/// "on_station", "raising", "decaying", "off_nominal".
SATCAP_EXPORT const char* to_string(FleetStatus s);

/// Parameters of the on-station rule and of the shell/plane clustering. Defaults and the ranges a
/// sensitivity sweep should cover are in docs/models/fleet.md (each default is justified there).
struct SATCAP_EXPORT FleetRules {
  double inclination_gap_deg = 0.5;      ///< band split (0.05 .. 5; sweep 0.2 .. 1)
  double level_halfwidth_km = 1.0;       ///< density window of a level (0.1 .. 10; sweep 0.5 .. 2)
  std::size_t min_level_members = 20;    ///< satellites within the window to make a level (2 .. 1000; sweep 10 .. 40)
  double level_gap_km = 6.0;             ///< levels closer than this are one shell (0 .. 50; sweep 4.5 .. 9)
  std::size_t min_shell_members = 100;   ///< smallest shell (1 .. 100000; sweep 60 .. 300)
  double altitude_tolerance_km = 2.0;    ///< on station: |h - level| (0.1 .. 50; sweep 1 .. 5)
  double inclination_tolerance_deg = 0.5;///< on station: |i - shell median i| (0.01 .. 5; sweep 0.2 .. 1)
  double max_eccentricity = 0.002;       ///< on station: e <= this (1e-4 .. 0.1; sweep 0.001 .. 0.005)
  double ndot_deadband_rev_day2 = 1e-5;  ///< |ndot/2| below this is no trend (0 .. 1e-2; sweep 0 .. 1e-4)
  double raan_gap_deg = 1.0;             ///< plane split (0.05 .. 30; sweep 0.5 .. 2)
  double seam_gap_deg = 60.0;            ///< widest RAAN gap above which a shell is a Walker star (1 .. 360)
  /// Throws RangeError naming the field when a value is outside its validity range (above).
  void validate() const;
};

/// One element set's verdict (same order as the input).
struct FleetSatellite {
  FleetStatus status = FleetStatus::OffNominal;
  int shell = -1;  ///< shell index; for non-members the shell of its band nearest in altitude, or -1
  int plane = -1;  ///< plane index within the shell (on-station satellites only, else -1)
  int slot = -1;   ///< slot index within the plane (on-station satellites only, else -1)
  double altitude_km = 0.0;      ///< a - 6378.135 km (see the file comment)
  double inclination_deg = 0.0;  ///< as in the element set
  double eccentricity = 0.0;     ///< as in the element set
  double raan_deg = 0.0;         ///< RAAN at the common epoch (on-station satellites; else the element set's)
  double arg_latitude_deg = 0.0; ///< argument of latitude at the common epoch (on-station satellites; else 0)
};

/// One orbital plane of a shell: its satellites in slot order.
struct FleetPlane {
  double raan_deg = 0.0;                 ///< circular mean of the members' RAAN at the common epoch
  std::vector<std::size_t> members;      ///< indices into the element list, slot 0 first
};

/// One shell found in the fleet.
struct FleetShell {
  double inclination_deg = 0.0;              ///< median inclination of the on-station members
  double altitude_km = 0.0;                  ///< median altitude of the on-station members
  std::vector<double> level_altitudes_km;    ///< station-keeping levels (ascending)
  WalkerPattern pattern = WalkerPattern::Delta;  ///< Star when the widest RAAN gap exceeds seam_gap_deg
  std::vector<FleetPlane> planes;            ///< increasing RAAN, starting after the widest gap
  std::size_t size() const {
    std::size_t n = 0;
    for (const auto& p : planes) n += p.members.size();
    return n;
  }
};

/// The classification of a whole fleet.
struct FleetClassification {
  core::Epoch epoch;                          ///< common epoch of RAANs and arguments of latitude
  std::vector<FleetSatellite> satellites;     ///< one per element set, input order
  std::vector<FleetShell> shells;             ///< increasing inclination, then altitude
  std::array<std::size_t, 4> status_counts{}; ///< indexed by FleetStatus
  std::size_t count(FleetStatus s) const { return status_counts[static_cast<std::size_t>(s)]; }
  std::size_t on_station() const { return count(FleetStatus::OnStation); }
  /// Indices of the on-station satellites in layout order (shell, plane, slot).
  std::vector<std::size_t> on_station_in_layout_order() const;
};

/// Classifies every element set and groups the on-station ones into shells, planes and slots (rule in
/// the file comment). `at` is the common epoch for RAAN and argument of latitude (default: the latest
/// element epoch of the fleet). Throws RangeError for invalid rules; never throws for odd elements (an
/// element set SGP4 cannot propagate to `at` is off_nominal).
SATCAP_EXPORT FleetClassification classify_fleet(const std::vector<MeanElements>& fleet, const FleetRules& rules = {},
                                                 std::optional<core::Epoch> at = std::nullopt);

/// The altitude used by the rule: (mu / n^2)^(1/3) - 6378.135 km with WGS-72 mu and the Kozai mean motion.
SATCAP_EXPORT double mean_altitude_km(const MeanElements& e);

}  // namespace satcap::orbit
