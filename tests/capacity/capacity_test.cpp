// Hand-checkable scenarios for the capacity engine (issue: capacity engine, "Tests").
#include <satcap/capacity/model.hpp>
#include <satcap/core/error.hpp>
#include <satcap/core/geodesy.hpp>
#include <satcap/ground/grid.hpp>
#include <satcap/network/topology.hpp>
#include <satcap/orbit/ephemeris.hpp>
#include <satcap/orbit/walker.hpp>
#include <satcap/radio/link_budget.hpp>
#include <satcap/radio/modcod.hpp>

#include <gtest/gtest.h>
#include <oneapi/tbb/global_control.h>

#include <cmath>
#include <numbers>

using namespace satcap;

namespace {

const core::Epoch kEpoch = core::Epoch::parse_iso8601("2026-06-01T00:00:00Z");

std::shared_ptr<const orbit::BatchPropagator> walker(int planes, int per_plane, double alt_km, double incl_deg,
                                                     int phasing = 0, orbit::WalkerPattern pattern = orbit::WalkerPattern::Delta) {
  orbit::ShellSpec s;
  s.name = "test";
  s.altitude = units::km(alt_km);
  s.inclination = units::deg(incl_deg);
  s.planes = planes;
  s.sats_per_plane = per_plane;
  s.phasing = phasing;
  s.pattern = pattern;
  s.source = "test";
  orbit::Constellation c("test", {s}, kEpoch);
  orbit::EphemerisOptions o;
  o.propagator = orbit::PropagatorKind::J2;
  return std::make_shared<orbit::BatchPropagator>(c, o);
}

capacity::Scenario base(std::shared_ptr<const orbit::BatchPropagator> sats, double grid_deg, std::int64_t steps = 1) {
  capacity::Scenario sc;
  sc.name = "test";
  sc.satellites = std::move(sats);
  sc.grid = std::make_shared<ground::CellGrid>(ground::GridOptions{grid_deg});
  sc.demand_bps = Eigen::ArrayXd::Zero(sc.grid->size());
  sc.fixed_atmospheric_loss_db = 1.0;
  sc.link.gso_exclusion_deg = 0.0;
  sc.feeder.enabled = false;
  sc.time = core::TimeGrid(kEpoch, 60.0, steps);
  return sc;
}

// Sub-satellite cell of satellite `i` at the first step.
int cell_below(const capacity::Scenario& sc, int i, Eigen::Vector3d* sat = nullptr) {
  orbit::Ephemeris e = sc.satellites->compute(sc.time, 0, 1);
  const Eigen::Vector3d p = e.positions(0).col(i);
  if (sat) *sat = p;
  core::Geodetic g = core::geodetic_from_ecef(p);
  return sc.grid->cell_at(g.lat_deg(), g.lon_deg());
}

// Two regions: every cell, and the northern hemisphere.
std::vector<capacity::Region> all_and_north(const ground::CellGrid& grid) {
  std::vector<std::int32_t> north, all;
  for (Eigen::Index c = 0; c < grid.size(); ++c) {
    all.push_back(static_cast<std::int32_t>(c));
    if (grid.lat_deg()[c] > 0) north.push_back(static_cast<std::int32_t>(c));
  }
  return {{"all", all}, {"north", north}};
}

}  // namespace

