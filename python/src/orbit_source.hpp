#pragma once
// Element sets as held by the Python module (shared by the orbit and route jobs).
#include <satcap/orbit/elements.hpp>

#include <string>
#include <vector>

namespace satcap::python {

struct ElementSets {
  std::vector<orbit::MeanElements> fleet;
  orbit::ReadReport report;
  std::string source;
  /// Hypatia's "PLANES SATS_PER_PLANE" first line of a TLE file (0, 0 when absent); used by routing.
  int planes = 0, sats_per_plane = 0;
};

}  // namespace satcap::python
