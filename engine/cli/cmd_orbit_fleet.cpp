// `satcap fleet`: which satellites of a real element-set fleet are on station, and their shell, plane and
// slot (orbit::classify_fleet; rule in docs/models/fleet.md), as CSV.
#include <satcap/core/error.hpp>
#include <satcap/core/files.hpp>
#include <satcap/orbit/elements.hpp>
#include <satcap/orbit/fleet.hpp>

#include <cstdio>
#include <memory>
#include <optional>
#include <string>

#include "command.hpp"

namespace satcap::cli {
namespace {

struct FleetArgs {
  std::string tle, omm, at, out;
  bool no_checksum = false;
};

void run(const FleetArgs& a) {
  if (a.tle.empty() == a.omm.empty()) throw InputError("", 0, "--tle/--omm", "give exactly one of --tle, --omm");
  std::optional<core::Epoch> at;
  if (!a.at.empty()) {
    try {
      at = core::Epoch::parse_iso8601(a.at);
    } catch (const InputError& e) {
      throw InputError("", 0, "--at", e.detail());
    }
  }
  orbit::ReadOptions ro;
  ro.verify_checksum = !a.no_checksum;
  const std::string source = a.tle.empty() ? a.omm : a.tle;
  const auto fleet = a.tle.empty() ? orbit::read_omm_json(a.omm, ro) : orbit::read_tle_file(a.tle, ro);
  if (fleet.empty()) throw InputError(source, 0, "", "no satellites in the file");
  const orbit::FleetClassification fc = orbit::classify_fleet(fleet, {}, at);

  core::AtomicFile out(a.out);
  std::ostream& os = out.stream();
  os << "name,norad_id,intl_designator,shell,plane,slot,status,altitude_km,inclination_deg,eccentricity,raan_deg,"
        "arg_latitude_deg\n";
  char buf[160];
  for (std::size_t i = 0; i < fleet.size(); ++i) {
    const auto& e = fleet[i];
    const auto& s = fc.satellites[i];
    auto opt = [](int v) { return v >= 0 ? std::to_string(v) : std::string(); };
    os << core::csv_escape(e.name) << ',' << e.norad_id << ',' << core::csv_escape(e.intl_designator) << ','
       << opt(s.shell) << ',' << opt(s.plane) << ',' << opt(s.slot) << ',' << orbit::to_string(s.status);
    std::snprintf(buf, sizeof buf, ",%.3f,%.4f,%.7f,%.4f,%.4f\n", s.altitude_km, s.inclination_deg, s.eccentricity,
                  s.raan_deg, s.arg_latitude_deg);
    os << buf;
  }
  out.commit();
  std::printf("%zu satellites at %s: %zu on station in %zu shells, %zu raising, %zu decaying, %zu off nominal; wrote %s\n",
              fleet.size(), fc.epoch.to_iso8601(0).c_str(), fc.on_station(), fc.shells.size(),
              fc.count(orbit::FleetStatus::Raising), fc.count(orbit::FleetStatus::Decaying),
              fc.count(orbit::FleetStatus::OffNominal), a.out.c_str());
  for (std::size_t k = 0; k < fc.shells.size(); ++k) {
    const auto& sh = fc.shells[k];
    std::printf("  shell %zu: %.2f deg, %.1f km, %zu satellites in %zu planes (%s)\n", k, sh.inclination_deg,
                sh.altitude_km, sh.size(), sh.planes.size(), orbit::to_string(sh.pattern));
  }
}

Registrar reg("fleet", [](CLI::App& app) {
  auto a = std::make_shared<FleetArgs>();
  auto* sub = app.add_subcommand("fleet", "Classify a real fleet (on station / raising / decaying / off nominal) into shells, planes and slots");
  sub->add_option("--tle", a->tle, "TLE file (2- or 3-line, Alpha-5 accepted)");
  sub->add_option("--omm", a->omm, "CelesTrak GP / OMM JSON file");
  sub->add_option("--at", a->at, "Common epoch of RAAN and argument of latitude, ISO 8601 UTC (default: latest element epoch)");
  sub->add_option("--out", a->out, "Output CSV file (written atomically)")->required();
  sub->add_flag("--no-checksum", a->no_checksum, "Accept TLE lines with wrong checksums (hand-edited sets)");
  sub->callback([a] { run(*a); });
});

}  // namespace
}  // namespace satcap::cli
