// Cross-check against the Kuiper-630 series of Hypatia's authors (reference/hypatia/kuiper_630/
// authors_reference_100ms_200s, from Hypatia's own test data): Kuiper 34 x 34 at 51.9 deg from
// Hypatia's TLEs, +Grid ISLs (max 5,442,958 m), GSL iff slant range <= 1,260,000 m, no ground
// relays; RTT = (fwd + rev)/c every 100 ms over 200 s for Manila (gid 17), St Petersburg (73) and
// Dalian (85), and the forward path at each change. All 2000 steps are compared (a few seconds).
// satcap side: orbit::propagate (batch SGP4, ECEF), network/ graph and Dijkstra.
#include <satcap/core/files.hpp>
#include <satcap/core/time.hpp>
#include <satcap/network/router.hpp>
#include <satcap/network/snapshot.hpp>
#include <satcap/orbit/elements.hpp>
#include <satcap/orbit/ephemeris.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <sstream>

#include "../network/hypatia_reference.hpp"
#include "test_support.hpp"

namespace net = satcap::network;
namespace core = satcap::core;

namespace {

constexpr int kSats = 1156;
constexpr int kSteps = 2000;  // 100 ms over 200 s

std::string fmt(double v, const char* unit) {
  std::ostringstream s;
  s.precision(3);
  s << v << ' ' << unit;
  return s.str();
}

std::vector<std::string> lines_of(const std::filesystem::path& p) {
  std::vector<std::string> out;
  std::istringstream in(core::read_file(p));
  for (std::string l; std::getline(in, l);)
    if (!l.empty()) out.push_back(l);
  return out;
}

}  // namespace

