#pragma once
/// @file interferers.hpp
/// Interference between two non-GSO systems that share a band (docs/models/epfd.md, "Inter-system
/// interference"). A capacity run can record the beams it places at every step (StepBeams, through
/// RunOptions::record_beams); another system's run then takes that record as its external interferers
/// (Scenario::external_interferers) and adds, to each of its beams' I/C, the co-frequency beams of the
/// other system through both patterns: the interferer's phased-array beam toward the victim terminal
/// (its scan loss, main lobe and side-lobe floor, as the capacity loop's own co-channel sum) x the
/// victim terminal's discrimination toward the interfering satellite / (path length^2 x attenuation),
/// scaled by the interferer's EIRP, its wavelength^2 and the share of its carrier's power that falls in
/// the victim's channel (flat spectral density; 0 when the channels do not overlap).
/// Channel plan: colour k of a system occupies [f_c - K B / 2 + k B, f_c - K B / 2 + (k + 1) B] (K
/// colours of bandwidth B side by side around the link's frequency f_c); polarisation isolation between
/// systems is not counted (conservative).
/// Thread-safety: values; BeamTrace is filled slot by slot (one step per slot) and read-only afterwards.
#include <satcap/export.hpp>

#include <cstdint>
#include <utility>
#include <vector>

namespace satcap::capacity {

struct UserLinkOptions;

/// The active (transmitting) beams of one system at one step, structure of arrays.
struct StepBeams {
  std::vector<double> sat_x, sat_y, sat_z;  ///< satellite ECEF position (m)
  std::vector<double> dir_x, dir_y, dir_z;  ///< unit vector satellite -> served cell
  std::vector<double> scan_gain;            ///< cos^k(scan), linear
  std::vector<double> scale;                ///< beam-shape scale cos^2(scan) / hpbw^2 (1/rad^2)
  std::vector<double> f_lo_hz, f_hi_hz;     ///< the beam's channel
  std::vector<std::int32_t> cell;           ///< served cell (the recording system's grid)
  /// Results of the recording run, per beam: throughput (bit/s) and the external I/N (linear) at the
  /// served terminal (0 without external interferers).
  std::vector<double> throughput_bps, ext_i_over_n;
  std::size_t size() const { return sat_x.size(); }
  void clear();
};

/// One system's recorded beams over a time grid, with what a victim needs of its transmitter.
struct BeamTrace {
  double eirp_w = 0;              ///< EIRP per beam at broadside (W), after the density cap
  double wavelength_m = 0;
  double sidelobe_floor = 0;      ///< satellite pattern floor, linear
  double channel_bandwidth_hz = 0;
  std::vector<StepBeams> steps;   ///< index = step of the time grid
};

/// Channel of colour `colour` under the plan above: {low, high} in Hz.
SATCAP_EXPORT std::pair<double, double> colour_band_hz(const UserLinkOptions& link, int colour);
/// Overlap (Hz) of two channels.
inline double band_overlap_hz(double lo1, double hi1, double lo2, double hi2) {
  const double lo = lo1 > lo2 ? lo1 : lo2, hi = hi1 < hi2 ? hi1 : hi2;
  return hi > lo ? hi - lo : 0.0;
}
/// The transmitter side of a trace for a system's link options (EIRP after the density cap,
/// wavelength, floor, bandwidth); steps are left empty.
SATCAP_EXPORT BeamTrace make_trace_header(const UserLinkOptions& link);

}  // namespace satcap::capacity
