// Shortest paths, policies, ground relays, path churn and max flow on small hand-made graphs.
#include <satcap/core/error.hpp>
#include <satcap/network/flow.hpp>
#include <satcap/network/ground_stations.hpp>
#include <satcap/network/router.hpp>

#include <gtest/gtest.h>
#include <oneapi/tbb/global_control.h>

#include <cmath>

#include "network_fixtures.hpp"

namespace net = satcap::network;
constexpr double c = 299792458.0;

namespace {

// Satellites 0..4, stations A (5), B (6), C (7), D (8, isolated). Lengths in km:
//   A-0 1000, 0-1 5000, 1-B 1000, 0-C 10, C-1 10        (via C: 2020 km, 4 links, only with relays)
//   A-2 2000, 2-B 2000                                   (4000 km, 2 links: fewest hops)
//   A-3 1000, 3-4 1000, 4-B 1000                         (3000 km, 3 links: least delay without relays)
net::SnapshotGraph hand_graph() {
  auto isl = [](int a, int b, double km) { return net::Link{a, b, net::LinkKind::Isl, km * 1e3}; };
  auto gsl = [](int s, int v, double km) { return net::Link{s, v, net::LinkKind::Gsl, km * 1e3}; };
  const int A = 5, B = 6, C = 7;
  return net::SnapshotGraph(5, 4,
                            {isl(0, 1, 5000), isl(3, 4, 1000), gsl(0, A, 1000), gsl(1, B, 1000), gsl(0, C, 10),
                             gsl(1, C, 10), gsl(2, A, 2000), gsl(2, B, 2000), gsl(3, A, 1000), gsl(4, B, 1000)});
}

}  // namespace

TEST(Router, LatencyHopsAndGroundRelays) {
  auto g = hand_graph();
  EXPECT_EQ(g.isl_count(), 2);
  EXPECT_EQ(g.gsl_count(), 8);
  EXPECT_EQ(g.find_link(0, 7), 4);
  EXPECT_EQ(g.find_link(0, 4), -1);

  net::Router latency(std::make_shared<net::LatencyPolicy>(), false);
  auto sp = latency.solve(g);
  auto r = sp.route(0, 1);  // A -> B
  ASSERT_TRUE(r.reachable);
  EXPECT_EQ(r.path, (std::vector<std::int32_t>{5, 3, 4, 6}));
  EXPECT_EQ(r.hops, 3);
  EXPECT_EQ(sp.hops(0, 1), 3);
  EXPECT_DOUBLE_EQ(r.length_m, 3000e3);
  EXPECT_DOUBLE_EQ(sp.rtt_s(0, 1), 6000e3 / c);
  EXPECT_EQ(sp.route(1, 0).path, (std::vector<std::int32_t>{6, 4, 3, 5}));
  EXPECT_EQ(sp.next_hop(3, 1), 4);
  std::vector<net::GroundStation> names(4);
  names[0].id = "17";
  names[1].id = "85";
  EXPECT_EQ(net::path_label(g, names, r.path), "G17>S3>S4>G85");

  net::Router hops(net::make_routing_policy(net::RouteMetric::Hops), false);
  auto rh = hops.solve(g).route(0, 1);
  EXPECT_EQ(rh.path, (std::vector<std::int32_t>{5, 2, 6}));
  EXPECT_DOUBLE_EQ(rh.length_m, 4000e3);

  net::Router relay(std::make_shared<net::LatencyPolicy>(), true);
  auto rr = relay.solve(g).route(0, 1);
  EXPECT_EQ(rr.path, (std::vector<std::int32_t>{5, 0, 7, 1, 6}));
  EXPECT_DOUBLE_EQ(rr.length_m, 2020e3);
  // Without relays C is still reachable as an end point.
  EXPECT_DOUBLE_EQ(sp.length_m(0, 2), 1010e3);

  // Isolated station D: unreachable both ways.
  auto ru = sp.route(0, 3);
  EXPECT_FALSE(ru.reachable);
  EXPECT_TRUE(ru.path.empty());
  EXPECT_TRUE(std::isnan(sp.rtt_s(0, 3)));
  EXPECT_EQ(sp.hops(3, 0), -1);
  // Same station: zero-length route.
  EXPECT_DOUBLE_EQ(sp.route(0, 0).length_m, 0.0);

  // Only some roots.
  std::vector<int> roots{1};
  auto part = latency.solve(g, roots);
  EXPECT_TRUE(part.has_root(1));
  EXPECT_FALSE(part.has_root(0));
  EXPECT_DOUBLE_EQ(part.length_m(0, 1), 3000e3);
  EXPECT_THROW(part.length_m(1, 0), satcap::InputError);
  EXPECT_THROW(net::route_metric_from_string("cost"), satcap::InputError);
}

