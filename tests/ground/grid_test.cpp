// Equal-area cell grid and the coverage-cap index: area equality against an independent rhumb-polygon
// area (GeographicLib), cell lookup, symmetry, and index == brute force exactly.
#include <gtest/gtest.h>
#include <satcap/core/error.hpp>
#include <satcap/core/geodesy.hpp>
#include <satcap/ground/grid.hpp>

#include <GeographicLib/Ellipsoid.hpp>
#include <GeographicLib/PolygonArea.hpp>
#include <GeographicLib/Rhumb.hpp>
#include <oneapi/tbb/global_control.h>

#include <cmath>
#include <random>

namespace sg = satcap::ground;

namespace {

double rhumb_cell_area_km2(const sg::CellGrid::Bounds& b) {
  // Parallels and meridians are rhumb lines, so the rhumb polygon of the four corners is the cell.
  // Split the parallels in 4 so no rhumb edge spans more than 90 deg of longitude.
  GeographicLib::PolygonAreaRhumb poly(GeographicLib::Rhumb::WGS84());
  const int k = 4;
  for (int i = 0; i <= k; ++i) poly.AddPoint(b.south_deg, b.west_deg + (b.east_deg - b.west_deg) * i / k);
  for (int i = k; i >= 0; --i) poly.AddPoint(b.north_deg, b.west_deg + (b.east_deg - b.west_deg) * i / k);
  double perimeter = 0, area = 0;
  poly.Compute(false, true, perimeter, area);
  return area / 1e6;
}

}  // namespace

TEST(CellGrid, RejectsBadResolution) {
  EXPECT_THROW(sg::CellGrid(sg::GridOptions{0.0}), satcap::RangeError);
  EXPECT_THROW(sg::CellGrid(sg::GridOptions{45.0}), satcap::RangeError);
  EXPECT_THROW(sg::CellGrid(sg::GridOptions{std::nan("")}), satcap::RangeError);
}

TEST(CellGrid, SizesAndTotalArea) {
  const sg::CellGrid g1(sg::GridOptions{1.0});
  EXPECT_NEAR(static_cast<double>(g1.size()), 41253.0, 41253.0 * 0.01);  // 4 pi / (1 deg)^2
  const double ellipsoid_km2 = GeographicLib::Ellipsoid::WGS84().Area() / 1e6;
  EXPECT_NEAR(g1.cell_area_km2() * static_cast<double>(g1.size()), ellipsoid_km2, 1e-6 * ellipsoid_km2);
  const sg::CellGrid g14(sg::GridOptions{1.4});
  EXPECT_GE(g14.size(), 20000);
  EXPECT_EQ(g14.bands().back().first_cell + g14.bands().back().cell_count, g14.size());
}

TEST(CellGrid, EveryCellHasTheSameAreaOnWgs84) {
  for (double res : {5.0, 2.0}) {
    const sg::CellGrid g(sg::GridOptions{res});
    double worst = 0;
    for (int id = 0; id < g.size(); ++id) {
      const double a = rhumb_cell_area_km2(g.bounds(id));
      worst = std::max(worst, std::abs(a / g.cell_area_km2() - 1.0));
    }
    EXPECT_LT(worst, 1e-9) << "resolution " << res;
  }
}

TEST(CellGrid, BandsSymmetricAndOrdered) {
  const sg::CellGrid g(sg::GridOptions{1.0});
  const auto& b = g.bands();
  const std::size_t m = b.size();
  EXPECT_DOUBLE_EQ(b.front().lat_south_deg, -90.0);
  EXPECT_DOUBLE_EQ(b.back().lat_north_deg, 90.0);
  for (std::size_t j = 0; j < m; ++j) {
    EXPECT_EQ(b[j].cell_count, b[m - 1 - j].cell_count);
    EXPECT_NEAR(b[j].lat_centre_deg, -b[m - 1 - j].lat_centre_deg, 1e-9);
    EXPECT_LT(b[j].lat_south_deg, b[j].lat_centre_deg);
    EXPECT_LT(b[j].lat_centre_deg, b[j].lat_north_deg);
    if (j + 1 < m) {
      EXPECT_DOUBLE_EQ(b[j].lat_north_deg, b[j + 1].lat_south_deg);
    }
    EXPECT_GE(b[j].cell_count, 3);
  }
  // Cells are roughly square away from the poles: width ~ height within 35 %.
  for (std::size_t j = m / 6; j < m - m / 6; ++j) {
    const double h = b[j].lat_north_deg - b[j].lat_south_deg;
    const double w = b[j].lon_width_deg() * std::cos(b[j].lat_centre_deg * M_PI / 180);
    EXPECT_NEAR(w / h, 1.0, 0.35) << "band " << j;
  }
}

