// Walker shells, TOML datasets, J2 propagator (vs SGP4) and shell grouping.
#include <satcap/core/error.hpp>
#include <satcap/core/files.hpp>
#include <satcap/orbit/ephemeris.hpp>
#include <satcap/orbit/j2.hpp>
#include <satcap/orbit/sgp4.hpp>
#include <satcap/orbit/walker.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <numbers>
#include <map>
#include <set>

#include "test_support.hpp"

namespace {

using namespace satcap;
using namespace satcap::orbit;

double wrap_deg(double d) {
  d = std::fmod(d, 360.0);
  return d < 0 ? d + 360.0 : d;
}

TEST(Walker, DeltaGeometryIdsAndNames) {
  ShellSpec s;
  s.name = "s";
  s.altitude = units::km(550);
  s.inclination = units::deg(53);
  s.planes = 6;
  s.sats_per_plane = 4;
  s.phasing = 2;
  Constellation c("test", {s});
  ASSERT_EQ(c.size(), 24u);
  const auto& w = c.satellites();
  // plane p RAAN = 60 p; slot k u = 90 k + 360*F*p/T = 90k + 30p
  for (const auto& sat : w) {
    EXPECT_NEAR(wrap_deg(units::to_deg(sat.elements.raan)), 60.0 * sat.id.plane, 1e-9);
    EXPECT_NEAR(wrap_deg(units::to_deg(sat.elements.mean_anomaly)), wrap_deg(90.0 * sat.id.slot + 30.0 * sat.id.plane), 1e-9);
    EXPECT_NEAR(units::to_km(sat.elements.semi_major_axis), 6378.137 + 550.0, 1e-9);
    EXPECT_EQ(sat.name, "s/" + std::to_string(sat.id.plane) + "/" + std::to_string(sat.id.slot));
    EXPECT_EQ(c.index_of(sat.id), &sat - w.data());
  }
  EXPECT_EQ(c.index_of({0, 6, 0}), -1);
  EXPECT_EQ(c.index_of({1, 0, 0}), -1);
}

TEST(Walker, StarSpreadsOver180) {
  ShellSpec s;
  s.planes = 12;
  s.sats_per_plane = 49;
  s.pattern = WalkerPattern::Star;
  s.inclination = units::deg(87.9);
  s.altitude = units::km(1200);
  Constellation c("ow", {s});
  EXPECT_NEAR(units::to_deg(c.satellites()[49 * 11].elements.raan), 165.0, 1e-9);
}

TEST(Walker, RejectsBadShells) {
  ShellSpec s;
  s.phasing = 3;
  s.planes = 3;
  EXPECT_THROW(Constellation("x", {s}), RangeError);
  s.phasing = 0;
  s.altitude = units::km(50);
  EXPECT_THROW(Constellation("x", {s}), RangeError);
  EXPECT_EQ(walker_pattern_from_string("STAR"), WalkerPattern::Star);
  EXPECT_THROW(walker_pattern_from_string("rosette"), InputError);
}

TEST(WalkerToml, ErrorsNameFileLineKey) {
  const auto dir = test::scratch_dir("orbit_walker_toml");
  const auto f = dir / "bad.toml";
  core::write_file_atomically(f, "name = \"x\"\n[[shell]]\naltitude_km = 550\ninclination_deg = 53\nplanes = 4\nsource = \"me\"\n");
  try {
    Constellation::load_toml(f);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(e.field(), "sats_per_plane");
    EXPECT_EQ(e.line(), 2u);
    EXPECT_EQ(e.file(), f.string());
  }
  core::write_file_atomically(f, "[[shell]]\naltitude_km = \"high\"\ninclination_deg = 53\nplanes = 4\nsats_per_plane = 2\nsource = \"me\"\n");
  try {
    Constellation::load_toml(f);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(e.field(), "altitude_km");
    EXPECT_EQ(e.line(), 2u);
  }
  core::write_file_atomically(f, "[[shell]]\naltitude_km = 550\ninclination_deg = 53\nplanes = 4\nsats_per_plane = 2\n");
  EXPECT_THROW(Constellation::load_toml(f), InputError);  // no source
  core::write_file_atomically(f, "[[shell]]\naltitude_km = 550\ninclination_deg = 253\nplanes = 4\nsats_per_plane = 2\nsource=\"s\"\n");
  EXPECT_THROW(Constellation::load_toml(f), InputError);
  core::write_file_atomically(f, "[[shell]\n");
  try {
    Constellation::load_toml(f);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(e.line(), 1u);
  }
}

TEST(Datasets, EveryConstellationLoadsAndPropagates) {
  const auto dir = test::source_dir() / "datasets" / "constellations";
  ASSERT_TRUE(std::filesystem::exists(dir));
  std::size_t files = 0;
  std::map<std::string, std::size_t> sizes;
  const core::TimeGrid grid(core::Epoch::from_utc(2026, 6, 1), 600.0, 4);
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".toml") continue;
    ++files;
    const Constellation c = Constellation::load_toml(entry.path());
    sizes[entry.path().stem().string()] = c.size();
    for (const auto& s : c.shells()) EXPECT_FALSE(s.source.empty()) << entry.path();
    for (PropagatorKind kind : {PropagatorKind::J2, PropagatorKind::Sgp4}) {
      EphemerisOptions opt;
      opt.propagator = kind;
      const Ephemeris eph = propagate(c, grid, opt);
      EXPECT_EQ(eph.summary().failed(), 0) << entry.path();
      for (std::int64_t k = 0; k < eph.step_count(); ++k) {
        const auto r = eph.positions(k).colwise().norm();
        EXPECT_GT(r.minCoeff(), 6.6e6) << entry.path();
        EXPECT_LT(r.maxCoeff(), 7.8e6) << entry.path();
      }
    }
  }
  EXPECT_GE(files, 20u);
  EXPECT_EQ(sizes["starlink_gen1"], 4408u);
  EXPECT_EQ(sizes["kuiper"], 3236u);
  // del Portillo 2019 systems (FCC filings as of September 2018)
  EXPECT_EQ(sizes["spacex_2016_filed"], 4425u);
  EXPECT_EQ(sizes["oneweb_filed"], 720u);
  EXPECT_EQ(sizes["telesat_2016"], 117u);
  // Pachler 2021 OneWeb (calibration panel, docs/calibration.md)
  EXPECT_EQ(sizes["oneweb_2021_filed"], 6372u);
  EXPECT_EQ(sizes["rassvet_2027_observed"], 288u);
  EXPECT_EQ(sizes["rassvet_2035_announced"], 912u);
}

