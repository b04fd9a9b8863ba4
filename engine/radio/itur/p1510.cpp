// Recommendation ITU-R P.1510-1 (06/2017): mean surface temperature.
#include <satcap/core/error.hpp>
#include <satcap/radio/itur/p1510.hpp>

namespace satcap::radio::itur {
double p1510_annual_temperature_k(const ClimateMaps& maps, double lat, double lon) {
  require_in_range("latitude", lat, -90, 90, "deg", "ITU-R P.1510-1");
  return maps.grid(MapKey::kP1510Annual).bilinear(lat, lon);
}
double p1510_monthly_temperature_k(const ClimateMaps& maps, double lat, double lon, int month) {
  require_in_range("latitude", lat, -90, 90, "deg", "ITU-R P.1510-1");
  require_in_range("month", month, 1, 12, "", "ITU-R P.1510-1");
  return maps.grid(static_cast<MapKey>(static_cast<int>(MapKey::kP1510Month01) + month - 1)).bilinear(lat, lon);
}
}  // namespace satcap::radio::itur
