// Layout of a Walker constellation from the orbit layer.
#include <satcap/core/error.hpp>
#include <satcap/network/orbit_layout.hpp>

#include <algorithm>

namespace satcap::network {

ConstellationLayout layout_of(const orbit::Constellation& c) {
  std::vector<ShellLayout> shells;
  int first = 0;
  for (const auto& s : c.shells()) {
    shells.push_back({first, s.planes, s.sats_per_plane,
                      s.pattern == orbit::WalkerPattern::Star ? WalkerPattern::Star : WalkerPattern::Delta});
    first += s.total();
  }
  const auto& sats = c.satellites();
  if (static_cast<int>(sats.size()) != first)
    throw InputError(c.name(), 0, "satellites", "count does not match the shells");
  for (std::size_t k = 0; k < shells.size(); ++k)
    for (int p = 0; p < shells[k].planes; ++p)
      for (int s = 0; s < shells[k].sats_per_plane; ++s) {
        const auto& id = sats[static_cast<std::size_t>(shells[k].first_index + p * shells[k].sats_per_plane + s)].id;
        if (id.shell != static_cast<int>(k) || id.plane != p || id.slot != s)
          throw InputError(c.name(), 0, "satellites", "not ordered by shell, plane, slot");
      }
  return ConstellationLayout(std::move(shells));
}

FleetLayout layout_for_fleet(const orbit::FleetClassification& fleet) {
  FleetLayout out;
  std::vector<ShellLayout> shells;
  int first = 0;
  for (std::size_t k = 0; k < fleet.shells.size(); ++k) {
    const auto& sh = fleet.shells[k];
    if (sh.planes.empty()) continue;
    ShellLayout sl;
    sl.first_index = first;
    sl.planes = static_cast<int>(sh.planes.size());
    sl.pattern = sh.pattern == orbit::WalkerPattern::Star ? WalkerPattern::Star : WalkerPattern::Delta;
    sl.sats_per_plane = 0;
    for (const auto& pl : sh.planes) {
      const int np = static_cast<int>(pl.members.size());
      sl.plane_sizes.push_back(np);
      sl.sats_per_plane = std::max(sl.sats_per_plane, np);
      out.fleet_index.insert(out.fleet_index.end(), pl.members.begin(), pl.members.end());
    }
    first += sl.count();
    shells.push_back(std::move(sl));
    out.fleet_shell.push_back(static_cast<int>(k));
  }
  out.layout = ConstellationLayout(std::move(shells));
  return out;
}

}  // namespace satcap::network
