// Links the installed satcap package and checks one known answer through the public API.
#include <satcap/satcap.hpp>

#include <cmath>
#include <cstdio>

int main() {
  using namespace satcap;
  core::Site moscow(core::Geodetic::degrees(55.75, 37.62, 0.0));
  auto sat = core::ecef_from_geodetic(core::Geodetic::degrees(55.75, 37.62, 550e3));
  auto la = moscow.look_at(sat);
  const double el = units::to_deg(la.elevation), range_km = units::to_km(la.range);
  std::printf("satcap %s consumer: elevation %.6f deg, range %.6f km\n", version().c_str(), el, range_km);
  if (std::abs(el - 90.0) > 1e-9 || std::abs(range_km - 550.0) > 1e-9) {
    std::printf("consumer: FAILED\n");
    return 1;
  }
  std::printf("consumer: OK\n");
  return 0;
}
