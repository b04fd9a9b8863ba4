#pragma once
// The other system's co-frequency beams toward one victim terminal (include/satcap/capacity/interferers.hpp):
// the capacity loop's co-channel sum (model.cpp, evaluate()) applied to a recorded BeamTrace step.
#include <satcap/capacity/interferers.hpp>

#include <Eigen/Dense>

#include "beam_physics.hpp"

namespace satcap::capacity {

/// Sum over the external beams of `step` of
///   scan_gain x shape(off-axis at the interferer) x terminal discrimination / (r^2 x A(el)) x overlap / B_ext,
/// in the units of the victim's own co-channel sum (multiply by eirp_ext lambda_ext^2 / (eirp_vic lambda_vic^2)
/// to express it against the victim's carrier). Interfering satellites below `sin_mask` (sine of the
/// elevation, geocentric vertical) are not counted. `atten_db(el_deg)` is the victim cell's attenuation.
template <class Atten>
double external_sum(const StepBeams& ext, double floor_ext, double bandwidth_ext_hz, const Eigen::Vector3d& cell,
                     const Eigen::Vector3d& to_wanted, double term_scale, double term_floor, double victim_lo_hz,
                     double victim_hi_hz, double sin_mask, const Atten& atten_db, std::int64_t& terms) {
  const Eigen::Vector3d vert = cell.normalized();
  double sum = 0.0;
  const std::size_t n = ext.size();
  std::size_t j = 0;
  while (j < n) {
    // Beams are grouped by satellite: one geometry per satellite.
    std::size_t e = j + 1;
    while (e < n && ext.sat_x[e] == ext.sat_x[j] && ext.sat_y[e] == ext.sat_y[j] && ext.sat_z[e] == ext.sat_z[j]) ++e;
    const Eigen::Vector3d d = cell - Eigen::Vector3d(ext.sat_x[j], ext.sat_y[j], ext.sat_z[j]);  // interferer -> victim
    const double r = d.norm();
    const double sin_el = -vert.dot(d) / r;
    if (sin_el >= sin_mask) {
      const Eigen::Vector3d d2 = d / r;
      const double el_deg = std::asin(std::min(1.0, sin_el)) * 57.29577951308232;
      const double path = BeamPhysics::beam_shape(-to_wanted.dot(d2), term_scale, term_floor) /
                          (r * r * std::pow(10.0, 0.1 * atten_db(el_deg < 5.0 ? 5.0 : el_deg)));
      for (std::size_t q = j; q < e; ++q) {
        const double ov = band_overlap_hz(victim_lo_hz, victim_hi_hz, ext.f_lo_hz[q], ext.f_hi_hz[q]);
        if (ov <= 0.0) continue;
        const double cos_off = ext.dir_x[q] * d2.x() + ext.dir_y[q] * d2.y() + ext.dir_z[q] * d2.z();
        sum += ext.scan_gain[q] * BeamPhysics::beam_shape(cos_off, ext.scale[q], floor_ext) * path * (ov / bandwidth_ext_hz);
        ++terms;
      }
    }
    j = e;
  }
  return sum;
}

}  // namespace satcap::capacity
