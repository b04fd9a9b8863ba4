// Cross-check of the step graph and routes against the Hypatia reference run at t = 0, using the
// reference's own python-sgp4 satellite positions (geometry_satellites_t0s.csv): this isolates the
// network layer from the propagator. The full 200-step series is in network_hypatia_test.cpp.
#include <satcap/core/files.hpp>
#include <satcap/network/router.hpp>
#include <satcap/network/snapshot.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <set>
#include <sstream>

#include "../network/hypatia_reference.hpp"
#include "test_support.hpp"

namespace net = satcap::network;
using satcap::core::CsvTable;
using satcap::test::record_validation;

namespace {

constexpr int kSats = 1584;
constexpr double kMaxGsl = 1089686.4181956202;

Eigen::Matrix3Xd t0_positions() {
  auto t = CsvTable::read(net::test::hypatia_dir() / "starlink_550" / "geometry_satellites_t0s.csv",
                          {"sat_id", "ecef_x_m", "ecef_y_m", "ecef_z_m"});
  Eigen::Matrix3Xd pos(3, kSats);
  int n = 0;
  for (const auto& row : t.rows()) {
    const int id = static_cast<int>(t.number(row, "sat_id"));
    if (id != n) t.fail(row, "sat_id", "expected satellites in order");
    pos.col(id) << t.number(row, "ecef_x_m"), t.number(row, "ecef_y_m"), t.number(row, "ecef_z_m");
    ++n;
  }
  EXPECT_EQ(n, kSats);
  return pos;
}

std::string fmt(double v, const char* unit) {
  std::ostringstream s;
  s.precision(3);
  s << v << ' ' << unit;
  return s.str();
}

}  // namespace

TEST(NetworkHypatiaT0, IslAndGslGeometry) {
  SATCAP_REQUIRE_REFERENCE(net::test::hypatia_dir() / "starlink_550" / "geometry_satellites_t0s.csv");
  const auto dir = net::test::hypatia_dir() / "starlink_550";
  net::SnapshotBuilder b(net::ConstellationLayout::single_shell(72, 22), net::test::hypatia_stations(),
                         net::test::hypatia_starlink_spec());
  const auto g = b.build(t0_positions());

  // ISLs: the same 3168 links as Hypatia's isls.txt, lengths equal to the sgp4 TEME distances.
  std::map<std::pair<int, int>, double> ours;
  for (const auto& l : g.links())
    if (l.kind == net::LinkKind::Isl) ours[{l.a, l.b}] = l.length_m;
  EXPECT_EQ(g.isl_count(), 2 * kSats);
  auto isl = CsvTable::read(dir / "geometry_isl_lengths_t0s.csv", {"sat_a", "sat_b", "hypatia_ephem_length_m", "sgp4_teme_length_m"});
  double max_sgp4 = 0, max_ephem = 0;
  long isl_cases = 0;
  for (const auto& row : isl.rows()) {
    const auto key = std::make_pair(static_cast<int>(isl.number(row, "sat_a")), static_cast<int>(isl.number(row, "sat_b")));
    auto it = ours.find(key);
    ASSERT_NE(it, ours.end()) << "missing ISL " << key.first << "-" << key.second;
    max_sgp4 = std::max(max_sgp4, std::abs(it->second - isl.number(row, "sgp4_teme_length_m")));
    max_ephem = std::max(max_ephem, std::abs(it->second - isl.number(row, "hypatia_ephem_length_m")));
    ++isl_cases;
  }
  EXPECT_EQ(isl_cases, 2 * kSats);
  EXPECT_LT(max_sgp4, 0.01);   // same positions; 3-decimal CSV rounding
  EXPECT_LT(max_ephem, 15.0);  // README: ephem vs sgp4 ISL lengths differ by <= 11.9 m
  record_validation("network_hypatia_isl_t0", "ISL set and lengths at t=0 (Starlink 72x22 +Grid)",
                    "Hypatia geometry_isl_lengths_t0s.csv (sgp4 TEME / Hypatia ephem)", isl_cases,
                    fmt(max_sgp4, "m") + " / " + fmt(max_ephem, "m"), "0.01 m / 15 m",
                    max_sgp4 < 0.01 && max_ephem < 15.0);

  // GSLs: in-range sets equal to the sgp4 flags except within 100 m of the limit; ranges within
  // 10 m of the sgp4 ranges (our stations are WGS84, the reference's WGS72: ~2 m) and 60 m of ephem.
  std::map<std::pair<int, int>, double> gsl;
  for (const auto& l : g.links())
    if (l.kind == net::LinkKind::Gsl) gsl[{l.b - kSats, l.a}] = l.length_m;
  auto cand = CsvTable::read(dir / "geometry_gsl_candidates_t0s.csv",
                             {"gs_id", "sat_id", "hypatia_ephem_range_m", "sgp4_wgs72_range_m", "sgp4_in_range", "hypatia_in_range"});
  long cases = 0, set_mismatch = 0, near_limit = 0;
  double max_r_sgp4 = 0, max_r_ephem = 0;
  std::size_t matched = 0;
  for (const auto& row : cand.rows()) {
    const auto key = std::make_pair(static_cast<int>(cand.number(row, "gs_id")), static_cast<int>(cand.number(row, "sat_id")));
    const double r_sgp4 = cand.number(row, "sgp4_wgs72_range_m");
    const bool ref_in = cand.number(row, "sgp4_in_range") > 0.5;
    const bool hyp_in = cand.number(row, "hypatia_in_range") > 0.5;
    auto it = gsl.find(key);
    const bool in = it != gsl.end();
    ++cases;
    if (std::abs(r_sgp4 - kMaxGsl) < 100.0) {
      ++near_limit;
    } else {
      if (in != ref_in || in != hyp_in) ++set_mismatch;
    }
    if (in) {
      ++matched;
      max_r_sgp4 = std::max(max_r_sgp4, std::abs(it->second - r_sgp4));
      max_r_ephem = std::max(max_r_ephem, std::abs(it->second - cand.number(row, "hypatia_ephem_range_m")));
    }
  }
  EXPECT_EQ(matched, gsl.size()) << "a GSL of ours is not in the candidate list";
  EXPECT_EQ(set_mismatch, 0);
  EXPECT_LT(max_r_sgp4, 10.0);
  EXPECT_LT(max_r_ephem, 60.0);
  record_validation("network_hypatia_gsl_t0", "GSL in-range set and slant ranges at t=0 (100 cities, max 1089.686 km)",
                    "Hypatia geometry_gsl_candidates_t0s.csv (sgp4 / Hypatia ephem)", cases,
                    std::to_string(set_mismatch) + " set differences (" + std::to_string(near_limit) +
                        " within 100 m of the limit excluded); range " + fmt(max_r_sgp4, "m") + " / " + fmt(max_r_ephem, "m"),
                    "0 differences; 10 m / 60 m", set_mismatch == 0 && max_r_sgp4 < 10.0 && max_r_ephem < 60.0);
}

