// Recommendation ITU-R P.836-6 (12/2017): water vapour surface density and total columnar content.
#include <satcap/core/error.hpp>
#include <satcap/radio/itur/p836.hpp>

#include <cmath>

#include "itur_internal.hpp"

namespace satcap::radio::itur {
namespace {

double scaled(const ClimateMaps& maps, MapKey first, double lat, double lon, double p, std::optional<double> h) {
  require_in_range("latitude", lat, -90, 90, "deg", "ITU-R P.836-6");
  require_in_range("p", p, 0.1, 99.0, "%", "ITU-R P.836-6 annual maps");
  const GridMap& topo = maps.grid(MapKey::kP836Topo);
  const auto level = [&](std::size_t i) {
    const GridMap& x = maps.grid(static_cast<MapKey>(static_cast<int>(first) + static_cast<int>(i)));
    const GridMap& vs = maps.grid(static_cast<MapKey>(static_cast<int>(MapKey::kP836Vsch0) + static_cast<int>(i)));
    const GridMap::Cell c = x.cell(lat, lon);
    const std::size_t rr[2] = {c.r0, c.r1}, cc[2] = {c.c0, c.c1};
    const double lat_n[2] = {c.lat_r0, c.lat_r1}, lon_n[2] = {c.lon_c0, c.lon_c1};
    const double wr[2] = {1 - c.t, c.t}, wc[2] = {1 - c.u, c.u};
    double s = 0, wsum = 0;
    for (int a = 0; a < 2; ++a)
      for (int b = 0; b < 2; ++b) {
        double v = x.at(rr[a], cc[b]);
        if (h) {
          const double hi = topo.bicubic(lat_n[a], lon_n[b]);  // step 1: grid-point altitude (bicubic)
          v *= std::exp(-(*h - hi) / vs.at(rr[a], cc[b]));     // step 2: scale to the station height
        }
        if (std::isnan(v)) continue;  // the maps hold NaN on most of the 88.875 deg row
        s += wr[a] * wc[b] * v;       // step 3: bilinear
        wsum += wr[a] * wc[b];
      }
    // Where some of the four nodes are NaN (only north of 87.75 deg) the valid ones are reweighted;
    // elsewhere wsum == 1 and this is the plain bilinear interpolation.
    if (wsum <= 0) throw RangeError("latitude", lat, "a location where the P.836-6 maps have data", "ITU-R P.836-6");
    return s / wsum;
  };
  return detail::interp_levels(kP453P836Levels, p, level);  // step 4: linear in log(p)
}

}  // namespace

double p836_surface_water_vapour_density(const ClimateMaps& maps, double lat, double lon, double p, std::optional<double> h) {
  return scaled(maps, MapKey::kP836Rho0, lat, lon, p, h);
}
double p836_total_water_vapour_content(const ClimateMaps& maps, double lat, double lon, double p, std::optional<double> h) {
  return scaled(maps, MapKey::kP836V0, lat, lon, p, h);
}

}  // namespace satcap::radio::itur
