// Capacity studies: study-file schema, validation, runs of the capacity engine, latency through the
// routing layer, and the output tables (see include/satcap/study/capacity_study.hpp, docs/studies.md).
#include <satcap/capacity/model.hpp>
#include <satcap/core/error.hpp>
#include <satcap/core/files.hpp>
#include <satcap/core/geodesy.hpp>
#include <satcap/core/version.hpp>
#include <satcap/ground/demand.hpp>
#include <satcap/ground/gateways.hpp>
#include <satcap/ground/grid.hpp>
#include <satcap/ground/regions.hpp>
#include <satcap/network/router.hpp>
#include <satcap/network/snapshot.hpp>
#include <satcap/network/topology.hpp>
#include <satcap/network/orbit_layout.hpp>
#include <satcap/orbit/elements.hpp>
#include <satcap/orbit/fleet.hpp>
#include <satcap/orbit/ephemeris.hpp>
#include <satcap/orbit/walker.hpp>
#include <satcap/radio/atmosphere.hpp>
#include <satcap/radio/climate_maps.hpp>
#include <satcap/study/capacity_study.hpp>
#include <satcap/ground/landing_rights.hpp>
#include <satcap/study/document.hpp>
#include <satcap/study/payload_file.hpp>
#include <satcap/study/table.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <mutex>
#include <numbers>
#include <set>
#include <sstream>

#include "gateway_optimiser.hpp"
#include "report.hpp"
#include "spectrum.hpp"
#include "satcap_version_config.hpp"

namespace satcap::capacity {
// JSON form of a time block's partial result (the per-cell series and stage times are not shipped).
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(CapacityPartial, first_step, steps, regions, satellites, modcods, region_delivered_bps,
                                   region_offered_bps, region_covered_cells, region_covered_demand_bps,
                                   region_satellites_in_view, region_beams, region_modcod, region_handovers,
                                   region_served_pairs, first_primary, last_primary, sat_offered_bps, sat_delivered_bps,
                                   sat_feeder_limited_steps, gateway_delivered_bps, gateway_links, total_feeder_capacity_bps,
                                   total_offered_bps, total_delivered_bps, beams_evaluated, interference_terms)
}  // namespace satcap::capacity