TEST(Capacity, OneSatelliteOverOneCellDeliversThatBeamsBudget) {
  auto sc = base(walker(1, 1, 550, 53), 2.0);
  Eigen::Vector3d sat;
  const int cell = cell_below(sc, 0, &sat);
  sc.demand_bps[cell] = 50e9;  // far more than one beam carries
  sc.regions = {{"the cell", {cell}}};
  capacity::CapacityModel model(sc);
  capacity::CapacityResult r = model.run();
  ASSERT_EQ(r.regions.size(), 1u);

  // The same budget from the radio layer's terms, by hand.
  const Eigen::Vector3d c = sc.grid->ecef_m().col(cell);
  core::Site site(core::geodetic_from_ecef(c));
  const core::LookAngles la = site.look_at(sat);
  const double el = units::to_deg(la.elevation);
  const double cos_scan = (-sat.normalized()).dot((c - sat).normalized());
  const auto& L = sc.link;
  const double fspl = radio::free_space_loss(la.range, units::ghz(L.frequency_ghz)).value();
  const double a = sc.fixed_atmospheric_loss_db;
  const double eirp = L.eirp_per_beam_dbw + 10.0 * L.satellite_scan_exponent * std::log10(cos_scan);
  const double t_clear = std::pow(10.0, 0.1 * (L.terminal_gain_dbi - L.terminal_gt_dbk));
  const double t_rain = t_clear + L.mean_radiating_temperature_k * (1.0 - std::pow(10.0, -0.1 * a));
  const double gt = L.terminal_gt_dbk + 10.0 * L.terminal_scan_exponent * std::log10(std::sin(el * std::numbers::pi / 180.0)) -
                    10.0 * std::log10(t_rain / t_clear);
  const double cn0 = eirp - fspl - a - L.other_losses_db + gt - units::kBoltzmannDb;
  const double rs = L.channel_bandwidth_mhz * 1e6 / (1.0 + L.rolloff);
  const double esn0 = cn0 - 10.0 * std::log10(rs);
  const double esn0_eff = -10.0 * std::log10(std::pow(10.0, -0.1 * esn0) + std::pow(10.0, -0.1 * L.c_over_x_db));
  const radio::AcmResult acm = radio::ModcodTable::dvbs2x().select(units::Decibel(esn0_eff), units::mhz(L.channel_bandwidth_mhz),
                                                                   L.rolloff, units::Decibel(L.implementation_margin_db));
  ASSERT_GT(acm.throughput_bps, 0.0);
  EXPECT_NEAR(r.regions[0].delivered_mean_bps, acm.throughput_bps, 1e-6 * acm.throughput_bps);
  EXPECT_NEAR(r.regions[0].share_served, acm.throughput_bps / 50e9, 1e-9);
  EXPECT_DOUBLE_EQ(r.regions[0].coverage_cells, 1.0);
  EXPECT_DOUBLE_EQ(r.regions[0].beams_mean, 1.0);  // one active beam (max_beams_per_cell: one per satellite)
  // The other 15 beams point at other visible cells: offered > delivered, nothing else delivered.
  EXPECT_GT(r.mean_offered_bps, 10.0 * r.mean_delivered_bps);
  EXPECT_NEAR(r.mean_delivered_bps, acm.throughput_bps, 1e-6 * acm.throughput_bps);
}

// Two satellites put a beam each on one cell: the beams get different colours (no co-frequency
// beams on one cell), so they do not interfere; with one colour only they must share it and do.
TEST(Capacity, BeamsOnOneCellUseDifferentColours) {
  auto sc = base(walker(1, 60, 550, 53), 2.0);  // one plane, satellites 6 deg apart
  sc.link.beams_per_satellite = 1;
  sc.link.max_beams_per_cell = 2;
  // Broad beams and a broad terminal: the patterns do not separate the two satellites, only colours do.
  sc.link.terminal_hpbw_deg = 90.0;
  sc.link.satellite_hpbw_deg = 40.0;
  const int cell = cell_below(sc, 0);
  sc.demand_bps[cell] = 50e9;
  sc.regions = {{"the cell", {cell}}};
  auto delivered = [&](int colours, int beams_per_cell) {
    sc.link.colours = colours;
    sc.link.max_beams_per_cell = beams_per_cell;
    const capacity::CapacityResult r = capacity::CapacityModel(sc).run();
    EXPECT_DOUBLE_EQ(r.regions[0].beams_mean, beams_per_cell);
    return r.regions[0].delivered_mean_bps;
  };
  const double one_beam = delivered(2, 1);
  const double two_colours = delivered(2, 2);
  const double one_colour = delivered(1, 2);
  EXPECT_GT(two_colours, one_beam * 1.2);     // the second beam adds its own capacity
  EXPECT_GT(two_colours, one_colour * 1.2);   // sharing one colour, the two beams interfere
}

