#pragma once
// Synthetic geometry for the network tests: circular Walker shells in an Earth-fixed frame at one
// instant (no propagation needed to exercise the graph rules).
#include <Eigen/Dense>

#include <cmath>
#include <numbers>

namespace satcap::network::test {

/// Positions (3 x P*S, m) of a circular Walker shell, id = plane * S + slot. spread_deg = 360 (delta)
/// or 180 (star); phasing F.
inline Eigen::Matrix3Xd walker_positions(int planes, int sats_per_plane, double altitude_m, double inclination_deg,
                                         double spread_deg = 360.0, int phasing = 0) {
  const double r = 6378137.0 + altitude_m, inc = inclination_deg * std::numbers::pi / 180.0;
  const int total = planes * sats_per_plane;
  Eigen::Matrix3Xd pos(3, total);
  for (int p = 0; p < planes; ++p)
    for (int s = 0; s < sats_per_plane; ++s) {
      const double raan = spread_deg * std::numbers::pi / 180.0 * p / planes;
      const double u = 2 * std::numbers::pi * (static_cast<double>(s) / sats_per_plane +
                                               static_cast<double>(phasing) * p / total);
      pos.col(p * sats_per_plane + s) << r * (std::cos(u) * std::cos(raan) - std::sin(u) * std::cos(inc) * std::sin(raan)),
          r * (std::cos(u) * std::sin(raan) + std::sin(u) * std::cos(inc) * std::cos(raan)), r * std::sin(u) * std::sin(inc);
    }
  return pos;
}

}  // namespace satcap::network::test