TEST(Router, SameResultOnOneAndAllThreads) {
  const int P = 12, S = 16;
  auto pos = net::test::walker_positions(P, S, 550e3, 53.0, 360.0, 5);
  std::vector<net::GroundStation> st;
  for (int i = 0; i < 20; ++i) {
    net::GroundStation g;
    g.id = std::to_string(i);
    g.lat_deg = -50 + 5.0 * i;
    g.lon_deg = -170 + 17.0 * i;
    st.push_back(g);
  }
  net::TopologySpec spec;
  spec.gsl_rules.min_elevation = satcap::units::deg(10.0);
  net::SnapshotBuilder b(net::ConstellationLayout::single_shell(P, S), st, spec);
  auto g = b.build(pos);
  net::Router router;
  net::ShortestPaths one, all;
  {
    tbb::global_control ctl(tbb::global_control::max_allowed_parallelism, 1);
    one = router.solve(b.build(pos));
  }
  all = router.solve(g);
  int reachable = 0;
  for (int a = 0; a < 20; ++a)
    for (int d = 0; d < 20; ++d) {
      auto r1 = one.route(a, d), r2 = all.route(a, d);
      EXPECT_EQ(r1.path, r2.path);
      if (r1.reachable) {
        ++reachable;
        EXPECT_EQ(r1.length_m, r2.length_m);
        // The tree length equals the sum of the links along the path.
        double sum = 0;
        for (std::size_t k = 0; k + 1 < r1.path.size(); ++k) sum += g.links()[static_cast<std::size_t>(g.find_link(r1.path[k], r1.path[k + 1]))].length_m;
        EXPECT_NEAR(sum, r1.length_m, 1e-6);
        // No ground relays: only the end points are stations.
        for (std::size_t k = 1; k + 1 < r1.path.size(); ++k) EXPECT_FALSE(g.is_station(r1.path[k]));
      }
    }
  EXPECT_GT(reachable, 300);
}

TEST(PathChurn, CountsChangesLikeHypatia) {
  net::Route p1{true, 1e6, 2, {10, 1, 11}}, p2{true, 1.2e6, 3, {10, 1, 2, 11}}, un{};
  net::PairSeries s;
  const std::vector<net::Route> seq{p1, p1, p2, un, un, p2, p2, p1};
  for (std::size_t t = 0; t < seq.size(); ++t) s.observe(static_cast<double>(t), seq[t], seq[t].reachable ? 2 * seq[t].length_m / c : NAN);
  EXPECT_EQ(s.steps(), 8);
  EXPECT_EQ(s.path_changes(), 4);
  EXPECT_EQ(s.change_times_s(), (std::vector<double>{2, 3, 5, 7}));
  EXPECT_EQ(s.unreachable_steps(), 2);
  EXPECT_EQ(s.min_hops(), 2);
  EXPECT_EQ(s.max_hops(), 3);
  EXPECT_DOUBLE_EQ(s.min_rtt_s(), 2e6 / c);
  EXPECT_DOUBLE_EQ(s.max_rtt_s(), 2.4e6 / c);
  EXPECT_DOUBLE_EQ(s.mean_rtt_s(), (3 * 2e6 + 3 * 2.4e6) / 6 / c);
  net::PairSeries never;
  never.observe(0, un, NAN);
  EXPECT_TRUE(std::isnan(never.mean_rtt_s()));
  EXPECT_EQ(never.path_changes(), 0);
}

namespace {

// Satellites 0, 1, 2 in a chain (ISLs 0-1, 1-2); gateway G0 (feeder 10) sees satellite 0, gateway G1
// (feeder 4) sees satellite 2, station G2 (not a gateway) sees satellite 1.
net::SnapshotGraph flow_graph() {
  return net::SnapshotGraph(3, 3,
                            {{0, 1, net::LinkKind::Isl, 1e6},
                             {1, 2, net::LinkKind::Isl, 1e6},
                             {0, 3, net::LinkKind::Gsl, 7e5},
                             {2, 4, net::LinkKind::Gsl, 7e5},
                             {1, 5, net::LinkKind::Gsl, 7e5}});
}

net::FlowCapacities flow_caps() {
  net::FlowCapacities c;
  c.isl_bps = 3;
  c.gsl_bps = 8;
  c.feeder_bps = {10, 4, 0};
  return c;
}

}  // namespace