TEST(Capacity, TwoCellsCompeteForOneBeam) {
  auto sc = base(walker(1, 1, 550, 53), 2.0);
  sc.link.beams_per_satellite = 1;
  const int cell = cell_below(sc, 0);
  const int other = cell + 1;  // the neighbour to the east, same band
  sc.demand_bps[cell] = 1e9;
  sc.demand_bps[other] = 2e9;
  sc.regions = {{"small", {cell}}, {"large", {other}}};
  capacity::CapacityResult r = capacity::CapacityModel(sc).run();
  EXPECT_EQ(r.regions[0].delivered_mean_bps, 0.0);
  EXPECT_GT(r.regions[1].delivered_mean_bps, 0.0);
  EXPECT_LE(r.regions[1].delivered_mean_bps, 2e9);
  // Equal demand: the lower cell id wins (deterministic tie-break).
  sc.demand_bps[other] = 1e9;
  capacity::CapacityResult t = capacity::CapacityModel(sc).run();
  const bool low_first = cell < other;
  EXPECT_EQ(t.regions[low_first ? 0 : 1].delivered_mean_bps > 0, true);
  EXPECT_EQ(t.regions[low_first ? 1 : 0].delivered_mean_bps, 0.0);
}

TEST(Capacity, SatelliteWithoutFeederPathDeliversNothing) {
  auto sc = base(walker(1, 1, 550, 53), 2.0);
  const int cell = cell_below(sc, 0);
  sc.demand_bps[cell] = 1e9;
  sc.regions = {{"cell", {cell}}};
  sc.feeder.enabled = true;
  sc.feeder.isl = "none";
  sc.gateways = {};  // no gateway anywhere
  capacity::CapacityResult r = capacity::CapacityModel(sc).run();
  EXPECT_EQ(r.regions[0].delivered_mean_bps, 0.0);
  EXPECT_GT(r.mean_offered_bps, 0.0);
  EXPECT_DOUBLE_EQ(r.feeder_limited_share, 1.0);

  // A gateway next to the cell with a 0.1 Gbit/s link caps delivery at 0.1 Gbit/s.
  const Eigen::Vector3d c = sc.grid->ecef_m().col(cell);
  const core::Geodetic g = core::geodetic_from_ecef(c);
  network::GroundStation gw;
  gw.id = "GW";
  gw.name = "gateway";
  gw.lat_deg = g.lat_deg();
  gw.lon_deg = g.lon_deg();
  gw.gateway = true;
  sc.gateways = {gw};
  sc.feeder.gsl_capacity_gbps = 0.1;
  capacity::CapacityResult q = capacity::CapacityModel(sc).run();
  EXPECT_NEAR(q.regions[0].delivered_mean_bps, 0.1e9, 1.0);
}

TEST(Capacity, RegionWithoutDemandGetsNothing) {
  auto sc = base(walker(4, 8, 550, 53), 3.0, 3);
  const int cell = cell_below(sc, 0);
  sc.demand_bps[cell] = 1e9;
  std::vector<std::int32_t> empty_cells;
  for (int c = 0; c < 50; ++c)
    if (c != cell) empty_cells.push_back(c);
  sc.regions = {{"no demand", empty_cells}};
  capacity::CapacityResult r = capacity::CapacityModel(sc).run();
  EXPECT_EQ(r.regions[0].demand_bps, 0.0);
  EXPECT_EQ(r.regions[0].delivered_mean_bps, 0.0);
  EXPECT_EQ(r.regions[0].share_served, 0.0);
}

