// Feeder links from their own budgets, feeder-aware beam choice, payload classes and the licensed
// view at the engine level (docs/models/feeder.md, docs/models/payloads.md).
#include <satcap/capacity/model.hpp>
#include <satcap/capacity/payload.hpp>
#include <satcap/core/error.hpp>
#include <satcap/core/geodesy.hpp>
#include <satcap/ground/grid.hpp>
#include <satcap/network/topology.hpp>
#include <satcap/orbit/ephemeris.hpp>
#include <satcap/orbit/walker.hpp>
#include <satcap/radio/modcod.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "capacity/feeder_network.hpp"

using namespace satcap;

namespace {

const core::Epoch kEpoch = core::Epoch::parse_iso8601("2026-06-01T00:00:00Z");

// The most efficient DVB-S2X ladder entry whose threshold + margin is <= esn0_db.
double efficiency_at(double esn0_db, double margin_db) {
  const auto& t = radio::ModcodTable::dvbs2x();
  const int m = t.select_index(esn0_db, margin_db);
  return m < 0 ? 0.0 : t.entries()[static_cast<std::size_t>(m)].efficiency_bits_per_symbol;
}

}  // namespace

// Ka forward feeder (gateway -> satellite), worked from first principles:
//   gateway EIRP density 33.7 dBW/MHz = -26.3 dBW/Hz (Kalama licence, 60.5 dBW per 480 MHz);
//   satellite dish 0.48 m, eta 0.6 at 28.75 GHz: lambda = c/f = 10.4277 mm, G = 0.6 (pi D / lambda)^2
//     = 0.6 x 144.61^2 = 12,547 = 40.985 dBi; T_sys 536 K = 27.292 dBK -> G/T = 13.694 dB/K;
//   range 1,000 km: FSPL = 20 log10(4 pi d / lambda) = 181.621 dB; fixed atmosphere 3.0 dB;
//   Es/N0 = EIRP/Hz + G/T - FSPL - A - 10 log10 k + 10 log10(1 + 0.1)
//         = -26.3 + 13.694 - 181.621 - 3.0 + 228.599 + 0.414 = 31.787 dB;
//   with C/X = 20.9 dB: Es/(N0+I0) = -10 log10(10^-3.1787 + 10^-2.09) = 20.560 dB;
//   DVB-S2X with 1 dB margin -> 256APSK 11/15-L (5.769 bit/symbol, needs 18.6 dB);
//   rate = 2 polarisations x 2,100 MHz / 1.1 x 5.768987 = 22.03 Gbit/s.
TEST(FeederBudget, KaUplinkWorkedByHand) {
  capacity::FeederOptions o;
  o.gateway_ka_eirp_density_dbw_mhz = 33.7;
  o.feeder_c_over_x_db = 20.9;
  o.feeder_rolloff = 0.1;
  o.feeder_implementation_margin_db = 1.0;
  capacity::FeederTerminal t;
  t.band = capacity::FeederBand::Ka;
  t.uplink_ghz = 28.75;
  t.uplink_bandwidth_mhz = 2100.0;
  t.polarisations = 2;
  t.antenna_diameter_m = 0.48;
  t.aperture_efficiency = 0.6;
  t.system_noise_temperature_k = 536.0;
  EXPECT_NEAR(t.gt_dbk(), 13.694, 0.001);
  const capacity::FeederBudget b(o, capacity::FeederBand::Ka, t, nullptr, 3.0);
  EXPECT_NEAR(b.esn0_db(1.0e6, 45.0), 20.560, 0.002);
  EXPECT_NEAR(efficiency_at(20.560, 1.0), 5.768987, 1e-9);
  EXPECT_NEAR(b.rate_bps(1.0e6, 45.0), 2.0 * 2100e6 / 1.1 * 5.768987, 1e3);
  EXPECT_NEAR(b.rate_bps(1.0e6, 45.0) / 1e9, 22.03, 0.01);
  // Farther is never better; far enough, the link does not close at all.
  EXPECT_LE(b.rate_bps(2.5e6, 10.0), b.rate_bps(1.0e6, 45.0));
  EXPECT_EQ(b.rate_bps(1.0e10, 10.0), 0.0);
}

