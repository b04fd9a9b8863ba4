#pragma once
/// @file satcap.hpp
/// Umbrella header: the whole public API of satcap, layer by layer
/// (core -> orbit -> ground -> radio -> network -> capacity -> study).

// core: errors, units, time, WGS84 geodesy and frames, files
#include <satcap/core/error.hpp>
#include <satcap/core/files.hpp>
#include <satcap/core/geodesy.hpp>
#include <satcap/core/time.hpp>
#include <satcap/core/units.hpp>
#include <satcap/core/version.hpp>

// orbit: element sets, SGP4/SDP4, J2, Walker constellations, batch ephemeris
#include <satcap/orbit/elements.hpp>
#include <satcap/orbit/ephemeris.hpp>
#include <satcap/orbit/j2.hpp>
#include <satcap/orbit/sgp4.hpp>
#include <satcap/orbit/walker.hpp>

// ground: sites, equal-area cells and cap index, regions, demand, gateways
#include <satcap/ground/demand.hpp>
#include <satcap/ground/gateways.hpp>
#include <satcap/ground/grid.hpp>
#include <satcap/ground/regions.hpp>
#include <satcap/ground/sites.hpp>

// radio: ITU-R propagation with the digital maps, antennas, link budgets, MODCOD, batch kernel
#include <satcap/radio/antenna.hpp>
#include <satcap/radio/atmosphere.hpp>
#include <satcap/radio/climate_maps.hpp>
#include <satcap/radio/link_budget.hpp>
#include <satcap/radio/link_file.hpp>
#include <satcap/radio/link_kernel.hpp>
#include <satcap/radio/modcod.hpp>

// network: topology, per-step graphs, routing, max flow
#include <satcap/network/flow.hpp>
#include <satcap/network/ground_stations.hpp>
#include <satcap/network/orbit_layout.hpp>
#include <satcap/network/router.hpp>
#include <satcap/network/snapshot.hpp>
#include <satcap/network/topology.hpp>

// capacity: the per-step capacity engine
#include <satcap/capacity/model.hpp>

// study: study files, sweeps, outputs, runners, capacity studies
#include <satcap/study/capacity_study.hpp>
#include <satcap/study/document.hpp>
#include <satcap/study/output.hpp>
#include <satcap/study/progress.hpp>
#include <satcap/study/runner.hpp>
#include <satcap/study/sweep.hpp>
#include <satcap/study/table.hpp>
