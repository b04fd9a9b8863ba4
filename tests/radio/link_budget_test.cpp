// One-hop and two-hop link budgets: textbook examples with the arithmetic written out.
#include <satcap/core/error.hpp>
#include <satcap/radio/link_budget.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <memory>

using namespace satcap;
using namespace satcap::radio;
using units::deg;
using units::Decibel;
using units::DecibelIsotropic;
using units::DecibelPerKelvin;
using units::DecibelWatt;

namespace {

LinkInput geo_example() {
  // A GEO downlink (Pratt/Bostian-style numbers): 12 GHz, EIRP 50 dBW, 38,000 km, earth station G/T 20 dB/K,
  // 36 MHz transponder, roll-off 0.2.
  LinkInput in;
  in.name = "GEO textbook";
  in.frequency = units::ghz(12.0);
  in.bandwidth = units::mhz(36.0);
  in.rolloff = 0.2;
  in.tx.eirp = DecibelWatt(50.0);
  in.rx.g_over_t = DecibelPerKelvin(20.0);
  in.range = units::km(38000.0);
  return in;
}

}  // namespace

TEST(LinkBudget, FreeSpaceLossTextbook) {
  // FSPL = 92.4478 + 20 log10(f/GHz) + 20 log10(d/km): 12 GHz, 36,000 km -> 92.4478 + 21.5836 + 91.1261 = 205.1575 dB.
  EXPECT_NEAR(free_space_loss(units::km(36000.0), units::ghz(12.0)).value(), 205.1574581581816, 1e-9);
  // 1 km at 1 GHz: 92.4478 dB (the constant 20 log10(4 pi 1e12 / c)).
  EXPECT_NEAR(free_space_loss(units::km(1.0), units::ghz(1.0)).value(), 92.44778322188337, 1e-9);
  EXPECT_THROW(free_space_loss(units::km(0.0), units::ghz(1.0)), RangeError);
}

TEST(LinkBudget, SlantRange) {
  // Zenith: d = h. Horizon (el = 0): d = sqrt((R + h)^2 - R^2) = sqrt(6921^2 - 6371^2) = 2704.2 km for h = 550 km.
  EXPECT_NEAR(units::to_km(slant_range(units::km(550.0), deg(90.0))), 550.0, 1e-9);
  EXPECT_NEAR(units::to_km(slant_range(units::km(550.0), deg(0.0))), std::sqrt(6921.0 * 6921.0 - 6371.0 * 6371.0), 1e-9);
  EXPECT_THROW(slant_range(units::km(550.0), deg(-1.0)), RangeError);
}

TEST(LinkBudget, NoiseTemperatures) {
  // A = 3 dB: tau = 10^-0.3 = 0.501187; T_sky = 275 x 0.498813 + 2.7 x 0.501187 = 138.527 K (P.618-14 §3).
  EXPECT_NEAR(units::to_kelvin(sky_noise_temperature(Decibel(3.0))), 138.52671628329378, 1e-9);
  EXPECT_NEAR(units::to_kelvin(sky_noise_temperature(Decibel(0.0))), 2.7, 1e-12);
  // NF 1 dB: 290 x (10^0.1 - 1) = 75.088 K.
  EXPECT_NEAR(units::to_kelvin(noise_temperature_from_figure(Decibel(1.0))), 75.08836942030851, 1e-9);
}

TEST(LinkBudget, GeoTextbookExample) {
  // FSPL = 20 log10(4 pi 3.8e7 m 1.2e10 Hz / c) = 205.6271 dB.
  // C/N0 = EIRP - FSPL + G/T - 10 log10 k = 50 - 205.6271 + 20 + 228.5992 = 92.9721 dBHz.
  // C/N = 92.9721 - 10 log10(36e6) = 92.9721 - 75.5630 = 17.4091 dB; Rs = 36/1.2 = 30 Msym/s ->
  // Es/N0 = 92.9721 - 74.7712 = 18.2009 dB -> DVB-S2X: 256APSK 29/45-L needs 16.98, 256APSK 2/3-L 17.24,
  // 128APSK 3/4 17.73, 256APSK 31/45-L 18.10 (eta 5.417338) is the best that closes; margin 0.1009 dB.
  const auto r = evaluate(geo_example());
  EXPECT_NEAR(r.fspl.value(), 205.6270800751721, 1e-9);
  EXPECT_NEAR(r.c_n0.value(), 92.97208709804556, 1e-9);
  EXPECT_NEAR(r.c_n.value(), 17.409062090372686, 1e-9);
  EXPECT_NEAR(r.esn0.value(), 18.200874550848937, 1e-9);
  EXPECT_TRUE(std::isinf(r.c_i.value()));
  EXPECT_NEAR(r.c_ni.value(), r.c_n.value(), 1e-12);
  ASSERT_TRUE(r.acm.closes());
  EXPECT_STREQ(r.acm.modcod->name, "256APSK 31/45-L");
  EXPECT_NEAR(r.acm.margin.value(), 18.200874550848937 - 18.10, 1e-9);
  EXPECT_NEAR(r.acm.throughput_bps, 30e6 * 5.417338, 1e-3);
  // DVB-S2 only: 32APSK 8/9 (15.69 dB, 4.397854) closes, 32APSK 9/10 (16.05, 4.453027) is best.
  auto in = geo_example();
  in.standard = ModcodStandard::DvbS2;
  EXPECT_STREQ(evaluate(in).acm.modcod->name, "32APSK 9/10");
  EXPECT_FALSE(line_items(r).empty());
}