TEST(Capacity, SerialAndParallelRunsAreIdentical) {
  auto sc = base(walker(6, 10, 550, 53, 1), 4.0, 8);
  sc.link.beams_per_satellite = 8;
  for (Eigen::Index c = 0; c < sc.grid->size(); ++c) sc.demand_bps[c] = (c % 7) * 2e8;
  sc.regions = all_and_north(*sc.grid);
  capacity::CapacityModel model(sc);
  capacity::CapacityResult one, two;
  {
    tbb::global_control g(tbb::global_control::max_allowed_parallelism, 1);
    one = model.run();
  }
  {
    tbb::global_control g(tbb::global_control::max_allowed_parallelism, 2);
    two = model.run();
  }
  ASSERT_EQ(one.regions.size(), two.regions.size());
  for (std::size_t r = 0; r < one.regions.size(); ++r) {
    EXPECT_EQ(one.regions[r].delivered_bps, two.regions[r].delivered_bps);
    EXPECT_EQ(one.regions[r].offered_bps, two.regions[r].offered_bps);
    EXPECT_EQ(one.regions[r].modcod_share, two.regions[r].modcod_share);
  }
  EXPECT_EQ(one.total_offered_bps, two.total_offered_bps);
  EXPECT_EQ(one.interference_terms, two.interference_terms);
  EXPECT_GT(one.interference_terms, 0);
  EXPECT_GT(one.mean_delivered_bps, 0.0);
  // Delivered never exceeds demand or offered.
  for (std::size_t t = 0; t < one.total_delivered_bps.size(); ++t) {
    EXPECT_LE(one.total_delivered_bps[t], one.total_offered_bps[t] + 1e-3);
    EXPECT_LE(one.regions[0].delivered_bps[t], one.regions[0].demand_bps + 1e-3);
  }
}

// Per-cell time means (report maps) add up to the region figures: delivered within rounding to whole
// bit/s per cell and step, usable satellites and coverage exactly (integer counts).
TEST(Capacity, PerCellMeansAddUpToTheRegionFigures) {
  auto sc = base(walker(6, 10, 550, 53, 1), 4.0, 9);
  sc.link.beams_per_satellite = 8;
  sc.time = core::TimeGrid(kEpoch, 300.0, 5);
  for (Eigen::Index c = 0; c < sc.grid->size(); ++c) sc.demand_bps[c] = (c % 5) * 3e8;
  sc.regions = all_and_north(*sc.grid);
  const capacity::CapacityResult res = capacity::CapacityModel(sc).run();
  const auto n = static_cast<std::size_t>(sc.grid->size());
  ASSERT_EQ(res.cell_delivered_mean_bps.size(), n);
  ASSERT_EQ(res.cell_coverage.size(), n);
  const auto& all = sc.regions[0].cells;
  double del = 0, off = 0, usable = 0, covered = 0;
  for (std::int32_t c : all) {
    const auto cu = static_cast<std::size_t>(c);
    del += res.cell_delivered_mean_bps[cu];
    off += res.cell_offered_mean_bps[cu];
    usable += res.cell_usable_sats_mean[cu];
    covered += res.cell_coverage[cu];
    EXPECT_GE(res.cell_coverage[cu], 0.0);
    EXPECT_LE(res.cell_coverage[cu], 1.0);
    EXPECT_LE(res.cell_delivered_mean_bps[cu], sc.demand_bps[c] + 1.0);  // delivered <= demand (+ rounding)
  }
  const auto& r = res.regions[0];
  double offered = 0;
  for (double v : r.offered_bps) offered += v;
  offered /= static_cast<double>(res.steps);
  ASSERT_GT(r.delivered_mean_bps, 0.0);
  EXPECT_NEAR(del, r.delivered_mean_bps, 1.0 * static_cast<double>(all.size()));  // <= 0.5 bit/s per cell and step
  EXPECT_NEAR(off, offered, 1.0 * static_cast<double>(all.size()));
  EXPECT_NEAR(usable / static_cast<double>(all.size()), r.satellites_in_view, 1e-12);
  EXPECT_NEAR(covered / static_cast<double>(all.size()), r.coverage_cells, 1e-12);
}

