#pragma once
/// @file walker.hpp
/// Walker constellations: shells (delta and star patterns) and multi-shell constellations with stable
/// satellite ids, loaded from datasets/constellations/*.toml.
///
/// Walker notation i: T/P/F (J. G. Walker, "Satellite constellations", JBIS 37, 1984): T satellites in
/// P equally spaced planes, S = T/P per plane, phasing factor F in [0, P-1]. Plane p (0-based) has
/// RAAN = raan_offset + p * spread / P, with spread 360 deg for the delta pattern and 180 deg for the star
/// pattern (polar "streets of coverage", e.g. Iridium, OneWeb). Slot s in plane p has mean anomaly
/// (argument of latitude for circular orbits) u = 360 * s / S + 360 * F * p / T.
/// Ids: (shell, plane, slot), all 0-based, stable for a given file; name "<shell name>/<plane>/<slot>".
/// Thread-safety: immutable values.
///
/// TOML format (one file per system):
/// ```toml
/// name = "Starlink Gen1"
/// epoch = "2026-01-01T00:00:00Z"   # optional: when the elements hold (default: the grid start)
/// [[shell]]
/// name = "shell1"
/// altitude_km = 550.0
/// inclination_deg = 53.0
/// planes = 72
/// sats_per_plane = 22
/// phasing = 17            # F
/// pattern = "delta"       # or "star"
/// raan_offset_deg = 0.0   # optional
/// eccentricity = 0.0      # optional
/// source = "FCC 21-48 ..." # required: where the numbers come from
/// ```
#include <satcap/core/time.hpp>
#include <satcap/core/units.hpp>
#include <satcap/export.hpp>
#include <satcap/orbit/elements.hpp>
#include <satcap/orbit/j2.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace satcap::orbit {

enum class WalkerPattern { Delta, Star };
SATCAP_EXPORT const char* to_string(WalkerPattern p);
/// "delta" / "star" (case-insensitive); throws InputError otherwise.
SATCAP_EXPORT WalkerPattern walker_pattern_from_string(const std::string& text);

/// One Walker shell.
struct SATCAP_EXPORT ShellSpec {
  std::string name;
  units::Length altitude = units::km(550.0);       ///< above the equatorial radius (WGS-84 a)
  units::Angle inclination = units::deg(53.0);
  int planes = 1;
  int sats_per_plane = 1;
  int phasing = 0;                                 ///< Walker F, 0 .. planes-1
  WalkerPattern pattern = WalkerPattern::Delta;
  units::Angle raan_offset = units::deg(0.0);
  double eccentricity = 0.0;
  std::string source;                              ///< where the numbers come from

  int total() const { return planes * sats_per_plane; }
  /// Throws RangeError / InputError for altitude outside 100..50000 km, inclination outside 0..180 deg,
  /// planes or sats_per_plane < 1, phasing outside 0..planes-1, eccentricity outside [0, 0.9].
  void validate() const;
};

/// Stable id of a Walker satellite.
struct SatelliteId {
  int shell = 0, plane = 0, slot = 0;
  bool operator==(const SatelliteId&) const = default;
};

/// One satellite of a Walker constellation, with its mean elements at the constellation epoch.
struct WalkerSatellite {
  SatelliteId id;
  std::string name;        ///< "<shell>/<plane>/<slot>"
  KeplerElements elements;
};

class SATCAP_EXPORT Constellation {
 public:
  Constellation() = default;
  /// Builds every satellite of every shell (validated). `epoch` is when the elements hold (optional).
  Constellation(std::string name, std::vector<ShellSpec> shells, std::optional<core::Epoch> epoch = std::nullopt);
  /// Loads a TOML file (format above); InputError with file, line and key on bad input.
  static Constellation load_toml(const std::filesystem::path& path);

  const std::string& name() const { return name_; }
  const std::vector<ShellSpec>& shells() const { return shells_; }
  const std::vector<WalkerSatellite>& satellites() const { return sats_; }
  std::size_t size() const { return sats_.size(); }
  const std::optional<core::Epoch>& epoch() const { return epoch_; }
  /// Index of a satellite by id, or -1.
  long index_of(const SatelliteId& id) const;

  /// SGP4 mean elements synthesised for satellite `index` at `epoch` (B* = 0, Kozai mean motion from the
  /// semi-major axis with WGS-72, so SGP4's un-Kozai step returns the same a to first order).
  MeanElements sgp4_elements(std::size_t index, const core::Epoch& epoch) const;

 private:
  std::string name_;
  std::vector<ShellSpec> shells_;
  std::vector<WalkerSatellite> sats_;
  std::optional<core::Epoch> epoch_;
};

/// A group of real satellites with similar inclination and altitude (see group_into_shells).
struct ShellGroup {
  double inclination_deg = 0.0;   ///< mean inclination of the group
  double altitude_km = 0.0;       ///< mean altitude (a - 6378.135 km, WGS-72 a from mean motion)
  std::vector<std::size_t> members;  ///< indices into the element list, ascending
  /// Distinct planes found by clustering the RAANs (moved to the latest epoch of the group with the J2 node
  /// drift) with gaps larger than `raan_tol_deg`.
  int planes = 0;
};

/// Groups a real fleet into shells: satellites are binned by inclination (within `inclination_tol_deg`)
/// and altitude (within `altitude_tol_km`) by single-linkage clustering of the sorted values; groups with
/// fewer than `min_members` satellites are dropped (e.g. raising or decaying). Deterministic.
SATCAP_EXPORT std::vector<ShellGroup> group_into_shells(const std::vector<MeanElements>& fleet,
                                                        double inclination_tol_deg = 1.0,
                                                        double altitude_tol_km = 10.0,
                                                        std::size_t min_members = 5,
                                                        double raan_tol_deg = 2.0);

}  // namespace satcap::orbit
