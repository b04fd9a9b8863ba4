// Routing job set-up shared by the CLI and the Python binding (include/satcap/network/route_setup.hpp).
#include <satcap/core/error.hpp>
#include <satcap/core/units.hpp>
#include <satcap/network/route_setup.hpp>

#include <cmath>
#include <sstream>

namespace satcap::network {

TopologySpec route_topology(const RouteTopologyOptions& a, const RouteOptionNames& n) {
  if (!std::isnan(a.gsl_min_elevation_deg) && !std::isnan(a.gsl_max_range_km))
    throw InputError("", 0, n.gsl_min_elevation_deg + "/" + n.gsl_max_range_km, "give at most one GSL rule");
  TopologySpec spec;
  IslKind kind;
  try {
    kind = isl_kind_from_string(a.isl);
  } catch (const InputError& e) {
    throw InputError("", 0, n.isl, e.detail());
  }
  if (kind != IslKind::PlusGrid && kind != IslKind::None) throw InputError("", 0, n.isl, "routing supports plus-grid and none");
  spec.isl = make_isl_topology(kind);
  if (!std::isnan(a.isl_max_range_km)) {
    if (!(a.isl_max_range_km > 0) || !std::isfinite(a.isl_max_range_km)) throw InputError("", 0, n.isl_max_range_km, "must be > 0");
    spec.isl_rules.max_range = units::km(a.isl_max_range_km);
  }
  if (!std::isnan(a.gsl_max_range_km)) {
    if (!(a.gsl_max_range_km > 0) || !std::isfinite(a.gsl_max_range_km)) throw InputError("", 0, n.gsl_max_range_km, "must be > 0");
    spec.gsl_rules.criterion = GslCriterion::MaxRange;
    spec.gsl_rules.max_range = units::km(a.gsl_max_range_km);
  } else {
    const double el = std::isnan(a.gsl_min_elevation_deg) ? 25.0 : a.gsl_min_elevation_deg;
    if (!(el >= -90.0 && el <= 90.0)) throw InputError("", 0, n.gsl_min_elevation_deg, "must be in [-90, 90] deg");
    spec.gsl_rules.criterion = GslCriterion::MinElevation;
    spec.gsl_rules.min_elevation = units::deg(el);
  }
  spec.ground_relays = a.ground_relays;
  return spec;
}

std::pair<int, int> take_plane_header(std::string& text) {
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(pos, end - pos);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos || line[0] == '#') {
      pos = end + 1;
      continue;
    }
    std::istringstream in(line);
    int p = 0, s = 0;
    std::string rest;
    if (in >> p >> s && !(in >> rest) && p > 0 && s > 0) {
      text.replace(pos, end - pos, std::string(end - pos, ' '));
      return {p, s};
    }
    return {0, 0};
  }
  return {0, 0};
}

}  // namespace satcap::network
