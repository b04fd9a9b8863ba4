// Layout of a Walker constellation from the orbit layer.
#include <satcap/core/error.hpp>
#include <satcap/network/orbit_layout.hpp>

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

}  // namespace satcap::network
