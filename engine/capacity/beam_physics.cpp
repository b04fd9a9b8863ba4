#include "beam_physics.hpp"

#include <satcap/core/units.hpp>
#include <satcap/radio/antenna.hpp>

#include <algorithm>

namespace satcap::capacity {

BeamPhysics::BeamPhysics(const UserLinkOptions& o) {
  sat_hpbw_ = o.satellite_hpbw_deg * kDeg;
  sat_k_ = o.satellite_scan_exponent;
  sat_floor_ = std::pow(10.0, 0.1 * o.satellite_sidelobe_floor_db);
  term_hpbw_ = o.terminal_hpbw_deg * kDeg;
  term_k_ = o.terminal_scan_exponent;
  term_floor_ = std::pow(10.0, 0.1 * o.terminal_sidelobe_floor_db);
  const double b_hz = o.channel_bandwidth_mhz * 1e6;
  // EIRP per beam, capped by the EIRP-density limit over the channel.
  eirp_dbw_ = std::min(o.eirp_per_beam_dbw, o.eirp_density_limit_dbw_mhz + 10.0 * std::log10(o.channel_bandwidth_mhz));
  eirp_lin_ = std::pow(10.0, 0.1 * eirp_dbw_);
  lambda_m_ = units::kSpeedOfLight / (o.frequency_ghz * 1e9);
  symbol_rate_ = b_hz / (1.0 + o.rolloff);
  gt0_lin_ = std::pow(10.0, 0.1 * o.terminal_gt_dbk);
  tsys_clear_k_ = std::pow(10.0, 0.1 * (o.terminal_gain_dbi - o.terminal_gt_dbk));
  t_mr_ = o.mean_radiating_temperature_k;
  other_losses_db_ = o.other_losses_db;
  inv_cx_ = std::isfinite(o.c_over_x_db) ? std::pow(10.0, -0.1 * o.c_over_x_db) : 0.0;
  terminal_diameter_m_ = units::to_metres(
      radio::aperture_diameter(units::DecibelIsotropic(o.terminal_gain_dbi), units::ghz(o.frequency_ghz), 0.6));

  const radio::ModcodTable& table = o.dvbs2x ? radio::ModcodTable::dvbs2x() : radio::ModcodTable::dvbs2();
  for (const auto& m : table.entries()) {
    efficiency_.push_back(m.efficiency_bits_per_symbol);
    names_.emplace_back(m.name);
  }
  const auto& lad = table.ladder();
  const auto& thr = table.ladder_threshold_db();
  const auto& eff = table.ladder_efficiency();
  for (std::size_t i = 0; i < lad.size(); ++i) {
    if (eff[i] > o.max_spectral_efficiency) continue;  // above the cap: never selected
    ladder_index_.push_back(lad[i]);
    thr_lin_.push_back(std::pow(10.0, 0.1 * (thr[i] + o.implementation_margin_db)));
    ladder_eff_.push_back(eff[i]);
  }
}

double BeamPhysics::esn0_linear(double range_m, double cos_scan, double elevation_deg, double atten_db, double) const {
  const double fspl = std::pow(4.0 * std::numbers::pi * range_m / lambda_m_, 2);
  const double a_lin = std::pow(10.0, 0.1 * atten_db);
  // Terminal: scan loss toward the satellite (flat panel facing zenith) and the sky-noise rise.
  const double cos_scan_t = std::sin(elevation_deg * kDeg);
  const double g_over_t = gt0_lin_ * std::pow(cos_scan_t, term_k_) * tsys_clear_k_ /
                          (tsys_clear_k_ + t_mr_ * (1.0 - 1.0 / a_lin));
  const double c_n0 = eirp_lin_ * satellite_gain_linear(cos_scan, 1.0) / (fspl * a_lin * std::pow(10.0, 0.1 * other_losses_db_)) *
                      g_over_t / units::kBoltzmann;
  return c_n0 / symbol_rate_;
}

int BeamPhysics::select_modcod(double esn0) const {
  if (!(esn0 > 0) || thr_lin_.empty()) return -1;
  // Ladder thresholds ascend with efficiency: the last threshold <= Es/N0 wins.
  const auto it = std::upper_bound(thr_lin_.begin(), thr_lin_.end(), esn0);
  if (it == thr_lin_.begin()) return -1;
  return ladder_index_[static_cast<std::size_t>(std::distance(thr_lin_.begin(), it) - 1)];
}

}  // namespace satcap::capacity