TEST(J2, SecularRatesMatchTextbook) {
  // Sun-synchronous check: 800 km, 98.6 deg gives a nodal rate near +0.9856 deg/day.
  KeplerElements k;
  k.semi_major_axis = units::km(6378.137 + 800.0);
  k.inclination = units::deg(98.6);
  const J2Propagator p(k);
  EXPECT_NEAR(p.raan_rate_rad_s() * 86400.0 * 180.0 / std::numbers::pi, 0.9856, 0.01);
  // Critical inclination: argp rate vanishes at 63.435 deg.
  k.inclination = units::deg(std::acos(std::sqrt(0.2)) * 180.0 / std::numbers::pi);
  EXPECT_NEAR(J2Propagator(k).argp_rate_rad_s(), 0.0, 1e-15);
  // Circular orbit keeps its radius.
  k.inclination = units::deg(53);
  const J2Propagator q(k);
  for (double t : {0.0, 1000.0, 86400.0}) EXPECT_NEAR(q.position_m(t).norm(), 7178137.0, 1e-5);
  EXPECT_THROW(J2Propagator(KeplerElements{units::km(100), 0.0, units::deg(0), units::deg(0), units::deg(0), units::deg(0)}),
               RangeError);
}

TEST(J2, AgreesWithSgp4OverOneDayForCircularLeo) {
  // A near-circular 550 km, 53 deg orbit without drag: the J2 secular propagator against SGP4 (WGS-72).
  MeanElements e;
  e.name = "LEO";
  e.epoch = core::Epoch::from_utc(2026, 6, 1);
  e.epoch_jd_utc = e.epoch.jd_utc();
  e.inclination_deg = 53.0;
  e.raan_deg = 40.0;
  e.eccentricity = 0.0001;
  e.arg_perigee_deg = 90.0;
  e.mean_anomaly_deg = 10.0;
  e.mean_motion_rev_day = 15.05;
  e.bstar = 0.0;
  const Sgp4 sgp4(e);
  KeplerElements k;
  k.semi_major_axis = units::km(sgp4.semi_major_axis_er() * sgp4.constants().radius);
  k.eccentricity = e.eccentricity;
  k.inclination = units::deg(e.inclination_deg);
  k.raan = units::deg(e.raan_deg);
  k.arg_perigee = units::deg(e.arg_perigee_deg);
  k.mean_anomaly = units::deg(e.mean_anomaly_deg);
  const J2Propagator j2(k, J2Constants::wgs72());
  double max_d = 0, end_d = 0;
  for (int m = 0; m <= 1440; m += 5) {
    const auto s = sgp4.propagate(static_cast<double>(m));
    ASSERT_EQ(s.error, 0);
    const Eigen::Vector3d d = j2.position_m(m * 60.0) - s.r_km * 1000.0;
    max_d = std::max(max_d, d.norm());
    end_d = d.norm();
  }
  std::printf("J2 vs SGP4, 550 km circular, 1 day: max |dr| = %.2f km, at 24 h %.2f km\n", max_d / 1e3, end_d / 1e3);
  // Stated difference: the J2 model lacks SGP4's short-period J2 terms (~10 km) and its J2^2/J4 secular terms.
  EXPECT_LT(max_d, 25e3);
  EXPECT_GT(max_d, 100.0);  // they are different models: a zero difference would mean a wiring error
}

