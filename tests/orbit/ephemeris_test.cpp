// Batch ephemeris: frames, determinism across thread counts, streaming, failed states.
#include <satcap/core/error.hpp>
#include <satcap/core/geodesy.hpp>
#include <satcap/orbit/ephemeris.hpp>
#include <satcap/orbit/sgp4.hpp>

#include <gtest/gtest.h>
#include <oneapi/tbb/global_control.h>

#include <cstring>

#include "test_support.hpp"

namespace {

using namespace satcap;
using namespace satcap::orbit;

std::vector<MeanElements> small_fleet() {
  // Vallado cases 00005 (near-Earth) and 08195 (12 h deep space), plus a synthetic Walker-derived LEO.
  std::vector<MeanElements> v;
  v.push_back(parse_tle_lines("1 00005U 58002B   00179.78495062  .00000023  00000-0  28098-4 0  4753",
                              "2 00005  34.2682 348.7242 1859667 331.7664  19.3264 10.82419157413667", "VANGUARD"));
  v.push_back(parse_tle_lines("1 08195U 75081A   06176.33215444  .00000099  00000-0  11873-3 0   813",
                              "2 08195  64.1586 279.0717 6877146 264.7651  20.2257  2.00491383225656", "MOLNIYA"));
  return v;
}

TEST(Ephemeris, MatchesScalarSgp4AndCoreFrames) {
  const auto fleet = small_fleet();
  const core::TimeGrid grid(core::Epoch::from_utc(2006, 6, 25, 12), 3600.0, 5);
  EphemerisOptions opt;
  opt.velocities = true;
  const Ephemeris ecef = propagate(fleet, grid, opt);
  opt.frame = Frame::Teme;
  const Ephemeris teme = propagate(fleet, grid, opt);
  ASSERT_EQ(ecef.satellite_count(), 2u);
  ASSERT_EQ(ecef.step_count(), 5);
  EXPECT_EQ(ecef.satellites()[1].name, "MOLNIYA");
  EXPECT_EQ(ecef.satellites()[1].norad_id, 8195);
  for (std::size_t i = 0; i < fleet.size(); ++i) {
    const Sgp4 s(fleet[i]);
    for (std::int64_t k = 0; k < 5; ++k) {
      const auto st = s.propagate(grid.at(k));
      ASSERT_EQ(st.error, 0);
      const Eigen::Vector3d r_teme = teme.positions(k).col(static_cast<Eigen::Index>(i));
      const Eigen::Vector3d v_teme = teme.velocities(k).col(static_cast<Eigen::Index>(i));
      // The batch runs near-Earth satellites through the vector kernel: same equations, other rounding.
      // Here 6 years after the element epoch (|tsince| ~ 3e6 min) that is < 1 mm.
      EXPECT_LT((r_teme - st.r_km * 1000.0).norm(), 1e-3);
      Eigen::Vector3d r_e, v_e;
      core::teme_to_ecef(r_teme, v_teme, grid.at(k), r_e, v_e);
      EXPECT_LT((ecef.positions(k).col(static_cast<Eigen::Index>(i)) - r_e).norm(), 1e-6);
      EXPECT_LT((ecef.velocities(k).col(static_cast<Eigen::Index>(i)) - v_e).norm(), 1e-9);
    }
  }
}

TEST(Ephemeris, BitIdenticalForOneAndTwoThreadsAndStreaming) {
  ShellSpec s;
  s.planes = 24;
  s.sats_per_plane = 20;
  s.phasing = 5;
  const Constellation c("w", {s});
  const core::TimeGrid grid(core::Epoch::from_utc(2026, 3, 1), 60.0, 97);
  for (PropagatorKind kind : {PropagatorKind::Sgp4, PropagatorKind::J2}) {
    EphemerisOptions opt;
    opt.propagator = kind;
    opt.velocities = true;
    opt.time_block = 8;
    opt.sat_block = 37;
    Ephemeris one, two;
    {
      tbb::global_control g(tbb::global_control::max_allowed_parallelism, 1);
      one = propagate(c, grid, opt);
    }
    {
      tbb::global_control g(tbb::global_control::max_allowed_parallelism, 2);
      opt.sat_block = 5;  // a different tiling too
      two = propagate(c, grid, opt);
    }
    ASSERT_EQ(one.step_count(), two.step_count());
    for (std::int64_t k = 0; k < one.step_count(); ++k) {
      ASSERT_EQ(0, std::memcmp(one.positions(k).data(), two.positions(k).data(), sizeof(double) * 3 * c.size()));
      ASSERT_EQ(0, std::memcmp(one.velocities(k).data(), two.velocities(k).data(), sizeof(double) * 3 * c.size()));
    }
    // Streaming in blocks gives the same numbers as one call.
    BatchPropagator bp(c, opt);
    std::int64_t seen = 0;
    bp.for_each_block(
        grid,
        [&](const Ephemeris& block) {
          EXPECT_EQ(block.first_step(), seen);
          for (std::int64_t k = 0; k < block.step_count(); ++k)
            ASSERT_EQ(block.positions(k), one.positions(block.first_step() + k));
          seen += block.step_count();
        },
        10);
    EXPECT_EQ(seen, grid.count());
  }
}

TEST(Ephemeris, LaneGroupingDoesNotChangeResults) {
  // Near-Earth satellites go through the 4-lane kernel in groups that depend on the tiling; decaying ones take
  // other branches. Every tiling must give the same bytes.
  std::vector<MeanElements> fleet;
  const auto decay = parse_tle_lines("1 28872U 05037B   05333.02012661  .25992681  00000-0  24476-3 0  1534",
                                     "2 28872  96.4736 157.9986 0303955 244.0492 110.6523 16.46015938 10708", "D");
  for (int rep = 0; rep < 4; ++rep) {
    for (const auto& e : small_fleet()) fleet.push_back(e);
    fleet.push_back(decay);
    MeanElements c = decay;
    c.bstar = 1e-5;
    c.mean_anomaly_deg = 30.0 * rep;
    fleet.push_back(c);
  }
  const core::TimeGrid grid(decay.epoch, 240.0, 20);
  std::vector<Ephemeris> runs;
  for (std::int64_t block : {1, 3, 8, 64}) {
    EphemerisOptions opt;
    opt.velocities = true;
    opt.sat_block = block;
    opt.time_block = 7;
    runs.push_back(propagate(fleet, grid, opt));
  }
  for (std::size_t r = 1; r < runs.size(); ++r)
    for (std::int64_t k = 0; k < grid.count(); ++k) {
      ASSERT_EQ(0, std::memcmp(runs[0].positions(k).data(), runs[r].positions(k).data(), sizeof(double) * 3 * fleet.size()));
      ASSERT_EQ(0, std::memcmp(runs[0].velocities(k).data(), runs[r].velocities(k).data(), sizeof(double) * 3 * fleet.size()));
      ASSERT_EQ(runs[0].status(k), runs[r].status(k));
    }
  EXPECT_GT(runs[0].summary().failed(), 0);
}

TEST(Ephemeris, FailedStatesAreNanAndCounted) {
  // Vallado's 28872 decays (error 6) at 55 min: state kept and flagged.
  const auto e = parse_tle_lines("1 28872U 05037B   05333.02012661  .25992681  00000-0  24476-3 0  1534",
                                 "2 28872  96.4736 157.9986 0303955 244.0492 110.6523 16.46015938 10708", "DECAY");
  const core::TimeGrid grid(e.epoch, 300.0, 13);
  const Ephemeris eph = propagate(std::vector<MeanElements>{e}, grid);
  EXPECT_EQ(eph.status(0)[0], 0);
  EXPECT_EQ(eph.status(11)[0], 6);
  EXPECT_TRUE(eph.positions(11).allFinite());
  EXPECT_GT(eph.summary().errors[6], 0);
  EXPECT_EQ(eph.summary().states, 13);
  // An element set whose eccentricity is driven below -0.001 by drag (error 1) gives NaN.
  const auto bad = parse_tle_lines("1 22312U 93002D   06094.46235912  .99999999  81888-5  49949-3 0  3953",
                                   "2 22312  62.1486  77.4698 0308723 267.9229  88.7392 15.95744531 98783", "X");
  const core::TimeGrid g2(bad.epoch.plus_seconds(494.2028672 * 60.0), 60.0, 1);
  const Ephemeris e2 = propagate(std::vector<MeanElements>{bad}, g2);
  EXPECT_EQ(e2.status(0)[0], 1);
  EXPECT_FALSE(e2.positions(0).allFinite());
}

TEST(Ephemeris, OptionsAndNames) {
  EXPECT_EQ(propagator_from_string("SGP4"), PropagatorKind::Sgp4);
  EXPECT_EQ(propagator_from_string("j2"), PropagatorKind::J2);
  EXPECT_THROW(propagator_from_string("rk4"), InputError);
  EXPECT_STREQ(to_string(PropagatorKind::J2), "j2");
  const core::TimeGrid grid(core::Epoch::from_utc(2026, 1, 1), 60.0, 3);
  BatchPropagator bp(small_fleet());
  EXPECT_THROW(bp.compute(grid, 2, 5), InputError);
}

}  // namespace