namespace satcap::study {

namespace fs = std::filesystem;

namespace {

// ------------------------------------------------------------------------------------------------
// The parsed study (one per sweep case).

struct GatewaySpec {
  std::optional<fs::path> file;           // a gateway CSV (datasets/ground format)
  std::vector<std::string> statuses;      // statuses to keep from the file (empty: all)
  int rule_count = 0;                     // gateways placed by rule (population-weighted)
  std::string rule_region;                // region whose cells are candidates
  double rule_separation_km = 500.0;
  // calibration panel (docs/calibration.md): "population" = the rule above; "coverage" = greedy
  // maximum coverage of satellites over demand (gateway_optimiser.hpp), stopping at rule_stop_share.
  std::string rule_method = "population";
  double rule_stop_share = 1.0;
};

struct ConstellationSpec {
  std::string key;
  std::string label;
  std::string source_kind;  // walker, tle, omm
  fs::path file;
  std::string propagator;   // sgp4, j2
  capacity::UserLinkOptions link;
  capacity::FeederOptions feeder;
  GatewaySpec gateways;
  std::vector<fs::path> payload_files;     // payload classes (empty: the [link] description)
  std::vector<PayloadRule> payload_rules;  // which satellite gets which class (empty: the first)
  std::optional<fs::path> landing_rights;  // landing-rights file
  std::string landing_system;              // its system key
};

struct LatencyPair {
  std::string a, b;
};

struct StudySpec {
  std::string name;
  std::string description;
  core::Epoch start;
  double step_s = 600;
  std::int64_t steps = 1;
  double resolution_deg = 1.4;
  std::string regions = "default";
  std::vector<ground::RegionRule> extra_regions;
  fs::path dcw_dir = SATCAP_DEFAULT_DCW_DIR;
  fs::path population;
  fs::path cities = ground::kDefaultCitiesJson;
  ground::DemandOptions demand;
  // calibration panel (docs/calibration.md): demand.mode = "sellable" puts `sellable_cell_demand_gbps`
  // on every cell of at least `sellable_min_population` persons (del Portillo's sellable capacity).
  std::string demand_mode = "population";
  double sellable_cell_demand_gbps = 1000.0;
  double sellable_min_population = 1.0;
  std::string attenuation = "itu-r";  // or "fixed"
  double fixed_loss_db = 0.0;
  std::optional<fs::path> maps_dir;
  std::map<std::string, std::pair<double, double>> cities_latlon;
  std::vector<LatencyPair> pairs;
  double latency_min_elevation_deg = -1;  // < 0: the constellation's terminal mask
  std::vector<ConstellationSpec> constellations;
  std::vector<std::string> skipped;  // optional constellations whose files are absent
  SpectrumSpec spectrum;             // [spectrum] (engine/study/spectrum.hpp)
};

void read_link(const Section& s, capacity::UserLinkOptions& o) {
  o.frequency_ghz = s.number_in_or("frequency_ghz", 1.0, 100.0, "GHz", o.frequency_ghz);
  o.channel_bandwidth_mhz = s.number_above_or("channel_bandwidth_mhz", 0.0, 1e5, "MHz", o.channel_bandwidth_mhz);
  o.rolloff = s.number_in_or("rolloff", 0.0, 1.0, "", o.rolloff);
  o.beams_per_satellite = static_cast<int>(s.integer_in_or("beams_per_satellite", 1, 4096, o.beams_per_satellite));
  o.colours = static_cast<int>(s.integer_in_or("colours", 1, 64, o.colours));
  o.eirp_per_beam_dbw = s.number_in_or("eirp_per_beam_dbw", -50.0, 100.0, "dBW", o.eirp_per_beam_dbw);
  if (s.has("eirp_density_limit_dbw_mhz"))
    o.eirp_density_limit_dbw_mhz = s.number_in("eirp_density_limit_dbw_mhz", -100.0, 100.0, "dBW/MHz");
  o.satellite_hpbw_deg = s.number_above_or("satellite_hpbw_deg", 0.05, 60.0, "deg", o.satellite_hpbw_deg);
  o.satellite_scan_exponent = s.number_in_or("satellite_scan_exponent", 0.0, 4.0, "", o.satellite_scan_exponent);
  o.satellite_max_scan_deg = s.number_in_or("satellite_max_scan_deg", 0.0, 89.0, "deg", o.satellite_max_scan_deg);
  o.satellite_sidelobe_floor_db = s.number_in_or("satellite_sidelobe_floor_db", -80.0, 0.0, "dB", o.satellite_sidelobe_floor_db);
  o.terminal_gt_dbk = s.number_in_or("terminal_gt_dbk", -40.0, 60.0, "dB/K", o.terminal_gt_dbk);
  o.terminal_gain_dbi = s.number_in_or("terminal_gain_dbi", 0.0, 70.0, "dBi", o.terminal_gain_dbi);
  o.terminal_hpbw_deg = s.number_above_or("terminal_hpbw_deg", 0.05, 90.0, "deg", o.terminal_hpbw_deg);
  o.terminal_scan_exponent = s.number_in_or("terminal_scan_exponent", 0.0, 4.0, "", o.terminal_scan_exponent);
  o.terminal_sidelobe_floor_db = s.number_in_or("terminal_sidelobe_floor_db", -80.0, 0.0, "dB", o.terminal_sidelobe_floor_db);
  o.min_elevation_deg = s.number_in_or("min_elevation_deg", 0.0, 90.0, "deg", o.min_elevation_deg);
  o.gso_exclusion_deg = s.number_in_or("gso_exclusion_deg", 0.0, 60.0, "deg", o.gso_exclusion_deg);
  o.interference_mask_deg = s.number_in_or("interference_mask_deg", 5.0, 90.0, "deg", o.interference_mask_deg);
  o.implementation_margin_db = s.number_in_or("implementation_margin_db", 0.0, 20.0, "dB", o.implementation_margin_db);
  o.other_losses_db = s.number_in_or("other_losses_db", 0.0, 30.0, "dB", o.other_losses_db);
  if (s.has("c_over_x_db")) o.c_over_x_db = s.number_in("c_over_x_db", -50.0, 100.0, "dB");
  o.availability_pct = s.number_in_or("availability_pct", 50.0, 99.999, "%", o.availability_pct);
  if (s.has("max_spectral_efficiency"))
    o.max_spectral_efficiency = s.number_above("max_spectral_efficiency", 0.0, 20.0, "bit/symbol");
  o.max_beams_per_cell = static_cast<int>(s.integer_in_or("max_beams_per_cell", 1, 1000, o.max_beams_per_cell));
  const std::string std_name = s.choice_or("modcod_standard", {"DVB-S2X", "DVB-S2"}, o.dvbs2x ? "DVB-S2X" : "DVB-S2");
  o.dvbs2x = std_name == "DVB-S2X";
}

void read_feeder(const Section& s, capacity::FeederOptions& o, GatewaySpec& g) {
  o.enabled = s.boolean_or("enabled", o.enabled);
  o.gateway_min_elevation_deg = s.number_in_or("gateway_min_elevation_deg", 0.0, 90.0, "deg", o.gateway_min_elevation_deg);
  o.gateway_max_satellites = static_cast<int>(s.integer_in_or("gateway_max_satellites", 0, 1000, o.gateway_max_satellites));
  if (s.has("gsl_capacity_gbps")) o.gsl_capacity_gbps = s.number_in("gsl_capacity_gbps", 0.0, 1e4, "Gbit/s");
  o.gateway_backhaul_gbps = s.number_in_or("gateway_backhaul_gbps", 0.0, 1e6, "Gbit/s", o.gateway_backhaul_gbps);
  o.gateway_default_e_antennas = static_cast<int>(s.integer_in_or("gateway_default_e_antennas", 0, 1000, o.gateway_default_e_antennas));
  o.gateway_ka_eirp_density_dbw_mhz =
      s.number_in_or("gateway_ka_eirp_density_dbw_mhz", -20.0, 80.0, "dBW/MHz", o.gateway_ka_eirp_density_dbw_mhz);
  o.gateway_e_eirp_density_dbw_mhz = s.number_in_or("gateway_e_eirp_density_dbw_mhz", -20.0, 80.0, "dBW/MHz", o.gateway_e_eirp_density_dbw_mhz);
  o.gateway_antenna_diameter_m = s.number_in_or("gateway_antenna_diameter_m", 0.1, 30.0, "m", o.gateway_antenna_diameter_m);
  o.feeder_availability_pct = s.number_in_or("feeder_availability_pct", 50.0, 99.999, "%", o.feeder_availability_pct);
  o.feeder_rolloff = s.number_in_or("feeder_rolloff", 0.0, 1.0, "", o.feeder_rolloff);
  o.feeder_implementation_margin_db = s.number_in_or("feeder_implementation_margin_db", 0.0, 20.0, "dB", o.feeder_implementation_margin_db);
  o.feeder_c_over_x_db = s.number_in_or("feeder_c_over_x_db", -50.0, 100.0, "dB", o.feeder_c_over_x_db);
  o.e_band_extrapolation = s.boolean_or("e_band_extrapolation", o.e_band_extrapolation);
  o.isl = s.choice_or("isl", {"none", "plus-grid", "ring", "nearest-k"}, o.isl);
  o.isl_parameter = static_cast<int>(s.integer_in_or("isl_parameter", 0, 1000, o.isl_parameter));
  o.isl_capacity_gbps = s.number_in_or("isl_capacity_gbps", 0.0, 1e4, "Gbit/s", o.isl_capacity_gbps);
  o.isl_max_range_km = s.number_above_or("isl_max_range_km", 0.0, 1e5, "km", o.isl_max_range_km);
  o.isl_terminals = static_cast<int>(s.integer_in_or("isl_terminals", 0, 64, o.isl_terminals));
  if (s.has("gateways")) {
    g.file = s.file("gateways");
    g.statuses = s.strings_or("gateway_statuses", {"operational"});
  }
  if (auto rule = s.optional_table("gateway_rule")) {
    rule->declare({"count", "region"}, {"min_separation_km", "method", "stop_at_share"});
    g.rule_method = rule->choice_or("method", {"population", "coverage"}, g.rule_method);
    g.rule_stop_share = rule->number_in_or("stop_at_share", 1e-6, 1.0, "", g.rule_stop_share);
    g.rule_count = static_cast<int>(rule->integer_in("count", 1, 100000));
    g.rule_region = rule->string("region");
    g.rule_separation_km = rule->number_in_or("min_separation_km", 0.0, 20000.0, "km", g.rule_separation_km);
  }
}

// Payloads and landing rights of a constellation or template: `payload` (one file for every
// satellite) or `payloads` (files) + `payload_rules`; `landing_rights = { file, system }`.
void read_hardware(const Section& s, ConstellationSpec& c) {
  if (s.has("payload") && s.has("payloads")) s.problem("payloads", "give either payload or payloads, not both");
  if (s.has("payload")) {
    c.payload_files = {s.file("payload")};
    c.payload_rules.clear();
  }
  if (s.has("payloads")) {
    c.payload_files = s.files("payloads");
  }
  if (s.has("payload_rules")) {
    c.payload_rules.clear();
    for (const Section& r : s.tables("payload_rules", 1)) {
      r.declare({"payload"}, {"shell", "name_contains", "intldes_from", "intldes_before", "norad_from", "norad_to",
                              "min_launch_size", "max_launch_size"});
      PayloadRule rule;
      rule.payload = r.string("payload");
      rule.shell = r.optional_string("shell");
      rule.name_contains = r.optional_string("name_contains");
      rule.intldes_from = r.optional_string("intldes_from");
      rule.intldes_before = r.optional_string("intldes_before");
      for (const auto& [key, v] : {std::pair{"intldes_from", &rule.intldes_from}, std::pair{"intldes_before", &rule.intldes_before}})
        if (*v && launch_of(**v) != **v) r.problem(key, "expected a launch as YYYY-NNN, got '" + **v + "'");
      if (r.has("norad_from")) rule.norad_from = r.integer_in("norad_from", 1, 999999999);
      if (r.has("norad_to")) rule.norad_to = r.integer_in("norad_to", 1, 999999999);
      if (r.has("min_launch_size")) rule.min_launch_size = r.integer_in("min_launch_size", 1, 100000);
      if (r.has("max_launch_size")) rule.max_launch_size = r.integer_in("max_launch_size", 1, 100000);
      c.payload_rules.push_back(rule);
    }
  }
  if (auto l = s.optional_table("landing_rights")) {
    l->declare({"file", "system"}, {});
    c.landing_rights = l->file("file");
    c.landing_system = l->string("system");
  }
}

StudySpec parse_spec(TomlReader& reader) {
  StudySpec sp;
  Section root = reader.root();
  root.declare({"study", "time", "ground", "constellations"}, {"demand", "propagation", "latency", "templates", "sweep", "spectrum"});
  root.accept_subtree("sweep");
  {
    Section s = root.table("study");
    sp.name = s.string("name");
    sp.description = s.string_or("description", "");
  }
  {
    Section s = root.table("time");
    const std::string start = s.string("start");
    try {
      sp.start = core::Epoch::parse_iso8601(start);
    } catch (const InputError& e) {
      s.problem("start", e.detail());
    }
    sp.step_s = s.number_above("step_s", 0.0, 86400.0 * 30, "s");
    sp.steps = s.integer_in("steps", 1, 10'000'000);
  }
  {
    Section s = root.table("ground");
    sp.resolution_deg = s.number_in_or("cell_resolution_deg", 0.25, 30.0, "deg", sp.resolution_deg);
    sp.regions = s.choice_or("regions", {"default", "continents", "countries", "none"}, sp.regions);
    if (auto d = s.optional_directory("dcw_dir")) sp.dcw_dir = *d;
    sp.population = s.file("population");
    if (auto c = s.optional_file("cities")) sp.cities = *c;
    for (const Section& r : s.tables("region")) {
      r.declare({"name"}, {"countries", "continents", "min_lat_deg", "max_lat_deg", "geojson"});
      ground::RegionRule rule;
      rule.name = r.string("name");
      rule.countries = r.strings_or("countries", {});
      rule.continents = r.strings_or("continents", {});
      rule.min_lat_deg = r.number_in_or("min_lat_deg", -90.0, 90.0, "deg", -90.0);
      rule.max_lat_deg = r.number_in_or("max_lat_deg", -90.0, 90.0, "deg", 90.0);
      if (rule.min_lat_deg > rule.max_lat_deg) r.problem("max_lat_deg", "must be >= min_lat_deg");
      if (auto gj = r.optional_file("geojson")) {
        try {
          for (auto& g : ground::read_geojson_regions(*gj))
            for (auto& p : g.polygons) rule.polygons.push_back(std::move(p));
        } catch (const InputError& e) {
          r.problem("geojson", e.what());
        }
      }
      sp.extra_regions.push_back(std::move(rule));
    }
  }
  if (auto s = root.optional_table("demand")) {
    auto& d = sp.demand;
    d.take_up = s->number_in_or("take_up", 0.0, 1.0, "", d.take_up);
    d.rural_weight = s->number_in_or("rural_weight", 0.0, 1000.0, "", d.rural_weight);
    d.busy_hour_mbps_per_subscriber = s->number_above_or("busy_hour_mbps_per_subscriber", 0.0, 10000.0, "Mbit/s", d.busy_hour_mbps_per_subscriber);
    if (s->has("max_cell_demand_mbps")) d.max_cell_demand_mbps = s->number_above("max_cell_demand_mbps", 0.0, 1e12, "Mbit/s");
    d.min_rural_share = s->number_in_or("min_rural_share", 0.0, 1.0, "", d.min_rural_share);
    d.min_city_population = s->number_in_or("min_city_population", 0.0, 1e9, "persons", d.min_city_population);
    if (d.take_up * d.rural_weight > 1.0) s->problem("rural_weight", "take_up x rural_weight must not exceed 1");
    sp.demand_mode = s->choice_or("mode", {"population", "sellable"}, sp.demand_mode);
    sp.sellable_cell_demand_gbps = s->number_above_or("sellable_cell_demand_gbps", 0.0, 1e6, "Gbit/s", sp.sellable_cell_demand_gbps);
    sp.sellable_min_population = s->number_in_or("sellable_min_population", 0.0, 1e9, "persons", sp.sellable_min_population);
  }
  if (auto s = root.optional_table("propagation")) {
    sp.attenuation = s->choice_or("attenuation", {"itu-r", "fixed"}, sp.attenuation);
    sp.fixed_loss_db = s->number_in_or("fixed_loss_db", 0.0, 100.0, "dB", sp.fixed_loss_db);
    if (s->has("maps_dir")) sp.maps_dir = s->directory("maps_dir");
  }
  if (auto s = root.optional_table("latency")) {
    s->declare({}, {"cities", "pairs", "min_elevation_deg"});
    if (auto c = s->optional_table("cities")) {
      for (const auto& k : c->keys()) {
        std::vector<double> ll = c->numbers_in(k, -180.0, 180.0, "deg", 2);
        if (ll.size() != 2) {
          c->problem(k, "expected [lat_deg, lon_deg]");
          continue;
        }
        if (std::abs(ll[0]) > 90.0) c->problem(k, "latitude must be in [-90, 90] deg");
        sp.cities_latlon[k] = {ll[0], ll[1]};
      }
    }
    for (const std::string& p : s->strings_or("pairs", {})) {
      const auto dash = p.find('-');
      if (dash == std::string::npos) {
        s->problem("pairs", "'" + p + "' is not of the form A-B");
        continue;
      }
      LatencyPair lp{p.substr(0, dash), p.substr(dash + 1)};
      for (const auto& n : {lp.a, lp.b})
        if (!sp.cities_latlon.count(n)) s->problem("pairs", "'" + n + "' is not in latency.cities");
      sp.pairs.push_back(lp);
    }
    sp.latency_min_elevation_deg = s->number_in_or("min_elevation_deg", 0.0, 90.0, "deg", -1.0);
  }
  std::map<std::string, Section> templates;
  if (auto t = root.optional_table("templates"))
    for (auto& [name, sec] : t->children()) {
      sec.declare({}, {"link", "feeder", "payload", "payloads", "payload_rules", "landing_rights"});
      templates.emplace(name, sec);
    }
  for (auto& [key, s] : root.table("constellations").children()) {
    ConstellationSpec c;
    c.key = key;
    s.declare({"label"}, {"walker", "tle", "omm", "propagator", "template", "link", "feeder", "optional", "payload", "payloads",
                          "payload_rules", "landing_rights"});
    c.label = s.string("label");
    // optional = true: the constellation is left out (and listed in the summary) when its element
    // set or dataset file is absent, e.g. reference data that is not beside every checkout.
    if (s.boolean_or("optional", false)) {
      bool missing = false;
      for (const char* kind : {"walker", "tle", "omm"})
        if (const toml::node* n = s.raw(kind); n && n->is_string()) {
          fs::path f = n->as_string()->get();
          if (f.is_relative()) f = reader.document().base_dir() / f;
          std::error_code ec;
          if (!fs::is_regular_file(f, ec)) missing = true;
        }
      if (missing) {
        s.accept({"walker", "tle", "omm", "propagator", "template", "payload", "payloads"});
        s.accept_subtree("link");
        s.accept_subtree("feeder");
        s.accept_subtree("payload_rules");
        s.accept_subtree("landing_rights");
        sp.skipped.push_back(key);
        continue;
      }
    }
    int sources = 0;
    for (const char* kind : {"walker", "tle", "omm"})
      if (s.has(kind)) {
        ++sources;
        c.source_kind = kind;
        c.file = s.file(kind);
      }
    if (sources != 1) s.problem("walker", "exactly one of walker, tle or omm is required");
    c.propagator = s.choice_or("propagator", {"sgp4", "j2"}, c.source_kind == "walker" ? "j2" : "sgp4");
    if (auto t = s.optional_string("template")) {
      auto it = templates.find(*t);
      if (it == templates.end()) {
        s.problem("template", "no [templates." + *t + "] section");
      } else {
        if (auto l = it->second.optional_table("link")) read_link(*l, c.link);
        if (auto f = it->second.optional_table("feeder")) read_feeder(*f, c.feeder, c.gateways);
        read_hardware(it->second, c);
      }
    }
    if (auto l = s.optional_table("link")) read_link(*l, c.link);
    if (auto f = s.optional_table("feeder")) read_feeder(*f, c.feeder, c.gateways);
    read_hardware(s, c);
    // One description per quantity: with payload files, the satellite's hardware is theirs alone.
    if (!c.payload_files.empty()) {
      std::vector<std::pair<std::string, Section>> sections;
      if (auto t = s.optional_string("template"); t && templates.count(*t)) {
        if (auto l = templates.at(*t).optional_table("link")) sections.emplace_back("link", *l);
        if (auto f = templates.at(*t).optional_table("feeder")) sections.emplace_back("feeder", *f);
      }
      if (auto l = s.optional_table("link")) sections.emplace_back("link", *l);
      if (auto f = s.optional_table("feeder")) sections.emplace_back("feeder", *f);
      for (const auto& [kind, sec] : sections)
        for (const char* k : kind == "link" ? std::vector<const char*>{"beams_per_satellite", "eirp_per_beam_dbw", "eirp_density_limit_dbw_mhz",
                                                                         "satellite_hpbw_deg", "satellite_scan_exponent",
                                                                         "satellite_max_scan_deg", "satellite_sidelobe_floor_db"}
                                              : std::vector<const char*>{"isl_capacity_gbps", "isl_terminals", "isl_max_range_km"})
          if (sec.has(k)) sec.problem(k, "set by the payload file(s) of constellation '" + c.key + "'; remove it here");
    }
    if (c.payload_files.size() > 1 && c.payload_rules.empty())
      s.problem("payload_rules", "several payloads need payload_rules saying which satellite gets which");
    try {
      c.link.validate();
      c.feeder.validate();
    } catch (const Error& e) {
      s.problem("link", e.what());
    }
    sp.constellations.push_back(std::move(c));
  }
  if (sp.constellations.empty()) root.problem("constellations", "at least one constellation is required");
  if (auto s = root.optional_table("spectrum")) {
    std::vector<std::string> keys;
    for (const auto& c : sp.constellations) keys.push_back(c.key);
    sp.spectrum = parse_spectrum(*s, keys);
  }
  return sp;
}

StudySpec parse_document(const std::shared_ptr<const StudyDocument>& doc, ValidationReport* report) {
  TomlReader reader(doc, report);
  StudySpec sp = parse_spec(reader);
  reader.check_unknown_keys();
  return sp;
}

// ------------------------------------------------------------------------------------------------
// Shared ground data, built once per parameter set.

struct GroundData {
  std::shared_ptr<const ground::CellGrid> grid;
  ground::DemandMap demand;
  ground::RegionMap regions;
  std::vector<std::string> cities_used;
};

std::string fmt(double v) {
  char b[64];
  std::snprintf(b, sizeof b, "%.17g", v);
  return b;
}

double round_to(double v, int digits) {
  if (!std::isfinite(v) || v == 0.0) return v;
  const double scale = std::pow(10.0, digits - 1 - static_cast<int>(std::floor(std::log10(std::abs(v)))));
  return std::round(v * scale) / scale;
}

nlohmann::json link_json(const capacity::UserLinkOptions& o) {
  return {{"frequency_ghz", o.frequency_ghz},
          {"channel_bandwidth_mhz", o.channel_bandwidth_mhz},
          {"rolloff", o.rolloff},
          {"beams_per_satellite", o.beams_per_satellite},
          {"colours", o.colours},
          {"eirp_per_beam_dbw", o.eirp_per_beam_dbw},
          {"eirp_density_limit_dbw_mhz", std::isfinite(o.eirp_density_limit_dbw_mhz) ? nlohmann::json(o.eirp_density_limit_dbw_mhz) : nlohmann::json("none")},
          {"satellite_hpbw_deg", o.satellite_hpbw_deg},
          {"satellite_scan_exponent", o.satellite_scan_exponent},
          {"satellite_max_scan_deg", o.satellite_max_scan_deg},
          {"satellite_sidelobe_floor_db", o.satellite_sidelobe_floor_db},
          {"terminal_gt_dbk", o.terminal_gt_dbk},
          {"terminal_gain_dbi", o.terminal_gain_dbi},
          {"terminal_hpbw_deg", o.terminal_hpbw_deg},
          {"terminal_scan_exponent", o.terminal_scan_exponent},
          {"terminal_sidelobe_floor_db", o.terminal_sidelobe_floor_db},
          {"min_elevation_deg", o.min_elevation_deg},
          {"gso_exclusion_deg", o.gso_exclusion_deg},
          {"interference_mask_deg", o.interference_mask_deg},
          {"implementation_margin_db", o.implementation_margin_db},
          {"other_losses_db", o.other_losses_db},
          {"c_over_x_db", std::isfinite(o.c_over_x_db) ? nlohmann::json(o.c_over_x_db) : nlohmann::json("none")},
          {"availability_pct", o.availability_pct},
          {"max_spectral_efficiency", std::isfinite(o.max_spectral_efficiency) ? nlohmann::json(o.max_spectral_efficiency) : nlohmann::json("none")},
          {"max_beams_per_cell", o.max_beams_per_cell},
          {"modcod_standard", o.dvbs2x ? "DVB-S2X" : "DVB-S2"}};
}

nlohmann::json feeder_json(const capacity::FeederOptions& o, const GatewaySpec& g) {
  nlohmann::json j = {{"enabled", o.enabled},
                      {"gateway_min_elevation_deg", o.gateway_min_elevation_deg},
                      {"gateway_max_satellites", o.gateway_max_satellites},
                      {"gateway_default_e_antennas", o.gateway_default_e_antennas},
                      {"gsl_capacity_gbps", std::isnan(o.gsl_capacity_gbps) ? nlohmann::json("link budget") : nlohmann::json(o.gsl_capacity_gbps)},
                      {"gateway_backhaul_gbps", o.gateway_backhaul_gbps},
                      {"gateway_ka_eirp_density_dbw_mhz", o.gateway_ka_eirp_density_dbw_mhz},
                      {"gateway_e_eirp_density_dbw_mhz", o.gateway_e_eirp_density_dbw_mhz},
                      {"gateway_antenna_diameter_m", o.gateway_antenna_diameter_m},
                      {"feeder_availability_pct", o.feeder_availability_pct},
                      {"feeder_rolloff", o.feeder_rolloff},
                      {"feeder_implementation_margin_db", o.feeder_implementation_margin_db},
                      {"feeder_c_over_x_db", o.feeder_c_over_x_db},
                      {"e_band_extrapolation", o.e_band_extrapolation},
                      {"isl", o.isl},
                      {"isl_parameter", o.isl_parameter},
                      {"isl_capacity_gbps", o.isl_capacity_gbps},
                      {"isl_max_range_km", o.isl_max_range_km},
                      {"isl_terminals", o.isl_terminals}};
  if (g.file) j["gateways"] = g.file->filename().string();
  if (g.rule_count > 0) {
    j["gateway_rule"] = {{"count", g.rule_count}, {"region", g.rule_region}, {"min_separation_km", g.rule_separation_km}};
    if (g.rule_method != "population") j["gateway_rule"]["method"] = g.rule_method;  // calibration panel
  }
  return j;
}

std::string iso(const core::Epoch& t) { return t.to_iso8601(0); }

// A capacity partial as JSON for the journal-free transport between processes (block results of a
// distributed run). Doubles are written with shortest round-trip text, so the round trip is exact.
// The members listed in the NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE below (namespace satcap::capacity).
nlohmann::json partial_to_json(const capacity::CapacityPartial& p) {
  if (p.cell_delivered_bps.size() > 0) throw Error("internal: per-cell series are not serialised");
  nlohmann::json j = p;
  // Per-cell sums for the report maps (integers).
  j["cell_delivered_sum_bps"] = p.cell_delivered_sum_bps;
  j["cell_offered_sum_bps"] = p.cell_offered_sum_bps;
  j["cell_usable_sats_sum"] = p.cell_usable_sats_sum;
  j["cell_covered_steps"] = p.cell_covered_steps;
  return j;
}

capacity::CapacityPartial partial_from_json(const nlohmann::json& j) {
  try {
    auto p = j.get<capacity::CapacityPartial>();
    // Per-cell sums for the report maps (integers).
    j.at("cell_delivered_sum_bps").get_to(p.cell_delivered_sum_bps);
    j.at("cell_offered_sum_bps").get_to(p.cell_offered_sum_bps);
    j.at("cell_usable_sats_sum").get_to(p.cell_usable_sats_sum);
    j.at("cell_covered_steps").get_to(p.cell_covered_steps);
    return p;
  } catch (const nlohmann::json::exception& e) {
    throw Error(std::string("capacity block result: malformed: ") + e.what());
  }
}

}  // namespace

// --------------------------------------------------------------------------------------------------

struct CapacityStudy::Impl {
  fs::path file;
  std::optional<fs::path> maps_override;
  std::shared_ptr<const StudyDocument> document;
  std::vector<CaseSpec> sweep_cases;
  std::vector<CaseSpec> runs;
  std::vector<std::pair<std::size_t, std::string>> run_of;  // run -> (sweep case, constellation key)
  std::vector<StudySpec> specs;                             // per sweep case
  std::vector<fs::path> datasets;

