// `satcap look`: look angles and slant range from ground sites to a satellite position (the demo of
// the core layer: WGS84 geodesy and topocentric frames).
#include <satcap/core/error.hpp>
#include <satcap/core/files.hpp>
#include <satcap/core/geodesy.hpp>

#include <cstdio>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "command.hpp"

namespace satcap::cli {
namespace {

struct NamedSite {
  std::string name;
  core::Geodetic where;
};

NamedSite parse_site(const std::string& spec) {
  std::vector<std::string> cells;
  core::split_csv_line(spec, cells);
  if (cells.size() < 3 || cells.size() > 4)
    throw InputError("", 0, "--site", "expected NAME,LAT_DEG,LON_DEG[,HEIGHT_M], got '" + spec + "'");
  double v[3] = {0, 0, 0};
  for (std::size_t i = 1; i < cells.size(); ++i)
    if (!core::parse_double(cells[i], v[i - 1]))
      throw InputError("", 0, "--site", "'" + cells[i] + "' is not a number in '" + spec + "'");
  if (v[0] < -90 || v[0] > 90) throw InputError("", 0, "--site", "latitude must be in [-90, 90] deg in '" + spec + "'");
  return {cells[0], core::Geodetic::degrees(v[0], v[1], v[2])};
}

void run(const std::vector<double>& sat, const std::vector<std::string>& site_specs, double min_el) {
  if (sat.size() != 3) throw InputError("", 0, "--sat", "expected LAT_DEG,LON_DEG,ALT_KM");
  if (sat[0] < -90 || sat[0] > 90) throw InputError("", 0, "--sat", "latitude must be in [-90, 90] deg");
  if (!(sat[2] > 0)) throw InputError("", 0, "--sat", "altitude must be > 0 km");
  std::vector<NamedSite> sites;
  if (site_specs.empty()) {
    sites = {{"Moscow", core::Geodetic::degrees(55.7558, 37.6173, 150)},
             {"Novosibirsk", core::Geodetic::degrees(55.0084, 82.9357, 150)},
             {"Murmansk", core::Geodetic::degrees(68.9585, 33.0827, 50)},
             {"Helsinki", core::Geodetic::degrees(60.1699, 24.9384, 20)},
             {"Berlin", core::Geodetic::degrees(52.5200, 13.4050, 40)}};
  } else {
    for (const auto& s : site_specs) sites.push_back(parse_site(s));
  }
  const Eigen::Vector3d sat_ecef = core::ecef_from_geodetic(core::Geodetic::degrees(sat[0], sat[1], sat[2] * 1000.0));
  std::printf("satellite at lat %.4f deg, lon %.4f deg, altitude %.1f km (WGS84)\n", sat[0], sat[1], sat[2]);
  std::printf("%-14s %9s %9s %8s %9s %12s  %s\n", "site", "lat_deg", "lon_deg", "az_deg", "el_deg", "range_km", "visible");
  for (const auto& s : sites) {
    core::Site site(s.where);
    core::LookAngles la = site.look_at(sat_ecef);
    double el = units::to_deg(la.elevation);
    std::printf("%-14s %9.4f %9.4f %8.3f %9.3f %12.3f  %s\n", s.name.c_str(), s.where.lat_deg(), s.where.lon_deg(),
                units::to_deg(la.azimuth), el, units::to_km(la.range), el >= min_el ? "yes" : "no");
  }
}

Registrar reg("look", [](CLI::App& app) {
  auto* sub = app.add_subcommand("look", "Look angles (azimuth, elevation, slant range) from ground sites to a satellite");
  auto sat = std::make_shared<std::vector<double>>(std::vector<double>{60.0, 40.0, 550.0});
  auto sites = std::make_shared<std::vector<std::string>>();
  auto min_el = std::make_shared<double>(25.0);
  sub->add_option("--sat", *sat, "Satellite position LAT_DEG,LON_DEG,ALT_KM")->delimiter(',')->expected(3);
  sub->add_option("--site", *sites, "Ground site NAME,LAT_DEG,LON_DEG[,HEIGHT_M] (repeatable)");
  sub->add_option("--min-elevation", *min_el, "Elevation mask for the 'visible' column (deg)")->check(CLI::Range(-90.0, 90.0));
  sub->callback([=] { run(*sat, *sites, *min_el); });
});

}  // namespace
}  // namespace satcap::cli