TEST(NetworkHypatiaT0, AllPairRoutesAtT0) {
  SATCAP_REQUIRE_REFERENCE(net::test::hypatia_dir() / "starlink_550" / "dynamic_state_1000ms_for_200s.tar.gz");
  const auto dir = net::test::hypatia_dir() / "starlink_550";
  const auto stations = net::test::hypatia_stations();
  const int G = static_cast<int>(stations.size());
  net::SnapshotBuilder b(net::ConstellationLayout::single_shell(72, 22), stations, net::test::hypatia_starlink_spec());
  const auto g = b.build(t0_positions());
  const auto sp = net::Router().solve(g);

  net::test::HypatiaForwarding hyp(kSats, G);
  hyp.apply(net::test::extract_hypatia_fstate("network_hypatia_t0") / "fstate_0.txt");
  long pairs = 0, same = 0, reach_diff = 0;
  for (int a = 0; a < G; ++a)
    for (int d = a + 1; d < G; ++d) {
      ++pairs;
      const auto ref = hyp.path(a, d);
      const auto r = sp.route(a, d);
      if (ref.empty() != !r.reachable) ++reach_diff;
      if (ref == r.path) ++same;
    }
  EXPECT_EQ(pairs, 4950);
  EXPECT_EQ(reach_diff, 0);
  EXPECT_GE(same, pairs * 99 / 100);

  // The independent sgp4 + Dijkstra recomputation of the reference (same positions as ours) at t=0:
  // RTT agreement to the ~metre level of the station datum difference (WGS84 here, WGS72 there).
  auto x = CsvTable::read(dir / "pairs_independent_sgp4_dijkstra_xcheck.csv",
                          {"t_s", "src_gid", "dst_gid", "independent_dijkstra_sgp4_rtt_ms", "independent_path"});
  long xcases = 0, xsame = 0;
  double max_rel = 0;
  for (const auto& row : x.rows()) {
    if (x.number(row, "t_s") != 0.0) continue;
    const int a = static_cast<int>(x.number(row, "src_gid")), d = static_cast<int>(x.number(row, "dst_gid"));
    const double ref = x.number(row, "independent_dijkstra_sgp4_rtt_ms");
    const double ours = 2.0 * sp.length_m(a, d) / 299792458.0 * 1e3;
    max_rel = std::max(max_rel, std::abs(ours - ref) / ref);
    xsame += sp.route(a, d).path == net::test::parse_dash_path(x.text(row, "independent_path"));
    ++xcases;
  }
  EXPECT_GT(xcases, 0);
  EXPECT_EQ(xsame, xcases);
  EXPECT_LT(max_rel, 1e-6);
  record_validation("network_hypatia_paths_t0", "All-pair forward paths at t=0 (4950 city pairs)",
                    "Hypatia fstate_0 (same sgp4 positions)", pairs,
                    std::to_string(pairs - same) + " different paths, " + std::to_string(reach_diff) + " reachability differences",
                    ">= 99% same path, 0 reachability differences", reach_diff == 0 && same >= pairs * 99 / 100);
}
