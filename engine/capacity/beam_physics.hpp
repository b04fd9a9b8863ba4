#pragma once
// The per-beam physics of the capacity loop in linear units: the forward user-link budget of
// radio/link_budget.hpp specialised to phased-array satellites and terminals, with no per-call
// allocation, no virtual calls and one exp() per gain term. Every formula is the radio layer's:
//  - satellite and terminal gains: radio::PhasedArray, G(scan, off) = G0 + 10 k log10(cos scan)
//    - 12 (off cos(scan) / hpbw0)^2, floored at G0 + floor + scan loss;
//  - free-space loss (4 pi d f / c)^2; attenuation from the per-cell ITU-R tables;
//  - terminal noise: T_sys = T_sys,clear + T_mr (1 - 10^(-A/10)) (P.618-14 §3 sky-noise rise over the
//    clear-sky system temperature implied by the terminal's G/T);
//  - C/N0 = EIRP G_sat,rel / (FSPL A L_other) x G/T / k;  Es/N0 = C/N0 / Rs, Rs = B / (1 + alpha);
//  - Es/(N0 + I0) = 1 / (1/(Es/N0) + I/C + 1/(C/X));  ACM on radio::ModcodTable's ladder.
// tests/capacity/beam_physics_test.cpp checks each term against the radio layer's scalar functions.
#include <satcap/capacity/model.hpp>
#include <satcap/radio/modcod.hpp>

#include <cmath>
#include <numbers>
#include <string>
#include <vector>

namespace satcap::capacity {

class BeamPhysics {
 public:
  BeamPhysics() = default;
  explicit BeamPhysics(const UserLinkOptions& o);

  /// Relative gain (linear, peak = 1 at broadside) of a phased array steered to cos(scan), toward a
  /// direction whose cosine with the beam axis is cos_off.
  static double array_gain(double cos_scan, double cos_off, double hpbw_rad, double k, double floor_lin) {
    const double cs = cos_scan > 1.0 ? 1.0 : cos_scan;
    const double scan_loss = k == 0.0 ? 1.0 : std::pow(cs, k);
    return scan_loss * beam_shape(cos_off, cs * cs / (hpbw_rad * hpbw_rad), floor_lin);
  }
  /// The main-lobe/floor factor of array_gain: max(10^(-1.2 theta^2 scale), floor) with
  /// scale = cos^2(scan) / hpbw0^2 precomputed per beam (no pow in the hot loop).
  static double beam_shape(double cos_off, double scale, double floor_lin) {
    const double t = 1.0 - cos_off;
    // theta^2 >= 2 t: when even that bound is past the floor, skip the acos and the exp.
    if (2.0 * t * scale * kDb12 > -std::log(floor_lin)) return floor_lin;
    double theta2;
    if (t < 0.05) {
      theta2 = t * (2.0 + t * (1.0 / 3.0 + t * (4.0 / 45.0 + t * (1.0 / 35.0))));  // acos(1 - t)^2 series (rel. error < 4e-8 at t = 0.05)
    } else {
      const double th = std::acos(cos_off < -1.0 ? -1.0 : cos_off);
      theta2 = th * th;
    }
    const double x2 = theta2 * scale;
    const double g = std::exp(-kDb12 * x2);
    return g > floor_lin ? g : floor_lin;
  }
  /// Per-beam constants for satellite_gain_fast: scan loss cos^k and the shape scale.
  double satellite_scan_gain(double cos_scan) const { return std::pow(cos_scan > 1.0 ? 1.0 : cos_scan, sat_k_); }
  double satellite_scale(double cos_scan) const {
    const double cs = cos_scan > 1.0 ? 1.0 : cos_scan;
    return cs * cs / (sat_hpbw_ * sat_hpbw_);
  }
  double satellite_floor() const { return sat_floor_; }
  /// Terminal discrimination with its scale precomputed (per victim): scale = sin^2(el) / hpbw^2.
  double terminal_scale(double elevation_deg) const {
    const double c = std::sin(elevation_deg * kDeg);
    return c * c / (term_hpbw_ * term_hpbw_);
  }
  double terminal_floor() const { return term_floor_; }

  double satellite_gain_linear(double cos_scan, double cos_off) const {
    return array_gain(cos_scan, cos_off, sat_hpbw_, sat_k_, sat_floor_);
  }
  /// Terminal gain relative to its own beam peak (scan loss excluded: common to C and I).
  double terminal_discrimination(double elevation_deg, double cos_off) const {
    const double cos_scan = std::sin(elevation_deg * kDeg);
    return array_gain(cos_scan, cos_off, term_hpbw_, 0.0, term_floor_);
  }

  /// Wanted carrier in relative units (common EIRP, frequency and terminal gain factored out).
  double carrier_relative(double range_m, double cos_scan, double atten_db) const {
    return satellite_gain_linear(cos_scan, 1.0) / (range_m * range_m * std::pow(10.0, 0.1 * (atten_db + other_losses_db_)));
  }
  /// Es/N0 (linear) of the wanted carrier without interference.
  double esn0_linear(double range_m, double cos_scan, double elevation_deg, double atten_db, double /*unused*/) const;
  /// Es/(N0 + I0) (linear) from Es/N0 and I/C, with the fixed C/X term.
  double effective_esn0(double esn0, double i_over_c) const { return 1.0 / (1.0 / esn0 + i_over_c + inv_cx_); }
  /// Index into the MODCOD table's entries of the best MODCOD for a linear Es/(N0+I0), or -1.
  int select_modcod(double esn0_eff_linear) const;
  double throughput_for(int modcod) const { return modcod < 0 ? 0.0 : symbol_rate_ * efficiency_[static_cast<std::size_t>(modcod)]; }
  double throughput_bps(double esn0_eff_linear) const { return throughput_for(select_modcod(effective_esn0(esn0_eff_linear, 0.0))); }

  std::size_t modcod_count() const { return names_.size(); }
  const std::vector<std::string>& modcod_names() const { return names_; }
  double symbol_rate() const { return symbol_rate_; }
  double terminal_diameter_m() const { return terminal_diameter_m_; }
  double eirp_dbw() const { return eirp_dbw_; }

 private:
  static constexpr double kDb12 = 1.2 * 2.302585092994046;  // 12 dB -> natural log: 10^(-1.2 x^2)
  static constexpr double kDeg = std::numbers::pi / 180.0;
  double sat_hpbw_ = 0, sat_k_ = 0, sat_floor_ = 0;
  double term_hpbw_ = 0, term_k_ = 0, term_floor_ = 0;
  double eirp_dbw_ = 0, eirp_lin_ = 0;
  double lambda_m_ = 0;
  double symbol_rate_ = 0;
  double gt0_lin_ = 0, tsys_clear_k_ = 0, t_mr_ = 275;
  double other_losses_db_ = 0;
  double inv_cx_ = 0;
  double terminal_diameter_m_ = 0.5;
  std::vector<double> thr_lin_;     // ladder thresholds + margin, linear, ascending
  std::vector<int> ladder_index_;   // ladder position -> entries() index
  std::vector<double> ladder_eff_;
  std::vector<double> efficiency_;  // per entries() index
  std::vector<std::string> names_;  // per entries() index
  double max_eff_ = 0;
};

}  // namespace satcap::capacity
