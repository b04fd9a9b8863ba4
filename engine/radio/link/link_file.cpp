// Link files (TOML via toml++), evaluation with the optional ITU-R atmosphere, text and JSON reports.
#include <satcap/radio/link_file.hpp>

#include <satcap/core/error.hpp>
#include <satcap/core/files.hpp>
#include <satcap/core/version.hpp>

#include <nlohmann/json.hpp>
#include <toml++/toml.h>

#include <cmath>
#include <cstdio>
#include <limits>
#include <set>
#include <sstream>

#include "link_internal.hpp"

namespace satcap::radio {
namespace {

const double kNaN = std::numeric_limits<double>::quiet_NaN();

std::size_t line_of(const toml::node& n) { return static_cast<std::size_t>(n.source().begin.line); }

/// One TOML table with the keys it has handed out, so that the rest can be reported as unknown.
class Section {
 public:
  Section(const toml::table* t, std::string name, std::string file) : t_(t), name_(std::move(name)), file_(std::move(file)) {}

  bool present() const { return t_ != nullptr; }
  std::size_t line() const { return t_ ? line_of(*t_) : 0; }
  std::string key(const std::string& k) const { return name_.empty() ? k : name_ + "." + k; }
  bool has(const std::string& k) const { return t_ && t_->get(k) != nullptr; }

  const toml::node* node(const std::string& k) {
    if (!t_) return nullptr;
    const toml::node* n = t_->get(k);
    if (n) used_.insert(k);
    return n;
  }

  [[noreturn]] void fail(const std::string& k, const std::string& why, const toml::node* n = nullptr) const {
    throw InputError(file_, n ? line_of(*n) : line(), key(k), why);
  }

  std::optional<double> number(const std::string& k, double lo, double hi, const char* unit, bool required = false) {
    const toml::node* n = node(k);
    if (!n) {
      if (required) fail(k, "missing required key");
      return std::nullopt;
    }
    if (!n->is_number()) fail(k, "must be a number", n);
    const double v = n->is_integer() ? static_cast<double>(*n->value<int64_t>()) : *n->value<double>();
    if (!std::isfinite(v) || v < lo || v > hi) {
      std::ostringstream s;
      s << "value " << v << " is outside [" << lo << ", " << hi << "]" << (unit && *unit ? " " : "") << (unit ? unit : "");
      fail(k, s.str(), n);
    }
    return v;
  }
  double required(const std::string& k, double lo, double hi, const char* unit) { return *number(k, lo, hi, unit, true); }

  std::optional<std::string> text(const std::string& k, bool required = false) {
    const toml::node* n = node(k);
    if (!n) {
      if (required) fail(k, "missing required key");
      return std::nullopt;
    }
    if (!n->is_string()) fail(k, "must be a string", n);
    return *n->value<std::string>();
  }

  std::optional<std::int64_t> integer(const std::string& k, std::int64_t lo, std::int64_t hi) {
    const toml::node* n = node(k);
    if (!n) return std::nullopt;
    if (!n->is_integer()) fail(k, "must be an integer", n);
    const auto v = *n->value<std::int64_t>();
    if (v < lo || v > hi) fail(k, "value " + std::to_string(v) + " is outside [" + std::to_string(lo) + ", " + std::to_string(hi) + "]", n);
    return v;
  }

  Section sub(const std::string& k) {
    const toml::node* n = node(k);
    if (!n) return Section(nullptr, key(k), file_);
    if (!n->is_table()) fail(k, "must be a table", n);
    return Section(n->as_table(), key(k), file_);
  }

  const toml::array* array(const std::string& k) {
    const toml::node* n = node(k);
    if (!n) return nullptr;
    if (!n->is_array()) fail(k, "must be an array", n);
    return n->as_array();
  }

  /// Every key not handed out is an error.
  void finish() const {
    if (!t_) return;
    for (auto&& [k, v] : *t_) {
      const std::string ks(k.str());
      if (!used_.count(ks)) {
        const auto ln = k.source().begin.line ? static_cast<std::size_t>(k.source().begin.line) : line_of(v);
        throw InputError(file_, ln, key(ks), "unknown key");
      }
    }
  }

  const std::string& file() const { return file_; }

