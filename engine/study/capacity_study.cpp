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
#include <satcap/orbit/elements.hpp>
#include <satcap/orbit/ephemeris.hpp>
#include <satcap/orbit/walker.hpp>
#include <satcap/radio/atmosphere.hpp>
#include <satcap/radio/climate_maps.hpp>
#include <satcap/study/capacity_study.hpp>
#include <satcap/study/document.hpp>
#include <satcap/study/table.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <mutex>
#include <numbers>
#include <sstream>

#include "report.hpp"
#include "spectrum.hpp"
#include "satcap_version_config.hpp"

namespace satcap::capacity {
// JSON form of a time block's partial result (the per-cell series and stage times are not shipped).
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(CapacityPartial, first_step, steps, regions, satellites, modcods, region_delivered_bps,
                                   region_offered_bps, region_covered_cells, region_covered_demand_bps,
                                   region_satellites_in_view, region_beams, region_modcod, region_handovers,
                                   region_served_pairs, first_primary, last_primary, sat_offered_bps, sat_delivered_bps,
                                   sat_feeder_limited_steps, total_offered_bps, total_delivered_bps, beams_evaluated,
                                   interference_terms)
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
  o.gsl_capacity_gbps = s.number_in_or("gsl_capacity_gbps", 0.0, 1e4, "Gbit/s", o.gsl_capacity_gbps);
  o.gateway_backhaul_gbps = s.number_in_or("gateway_backhaul_gbps", 0.0, 1e6, "Gbit/s", o.gateway_backhaul_gbps);
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
    rule->declare({"count", "region"}, {"min_separation_km"});
    g.rule_count = static_cast<int>(rule->integer_in("count", 1, 100000));
    g.rule_region = rule->string("region");
    g.rule_separation_km = rule->number_in_or("min_separation_km", 0.0, 20000.0, "km", g.rule_separation_km);
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
      sec.declare({}, {"link", "feeder"});
      templates.emplace(name, sec);
    }
  for (auto& [key, s] : root.table("constellations").children()) {
    ConstellationSpec c;
    c.key = key;
    s.declare({"label"}, {"walker", "tle", "omm", "propagator", "template", "link", "feeder", "optional"});
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
        s.accept({"walker", "tle", "omm", "propagator", "template"});
        s.accept_subtree("link");
        s.accept_subtree("feeder");
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
      }
    }
    if (auto l = s.optional_table("link")) read_link(*l, c.link);
    if (auto f = s.optional_table("feeder")) read_feeder(*f, c.feeder, c.gateways);
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
                      {"gsl_capacity_gbps", o.gsl_capacity_gbps},
                      {"gateway_backhaul_gbps", o.gateway_backhaul_gbps},
                      {"isl", o.isl},
                      {"isl_parameter", o.isl_parameter},
                      {"isl_capacity_gbps", o.isl_capacity_gbps},
                      {"isl_max_range_km", o.isl_max_range_km},
                      {"isl_terminals", o.isl_terminals}};
  if (g.file) j["gateways"] = g.file->filename().string();
  if (g.rule_count > 0)
    j["gateway_rule"] = {{"count", g.rule_count}, {"region", g.rule_region}, {"min_separation_km", g.rule_separation_km}};
  return j;
}

std::string iso(const core::Epoch& t) { return t.to_iso8601(0); }

// A capacity partial as JSON for the journal-free transport between processes (block results of a
// distributed run). Doubles are written with shortest round-trip text, so the round trip is exact.
// The members listed in the NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE below (namespace satcap::capacity).
nlohmann::json partial_to_json(const capacity::CapacityPartial& p) {
  if (p.cell_delivered_bps.size() > 0) throw Error("internal: per-cell series are not serialised");
  return p;
}

