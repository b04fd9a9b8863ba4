// Recommendation ITU-R P.453-14 (08/2019): refractivity and the wet-term maps.
#include <satcap/core/error.hpp>
#include <satcap/radio/itur/p453.hpp>

#include <algorithm>
#include <cmath>

#include "itur_internal.hpp"

namespace satcap::radio::itur {

double p453_refractivity(double pd, double e, double t) {
  return 77.6 * pd / t + 72.0 * e / t + 3.75e5 * e / (t * t);  // eq. (6)
}

double p453_wet_refractivity(const ClimateMaps& maps, double lat, double lon, double p) {
  require_in_range("latitude", lat, -90, 90, "deg", "ITU-R P.453-14");
  require_in_range("p", p, 0.1, 99.0, "%", "ITU-R P.453-14 Nwet maps");
  return detail::interp_levels(kP453P836Levels, p, [&](std::size_t i) {
    return maps.grid(static_cast<MapKey>(static_cast<int>(MapKey::kP453Nwet0) + static_cast<int>(i))).bilinear(lat, lon);
  });
}

}  // namespace satcap::radio::itur