TEST(MaxFlow, HandComputedAnswers) {
  auto g = flow_graph();
  for (auto algo : {net::MaxFlowAlgorithm::PushRelabel, net::MaxFlowAlgorithm::BoykovKolmogorov}) {
    SCOPED_TRACE(net::to_string(algo));
    net::FlowSolver fs(algo);
    auto caps = flow_caps();
    // Demands 5, 1, 5: G0 -> 0 carries 8 (GSL cap): 5 to sat 0, 1 to sat 1, 1 on to sat 2 over ISLs
    // 0-1 (2 <= 3) and 1-2 (1 <= 3); G1 -> 2 carries 4. Every demand is met: 11.
    auto r = fs.solve(g, caps, std::vector<double>{5, 1, 5});
    EXPECT_DOUBLE_EQ(r.total_bps, 11);
    EXPECT_EQ(r.delivered_bps, (std::vector<double>{5, 1, 5}));
    EXPECT_DOUBLE_EQ(r.gateway_bps[0] + r.gateway_bps[1], 11);
    EXPECT_DOUBLE_EQ(r.gateway_bps[2], 0);
    EXPECT_LE(r.gateway_bps[1], 4);
    // Demands 5, 5, 5: supply is min(10, 8) + 4 = 12; sat 0 gets exactly 5 (the rest of G0's 8 can
    // only leave over ISL 0-1, cap 3); sats 1 and 2 share 7 (split not unique).
    r = fs.solve(g, caps, std::vector<double>{5, 5, 5});
    EXPECT_DOUBLE_EQ(r.total_bps, 12);
    EXPECT_DOUBLE_EQ(r.delivered_bps[0], 5);
    EXPECT_DOUBLE_EQ(r.delivered_bps[1] + r.delivered_bps[2], 7);
    EXPECT_EQ(r.gateway_bps, (std::vector<double>{8, 4, 0}));
    for (int s = 0; s < 3; ++s) EXPECT_LE(r.delivered_bps[static_cast<std::size_t>(s)], 5);
    // One satellite alone: sat 1 can get 3 from each side (ISL caps) = 6; sat 0: 8 + min(4, 3) = 11;
    // sat 2: 4 + 3 = 7.
    EXPECT_DOUBLE_EQ(fs.max_flow_to_satellite(g, caps, 1), 6);
    EXPECT_DOUBLE_EQ(fs.max_flow_to_satellite(g, caps, 0), 11);
    EXPECT_DOUBLE_EQ(fs.max_flow_to_satellite(g, caps, 2), 7);
    // Per-link override: ISL 0-1 at 1 bit/s -> sat 1 gets 1 + 3.
    caps.link_bps.assign(g.links().size(), std::numeric_limits<double>::quiet_NaN());
    caps.link_bps[0] = 1;
    EXPECT_DOUBLE_EQ(fs.max_flow_to_satellite(g, caps, 1), 4);
    // Feeder-limited: G0 feeder 2 -> sat 0 can get 2 + 3 (from G1 over 2-1-0).
    caps.link_bps.clear();
    caps.feeder_bps = {2, 4, 0};
    EXPECT_DOUBLE_EQ(fs.max_flow_to_satellite(g, caps, 0), 5);
    // No gateway: nothing flows; the non-gateway station never sources traffic.
    caps.feeder_bps = {0, 0, 0};
    EXPECT_DOUBLE_EQ(fs.solve(g, caps, std::vector<double>{5, 5, 5}).total_bps, 0);
  }
}

TEST(MaxFlow, RejectsBadCapacities) {
  auto g = flow_graph();
  net::FlowSolver fs;
  auto caps = flow_caps();
  EXPECT_THROW(fs.solve(g, caps, std::vector<double>{1, 1}), satcap::InputError);
  EXPECT_THROW(fs.solve(g, caps, std::vector<double>{1, -1, 1}), satcap::InputError);
  caps.isl_bps = std::numeric_limits<double>::infinity();
  EXPECT_THROW(fs.solve(g, caps, std::vector<double>{1, 1, 1}), satcap::InputError);
  caps = flow_caps();
  caps.feeder_bps = {1};
  EXPECT_THROW(fs.solve(g, caps, std::vector<double>{1, 1, 1}), satcap::InputError);
  EXPECT_THROW(fs.max_flow_to_satellite(g, flow_caps(), 3), satcap::InputError);
  std::vector<net::GroundStation> st(3);
  st[0].gateway = true;
  st[0].feeder_capacity_bps = 7;
  st[1].feeder_capacity_bps = 9;  // not a gateway: ignored
  auto fc = net::FlowCapacities::from_stations(st, 1, 2);
  EXPECT_EQ(fc.feeder_bps, (std::vector<double>{7, 0, 0}));
}

