#pragma once
// Readers for the Hypatia reference run in ../shared/reference/hypatia (see its README): ground
// stations, the run's topology rules, and Hypatia's delta-encoded forwarding state (fstate files).
#include <satcap/core/error.hpp>
#include <satcap/core/files.hpp>
#include <satcap/network/topology.hpp>

#include <charconv>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "test_support.hpp"

namespace satcap::network::test {

inline std::filesystem::path hypatia_dir() { return satcap::test::reference_dir() / "hypatia"; }

/// The 100 stations in gid order (station index == gid), heights 0 m, WGS84 geodetic.
inline std::vector<GroundStation> hypatia_stations() {
  auto t = core::CsvTable::read(hypatia_dir() / "ground_stations_top_100.csv",
                                {"gid", "name", "latitude_deg", "longitude_deg", "elevation_m"});
  std::vector<GroundStation> out;
  for (const auto& row : t.rows()) {
    GroundStation g;
    g.id = t.text(row, "gid");
    if (std::stoi(g.id) != static_cast<int>(out.size())) t.fail(row, "gid", "expected gids 0..99 in order");
    g.name = t.text(row, "name");
    g.lat_deg = t.number(row, "latitude_deg");
    g.lon_deg = t.number(row, "longitude_deg");
    g.height_m = t.number(row, "elevation_m");
    out.push_back(g);
  }
  return out;
}

/// Hypatia's Starlink-550 rules (README "Parameters"): +Grid with isl_shift 0 and wrap-around,
/// max ISL 5,016,591.233 m (Hypatia errors rather than drops; we check nothing is dropped), no
/// line-of-sight test, 4 ISLs per satellite, GSL iff slant range <= 1,089,686.418 m, any number of
/// satellites per station, no ground relays.
inline TopologySpec hypatia_starlink_spec() {
  TopologySpec s;
  s.isl = std::make_shared<PlusGrid>(0);
  s.isl_rules.max_range = units::metres(5016591.2330984278);
  s.isl_rules.line_of_sight = false;
  s.isl_rules.max_terminals = 4;
  s.gsl_rules.criterion = GslCriterion::MaxRange;
  s.gsl_rules.max_range = units::metres(1089686.4181956202);
  s.gsl_rules.max_satellites_per_station = 0;
  s.ground_relays = false;
  return s;
}

/// Hypatia's forwarding state, applied step by step from the delta-encoded fstate files.
class HypatiaForwarding {
 public:
  HypatiaForwarding(int satellites, int stations)
      : n_(satellites), g_(stations), next_(static_cast<std::size_t>(satellites + stations) * stations, -2) {}

  /// Applies fstate_<t_ns>.txt (lines current_node,dest_gs_node,next_hop,my_if,next_if).
  void apply(const std::filesystem::path& file) {
    const std::string text = core::read_file(file);
    std::size_t pos = 0;
    std::size_t line = 0;
    while (pos < text.size()) {
      std::size_t end = text.find('\n', pos);
      if (end == std::string::npos) end = text.size();
      ++line;
      long v[3];
      const char* p = text.data() + pos;
      const char* e = text.data() + end;
      for (int k = 0; k < 3; ++k) {
        auto r = std::from_chars(p, e, v[k]);
        if (r.ec != std::errc()) throw InputError(file.string(), line, "fstate", "bad number");
        p = r.ptr + 1;
      }
      const long cur = v[0], dst = v[1] - n_;
      if (cur < 0 || cur >= n_ + g_ || dst < 0 || dst >= g_) throw InputError(file.string(), line, "fstate", "node out of range");
      next_[static_cast<std::size_t>(cur) * static_cast<std::size_t>(g_) + static_cast<std::size_t>(dst)] = static_cast<int>(v[2]);
      pos = end + 1;
    }
  }

  /// Hypatia's forward path src -> dst as node ids (empty when unreachable / dropped).
  std::vector<std::int32_t> path(int src_station, int dst_station) const {
    std::vector<std::int32_t> out;
    int v = n_ + src_station;
    const int target = n_ + dst_station;
    out.push_back(v);
    while (v != target) {
      const int nx = next_[static_cast<std::size_t>(v) * static_cast<std::size_t>(g_) + static_cast<std::size_t>(dst_station)];
      if (nx < 0 || out.size() > 200) return {};
      v = nx;
      out.push_back(v);
    }
    return out;
  }

 private:
  int n_, g_;
  std::vector<int> next_;
};

/// Extracts the dynamic-state archive into a scratch directory (with the system's tar) and returns
/// the directory holding fstate_<t_ns>.txt.
inline std::filesystem::path extract_hypatia_fstate(const std::string& scratch_name) {
  auto dir = satcap::test::scratch_dir(scratch_name);
  std::string out;
  const auto archive = hypatia_dir() / "starlink_550" / "dynamic_state_1000ms_for_200s.tar.gz";
  if (satcap::test::run_command("tar -xzf '" + archive.string() + "' -C '" + dir.string() + "'", out) != 0)
    throw Error("cannot extract " + archive.string() + ": " + out);
  for (auto& e : std::filesystem::recursive_directory_iterator(dir))
    if (e.path().filename() == "fstate_0.txt") return e.path().parent_path();
  throw Error("no fstate_0.txt in " + archive.string());
}

/// Splits "1602-306-307" into node ids.
inline std::vector<std::int32_t> parse_dash_path(const std::string& s) {
  std::vector<std::int32_t> out;
  std::size_t pos = 0;
  while (pos <= s.size() && !s.empty()) {
    auto end = s.find('-', pos);
    if (end == std::string::npos) end = s.size();
    out.push_back(std::stoi(s.substr(pos, end - pos)));
    pos = end + 1;
  }
  return out;
}

}  // namespace satcap::network::test