capacity::CapacityPartial partial_from_json(const nlohmann::json& j) {
  try {
    return j.get<capacity::CapacityPartial>();
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
  for (const auto& sp : m.specs) {
    if (sp.attenuation == "itu-r") {
      auto maps = radio::ClimateMaps::load(m.maps_dir(sp));
      maps->preload();
    }
    if (!fs::is_regular_file(sp.dcw_dir / "dcw-gmt.nc"))
      throw InputError((sp.dcw_dir / "dcw-gmt.nc").string(), 0, "ground.dcw_dir", "DCW country polygons not found (Debian package gmt-dcw)");
    for (const auto& c : sp.constellations) {
      if (c.source_kind == "walker") (void)orbit::Constellation::load_toml(c.file);
      if (c.source_kind == "tle") (void)orbit::read_tle_file(c.file);
      if (c.source_kind == "omm") (void)orbit::read_omm_json(c.file);
      if (c.gateways.file) (void)ground::read_gateways(*c.gateways.file);
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
    }
    layout = network::ConstellationLayout(shells);
  } else {
    const auto fleet = cs.source_kind == "tle" ? orbit::read_tle_file(cs.file) : orbit::read_omm_json(cs.file);
    sats = std::make_shared<orbit::BatchPropagator>(fleet, eo);
    layout = network::ConstellationLayout::unstructured(static_cast<int>(fleet.size()));
  }
  const int n_sat = static_cast<int>(sats->satellite_count());

  // Gateways: from a file and/or placed by rule on the most populous cells of a region.
  std::vector<network::GroundStation> gateways;
  if (cs.gateways.file) {
    for (const auto& site : ground::gateway_sites(ground::read_gateways(*cs.gateways.file), cs.gateways.statuses)) {
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
    for (const auto& site : ground::place_gateways(*ground->grid, weight, ground->regions.cells[static_cast<std::size_t>(r)], po)) {
      network::GroundStation g;
      g.id = "GW" + std::to_string(site.id);
      g.name = site.name;
      g.lat_deg = site.where.lat_deg();
      g.lon_deg = site.where.lon_deg();
      g.gateway = true;
      gateways.push_back(g);
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
  sc.time = grid;
  RunSetup su;
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
  return {{"run", run_spec.name}, {"first", first}, {"steps", count}, {"capacity", partial_to_json(part)}, {"latency", latency}};
}

nlohmann::json CapacityStudy::merge_blocks(const CaseSpec& run_spec, const std::vector<nlohmann::json>& partials) const {
  const Impl& m = *impl_;
  const std::size_t ri = run_spec.index;
  const Impl::RunSetup su = m.setup(run_spec, /*with_atmosphere=*/false);
  const StudySpec& sp = *su.sp;
  const ConstellationSpec& cs = *su.cs;
  const auto& gateways = su.gateways;
  const int n_sat = su.n_sat;
  std::vector<capacity::CapacityPartial> parts;
  for (const auto& j : partials) {
    if (!j.is_object() || j.value("run", std::string()) != run_spec.name)
      throw Error("run '" + run_spec.name + "': a block result of another run was given to merge");
    parts.push_back(partial_from_json(j.at("capacity")));
  }
  const capacity::CapacityResult res = capacity::CapacityModel::merge(su.scenario, std::move(parts));

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
  for (const auto& r : res.regions) {
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
  for (const auto& s : res.satellite_stats)
    satellites.push_back({s.name, gbps(s.offered_mean_bps), gbps(s.delivered_mean_bps), round_to(s.feeder_limited_share, 12)});
  const double delivered = res.mean_delivered_bps;
  return {{"name", run_spec.name},
          {"case", m.sweep_cases[m.run_of[ri].first].name},
          {"constellation", cs.key},
          {"label", cs.label},
          {"satellites", n_sat},
          {"gateways", gateways.size()},
          {"steps", res.steps},
          {"step_s", sp.step_s},
          {"start", iso(sp.start)},
          {"total_offered_gbps", gbps(res.mean_offered_bps)},
          {"total_delivered_gbps", gbps(delivered)},
          {"total_demand_gbps", gbps(res.total_demand_bps)},
          {"delivered_per_satellite_gbps", gbps(delivered / n_sat)},
          {"offered_per_satellite_gbps", gbps(res.mean_offered_bps / n_sat)},
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
          {"latency", latency}};
}

namespace {
Table regions_table(const std::vector<nlohmann::json>& results) {
  Table t({"case", "region", "cells", "demand_gbps", "offered_mean_gbps", "delivered_mean_gbps", "delivered_p5_gbps",
           "delivered_p50_gbps", "delivered_p95_gbps", "share_served", "coverage_cells", "coverage_demand",
           "satellites_in_view", "beams_mean", "handovers_per_cell_hour"},
          NumberFormat::significant(10));
  for (const auto& r : results)
    for (const auto& g : r["regions"])
      t.add_row({r["name"].get<std::string>(), g["name"].get<std::string>(), g["cells"].get<std::int64_t>(),
                 g["demand_gbps"].get<double>(), g["offered_mean_gbps"].get<double>(), g["delivered_mean_gbps"].get<double>(),
                 g["delivered_p5_gbps"].get<double>(), g["delivered_p50_gbps"].get<double>(), g["delivered_p95_gbps"].get<double>(),
                 g["share_served"].get<double>(), g["coverage_cells"].get<double>(), g["coverage_demand"].get<double>(),
                 g["satellites_in_view"].get<double>(), g["beams_mean"].get<double>(), g["handovers_per_cell_hour"].get<double>()});
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

  Table sats({"case", "satellite", "offered_gbps", "delivered_gbps", "wasted_gbps", "feeder_limited_share"},
             NumberFormat::significant(10));
  for (const auto& r : results)
    for (const auto& s : r["satellite_table"]) {
      const double off = s[1].get<double>(), del = s[2].get<double>();
      sats.add_row({r["name"].get<std::string>(), s[0].get<std::string>(), off, del, off - del, s[3].get<double>()});
    }
  out.stage_csv("satellites.csv", sats);

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
  std::string report = render_report(summary, results);
  if (sp.spectrum.enabled) {  // EPFD and inter-system interference (engine/study/spectrum.hpp)
    const SpectrumOutputs so = run_spectrum(sp.spectrum, [&](const std::string& key) {
      for (std::size_t i = 0; i < m.runs.size(); ++i)
        if (m.run_of[i].first == 0 && m.run_of[i].second == key) return SpectrumSystem{key, m.setup(m.runs[i], true).scenario};
      throw Error("spectrum: no run of constellation '" + key + "'");
    });
    out.stage_csv("epfd.csv", so.epfd);
    out.stage_csv("epfd_cdf.csv", so.epfd_cdf);
    out.stage_csv("sharing.csv", so.sharing);
    report = with_spectrum_section(std::move(report), so.html);
  }
  out.stage_text("report.html", report);
  out.commit();
}

std::string CapacityStudy::headline(const std::vector<nlohmann::json>& results) const {
  // One row per run: satellites, total delivered, then delivered (share served) per region.
  std::vector<std::string> regions;
  if (!results.empty())
    for (const auto& g : results.front()["regions"]) regions.push_back(g["name"].get<std::string>());
  std::ostringstream os;
  char buf[256];
  std::snprintf(buf, sizeof buf, "%-28s %6s %9s", "case", "sats", "total");
  os << buf;
  for (const auto& r : regions) {
    std::snprintf(buf, sizeof buf, " %16s", r.substr(0, 16).c_str());
    os << buf;
  }
  os << "   latency\n";
  for (const auto& r : results) {
    std::snprintf(buf, sizeof buf, "%-28s %6d %9.1f", r["name"].get<std::string>().substr(0, 28).c_str(), r["satellites"].get<int>(),
                  r["total_delivered_gbps"].get<double>());
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
  os << "(delivered Gbit/s, time mean; in brackets the share of the region's busy-hour demand served)\n";
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
