#pragma once
/// @file route_setup.hpp
/// The routing job's set-up shared by `satcap route` and the Python binding `satcap.route`: the
/// topology rules from user options (validated, errors naming the caller's option names) and the
/// "PLANES SATS_PER_PLANE" header line of Hypatia's TLE files.
#include <satcap/export.hpp>
#include <satcap/network/topology.hpp>

#include <limits>
#include <string>
#include <utility>

namespace satcap::network {

/// User options of a routing job (NaN: not given).
struct RouteTopologyOptions {
  std::string isl = "plus-grid";  ///< "plus-grid" or "none"
  double isl_max_range_km = std::numeric_limits<double>::quiet_NaN();
  double gsl_min_elevation_deg = std::numeric_limits<double>::quiet_NaN();  ///< default 25 deg
  double gsl_max_range_km = std::numeric_limits<double>::quiet_NaN();       ///< instead of an elevation mask
  bool ground_relays = false;
};

/// How the caller names each option in its error messages ("--isl" on the command line, "isl" in Python).
struct RouteOptionNames {
  std::string isl, isl_max_range_km, gsl_min_elevation_deg, gsl_max_range_km;
};

/// The topology rules of a routing job. InputError naming the option: an ISL kind other than plus-grid
/// or none, a non-positive range, an elevation outside [-90, 90] deg, or both GSL rules at once.
SATCAP_EXPORT TopologySpec route_topology(const RouteTopologyOptions& options, const RouteOptionNames& names);

/// Hypatia's TLE files start with a line "PLANES SATS_PER_PLANE": returns {P, S} and blanks that line
/// (keeping line numbers for error messages), or {0, 0} when the first non-comment line is not one.
SATCAP_EXPORT std::pair<int, int> take_plane_header(std::string& text);

}  // namespace satcap::network
