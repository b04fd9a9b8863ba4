#pragma once
/// @file link_budget.hpp
/// One-hop and two-hop satellite link budgets with interference and DVB-S2/S2X ACM.
///
/// One hop (all terms in dB unless noted):
///   EIRP(theta_t)  = P_tx - L_feed,tx + G_tx(theta_t)        (or the given boresight EIRP + G_tx(theta_t) - G_tx,max)
///   FSPL           = 20 log10(4 pi d f / c)
///   C              = EIRP(theta_t) - FSPL - A_atm - L_point - L_pol - L_other + G_rx(theta_r)
///   T_sky          = T_mr (1 - 10^(-A/10)) + T_c 10^(-A/10)   (ITU-R P.618-14 §3 eq. (65) with P.372-16;
///                    T_mr = 275 K, T_c = 2.7 K by default; only for ground receivers, "sky" noise mode)
///   T_ant          = T_sky + T_spill   (sky mode) or the given antenna temperature (fixed mode)
///   T_sys          = T_ant / L_f + T_f (1 - 1/L_f) + T_0 (F - 1)  referred to the receiver input
///                    (L_f feed loss, T_f its physical temperature, F the noise factor, T_0 = 290 K)
///   G/T            = G_rx(theta_r) - L_f - 10 log10(T_sys)     (or given, or G_rx - 10 log10(T_sys given))
///   C/N0           = C - L_f + 228.6 dBW/(K Hz) - 10 log10(T_sys) (i.e. EIRP - losses + G/T - 10 log10 k)
///   C/N            = C/N0 - 10 log10(B)  (allocated bandwidth B);  Es/N0 = C/N0 - 10 log10(Rs), Rs = B/(1+alpha)
/// Interference: each co-channel source k (another beam of the same satellite, or another satellite)
///   I_k = EIRP_k(theta_k) - FSPL(d_k) - A_k - L_point - L_pol - L_other + G_rx(phi_k) (the fixed
///   losses act on every co-channel path alike, so they cancel in C/I); C/I_cc = C / sum I_k; given C/X terms (adjacent channel, adjacent
///   satellite, cross-polar, intermodulation) add as 1/(C/I) = sum 1/(C/X).
///   C/(N+I) = 1 / (1/(C/N) + 1/(C/I));  Es/(N0+I0) = 1 / (1/(Es/N0) + 1/(C/I)) drives ACM.
/// Two hops: transparent (bent pipe) 1/(C/(N+I))_total = sum over hops (+ optional transponder C/IM);
/// regenerative: each hop runs its own ACM, throughput = min of the hops.
///
/// Validity: f in (0, 1000] GHz, d > 0, B > 0, 0 <= alpha <= 1, losses >= 0 dB, temperatures >= 0 K
/// (RangeError otherwise). Accuracy: exact closed forms; the Boltzmann constant is the exact SI value
/// (10 log10 k = -228.599 dBW/(K Hz)).
/// Thread-safety: inputs are plain values (patterns are shared immutable objects); evaluate() is reentrant.
#include <satcap/core/units.hpp>
#include <satcap/export.hpp>
#include <satcap/radio/antenna.hpp>
#include <satcap/radio/modcod.hpp>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace satcap::radio {

/// Free-space path loss 20 log10(4 pi d f / c). RangeError for d <= 0 or f <= 0.
SATCAP_EXPORT units::Decibel free_space_loss(units::Length distance, units::Frequency f);
/// Slant range to a satellite at `altitude` seen at `elevation` from a spherical Earth of radius R:
/// d = sqrt((R + h)^2 - (R cos el)^2) - R sin el. Default R = 6371.0 km (IUGG mean radius).
SATCAP_EXPORT units::Length slant_range(units::Length altitude, units::Angle elevation,
                                        units::Length earth_radius = units::km(6371.0));
/// Sky noise temperature behind an absorbing atmosphere (P.618-14 §3): T_mr (1 - 10^(-A/10)) + T_c 10^(-A/10).
SATCAP_EXPORT units::Temperature sky_noise_temperature(units::Decibel attenuation,
                                                       units::Temperature t_mr = units::kelvin(275.0),
                                                       units::Temperature t_cosmic = units::kelvin(2.7));
