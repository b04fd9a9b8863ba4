// Greedy maximum-coverage gateway placement (see include/satcap/ground/gateways.hpp).
#include <satcap/core/error.hpp>
#include <satcap/core/geodesy.hpp>
#include <satcap/ground/gateways.hpp>

#include <GeographicLib/Geodesic.hpp>

#include <algorithm>
#include <cmath>
#include <numbers>

namespace satcap::ground {

void CoveragePlacementOptions::validate() const {
  const char* m = "ground::CoveragePlacementOptions";
  placement.validate();
  if (!(min_elevation_deg >= 0.0 && min_elevation_deg < 90.0))
    throw RangeError("min_elevation_deg", min_elevation_deg, "[0, 90) deg", m);
  if (!(stop_at_share > 0.0 && stop_at_share <= 1.0)) throw RangeError("stop_at_share", stop_at_share, "(0, 1]", m);
}

CoveragePlacement place_gateways_coverage(const CellGrid& grid, const Eigen::ArrayXd& tie_weight,
                                          const std::vector<std::int32_t>& candidates,
                                          const std::vector<Eigen::Matrix3Xd>& sat_ecef_m,
                                          const std::vector<std::vector<double>>& sample_weight,
                                          const CoveragePlacementOptions& options, const std::vector<GroundSite>& existing) {
  const char* where = "ground::place_gateways_coverage";
  options.validate();
  if (tie_weight.size() != grid.size())
    throw RangeError("tie_weight size", static_cast<double>(tie_weight.size()), "= number of cells", where);
  if (!sample_weight.empty() && sample_weight.size() != sat_ecef_m.size())
    throw RangeError("sample_weight steps", static_cast<double>(sample_weight.size()), "= number of position steps", where);

  // Sample index: (step k, satellite s) -> offset[k] + s; weights flattened in the same order.
  std::vector<std::size_t> offset(sat_ecef_m.size() + 1, 0);
  for (std::size_t k = 0; k < sat_ecef_m.size(); ++k) offset[k + 1] = offset[k] + static_cast<std::size_t>(sat_ecef_m[k].cols());
  std::vector<double> w(offset.back(), 1.0);
  if (!sample_weight.empty()) {
    for (std::size_t k = 0; k < sat_ecef_m.size(); ++k) {
      if (sample_weight[k].size() != static_cast<std::size_t>(sat_ecef_m[k].cols()))
        throw RangeError("sample_weight satellites", static_cast<double>(sample_weight[k].size()), "= satellites of the step", where);
      for (std::size_t s = 0; s < sample_weight[k].size(); ++s) {
        const double v = sample_weight[k][s];
        if (!std::isfinite(v) || v < 0) throw RangeError("sample weight", v, ">= 0", where);
        w[offset[k] + s] = v;
      }
    }
  }

  // Eligible candidates (sorted, unique, in range).
  std::vector<std::int32_t> cand;
  cand.reserve(candidates.size());
  for (auto c : candidates) {
    if (c < 0 || c >= grid.size()) throw RangeError("candidate cell", c, "[0, N)", where);
    if (!std::isfinite(tie_weight[c]) || tie_weight[c] < 0) throw RangeError("cell weight", tie_weight[c], ">= 0", where);
    if (tie_weight[c] > 0 || options.placement.allow_zero_weight) cand.push_back(c);
  }
  std::sort(cand.begin(), cand.end());
  cand.erase(std::unique(cand.begin(), cand.end()), cand.end());

  // Samples each candidate covers (elevation above the mask seen from the cell centre).
  const double sin_mask = std::sin(options.min_elevation_deg * std::numbers::pi / 180.0);
  std::vector<std::vector<std::uint32_t>> covers(cand.size());
  std::vector<std::uint8_t> coverable(w.size(), 0);
  for (std::size_t i = 0; i < cand.size(); ++i) {
    const double lat = grid.lat_deg()[cand[i]] * std::numbers::pi / 180.0;
    const double lon = grid.lon_deg()[cand[i]] * std::numbers::pi / 180.0;
    const Eigen::Vector3d g = core::ecef_from_geodetic(core::Geodetic::degrees(grid.lat_deg()[cand[i]], grid.lon_deg()[cand[i]], 0.0));
    const Eigen::Vector3d up(std::cos(lat) * std::cos(lon), std::cos(lat) * std::sin(lon), std::sin(lat));
    for (std::size_t k = 0; k < sat_ecef_m.size(); ++k) {
      const Eigen::Matrix3Xd& p = sat_ecef_m[k];
      for (Eigen::Index s = 0; s < p.cols(); ++s) {
        const Eigen::Vector3d d = p.col(s) - g;
        const double n = d.norm();
        if (n > 0 && d.dot(up) >= sin_mask * n) {
          const std::size_t id = offset[k] + static_cast<std::size_t>(s);
          if (w[id] > 0) {
            covers[i].push_back(static_cast<std::uint32_t>(id));
            coverable[id] = 1;
          }
        }
      }
    }
  }
  CoveragePlacement out;
  for (std::size_t id = 0; id < w.size(); ++id) {
    out.total_weight += w[id];
    if (coverable[id]) out.coverable_weight += w[id];
  }

  const GeographicLib::Geodesic& geod = GeographicLib::Geodesic::WGS84();
  std::vector<std::pair<double, double>> taken;
  for (const auto& s : existing) taken.emplace_back(s.where.lat_deg(), s.where.lon_deg());
  const double min_m = options.placement.min_separation_km * 1e3;
  auto separated = [&](std::int32_t c) {
    const double lat = grid.lat_deg()[c], lon = grid.lon_deg()[c];
    for (const auto& [tl, tn] : taken) {
      double s12 = 0;
      geod.Inverse(lat, lon, tl, tn, s12);
      if (s12 < min_m) return false;
    }
    return true;
  };

  std::vector<std::uint8_t> covered(w.size(), 0), excluded(cand.size(), 0);
  double covered_weight = 0;
  while (static_cast<int>(out.sites.size()) < options.placement.count) {
    if (out.coverable_weight > 0 && covered_weight >= options.stop_at_share * out.coverable_weight * (1.0 - 1e-12)) break;
    // Gains in candidate order (sequential, deterministic); the best is the largest gain, then the
    // larger tie weight, then the lower cell id (candidates are ascending).
    std::ptrdiff_t best = -1;
    double best_gain = 0;
    for (std::size_t i = 0; i < cand.size(); ++i) {
      if (excluded[i]) continue;
      double gain = 0;
      for (auto id : covers[i])
        if (!covered[id]) gain += w[id];
      if (gain <= 0) continue;
      if (best < 0 || gain > best_gain ||
          (gain == best_gain && tie_weight[cand[i]] > tie_weight[cand[static_cast<std::size_t>(best)]])) {
        if (!separated(cand[i])) {
          excluded[i] = 1;  // separation only tightens as sites are added
          continue;
        }
        best = static_cast<std::ptrdiff_t>(i);
        best_gain = gain;
      }
    }
    if (best < 0) break;
    const auto bi = static_cast<std::size_t>(best);
    const std::int32_t c = cand[bi];
    excluded[bi] = 1;
    for (auto id : covers[bi])
      if (!covered[id]) {
        covered[id] = 1;
        covered_weight += w[id];
      }
    taken.emplace_back(grid.lat_deg()[c], grid.lon_deg()[c]);
    const int k = static_cast<int>(out.sites.size());
    out.sites.push_back({options.placement.first_id + k,
                         options.placement.name_prefix + "-" + std::to_string(k + 1) + " cell " + std::to_string(c),
                         core::Geodetic::degrees(grid.lat_deg()[c], grid.lon_deg()[c], 0.0)});
    out.covered_share.push_back(out.coverable_weight > 0 ? covered_weight / out.coverable_weight : 0.0);
  }
  return out;
}

}  // namespace satcap::ground
