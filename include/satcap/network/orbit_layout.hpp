#pragma once
/// @file orbit_layout.hpp
/// The plane/slot layout of an orbit::Constellation (Walker shells) for the ISL topologies, so
/// positions from orbit::propagate(constellation, ...) map column-for-column onto graph vertices.
#include <satcap/export.hpp>
#include <satcap/network/topology.hpp>
#include <satcap/orbit/walker.hpp>

namespace satcap::network {

/// One ShellLayout per shell (pattern delta/star as in the file). Throws InputError when the
/// constellation's satellites are not ordered shell, plane, slot (the order orbit::Constellation
/// documents), since vertex ids would then not match the ephemeris columns.
SATCAP_EXPORT ConstellationLayout layout_of(const orbit::Constellation& constellation);

}  // namespace satcap::network