/// Combines carrier-to-X ratios that add as noise: -10 log10(sum 10^(-x_i/10)) (e.g. C/N with C/I terms,
/// or the hops of a bent pipe). +inf for an empty list.
SATCAP_EXPORT units::Decibel combine_ratios(const std::vector<units::Decibel>& ratios);
/// Rate gap to Shannon as del Portillo et al. (2019) report it: 10 log10(log2(1 + C/(N+I)) / SE), with C/(N+I)
/// in the allocated bandwidth and SE the information rate per Hz of allocated bandwidth. NaN when SE <= 0.
SATCAP_EXPORT units::Decibel shannon_rate_gap(units::Decibel c_ni, double spectral_efficiency_bps_hz);
/// Receiver noise temperature T_0 (F - 1) from a noise figure (T_0 = 290 K).
SATCAP_EXPORT units::Temperature noise_temperature_from_figure(units::Decibel noise_figure);

/// Transmitting end. Either `eirp` (boresight EIRP, tx losses included) or `power` (+ feed loss +
/// antenna). The antenna gives the off-axis gain toward the receiver (required with `power`;
/// with `eirp` and no antenna there is no off-axis loss).
struct Transmitter {
  std::optional<units::DecibelWatt> eirp;          ///< boresight EIRP
  std::optional<units::Power> power;               ///< power at the HPA output
  units::Decibel feed_loss{0.0};                   ///< HPA-to-antenna losses (power mode)
  std::shared_ptr<const AntennaPattern> antenna;   ///< pattern (peak = boresight gain)
  units::Angle off_axis = units::deg(0.0);         ///< angle at the transmitter between boresight and receiver
};

enum class AntennaNoiseMode {
  Sky,    ///< ground receiver: T_ant = T_sky(A) + spillover (sky noise raised by the atmospheric loss)
  Fixed,  ///< e.g. a satellite looking at the Earth: T_ant given (290 K typical)
};

/// Receiving end. Either `g_over_t` (used as given), or `antenna` with `system_temperature` (T_sys
/// given), or `antenna` with the noise model (antenna noise, feed loss, noise figure).
struct Receiver {
  std::optional<units::DecibelPerKelvin> g_over_t;
  std::shared_ptr<const AntennaPattern> antenna;
  units::Angle off_axis = units::deg(0.0);             ///< angle at the receiver between boresight and transmitter
  std::optional<units::Temperature> system_temperature;  ///< given T_sys (then the noise model is not used)
  AntennaNoiseMode noise_mode = AntennaNoiseMode::Sky;
  units::Temperature antenna_temperature = units::kelvin(290.0);  ///< Fixed mode
  units::Temperature spillover_temperature = units::kelvin(0.0);  ///< Sky mode: ground pick-up added to T_sky
  units::Temperature mean_radiating_temperature = units::kelvin(275.0);  ///< T_mr of P.618 §3
  units::Temperature cosmic_temperature = units::kelvin(2.7);
  units::Decibel feed_loss{0.0};                       ///< antenna-to-LNA loss
  units::Temperature feed_temperature = units::kelvin(290.0);  ///< physical temperature of the feed
  units::Decibel noise_figure{1.0};                    ///< LNA/receiver noise figure
};

/// A co-channel interfering transmitter seen by the victim receiver. Unset fields default to the
/// wanted link's values (same satellite: same pattern, EIRP, range, attenuation, receive angle).
struct CoChannelSource {
  std::string name;
  std::shared_ptr<const AntennaPattern> antenna;     ///< interferer's pattern (null: the wanted transmitter's)
  std::optional<units::DecibelWatt> eirp;            ///< interferer's boresight EIRP (null: wanted boresight EIRP)
  units::Angle off_axis = units::deg(0.0);           ///< at the interferer: its boresight to the victim receiver
  std::optional<units::Length> range;                ///< interferer-victim distance
  std::optional<units::Decibel> atmospheric_loss;    ///< on the interferer's path
  std::optional<units::Angle> rx_off_axis;           ///< at the victim receiver: boresight to the interferer
};

/// A carrier-to-X ratio given as a number (C/ACI, C/ASI, C/XPI, C/3IM, ...).
struct CarrierToX {
  std::string name;
  units::Decibel value;
};

/// Everything one hop needs.
struct LinkInput {
  std::string name;
  units::Frequency frequency = units::ghz(0.0);
  units::Frequency bandwidth = units::mhz(0.0);   ///< allocated bandwidth B
  double rolloff = 0.1;
  Transmitter tx;
  Receiver rx;
  units::Length range = units::km(0.0);
  std::optional<units::Angle> elevation;          ///< informational (and for the atmosphere models)
  units::Decibel atmospheric_loss{0.0};
  units::Decibel pointing_loss{0.0};
  units::Decibel polarization_loss{0.0};
  units::Decibel other_loss{0.0};
  std::vector<CoChannelSource> co_channel;
  std::vector<CarrierToX> c_over_x;
  ModcodStandard standard = ModcodStandard::DvbS2X;
  units::Decibel implementation_margin{0.0};
};

