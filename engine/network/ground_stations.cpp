// Ground-station CSV tables (core::CsvTable: every error names file, line and column).
#include <satcap/core/error.hpp>
#include <satcap/core/files.hpp>
#include <satcap/network/ground_stations.hpp>

#include <cmath>
#include <set>

namespace satcap::network {

namespace {

std::vector<GroundStation> from_table(const core::CsvTable& t) {
  std::vector<GroundStation> out;
  std::set<std::string> ids;
  for (const auto& row : t.rows()) {
    GroundStation g;
    g.id = t.text(row, "id");
    if (g.id.empty()) t.fail(row, "id", "empty id");
    if (g.id.find_first_of(">, \t") != std::string::npos) t.fail(row, "id", "id must not contain '>', ',' or blanks");
    if (!ids.insert(g.id).second) t.fail(row, "id", "duplicate id '" + g.id + "'");
    g.name = t.text(row, "name");
    g.lat_deg = t.number_in(row, "lat_deg", -90.0, 90.0, "deg");
    g.lon_deg = t.number_in(row, "lon_deg", -180.0, 360.0, "deg");
    g.height_m = t.number_in(row, "height_m", -500.0, 9000.0, "m");
    if (t.has_column("gateway")) {
      const std::string v = t.text(row, "gateway");
      if (v == "1" || v == "true" || v == "yes") g.gateway = true;
      else if (v == "0" || v == "false" || v == "no" || v.empty()) g.gateway = false;
      else t.fail(row, "gateway", "expected 0/1, true/false or yes/no, got '" + v + "'");
    }
    if (t.has_column("feeder_capacity_bps")) {
      g.feeder_capacity_bps = t.number_or(row, "feeder_capacity_bps", 0.0);
      if (g.feeder_capacity_bps < 0) t.fail(row, "feeder_capacity_bps", "must be >= 0 bit/s");
    }
    if (t.has_column("max_satellites")) {
      const double m = t.number_or(row, "max_satellites", 0.0);
      if (m < 0 || m > 1e6 || std::floor(m) != m) t.fail(row, "max_satellites", "must be a whole number >= 0");
      g.max_satellites = static_cast<int>(m);
    }
    out.push_back(std::move(g));
  }
  if (out.empty()) throw InputError(t.name(), 0, "", "no ground stations");
  return out;
}

const std::vector<std::string> kRequired = {"id", "name", "lat_deg", "lon_deg", "height_m"};

}  // namespace

std::vector<GroundStation> read_ground_stations_csv(const std::filesystem::path& path) {
  return from_table(core::CsvTable::read(path, kRequired));
}

std::vector<GroundStation> parse_ground_stations_csv(std::string_view text, const std::string& name) {
  return from_table(core::CsvTable::parse(text, name, kRequired));
}

}  // namespace satcap::network
