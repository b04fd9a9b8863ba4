#pragma once
// Per-cell tables of the visible geostationary arc, for the GSO-arc exclusion test of the hot loop.
#include <Eigen/Dense>

#include <cstdint>
#include <vector>

namespace satcap::capacity {

/// Geostationary radius (m): (GM / omega^2)^(1/3) with GM = 3.986004418e14 m^3/s^2 and the sidereal rate.
inline constexpr double kGsoRadiusM = 42164.17e3;

/// Unit directions from each cell to the visible GSO arc, sampled every `sample_step_rad` of arc
/// longitude. `excluded()` decides whether a direction lies within the exclusion angle of the arc:
/// exactly as the reference gso_arc_separation_rad() (the sampled minimum decides when it is clear of
/// the threshold by more than the sampling can miss; otherwise a golden-section refinement does).
class GsoArcTable {
 public:
  GsoArcTable() = default;
  GsoArcTable(const Eigen::Matrix3Xd& cells_ecef_m, double exclusion_rad, double sample_step_rad = 0.05);
  /// `u`: unit direction from the cell to the satellite.
  bool excluded(std::int32_t cell, const Eigen::Vector3d& cell_ecef_m, const Eigen::Vector3d& u) const;
  bool active() const { return exclusion_ > 0.0; }

 private:
  double exclusion_ = 0.0;
  double step_ = 0.05;
  double slack_ = 0.0;
  std::vector<std::size_t> offset_;
  std::vector<double> lo_;
  std::vector<float> dirs_;
};

}  // namespace satcap::capacity