TEST(LinkBudget, PowerAntennaAndNoiseModel) {
  // Tx: 10 W (10 dBW), 1 dB feed loss, 1 m dish at 12 GHz, eff 0.65 -> G = 40.1193 dBi, EIRP = 49.1193 dBW.
  // Rx: flat 40 dBi antenna, sky noise with A = 3 dB (T_sky = 138.527 K), 0.5 dB feed loss at 290 K, NF 1 dB:
  //   L_f = 10^0.05 = 1.122018; T_sys = 138.527/1.122018 + 290 (1 - 1/1.122018) + 75.088
  //       = 123.462 + 31.536 + 75.088 = 230.086 K.
  //   G/T = 40 - 0.5 - 10 log10(230.086) = 39.5 - 23.6189 = 15.8811 dB/K.
  LinkInput in = geo_example();
  in.tx.eirp.reset();
  in.tx.power = units::watts(10.0);
  in.tx.feed_loss = Decibel(1.0);
  in.tx.antenna = std::make_shared<CircularAperturePattern>(units::metres(1.0), units::ghz(12.0), 0.65);
  in.rx.g_over_t.reset();
  in.rx.antenna = std::make_shared<FlatPattern>(DecibelIsotropic(40.0));
  in.rx.feed_loss = Decibel(0.5);
  in.rx.noise_figure = Decibel(1.0);
  in.atmospheric_loss = Decibel(3.0);
  const auto r = evaluate(in);
  const double lf = std::pow(10.0, 0.05);
  const double tsys = 138.52671628329378 / lf + 290.0 * (1.0 - 1.0 / lf) + 75.08836942030851;
  EXPECT_NEAR(r.eirp.value(), 10.0 - 1.0 + 40.11934188270517, 1e-9);
  EXPECT_NEAR(units::to_kelvin(r.sky_temperature), 138.52671628329378, 1e-9);
  EXPECT_NEAR(units::to_kelvin(r.system_temperature), tsys, 1e-9);
  EXPECT_NEAR(r.g_over_t.value(), 39.5 - 10.0 * std::log10(tsys), 1e-9);
  // C/N0 = EIRP - FSPL - A + G/T - 10 log10 k.
  EXPECT_NEAR(r.c_n0.value(), 49.11934188270517 - 205.6270800751721 - 3.0 + (39.5 - 10.0 * std::log10(tsys)) + 228.59916717321767,
              1e-9);
  // Fixed antenna temperature (a satellite seeing the Earth, 290 K): T_sys = 290/L_f + 290(1 - 1/L_f) + 75.088 = 365.088 K.
  in.rx.noise_mode = AntennaNoiseMode::Fixed;
  in.rx.antenna_temperature = units::kelvin(290.0);
  EXPECT_NEAR(units::to_kelvin(evaluate(in).system_temperature), 365.08836942030851, 1e-9);
}

TEST(LinkBudget, InterferenceAggregation) {
  // C/N = 17.4091 dB; C/X terms 20 and 25 dB: 1/(C/I) = 0.01 + 0.0031623 -> C/I = 18.8052 dB.
  // C/(N+I) = -10 log10(10^-1.74091 + 0.0131623).
  auto in = geo_example();
  in.c_over_x = {{"C/ASI", Decibel(20.0)}, {"C/XPI", Decibel(25.0)}};
  const auto r = evaluate(in);
  EXPECT_NEAR(r.c_i.value(), -10.0 * std::log10(0.01 + std::pow(10.0, -2.5)), 1e-12);
  EXPECT_NEAR(r.c_ni.value(), -10.0 * std::log10(std::pow(10.0, -1.7409062090372686) + 0.01 + std::pow(10.0, -2.5)), 1e-9);
  // Textbook: C/N = 10 dB and C/I = 15 dB -> C/(N+I) = -10 log10(0.1 + 0.031623) = 8.8067 dB.
  EXPECT_NEAR(combine_ratios({Decibel(10.0), Decibel(15.0)}).value(), 8.806689519339054, 1e-12);
  EXPECT_TRUE(std::isinf(combine_ratios({}).value()));
}