TEST(GroundStations, ParsesAndRejectsWithLocation) {
  auto st = net::parse_ground_stations_csv(
      "id,name,lat_deg,lon_deg,height_m,gateway,feeder_capacity_bps\n17,Paris,48.85,2.35,35,1,2e10\n85,\"Luanda, AO\",-8.84,13.23,0,0,\n",
      "gs.csv");
  ASSERT_EQ(st.size(), 2u);
  EXPECT_EQ(st[0].id, "17");
  EXPECT_TRUE(st[0].gateway);
  EXPECT_DOUBLE_EQ(st[0].feeder_capacity_bps, 2e10);
  EXPECT_EQ(st[1].name, "Luanda, AO");
  EXPECT_DOUBLE_EQ(st[1].lat_deg, -8.84);
  auto fails_with = [](const std::string& text, const std::string& needle) {
    try {
      net::parse_ground_stations_csv(text, "gs.csv");
    } catch (const satcap::InputError& e) {
      EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
      return;
    }
    ADD_FAILURE() << "no error for " << text;
  };
  fails_with("id,name,lat_deg,lon_deg,height_m\n1,a,95,0,0\n", "gs.csv:2: lat_deg");
  fails_with("id,name,lat_deg,lon_deg,height_m\n1,a,10,0,0\n1,b,10,0,0\n", "gs.csv:3: id");
  fails_with("id,name,lat_deg,lon_deg,height_m\n1,a,10,x,0\n", "gs.csv:2: lon_deg");
  fails_with("id,name,lat_deg,lon_deg\n1,a,10,0\n", "height_m");
  fails_with("id,name,lat_deg,lon_deg,height_m,gateway\n1,a,10,0,0,maybe\n", "gs.csv:2: gateway");
  fails_with("id,name,lat_deg,lon_deg,height_m\n", "no ground stations");
}

namespace {
// A user policy: ISLs cost 10x their delay (prefer bent-pipe hops through the ground).
class AvoidIsl final : public net::RoutingPolicy {
 public:
  std::string name() const override { return "avoid-isl"; }
  void link_costs(const net::SnapshotGraph& g, std::vector<double>& cost) const override {
    cost.resize(g.links().size());
    for (std::size_t i = 0; i < cost.size(); ++i)
      cost[i] = g.links()[i].delay_s() * (g.links()[i].kind == net::LinkKind::Isl ? 10.0 : 1.0);
  }
};
class Negative final : public net::RoutingPolicy {
 public:
  std::string name() const override { return "negative"; }
  void link_costs(const net::SnapshotGraph& g, std::vector<double>& cost) const override { cost.assign(g.links().size(), -1.0); }
};
}  // namespace

TEST(Router, PluggablePolicy) {
  auto g = hand_graph();
  // A-3-4-B has one 1000 km ISL (cost 10000 + 2000) > A-2-B (4000, no ISL).
  net::Router r(std::make_shared<AvoidIsl>(), false);
  auto route = r.solve(g).route(0, 1);
  EXPECT_EQ(route.path, (std::vector<std::int32_t>{5, 2, 6}));
  EXPECT_DOUBLE_EQ(route.length_m, 4000e3);  // lengths stay physical whatever the policy
  EXPECT_THROW(net::Router(std::make_shared<Negative>()).solve(g), satcap::InputError);
  EXPECT_THROW(net::Router(nullptr), satcap::InputError);
}

TEST(Topology, MultiShellGridStaysWithinShells) {
  net::ConstellationLayout layout({net::ShellLayout{0, 4, 6, net::WalkerPattern::Delta},
                                   net::ShellLayout{24, 3, 5, net::WalkerPattern::Star}});
  EXPECT_EQ(layout.satellite_count(), 39);
  EXPECT_EQ(layout.shell_of(23), 0);
  EXPECT_EQ(layout.shell_of(24), 1);
  Eigen::Matrix3Xd pos(3, 39);
  pos.leftCols(24) = net::test::walker_positions(4, 6, 550e3, 53.0);
  pos.rightCols(15) = net::test::walker_positions(3, 5, 1200e3, 87.9, 180.0);
  net::TopologySpec spec;
  spec.isl_rules.line_of_sight = false;
  spec.isl_rules.max_terminals = 0;
  auto g = net::SnapshotBuilder(layout, {}, spec).build(pos);
  EXPECT_EQ(g.isl_count(), 2 * 24 + (2 * 15 - 5));
  for (const auto& l : g.links()) EXPECT_EQ(layout.shell_of(l.a), layout.shell_of(l.b));
}
