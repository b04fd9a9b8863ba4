// Study-side driver of the optimised gateway placement (see gateway_optimiser.hpp).
#include "gateway_optimiser.hpp"

#include <satcap/core/geodesy.hpp>
#include <satcap/ground/grid.hpp>
#include <satcap/orbit/ephemeris.hpp>

#include <cmath>
#include <numbers>

namespace satcap::study {

ground::CoveragePlacement place_coverage_gateways(const CoverageGatewayRequest& rq) {
  const ground::CellGrid& grid = *rq.grid;
  std::vector<Eigen::Matrix3Xd> positions;
  rq.satellites->for_each_block(rq.time, 0, rq.time.count(), [&](const orbit::Ephemeris& block) {
    for (std::int64_t k = 0; k < block.step_count(); ++k) positions.push_back(block.positions(k));
  });

  // Cells with demand: ECEF points and their ellipsoid normals.
  std::vector<Eigen::Vector3d> cell_p, cell_up;
  for (Eigen::Index c = 0; c < grid.size(); ++c) {
    if (!(rq.demand_mbps[c] > 0)) continue;
    const double lat = grid.lat_deg()[c] * std::numbers::pi / 180.0, lon = grid.lon_deg()[c] * std::numbers::pi / 180.0;
    cell_p.push_back(core::ecef_from_geodetic(core::Geodetic::degrees(grid.lat_deg()[c], grid.lon_deg()[c], 0.0)));
    cell_up.emplace_back(std::cos(lat) * std::cos(lon), std::cos(lat) * std::sin(lon), std::sin(lat));
  }
  const double sin_mask = std::sin(rq.user_min_elevation_deg * std::numbers::pi / 180.0);
  std::vector<std::vector<double>> weight(positions.size());
  for (std::size_t k = 0; k < positions.size(); ++k) {
    const Eigen::Matrix3Xd& p = positions[k];
    weight[k].assign(static_cast<std::size_t>(p.cols()), 0.0);
    for (Eigen::Index s = 0; s < p.cols(); ++s) {
      const auto si = static_cast<std::size_t>(s);
      if (!rq.satellite_payload.empty() && rq.satellite_payload[si] < 0) continue;
      const Eigen::Vector3d r = p.col(s);
      for (std::size_t c = 0; c < cell_p.size(); ++c) {
        const Eigen::Vector3d d = r - cell_p[c];
        if (d.dot(cell_up[c]) >= sin_mask * d.norm()) {
          weight[k][si] = 1.0;
          break;
        }
      }
    }
  }
  return ground::place_gateways_coverage(grid, rq.population, rq.candidates, positions, weight, rq.options);
}

}  // namespace satcap::study