TEST(CellGrid, CellAtFindsEachCentreAndCorner) {
  const sg::CellGrid g(sg::GridOptions{2.0});
  for (int id = 0; id < g.size(); ++id) {
    ASSERT_EQ(g.cell_at(g.lat_deg()[id], g.lon_deg()[id]), id);
    const auto bd = g.bounds(id);
    const double eps = 1e-7;
    EXPECT_EQ(g.cell_at(bd.south_deg + eps, bd.west_deg + eps), id);
    EXPECT_EQ(g.cell_at(bd.north_deg - eps, bd.east_deg - eps), id);
    EXPECT_EQ(g.cell_at(g.lat_deg()[id], g.lon_deg()[id] + 360.0), id);
  }
  EXPECT_EQ(g.cell_at(90.0, 0.0), g.bands().back().first_cell + g.bands().back().cell_count / 2);
  EXPECT_EQ(g.cell_at(-90.0, -180.0), 0);
  EXPECT_EQ(g.cell_at(0.0, 180.0), g.cell_at(0.0, -180.0));
  EXPECT_THROW(g.cell_at(91.0, 0.0), satcap::RangeError);
}

TEST(CellGrid, EcefAndNormalsConsistent) {
  const sg::CellGrid g(sg::GridOptions{3.0});
  for (int id = 0; id < g.size(); id += 7) {
    const Eigen::Vector3d e = satcap::core::ecef_from_geodetic(satcap::core::Geodetic::degrees(g.lat_deg()[id], g.lon_deg()[id], 0));
    EXPECT_LT((e - g.ecef_m().col(id)).norm(), 1e-6);
    EXPECT_NEAR(g.up().col(id).norm(), 1.0, 1e-12);
    EXPECT_NEAR(g.unit().col(id).norm(), 1.0, 1e-12);
  }
}

TEST(CapIndex, OverheadSatelliteHandCheck) {
  const sg::CellGrid g(sg::GridOptions{1.0});
  const sg::CapIndex idx(g);
  const int id = g.cell_at(55.75, 37.62);
  const Eigen::Vector3d p = g.ecef_m().col(id) + 550e3 * g.up().col(id);
  sg::CapHits hits;
  idx.query(p, 25.0, hits);
  ASSERT_GT(hits.size(), 50u);
  bool found = false;
  for (std::size_t i = 0; i < hits.size(); ++i) {
    EXPECT_GE(hits.elevation_deg[i], 25.0);
    if (hits.cell[i] == id) {
      found = true;
      EXPECT_NEAR(hits.elevation_deg[i], 90.0, 1e-6);
      EXPECT_NEAR(hits.range_m[i], 550e3, 1e-6);
    }
  }
  EXPECT_TRUE(found);
  // Spherical-Earth check of the cap size: cells ~ cap area / cell area within 10 %.
  const double re = 6371e3, r = re + 550e3, e = 25.0 * M_PI / 180;
  const double lambda = std::acos(re * std::cos(e) / r) - e;
  const double expected = 2 * M_PI * re * re * (1 - std::cos(lambda)) / 1e6 / g.cell_area_km2();
  EXPECT_NEAR(static_cast<double>(hits.size()), expected, 0.1 * expected);
  EXPECT_LE(hits.size(), idx.max_hits(r, 25.0));
}

