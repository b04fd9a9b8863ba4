// Inter-system interference (capacity/interferers.hpp): one term by hand in a mirror-symmetric geometry,
// symmetry between two identical systems, and nothing when the channels do not overlap.
#include <satcap/capacity/interferers.hpp>
#include <satcap/capacity/model.hpp>
#include <satcap/core/error.hpp>
#include <satcap/ground/grid.hpp>
#include <satcap/network/topology.hpp>
#include <satcap/orbit/ephemeris.hpp>
#include <satcap/orbit/walker.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "capacity/external_interference.hpp"

using namespace satcap;

namespace {
const core::Epoch kEpoch = core::Epoch::parse_iso8601("2026-06-01T00:00:00Z");

capacity::StepBeams one_beam(const Eigen::Vector3d& sat, const Eigen::Vector3d& cell, double scan_gain, double scale, double lo,
                             double hi) {
  capacity::StepBeams b;
  const Eigen::Vector3d d = (cell - sat).normalized();
  b.sat_x = {sat.x()};
  b.sat_y = {sat.y()};
  b.sat_z = {sat.z()};
  b.dir_x = {d.x()};
  b.dir_y = {d.y()};
  b.dir_z = {d.z()};
  b.scan_gain = {scan_gain};
  b.scale = {scale};
  b.f_lo_hz = {lo};
  b.f_hi_hz = {hi};
  b.cell = {0};
  b.throughput_bps = {0.0};
  b.ext_i_over_n = {0.0};
  return b;
}

capacity::Scenario scenario(double raan_deg) {
  orbit::ShellSpec s;
  s.name = "t";
  s.altitude = units::km(550.0);
  s.inclination = units::deg(53.0);
  s.planes = 6;
  s.sats_per_plane = 10;
  s.raan_offset = units::deg(raan_deg);
  s.source = "test";
  orbit::EphemerisOptions o;
  o.propagator = orbit::PropagatorKind::J2;
  capacity::Scenario sc;
  sc.name = "t";
  sc.satellites = std::make_shared<orbit::BatchPropagator>(orbit::Constellation("t", {s}, kEpoch), o);
  sc.grid = std::make_shared<ground::CellGrid>(ground::GridOptions{5.0});
  sc.demand_bps = Eigen::ArrayXd::Constant(sc.grid->size(), 2e9);
  std::vector<std::int32_t> all;
  for (Eigen::Index c = 0; c < sc.grid->size(); ++c) all.push_back(static_cast<std::int32_t>(c));
  sc.regions = {{"all", all}};
  sc.fixed_atmospheric_loss_db = 1.0;
  sc.link.gso_exclusion_deg = 0.0;
  sc.link.beams_per_satellite = 4;
  sc.feeder.enabled = false;
  sc.time = core::TimeGrid(kEpoch, 300.0, 2);
  return sc;
}

struct RunRec {
  capacity::CapacityResult result;
  std::vector<capacity::StepBeams> beams;
};

RunRec run(const capacity::Scenario& sc) {
  RunRec r;
  r.beams.resize(static_cast<std::size_t>(sc.time.count()));
  capacity::RunOptions ro;
  ro.record_beams = [&](std::int64_t k, const capacity::StepBeams& b) { r.beams[static_cast<std::size_t>(k)] = b; };
  r.result = capacity::CapacityModel(sc).run(ro);
  return r;
}

std::shared_ptr<const capacity::BeamTrace> trace_of(const capacity::Scenario& sc, const RunRec& r) {
  auto t = std::make_shared<capacity::BeamTrace>(capacity::make_trace_header(sc.link));
  t->steps = r.beams;
  return t;
}
}  // namespace

