// Payload classes (include/satcap/capacity/payload.hpp, docs/models/payloads.md).
#include <satcap/capacity/payload.hpp>
#include <satcap/core/error.hpp>
#include <satcap/core/units.hpp>

#include <cmath>
#include <numbers>

namespace satcap::capacity {

std::string to_string(FeederBand b) { return b == FeederBand::Ka ? "Ka" : "E"; }

FeederBand feeder_band_from_string(const std::string& s) {
  if (s == "Ka") return FeederBand::Ka;
  if (s == "E") return FeederBand::E;
  throw InputError("", 0, "band", "feeder band '" + s + "' is not one of Ka, E");
}

double FeederTerminal::gt_dbk() const {
  const double lambda = units::kSpeedOfLight / (uplink_ghz * 1e9);
  const double g = aperture_efficiency * std::pow(std::numbers::pi * antenna_diameter_m / lambda, 2);
  return 10.0 * std::log10(g / system_noise_temperature_k);
}

namespace {
void in_range(const std::string& where, const char* member, double v, double lo, double hi, const char* unit) {
  if (!(v >= lo && v <= hi))
    throw RangeError(where + "." + member, v, "[" + std::to_string(lo) + ", " + std::to_string(hi) + "] " + unit, "payload");
}
}  // namespace

void FeederTerminal::validate(const std::string& where) const {
  in_range(where, "terminals", terminals, 0, 64, "");
  // Ka feeder uplink 27.5-30 GHz, E-band 81-86 GHz (reference/starlink.md §2); any band in 10-100 GHz.
  in_range(where, "uplink_ghz", uplink_ghz, 10.0, 100.0, "GHz");
  in_range(where, "uplink_bandwidth_mhz", uplink_bandwidth_mhz, 1.0, 20000.0, "MHz");
  in_range(where, "polarisations", polarisations, 1, 2, "");
  in_range(where, "antenna_diameter_m", antenna_diameter_m, 0.05, 10.0, "m");
  in_range(where, "aperture_efficiency", aperture_efficiency, 0.1, 1.0, "");
  in_range(where, "system_noise_temperature_k", system_noise_temperature_k, 50.0, 5000.0, "K");
}

const FeederTerminal* Payload::feeder(FeederBand band) const {
  for (const auto& f : feeders)
    if (f.band == band) return &f;
  return nullptr;
}

void Payload::validate(const std::string& where) const {
  in_range(where, "beams", beams, 0, 4096, "");
  in_range(where, "eirp_per_beam_dbw", eirp_per_beam_dbw, -50.0, 100.0, "dBW");
  if (!(eirp_density_limit_dbw_mhz > -100.0))
    throw RangeError(where + ".eirp_density_limit_dbw_mhz", eirp_density_limit_dbw_mhz, "> -100 dBW/MHz", "payload");
  in_range(where, "hpbw_deg", hpbw_deg, 0.05, 60.0, "deg");
  in_range(where, "scan_exponent", scan_exponent, 0.0, 4.0, "");
  in_range(where, "max_scan_deg", max_scan_deg, 0.0, 89.0, "deg");
  in_range(where, "sidelobe_floor_db", sidelobe_floor_db, -80.0, 0.0, "dB");
  in_range(where, "return_beams", return_beams, 0, 4096, "");
  in_range(where, "return_bandwidth_mhz", return_bandwidth_mhz, 0.001, 1e5, "MHz");
  for (std::size_t i = 0; i < feeders.size(); ++i) {
    feeders[i].validate(where + ".feeder[" + std::to_string(i) + "]");
    for (std::size_t j = 0; j < i; ++j)
      if (feeders[j].band == feeders[i].band)
        throw InputError("", 0, where + ".feeder[" + std::to_string(i) + "].band", "band " + to_string(feeders[i].band) + " given twice");
  }
  in_range(where, "isl_terminals", isl_terminals, 0, 64, "");
  in_range(where, "isl_rate_gbps", isl_rate_gbps, 0.0, 1e4, "Gbit/s");
  in_range(where, "isl_max_range_km", isl_max_range_km, 0.0, 1e5, "km");
}

}  // namespace satcap::capacity