// Time blocks of a distributed run (docs/scaling.md): any split of the grid into consecutive ranges,
// merged, equals the whole run bit for bit, including handovers across the block boundaries.
TEST(Capacity, TimeBlocksMergeToTheWholeRunExactly) {
  auto sc = base(walker(6, 10, 550, 53, 1), 4.0, 9);
  sc.link.beams_per_satellite = 8;
  sc.time = core::TimeGrid(kEpoch, 300.0, 9);  // 5-minute steps: serving satellites change
  for (Eigen::Index c = 0; c < sc.grid->size(); ++c) sc.demand_bps[c] = (c % 5) * 3e8;
  sc.regions = all_and_north(*sc.grid);
  const capacity::CapacityModel model(sc);
  const capacity::CapacityResult whole = model.run();
  ASSERT_GT(whole.regions[0].handovers_per_cell_hour, 0.0);
  for (const std::vector<std::int64_t>& cuts : {std::vector<std::int64_t>{0, 9}, {0, 4, 9}, {0, 1, 2, 3, 8, 9}, {0, 3, 6, 9}}) {
    std::vector<capacity::CapacityPartial> parts;
    for (std::size_t b = 0; b + 1 < cuts.size(); ++b) parts.push_back(model.run_steps(cuts[b], cuts[b + 1] - cuts[b]));
    const capacity::CapacityResult m = capacity::CapacityModel::merge(sc, std::move(parts));
    ASSERT_EQ(m.regions.size(), whole.regions.size());
    for (std::size_t r = 0; r < m.regions.size(); ++r) {
      const auto &a = m.regions[r], &b = whole.regions[r];
      EXPECT_EQ(a.delivered_bps, b.delivered_bps);
      EXPECT_EQ(a.offered_bps, b.offered_bps);
      EXPECT_EQ(a.delivered_p5_bps, b.delivered_p5_bps);
      EXPECT_EQ(a.delivered_p95_bps, b.delivered_p95_bps);
      EXPECT_EQ(a.coverage_cells, b.coverage_cells);
      EXPECT_EQ(a.coverage_demand, b.coverage_demand);
      EXPECT_EQ(a.satellites_in_view, b.satellites_in_view);
      EXPECT_EQ(a.beams_mean, b.beams_mean);
      EXPECT_EQ(a.handovers_per_cell_hour, b.handovers_per_cell_hour) << "cuts " << cuts.size();
      EXPECT_EQ(a.modcod_share, b.modcod_share);
    }
    ASSERT_EQ(m.satellite_stats.size(), whole.satellite_stats.size());
    for (std::size_t i = 0; i < m.satellite_stats.size(); ++i) {
      EXPECT_EQ(m.satellite_stats[i].offered_mean_bps, whole.satellite_stats[i].offered_mean_bps);
      EXPECT_EQ(m.satellite_stats[i].delivered_mean_bps, whole.satellite_stats[i].delivered_mean_bps);
      EXPECT_EQ(m.satellite_stats[i].feeder_limited_share, whole.satellite_stats[i].feeder_limited_share);
    }
    EXPECT_EQ(m.total_delivered_bps, whole.total_delivered_bps);
    EXPECT_EQ(m.mean_offered_bps, whole.mean_offered_bps);
    EXPECT_EQ(m.beams_evaluated, whole.beams_evaluated);
    EXPECT_EQ(m.interference_terms, whole.interference_terms);
    EXPECT_EQ(m.cell_delivered_mean_bps, whole.cell_delivered_mean_bps);
    EXPECT_EQ(m.cell_offered_mean_bps, whole.cell_offered_mean_bps);
    EXPECT_EQ(m.cell_usable_sats_mean, whole.cell_usable_sats_mean);
    EXPECT_EQ(m.cell_coverage, whole.cell_coverage);
    ASSERT_EQ(m.times.size(), whole.times.size());
    for (std::size_t t = 0; t < m.times.size(); ++t) EXPECT_TRUE(m.times[t] == whole.times[t]);
  }
  // Ranges that do not tile the grid are refused.
  std::vector<capacity::CapacityPartial> gap;
  gap.push_back(model.run_steps(0, 4));
  gap.push_back(model.run_steps(5, 4));
  EXPECT_THROW(capacity::CapacityModel::merge(sc, std::move(gap)), Error);
  std::vector<capacity::CapacityPartial> short_;
  short_.push_back(model.run_steps(0, 8));
  EXPECT_THROW(capacity::CapacityModel::merge(sc, std::move(short_)), Error);
  EXPECT_THROW(model.run_steps(8, 2), InputError);
  EXPECT_THROW(model.run_steps(0, 0), InputError);
}

