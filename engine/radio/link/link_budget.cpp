// One-hop and two-hop link budgets (see include/satcap/radio/link_budget.hpp for the equations).
#include <satcap/radio/link_budget.hpp>

#include <satcap/core/error.hpp>

#include <cmath>
#include <limits>
#include <numbers>

#include "link_internal.hpp"

namespace satcap::radio {
namespace {

const double kNaN = std::numeric_limits<double>::quiet_NaN();
const double kInf = std::numeric_limits<double>::infinity();
constexpr const char* kModel = "link budget";

double db10(double x) { return 10.0 * std::log10(x); }

void require_loss(const char* what, units::Decibel v) {
  require_in_range(what, v.value(), 0.0, 1000.0, "dB", kModel);
}

void require_temperature(const char* what, units::Temperature t) {
  require_in_range(what, units::to_kelvin(t), 0.0, 1e7, "K", kModel);
}

}  // namespace

namespace detail {

double fspl_constant_db(double f_hz) { return 20.0 * std::log10(4.0 * std::numbers::pi * f_hz / units::kSpeedOfLight); }

double system_temperature_k(const Receiver& rx, double attenuation_db, double* sky_k, double* ant_k) {
  const double lf = std::pow(10.0, rx.feed_loss.value() / 10.0);
  double t_ant;
  double t_sky = kNaN;
  if (rx.noise_mode == AntennaNoiseMode::Sky) {
    const double tau = std::pow(10.0, -attenuation_db / 10.0);
    t_sky = units::to_kelvin(rx.mean_radiating_temperature) * (1.0 - tau) + units::to_kelvin(rx.cosmic_temperature) * tau;
    t_ant = t_sky + units::to_kelvin(rx.spillover_temperature);
  } else {
    t_ant = units::to_kelvin(rx.antenna_temperature);
  }
  if (sky_k) *sky_k = t_sky;
  if (ant_k) *ant_k = t_ant;
  const double t_rx = 290.0 * (std::pow(10.0, rx.noise_figure.value() / 10.0) - 1.0);
  return t_ant / lf + units::to_kelvin(rx.feed_temperature) * (1.0 - 1.0 / lf) + t_rx;
}

void validate(const LinkInput& in) {
  const double f = units::to_hz(in.frequency);
  require_in_range("frequency", f / 1e9, 1e-6, 1000.0, "GHz", kModel);
  const double b = units::to_hz(in.bandwidth);
  if (!(b > 0.0) || !std::isfinite(b)) throw RangeError("bandwidth", b, "> 0 Hz", kModel);
  require_in_range("roll-off", in.rolloff, 0.0, 1.0, "", kModel);
  const double d = units::to_metres(in.range);
  if (!(d > 0.0) || !std::isfinite(d)) throw RangeError("slant range", d, "> 0 m", kModel);
  require_loss("atmospheric loss", in.atmospheric_loss);
  require_loss("pointing loss", in.pointing_loss);
  require_loss("polarisation loss", in.polarization_loss);
  require_loss("other losses", in.other_loss);
  require_in_range("implementation margin", in.implementation_margin.value(), -10.0, 30.0, "dB", kModel);
  if (!in.tx.eirp && !in.tx.power) throw Error("link budget: the transmitter needs eirp or power");
  if (in.tx.eirp && in.tx.power) throw Error("link budget: give the transmitter eirp or power, not both");
  if (in.tx.power) {
    if (!in.tx.antenna) throw Error("link budget: a transmitter given by power needs an antenna");
    const double p = units::to_watts(*in.tx.power);
    if (!(p > 0.0) || !std::isfinite(p)) throw RangeError("transmit power", p, "> 0 W", kModel);
  }
  if (in.tx.eirp) require_in_range("EIRP", in.tx.eirp->value(), -100.0, 150.0, "dBW", kModel);
  require_loss("transmit feed loss", in.tx.feed_loss);
  require_in_range("transmit off-axis angle", std::abs(units::to_deg(in.tx.off_axis)), 0.0, 180.0, "deg", kModel);
  const auto& rx = in.rx;
  if (!rx.g_over_t && !rx.antenna) throw Error("link budget: the receiver needs g_over_t or an antenna");
  if (rx.g_over_t && rx.system_temperature) throw Error("link budget: give the receiver g_over_t or a system temperature, not both");
  if (rx.g_over_t) require_in_range("G/T", rx.g_over_t->value(), -100.0, 100.0, "dB/K", kModel);
  if (rx.system_temperature) {
    const double t = units::to_kelvin(*rx.system_temperature);
    if (!(t > 0.0) || !std::isfinite(t)) throw RangeError("system noise temperature", t, "> 0 K", kModel);
  }
  require_in_range("receive off-axis angle", std::abs(units::to_deg(rx.off_axis)), 0.0, 180.0, "deg", kModel);
  require_loss("receive feed loss", rx.feed_loss);
  require_in_range("noise figure", rx.noise_figure.value(), 0.0, 30.0, "dB", kModel);
  require_temperature("antenna temperature", rx.antenna_temperature);
  require_temperature("spillover temperature", rx.spillover_temperature);
  require_temperature("mean radiating temperature", rx.mean_radiating_temperature);
  require_temperature("cosmic temperature", rx.cosmic_temperature);
  require_temperature("feed temperature", rx.feed_temperature);
  for (const auto& s : in.co_channel) {
    require_in_range("interferer off-axis angle", std::abs(units::to_deg(s.off_axis)), 0.0, 180.0, "deg", kModel);
    if (s.range) {
      const double r = units::to_metres(*s.range);
      if (!(r > 0.0) || !std::isfinite(r)) throw RangeError("interferer range", r, "> 0 m", kModel);
    }
    if (s.atmospheric_loss) require_loss("interferer atmospheric loss", *s.atmospheric_loss);
    if (s.rx_off_axis)
      require_in_range("interferer receive off-axis angle", std::abs(units::to_deg(*s.rx_off_axis)), 0.0, 180.0, "deg", kModel);
    if (s.eirp) require_in_range("interferer EIRP", s.eirp->value(), -100.0, 150.0, "dBW", kModel);
  }
  for (const auto& x : in.c_over_x) {
    if (!std::isfinite(x.value.value()))
      throw RangeError("C/X " + x.name, x.value.value(), "finite dB", kModel);
  }
}

}  // namespace detail

// ---- free functions ---------------------------------------------------------------------------------
units::Decibel free_space_loss(units::Length distance, units::Frequency f) {
  const double d = units::to_metres(distance), fh = units::to_hz(f);
  if (!(d > 0.0) || !std::isfinite(d)) throw RangeError("distance", d, "> 0 m", "free-space loss");
  if (!(fh > 0.0) || !std::isfinite(fh)) throw RangeError("frequency", fh, "> 0 Hz", "free-space loss");
  return units::Decibel(detail::fspl_constant_db(fh) + 20.0 * std::log10(d));
}

units::Length slant_range(units::Length altitude, units::Angle elevation, units::Length earth_radius) {
  const double h = units::to_metres(altitude), r = units::to_metres(earth_radius);
  const double el = units::to_deg(elevation);
  if (!(h > 0.0) || !std::isfinite(h)) throw RangeError("altitude", h, "> 0 m", "slant range");
  if (!(r > 0.0) || !std::isfinite(r)) throw RangeError("Earth radius", r, "> 0 m", "slant range");
  require_in_range("elevation", el, 0.0, 90.0, "deg", "slant range");
  const double e = units::to_rad(elevation);
  const double c = r * std::cos(e);
  return units::metres(std::sqrt((r + h) * (r + h) - c * c) - r * std::sin(e));
}

units::Temperature sky_noise_temperature(units::Decibel attenuation, units::Temperature t_mr, units::Temperature t_cosmic) {
  require_in_range("attenuation", attenuation.value(), 0.0, 1000.0, "dB", "sky noise (P.618 §3)");
  const double tau = std::pow(10.0, -attenuation.value() / 10.0);
  return units::kelvin(units::to_kelvin(t_mr) * (1.0 - tau) + units::to_kelvin(t_cosmic) * tau);
}

units::Decibel combine_ratios(const std::vector<units::Decibel>& ratios) {
  double inv = 0.0;
  for (const auto& x : ratios) inv += std::pow(10.0, -x.value() / 10.0);
  return units::Decibel(inv > 0.0 ? -db10(inv) : kInf);
}

units::Decibel shannon_rate_gap(units::Decibel c_ni, double se) {
  if (!(se > 0.0)) return units::Decibel(kNaN);
  return units::Decibel(db10(std::log2(1.0 + std::pow(10.0, c_ni.value() / 10.0)) / se));
}

units::Temperature noise_temperature_from_figure(units::Decibel noise_figure) {
  require_in_range("noise figure", noise_figure.value(), 0.0, 30.0, "dB", "noise temperature");
  return units::kelvin(290.0 * (std::pow(10.0, noise_figure.value() / 10.0) - 1.0));
}

// ---- one hop ----------------------------------------------------------------------------------------
LinkResult evaluate(const LinkInput& in) {
  detail::validate(in);
  LinkResult r;
  r.name = in.name;
  r.frequency = in.frequency;
  r.bandwidth = in.bandwidth;
  r.rolloff = in.rolloff;
  r.symbol_rate = units::hz(units::to_hz(in.bandwidth) / (1.0 + in.rolloff));
  r.range = in.range;
  r.elevation = in.elevation;
  r.standard = in.standard;

  // Transmitter.
  const auto& tx = in.tx;
  double g_tx_peak = kNaN, g_tx_rel = 0.0;
  if (tx.antenna) {
    g_tx_peak = tx.antenna->peak_gain().value();
    g_tx_rel = tx.antenna->gain(tx.off_axis).value() - g_tx_peak;
  }
  r.tx_peak_gain = units::DecibelIsotropic(g_tx_peak);
  r.tx_off_axis_loss = units::Decibel(-g_tx_rel);
  if (tx.power) {
    r.tx_power = units::to_dbw(*tx.power);
    r.tx_feed_loss = tx.feed_loss;
    r.eirp_boresight = units::DecibelWatt(r.tx_power->value() - tx.feed_loss.value() + g_tx_peak);
  } else {
    r.tx_feed_loss = units::Decibel(0.0);
    r.eirp_boresight = *tx.eirp;
  }
  r.eirp = units::DecibelWatt(r.eirp_boresight.value() + g_tx_rel);

  // Path.
  const double f = units::to_hz(in.frequency);
  const double d = units::to_metres(in.range);
  r.fspl = units::Decibel(detail::fspl_constant_db(f) + 20.0 * std::log10(d));
  r.atmospheric_loss = in.atmospheric_loss;
  r.pointing_loss = in.pointing_loss;
  r.polarization_loss = in.polarization_loss;
  r.other_loss = in.other_loss;
  r.total_path_loss = units::Decibel(r.fspl.value() + in.atmospheric_loss.value() + in.pointing_loss.value() +
                                     in.polarization_loss.value() + in.other_loss.value());

  // Receiver.
  const auto& rx = in.rx;
  double g_rx = kNaN, g_rx_rel = 0.0;
  if (rx.antenna) {
    g_rx = rx.antenna->gain(rx.off_axis).value();
    g_rx_rel = g_rx - rx.antenna->peak_gain().value();
  }
  r.rx_gain = units::DecibelIsotropic(g_rx);
  r.rx_feed_loss = rx.g_over_t ? units::Decibel(0.0) : rx.feed_loss;
  r.sky_temperature = units::kelvin(kNaN);
  r.antenna_temperature = units::kelvin(kNaN);
  if (rx.g_over_t) {
    r.system_temperature = units::kelvin(kNaN);
    r.g_over_t = units::DecibelPerKelvin(rx.g_over_t->value() + g_rx_rel);
  } else {
    double tsys;
    if (rx.system_temperature) {
      tsys = units::to_kelvin(*rx.system_temperature);
    } else {
      double sky = kNaN, ant = kNaN;
      tsys = detail::system_temperature_k(rx, in.atmospheric_loss.value(), &sky, &ant);
      r.sky_temperature = units::kelvin(sky);
      r.antenna_temperature = units::kelvin(ant);
    }
    r.system_temperature = units::kelvin(tsys);
    r.g_over_t = units::DecibelPerKelvin(g_rx - rx.feed_loss.value() - db10(tsys));
  }
  r.carrier_power = units::DecibelWatt(r.eirp.value() - r.total_path_loss.value() + (rx.antenna ? g_rx : kNaN));
  const double cn0 = r.eirp.value() - r.total_path_loss.value() + r.g_over_t.value() - units::kBoltzmannDb;
  r.c_n0 = units::DecibelHertz(cn0);
  r.c_n = units::Decibel(cn0 - db10(units::to_hz(in.bandwidth)));
  r.esn0 = units::Decibel(cn0 - db10(units::to_hz(r.symbol_rate)));

  // Interference. Wanted carrier at the victim, relative terms only (dB):
  //   C = EIRP_b + g_tx_rel - FSPL(d) - A - L_point - L_pol - L_other + G_rx(phi_0)
  //   I_k = EIRP_b,k + g_k,rel - FSPL(d_k) - A_k - L_point - L_pol - L_other + G_rx(phi_k)
  // (the fixed losses affect every co-channel path alike, so C/I does not depend on them).
  const double fixed_losses = in.pointing_loss.value() + in.polarization_loss.value() + in.other_loss.value();
  double inv_cc = 0.0;
  r.c_over_x = in.c_over_x;
  const double c_rel = r.eirp.value() - r.total_path_loss.value() + (rx.antenna ? g_rx : 0.0);
  for (const auto& s : in.co_channel) {
    double eirp_b = s.eirp ? s.eirp->value() : r.eirp_boresight.value();
    double g_rel = 0.0;
    const AntennaPattern* pat = s.antenna ? s.antenna.get() : tx.antenna.get();
    if (pat) g_rel = pat->gain(s.off_axis).value() - pat->peak_gain().value();
    const double dk = s.range ? units::to_metres(*s.range) : d;
    const double ak = s.atmospheric_loss ? s.atmospheric_loss->value() : in.atmospheric_loss.value();
    double grx_k = 0.0;
    if (rx.antenna) grx_k = s.rx_off_axis ? rx.antenna->gain(*s.rx_off_axis).value() : g_rx;
    const double i_k = eirp_b + g_rel - (detail::fspl_constant_db(f) + 20.0 * std::log10(dk)) - ak - fixed_losses + grx_k;
    const double ci_k = c_rel - i_k;
    inv_cc += std::pow(10.0, -ci_k / 10.0);
    r.c_over_x.push_back({"C/I " + (s.name.empty() ? std::string("co-channel") : s.name), units::Decibel(ci_k)});
  }
  double inv_other = 0.0;
  for (const auto& x : in.c_over_x) inv_other += std::pow(10.0, -x.value.value() / 10.0);
  r.c_i_cochannel = units::Decibel(inv_cc > 0 ? -db10(inv_cc) : kInf);
  r.c_i_other = units::Decibel(inv_other > 0 ? -db10(inv_other) : kInf);
  const double inv_ci = inv_cc + inv_other;
  r.c_i = units::Decibel(inv_ci > 0 ? -db10(inv_ci) : kInf);
  r.c_ni = units::Decibel(-db10(std::pow(10.0, -r.c_n.value() / 10.0) + inv_ci));
  r.esn0_eff = units::Decibel(-db10(std::pow(10.0, -r.esn0.value() / 10.0) + inv_ci));

  r.acm = ModcodTable::of(in.standard).select(r.esn0_eff, in.bandwidth, in.rolloff, in.implementation_margin);
  r.ebn0_eff = units::Decibel(r.acm.closes() ? r.esn0_eff.value() - db10(r.acm.efficiency_bits_per_symbol) : kNaN);
  r.shannon_capacity_bps = units::to_hz(in.bandwidth) * std::log2(1.0 + std::pow(10.0, r.c_ni.value() / 10.0));
  r.shannon_rate_gap = shannon_rate_gap(r.c_ni, r.acm.spectral_efficiency_bps_hz);
  return r;
}

std::vector<LineItem> line_items(const LinkResult& r) {
  std::vector<LineItem> v;
  auto add = [&](std::string label, double value, std::string unit, std::string key = "") {
    v.push_back({std::move(label), value, std::move(unit), std::move(key)});
  };
  add("Frequency", units::to_ghz(r.frequency), "GHz", "frequency_ghz");
  add("Allocated bandwidth", units::to_mhz(r.bandwidth), "MHz", "bandwidth_mhz");
  add("Roll-off", r.rolloff, "", "rolloff");
  add("Symbol rate", units::to_hz(r.symbol_rate) / 1e6, "Msym/s", "symbol_rate_msps");
  if (r.elevation) add("Elevation", units::to_deg(*r.elevation), "deg", "elevation_deg");
  add("Slant range", units::to_km(r.range), "km", "slant_range_km");
  if (r.tx_power) {
    add("Transmit power", r.tx_power->value(), "dBW", "tx_power_dbw");
    add("Transmit feed loss", r.tx_feed_loss.value(), "dB", "tx_feed_loss_db");
  }
  if (std::isfinite(r.tx_peak_gain.value())) {
    add("Transmit antenna peak gain", r.tx_peak_gain.value(), "dBi", "tx_peak_gain_dbi");
    add("Transmit off-axis loss", r.tx_off_axis_loss.value(), "dB", "tx_off_axis_loss_db");
  }
  add("EIRP (boresight)", r.eirp_boresight.value(), "dBW", "eirp_boresight_dbw");
  add("EIRP (toward receiver)", r.eirp.value(), "dBW", "eirp_dbw");
  add("Free-space path loss", r.fspl.value(), "dB", "fspl_db");
  add("Atmospheric loss", r.atmospheric_loss.value(), "dB", "atmospheric_loss_db");
  add("Pointing loss", r.pointing_loss.value(), "dB", "pointing_loss_db");
  add("Polarisation loss", r.polarization_loss.value(), "dB", "polarization_loss_db");
  add("Other losses", r.other_loss.value(), "dB", "other_loss_db");
  add("Total path loss", r.total_path_loss.value(), "dB", "total_path_loss_db");
  if (std::isfinite(r.rx_gain.value())) {
    add("Receive antenna gain", r.rx_gain.value(), "dBi", "rx_gain_dbi");
    add("Received carrier power", r.carrier_power.value(), "dBW", "carrier_power_dbw");
    add("Receive feed loss", r.rx_feed_loss.value(), "dB", "rx_feed_loss_db");
  }
  if (std::isfinite(units::to_kelvin(r.sky_temperature))) add("Sky noise temperature", units::to_kelvin(r.sky_temperature), "K", "sky_temperature_k");
  if (std::isfinite(units::to_kelvin(r.antenna_temperature)))
    add("Antenna noise temperature", units::to_kelvin(r.antenna_temperature), "K", "antenna_temperature_k");
  if (std::isfinite(units::to_kelvin(r.system_temperature)))
    add("System noise temperature", units::to_kelvin(r.system_temperature), "K", "system_temperature_k");
  add("G/T", r.g_over_t.value(), "dB/K", "g_over_t_dbk");
  add("Boltzmann constant", units::kBoltzmannDb, "dBW/(K Hz)");
  add("C/N0", r.c_n0.value(), "dBHz", "c_n0_dbhz");
  add("C/N", r.c_n.value(), "dB", "c_n_db");
  add("Es/N0", r.esn0.value(), "dB", "esn0_clear_db");
  for (const auto& x : r.c_over_x) add(x.name, x.value.value(), "dB");
  add("C/I (total)", r.c_i.value(), "dB", "c_i_db");
  add("C/(N+I)", r.c_ni.value(), "dB", "c_ni_db");
  add("Es/(N0+I0)", r.esn0_eff.value(), "dB", "esn0_db");
  add("Implementation margin", r.acm.implementation_margin.value(), "dB", "implementation_margin_db");
  if (r.acm.closes()) {
    add("Required Es/N0 (" + std::string(r.acm.modcod->name) + ")", r.acm.modcod->required_esn0_db, "dB", "required_esn0_db");
    add("Eb/(N0+I0)", r.ebn0_eff.value(), "dB", "ebn0_db");
  }
  add("Spectral efficiency", r.acm.spectral_efficiency_bps_hz, "bit/s/Hz", "spectral_efficiency_bps_hz");
  add("Link margin", r.acm.margin.value(), "dB", "margin_db");
  add("Distance to Shannon limit (required Es/N0)", r.acm.distance_to_shannon.value(), "dB", "distance_to_shannon_db");
  add("Shannon capacity B log2(1 + C/(N+I))", r.shannon_capacity_bps / 1e6, "Mbit/s", "shannon_capacity_mbps");
  add("Rate gap to Shannon", r.shannon_rate_gap.value(), "dB", "shannon_rate_gap_db");
  add("Throughput", r.acm.throughput_bps / 1e6, "Mbit/s", "throughput_mbps");
  return v;
}

// ---- two hops ---------------------------------------------------------------------------------------
const char* to_string(Repeater r) { return r == Repeater::Transparent ? "transparent" : "regenerative"; }
const char* to_string(LinkDirection d) { return d == LinkDirection::Forward ? "forward" : "return"; }

TwoHopResult evaluate(const TwoHopInput& in) {
  TwoHopResult t;
  t.direction = in.direction;
  t.repeater = in.repeater;
  t.uplink = evaluate(in.uplink);
  t.downlink = evaluate(in.downlink);
  if (in.repeater == Repeater::Transparent) {
    if (units::to_hz(in.uplink.bandwidth) != units::to_hz(in.downlink.bandwidth) || in.uplink.rolloff != in.downlink.rolloff)
      throw RangeError("uplink bandwidth", units::to_hz(in.uplink.bandwidth),
                       "equal to the downlink bandwidth and roll-off (a transparent repeater carries one carrier)", kModel);
    double inv = std::pow(10.0, -t.uplink.c_ni.value() / 10.0) + std::pow(10.0, -t.downlink.c_ni.value() / 10.0);
    double inv_es = std::pow(10.0, -t.uplink.esn0_eff.value() / 10.0) + std::pow(10.0, -t.downlink.esn0_eff.value() / 10.0);
    if (in.transponder_c_im) {
      if (!std::isfinite(in.transponder_c_im->value())) throw RangeError("transponder C/IM", in.transponder_c_im->value(), "finite dB", kModel);
      const double x = std::pow(10.0, -in.transponder_c_im->value() / 10.0);
      inv += x;
      inv_es += x;
    }
    t.c_ni_total = units::Decibel(-db10(inv));
    t.esn0_total = units::Decibel(-db10(inv_es));
    t.acm = ModcodTable::of(in.downlink.standard)
                .select(t.esn0_total, in.downlink.bandwidth, in.downlink.rolloff, in.downlink.implementation_margin);
    t.throughput_bps = t.acm.throughput_bps;
  } else {
    const bool up_limits = t.uplink.acm.throughput_bps < t.downlink.acm.throughput_bps;
    const LinkResult& lim = up_limits ? t.uplink : t.downlink;
    t.c_ni_total = units::Decibel(std::min(t.uplink.c_ni.value(), t.downlink.c_ni.value()));
    t.esn0_total = lim.esn0_eff;
    t.acm = lim.acm;
    t.throughput_bps = lim.acm.throughput_bps;
  }
  return t;
}

}  // namespace satcap::radio
