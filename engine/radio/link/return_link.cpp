// The return user link of one receive beam (include/satcap/radio/return_link.hpp).
#include <satcap/core/error.hpp>
#include <satcap/core/units.hpp>
#include <satcap/radio/link_budget.hpp>
#include <satcap/radio/return_link.hpp>

#include <cmath>
#include <numbers>

namespace satcap::radio {

namespace {
constexpr double kDeg = std::numbers::pi / 180.0;
}

void ReturnLinkOptions::validate() const {
  const char* ctx = "return link";
  require_in_range("return.frequency_ghz", frequency_ghz, 1.0, 100.0, "GHz", ctx);
  require_in_range("return.channel_bandwidth_mhz", channel_bandwidth_mhz, 1e-3, 1e5, "MHz", ctx);
  require_in_range("return.rolloff", rolloff, 0.0, 1.0, "", ctx);
  require_in_range("return.terminal_eirp_dbw", terminal_eirp_dbw, -50.0, 100.0, "dBW", ctx);
  require_in_range("return.terminal_hpbw_deg", terminal_hpbw_deg, 0.05, 90.0, "deg", ctx);
  require_in_range("return.terminal_scan_exponent", terminal_scan_exponent, 0.0, 4.0, "", ctx);
  require_in_range("return.terminal_max_scan_deg", terminal_max_scan_deg, 0.0, 89.0, "deg", ctx);
  require_in_range("return.terminal_sidelobe_floor_db", terminal_sidelobe_floor_db, -80.0, 0.0, "dB", ctx);
  require_in_range("return.satellite_gt_dbk", satellite_gt_dbk, -40.0, 60.0, "dB/K", ctx);
  require_in_range("return.satellite_hpbw_deg", satellite_hpbw_deg, 0.05, 60.0, "deg", ctx);
  require_in_range("return.satellite_scan_exponent", satellite_scan_exponent, 0.0, 4.0, "", ctx);
  require_in_range("return.satellite_max_scan_deg", satellite_max_scan_deg, 0.0, 89.0, "deg", ctx);
  require_in_range("return.satellite_sidelobe_floor_db", satellite_sidelobe_floor_db, -80.0, 0.0, "dB", ctx);
  require_in_range("return.other_losses_db", other_losses_db, 0.0, 30.0, "dB", ctx);
  require_in_range("return.implementation_margin_db", implementation_margin_db, 0.0, 20.0, "dB", ctx);
  if (!(c_over_x_db > -50.0)) throw RangeError("return.c_over_x_db", c_over_x_db, "> -50 dB (inf for none)", ctx);
}

ReturnLinkModel::ReturnLinkModel(const ReturnLinkOptions& options)
    : o_((options.validate(), options)),
      terminal_(units::DecibelIsotropic(0.0), units::deg(o_.terminal_hpbw_deg), o_.terminal_scan_exponent,
                units::deg(o_.terminal_max_scan_deg), units::Decibel(o_.terminal_sidelobe_floor_db)),
      satellite_(units::DecibelIsotropic(0.0), units::deg(o_.satellite_hpbw_deg), o_.satellite_scan_exponent,
                 units::deg(o_.satellite_max_scan_deg), units::Decibel(o_.satellite_sidelobe_floor_db)),
      table_(&ModcodTable::of(o_.standard)),
      symbol_rate_hz_(o_.channel_bandwidth_mhz * 1e6 / (1.0 + o_.rolloff)) {}

double ReturnLinkModel::terminal_eirp_dbw(double elevation_deg, double off_axis_deg) const {
  // Broadside gain 0 dBi in the array object: its gain is the change relative to broadside.
  return o_.terminal_eirp_dbw + terminal_.gain_dbi_at((90.0 - elevation_deg) * kDeg, off_axis_deg * kDeg);
}

double ReturnLinkModel::satellite_gt_dbk(double scan_deg, double off_axis_deg) const {
  return o_.satellite_gt_dbk + satellite_.gain_dbi_at(scan_deg * kDeg, off_axis_deg * kDeg);
}

double ReturnLinkModel::c_n0_dbhz(const ReturnPath& p) const {
  const double fspl = free_space_loss(units::metres(p.range_m), units::ghz(o_.frequency_ghz)).value();
  return terminal_eirp_dbw(p.terminal_elevation_deg, p.terminal_off_axis_deg) - fspl - p.atmospheric_loss_db - o_.other_losses_db +
         satellite_gt_dbk(p.satellite_scan_deg, p.satellite_off_axis_deg) - units::kBoltzmannDb;
}

ReturnBudget ReturnLinkModel::evaluate(const ReturnPath& wanted, std::span<const ReturnPath> interferers) const {
  ReturnBudget b;
  b.eirp_dbw = terminal_eirp_dbw(wanted.terminal_elevation_deg, wanted.terminal_off_axis_deg);
  b.fspl_db = free_space_loss(units::metres(wanted.range_m), units::ghz(o_.frequency_ghz)).value();
  b.gt_dbk = satellite_gt_dbk(wanted.satellite_scan_deg, wanted.satellite_off_axis_deg);
  b.c_n0_dbhz = c_n0_dbhz(wanted);
  b.symbol_rate_hz = symbol_rate_hz_;
  b.esn0_db = b.c_n0_dbhz - 10.0 * std::log10(symbol_rate_hz_);
  // Aggregate interference over noise in the symbol-rate bandwidth: sum of the interferers' I/N0 / Rs.
  double i_over_n = 0.0;
  for (const ReturnPath& p : interferers) {
    const double x = std::pow(10.0, 0.1 * (c_n0_dbhz(p))) / symbol_rate_hz_;
    if (std::isfinite(x)) i_over_n += x;  // NaN: the interferer cannot steer there, it does not transmit
  }
  const double esn0 = std::pow(10.0, 0.1 * b.esn0_db);
  const double i_over_c = i_over_n / esn0;
  b.i_over_n_db = 10.0 * std::log10(i_over_n);
  b.c_over_i_db = -10.0 * std::log10(i_over_c);
  const double inv_cx = std::isinf(o_.c_over_x_db) ? 0.0 : std::pow(10.0, -0.1 * o_.c_over_x_db);
  b.esn0_eff_db = -10.0 * std::log10(1.0 / esn0 + i_over_c + inv_cx);
  b.modcod = table_->select_index(b.esn0_eff_db, o_.implementation_margin_db);
  if (b.modcod >= 0) {
    const Modcod& m = table_->entries()[static_cast<std::size_t>(b.modcod)];
    b.modcod_name = m.name;
    b.efficiency_bits_per_symbol = m.efficiency_bits_per_symbol;
    b.rate_bps = symbol_rate_hz_ * m.efficiency_bits_per_symbol;
  }
  return b;
}

}  // namespace satcap::radio
