// Gateway dataset reader and rule-based placement (see include/satcap/ground/gateways.hpp).
#include <satcap/core/error.hpp>
#include <satcap/core/files.hpp>
#include <satcap/ground/gateways.hpp>

#include <GeographicLib/Geodesic.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace satcap::ground {

std::vector<GatewayRecord> read_gateways(const std::filesystem::path& path) {
  const auto table = core::CsvTable::read(path, {"id", "name", "lat_deg", "lon_deg"});
  // The site columns go through the shared ground-site reader (same checks, same errors).
  const auto sites = read_ground_sites(path);
  std::vector<GatewayRecord> out;
  out.reserve(sites.size());
  for (std::size_t i = 0; i < sites.size(); ++i) {
    const auto& row = table.rows()[i];
    GatewayRecord g;
    g.site = sites[i];
    if (table.has_column("status")) g.status = table.text(row, "status");
    if (table.has_column("coord_source")) g.coord_source = table.text(row, "coord_source");
    g.ka_antennas = static_cast<int>(table.number_or(row, "ka_antennas", 0.0));
    g.e_antennas = static_cast<int>(table.number_or(row, "e_antennas", 0.0));
    if (g.ka_antennas < 0) table.fail(row, "ka_antennas", "negative");
    if (g.e_antennas < 0) table.fail(row, "e_antennas", "negative");
    out.push_back(std::move(g));
  }
  return out;
}

std::vector<GroundSite> gateway_sites(const std::vector<GatewayRecord>& records, const std::vector<std::string>& statuses) {
  std::vector<GroundSite> out;
  for (const auto& r : records) {
    if (statuses.empty() || std::find(statuses.begin(), statuses.end(), r.status) != statuses.end()) out.push_back(r.site);
  }
  return out;
}

void GatewayPlacementOptions::validate() const {
  const char* m = "ground::GatewayPlacementOptions";
  require_in_range("count", count, 1, 100000, "", m);
  require_in_range("min_separation_km", min_separation_km, 0.0, 20000.0, "km", m);
}

std::vector<GroundSite> place_gateways(const CellGrid& grid, const Eigen::ArrayXd& weight,
                                       const std::vector<std::int32_t>& candidates, const GatewayPlacementOptions& options,
                                       const std::vector<GroundSite>& existing) {
  options.validate();
  if (weight.size() != grid.size()) {
    throw RangeError("weight size", static_cast<double>(weight.size()), "= number of cells", "ground::place_gateways");
  }
  std::vector<std::int32_t> order;
  order.reserve(candidates.size());
  for (auto c : candidates) {
    if (c < 0 || c >= grid.size()) throw RangeError("candidate cell", c, "[0, N)", "ground::place_gateways");
    if (!std::isfinite(weight[c]) || weight[c] < 0) throw RangeError("cell weight", weight[c], ">= 0", "ground::place_gateways");
    if (weight[c] > 0 || options.allow_zero_weight) order.push_back(c);
  }
  std::sort(order.begin(), order.end());
  order.erase(std::unique(order.begin(), order.end()), order.end());
  std::stable_sort(order.begin(), order.end(), [&](std::int32_t a, std::int32_t b) { return weight[a] > weight[b]; });

  const GeographicLib::Geodesic& geod = GeographicLib::Geodesic::WGS84();
  std::vector<std::pair<double, double>> taken;  // lat, lon of accepted + existing
  for (const auto& s : existing) taken.emplace_back(s.where.lat_deg(), s.where.lon_deg());
  const double min_m = options.min_separation_km * 1e3;
  std::vector<GroundSite> out;
  for (auto c : order) {
    if (static_cast<int>(out.size()) >= options.count) break;
    const double lat = grid.lat_deg()[c], lon = grid.lon_deg()[c];
    bool ok = true;
    for (const auto& [tl, tn] : taken) {
      double s12 = 0;
      geod.Inverse(lat, lon, tl, tn, s12);
      if (s12 < min_m) {
        ok = false;
        break;
      }
    }
    if (!ok) continue;
    taken.emplace_back(lat, lon);
    const int k = static_cast<int>(out.size());
    out.push_back({options.first_id + k, options.name_prefix + "-" + std::to_string(k + 1) + " cell " + std::to_string(c),
                   core::Geodetic::degrees(lat, lon, 0.0)});
  }
  return out;
}

}  // namespace satcap::ground