// Two cells on the equator 0.5 deg either side of longitude 0, each under its own satellite at 550 km:
// mirror images in the x-z plane. The interference of satellite 2's beam (on cell 2) at the terminal of
// cell 1 (looking up at satellite 1) equals that of satellite 1's beam at cell 2, and each is, by hand,
//   scan_gain x 10^(-1.2 theta_s^2 scale_s) x 10^(-1.2 theta_t^2 scale_t) / (r^2 10^(A/10)) x overlap / B
// with theta_s the angle at satellite 2 between its beam axis and cell 1, theta_t the angle at cell 1
// between satellite 1 (zenith) and satellite 2, r = |cell 1 - satellite 2|; overlap / B = 1/2 here.
TEST(Interferers, OneTermByHandAndMirrorSymmetric) {
  const double a = 6378137.0, rs = a + 550e3, b = 0.5 * std::numbers::pi / 180.0;
  const Eigen::Vector3d c1(a * std::cos(b), a * std::sin(b), 0), c2(a * std::cos(b), -a * std::sin(b), 0);
  const Eigen::Vector3d s1 = c1 / a * rs, s2 = c2 / a * rs;
  const double hpbw_s = 10.0 * std::numbers::pi / 180.0, hpbw_t = 30.0 * std::numbers::pi / 180.0;
  const double scale_s = 1.0 / (hpbw_s * hpbw_s), scale_t = 1.0 / (hpbw_t * hpbw_t);  // beams at nadir / zenith
  const double floor = 1e-6, atten = 1.0;
  auto sum_at = [&](const Eigen::Vector3d& cell, const Eigen::Vector3d& wanted, const capacity::StepBeams& ext) {
    std::int64_t terms = 0;
    const double v = capacity::external_sum(ext, floor, 250e6, cell, (wanted - cell).normalized(), scale_t, floor, 11.575e9, 11.825e9,
                                            std::sin(10.0 * std::numbers::pi / 180.0), [&](double) { return atten; }, terms);
    EXPECT_EQ(terms, 1);
    return v;
  };
  const double i1 = sum_at(c1, s1, one_beam(s2, c2, 1.0, scale_s, 11.45e9, 11.7e9));
  const double i2 = sum_at(c2, s2, one_beam(s1, c1, 1.0, scale_s, 11.45e9, 11.7e9));
  const double r = (c1 - s2).norm();
  const double th_s = std::acos((c2 - s2).normalized().dot((c1 - s2).normalized()));
  const double th_t = std::acos((s1 - c1).normalized().dot((s2 - c1).normalized()));
  const double g_s = std::max(std::pow(10.0, -1.2 * th_s * th_s * scale_s), floor), g_t = std::max(std::pow(10.0, -1.2 * th_t * th_t * scale_t), floor);
  EXPECT_GT(g_s, 1e-3);  // both in the main lobes, well above the floor
  EXPECT_GT(g_t, 1e-1);
  const double hand = g_s * g_t /
                      (r * r * std::pow(10.0, 0.1 * atten)) * 0.5;
  EXPECT_GT(hand, 0.0);
  // 2e-4 relative: the capacity loop's beam_shape() takes theta^2 from a series in t = 1 - cos(theta)
  // below t = 0.05 (BeamPhysics), which differs from acos^2 by ~1e-5 relative at these angles.
  EXPECT_NEAR(i1, hand, 2e-4 * hand);
  EXPECT_NEAR(i2, i1, 1e-12 * i1);
  // Disjoint channels: nothing.
  std::int64_t terms = 0;
  EXPECT_EQ(capacity::external_sum(one_beam(s2, c2, 1.0, scale_s, 12.0e9, 12.25e9), floor, 250e6, c1, (s1 - c1).normalized(), scale_t,
                                   floor, 11.575e9, 11.825e9, 0.1, [&](double) { return atten; }, terms),
            0.0);
}

// Two identical systems in one band: each loses exactly what the other loses, and something.
TEST(Interferers, IdenticalSystemsDegradeEachOtherSymmetrically) {
  const capacity::Scenario a = scenario(0.0), b = scenario(0.0);
  const RunRec ra = run(a), rb = run(b);
  capacity::Scenario a_shared = a, b_shared = b;
  a_shared.external_interferers = trace_of(b, rb);
  b_shared.external_interferers = trace_of(a, ra);
  const RunRec sa = run(a_shared), sb = run(b_shared);
  EXPECT_EQ(sa.result.regions[0].delivered_bps, sb.result.regions[0].delivered_bps);
  EXPECT_LT(sa.result.mean_delivered_bps, 0.9 * ra.result.mean_delivered_bps);
  double max_in = 0;
  for (const auto& st : sa.beams)
    for (double x : st.ext_i_over_n) max_in = std::max(max_in, x);
  EXPECT_GT(max_in, 1.0);  // co-located co-frequency beams: I/N above 0 dB
}

// The other system 1 GHz higher (4 colours x 250 MHz = 1 GHz wide plan): no overlap, no change at all.
TEST(Interferers, NoOverlapNoInterference) {
  const capacity::Scenario a = scenario(0.0);
  capacity::Scenario b = scenario(15.0);
  b.link.frequency_ghz = a.link.frequency_ghz + 1.0;
  const RunRec ra = run(a), rb = run(b);
  capacity::Scenario a_shared = a;
  a_shared.external_interferers = trace_of(b, rb);
  const RunRec sa = run(a_shared);
  EXPECT_EQ(sa.result.regions[0].delivered_bps, ra.result.regions[0].delivered_bps);
  EXPECT_EQ(sa.result.total_offered_bps, ra.result.total_offered_bps);
  for (const auto& st : sa.beams)
    for (double x : st.ext_i_over_n) EXPECT_EQ(x, 0.0);
  // A trace over the wrong number of steps is refused.
  auto bad = std::make_shared<capacity::BeamTrace>(capacity::make_trace_header(b.link));
  bad->steps.resize(1);
  a_shared.external_interferers = bad;
  EXPECT_THROW(capacity::CapacityModel{a_shared}, Error);
}
