// Recommendation ITU-R P.1511-1 (07/2015, superseded; the -2/-3 maps are not available): topography.
#include <satcap/core/error.hpp>
#include <satcap/radio/itur/p1511.hpp>

namespace satcap::radio::itur {
double p1511_topographic_height_km(const ClimateMaps& maps, double lat, double lon) {
  require_in_range("latitude", lat, -90, 90, "deg", "ITU-R P.1511-1");
  return maps.grid(MapKey::kP1511Topo).bicubic(lat, lon);
}
}  // namespace satcap::radio::itur
