#pragma once
/// @file orbit_layout.hpp
/// The plane/slot layout of an orbit::Constellation (Walker shells) for the ISL topologies, so
/// positions from orbit::propagate(constellation, ...) map column-for-column onto graph vertices.
#include <satcap/export.hpp>
#include <satcap/network/topology.hpp>
#include <satcap/orbit/fleet.hpp>
#include <satcap/orbit/walker.hpp>

#include <cstddef>
#include <vector>

namespace satcap::network {

/// One ShellLayout per shell (pattern delta/star as in the file). Throws InputError when the
/// constellation's satellites are not ordered shell, plane, slot (the order orbit::Constellation
/// documents), since vertex ids would then not match the ephemeris columns.
SATCAP_EXPORT ConstellationLayout layout_of(const orbit::Constellation& constellation);

/// The plane/slot layout of a real fleet's on-station satellites (orbit::classify_fleet), and which
/// element set each layout id is.
struct FleetLayout {
  ConstellationLayout layout;             ///< one ShellLayout per non-empty fleet shell, planes of unequal size
  std::vector<std::size_t> fleet_index;   ///< layout id -> index into the classified element list
  std::vector<int> fleet_shell;           ///< layout shell -> index into FleetClassification::shells
};

/// Builds the layout of the on-station satellites: shells in FleetClassification order (empty ones
/// skipped), planes in increasing RAAN from the widest gap, slots in increasing argument of latitude,
/// pattern Star where the shell has a seam. Propagate the element sets in `fleet_index` order so the
/// ephemeris columns match the layout ids.
SATCAP_EXPORT FleetLayout layout_for_fleet(const orbit::FleetClassification& fleet);

}  // namespace satcap::network
