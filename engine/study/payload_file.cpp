// Payload files and payload assignment (include/satcap/study/payload_file.hpp).
#include <satcap/study/payload_file.hpp>
#include <satcap/core/error.hpp>
#include <satcap/study/document.hpp>

#include <algorithm>
#include <cctype>
#include <map>

namespace satcap::study {

capacity::Payload read_payload_file(const std::filesystem::path& path) {
  const auto doc = StudyDocument::load(path);
  TomlReader reader(doc);
  Section root = reader.root();
  root.declare({"payload", "user_downlink"}, {"user_uplink", "feeder", "isl"});
  capacity::Payload p;
  {
    Section s = root.table("payload");
    s.declare({"name"}, {"description", "broadband", "sources"});
    p.name = s.string("name");
    (void)s.string_or("description", "");
    p.broadband = s.boolean_or("broadband", true);
    (void)s.strings_or("sources", {});
  }
  {
    Section s = root.table("user_downlink");
    p.beams = static_cast<int>(s.integer_in("beams", 0, 4096));
    p.eirp_per_beam_dbw = s.number_in("eirp_per_beam_dbw", -50.0, 100.0, "dBW");
    if (s.has("eirp_density_limit_dbw_mhz")) p.eirp_density_limit_dbw_mhz = s.number_in("eirp_density_limit_dbw_mhz", -100.0, 100.0, "dBW/MHz");
    p.hpbw_deg = s.number_in("hpbw_deg", 0.05, 60.0, "deg");
    p.scan_exponent = s.number_in_or("scan_exponent", 0.0, 4.0, "", p.scan_exponent);
    p.max_scan_deg = s.number_in("max_scan_deg", 0.0, 89.0, "deg");
    p.sidelobe_floor_db = s.number_in_or("sidelobe_floor_db", -80.0, 0.0, "dB", p.sidelobe_floor_db);
  }
  if (auto s = root.optional_table("user_uplink")) {
    p.return_beams = static_cast<int>(s->integer_in("beams", 0, 4096));
    p.return_bandwidth_mhz = s->number_above("bandwidth_mhz", 0.0, 1e5, "MHz");
  }
  p.feeders.clear();
  for (const Section& f : root.tables("feeder")) {
    capacity::FeederTerminal t;
    const std::string band = f.choice("band", {"Ka", "E"});
    t.band = band == "E" ? capacity::FeederBand::E : capacity::FeederBand::Ka;
    t.terminals = static_cast<int>(f.integer_in("terminals", 0, 64));
    t.uplink_ghz = t.band == capacity::FeederBand::Ka ? f.number_in("uplink_ghz", 27.0, 31.0, "GHz")
                                                      : f.number_in("uplink_ghz", 81.0, 86.0, "GHz");
    t.uplink_bandwidth_mhz = f.number_above("uplink_bandwidth_mhz", 0.0, 20000.0, "MHz");
    t.polarisations = static_cast<int>(f.integer_in_or("polarisations", 1, 2, t.polarisations));
    t.antenna_diameter_m = f.number_in("antenna_diameter_m", 0.05, 10.0, "m");
    t.aperture_efficiency = f.number_in_or("aperture_efficiency", 0.1, 1.0, "", t.aperture_efficiency);
    t.system_noise_temperature_k = f.number_in("system_noise_temperature_k", 50.0, 5000.0, "K");
    for (const auto& other : p.feeders)
      if (other.band == t.band) f.problem("band", "band " + band + " is described twice");
    p.feeders.push_back(t);
  }
  if (auto s = root.optional_table("isl")) {
    p.isl_terminals = static_cast<int>(s->integer_in("terminals", 0, 64));
    p.isl_rate_gbps = s->number_in("rate_gbps", 0.0, 1e4, "Gbit/s");
    p.isl_max_range_km = s->number_above_or("max_range_km", 0.0, 1e5, "km", p.isl_max_range_km);
  } else {
    p.isl_terminals = 0;
    p.isl_rate_gbps = 0;
  }
  reader.check_unknown_keys();
  try {
    p.validate("payload");
  } catch (const RangeError& e) {
    throw InputError(path.string(), 0, e.quantity(), e.what());
  }
  return p;
}

std::string launch_of(const std::string& d) {
  // OMM: "2019-074B"; TLE columns 10-17: "19074B" (two-digit year: 57-99 -> 19xx, else 20xx).
  auto digits = [](const std::string& s) { return !s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); }); };
  if (d.size() >= 8 && d[4] == '-' && digits(d.substr(0, 4)) && digits(d.substr(5, 3))) return d.substr(0, 8);
  if (d.size() >= 5 && digits(d.substr(0, 5))) {
    const int yy = std::stoi(d.substr(0, 2));
    return std::to_string(yy >= 57 ? 1900 + yy : 2000 + yy) + "-" + d.substr(2, 3);
  }
  return "";
}

std::vector<std::int32_t> assign_payloads(const std::vector<SatelliteIdentity>& sats, const std::vector<PayloadRule>& rules,
                                          const std::vector<std::string>& names) {
  std::vector<std::int32_t> rule_payload;
  for (const auto& r : rules) {
    const auto it = std::find(names.begin(), names.end(), r.payload);
    if (it == names.end()) throw InputError("", 0, "payload_rules.payload", "no payload named '" + r.payload + "'");
    rule_payload.push_back(static_cast<std::int32_t>(it - names.begin()));
  }
  std::map<std::string, std::int64_t> launch_size;
  for (const auto& s : sats)
    if (!s.intl_launch.empty()) ++launch_size[s.intl_launch];
  std::vector<std::int32_t> out(sats.size(), -1);
  for (std::size_t i = 0; i < sats.size(); ++i) {
    const auto& s = sats[i];
    const std::int64_t size = s.intl_launch.empty() ? 0 : launch_size[s.intl_launch];
    for (std::size_t k = 0; k < rules.size(); ++k) {
      const auto& r = rules[k];
      if (r.shell && s.shell != *r.shell) continue;
      if (r.name_contains && s.name.find(*r.name_contains) == std::string::npos) continue;
      if (r.intldes_from && (s.intl_launch.empty() || s.intl_launch < *r.intldes_from)) continue;
      if (r.intldes_before && (s.intl_launch.empty() || !(s.intl_launch < *r.intldes_before))) continue;
      if (r.norad_from && s.norad < *r.norad_from) continue;
      if (r.norad_to && s.norad > *r.norad_to) continue;
      if (r.min_launch_size && size < *r.min_launch_size) continue;
      if (r.max_launch_size && size > *r.max_launch_size) continue;
      out[i] = rule_payload[k];
      break;
    }
  }
  return out;
}

}  // namespace satcap::study
