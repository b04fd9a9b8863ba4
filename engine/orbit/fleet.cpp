// On-station classification and shell / plane / slot clustering of a real fleet (rule in fleet.hpp,
// justification in docs/models/fleet.md).
#include <satcap/core/error.hpp>
#include <satcap/orbit/fleet.hpp>
#include <satcap/orbit/sgp4.hpp>

#include <algorithm>
#include <cmath>
#include <numbers>

namespace satcap::orbit {
namespace {

constexpr double kDeg = std::numbers::pi / 180.0;

double wrap360(double x) {
  double r = std::fmod(x, 360.0);
  if (r < 0.0) r += 360.0;
  if (r >= 360.0) r -= 360.0;
  return r;
}

double median(std::vector<double> v) {
  if (v.empty()) return 0.0;
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

struct Level {
  double altitude_km = 0.0;  // median of the dense satellites
  double lo_km = 0.0, hi_km = 0.0;  // span of the dense satellites
  int shell = -1;  // index into the band's candidate shells
  double distance(double h) const { return h < lo_km ? lo_km - h : (h > hi_km ? h - hi_km : 0.0); }
};

// RAAN and argument of latitude (deg) from a TEME state.
void node_and_latitude(const Eigen::Vector3d& r, const Eigen::Vector3d& v, double& raan_deg, double& u_deg) {
  const Eigen::Vector3d h = r.cross(v);
  const double raan = std::atan2(h.x(), -h.y());
  const Eigen::Vector3d n(std::cos(raan), std::sin(raan), 0.0);
  const Eigen::Vector3d m = h.normalized().cross(n);  // in-plane, 90 deg ahead of the node
  raan_deg = wrap360(raan / kDeg);
  u_deg = wrap360(std::atan2(r.dot(m), r.dot(n)) / kDeg);
}

}  // namespace

const char* to_string(FleetStatus s) {
  switch (s) {
    case FleetStatus::OnStation: return "on_station";
    case FleetStatus::Raising: return "raising";
    case FleetStatus::Decaying: return "decaying";
    case FleetStatus::OffNominal: return "off_nominal";
  }
  return "off_nominal";
}

void FleetRules::validate() const {
  const char* model = "fleet on-station rule";
  require_in_range("inclination_gap_deg", inclination_gap_deg, 0.05, 5.0, "deg", model);
  require_in_range("level_halfwidth_km", level_halfwidth_km, 0.1, 10.0, "km", model);
  require_in_range("min_level_members", static_cast<double>(min_level_members), 2.0, 1000.0, "", model);
  require_in_range("level_gap_km", level_gap_km, 0.0, 50.0, "km", model);
  require_in_range("min_shell_members", static_cast<double>(min_shell_members), 1.0, 100000.0, "", model);
  require_in_range("altitude_tolerance_km", altitude_tolerance_km, 0.1, 50.0, "km", model);
  require_in_range("inclination_tolerance_deg", inclination_tolerance_deg, 0.01, 5.0, "deg", model);
  require_in_range("max_eccentricity", max_eccentricity, 1e-4, 0.1, "", model);
  require_in_range("ndot_deadband_rev_day2", ndot_deadband_rev_day2, 0.0, 1e-2, "rev/day^2", model);
  require_in_range("raan_gap_deg", raan_gap_deg, 0.05, 30.0, "deg", model);
  require_in_range("seam_gap_deg", seam_gap_deg, 1.0, 360.0, "deg", model);
}

double mean_altitude_km(const MeanElements& e) {
  static const GravityConstants g = gravity_constants(GravityModel::Wgs72);
  const double n = e.mean_motion_rev_day * 2.0 * std::numbers::pi / 86400.0;  // rad/s
  return std::cbrt(g.mu / (n * n)) - g.radius;
}

std::vector<std::size_t> FleetClassification::on_station_in_layout_order() const {
  std::vector<std::size_t> out;
  for (const auto& sh : shells)
    for (const auto& pl : sh.planes) out.insert(out.end(), pl.members.begin(), pl.members.end());
  return out;
}

FleetClassification classify_fleet(const std::vector<MeanElements>& fleet, const FleetRules& rules,
                                   std::optional<core::Epoch> at) {
  rules.validate();
  FleetClassification out;
  const std::size_t n = fleet.size();
  out.satellites.resize(n);
  if (!at && n > 0) {
    core::Epoch latest = fleet[0].epoch;
    for (const auto& e : fleet)
      if (latest < e.epoch) latest = e.epoch;
    at = latest;
  }
  if (at) out.epoch = *at;
  for (std::size_t i = 0; i < n; ++i) {
    FleetSatellite& s = out.satellites[i];
    s.altitude_km = mean_altitude_km(fleet[i]);
    s.inclination_deg = fleet[i].inclination_deg;
    s.eccentricity = fleet[i].eccentricity;
    s.raan_deg = fleet[i].raan_deg;
  }

  // 2. Inclination bands (single linkage on the sorted inclinations).
  std::vector<std::size_t> by_inc(n);
  for (std::size_t i = 0; i < n; ++i) by_inc[i] = i;
  std::sort(by_inc.begin(), by_inc.end(), [&](std::size_t a, std::size_t b) {
    const double ia = fleet[a].inclination_deg, ib = fleet[b].inclination_deg;
    return ia < ib || (ia == ib && a < b);
  });
  std::vector<std::vector<std::size_t>> bands;
  for (std::size_t k = 0; k < n; ++k) {
    if (k == 0 || fleet[by_inc[k]].inclination_deg - fleet[by_inc[k - 1]].inclination_deg > rules.inclination_gap_deg)
      bands.emplace_back();
    bands.back().push_back(by_inc[k]);
  }

  const double w = rules.level_halfwidth_km, tol = rules.altitude_tolerance_km;
  std::vector<int> member_shell(n, -1);  // global shell index of on-station satellites
  std::vector<int> member_level(n, -1);  // index into that shell's level_altitudes_km
  for (auto& band : bands) {
    std::sort(band.begin(), band.end(), [&](std::size_t a, std::size_t b) {
      const double ha = out.satellites[a].altitude_km, hb = out.satellites[b].altitude_km;
      return ha < hb || (ha == hb && a < b);
    });
    const std::size_t m = band.size();
    auto alt = [&](std::size_t k) { return out.satellites[band[k]].altitude_km; };
    // 3. Dense satellites and levels.
    std::vector<Level> levels;
    {
      std::vector<double> cur;
      double last = -1e300;
      std::size_t lo = 0, hi = 0;
      auto flush = [&] {
        if (!cur.empty()) levels.push_back({median(cur), cur.front(), cur.back(), -1});
        cur.clear();
      };
      for (std::size_t k = 0; k < m; ++k) {
        while (alt(k) - alt(lo) > w) ++lo;
        if (hi < k) hi = k;
        while (hi + 1 < m && alt(hi + 1) - alt(k) <= w) ++hi;
        if (hi - lo + 1 < rules.min_level_members) continue;
        if (alt(k) - last > w) flush();
        cur.push_back(alt(k));
        last = alt(k);
      }
      flush();
    }
    // 4. Candidate shells: levels closer than level_gap_km.
    int n_cand = 0;
    for (std::size_t l = 0; l < levels.size(); ++l) {
      if (l > 0 && levels[l].lo_km - levels[l - 1].hi_km > rules.level_gap_km) ++n_cand;
      levels[l].shell = n_cand;
    }
    if (!levels.empty()) ++n_cand;
    // Nearest level of each satellite; candidates within the altitude tolerance and eccentricity limit.
    std::vector<int> nearest(m, -1);
    std::vector<std::vector<std::size_t>> cand(static_cast<std::size_t>(n_cand));
    for (std::size_t k = 0; k < m; ++k) {
      double best = 1e300;
      for (std::size_t l = 0; l < levels.size(); ++l) {
        const double d = levels[l].distance(alt(k));
        if (d < best) {
          best = d;
          nearest[k] = static_cast<int>(l);
        }
      }
      if (nearest[k] >= 0 && best <= tol && fleet[band[k]].eccentricity <= rules.max_eccentricity)
        cand[static_cast<std::size_t>(levels[static_cast<std::size_t>(nearest[k])].shell)].push_back(band[k]);
    }
    // Members: candidates within the inclination tolerance of the candidates' median; keep big shells.
    std::vector<int> global_of(static_cast<std::size_t>(n_cand), -1);
    for (int c = 0; c < n_cand; ++c) {
      auto& cs = cand[static_cast<std::size_t>(c)];
      std::vector<double> incs;
      for (std::size_t i : cs) incs.push_back(fleet[i].inclination_deg);
      const double med_inc = median(incs);
      std::vector<std::size_t> members;
      for (std::size_t i : cs)
        if (std::fabs(fleet[i].inclination_deg - med_inc) <= rules.inclination_tolerance_deg) members.push_back(i);
      if (members.size() < rules.min_shell_members) continue;
      FleetShell sh;
      int first_level = -1;
      for (std::size_t l = 0; l < levels.size(); ++l)
        if (levels[l].shell == c) {
          if (first_level < 0) first_level = static_cast<int>(l);
          sh.level_altitudes_km.push_back(levels[l].altitude_km);
        }
      global_of[static_cast<std::size_t>(c)] = static_cast<int>(out.shells.size());
      for (std::size_t i : members) member_shell[i] = static_cast<int>(out.shells.size());
      for (std::size_t k = 0; k < m; ++k)
        if (member_shell[band[k]] == static_cast<int>(out.shells.size()))
          member_level[band[k]] = nearest[k] - first_level;
      out.shells.push_back(std::move(sh));
    }
    // Non-members: the kept shell of the band nearest in altitude (for reporting) and the status.
    for (std::size_t k = 0; k < m; ++k) {
      const std::size_t i = band[k];
      FleetSatellite& s = out.satellites[i];
      if (member_shell[i] >= 0) {
        s.shell = member_shell[i];
        s.status = FleetStatus::OnStation;
        continue;
      }
      double best = 1e300;
      for (const Level& lv : levels) {
        const int g = global_of[static_cast<std::size_t>(lv.shell)];
        const double d = lv.distance(alt(k));
        if (g >= 0 && d < best) {
          best = d;
          s.shell = g;
        }
      }
      const double ndot = fleet[i].mean_motion_dot;
      if (fleet[i].eccentricity > rules.max_eccentricity)
        s.status = FleetStatus::OffNominal;
      else if (ndot < -rules.ndot_deadband_rev_day2)
        s.status = FleetStatus::Raising;
      else if (ndot > rules.ndot_deadband_rev_day2)
        s.status = FleetStatus::Decaying;
      else
        s.status = FleetStatus::OffNominal;
    }
  }

  // 6-7. Planes and slots of each shell at the common epoch.
  std::vector<std::vector<std::size_t>> members(out.shells.size());
  for (std::size_t i = 0; i < n; ++i) {
    if (member_shell[i] < 0) continue;
    FleetSatellite& s = out.satellites[i];
    const Sgp4 prop(fleet[i]);
    const Sgp4State st = prop.propagate(*at);
    if (st.error != 0 || !st.r_km.allFinite() || !st.v_km_s.allFinite()) {
      s.status = FleetStatus::OffNominal;
      member_shell[i] = -1;
      continue;
    }
    node_and_latitude(st.r_km, st.v_km_s, s.raan_deg, s.arg_latitude_deg);
    members[static_cast<std::size_t>(s.shell)].push_back(i);
  }
  for (std::size_t k = 0; k < out.shells.size(); ++k) {
    FleetShell& sh = out.shells[k];
    auto& mem = members[k];
    std::vector<double> incs, alts;
    for (std::size_t i : mem) {
      incs.push_back(out.satellites[i].inclination_deg);
      alts.push_back(out.satellites[i].altitude_km);
    }
    sh.inclination_deg = median(incs);
    sh.altitude_km = median(alts);
    if (mem.empty()) continue;
    // Planes per station-keeping level (the planes of sub-levels interleave in RAAN): RAANs sorted on the
    // circle, split at gaps wider than raan_gap_deg.
    std::vector<FleetPlane> planes;
    for (std::size_t lv = 0; lv < sh.level_altitudes_km.size(); ++lv) {
      std::vector<std::size_t> grp;
      for (std::size_t i : mem)
        if (member_level[i] == static_cast<int>(lv)) grp.push_back(i);
      if (grp.empty()) continue;
      std::sort(grp.begin(), grp.end(), [&](std::size_t a, std::size_t b) {
        const double ra = out.satellites[a].raan_deg, rb = out.satellites[b].raan_deg;
        return ra < rb || (ra == rb && a < b);
      });
      const std::size_t m = grp.size();
      auto gap = [&](std::size_t j) {  // from position j to j+1, wrapping
        const double a = out.satellites[grp[j]].raan_deg, b = out.satellites[grp[(j + 1) % m]].raan_deg;
        return j + 1 < m ? b - a : b + 360.0 - a;
      };
      std::size_t start = 0;  // after the first cut, so no plane straddles the wrap
      bool any_cut = false;
      for (std::size_t j = 0; j < m && !any_cut; ++j)
        if (gap(j) > rules.raan_gap_deg) {
          any_cut = true;
          start = (j + 1) % m;
        }
      FleetPlane cur;
      for (std::size_t q = 0; q < m; ++q) {
        const std::size_t j = (start + q) % m;
        cur.members.push_back(grp[j]);
        if (any_cut && gap(j) > rules.raan_gap_deg) {
          planes.push_back(std::move(cur));
          cur = FleetPlane{};
        }
      }
      if (!cur.members.empty()) planes.push_back(std::move(cur));
    }
    auto mean_raan = [&](const FleetPlane& pl) {
      double sx = 0.0, sy = 0.0;
      for (std::size_t i : pl.members) {
        sx += std::cos(out.satellites[i].raan_deg * kDeg);
        sy += std::sin(out.satellites[i].raan_deg * kDeg);
      }
      return wrap360(std::atan2(sy, sx) / kDeg);
    };
    // Planes of different levels with mean RAANs within raan_gap_deg are one plane (a satellite that sits
    // nearer another level than its plane's keeps its plane).
    for (FleetPlane& pl : planes) pl.raan_deg = mean_raan(pl);
    std::sort(planes.begin(), planes.end(), [](const FleetPlane& a, const FleetPlane& b) {
      return a.raan_deg < b.raan_deg || (a.raan_deg == b.raan_deg && a.members.front() < b.members.front());
    });
    {
      std::vector<FleetPlane> merged;
      for (FleetPlane& pl : planes) {
        if (!merged.empty() && pl.raan_deg - merged.back().raan_deg <= rules.raan_gap_deg) {
          merged.back().members.insert(merged.back().members.end(), pl.members.begin(), pl.members.end());
          continue;
        }
        merged.push_back(std::move(pl));
      }
      if (merged.size() > 1 && merged.front().raan_deg + 360.0 - merged.back().raan_deg <= rules.raan_gap_deg) {
        merged.front().members.insert(merged.front().members.end(), merged.back().members.begin(),
                                      merged.back().members.end());
        merged.pop_back();
      }
      planes = std::move(merged);
    }
    for (FleetPlane& pl : planes) {
      double sx = 0.0, sy = 0.0;
      for (std::size_t i : pl.members) {
        sx += std::cos(out.satellites[i].raan_deg * kDeg);
        sy += std::sin(out.satellites[i].raan_deg * kDeg);
      }
      pl.raan_deg = wrap360(std::atan2(sy, sx) / kDeg);
      // Slots: increasing argument of latitude from the ascending node.
      std::sort(pl.members.begin(), pl.members.end(), [&](std::size_t a, std::size_t b) {
        const double ua = out.satellites[a].arg_latitude_deg, ub = out.satellites[b].arg_latitude_deg;
        return ua < ub || (ua == ub && a < b);
      });
    }
    // The shell's planes in increasing RAAN, starting after the widest gap (the seam of a star).
    std::sort(planes.begin(), planes.end(), [](const FleetPlane& a, const FleetPlane& b) {
      return a.raan_deg < b.raan_deg || (a.raan_deg == b.raan_deg && a.members.front() < b.members.front());
    });
    const std::size_t P = planes.size();
    std::size_t widest = 0;
    double widest_gap = 360.0;
    if (P > 1) {
      widest_gap = -1.0;
      for (std::size_t j = 0; j < P; ++j) {
        const double g = j + 1 < P ? planes[j + 1].raan_deg - planes[j].raan_deg
                                   : planes[0].raan_deg + 360.0 - planes[j].raan_deg;
        if (g > widest_gap) {
          widest_gap = g;
          widest = j;
        }
      }
    }
    sh.pattern = P > 1 && widest_gap > rules.seam_gap_deg ? WalkerPattern::Star : WalkerPattern::Delta;
    for (std::size_t q = 0; q < P; ++q) sh.planes.push_back(std::move(planes[(widest + 1 + q) % P]));
    for (std::size_t p = 0; p < sh.planes.size(); ++p)
      for (std::size_t s = 0; s < sh.planes[p].members.size(); ++s) {
        FleetSatellite& fs = out.satellites[sh.planes[p].members[s]];
        fs.plane = static_cast<int>(p);
        fs.slot = static_cast<int>(s);
      }
  }
  for (const auto& s : out.satellites) ++out.status_counts[static_cast<std::size_t>(s.status)];
  return out;
}

}  // namespace satcap::orbit