TEST(LinkBudget, CoChannelBeamsThroughThePattern) {
  // Same satellite, Gaussian beams of 2 deg 3 dB width: the victim sits on its beam's axis and at 2 deg (one
  // beamwidth) from two other co-channel beams: each is 12 dB down -> C/I = 12 - 10 log10(2) = 8.9897 dB.
  auto in = geo_example();
  in.tx.antenna = std::make_shared<GaussianPattern>(DecibelIsotropic(40.0), deg(2.0), Decibel(-30.0));
  in.pointing_loss = Decibel(0.5);  // acts on the interferers' paths too: C/I unchanged
  CoChannelSource s;
  s.off_axis = deg(2.0);
  in.co_channel = {s, s};
  auto r = evaluate(in);
  EXPECT_NEAR(r.c_i_cochannel.value(), 12.0 - 10.0 * std::log10(2.0), 1e-9);
  EXPECT_NEAR(r.c_i.value(), r.c_i_cochannel.value(), 1e-12);
  // Another satellite at twice the range (6 dB less), with its own 45 dBW EIRP toward us on its axis: C/I = 50 - 45 + 6.0206.
  CoChannelSource other;
  other.antenna = std::make_shared<FlatPattern>(DecibelIsotropic(30.0));
  other.eirp = DecibelWatt(45.0);
  other.range = units::km(76000.0);
  in.co_channel = {other};
  r = evaluate(in);
  EXPECT_NEAR(r.c_i_cochannel.value(), 5.0 + 20.0 * std::log10(2.0), 1e-9);
}

TEST(LinkBudget, TwoHops) {
  // Transparent: C/N_up = 20 dB (given through the C/X route to keep it exact), C/N_down = 15 dB:
  // 1/(C/N) = 0.01 + 0.031623 -> 13.8067 dB.
  auto up = geo_example();
  auto down = geo_example();
  up.c_over_x = {{"C/X", Decibel(20.0)}};
  down.c_over_x = {{"C/X", Decibel(15.0)}};
  TwoHopInput t{LinkDirection::Forward, Repeater::Transparent, up, down, std::nullopt};
  const auto rt = evaluate(t);
  const double inv = std::pow(10.0, -rt.uplink.c_ni.value() / 10.0) + std::pow(10.0, -rt.downlink.c_ni.value() / 10.0);
  EXPECT_NEAR(rt.c_ni_total.value(), -10.0 * std::log10(inv), 1e-12);
  EXPECT_LT(rt.c_ni_total.value(), std::min(rt.uplink.c_ni.value(), rt.downlink.c_ni.value()));
  EXPECT_NEAR(-10.0 * std::log10(0.01 + std::pow(10.0, -1.5)), 13.806689519339056, 1e-12);
  EXPECT_EQ(rt.throughput_bps, rt.acm.throughput_bps);
  // Regenerative: each hop demodulated; the weaker hop limits.
  t.repeater = Repeater::Regenerative;
  const auto rr = evaluate(t);
  EXPECT_EQ(rr.throughput_bps, std::min(rr.uplink.acm.throughput_bps, rr.downlink.acm.throughput_bps));
  EXPECT_GE(rr.throughput_bps, rt.throughput_bps);
  // A transparent repeater cannot change the carrier bandwidth.
  t.repeater = Repeater::Transparent;
  t.uplink.bandwidth = units::mhz(72.0);
  EXPECT_THROW(evaluate(t), RangeError);
  t.direction = LinkDirection::Return;
  EXPECT_STREQ(to_string(t.direction), "return");
}

TEST(LinkBudget, BelowLowestModcodCarriesNothing) {
  auto in = geo_example();
  in.range = units::km(3.8e6);  // 40 dB more loss: Es/N0 = -21.8 dB
  const auto r = evaluate(in);
  EXPECT_FALSE(r.acm.closes());
  EXPECT_EQ(r.acm.throughput_bps, 0.0);
}

TEST(LinkBudget, RejectsInconsistentInput) {
  auto in = geo_example();
  in.tx.eirp.reset();
  EXPECT_THROW(evaluate(in), Error);  // neither EIRP nor power
  in = geo_example();
  in.atmospheric_loss = Decibel(-1.0);
  EXPECT_THROW(evaluate(in), RangeError);
  in = geo_example();
  in.rx.g_over_t.reset();
  EXPECT_THROW(evaluate(in), Error);  // neither G/T nor antenna
  in = geo_example();
  in.rolloff = 2.0;
  EXPECT_THROW(evaluate(in), RangeError);
}
