// Recorded beams of a system for inter-system interference (include/satcap/capacity/interferers.hpp).
#include <satcap/capacity/interferers.hpp>
#include <satcap/capacity/model.hpp>
#include <satcap/core/units.hpp>

#include <cmath>

#include "beam_physics.hpp"

namespace satcap::capacity {

void StepBeams::clear() {
  for (auto* v : {&sat_x, &sat_y, &sat_z, &dir_x, &dir_y, &dir_z, &scan_gain, &scale, &f_lo_hz, &f_hi_hz, &throughput_bps,
                  &ext_i_over_n})
    v->clear();
  cell.clear();
}

std::pair<double, double> colour_band_hz(const UserLinkOptions& link, int colour) {
  const double b = link.channel_bandwidth_mhz * 1e6;
  const double lo = link.frequency_ghz * 1e9 - 0.5 * static_cast<double>(link.colours) * b + static_cast<double>(colour) * b;
  return {lo, lo + b};
}

BeamTrace make_trace_header(const UserLinkOptions& link) {
  const BeamPhysics phys(link);
  BeamTrace t;
  t.eirp_w = std::pow(10.0, 0.1 * phys.eirp_dbw());
  t.wavelength_m = units::kSpeedOfLight / (link.frequency_ghz * 1e9);
  t.sidelobe_floor = phys.satellite_floor();
  t.channel_bandwidth_hz = link.channel_bandwidth_mhz * 1e6;
  return t;
}

}  // namespace satcap::capacity