  mutable std::mutex mutex;
  mutable std::map<std::string, std::shared_ptr<const GroundData>> ground_cache;
  mutable std::shared_ptr<const ground::CountryAtlas> atlas;
  mutable std::map<std::string, std::shared_ptr<const radio::Atmosphere>> atmosphere_cache;

  const StudySpec& spec_of(std::size_t run) const { return specs[run_of[run].first]; }
  const ConstellationSpec& constellation_of(std::size_t run) const {
    for (const auto& c : spec_of(run).constellations)
      if (c.key == run_of[run].second) return c;
    throw Error("internal: run without its constellation");
  }
  std::shared_ptr<const GroundData> ground_for(const StudySpec& sp) const;
  std::shared_ptr<const radio::Atmosphere> atmosphere_for(const StudySpec& sp) const;
  struct RunSetup;
  RunSetup setup(const CaseSpec& run_spec, bool with_atmosphere) const;
  fs::path maps_dir(const StudySpec& sp) const {
    return radio::resolve_maps_dir(maps_override ? maps_override : sp.maps_dir);
  }
};

std::shared_ptr<const GroundData> CapacityStudy::Impl::ground_for(const StudySpec& sp) const {
  std::ostringstream key;
  key << fmt(sp.resolution_deg) << '|' << sp.regions << '|' << sp.extra_regions.size() << '|' << sp.population << '|' << sp.cities
      << '|' << fmt(sp.demand.take_up) << '|' << fmt(sp.demand.rural_weight) << '|' << fmt(sp.demand.busy_hour_mbps_per_subscriber)
      << '|' << fmt(sp.demand.max_cell_demand_mbps) << '|' << fmt(sp.demand.min_rural_share) << '|' << fmt(sp.demand.min_city_population);
  key << '|' << sp.demand_mode << '|' << fmt(sp.sellable_cell_demand_gbps) << '|' << fmt(sp.sellable_min_population);
  for (const auto& r : sp.extra_regions) key << '|' << r.name;
  std::lock_guard<std::mutex> lock(mutex);
  auto it = ground_cache.find(key.str());
  if (it != ground_cache.end()) return it->second;
  if (!atlas) atlas = std::make_shared<ground::CountryAtlas>(ground::CountryAtlas::load_dcw(sp.dcw_dir));
  auto g = std::make_shared<GroundData>();
  g->grid = std::make_shared<ground::CellGrid>(ground::GridOptions{sp.resolution_deg});
  const auto population = ground::read_population_table(sp.population);
  const auto cities = ground::read_world_cities(sp.cities);
  g->demand = ground::build_demand(*g->grid, *atlas, population, cities, sp.demand);
  if (sp.demand_mode == "sellable") {  // calibration panel: saturating demand wherever people live
    const Eigen::ArrayXd persons = g->demand.population();
    g->demand.demand_mbps = (persons >= std::max(sp.sellable_min_population, 1e-9)).cast<double>() * (sp.sellable_cell_demand_gbps * 1e3);
  }
  ground::RegionSet set;
  if (sp.regions == "default") set = ground::RegionSet::default_study();
  if (sp.regions == "continents") set = ground::RegionSet::continents();
  if (sp.regions == "countries") set = ground::RegionSet::countries(*atlas);
  for (const auto& r : sp.extra_regions) set.add(r);
  g->regions = set.map(*g->grid, *atlas);
  ground_cache.emplace(key.str(), g);
  return g;
}

std::shared_ptr<const radio::Atmosphere> CapacityStudy::Impl::atmosphere_for(const StudySpec& sp) const {
  if (sp.attenuation != "itu-r") return nullptr;
  const fs::path dir = maps_dir(sp);
  std::lock_guard<std::mutex> lock(mutex);
  auto it = atmosphere_cache.find(dir.string());
  if (it != atmosphere_cache.end()) return it->second;
  auto maps = radio::ClimateMaps::load(dir);
  maps->preload();
  auto atm = std::make_shared<radio::Atmosphere>(maps);
  atmosphere_cache.emplace(dir.string(), atm);
  return atm;
}

CapacityStudy::CapacityStudy() : impl_(std::make_unique<Impl>()) {}
CapacityStudy::~CapacityStudy() = default;
CapacityStudy::CapacityStudy(CapacityStudy&&) noexcept = default;
CapacityStudy& CapacityStudy::operator=(CapacityStudy&&) noexcept = default;
const std::vector<CaseSpec>& CapacityStudy::runs() const { return impl_->runs; }
const std::string& CapacityStudy::name() const { return impl_->specs.front().name; }

CapacityStudy CapacityStudy::load(const fs::path& path, const std::optional<fs::path>& maps_dir) {
  CapacityStudy st;
  Impl& m = *st.impl_;
  m.file = path;
  m.maps_override = maps_dir;
  m.document = StudyDocument::load(path);
  ValidationReport report;
  // The base document first (its problems are the user's), then every sweep case.
  StudySpec base = parse_document(m.document, &report);
  report.throw_if_errors();
  m.sweep_cases = expand_cases(m.document, &report);
  report.throw_if_errors();
  for (const CaseSpec& c : m.sweep_cases) {
    m.specs.push_back(parse_document(c.document, &report));
  }
  report.throw_if_errors();
  // Runs: every sweep case x every constellation.
  const bool single = m.sweep_cases.size() == 1;
  for (std::size_t i = 0; i < m.sweep_cases.size(); ++i) {
    for (const auto& con : m.specs[i].constellations) {
      CaseSpec r = m.sweep_cases[i];
      r.index = m.runs.size();
      r.name = single ? con.key : m.sweep_cases[i].name + "/" + con.key;
      r.id = case_id(r.name);
      r.input_hash = sha1_hex(m.sweep_cases[i].input_hash + "|" + con.key);
      m.runs.push_back(std::move(r));
      m.run_of.emplace_back(i, con.key);
    }
  }
  // Datasets the study reads (for checksums and the journal salt).
  std::vector<fs::path> files;
  for (const auto& sp : m.specs) {
    files.push_back(sp.population);
    files.push_back(sp.cities);
    for (const auto& c : sp.constellations) {
      files.push_back(c.file);
      if (c.gateways.file) files.push_back(*c.gateways.file);
      for (const auto& f : c.payload_files) files.push_back(f);
      if (c.landing_rights) files.push_back(*c.landing_rights);
    }
  }
  std::sort(files.begin(), files.end());
  files.erase(std::unique(files.begin(), files.end()), files.end());
  m.datasets = files;
  (void)base;
  return st;
}

std::string CapacityStudy::dataset_salt() const {
  std::string s;
  for (const auto& f : impl_->datasets) {
    std::string sum = "missing";
    std::error_code ec;
    if (fs::exists(f, ec)) sum = sha1_hex(core::read_file(f));
    s += f.filename().string() + "=" + sum + ";";
  }
  return s;
}

void CapacityStudy::check_inputs() const {
  const Impl& m = *impl_;
  for (const auto& f : m.datasets) {
    std::error_code ec;
    if (!fs::is_regular_file(f, ec)) throw InputError(f.string(), 0, "", "dataset file not found");
  }
  // Each distinct maps directory and input file is read once, however many sweep cases name it.
  std::set<std::string> seen;
  auto first_time = [&seen](const std::string& kind, const fs::path& p) { return seen.insert(kind + ":" + p.string()).second; };
  for (const auto& sp : m.specs) {
    if (sp.attenuation == "itu-r" && first_time("maps", m.maps_dir(sp))) {
      auto maps = radio::ClimateMaps::load(m.maps_dir(sp));
      maps->preload();
    }
    if (!fs::is_regular_file(sp.dcw_dir / "dcw-gmt.nc"))
      throw InputError((sp.dcw_dir / "dcw-gmt.nc").string(), 0, "ground.dcw_dir", "DCW country polygons not found (Debian package gmt-dcw)");
    for (const auto& c : sp.constellations) {
      if (first_time(c.source_kind, c.file)) {
        if (c.source_kind == "walker") (void)orbit::Constellation::load_toml(c.file);
        if (c.source_kind == "tle") (void)orbit::read_tle_file(c.file);
        if (c.source_kind == "omm") (void)orbit::read_omm_json(c.file);
      }
      if (c.gateways.file && first_time("gateways", *c.gateways.file)) (void)ground::read_gateways(*c.gateways.file);
      std::vector<std::string> names;
      for (const auto& f : c.payload_files) names.push_back(read_payload_file(f).name);
      for (const auto& r : c.payload_rules)
        if (std::find(names.begin(), names.end(), r.payload) == names.end())
          throw InputError(m.file.string(), 0, "constellations." + c.key + ".payload_rules",
                           "no payload named '" + r.payload + "' among the constellation's payload files");
      if (c.landing_rights) (void)ground::read_landing_rights(*c.landing_rights).of(c.landing_system, c.landing_rights->string());
    }
  }
}

// Everything a run needs before its steps: satellites, plane layout, gateways, the capacity scenario.
struct CapacityStudy::Impl::RunSetup {
  const StudySpec* sp = nullptr;
  const ConstellationSpec* cs = nullptr;
  std::shared_ptr<orbit::BatchPropagator> sats;
  network::ConstellationLayout layout;
  std::vector<network::GroundStation> gateways;
  capacity::Scenario scenario;
  int n_sat = 0;
  std::int64_t on_station = 0;          // satellites on station (all of a Walker constellation)
  std::int64_t total = 0;               // element sets or Walker satellites
  std::int64_t unassigned = 0;          // satellites no payload rule matched
  bool licensed_view = false;           // the constellation has landing rights
  Eigen::ArrayXd licensed_demand_bps;   // demand where it may serve
};

CapacityStudy::Impl::RunSetup CapacityStudy::Impl::setup(const CaseSpec& run_spec, bool with_atmosphere) const {
  const Impl& m = *this;
  const std::size_t ri = run_spec.index;
  const StudySpec& sp = m.spec_of(ri);
  const ConstellationSpec& cs = m.constellation_of(ri);
  const auto ground = m.ground_for(sp);
  const auto atmosphere = with_atmosphere ? m.atmosphere_for(sp) : nullptr;
  const core::TimeGrid grid(sp.start, sp.step_s, sp.steps);

  // Satellites and their plane structure.
  orbit::EphemerisOptions eo;
  eo.propagator = orbit::propagator_from_string(cs.propagator);
  std::shared_ptr<orbit::BatchPropagator> sats;
  network::ConstellationLayout layout;
  std::vector<SatelliteIdentity> identity;  // every element set or Walker satellite
  std::vector<std::size_t> fleet_index;     // propagated satellite -> identity (empty: the same order)
  std::int64_t n_total = -1;
  if (cs.source_kind == "walker") {
    const orbit::Constellation con = orbit::Constellation::load_toml(cs.file);
    if (!con.epoch()) eo.walker_epoch = sp.start;
    sats = std::make_shared<orbit::BatchPropagator>(con, eo);
    std::vector<network::ShellLayout> shells;
    int first = 0;
    for (const auto& sh : con.shells()) {
      shells.push_back({first, sh.planes, sh.sats_per_plane,
                        sh.pattern == orbit::WalkerPattern::Star ? network::WalkerPattern::Star : network::WalkerPattern::Delta});
      first += sh.total();
      for (int k = 0; k < sh.total(); ++k) identity.push_back({"", sh.name, "", 0});
    }
    layout = network::ConstellationLayout(shells);
  } else {
    // A real fleet as it is (docs/models/fleet.md): satellites not on station (raising, decaying, off
    // nominal) carry no traffic and are counted; the on-station ones are grouped into shells and
    // planes so that plane-aware ISL rules apply.
    const auto all = cs.source_kind == "tle" ? orbit::read_tle_file(cs.file) : orbit::read_omm_json(cs.file);
    const orbit::FleetClassification fc = orbit::classify_fleet(all, {}, sp.start);
    const network::FleetLayout fl = network::layout_for_fleet(fc);
    if (fl.fleet_index.empty())
      throw InputError(cs.file.string(), 0, "constellations." + cs.key, "no satellite of the element sets is on station (docs/models/fleet.md)");
    std::vector<orbit::MeanElements> fleet;
    for (const auto i : fl.fleet_index) fleet.push_back(all[i]);
    sats = std::make_shared<orbit::BatchPropagator>(fleet, eo);
    layout = fl.layout;
    for (const auto& e : all) identity.push_back({e.name, "", launch_of(e.intl_designator), e.norad_id});
    fleet_index.assign(fl.fleet_index.begin(), fl.fleet_index.end());
    n_total = static_cast<std::int64_t>(all.size());
  }
  const int n_sat = static_cast<int>(sats->satellite_count());
  if (n_total < 0) n_total = n_sat;

  // Payload classes and the class of every satellite (-1: no rule matched, or not on station).
  std::vector<capacity::Payload> payloads;
  std::vector<std::string> payload_names;
  for (const auto& f : cs.payload_files) {
    payloads.push_back(read_payload_file(f));
    payload_names.push_back(payloads.back().name);
  }
  std::vector<std::int32_t> sat_payload;
  std::int64_t unassigned = 0;
  if (!payloads.empty()) {
    std::vector<PayloadRule> rules = cs.payload_rules;
    if (rules.empty()) rules.push_back({payload_names.front(), {}, {}, {}, {}, {}, {}, {}, {}});
    std::vector<std::int32_t> all_payload;
    try {
      all_payload = assign_payloads(identity, rules, payload_names);  // launch sizes over the whole fleet
    } catch (const InputError& e) {
      throw InputError(m.file.string(), 0, "constellations." + cs.key + ".payload_rules", e.detail());
    }
    if (fleet_index.empty()) {
      sat_payload = all_payload;
    } else {
      for (const auto i : fleet_index) sat_payload.push_back(all_payload[i]);
    }
    for (auto v : sat_payload) unassigned += v < 0;
  } else {
    sat_payload.assign(static_cast<std::size_t>(n_sat), 0);
  }
  const std::int64_t n_on_station = n_sat;

  // Gateways: from a file and/or placed by rule on the most populous cells of a region.
  std::vector<network::GroundStation> gateways;
  std::vector<capacity::GatewayAntennas> antennas;
  if (cs.gateways.file) {
    for (const auto& rec : ground::read_gateways(*cs.gateways.file)) {
      if (!cs.gateways.statuses.empty() &&
          std::find(cs.gateways.statuses.begin(), cs.gateways.statuses.end(), rec.status) == cs.gateways.statuses.end())
        continue;
      const ground::GroundSite& site = rec.site;
      // A site whose record gives no antenna count gets the study's defaults.
      antennas.push_back(rec.ka_antennas + rec.e_antennas > 0 ? capacity::GatewayAntennas{rec.ka_antennas, rec.e_antennas}
                                                              : capacity::GatewayAntennas{cs.feeder.gateway_max_satellites,
                                                                                          cs.feeder.gateway_default_e_antennas});
      network::GroundStation g;
      g.id = "GW" + std::to_string(site.id);
      g.name = site.name;
      g.lat_deg = site.where.lat_deg();
      g.lon_deg = site.where.lon_deg();
      g.height_m = site.where.height_m();
      g.gateway = true;
      gateways.push_back(g);
    }
  }
  if (cs.gateways.rule_count > 0) {
    const int r = ground->regions.index_of(cs.gateways.rule_region);
    if (r < 0) throw InputError(m.file.string(), 0, "constellations." + cs.key + ".feeder.gateway_rule.region",
                                "no region named '" + cs.gateways.rule_region + "'");
    ground::GatewayPlacementOptions po;
    po.count = cs.gateways.rule_count;
    po.min_separation_km = cs.gateways.rule_separation_km;
    po.name_prefix = cs.key;
    const Eigen::ArrayXd weight = ground->demand.population();
    std::vector<ground::GroundSite> placed;
    if (cs.gateways.rule_method == "coverage") {  // calibration panel: optimised placement
      CoverageGatewayRequest rq;
      rq.grid = ground->grid.get();
      rq.satellites = sats.get();
      rq.time = grid;
      rq.satellite_payload = sat_payload;
      rq.population = weight;
      rq.demand_mbps = ground->demand.demand_mbps;
      rq.candidates = ground->regions.cells[static_cast<std::size_t>(r)];
      rq.user_min_elevation_deg = cs.link.min_elevation_deg;
      rq.options.placement = po;
      rq.options.min_elevation_deg = cs.feeder.gateway_min_elevation_deg;
      rq.options.stop_at_share = cs.gateways.rule_stop_share;
      placed = place_coverage_gateways(rq).sites;
    } else {
      placed = ground::place_gateways(*ground->grid, weight, ground->regions.cells[static_cast<std::size_t>(r)], po);
    }
    for (const auto& site : placed) {
      network::GroundStation g;
      g.id = "GW" + std::to_string(site.id);
      g.name = site.name;
      g.lat_deg = site.where.lat_deg();
      g.lon_deg = site.where.lon_deg();
      g.gateway = true;
      gateways.push_back(g);
      antennas.push_back({cs.feeder.gateway_max_satellites, cs.feeder.gateway_default_e_antennas});
    }
  }

  capacity::Scenario sc;
  sc.name = run_spec.name;
  sc.satellites = sats;
  sc.layout = std::make_shared<network::ConstellationLayout>(layout);
  sc.grid = ground->grid;
  sc.demand_bps = ground->demand.demand_mbps * 1e6;
  for (std::size_t r = 0; r < ground->regions.names.size(); ++r)
    sc.regions.push_back({ground->regions.names[r], ground->regions.cells[r]});
  sc.gateways = gateways;
  sc.atmosphere = atmosphere;
  sc.fixed_atmospheric_loss_db = sp.fixed_loss_db;
  sc.link = cs.link;
  sc.feeder = cs.feeder;
  if (!payloads.empty()) {
    // The ISL rule's terminal count and range come from the payloads (the most capable class).
    sc.feeder.isl_terminals = 0;
    sc.feeder.isl_max_range_km = 0;
    for (const auto& p : payloads) {
      sc.feeder.isl_terminals = std::max(sc.feeder.isl_terminals, p.isl_terminals);
      sc.feeder.isl_max_range_km = std::max(sc.feeder.isl_max_range_km, p.isl_max_range_km);
    }
  }
  sc.payloads = payloads;
  sc.satellite_payload = sat_payload;
  sc.gateway_antennas = antennas;
  sc.time = grid;
  RunSetup su;
  su.on_station = n_on_station;
  su.total = n_total;
  su.unassigned = unassigned;
  if (cs.landing_rights) {
    const auto rights = ground::read_landing_rights(*cs.landing_rights);
    const auto& mine = rights.of(cs.landing_system, cs.landing_rights->string());
    const auto& countries = m.atlas->countries();
    su.licensed_view = true;
    su.licensed_demand_bps = sc.demand_bps;
    for (Eigen::Index c = 0; c < su.licensed_demand_bps.size(); ++c) {
      const int k = ground->regions.country[static_cast<std::size_t>(c)];
      if (!mine.licensed(k >= 0 ? countries[static_cast<std::size_t>(k)].code : std::string())) su.licensed_demand_bps[c] = 0.0;
    }
  }
  su.sp = &sp;
  su.cs = &cs;
  su.sats = sats;
  su.layout = layout;
  su.gateways = std::move(gateways);
  su.scenario = std::move(sc);
  su.n_sat = n_sat;
  return su;
}

std::int64_t CapacityStudy::steps(const CaseSpec& run_spec) const { return impl_->spec_of(run_spec.index).steps; }

nlohmann::json CapacityStudy::run(const CaseSpec& run_spec, ProgressSink& progress) const {
  std::vector<nlohmann::json> parts;
  parts.push_back(run_block(run_spec, 0, steps(run_spec), progress));
  return merge_blocks(run_spec, parts);
}

nlohmann::json CapacityStudy::run_block(const CaseSpec& run_spec, std::int64_t first, std::int64_t count,
                                        ProgressSink& progress) const {
  const Impl& m = *impl_;
  const Impl::RunSetup su = m.setup(run_spec, /*with_atmosphere=*/true);
  const StudySpec& sp = *su.sp;
  const ConstellationSpec& cs = *su.cs;
  const auto& sats = su.sats;
  const auto& layout = su.layout;
  const auto& gateways = su.gateways;
  const core::TimeGrid& grid = su.scenario.time;
  if (first < 0 || count < 1 || first > sp.steps - count)
    throw InputError(run_spec.name, 0, "steps", "run '" + run_spec.name + "': block [" + std::to_string(first) + ", " + std::to_string(first + count) +
                     ") is not inside its " + std::to_string(sp.steps) + " steps");

  const std::int64_t latency_steps = sp.pairs.empty() ? 0 : count;
  progress.set_total(static_cast<std::uint64_t>(count + latency_steps));
  capacity::CapacityModel model(su.scenario);
  capacity::RunOptions ro;
  ro.progress = [&progress](std::int64_t, std::int64_t) { progress.advance(1); };
  const capacity::CapacityPartial part = model.run_steps(first, count, ro);
  // The licensed view: the same hardware serving demand only where the system may land.
  nlohmann::json licensed = nullptr;
  if (su.licensed_view) {
    capacity::RunOptions lo;
    lo.demand_bps = &su.licensed_demand_bps;
    licensed = partial_to_json(model.run_steps(first, count, lo));
  }

  // Latency between the study's city pairs through the constellation (ISLs; with no ISLs the
  // gateways relay on the ground). Per pair: the block's series, its RTTs, the path changes inside
  // the block and its first and last paths (merge_blocks adds the changes across block boundaries).
  nlohmann::json latency = nlohmann::json::array();
  if (!sp.pairs.empty()) {
    std::vector<network::GroundStation> stations;
    std::map<std::string, int> index;
    for (const auto& [name, ll] : sp.cities_latlon) {
      network::GroundStation g;
      g.id = name;
      g.name = name;
      g.lat_deg = ll.first;
      g.lon_deg = ll.second;
      index[name] = static_cast<int>(stations.size());
      stations.push_back(g);
    }
    const bool relays = cs.feeder.isl == "none";
    if (relays)
      for (const auto& g : gateways) stations.push_back(g);
    network::TopologySpec spec;
    spec.isl = network::make_isl_topology(network::isl_kind_from_string(cs.feeder.isl), cs.feeder.isl_parameter);
    spec.isl_rules.max_range = units::km(cs.feeder.isl_max_range_km);
    spec.isl_rules.max_terminals = cs.feeder.isl_terminals;
    spec.gsl_rules.min_elevation =
        units::deg(sp.latency_min_elevation_deg >= 0 ? sp.latency_min_elevation_deg : cs.link.min_elevation_deg);
    spec.ground_relays = relays;
    network::SnapshotBuilder builder(layout, stations, spec);
    network::Router router(std::make_shared<network::LatencyPolicy>(), relays);
    std::vector<int> roots;
    for (const auto& p : sp.pairs) {
      roots.push_back(index[p.a]);
      roots.push_back(index[p.b]);
    }
    std::sort(roots.begin(), roots.end());
    roots.erase(std::unique(roots.begin(), roots.end()), roots.end());
    std::vector<nlohmann::json> series(sp.pairs.size(), nlohmann::json::array());
    std::vector<std::vector<double>> rtts(sp.pairs.size());
    std::vector<int> changes(sp.pairs.size(), 0);
    std::vector<std::vector<std::int32_t>> first_path(sp.pairs.size()), last_path(sp.pairs.size());
    sats->for_each_block(grid, first, count, [&](const orbit::Ephemeris& block) {
      for (std::int64_t k = 0; k < block.step_count(); ++k) {
        const network::SnapshotGraph g = builder.build(block.positions(k));
        const network::ShortestPaths paths = router.solve(g, roots);
        for (std::size_t p = 0; p < sp.pairs.size(); ++p) {
          const network::Route route = paths.route(index[sp.pairs[p].a], index[sp.pairs[p].b]);
          nlohmann::json e = {{"time", iso(block.time(k))}};
          if (route.reachable) {
            const double rtt_ms = round_to(2.0 * route.delay_s() * 1e3, 9);
            e["rtt_ms"] = rtt_ms;
            e["hops"] = route.hops;
            rtts[p].push_back(rtt_ms);
            if (!last_path[p].empty() && route.path != last_path[p]) ++changes[p];
            if (last_path[p].empty()) first_path[p] = route.path;
            last_path[p] = route.path;
          } else {
            e["rtt_ms"] = nullptr;
            e["hops"] = nullptr;
          }
          series[p].push_back(e);
        }
        progress.advance(1);
      }
    });
    for (std::size_t p = 0; p < sp.pairs.size(); ++p)
      latency.push_back({{"pair", sp.pairs[p].a + "-" + sp.pairs[p].b},
                         {"series", series[p]},
                         {"rtts", rtts[p]},
                         {"changes", changes[p]},
                         {"first_path", first_path[p]},
                         {"last_path", last_path[p]}});
  }
  return {{"run", run_spec.name}, {"first", first}, {"steps", count}, {"capacity", partial_to_json(part)},
          {"capacity_licensed", licensed}, {"latency", latency}};
}

nlohmann::json CapacityStudy::merge_blocks(const CaseSpec& run_spec, const std::vector<nlohmann::json>& partials) const {
  const Impl& m = *impl_;
  const std::size_t ri = run_spec.index;
  const Impl::RunSetup su = m.setup(run_spec, /*with_atmosphere=*/false);
  const StudySpec& sp = *su.sp;
  const ConstellationSpec& cs = *su.cs;
  const auto& gateways = su.gateways;
  const int n_sat = su.n_sat;
  std::vector<capacity::CapacityPartial> parts, lparts;
  for (const auto& j : partials) {
    if (!j.is_object() || j.value("run", std::string()) != run_spec.name)
      throw Error("run '" + run_spec.name + "': a block result of another run was given to merge");
    parts.push_back(partial_from_json(j.at("capacity")));
    if (su.licensed_view) lparts.push_back(partial_from_json(j.at("capacity_licensed")));
  }
  const capacity::CapacityResult res = capacity::CapacityModel::merge(su.scenario, std::move(parts));
  std::optional<capacity::CapacityResult> lic;
  if (su.licensed_view) {
    capacity::Scenario lsc = su.scenario;
    lsc.demand_bps = su.licensed_demand_bps;
    lic = capacity::CapacityModel::merge(lsc, std::move(lparts));
  }

  nlohmann::json latency = nlohmann::json::array();
  for (std::size_t p = 0; p < sp.pairs.size(); ++p) {
    nlohmann::json series = nlohmann::json::array();
    std::vector<double> rtts;
    int changes = 0;
    std::vector<std::int32_t> last;
    for (const auto& part : partials) {
      const auto& l = part.at("latency").at(p);
      for (const auto& e : l.at("series")) series.push_back(e);
      for (const auto& v : l.at("rtts")) rtts.push_back(v.get<double>());
      changes += l.at("changes").get<int>();
      const auto first_path = l.at("first_path").get<std::vector<std::int32_t>>();
      if (!last.empty() && !first_path.empty() && first_path != last) ++changes;
      auto last_path = l.at("last_path").get<std::vector<std::int32_t>>();
      if (!last_path.empty()) last = std::move(last_path);
    }
    nlohmann::json j = {{"pair", sp.pairs[p].a + "-" + sp.pairs[p].b},
                        {"reachable_share", static_cast<double>(rtts.size()) / static_cast<double>(sp.steps)},
                        {"path_changes", changes},
                        {"series", series}};
    if (!rtts.empty()) {
      double sum = 0;
      for (double v : rtts) sum += v;
      j["rtt_min_ms"] = *std::min_element(rtts.begin(), rtts.end());
      j["rtt_mean_ms"] = round_to(sum / static_cast<double>(rtts.size()), 9);
      j["rtt_p50_ms"] = capacity::percentile(rtts, 50);
      j["rtt_max_ms"] = *std::max_element(rtts.begin(), rtts.end());
    }
    latency.push_back(j);
  }

  // The result (deterministic: no wall times).
  auto gbps = [](double bps) { return round_to(bps / 1e9, 12); };
  nlohmann::json regions = nlohmann::json::array();
  const capacity::CapacityResult& lres = lic ? *lic : res;  // no landing rights: licensed everywhere
  for (std::size_t ri2 = 0; ri2 < res.regions.size(); ++ri2) {
    const auto& r = res.regions[ri2];
    const auto& lr = lres.regions[ri2];
    nlohmann::json mix = nlohmann::json::object();
    for (std::size_t q = 0; q < r.modcod_share.size(); ++q)
      if (r.modcod_share[q] > 0) mix[res.modcod_names[q]] = round_to(r.modcod_share[q], 12);
    double offered = 0;
    for (double v : r.offered_bps) offered += v;
    regions.push_back({{"name", r.name},
                       {"cells", r.cells},
                       {"demand_gbps", gbps(r.demand_bps)},
                       {"offered_mean_gbps", gbps(offered / static_cast<double>(res.steps))},
                       {"delivered_mean_gbps", gbps(r.delivered_mean_bps)},
                       {"delivered_p5_gbps", gbps(r.delivered_p5_bps)},
                       {"delivered_p50_gbps", gbps(r.delivered_p50_bps)},
                       {"delivered_p95_gbps", gbps(r.delivered_p95_bps)},
                       {"share_served", round_to(r.share_served, 12)},
                       {"coverage_cells", round_to(r.coverage_cells, 12)},
                       {"coverage_demand", round_to(r.coverage_demand, 12)},
                       {"satellites_in_view", round_to(r.satellites_in_view, 12)},
                       {"beams_mean", round_to(r.beams_mean, 12)},
                       {"handovers_per_cell_hour", round_to(r.handovers_per_cell_hour, 12)},
                       {"licensed_demand_gbps", gbps(lr.demand_bps)},
                       {"licensed_delivered_mean_gbps", gbps(lr.delivered_mean_bps)},
                       {"licensed_share_served", round_to(lr.share_served, 12)},
                       {"modcod_mix", mix}});
  }
  nlohmann::json times = nlohmann::json::array();
  for (const auto& t : res.times) times.push_back(iso(t));
  nlohmann::json ts = nlohmann::json::object();
  for (const auto& r : res.regions) {
    nlohmann::json v = nlohmann::json::array();
    for (double x : r.delivered_bps) v.push_back(gbps(x));
    ts[r.name] = v;
  }
  nlohmann::json satellites = nlohmann::json::array();
  std::map<std::string, std::array<double, 3>> by_payload;  // count, offered, delivered
  for (const auto& s : res.satellite_stats) {
    satellites.push_back({s.name, s.payload, gbps(s.offered_mean_bps), gbps(s.delivered_mean_bps), round_to(s.feeder_limited_share, 12)});
    if (s.payload.empty()) continue;
    auto& v = by_payload[s.payload];
    v[0] += 1;
    v[1] += s.offered_mean_bps;
    v[2] += s.delivered_mean_bps;
  }
  nlohmann::json payload_classes = nlohmann::json::array();
  for (const auto& [name, v] : by_payload)
    payload_classes.push_back({{"payload", name},
                               {"satellites", static_cast<std::int64_t>(v[0])},
                               {"offered_per_satellite_gbps", gbps(v[1] / v[0])},
                               {"delivered_per_satellite_gbps", gbps(v[2] / v[0])}});
  nlohmann::json gateway_table = nlohmann::json::array();
  for (const auto& g : res.gateway_stats)
    gateway_table.push_back({g.name, round_to(g.lat_deg, 9), round_to(g.lon_deg, 9), g.ka_antennas, g.e_antennas,
                             gbps(g.delivered_mean_bps), round_to(g.links_mean, 12)});
  const double delivered = res.mean_delivered_bps;
  const double carrying = static_cast<double>(std::max<std::int64_t>(1, res.satellites_carrying));
  const nlohmann::json map_data = report_map_json(su.scenario, res, lic ? &*lic : nullptr);
  return {{"map", map_data},
          {"name", run_spec.name},
          {"case", m.sweep_cases[m.run_of[ri].first].name},
          {"constellation", cs.key},
          {"label", cs.label},
          {"satellites", n_sat},
          {"satellites_total", su.total},
          {"satellites_on_station", su.on_station},
          {"satellites_carrying", res.satellites_carrying},
          {"satellites_without_payload_rule", su.unassigned},
          {"gateways", gateways.size()},
          {"steps", res.steps},
          {"step_s", sp.step_s},
          {"start", iso(sp.start)},
          {"total_offered_gbps", gbps(res.mean_offered_bps)},
          {"total_delivered_gbps", gbps(delivered)},
          {"total_demand_gbps", gbps(res.total_demand_bps)},
          {"delivered_per_satellite_gbps", gbps(delivered / carrying)},
          {"offered_per_satellite_gbps", gbps(res.mean_offered_bps / carrying)},
          {"feeder_capacity_gbps", gbps(res.mean_feeder_capacity_bps)},
          {"landing_rights", cs.landing_rights ? nlohmann::json(cs.landing_system) : nlohmann::json("none (licensed everywhere)")},
          {"total_demand_licensed_gbps", gbps(lres.total_demand_bps)},
          {"total_delivered_licensed_gbps", gbps(lres.mean_delivered_bps)},
          {"payload_classes", payload_classes},
          {"demand_served_share", round_to(res.total_demand_bps > 0 ? delivered / res.total_demand_bps : 0.0, 12)},
          {"wasted_share", round_to(res.mean_offered_bps > 0 ? 1.0 - delivered / res.mean_offered_bps : 0.0, 12)},
          {"feeder_limited_share", round_to(res.feeder_limited_share, 12)},
          {"link_evaluations", res.beams_evaluated},
          {"interference_terms", res.interference_terms},
          {"inputs", {{"link", link_json(cs.link)},
                      {"feeder", feeder_json(cs.feeder, cs.gateways)},
                      {"source", {{"kind", cs.source_kind}, {"file", cs.file.filename().string()}, {"propagator", cs.propagator}}}}},
          {"regions", regions},
          {"timeseries", {{"times", times}, {"regions", ts}}},
          {"satellite_table", satellites},
          {"gateway_table", gateway_table},
          {"latency", latency}};
}

namespace {
Table regions_table(const std::vector<nlohmann::json>& results) {
  Table t({"case", "region", "cells", "demand_gbps", "offered_mean_gbps", "delivered_mean_gbps", "delivered_p5_gbps",
           "delivered_p50_gbps", "delivered_p95_gbps", "share_served", "coverage_cells", "coverage_demand",
           "satellites_in_view", "beams_mean", "handovers_per_cell_hour", "licensed_demand_gbps", "licensed_delivered_mean_gbps",
           "licensed_share_served"},
          NumberFormat::significant(10));
  for (const auto& r : results)
    for (const auto& g : r["regions"])
      t.add_row({r["name"].get<std::string>(), g["name"].get<std::string>(), g["cells"].get<std::int64_t>(),
                 g["demand_gbps"].get<double>(), g["offered_mean_gbps"].get<double>(), g["delivered_mean_gbps"].get<double>(),
                 g["delivered_p5_gbps"].get<double>(), g["delivered_p50_gbps"].get<double>(), g["delivered_p95_gbps"].get<double>(),
                 g["share_served"].get<double>(), g["coverage_cells"].get<double>(), g["coverage_demand"].get<double>(),
                 g["satellites_in_view"].get<double>(), g["beams_mean"].get<double>(), g["handovers_per_cell_hour"].get<double>(),
                 g["licensed_demand_gbps"].get<double>(), g["licensed_delivered_mean_gbps"].get<double>(),
                 g["licensed_share_served"].get<double>()});
  return t;
}
}  // namespace

void CapacityStudy::write_outputs(const std::vector<nlohmann::json>& results, OutputDirectory& out) const {
  const Impl& m = *impl_;
  // summary.json: every input resolved, engine version, dataset checksums, cases.
  nlohmann::json cases = nlohmann::json::array();
  for (const auto& r : results) {
    nlohmann::json c = r;
    c.erase("timeseries");
    c.erase("satellite_table");
    c.erase("gateway_table");
    c.erase("map");  // per-cell data: cells.csv
    for (auto& l : c["latency"]) l.erase("series");
    cases.push_back(c);
  }
  nlohmann::json datasets = nlohmann::json::object();
  for (const auto& f : m.datasets) {
    std::error_code ec;
    datasets[f.filename().string()] = fs::exists(f, ec) ? sha1_hex(core::read_file(f)) : "missing";
  }
  const StudySpec& sp = m.specs.front();
  nlohmann::json summary = {{"engine", {{"name", "satcap"}, {"version", satcap::version()}}},
                            {"study", {{"name", sp.name},
                                       {"description", sp.description},
                                       {"file", m.file.filename().string()},
                                       {"text", m.document->text()},
                                       {"sha1", sha1_hex(m.document->text())}}},
                            {"datasets_sha1", datasets},
                            {"time", {{"start", iso(sp.start)}, {"step_s", sp.step_s}, {"steps", sp.steps}}},
                            {"ground", {{"cell_resolution_deg", sp.resolution_deg},
                                        {"regions", sp.regions},
                                        {"demand", {{"take_up", sp.demand.take_up},
                                                    {"rural_weight", sp.demand.rural_weight},
                                                    {"busy_hour_mbps_per_subscriber", sp.demand.busy_hour_mbps_per_subscriber},
                                                    {"min_rural_share", sp.demand.min_rural_share}}}}},
                            {"propagation", {{"attenuation", sp.attenuation}, {"fixed_loss_db", sp.fixed_loss_db}}},
                            {"skipped_constellations", sp.skipped},
                            {"cases", cases}};
  out.stage_json("summary.json", summary);
  out.stage_csv("regions.csv", regions_table(results));

  Table ts({"case", "time_utc", "region", "delivered_gbps"}, NumberFormat::significant(10));
  for (const auto& r : results) {
    const auto& times = r["timeseries"]["times"];
    for (const auto& [region, values] : r["timeseries"]["regions"].items())
      for (std::size_t k = 0; k < values.size(); ++k)
        ts.add_row({r["name"].get<std::string>(), times[k].get<std::string>(), region, values[k].get<double>()});
  }
  out.stage_csv("timeseries.csv", ts);

  Table sats({"case", "satellite", "payload", "offered_gbps", "delivered_gbps", "wasted_gbps", "feeder_limited_share"},
             NumberFormat::significant(10));
  for (const auto& r : results)
    for (const auto& s : r["satellite_table"]) {
      const double off = s[2].get<double>(), del = s[3].get<double>();
      sats.add_row({r["name"].get<std::string>(), s[0].get<std::string>(), s[1].get<std::string>(), off, del, off - del, s[4].get<double>()});
    }
  out.stage_csv("satellites.csv", sats);

  Table gws({"case", "gateway", "lat_deg", "lon_deg", "ka_antennas", "e_antennas", "delivered_gbps", "links_mean"},
            NumberFormat::significant(10));
  for (const auto& r : results)
    for (const auto& g : r["gateway_table"])
      gws.add_row({r["name"].get<std::string>(), g[0].get<std::string>(), g[1].get<double>(), g[2].get<double>(), g[3].get<std::int64_t>(),
                   g[4].get<std::int64_t>(), g[5].get<double>(), g[6].get<double>()});
  out.stage_csv("gateways.csv", gws);

  Table lat({"case", "time_utc", "pair", "rtt_ms", "hops"}, NumberFormat::significant(10));
  for (const auto& r : results)
    for (const auto& l : r["latency"])
      for (const auto& e : l["series"]) {
        if (e["rtt_ms"].is_null()) {
          lat.add_row({r["name"].get<std::string>(), e["time"].get<std::string>(), l["pair"].get<std::string>(), std::string(), std::string()});
        } else {
          lat.add_row({r["name"].get<std::string>(), e["time"].get<std::string>(), l["pair"].get<std::string>(), e["rtt_ms"].get<double>(),
                       e["hops"].get<std::int64_t>()});
        }
      }
  out.stage_csv("latency.csv", lat);
  // Report maps and charts (report.html, figures/): cells.csv, then the report from the staged text
  // of every output, exactly as `satcap report OUTDIR` reads them back (the spectrum section, when the
  // study has one, is added to report.html here only).
  {
    std::vector<std::shared_ptr<const ground::CellGrid>> grids;
    for (std::size_t i = 0; i < results.size(); ++i) grids.push_back(m.ground_for(m.spec_of(i))->grid);
    const Table cells = report_cells_table(results, grids);
    out.stage_csv("cells.csv", cells);
    const std::map<std::string, std::string> files = {
        {"summary.json", json_text(summary)}, {"regions.csv", regions_table(results).to_csv()}, {"timeseries.csv", ts.to_csv()},
        {"satellites.csv", sats.to_csv()},    {"latency.csv", lat.to_csv()},                     {"cells.csv", cells.to_csv()},
        {"gateways.csv", gws.to_csv()}};
    auto report = build_report(files, m.atlas.get()).files;
    if (sp.spectrum.enabled) {  // EPFD and inter-system interference (engine/study/spectrum.hpp)
      const SpectrumOutputs so = run_spectrum(sp.spectrum, [&](const std::string& key) {
        for (std::size_t i = 0; i < m.runs.size(); ++i)
          if (m.run_of[i].first == 0 && m.run_of[i].second == key) return SpectrumSystem{key, m.setup(m.runs[i], true).scenario};
        throw Error("spectrum: no run of constellation '" + key + "'");
      });
      out.stage_csv("epfd.csv", so.epfd);
      out.stage_csv("epfd_cdf.csv", so.epfd_cdf);
      out.stage_csv("sharing.csv", so.sharing);
      report["report.html"] = with_spectrum_section(std::move(report["report.html"]), so.html);
    }
    for (auto& [name, text] : report) out.stage_text(name, std::move(text));
  }
  out.commit();
}

std::string CapacityStudy::headline(const std::vector<nlohmann::json>& results) const {
  // One row per run: satellites, total delivered, then delivered (share served) per region.
  std::vector<std::string> regions;
  if (!results.empty())
    for (const auto& g : results.front()["regions"]) regions.push_back(g["name"].get<std::string>());
  std::ostringstream os;
  char buf[256];
  std::snprintf(buf, sizeof buf, "%-28s %6s %9s %9s", "case", "sats", "total", "licensed");
  os << buf;
  for (const auto& r : regions) {
    std::snprintf(buf, sizeof buf, " %16s", r.substr(0, 16).c_str());
    os << buf;
  }
  os << "   latency\n";
  for (const auto& r : results) {
    std::snprintf(buf, sizeof buf, "%-28s %6d %9.1f %9.1f", r["name"].get<std::string>().substr(0, 28).c_str(),
                  r["satellites_carrying"].get<int>(), r["total_delivered_gbps"].get<double>(),
                  r["total_delivered_licensed_gbps"].get<double>());
    os << buf;
    for (const auto& g : r["regions"]) {
      std::snprintf(buf, sizeof buf, " %8.1f (%4.1f%%)", g["delivered_mean_gbps"].get<double>(), 100.0 * g["share_served"].get<double>());
      os << buf;
    }
    os << "  ";
    for (const auto& l : r["latency"]) {
      if (l.contains("rtt_mean_ms")) {
        std::snprintf(buf, sizeof buf, " %s %.0f ms (%.0f%%)", l["pair"].get<std::string>().c_str(), l["rtt_mean_ms"].get<double>(),
                      100.0 * l["reachable_share"].get<double>());
      } else {
        std::snprintf(buf, sizeof buf, " %s unreachable", l["pair"].get<std::string>().c_str());
      }
      os << buf;
    }
    os << '\n';
  }
  os << "(sats: satellites carrying traffic; delivered Gbit/s, time mean, capability view; licensed: the total where the\n"
        " system holds landing rights; in brackets the share of the region's busy-hour demand served)\n";
  return os.str();
}

RunSummary run_capacity_study(const fs::path& study_file, const StudyRunOptions& options, std::string* headline) {
  CapacityStudy study = CapacityStudy::load(study_file, options.maps_dir);
  study.check_inputs();
  OutputDirectory out(options.out_dir, "--out");
  RunnerOptions ro;
  ro.resume = options.resume;
  ro.salt = study.dataset_salt();
  ro.progress = options.progress;
  StudyRunner runner(study.runs(), ro);
  RunSummary summary;
  const auto results =
      runner.run([&](const CaseSpec& spec, ProgressSink& sink) { return study.run(spec, sink); }, &out, &summary);
  study.write_outputs(results, out);
  if (headline) *headline = study.headline(results);
  return summary;
}

}  // namespace satcap::study