/// Every line item of one hop.
struct LinkResult {
  std::string name;
  units::Frequency frequency, bandwidth, symbol_rate;
  double rolloff = 0;
  units::Length range;
  std::optional<units::Angle> elevation;
  std::optional<units::DecibelWatt> tx_power;   ///< when given as power
  units::Decibel tx_feed_loss;
  units::DecibelIsotropic tx_peak_gain;         ///< NaN when EIRP given without antenna
  units::Decibel tx_off_axis_loss;              ///< G_max - G(theta_t) (>= 0 for a normal pattern)
  units::DecibelWatt eirp_boresight;
  units::DecibelWatt eirp;                      ///< toward the receiver
  units::Decibel fspl, atmospheric_loss, pointing_loss, polarization_loss, other_loss;
  units::Decibel total_path_loss;               ///< FSPL + atmospheric + pointing + polarisation + other
  units::DecibelWatt carrier_power;             ///< C at the antenna output (before the feed)
  units::DecibelIsotropic rx_gain;              ///< toward the transmitter (NaN when G/T given)
  units::Decibel rx_feed_loss;
  units::Temperature sky_temperature;           ///< NaN unless computed
  units::Temperature antenna_temperature;       ///< NaN unless computed
  units::Temperature system_temperature;        ///< NaN when G/T given
  units::DecibelPerKelvin g_over_t;
  units::DecibelHertz c_n0;
  units::Decibel c_n;                           ///< in B
  units::Decibel esn0;                          ///< Es/N0 without interference
  units::Decibel c_i_cochannel;                 ///< +inf without co-channel sources
  units::Decibel c_i_other;                     ///< aggregate of the C/X terms (+inf without)
  units::Decibel c_i;                           ///< all interference (+inf without)
  units::Decibel c_ni;                          ///< C/(N+I), N in B
  units::Decibel esn0_eff;                      ///< Es/(N0+I0) used for ACM
  units::Decibel ebn0_eff;                      ///< Es/(N0+I0) - 10 log10(eta) (NaN when no MODCOD closes)
  double shannon_capacity_bps = 0.0;            ///< B log2(1 + C/(N+I))
  units::Decibel shannon_rate_gap;              ///< 10 log10(Shannon capacity / throughput) (NaN when nothing closes)
  std::vector<CarrierToX> c_over_x;             ///< copy of the inputs, and one row per co-channel source
  ModcodStandard standard = ModcodStandard::DvbS2X;
  AcmResult acm;
};

/// One printable line of a budget.
struct LineItem {
  std::string label;
  double value;
  std::string unit;
  std::string key;  ///< JSON key (snake case with unit), empty when the line is not exported
};

/// Evaluates one hop. RangeError / Error for inconsistent inputs (e.g. neither EIRP nor power).
SATCAP_EXPORT LinkResult evaluate(const LinkInput& in);
/// The line items of a result, in budget order.
SATCAP_EXPORT std::vector<LineItem> line_items(const LinkResult& r);

enum class Repeater { Transparent, Regenerative };
enum class LinkDirection { Forward, Return };  ///< forward: gateway -> satellite -> user; return: user -> satellite -> gateway

struct TwoHopInput {
  LinkDirection direction = LinkDirection::Forward;
  Repeater repeater = Repeater::Transparent;
  LinkInput uplink;    ///< earth -> satellite (feeder uplink when forward, user uplink when return)
  LinkInput downlink;  ///< satellite -> earth
  std::optional<units::Decibel> transponder_c_im;  ///< transparent: transponder intermodulation C/IM
};

struct TwoHopResult {
  LinkDirection direction = LinkDirection::Forward;
  Repeater repeater = Repeater::Transparent;
  LinkResult uplink, downlink;
  units::Decibel c_ni_total;    ///< transparent: end-to-end C/(N+I) in the downlink bandwidth; regenerative: the worse hop
  units::Decibel esn0_total;    ///< transparent: end-to-end Es/(N0+I0)
  AcmResult acm;                ///< transparent: end-to-end ACM (downlink carrier); regenerative: the limiting hop
  double throughput_bps = 0.0;
};

/// Two hops. Transparent: both hops must carry the same carrier (same bandwidth and roll-off;
/// RangeError otherwise) and the end-to-end ACM uses the downlink's MODCOD table and margin.
SATCAP_EXPORT TwoHopResult evaluate(const TwoHopInput& in);

SATCAP_EXPORT const char* to_string(Repeater r);
SATCAP_EXPORT const char* to_string(LinkDirection d);

}  // namespace satcap::radio