TEST(CapIndex, AgreesExactlyWithBruteForce) {
  const sg::CellGrid g(sg::GridOptions{1.0});
  const sg::CapIndex idx(g);
  std::mt19937_64 rng(20261128);
  std::uniform_real_distribution<double> u(-1, 1), alt(200e3, 40000e3);
  sg::CapHits a, b;
  std::size_t total = 0;
  std::vector<Eigen::Vector3d> sats;
  // Random directions plus hard cases: poles, antimeridian, equator.
  for (int i = 0; i < 150; ++i) {
    Eigen::Vector3d v(u(rng), u(rng), u(rng));
    sats.push_back(v.normalized() * (6378137.0 + alt(rng)));
  }
  for (const Eigen::Vector3d& v : {Eigen::Vector3d(0, 0, 1), Eigen::Vector3d(0, 0, -1), Eigen::Vector3d(-1, 1e-9, 0),
                                  Eigen::Vector3d(-1, -1e-9, 0.3), Eigen::Vector3d(1, 0, 0), Eigen::Vector3d(0.01, 0, 1)}) {
    for (double h : {300e3, 550e3, 1200e3, 35786e3}) sats.push_back(v.normalized() * (6378137.0 + h));
  }
  for (const auto& p : sats) {
    for (double e : {-5.0, 0.0, 10.0, 25.0, 40.0, 80.0}) {
      idx.query(p, e, a);
      idx.query_brute_force(p, e, b);
      ASSERT_EQ(a.cell, b.cell) << "sat " << p.transpose() << " E " << e;
      ASSERT_EQ(a.elevation_deg, b.elevation_deg);
      ASSERT_EQ(a.range_m, b.range_m);
      EXPECT_LE(a.size(), idx.max_hits(p.norm(), e));
      total += a.size();
    }
  }
  EXPECT_GT(total, 100000u);
}

TEST(CapIndex, QueryAllMatchesSingleQueriesForAnyThreadCount) {
  const sg::CellGrid g(sg::GridOptions{1.5});
  const sg::CapIndex idx(g);
  std::mt19937_64 rng(5);
  std::normal_distribution<double> n(0, 1);
  Eigen::Matrix3Xd sats(3, 301);
  for (int i = 0; i < sats.cols(); ++i) sats.col(i) = Eigen::Vector3d(n(rng), n(rng), n(rng)).normalized() * 6.93e6;
  sg::Visibility v1, v2;
  {
    tbb::global_control one(tbb::global_control::max_allowed_parallelism, 1);
    idx.query_all(sats, 25.0, v1);
  }
  idx.query_all(sats, 25.0, v2);
  idx.query_all(sats, 25.0, v2);  // reuse of the buffers
  EXPECT_EQ(v1.offset, v2.offset);
  EXPECT_EQ(v1.cell, v2.cell);
  EXPECT_EQ(v1.elevation_deg, v2.elevation_deg);
  EXPECT_EQ(v1.range_m, v2.range_m);
  ASSERT_EQ(v1.satellites(), 301u);
  sg::CapHits h;
  for (int i = 0; i < sats.cols(); ++i) {
    idx.query(sats.col(i), 25.0, h);
    const std::vector<std::int32_t> part(v1.cell.begin() + static_cast<long>(v1.offset[i]),
                                         v1.cell.begin() + static_cast<long>(v1.offset[i + 1]));
    ASSERT_EQ(part, h.cell);
  }
}

TEST(CapIndex, RejectsBadInputs) {
  const sg::CellGrid g(sg::GridOptions{5.0});
  const sg::CapIndex idx(g);
  sg::CapHits h;
  EXPECT_THROW(idx.query(Eigen::Vector3d(std::nan(""), 0, 0), 10, h), satcap::RangeError);
  EXPECT_THROW(idx.query(Eigen::Vector3d(7e6, 0, 0), 95, h), satcap::RangeError);
  EXPECT_THROW(idx.query(Eigen::Vector3d(7e6, 0, 0), -20, h), satcap::RangeError);
}