// E-band forward feeder, worked by hand: 33.7 dBW/MHz; satellite dish 0.25 m, eta 0.6 at 83.5 GHz:
//   lambda = 3.5903 mm, G = 0.6 x 218.76^2 = 28,713 = 44.580 dBi; T_sys 900 K = 29.542 dBK ->
//   G/T = 15.038 dB/K; 1,000 km: FSPL = 190.882 dB; fixed 10 dB (rain + gas);
//   Es/N0 = -26.3 + 15.038 - 190.882 - 10 + 228.599 + 0.414 = 16.870 dB;
//   with C/X 20.9 dB: 15.423 dB -> with 1 dB margin 64APSK 32/45-L (4.206 bit/symbol, needs 13.6 dB);
//   rate = 2 x 5,000 MHz / 1.1 x 4.206428 = 38.24 Gbit/s.
TEST(FeederBudget, EBandUplinkWorkedByHand) {
  capacity::FeederOptions o;
  o.gateway_e_eirp_density_dbw_mhz = 33.7;
  o.feeder_c_over_x_db = 20.9;
  capacity::FeederTerminal t;
  t.band = capacity::FeederBand::E;
  t.uplink_ghz = 83.5;
  t.uplink_bandwidth_mhz = 5000.0;
  t.polarisations = 2;
  t.antenna_diameter_m = 0.25;
  t.aperture_efficiency = 0.6;
  t.system_noise_temperature_k = 900.0;
  EXPECT_NEAR(t.gt_dbk(), 15.038, 0.001);
  const capacity::FeederBudget b(o, capacity::FeederBand::E, t, nullptr, 10.0);
  EXPECT_NEAR(b.esn0_db(1.0e6, 45.0), 15.423, 0.002);
  EXPECT_NEAR(b.rate_bps(1.0e6, 45.0), 2.0 * 5000e6 / 1.1 * 4.206428, 1e3);
  EXPECT_NEAR(b.rate_bps(1.0e6, 45.0) / 1e9, 38.24, 0.01);
}

TEST(Payload, ValidationNamesTheMember) {
  capacity::Payload p;
  p.beams = -1;
  try {
    p.validate("payloads.x");
    FAIL() << "no error";
  } catch (const RangeError& e) {
    EXPECT_NE(std::string(e.what()).find("payloads.x.beams"), std::string::npos) << e.what();
  }
  capacity::Payload q;
  q.feeders.push_back(q.feeders.front());  // Ka twice
  EXPECT_THROW(q.validate("payloads.y"), InputError);
}

namespace {

std::shared_ptr<const orbit::BatchPropagator> equatorial_ring(int sats, double alt_km) {
  orbit::ShellSpec s;
  s.name = "ring";
  s.altitude = units::km(alt_km);
  s.inclination = units::deg(0.0);
  s.planes = 1;
  s.sats_per_plane = sats;
  s.source = "test";
  orbit::Constellation c("ring", {s}, kEpoch);
  orbit::EphemerisOptions o;
  o.propagator = orbit::PropagatorKind::J2;
  return std::make_shared<orbit::BatchPropagator>(c, o);
}

// An equatorial ring of 36 satellites (10 deg apart) at 550 km. The demand cell lies 3 deg from
// satellite 0 and 7 deg from satellite 1 (both above the 25 deg user mask: 25 deg at 550 km reaches
// ~8.5 deg of arc), so satellite 0 is the higher one. The only gateway lies 2 deg beyond satellite 1:
// it sees satellite 1 (2 deg of arc, ~222 km: ~65 deg elevation) but not satellite 0 (12 deg of arc,
// below the gateway's 40 deg mask). No ISLs: satellite 0 has no feeder path.
struct RingCase {
  capacity::Scenario sc;
  int cell = -1;
};

RingCase ring_case() {
  RingCase rc;
  auto& sc = rc.sc;
  sc.name = "ring";
  sc.satellites = equatorial_ring(36, 550.0);
  sc.grid = std::make_shared<ground::CellGrid>(ground::GridOptions{1.0});
  sc.demand_bps = Eigen::ArrayXd::Zero(sc.grid->size());
  sc.fixed_atmospheric_loss_db = 1.0;
  sc.link.gso_exclusion_deg = 0.0;
  sc.link.beams_per_satellite = 4;
  sc.time = core::TimeGrid(kEpoch, 60.0, 1);
  const orbit::Ephemeris e = sc.satellites->compute(sc.time, 0, 1);
  const double lon0 = core::geodetic_from_ecef(e.positions(0).col(0)).lon_deg();
  const double lon1 = core::geodetic_from_ecef(e.positions(0).col(1)).lon_deg();
  double dir = std::remainder(lon1 - lon0, 360.0) > 0 ? 1.0 : -1.0;  // from satellite 0 toward satellite 1
  rc.cell = sc.grid->cell_at(0.3, std::remainder(lon0 + 3.0 * dir, 360.0));
  sc.demand_bps[rc.cell] = 0.1e9;  // less than one beam carries: one beam serves the cell
  sc.regions = {{"cell", {rc.cell}}};
  network::GroundStation g;
  g.id = "G1";
  g.name = "beyond satellite 1";
  g.lat_deg = 0.0;
  g.lon_deg = std::remainder(lon1 + 2.0 * dir, 360.0);
  g.gateway = true;
  sc.gateways = {g};
  sc.feeder.enabled = true;
  sc.feeder.isl = "none";
  sc.feeder.gateway_min_elevation_deg = 40.0;
  sc.feeder.gateway_max_satellites = 1;
  return rc;
}

}  // namespace