TEST(Capacity, InterferenceLowersThroughputBelowTheIsolatedBeam) {
  // Many co-channel beams (one colour) over a dense demand area: the mean beam carries less than a
  // beam alone would.
  auto sc = base(walker(12, 12, 550, 53, 5), 2.0, 2);
  for (Eigen::Index c = 0; c < sc.grid->size(); ++c)
    if (std::abs(sc.grid->lat_deg()[c] - 45.0) < 8.0) sc.demand_bps[c] = 5e9;
  std::vector<std::int32_t> all;
  for (Eigen::Index c = 0; c < sc.grid->size(); ++c) all.push_back(static_cast<std::int32_t>(c));
  sc.regions = {{"all", all}};
  sc.link.colours = 4;
  const double four = capacity::CapacityModel(sc).run().mean_delivered_bps;
  sc.link.colours = 1;
  const double one = capacity::CapacityModel(sc).run().mean_delivered_bps;
  EXPECT_GT(four, 0.0);
  EXPECT_LT(one, four);
}

TEST(Capacity, GsoArcSeparationKnownAnswers) {
  const double R = 6378137.0, r = 42164.17e3;
  for (double lat : {0.0, 20.0, 45.0, 60.0}) {
    const double phi = lat * std::numbers::pi / 180.0;
    const Eigen::Vector3d p(R * std::cos(phi), 0.0, R * std::sin(phi));
    const Eigen::Vector3d zenith_sat = p + 550e3 * p.normalized();
    // The arc point nearest the zenith is the one on the site's meridian: its elevation is
    // atan2(cos(phi) - R/r, sin(phi)), so the separation is 90 deg minus that.
    const double el = std::atan2(std::cos(phi) - R / r, std::sin(phi));
    EXPECT_NEAR(capacity::gso_arc_separation_rad(p, zenith_sat), std::numbers::pi / 2 - el, 1e-9) << lat;
  }
  // A satellite right on the arc: zero.
  const Eigen::Vector3d p(R, 0, 0);
  EXPECT_NEAR(capacity::gso_arc_separation_rad(p, Eigen::Vector3d(r * std::cos(0.3), r * std::sin(0.3), 0)), 0.0, 1e-9);
  // Beyond ~81.3 deg latitude no part of the arc is visible.
  EXPECT_DOUBLE_EQ(capacity::gso_arc_separation_rad(Eigen::Vector3d(0.1 * R, 0, 0.99 * R), Eigen::Vector3d(0, 0, 2 * R)),
                   std::numbers::pi);
}

TEST(Capacity, GsoExclusionRemovesEquatorialZenithService) {
  // A satellite at the zenith of an equatorial cell points straight along the GSO arc: excluded.
  auto sc = base(walker(1, 1, 550, 0.0), 2.0);
  const int cell = cell_below(sc, 0);
  sc.demand_bps[cell] = 1e9;
  sc.regions = {{"cell", {cell}}};
  sc.link.gso_exclusion_deg = 22.0;
  EXPECT_EQ(capacity::CapacityModel(sc).run().regions[0].delivered_mean_bps, 0.0);
  sc.link.gso_exclusion_deg = 0.0;
  EXPECT_GT(capacity::CapacityModel(sc).run().regions[0].delivered_mean_bps, 0.0);
}

TEST(Capacity, PercentileMatchesLinearInterpolation) {
  std::vector<double> v{4, 1, 3, 2, 5};
  EXPECT_DOUBLE_EQ(capacity::percentile(v, 0), 1.0);
  EXPECT_DOUBLE_EQ(capacity::percentile(v, 50), 3.0);
  EXPECT_DOUBLE_EQ(capacity::percentile(v, 100), 5.0);
  EXPECT_DOUBLE_EQ(capacity::percentile(v, 5), 1.2);    // numpy.percentile([1..5], 5) = 1.2
  EXPECT_DOUBLE_EQ(capacity::percentile(v, 95), 4.8);
  EXPECT_THROW(capacity::percentile(v, 101), RangeError);
}

TEST(Capacity, RejectsOutOfRangeOptions) {
  capacity::UserLinkOptions o;
  o.min_elevation_deg = 95;
  EXPECT_THROW(o.validate(), RangeError);
  o = {};
  o.channel_bandwidth_mhz = 0;
  EXPECT_THROW(o.validate(), RangeError);
  o = {};
  o.availability_pct = 101;
  EXPECT_THROW(o.validate(), RangeError);
  capacity::FeederOptions f;
  f.isl = "mesh";
  EXPECT_THROW(f.validate(), InputError);
}
