// Recommendation ITU-R P.839-4 (09/2013): rain height.
#include <satcap/core/error.hpp>
#include <satcap/radio/itur/p839.hpp>

namespace satcap::radio::itur {
double p839_isotherm_height_km(const ClimateMaps& maps, double lat, double lon) {
  require_in_range("latitude", lat, -90, 90, "deg", "ITU-R P.839-4");
  return maps.grid(MapKey::kP839RainHeight0).bilinear(lat, lon);
}
double p839_rain_height_km(const ClimateMaps& maps, double lat, double lon) {
  return p839_isotherm_height_km(maps, lat, lon) + 0.36;  // eq. (1)
}
}  // namespace satcap::radio::itur
