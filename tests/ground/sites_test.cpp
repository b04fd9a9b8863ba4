// Ground-site CSV reader: good rows, every kind of bad row, and a write/read round trip.
#include <gtest/gtest.h>
#include <satcap/core/error.hpp>
#include <satcap/ground/sites.hpp>

#include "test_support.hpp"

namespace sg = satcap::ground;

TEST(GroundSites, ParsesGoodRows) {
  const auto s = sg::parse_ground_sites(
      "# comment\nid,name,lat_deg,lon_deg,height_m\n1,\"Gravelines, FR\",50.98,2.13,10\n2,Awarua NZ,-46.5,168.38,\n"
      "3,East,0,190,0\n",
      "t.csv");
  ASSERT_EQ(s.size(), 3u);
  EXPECT_EQ(s[0].id, 1);
  EXPECT_EQ(s[0].name, "Gravelines, FR");
  EXPECT_NEAR(s[0].where.lat_deg(), 50.98, 1e-12);
  EXPECT_NEAR(s[0].where.height_m(), 10.0, 1e-12);
  EXPECT_EQ(s[1].where.height_m(), 0.0);
  EXPECT_NEAR(s[2].where.lon_deg(), -170.0, 1e-12);
}

TEST(GroundSites, HeightColumnOptional) {
  const auto s = sg::parse_ground_sites("id,name,lat_deg,lon_deg\n7,A,1,2\n", "t.csv");
  ASSERT_EQ(s.size(), 1u);
  EXPECT_EQ(s[0].where.height_m(), 0.0);
}

namespace {
void expect_input_error(const std::string& text, std::size_t line, const std::string& field) {
  try {
    sg::parse_ground_sites(text, "bad.csv");
    FAIL() << "no error for: " << text;
  } catch (const satcap::InputError& e) {
    EXPECT_EQ(e.file(), "bad.csv");
    EXPECT_EQ(e.line(), line) << e.what();
    EXPECT_EQ(e.field(), field) << e.what();
  }
}
}  // namespace

TEST(GroundSites, RejectsBadRows) {
  const std::string h = "id,name,lat_deg,lon_deg,height_m\n";
  expect_input_error(h + "x,A,1,2,0\n", 2, "id");
  expect_input_error(h + "1.5,A,1,2,0\n", 2, "id");
  expect_input_error(h + "1,A,1,2,0\n1,B,1,2,0\n", 3, "id");
  expect_input_error(h + "1,,1,2,0\n", 2, "name");
  expect_input_error(h + "1,A,91,2,0\n", 2, "lat_deg");
  expect_input_error(h + "1,A,abc,2,0\n", 2, "lat_deg");
  expect_input_error(h + "1,A,1,400,0\n", 2, "lon_deg");
  expect_input_error(h + "1,A,1,2,1e6\n", 2, "height_m");
  EXPECT_THROW(sg::parse_ground_sites("id,name,lat_deg\n1,A,2\n", "bad.csv"), satcap::InputError);
  EXPECT_THROW(sg::read_ground_sites("/nonexistent/sites.csv"), satcap::InputError);
}

TEST(GroundSites, WriteReadRoundTrip) {
  std::vector<sg::GroundSite> in{{3, "Tromso, NO", satcap::core::Geodetic::degrees(69.65, 18.96, 50)},
                                 {9, "Punta Arenas", satcap::core::Geodetic::degrees(-53.16, -70.91, 0)}};
  const auto path = satcap::test::scratch_dir("ground_sites") / "sites.csv";
  sg::write_ground_sites(path, in);
  const auto out = sg::read_ground_sites(path);
  ASSERT_EQ(out.size(), 2u);
  for (std::size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(out[i].id, in[i].id);
    EXPECT_EQ(out[i].name, in[i].name);
    EXPECT_NEAR(out[i].where.lat_deg(), in[i].where.lat_deg(), 1e-8);
    EXPECT_NEAR(out[i].where.lon_deg(), in[i].where.lon_deg(), 1e-8);
    EXPECT_NEAR(out[i].where.height_m(), in[i].where.height_m(), 1e-8);
  }
}