TEST(FeederAware, ABeamGoesToASatelliteWithAFeederPathWhenOneIsInView) {
  RingCase rc = ring_case();
  // Without the feeder network the higher satellite 0 takes the cell (the geometry is as described).
  capacity::Scenario no_feeder = rc.sc;
  no_feeder.feeder.enabled = false;
  const auto free = capacity::CapacityModel(no_feeder).run();
  ASSERT_GT(free.satellite_stats[0].delivered_mean_bps, 0.0);
  EXPECT_EQ(free.satellite_stats[1].delivered_mean_bps, 0.0);
  // With it, satellite 0 cannot reach the gateway: the beam goes to satellite 1, which delivers.
  const auto fed = capacity::CapacityModel(rc.sc).run();
  EXPECT_EQ(fed.satellite_stats[0].delivered_mean_bps, 0.0);
  EXPECT_GT(fed.satellite_stats[1].delivered_mean_bps, 0.0);
  EXPECT_GT(fed.regions[0].delivered_mean_bps, 0.0);
  // The gateway tracked satellite 1 and carried what it delivered.
  ASSERT_EQ(fed.gateway_stats.size(), 1u);
  EXPECT_EQ(fed.gateway_stats[0].links_mean, 1.0);
  EXPECT_NEAR(fed.gateway_stats[0].delivered_mean_bps, fed.mean_delivered_bps, 1.0);
  EXPECT_GT(fed.mean_feeder_capacity_bps, fed.mean_delivered_bps);
  EXPECT_GT(fed.satellite_stats[0].feeder_limited_share, 0.0) << "passed over for want of a feeder path";
}

TEST(Payloads, ClassesChangeBeamsAndSatellitesWithoutOneCarryNothing) {
  RingCase rc = ring_case();
  rc.sc.feeder.enabled = false;
  capacity::Payload big = capacity::payload_from_link(rc.sc.link, rc.sc.feeder);
  big.name = "big";
  big.beams = 8;
  capacity::Payload off = big;
  off.name = "dtc";
  off.broadband = false;
  rc.sc.payloads = {big, off};
  rc.sc.satellite_payload.assign(36, 0);
  rc.sc.satellite_payload[0] = 1;  // satellite 0 carries no broadband: the cell goes to satellite 1
  rc.sc.satellite_payload[5] = -1; // not on station
  const auto r = capacity::CapacityModel(rc.sc).run();
  EXPECT_EQ(r.satellites_carrying, 34);
  EXPECT_EQ(r.satellite_stats[0].payload, "");
  EXPECT_EQ(r.satellite_stats[1].payload, "big");
  EXPECT_EQ(r.satellite_stats[0].offered_mean_bps, 0.0);
  EXPECT_EQ(r.satellite_stats[5].offered_mean_bps, 0.0);
  EXPECT_GT(r.satellite_stats[1].delivered_mean_bps, 0.0);
  // Idle beams measure what a satellite offers: 8 beams where it sees cells.
  EXPECT_GT(r.satellite_stats[2].offered_mean_bps, 0.0);
}

TEST(LicensedView, ZeroDemandWhereUnlicensedDeliversZeroThereAndLeavesCapabilityUnchanged) {
  RingCase rc = ring_case();
  const capacity::CapacityModel model(rc.sc);
  const auto capability = model.run();
  ASSERT_GT(capability.regions[0].delivered_mean_bps, 0.0);
  Eigen::ArrayXd licensed = rc.sc.demand_bps;
  licensed[rc.cell] = 0.0;  // no landing rights in the cell's country
  capacity::RunOptions o;
  o.demand_bps = &licensed;
  std::vector<capacity::CapacityPartial> parts{model.run_steps(0, 1, o)};
  capacity::Scenario lsc = rc.sc;
  lsc.demand_bps = licensed;
  const auto lic = capacity::CapacityModel::merge(lsc, std::move(parts));
  EXPECT_EQ(lic.regions[0].delivered_mean_bps, 0.0);
  // The capability run is untouched by the licensed one.
  const auto again = model.run();
  EXPECT_EQ(again.regions[0].delivered_mean_bps, capability.regions[0].delivered_mean_bps);
}
