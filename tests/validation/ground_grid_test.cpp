// Validation of the equal-area grid: every cell's area on WGS84, computed independently as a rhumb
// polygon by GeographicLib (PolygonAreaRhumb; parallels and meridians are rhumb lines), against the
// grid's nominal cell area (ellipsoid area / N).
#include <gtest/gtest.h>
#include <satcap/ground/grid.hpp>

#include <GeographicLib/PolygonArea.hpp>
#include <GeographicLib/Rhumb.hpp>

#include <cmath>
#include <sstream>

#include "test_support.hpp"

namespace sg = satcap::ground;

TEST(GroundValidation, CellAreasEqualOnWgs84) {
  long cases = 0;
  double worst = 0;
  for (double res : {10.0, 3.0, 1.0}) {
    const sg::CellGrid g(sg::GridOptions{res});
    for (int id = 0; id < g.size(); ++id) {
      const auto b = g.bounds(id);
      GeographicLib::PolygonAreaRhumb poly(GeographicLib::Rhumb::WGS84());
      const int k = 4;  // split the parallels so no rhumb edge exceeds 90 deg of longitude
      for (int i = 0; i <= k; ++i) poly.AddPoint(b.south_deg, b.west_deg + (b.east_deg - b.west_deg) * i / k);
      for (int i = k; i >= 0; --i) poly.AddPoint(b.north_deg, b.west_deg + (b.east_deg - b.west_deg) * i / k);
      double perimeter = 0, area = 0;
      poly.Compute(false, true, perimeter, area);
      worst = std::max(worst, std::abs(area / 1e6 / g.cell_area_km2() - 1.0));
      ++cases;
    }
  }
  std::ostringstream e;
  e << worst << " (relative)";
  const bool pass = worst < 1e-9;
  satcap::test::record_validation("ground_grid_area", "equal-area grid: cell area on WGS84 (1, 3, 10 deg grids)",
                                  "GeographicLib 2.1 PolygonAreaRhumb of the cell outline", cases, e.str(),
                                  "1e-9 relative", pass);
  EXPECT_LT(worst, 1e-9);
}
