// The return link budget of one beam worked by hand (include/satcap/radio/return_link.hpp).
#include <satcap/core/error.hpp>
#include <satcap/radio/return_link.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

using namespace satcap;
using namespace satcap::radio;

TEST(ReturnLink, OneBeamByHand) {
  // Terminal: broadside EIRP 41 dBW, flat phased array, scan-loss exponent 1.2, 3 deg beam, floor
  // -25 dB; it serves a satellite at 40 deg elevation, so it scans 50 deg from zenith:
  //   EIRP = 41 + 12 log10(cos 50 deg) = 41 - 2.3032 = 38.6968 dBW.
  // Path: 1,000 km at 14.25 GHz: FSPL = 20 log10(4 pi 1e6 m x 14.25e9 Hz / 299,792,458 m/s)
  //   = 175.5241 dB; atmospheric loss 0.5 dB (given).
  // Satellite: G/T 8 dB/K at broadside, the receive beam steered 30 deg from nadir (exponent 1.0),
  //   terminal at the beam centre: G/T = 8 + 10 log10(cos 30 deg) = 8 - 0.6247 = 7.3753 dB/K.
  // C/N0 = 38.6968 - 175.5241 - 0.5 + 7.3753 + 228.5991 (-10 log10 1.380649e-23) = 98.6472 dBHz.
  // Rs = 62.5 MHz / 1.1 = 56.818 MBd: Es/N0 = 98.6472 - 77.5449 = 21.1023 dB.
  ReturnLinkOptions o;
  o.frequency_ghz = 14.25;
  o.channel_bandwidth_mhz = 62.5;
  o.rolloff = 0.1;
  o.terminal_eirp_dbw = 41.0;
  o.terminal_hpbw_deg = 3.0;
  o.terminal_scan_exponent = 1.2;
  o.terminal_max_scan_deg = 65.0;
  o.terminal_sidelobe_floor_db = -25.0;
  o.satellite_gt_dbk = 8.0;
  o.satellite_hpbw_deg = 2.5;
  o.satellite_scan_exponent = 1.0;
  o.satellite_max_scan_deg = 60.0;
  o.satellite_sidelobe_floor_db = -30.0;
  o.implementation_margin_db = 0.5;
  const ReturnLinkModel m(o);
  ReturnPath w;
  w.terminal_elevation_deg = 40.0;
  w.range_m = 1.0e6;
  w.atmospheric_loss_db = 0.5;
  w.satellite_scan_deg = 30.0;
  const ReturnBudget clear = m.evaluate(w);
  EXPECT_NEAR(clear.eirp_dbw, 38.6968, 1e-4);
  EXPECT_NEAR(clear.fspl_db, 175.5241, 1e-4);
  EXPECT_NEAR(clear.gt_dbk, 7.3753, 1e-4);
  EXPECT_NEAR(clear.c_n0_dbhz, 98.6472, 1e-4);
  EXPECT_NEAR(clear.esn0_db, 21.1023, 1e-4);
  // Clear of interference the top of the DVB-S2X ladder closes: 256APSK 3/4 (19.57 + 0.5 <= 21.10;
  // EN 302 307-2 Table 20a, 5.900855 bit/symbol): 5.900855 x 56.818 MBd = 335.28 Mbit/s.
  EXPECT_EQ(clear.modcod_name, "256APSK 3/4");
  EXPECT_NEAR(clear.rate_bps, 5.900855 * 62.5e6 / 1.1, 1.0);
  EXPECT_TRUE(std::isinf(clear.c_over_i_db));

  // Two co-channel terminals:
  //  (1) in the adjacent beam of the same satellite: it points at this satellite (off-axis 0, same
  //      EIRP, range and loss) and sits 2.5 / cos 30 deg off the victim beam's axis, where the beam
  //      is down 12 (2.8868 cos 30 / 2.5)^2 = 12 dB: I/C = -12 dB;
  //  (2) a terminal served by another satellite, 10 deg off its own beam toward this satellite:
  //      12 (10 cos 50 / 3)^2 = 55.1 dB, floored at 25 dB, at the victim beam's centre: I/C = -25 dB.
  // I/C = 10^-1.2 + 10^-2.5 = 0.066258 -> C/I = 11.7876 dB; I/N = 21.1023 - 11.7876 = 9.3147 dB;
  // Es/(N0+I0) = -10 log10(10^-2.11023 + 0.066258) = 11.3067 dB. With the 0.5 dB margin the best
  // MODCOD needs <= 10.8067 dB: 16APSK 7/9 (10.65 dB, 3.077225 bit/symbol; 16APSK 4/5 needs 11.03):
  // 3.077225 x 56.818 MBd = 174.84 Mbit/s.
  ReturnPath i1 = w;
  i1.satellite_off_axis_deg = 2.5 / std::cos(30.0 * std::acos(-1.0) / 180.0);
  ReturnPath i2 = w;
  i2.terminal_off_axis_deg = 10.0;
  const std::vector<ReturnPath> co{i1, i2};
  const ReturnBudget b = m.evaluate(w, co);
  EXPECT_NEAR(b.c_over_i_db, 11.7876, 1e-4);
  EXPECT_NEAR(b.i_over_n_db, 9.3147, 1e-4);
  EXPECT_NEAR(b.esn0_eff_db, 11.3067, 1e-4);
  EXPECT_EQ(b.modcod_name, "16APSK 7/9");
  EXPECT_NEAR(b.rate_bps, 3.077225 * 62.5e6 / 1.1, 1.0);
}

TEST(ReturnLink, NothingClosesAndBadOptions) {
  const ReturnLinkModel m{ReturnLinkOptions{}};
  ReturnPath far;
  far.terminal_elevation_deg = 40.0;
  far.range_m = 1.0e9;  // 1 million km: Es/N0 far below QPSK 2/9
  const ReturnBudget b = m.evaluate(far);
  EXPECT_EQ(b.modcod, -1);
  EXPECT_EQ(b.rate_bps, 0.0);
  ReturnPath low = far;
  low.range_m = 1.0e6;
  low.terminal_elevation_deg = 10.0;  // scan 80 deg > 65 deg: the terminal cannot point there
  EXPECT_EQ(m.evaluate(low).rate_bps, 0.0);
  ReturnLinkOptions o;
  o.rolloff = 1.5;
  EXPECT_THROW(ReturnLinkModel{o}, RangeError);
  o = {};
  o.satellite_gt_dbk = std::nan("");
  EXPECT_THROW(ReturnLinkModel{o}, RangeError);
}