TEST(NetworkHypatiaKuiper, AuthorsRttAndPathSeries) {
  const auto dir = net::test::hypatia_dir() / "kuiper_630";
  const auto ref_dir = dir / "authors_reference_100ms_200s";
  SATCAP_REQUIRE_REFERENCE(ref_dir / "networkx_rtt_1173_to_1241.txt");

  std::string text = core::read_file(dir / "tles.txt");
  const auto nl = text.find('\n');
  ASSERT_EQ(text.substr(0, nl), "34 34");
  text.replace(0, nl, std::string(nl, ' '));
  const auto fleet = satcap::orbit::parse_tle_text(text, "kuiper tles.txt");
  ASSERT_EQ(fleet.size(), static_cast<std::size_t>(kSats));
  const core::TimeGrid grid(core::Epoch::from_utc(2000, 1, 1), 0.1, kSteps);
  const auto eph = satcap::orbit::propagate(fleet, grid);
  ASSERT_EQ(eph.summary().failed(), 0);

  net::TopologySpec spec;
  spec.isl = std::make_shared<net::PlusGrid>(0);
  spec.isl_rules.max_range = satcap::units::metres(5442958.2030362869);
  spec.isl_rules.line_of_sight = false;
  spec.gsl_rules.criterion = net::GslCriterion::MaxRange;
  spec.gsl_rules.max_range = satcap::units::metres(1260000.0);
  net::SnapshotBuilder builder(net::ConstellationLayout::single_shell(34, 34), net::test::hypatia_stations(), spec);
  const net::Router router;
  const std::vector<int> roots{17, 73, 85};

  // Directed pairs of the authors' files: node = 1156 + gid.
  const std::vector<std::pair<int, int>> pairs{{17, 85}, {85, 17}, {17, 73}, {73, 17}, {73, 85}, {85, 73}};
  struct Ref {
    std::vector<double> rtt_ns;                              // per step, 0 = unreachable
    std::vector<std::pair<long long, std::string>> changes;  // t_ns, path ("Unreachable" or a-b-c)
  };
  std::vector<Ref> ref(pairs.size());
  for (std::size_t p = 0; p < pairs.size(); ++p) {
    const std::string tag = std::to_string(kSats + pairs[p].first) + "_to_" + std::to_string(kSats + pairs[p].second) + ".txt";
    for (const auto& l : lines_of(ref_dir / ("networkx_rtt_" + tag))) ref[p].rtt_ns.push_back(std::stod(l.substr(l.find(',') + 1)));
    for (const auto& l : lines_of(ref_dir / ("networkx_path_" + tag)))
      ref[p].changes.emplace_back(std::stoll(l.substr(0, l.find(','))), l.substr(l.find(',') + 1));
    ASSERT_EQ(ref[p].rtt_ns.size(), static_cast<std::size_t>(kSteps)) << tag;
  }

  // Where our path differs from the authors' (reconstructed from their change list), the difference
  // must be explained by a GSL within 100 m of the 1,260 km limit on either path (our GSL ranges
  // differ from PyEphem's by up to ~50 m, README) or by a near-tie (< 300 m, 1 us). At all other
  // steps the RTT must agree within 0.1 %; at flip steps the authors' RTT must equal their own paths
  // measured in our geometry within 0.1 %.
  auto node_pos = [&](const Eigen::Matrix3Xd& sats, int v) -> Eigen::Vector3d {
    return v < kSats ? Eigen::Vector3d(sats.col(v)) : Eigen::Vector3d(builder.station_ecef_m().col(v - kSats));
  };
  auto length_of = [&](const Eigen::Matrix3Xd& sats, const std::vector<std::int32_t>& path) {
    double len = 0;
    for (std::size_t i = 0; i + 1 < path.size(); ++i) len += (node_pos(sats, path[i]) - node_pos(sats, path[i + 1])).norm();
    return len;
  };
  auto gsl_margin = [&](const Eigen::Matrix3Xd& sats, const std::vector<std::int32_t>& path) -> double {
    if (path.size() < 2) return INFINITY;
    const auto n = path.size();
    return std::min(std::abs((node_pos(sats, path[0]) - node_pos(sats, path[1])).norm() - 1260000.0),
                    std::abs((node_pos(sats, path[n - 2]) - node_pos(sats, path[n - 1])).norm() - 1260000.0));
  };
  // Unreachable: the margin of the station's nearest satellite to the limit.
  auto station_margin = [&](const Eigen::Matrix3Xd& sats, int gid) -> double {
    double best = INFINITY;
    for (int s = 0; s < kSats; ++s)
      best = std::min(best, std::abs((sats.col(s) - builder.station_ecef_m().col(gid)).norm() - 1260000.0));
    return best;
  };

  std::vector<std::size_t> cursor(pairs.size(), 0);
  long cases = 0, flips = 0, boundary = 0, near_tie = 0, unexplained = 0;
  double max_rel = 0, max_abs_ms = 0, max_rel_flip_ref = 0;
  for (int t = 0; t < kSteps; ++t) {
    const auto& pos = eph.positions(t);
    const auto g = builder.build(pos);
    EXPECT_EQ(g.isl_count(), 2 * kSats);
    const auto sp = router.solve(g, roots);
    std::vector<std::vector<std::int32_t>> ref_path(pairs.size());
    for (std::size_t p = 0; p < pairs.size(); ++p) {
      auto& c = cursor[p];
      while (c + 1 < ref[p].changes.size() && ref[p].changes[c + 1].first <= static_cast<long long>(t) * 100000000LL) ++c;
      const auto& txt = ref[p].changes[c].second;
      if (txt != "Unreachable") ref_path[p] = net::test::parse_dash_path(txt);
    }
    for (std::size_t p = 0; p < pairs.size(); ++p) {
      const auto [a, d] = pairs[p];
      const auto route = sp.route(a, d);
      const double r = ref[p].rtt_ns[static_cast<std::size_t>(t)];
      ++cases;
      EXPECT_EQ(r == 0.0, ref_path[p].empty()) << "authors' files disagree at t=" << t;
      if (route.path == ref_path[p]) {
        if (r > 0.0) {
          const double rtt = sp.rtt_s(a, d) * 1e9;
          max_rel = std::max(max_rel, std::abs(rtt - r) / r);
          max_abs_ms = std::max(max_abs_ms, std::abs(rtt - r) * 1e-6);
          EXPECT_LE(std::abs(rtt - r), 1e-3 * r) << a << "->" << d << " t=" << t;
        }
        continue;
      }
      ++flips;
      double m = std::min(gsl_margin(pos, route.path), gsl_margin(pos, ref_path[p]));
      if (route.path.empty() || ref_path[p].empty()) m = std::min({m, station_margin(pos, a), station_margin(pos, d)});
      if (m <= 100.0) {
        ++boundary;
      } else if (!route.path.empty() && !ref_path[p].empty() && std::abs(length_of(pos, route.path) - length_of(pos, ref_path[p])) <= 300.0) {
        ++near_tie;
      } else {
        ++unexplained;
        ADD_FAILURE() << "unexplained path difference " << a << "->" << d << " t=" << t << " margin " << m << " m";
      }
      const auto& rev = ref_path[p ^ 1];
      if (r > 0.0 && !rev.empty()) {
        const double ref_geom = (length_of(pos, ref_path[p]) + length_of(pos, rev)) / 299792458.0 * 1e9;
        max_rel_flip_ref = std::max(max_rel_flip_ref, std::abs(ref_geom - r) / r);
      }
    }
  }
  EXPECT_EQ(unexplained, 0);
  EXPECT_LE(flips, cases / 200);
  EXPECT_LE(max_rel_flip_ref, 1e-3);
  satcap::test::record_validation(
      "network_hypatia_kuiper_series", "Kuiper 34x34: RTT every 100 ms over 200 s and forward paths, 6 directed pairs",
      "Hypatia authors' networkx_rtt/_path series (kuiper_630)", cases,
      fmt(max_rel * 100, "%") + " (" + fmt(max_abs_ms, "ms") + ") where paths agree; " + std::to_string(flips) +
          " pair-steps with another path (" + std::to_string(boundary) + " GSL within 100 m of the limit, " +
          std::to_string(near_tie) + " near-ties, " + std::to_string(unexplained) + " unexplained)",
      "0.1 %; <= 0.5% pair-steps, 0 unexplained", max_rel <= 1e-3 && unexplained == 0 && flips <= cases / 200);
}
