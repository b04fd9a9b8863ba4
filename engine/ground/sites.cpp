// Ground-site CSV reader and writer (see include/satcap/ground/sites.hpp).
#include <satcap/core/error.hpp>
#include <satcap/core/files.hpp>
#include <satcap/ground/sites.hpp>

#include <charconv>
#include <cmath>
#include <iomanip>
#include <set>
#include <sstream>

namespace satcap::ground {

namespace {

std::vector<GroundSite> sites_from_table(const core::CsvTable& table) {
  std::vector<GroundSite> out;
  out.reserve(table.rows().size());
  std::set<int> seen;
  for (const auto& row : table.rows()) {
    GroundSite s;
    const std::string id_text = table.text(row, "id");
    int id = 0;
    auto [ptr, ec] = std::from_chars(id_text.data(), id_text.data() + id_text.size(), id);
    if (id_text.empty() || ec != std::errc{} || ptr != id_text.data() + id_text.size()) {
      table.fail(row, "id", "not an integer: '" + id_text + "'");
    }
    if (!seen.insert(id).second) table.fail(row, "id", "duplicate id " + id_text);
    s.id = id;
    s.name = table.text(row, "name");
    if (s.name.empty()) table.fail(row, "name", "empty name");
    const double lat = table.number_in(row, "lat_deg", -90.0, 90.0, "deg");
    double lon = table.number_in(row, "lon_deg", -180.0, 360.0, "deg");
    if (lon >= 180.0) lon -= 360.0;
    double h = 0.0;
    if (table.has_column("height_m") && !table.text(row, "height_m").empty()) {
      h = table.number_in(row, "height_m", -500.0, 9000.0, "m");
    }
    s.where = core::Geodetic::degrees(lat, lon, h);
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace

std::vector<GroundSite> read_ground_sites(const std::filesystem::path& path) {
  return sites_from_table(core::CsvTable::read(path, {"id", "name", "lat_deg", "lon_deg"}));
}

std::vector<GroundSite> parse_ground_sites(std::string_view text, const std::string& name) {
  return sites_from_table(core::CsvTable::parse(text, name, {"id", "name", "lat_deg", "lon_deg"}));
}

void write_ground_sites(const std::filesystem::path& path, const std::vector<GroundSite>& sites) {
  core::AtomicFile f(path);
  auto& os = f.stream();
  os << "id,name,lat_deg,lon_deg,height_m\n" << std::setprecision(10);
  for (const auto& s : sites) {
    os << s.id << ',' << core::csv_escape(s.name) << ',' << s.where.lat_deg() << ',' << s.where.lon_deg() << ','
       << s.where.height_m() << '\n';
  }
  f.commit();
}

}  // namespace satcap::ground