 private:
  const toml::table* t_;
  std::string name_, file_;
  std::set<std::string> used_;
};

std::shared_ptr<const AntennaPattern> parse_antenna(Section s, units::Frequency f, const std::filesystem::path& base_dir,
                                                    double* diameter_out, double* efficiency_out) {
  std::string pattern = s.text("pattern").value_or("");
  const auto gain = s.number("gain_dbi", -50.0, 100.0, "dBi");
  const auto diameter = s.number("diameter_m", 1e-3, 1000.0, "m");
  const auto eff = s.number("efficiency", 1e-3, 1.0, "");
  const auto bw = s.number("beamwidth_deg", 1e-4, 180.0, "deg");
  const auto taper = s.number("edge_taper_db", 0.0, 300.0, "dB");
  const auto ln = s.number("ln_db", -60.0, 0.0, "dB");
  const auto ls = s.number("ls_db", -60.0, 0.0, "dB");
  const auto lf = s.number("lf_dbi", -50.0, 50.0, "dBi");
  const auto slr = s.number("slr_db", 13.0, 60.0, "dB");
  const auto nbar = s.integer("nbar", 2, 20);
  const auto z = s.number("axis_ratio", 1.0, 100.0, "");
  const auto file = s.text("file");
  const auto floor = s.number("floor_db", -200.0, 0.0, "dB");
  if (pattern.empty()) pattern = diameter ? "aperture" : (file ? "table" : "flat");
  if (diameter_out && diameter) *diameter_out = *diameter;
  if (efficiency_out && eff) *efficiency_out = *eff;
  auto need = [&](bool ok, const char* key) {
    if (!ok) s.fail(key, std::string("required for pattern '") + pattern + "'");
  };
  auto peak = [&]() -> units::DecibelIsotropic {
    if (gain) return units::DecibelIsotropic(*gain);
    need(diameter.has_value(), "gain_dbi");
    return aperture_gain(units::metres(*diameter), f, eff.value_or(0.65));
  };
  std::shared_ptr<const AntennaPattern> p;
  if (pattern == "flat") {
    need(gain.has_value(), "gain_dbi");
    p = std::make_shared<FlatPattern>(units::DecibelIsotropic(*gain));
  } else if (pattern == "aperture") {
    need(diameter.has_value(), "diameter_m");
    p = std::make_shared<CircularAperturePattern>(units::metres(*diameter), f, eff.value_or(0.65),
                                                  units::Decibel(taper.value_or(0.0)));
  } else if (pattern == "gaussian") {
    need(bw.has_value(), "beamwidth_deg");
    p = std::make_shared<GaussianPattern>(peak(), units::deg(*bw), units::Decibel(floor.value_or(-40.0)));
  } else if (pattern == "s465") {
    need(diameter.has_value(), "diameter_m");
    p = std::make_shared<S465Pattern>(units::metres(*diameter), f, eff.value_or(0.65));
  } else if (pattern == "s580") {
    need(diameter.has_value(), "diameter_m");
    p = std::make_shared<S580Pattern>(units::metres(*diameter), f, eff.value_or(0.65));
  } else if (pattern == "s672") {
    need(bw.has_value(), "beamwidth_deg");
    p = std::make_shared<S672Pattern>(peak(), units::deg(*bw / 2.0), units::Decibel(ls.value_or(-20.0)));
  } else if (pattern == "s1528_rec12") {
    need(bw.has_value(), "beamwidth_deg");
    p = std::make_shared<S1528Rec12Pattern>(peak(), units::deg(*bw / 2.0), units::Decibel(ln.value_or(-20.0)), z.value_or(1.0));
  } else if (pattern == "s1528_rec13") {
    need(bw.has_value(), "beamwidth_deg");
    p = std::make_shared<S1528Rec13Pattern>(peak(), units::deg(*bw / 2.0), units::Decibel(ls.value_or(-6.75)),
                                            units::DecibelIsotropic(lf.value_or(5.0)));
  } else if (pattern == "s1528_taylor") {
    need(diameter.has_value(), "diameter_m");
    p = std::make_shared<S1528TaylorPattern>(peak(), units::metres(*diameter), f, units::Decibel(slr.value_or(20.0)),
                                             static_cast<int>(nbar.value_or(4)));
  } else if (pattern == "table") {
    need(file.has_value(), "file");
    std::filesystem::path fp(*file);
    if (fp.is_relative()) fp = base_dir / fp;
    p = std::make_shared<GainTablePattern>(GainTablePattern::from_csv(fp));
  } else {
    s.fail("pattern", "unknown pattern '" + pattern +
                          "' (flat, aperture, gaussian, s465, s580, s672, s1528_rec12, s1528_rec13, s1528_taylor, table)",
           s.node("pattern"));
  }
  s.finish();
  return p;
}

/// Wraps model-construction errors (RangeError) of one section with the file and section line.
template <class F>
auto in_section(const Section& s, const std::string& key, F&& f) {
  try {
    return f();
  } catch (const InputError&) {
    throw;
  } catch (const Error& e) {
    throw InputError(s.file(), s.line(), key, e.what());
  }
}

}  // namespace

LinkSpec parse_link_toml(std::string_view text, const std::string& name, const std::filesystem::path& base_dir) {
  toml::table root;
  try {
    root = toml::parse(text, name);
  } catch (const toml::parse_error& e) {
    throw InputError(name, static_cast<std::size_t>(e.source().begin.line), "", std::string(e.description()));
  }
  LinkSpec spec;
  spec.file = name;
  Section top(&root, "", name);
  auto section = [&](const char* key, bool required) {
    Section s = top.sub(key);
    if (required && !s.present()) throw InputError(name, 0, std::string("[") + key + "]", "missing required section");
    return s;
  };
  // Top-level keys must all be known sections.
  Section link = section("link", true);
  Section tx = section("transmitter", true);
  Section geo = section("geometry", true);
  Section losses = section("losses", false);
  Section rx = section("receiver", true);
  Section itf = section("interference", false);
  Section mc = section("modcod", false);
  for (auto&& [k, v] : root) {
    const std::string ks(k.str());
    static const std::set<std::string> known = {"link", "transmitter", "geometry", "losses", "receiver", "interference", "modcod"};
    if (!known.count(ks)) throw InputError(name, line_of(v), ks, "unknown section or key");
  }

  LinkInput& in = spec.input;
  // [link]
  spec.name = link.text("name").value_or(std::filesystem::path(name).stem().string());
  in.name = spec.name;
  in.frequency = units::ghz(link.required("frequency_ghz", 0.1, 1000.0, "GHz"));
  in.bandwidth = units::mhz(link.required("bandwidth_mhz", 1e-6, 1e6, "MHz"));
  in.rolloff = link.number("rolloff", 0.0, 1.0, "").value_or(0.2);
  link.finish();

  double ground_d = kNaN, ground_eff = kNaN;
  // [transmitter]
  {
    const auto eirp = tx.number("eirp_dbw", -100.0, 150.0, "dBW");
    const auto power = tx.number("power_w", 1e-9, 1e7, "W");
    const auto feed = tx.number("feed_loss_db", 0.0, 100.0, "dB");
    const auto off = tx.number("off_axis_deg", 0.0, 180.0, "deg");
    if (eirp && power) tx.fail("power_w", "give eirp_dbw or power_w, not both", tx.node("power_w"));
    if (!eirp && !power) tx.fail("eirp_dbw", "missing required key (or power_w with [transmitter.antenna])");
    Section ant = tx.sub("antenna");
    if (power && !ant.present()) tx.fail("antenna", "power_w needs a [transmitter.antenna] table");
    if (eirp) in.tx.eirp = units::DecibelWatt(*eirp);
    if (power) in.tx.power = units::watts(*power);
    in.tx.feed_loss = units::Decibel(feed.value_or(0.0));
    in.tx.off_axis = units::deg(off.value_or(0.0));
    if (ant.present())
      in.tx.antenna = in_section(ant, "transmitter.antenna", [&] { return parse_antenna(ant, in.frequency, base_dir, &ground_d, &ground_eff); });
    tx.finish();
  }
  // [geometry]
  {
    const auto d = geo.number("slant_range_km", 1e-3, 1e6, "km");
    const auto h = geo.number("altitude_km", 1e-3, 1e6, "km");
    const auto el = geo.number("elevation_deg", 0.0, 90.0, "deg");
    if (d && h) geo.fail("altitude_km", "give slant_range_km or altitude_km + elevation_deg, not both", geo.node("altitude_km"));
    if (!d && !h) geo.fail("slant_range_km", "missing required key (or altitude_km + elevation_deg)");
    if (h && !el) geo.fail("elevation_deg", "missing required key (needed with altitude_km)");
    in.range = d ? units::km(*d) : slant_range(units::km(*h), units::deg(*el));
    if (el) in.elevation = units::deg(*el);
    geo.finish();
  }
  // [receiver] (before [losses]: the ground antenna size feeds the scintillation model)
  {
    const auto gt = rx.number("g_over_t_dbk", -100.0, 100.0, "dB/K");
    const auto tsys = rx.number("system_noise_temperature_k", 1e-3, 1e7, "K");
    const auto nf = rx.number("noise_figure_db", 0.0, 30.0, "dB");
    const auto feed = rx.number("feed_loss_db", 0.0, 100.0, "dB");
    const auto tfeed = rx.number("feed_temperature_k", 0.0, 1e4, "K");
    const auto tant = rx.number("antenna_temperature_k", 0.0, 1e5, "K");
    const auto spill = rx.number("spillover_k", 0.0, 1e4, "K");
    const auto tmr = rx.number("mean_radiating_temperature_k", 0.0, 1e4, "K");
    const auto off = rx.number("off_axis_deg", 0.0, 180.0, "deg");
    Section ant = rx.sub("antenna");
    if (gt && tsys) rx.fail("system_noise_temperature_k", "give g_over_t_dbk or system_noise_temperature_k, not both", rx.node("system_noise_temperature_k"));
    if (!gt && !ant.present()) rx.fail("g_over_t_dbk", "missing required key (or [receiver.antenna] with a noise temperature)");
    if (gt) in.rx.g_over_t = units::DecibelPerKelvin(*gt);
    if (ant.present())
      in.rx.antenna = in_section(ant, "receiver.antenna", [&] { return parse_antenna(ant, in.frequency, base_dir, &ground_d, &ground_eff); });
    if (tsys) in.rx.system_temperature = units::kelvin(*tsys);
    if (nf) in.rx.noise_figure = units::Decibel(*nf);
    if (feed) in.rx.feed_loss = units::Decibel(*feed);
    if (tfeed) in.rx.feed_temperature = units::kelvin(*tfeed);
    if (tant) {
      in.rx.noise_mode = AntennaNoiseMode::Fixed;
      in.rx.antenna_temperature = units::kelvin(*tant);
    }
    if (spill) in.rx.spillover_temperature = units::kelvin(*spill);
    if (tmr) in.rx.mean_radiating_temperature = units::kelvin(*tmr);
    in.rx.off_axis = units::deg(off.value_or(0.0));
    rx.finish();
  }
  // [losses]
  {
    const auto atm = losses.number("atmospheric_db", 0.0, 1000.0, "dB");
    const auto avail = losses.number("availability_pct", 50.0, 99.999, "%");
    Section site = losses.sub("site");
    const auto dant = losses.number("antenna_diameter_m", 1e-3, 100.0, "m");
    const auto eant = losses.number("antenna_efficiency", 1e-3, 1.0, "");
    const auto tilt = losses.number("polarization_tilt_deg", 0.0, 90.0, "deg");
    in.pointing_loss = units::Decibel(losses.number("pointing_db", 0.0, 100.0, "dB").value_or(0.0));
    in.polarization_loss = units::Decibel(losses.number("polarization_db", 0.0, 100.0, "dB").value_or(0.0));
    in.other_loss = units::Decibel(losses.number("other_db", 0.0, 1000.0, "dB").value_or(0.0));
    if (atm && (site.present() || avail))
      losses.fail("site", "give atmospheric_db or site + availability_pct, not both", losses.node("site"));
    if (atm) in.atmospheric_loss = units::Decibel(*atm);
    if (site.present() != avail.has_value())
      losses.fail(site.present() ? "availability_pct" : "site", "site and availability_pct go together");
    if (site.present()) {
      if (!in.elevation) geo.fail("elevation_deg", "required when [losses] gives a site (ITU-R slant path)");
      SlantPathInput q;
      q.lat_deg = site.required("lat_deg", -90.0, 90.0, "deg");
      q.lon_deg = site.required("lon_deg", -180.0, 360.0, "deg");
      if (const auto hm = site.number("height_m", -500.0, 9000.0, "m")) q.station_height_km = *hm / 1000.0;
      site.finish();
      q.elevation_deg = units::to_deg(*in.elevation);
      q.frequency_ghz = units::to_ghz(in.frequency);
      q.p_percent = 100.0 - *avail;
      q.antenna_diameter_m = dant ? *dant : (std::isfinite(ground_d) ? ground_d : q.antenna_diameter_m);
      q.antenna_efficiency = eant ? *eant : (std::isfinite(ground_eff) ? ground_eff : q.antenna_efficiency);
      if (tilt) q.polarisation_tilt_deg = *tilt;
      spec.atmosphere = q;
      spec.availability_pct = *avail;
    }
    losses.finish();
  }
  // [interference]
  if (const toml::array* a = itf.array("c_over_i_db")) {
    const toml::array* names = itf.array("c_over_i_names");
    if (names && names->size() != a->size()) itf.fail("c_over_i_names", "must have as many entries as c_over_i_db", itf.node("c_over_i_names"));
    for (std::size_t i = 0; i < a->size(); ++i) {
      const toml::node& n = *a->get(i);
      if (!n.is_number()) itf.fail("c_over_i_db", "entry " + std::to_string(i + 1) + " must be a number", &n);
      const double v = n.is_integer() ? static_cast<double>(*n.value<int64_t>()) : *n.value<double>();
      if (!std::isfinite(v) || v < -50.0 || v > 200.0) itf.fail("c_over_i_db", "entry " + std::to_string(i + 1) + " is outside [-50, 200] dB", &n);
      std::string label = "C/X " + std::to_string(i + 1);
      if (names) {
        const toml::node& nn = *names->get(i);
        if (!nn.is_string()) itf.fail("c_over_i_names", "entries must be strings", &nn);
        label = *nn.value<std::string>();
      }
      in.c_over_x.push_back({label, units::Decibel(v)});
    }
  } else if (itf.has("c_over_i_names")) {
    itf.fail("c_over_i_names", "given without c_over_i_db", itf.node("c_over_i_names"));
  }
  itf.finish();
  // [modcod]
  if (const auto st = mc.text("standard")) {
    try {
      in.standard = parse_modcod_standard(*st, "modcod.standard");
    } catch (const InputError& e) {
      throw InputError(name, line_of(*mc.node("standard")), "modcod.standard", e.detail());
    }
  }
  in.implementation_margin = units::Decibel(mc.number("implementation_margin_db", -10.0, 30.0, "dB").value_or(0.0));
  mc.finish();
  // Whole-link consistency (e.g. a receiver with an antenna but no noise description is fine, a
  // transmitter given by power without an antenna is not): the budget's own checks, reported on the file.
  try {
    detail::validate(in);
  } catch (const InputError&) {
    throw;
  } catch (const Error& e) {
    throw InputError(name, 0, "", e.what());
  }
  return spec;
}

LinkSpec read_link_file(const std::filesystem::path& path) {
  const std::string text = core::read_file(path);
  return parse_link_toml(text, path.string(), path.parent_path());
}

LinkReport evaluate_link_spec(const LinkSpec& spec, const std::optional<std::filesystem::path>& maps_dir) {
  LinkReport rep;
  rep.spec = spec;
  LinkInput in = spec.input;
  if (spec.atmosphere) {
    auto maps = ClimateMaps::load(resolve_maps_dir(maps_dir));
    Atmosphere atm(maps);
    try {
      rep.atmosphere = atm.slant_path(*spec.atmosphere);
    } catch (const InputError&) {
      throw;
    } catch (const Error& e) {
      throw InputError(spec.file, 0, "losses", e.what());
    }
    in.atmospheric_loss = units::Decibel(rep.atmosphere->total_db);
  }
  try {
    rep.result = evaluate(in);
  } catch (const InputError&) {
    throw;
  } catch (const Error& e) {
    throw InputError(spec.file, 0, "", e.what());
  }
  return rep;
}

std::string format_report(const LinkReport& rep) {
  std::ostringstream o;
  const auto& r = rep.result;
  o << "satcap link budget: " << rep.spec.name << "  (" << rep.spec.file << ")\n";
  o << "MODCOD table: " << to_string(r.standard) << "\n";
  char buf[256];
  auto line = [&](const std::string& label, double v, const std::string& unit) {
    if (std::isinf(v)) std::snprintf(buf, sizeof buf, "  %-46s %14s  %s\n", label.c_str(), v > 0 ? "inf" : "-inf", unit.c_str());
    else if (std::isnan(v)) std::snprintf(buf, sizeof buf, "  %-46s %14s  %s\n", label.c_str(), "n/a", unit.c_str());
    else std::snprintf(buf, sizeof buf, "  %-46s %14.4f  %s\n", label.c_str(), v, unit.c_str());
    o << buf;
  };
  for (const auto& item : line_items(r)) {
    line(item.label, item.value, item.unit);
    if (item.key == "atmospheric_loss_db" && rep.atmosphere) {
      const auto& a = *rep.atmosphere;
      std::snprintf(buf, sizeof buf, "    ITU-R P.618-14 at %.3f %% availability (p = %.3f %%):\n", rep.spec.availability_pct,
                    100.0 - rep.spec.availability_pct);
      o << buf;
      line("  gas (P.676)", a.gas_db, "dB");
      line("  cloud (P.840)", a.cloud_db, "dB");
      line("  rain (P.618 §2.2)", a.rain_db, "dB");
      line("  scintillation (P.618 §2.4)", a.scintillation_db, "dB");
    }
  }
  o << "\n";
  if (r.acm.closes())
    o << "  MODCOD: " << r.acm.modcod->name << " (" << r.acm.modcod->standard << ", " << r.acm.modcod->source << ")\n";
  else
    o << "  MODCOD: none closes (Es/(N0+I0) below the lowest threshold): the beam carries nothing\n";
  return o.str();
}

std::string to_json(const LinkReport& rep) {
  const auto& r = rep.result;
  nlohmann::ordered_json j;
  auto num = [](double v) -> nlohmann::ordered_json { return std::isfinite(v) ? nlohmann::ordered_json(v) : nlohmann::ordered_json(nullptr); };
  j["satcap_version"] = satcap::version();
  j["file"] = rep.spec.file;
  j["link"] = rep.spec.name;
  j["modcod_standard"] = to_string(r.standard);
  j["modcod"] = r.acm.closes() ? nlohmann::ordered_json(r.acm.modcod->name) : nlohmann::ordered_json(nullptr);
  for (const auto& item : line_items(r))
    if (!item.key.empty()) j[item.key] = num(item.value);
  // Keys the issue requires, whatever line_items() printed.
  j["fspl_db"] = num(r.fspl.value());
  j["atmospheric_loss_db"] = num(r.atmospheric_loss.value());
  j["eirp_dbw"] = num(r.eirp.value());
  j["g_over_t_dbk"] = num(r.g_over_t.value());
  j["c_n0_dbhz"] = num(r.c_n0.value());
  j["c_n_db"] = num(r.c_n.value());
  j["c_i_db"] = num(r.c_i.value());
  j["c_ni_db"] = num(r.c_ni.value());
  j["esn0_db"] = num(r.esn0_eff.value());
  j["spectral_efficiency_bps_hz"] = num(r.acm.spectral_efficiency_bps_hz);
  j["throughput_mbps"] = num(r.acm.throughput_bps / 1e6);
  j["margin_db"] = num(r.acm.margin.value());
  nlohmann::ordered_json cx = nlohmann::ordered_json::array();
  for (const auto& x : r.c_over_x) cx.push_back({{"name", x.name}, {"db", num(x.value.value())}});
  j["c_over_x"] = cx;
  if (rep.atmosphere) {
    const auto& a = *rep.atmosphere;
    j["atmosphere"] = {{"availability_pct", rep.spec.availability_pct}, {"gas_db", num(a.gas_db)},
                       {"cloud_db", num(a.cloud_db)}, {"rain_db", num(a.rain_db)},
                       {"scintillation_db", num(a.scintillation_db)}, {"total_db", num(a.total_db)}};
  }
  return j.dump(2) + "\n";
}

}  // namespace satcap::radio
