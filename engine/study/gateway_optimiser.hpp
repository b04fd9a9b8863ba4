#pragma once
// Study-side driver of the optimised gateway placement (gateway_rule.method = "coverage", docs/studies.md,
// docs/calibration.md): the satellites' positions at the study's time steps, the samples that count
// (a traffic-carrying satellite that sees at least one cell with demand above the user mask), and the
// greedy maximum-coverage placement of ground::place_gateways_coverage over the region's populated cells.
#include <satcap/core/time.hpp>
#include <satcap/ground/gateways.hpp>

#include <Eigen/Dense>

#include <cstdint>
#include <vector>

namespace satcap::orbit {
class BatchPropagator;
}

namespace satcap::study {

struct CoverageGatewayRequest {
  const ground::CellGrid* grid = nullptr;
  const orbit::BatchPropagator* satellites = nullptr;
  core::TimeGrid time{core::Epoch(), 60.0, 1};
  std::vector<std::int32_t> satellite_payload;  // -1: carries no traffic (not a sample)
  Eigen::ArrayXd population;                    // per cell (tie weight; zero-population cells are not candidates)
  Eigen::ArrayXd demand_mbps;                   // per cell (samples count only over demand)
  std::vector<std::int32_t> candidates;         // the region's cells
  double user_min_elevation_deg = 25.0;
  ground::CoveragePlacementOptions options;
};

/// The sites in greedy order (deterministic; independent of the thread count).
ground::CoveragePlacement place_coverage_gateways(const CoverageGatewayRequest& request);

}  // namespace satcap::study
