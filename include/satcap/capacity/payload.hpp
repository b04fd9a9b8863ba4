#pragma once
/// @file payload.hpp
/// The hardware of one satellite class (docs/models/payloads.md): user-link beams, the feeder
/// terminals that connect it to gateways, and its inter-satellite laser terminals. A capacity scenario
/// holds one Payload per class and the class of every satellite; a real fleet mixes classes (Starlink
/// v1.0, v1.5, v2 mini) and holds satellites that carry no broadband traffic (direct-to-cell
/// satellites, satellites not on station). Payload files (TOML) are read by the study layer
/// (study::read_payload_file); this header is the typed description the engine uses.
///
/// Units: each member carries its unit in its name. validate() throws RangeError naming the member.
#include <satcap/export.hpp>

#include <string>
#include <vector>

namespace satcap::capacity {

/// Feeder band of a gateway link.
enum class FeederBand { Ka, E };
SATCAP_EXPORT std::string to_string(FeederBand b);
/// "Ka" or "E"; InputError otherwise.
SATCAP_EXPORT FeederBand feeder_band_from_string(const std::string& s);

/// One band of a satellite's gateway-link hardware. The forward feeder (gateway -> satellite uplink)
/// carries the user traffic; its receive figure of merit follows from the antenna:
/// G/T = eta (pi D f / c)^2 / T_sys.
struct FeederTerminal {
  FeederBand band = FeederBand::Ka;
  int terminals = 2;                         ///< simultaneous gateway links in this band
  double uplink_ghz = 28.75;                 ///< gateway -> satellite centre frequency
  double uplink_bandwidth_mhz = 2100.0;      ///< per polarisation, all carriers of one link
  int polarisations = 2;                     ///< 1 or 2 (dual circular)
  double antenna_diameter_m = 0.5;           ///< satellite feeder antenna
  double aperture_efficiency = 0.6;
  double system_noise_temperature_k = 700.0; ///< satellite receiver, looking at a 290 K Earth
  /// Receive G/T (dB/K) of the terminal at its peak.
  double gt_dbk() const;
  void validate(const std::string& where) const;
};

/// One satellite class.
struct Payload {
  std::string name;
  bool broadband = true;                     ///< false: carries no broadband traffic (e.g. direct-to-cell)
  // User downlink (forward) beams.
  int beams = 16;                            ///< simultaneous user downlink beams
  double eirp_per_beam_dbw = 36.0;           ///< at broadside, before scan loss
  double eirp_density_limit_dbw_mhz = 1e9;   ///< regulatory cap at broadside (1e9: none)
  double hpbw_deg = 2.0;                     ///< beam 3 dB width at broadside
  double scan_exponent = 1.2;                ///< scan loss cos^k
  double max_scan_deg = 57.0;                ///< no beam beyond this scan angle
  double sidelobe_floor_db = -30.0;          ///< pattern floor relative to the peak
  // User uplink (return) beams: described for the return link; not used by the forward model.
  int return_beams = 16;
  double return_bandwidth_mhz = 62.5;
  // Gateway links, one entry per band.
  std::vector<FeederTerminal> feeders{FeederTerminal{}};
  // Inter-satellite laser terminals.
  int isl_terminals = 4;
  double isl_rate_gbps = 100.0;
  double isl_max_range_km = 5000.0;

  /// The terminal of `band`, or nullptr.
  const FeederTerminal* feeder(FeederBand band) const;
  /// Throws RangeError naming "<where>.<member>".
  void validate(const std::string& where) const;
};

}  // namespace satcap::capacity
