#pragma once
/// @file return_link.hpp
/// The return user link (user terminal -> satellite) of one receive beam, with co-channel
/// interference from terminals transmitting in other beams (docs/models/return_link.md).
///
/// Per path (terminal -> satellite), all in dB:
///   EIRP(theta_t)   = EIRP_0 + [G_t(scan_t, theta_t) - G_t,0]    terminal phased array, EIRP_0 at broadside;
///                     scan_t = 90 deg - elevation of the terminal's serving satellite, theta_t the
///                     angle at the terminal between its beam and the receiving satellite
///   FSPL            = 20 log10(4 pi d f / c)                      (radio::free_space_loss)
///   G/T(scan_s, phi) = (G/T)_0 + [G_s(scan_s, phi) - G_s,0]       satellite receive beam steered scan_s from
///                     nadir, phi the angle at the satellite between the beam axis and the terminal
///   C/N0            = EIRP - FSPL - A - L_other + G/T - 10 log10 k   (k = 1.380649e-23 J/K)
///   Es/N0           = C/N0 - 10 log10 Rs,  Rs = B / (1 + alpha)
/// Both arrays follow radio::PhasedArray: G(scan, off) = G0 + 10 k log10(cos scan) - 12 (off cos(scan) /
/// hpbw0)^2, floored at G0 + floor + scan loss.
/// Interference: every co-channel terminal i (one per co-channel beam and carrier: MF-TDMA gives one
/// transmitter per carrier and slot) adds I_i = EIRP_i(theta_i) - FSPL_i - A_i - L_other + G_s(scan_s,
/// phi_i) at the victim beam, so I/N = sum_i EIRP_i G/T(phi_i) / (FSPL_i A_i L_other k B_n) with the
/// noise in the symbol-rate bandwidth (the same convention as Es/N0);
///   Es/(N0 + I0) = 1 / (1/(Es/N0) + I/C + 1/(C/X)).
/// ACM: radio::ModcodTable (DVB-S2X by default: ETSI EN 302 307-1 Table 13 + EN 302 307-2 Table 20a)
/// with an implementation margin; rate = Rs x eta. DVB-RCS2 (ETSI EN 301 545-2) reference waveform
/// thresholds are not in the reference set; the S2X ladder stands in for a modern return (S2X-based
/// return carriers) and is stated as such.
///
/// Validity: f in [1, 100] GHz, B > 0, 0 <= alpha <= 1, scan within each array's maximum (NaN
/// otherwise from evaluate: a terminal that cannot steer there does not close). Options out of range
/// throw RangeError naming the field.
/// Thread-safety: ReturnLinkModel is immutable; evaluate() is const and reentrant.
/// Cost: one exp/log per path; no allocation.
#include <satcap/export.hpp>
#include <satcap/radio/antenna.hpp>
#include <satcap/radio/modcod.hpp>

#include <limits>
#include <span>
#include <string>

namespace satcap::radio {

/// Return link of one system. Every member carries its unit in its name.
struct ReturnLinkOptions {
  double frequency_ghz = 14.25;          ///< Ku user uplink centre (Starlink 14.0-14.5 GHz, reference/starlink.md §2)
  double channel_bandwidth_mhz = 62.5;   ///< return channel per beam (Starlink 8 x 62.5 MHz, reference/starlink.md §3)
  double rolloff = 0.1;
  double terminal_eirp_dbw = 41.0;       ///< broadside EIRP (ASSUMPTION A18 of reference/rassvet.md; Starlink UT3 42.1-43.6 dBW)
  double terminal_hpbw_deg = 3.0;        ///< broadside 3 dB beamwidth (ASSUMPTION: 0.48 m at 14.25 GHz; sweep 2-5)
  double terminal_scan_exponent = 1.2;
  double terminal_max_scan_deg = 65.0;   ///< 90 - minimum elevation 25 deg
  double terminal_sidelobe_floor_db = -25.0;
  double satellite_gt_dbk = 8.0;         ///< receive G/T at broadside, per beam (ASSUMPTION; sweep 3-13 dB/K)
  double satellite_hpbw_deg = 2.5;       ///< receive beam broadside 3 dB beamwidth
  double satellite_scan_exponent = 1.0;
  double satellite_max_scan_deg = 60.0;
  double satellite_sidelobe_floor_db = -30.0;
  double other_losses_db = 0.0;          ///< polarisation, pointing, radome (>= 0)
  double implementation_margin_db = 0.5; ///< added to every MODCOD threshold
  double c_over_x_db = std::numeric_limits<double>::infinity();  ///< other C/X terms (ACI, XPI, IM); inf = none
  ModcodStandard standard = ModcodStandard::DvbS2X;

  /// RangeError naming the first out-of-range member.
  void validate() const;
};

/// One terminal -> satellite path as seen by the victim (receiving) beam.
struct ReturnPath {
  double terminal_elevation_deg = 90.0;   ///< elevation of the terminal's own serving satellite (its scan)
  double terminal_off_axis_deg = 0.0;     ///< at the terminal: its beam -> the receiving satellite (0: it is the serving one)
  double range_m = 0.0;                   ///< terminal -> receiving satellite
  double atmospheric_loss_db = 0.0;       ///< on this path (ITU-R P.618 at the uplink frequency, from the caller)
  double satellite_scan_deg = 0.0;        ///< receiving beam's steering angle from nadir
  double satellite_off_axis_deg = 0.0;    ///< at the satellite: receiving beam axis -> this terminal
};

struct ReturnBudget {
  double eirp_dbw = 0;          ///< wanted terminal's EIRP toward the satellite
  double fspl_db = 0;
  double gt_dbk = 0;            ///< satellite G/T toward the wanted terminal
  double c_n0_dbhz = 0;
  double esn0_db = 0;           ///< without interference
  double i_over_n_db = -std::numeric_limits<double>::infinity();  ///< aggregate co-channel I/N
  double c_over_i_db = std::numeric_limits<double>::infinity();
  double esn0_eff_db = 0;       ///< Es/(N0 + I0) with the C/X term, drives ACM
  int modcod = -1;              ///< index into ModcodTable::entries(), -1 when nothing closes
  std::string modcod_name;      ///< empty when nothing closes
  double efficiency_bits_per_symbol = 0;
  double symbol_rate_hz = 0;
  double rate_bps = 0;          ///< Rs x eta (0 when nothing closes)
};

class SATCAP_EXPORT ReturnLinkModel {
 public:
  explicit ReturnLinkModel(const ReturnLinkOptions& options);
  const ReturnLinkOptions& options() const { return o_; }
  /// Terminal EIRP (dBW) toward a direction theta off its beam, the beam steered to a satellite at
  /// `elevation_deg` (NaN when the array cannot steer there).
  double terminal_eirp_dbw(double elevation_deg, double off_axis_deg) const;
  /// Satellite receive G/T (dB/K) of a beam steered `scan_deg` from nadir, toward `off_axis_deg`
  /// from the beam axis (NaN beyond the maximum scan).
  double satellite_gt_dbk(double scan_deg, double off_axis_deg) const;
  /// Received power relative to the noise density, C/N0 (dBHz), of one path.
  double c_n0_dbhz(const ReturnPath& path) const;
  /// The budget of the wanted path with the given co-channel interferers.
  ReturnBudget evaluate(const ReturnPath& wanted, std::span<const ReturnPath> interferers = {}) const;

 private:
  ReturnLinkOptions o_;
  PhasedArray terminal_, satellite_;
  const ModcodTable* table_;
  double symbol_rate_hz_;
};

}  // namespace satcap::radio