TEST(ShellGrouping, FindsShellsInSyntheticFleet) {
  // Two Walker shells synthesised as element sets, plus two stragglers.
  ShellSpec a;
  a.name = "a";
  a.planes = 8;
  a.sats_per_plane = 5;
  a.altitude = units::km(550);
  a.inclination = units::deg(53);
  ShellSpec b = a;
  b.name = "b";
  b.planes = 4;
  b.altitude = units::km(1200);
  b.inclination = units::deg(87.9);
  const Constellation c("t", {a, b});
  std::vector<MeanElements> fleet;
  const auto ep = core::Epoch::from_utc(2026, 1, 1);
  for (std::size_t i = 0; i < c.size(); ++i) fleet.push_back(c.sgp4_elements(i, ep));
  MeanElements odd = fleet[0];
  odd.inclination_deg = 30;
  fleet.push_back(odd);
  const auto groups = group_into_shells(fleet);
  ASSERT_EQ(groups.size(), 2u);
  EXPECT_NEAR(groups[0].inclination_deg, 53.0, 1e-9);
  EXPECT_NEAR(groups[0].altitude_km, 550.0 + 2.0, 3.0);  // WGS-72 radius and Kozai mean motion
  EXPECT_EQ(groups[0].members.size(), 40u);
  EXPECT_EQ(groups[0].planes, 8);
  EXPECT_EQ(groups[1].members.size(), 20u);
  EXPECT_EQ(groups[1].planes, 4);
}

TEST(WalkerSgp4, SynthesisedElementsKeepTheShellRadius) {
  ShellSpec s;
  s.altitude = units::km(510);
  s.inclination = units::deg(82.3);
  const Constellation c("r", {s});
  const auto e = c.sgp4_elements(0, core::Epoch::from_utc(2026, 1, 1));
  const Sgp4 sgp4(e);
  EXPECT_NEAR(sgp4.semi_major_axis_er() * sgp4.constants().radius, 6378.137 + 510.0, 1e-6);
}

}  // namespace
