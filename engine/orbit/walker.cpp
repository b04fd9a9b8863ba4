// Walker delta / star constellations (J. G. Walker, "Satellite constellations", JBIS 37, 1984; star pattern:
// "Circular orbit patterns providing continuous whole earth coverage", RAE TR 70211, 1970), TOML loading and
// the grouping of a real fleet into shells.
#include <satcap/core/error.hpp>
#include <satcap/core/geodesy.hpp>
#include <satcap/orbit/sgp4.hpp>
#include <satcap/orbit/walker.hpp>

#include <toml++/toml.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <initializer_list>
#include <numbers>
#include <sstream>
#include <string_view>

namespace satcap::orbit {

const char* to_string(WalkerPattern p) { return p == WalkerPattern::Delta ? "delta" : "star"; }

WalkerPattern walker_pattern_from_string(const std::string& text) {
  std::string t;
  for (char ch : text) t += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  if (t == "delta") return WalkerPattern::Delta;
  if (t == "star") return WalkerPattern::Star;
  throw InputError("", 0, "pattern", "'" + text + "' is not a Walker pattern (delta or star)");
}

void ShellSpec::validate() const {
  const std::string model = "Walker shell '" + name + "'";
  require_in_range("altitude", units::to_km(altitude), 100.0, 50000.0, "km", model.c_str());
  require_in_range("inclination", units::to_deg(inclination), 0.0, 180.0, "deg", model.c_str());
  require_in_range("planes", planes, 1, 100000, "", model.c_str());
  require_in_range("sats_per_plane", sats_per_plane, 1, 100000, "", model.c_str());
  require_in_range("phasing", phasing, 0, planes - 1, "", model.c_str());
  require_in_range("eccentricity", eccentricity, 0.0, 0.9, "", model.c_str());
}

Constellation::Constellation(std::string name, std::vector<ShellSpec> shells, std::optional<core::Epoch> epoch)
    : name_(std::move(name)), shells_(std::move(shells)), epoch_(epoch) {
  constexpr double two_pi = 2.0 * std::numbers::pi;
  for (std::size_t si = 0; si < shells_.size(); ++si) {
    const ShellSpec& s = shells_[si];
    s.validate();
    const double spread = s.pattern == WalkerPattern::Delta ? two_pi : std::numbers::pi;
    const int total = s.total();
    const std::string shell_name = s.name.empty() ? std::to_string(si) : s.name;
    for (int p = 0; p < s.planes; ++p) {
      const double raan = std::fmod(units::to_rad(s.raan_offset) + spread * p / s.planes, two_pi);
      for (int k = 0; k < s.sats_per_plane; ++k) {
        WalkerSatellite w;
        w.id = {static_cast<int>(si), p, k};
        w.name = shell_name + "/" + std::to_string(p) + "/" + std::to_string(k);
        const double u = std::fmod(two_pi * k / s.sats_per_plane + two_pi * s.phasing * p / total, two_pi);
        w.elements.semi_major_axis = units::metres(core::Wgs84::a) + s.altitude;
        w.elements.eccentricity = s.eccentricity;
        w.elements.inclination = s.inclination;
        w.elements.raan = units::rad(raan);
        w.elements.arg_perigee = units::rad(0.0);
        w.elements.mean_anomaly = units::rad(u);
        sats_.push_back(std::move(w));
      }
    }
  }
}

long Constellation::index_of(const SatelliteId& id) const {
  // Satellites are stored shell by shell, plane by plane.
  if (id.shell < 0 || id.shell >= static_cast<int>(shells_.size())) return -1;
  long base = 0;
  for (int s = 0; s < id.shell; ++s) base += shells_[static_cast<std::size_t>(s)].total();
  const ShellSpec& sh = shells_[static_cast<std::size_t>(id.shell)];
  if (id.plane < 0 || id.plane >= sh.planes || id.slot < 0 || id.slot >= sh.sats_per_plane) return -1;
  return base + static_cast<long>(id.plane) * sh.sats_per_plane + id.slot;
}

MeanElements Constellation::sgp4_elements(std::size_t index, const core::Epoch& epoch) const {
  const WalkerSatellite& w = sats_.at(index);
  const GravityConstants g = gravity_constants(GravityModel::Wgs72);
  MeanElements e;
  e.name = w.name;
  e.norad_id = 0;
  e.epoch = epoch;
  e.epoch_jd_utc = epoch.jd_utc();
  e.bstar = 0.0;
  e.eccentricity = w.elements.eccentricity;
  e.inclination_deg = units::to_deg(w.elements.inclination);
  e.raan_deg = units::to_deg(w.elements.raan);
  e.arg_perigee_deg = units::to_deg(w.elements.arg_perigee);
  e.mean_anomaly_deg = units::to_deg(w.elements.mean_anomaly);
  // Kozai mean motion whose un-Kozai'd semi-major axis (SGP4's initialisation) equals the shell's a.
  const double a_er = units::to_km(w.elements.semi_major_axis) / g.radius;
  double n = g.xke / std::pow(a_er, 1.5);  // rad/min
  for (int it = 0; it < 4; ++it) {
    e.mean_motion_rev_day = n * 1440.0 / (2.0 * std::numbers::pi);
    const Sgp4 probe(e);
    n *= std::pow(probe.semi_major_axis_er() / a_er, 1.5);
  }
  e.mean_motion_rev_day = n * 1440.0 / (2.0 * std::numbers::pi);
  return e;
}

namespace {

std::size_t line_of(const toml::node& n) { return static_cast<std::size_t>(n.source().begin.line); }

}  // namespace

Constellation Constellation::load_toml(const std::filesystem::path& path) {
  const std::string file = path.string();
  toml::table doc;
  try {
    doc = toml::parse_file(file);
  } catch (const toml::parse_error& e) {
    throw InputError(file, static_cast<std::size_t>(e.source().begin.line), "toml", std::string(e.description()));
  }
  std::string name = doc["name"].value_or(path.stem().string());
  std::optional<core::Epoch> epoch;
  if (auto* n = doc.get("epoch")) {
    auto v = n->value<std::string>();
    if (!v) throw InputError(file, line_of(*n), "epoch", "expected an ISO-8601 string");
    try {
      epoch = core::Epoch::parse_iso8601(*v);
    } catch (const InputError& e) {
      throw InputError(file, line_of(*n), "epoch", e.detail());
    }
  }
  // Unknown keys are errors: a misspelt optional key (e.g. "phaseing") would otherwise be ignored silently.
  auto reject_unknown = [&](const toml::table& t, std::initializer_list<std::string_view> known, const char* where) {
    for (const auto& [key, value] : t) {
      if (std::find(known.begin(), known.end(), key.str()) == known.end())
        throw InputError(file, line_of(value), std::string(key.str()), std::string("unknown key in ") + where);
    }
  };
  reject_unknown(doc, {"name", "epoch", "shell"}, "the constellation file");
  const toml::array* shells = doc["shell"].as_array();
  if (!shells || shells->empty()) throw InputError(file, 0, "shell", "no [[shell]] tables");
  std::vector<ShellSpec> specs;
  for (const toml::node& node : *shells) {
    const toml::table* t = node.as_table();
    if (!t) throw InputError(file, line_of(node), "shell", "expected a [[shell]] table");
    const std::size_t tline = line_of(node);
    reject_unknown(*t,
                   {"name", "altitude_km", "inclination_deg", "planes", "sats_per_plane", "phasing", "raan_offset_deg",
                    "eccentricity", "pattern", "source"},
                   "[[shell]]");
    auto number = [&](const char* key, bool required, double fallback) -> double {
      const toml::node* n = t->get(key);
      if (!n) {
        if (required) throw InputError(file, tline, key, std::string("missing key ") + key);
        return fallback;
      }
      auto v = n->value<double>();
      if (!v) throw InputError(file, line_of(*n), key, "expected a number");
      return *v;
    };
    auto integer = [&](const char* key, bool required, long fallback) -> long {
      const toml::node* n = t->get(key);
      if (!n) {
        if (required) throw InputError(file, tline, key, std::string("missing key ") + key);
        return fallback;
      }
      auto v = n->value<std::int64_t>();
      if (!v || !n->is_integer()) throw InputError(file, line_of(*n), key, "expected an integer");
      return static_cast<long>(*v);
    };
    ShellSpec s;
    s.name = (*t)["name"].value_or(std::string("shell") + std::to_string(specs.size()));
    // Two shells with one name are almost always a pasted duplicate (every satellite twice).
    for (const ShellSpec& other : specs)
      if (other.name == s.name) throw InputError(file, tline, "name", "duplicate shell name '" + s.name + "'");
    const double alt = number("altitude_km", true, 0);
    const double inc = number("inclination_deg", true, 0);
    s.altitude = units::km(alt);
    s.inclination = units::deg(inc);
    s.planes = static_cast<int>(integer("planes", true, 0));
    s.sats_per_plane = static_cast<int>(integer("sats_per_plane", true, 0));
    s.phasing = static_cast<int>(integer("phasing", false, 0));
    s.raan_offset = units::deg(number("raan_offset_deg", false, 0.0));
    s.eccentricity = number("eccentricity", false, 0.0);
    if (const toml::node* n = t->get("pattern")) {
      auto v = n->value<std::string>();
      if (!v) throw InputError(file, line_of(*n), "pattern", "expected \"delta\" or \"star\"");
      try {
        s.pattern = walker_pattern_from_string(*v);
      } catch (const InputError& e) {
        throw InputError(file, line_of(*n), "pattern", e.detail());
      }
    }
    const toml::node* src = t->get("source");
    if (!src || !src->value<std::string>() || src->value<std::string>()->empty())
      throw InputError(file, tline, "source", "every shell needs a non-empty source (where the numbers come from)");
    s.source = *src->value<std::string>();
    try {
      s.validate();
    } catch (const RangeError& e) {
      throw InputError(file, tline, e.quantity(), e.what());
    }
    specs.push_back(std::move(s));
  }
  return Constellation(std::move(name), std::move(specs), epoch);
}

std::vector<ShellGroup> group_into_shells(const std::vector<MeanElements>& fleet, double inc_tol, double alt_tol,
                                          std::size_t min_members, double raan_tol) {
  const GravityConstants g = gravity_constants(GravityModel::Wgs72);
  struct Item {
    std::size_t idx;
    double inc, alt, raan_rate_deg_day;
  };
  std::vector<Item> items;
  items.reserve(fleet.size());
  for (std::size_t i = 0; i < fleet.size(); ++i) {
    const MeanElements& e = fleet[i];
    const double n = e.mean_motion_rev_day * 2.0 * std::numbers::pi / 86400.0;  // rad/s
    const double a_km = std::cbrt(g.mu / (n * n));
    const double p = a_km * (1.0 - e.eccentricity * e.eccentricity);
    const double rate = -1.5 * n * g.j2 * (g.radius / p) * (g.radius / p) * std::cos(e.inclination_deg * std::numbers::pi / 180.0);
    items.push_back({i, e.inclination_deg, a_km - g.radius, rate * 86400.0 * 180.0 / std::numbers::pi});
  }
  std::sort(items.begin(), items.end(), [](const Item& a, const Item& b) {
    return a.inc < b.inc || (a.inc == b.inc && a.idx < b.idx);
  });
  std::vector<ShellGroup> out;
  std::size_t i = 0;
  while (i < items.size()) {
    std::size_t j = i + 1;
    while (j < items.size() && items[j].inc - items[j - 1].inc <= inc_tol) ++j;
    std::vector<Item> band(items.begin() + static_cast<long>(i), items.begin() + static_cast<long>(j));
    std::sort(band.begin(), band.end(), [](const Item& a, const Item& b) {
      return a.alt < b.alt || (a.alt == b.alt && a.idx < b.idx);
    });
    std::size_t a = 0;
    while (a < band.size()) {
      std::size_t b = a + 1;
      while (b < band.size() && band[b].alt - band[b - 1].alt <= alt_tol) ++b;
      if (b - a >= min_members) {
        ShellGroup grp;
        double si = 0, sa = 0;
        double ref_jd = -1e300;
        for (std::size_t k = a; k < b; ++k) {
          si += band[k].inc;
          sa += band[k].alt;
          grp.members.push_back(band[k].idx);
          ref_jd = std::max(ref_jd, fleet[band[k].idx].epoch_jd_utc.value());
        }
        grp.inclination_deg = si / static_cast<double>(b - a);
        grp.altitude_km = sa / static_cast<double>(b - a);
        std::sort(grp.members.begin(), grp.members.end());
        // Planes: RAANs moved to the common epoch, sorted on the circle, split at gaps > raan_tol.
        std::vector<double> raans;
        for (std::size_t k = a; k < b; ++k) {
          const MeanElements& e = fleet[band[k].idx];
          double r = e.raan_deg + band[k].raan_rate_deg_day * (ref_jd - e.epoch_jd_utc.value());
          r = std::fmod(r, 360.0);
          if (r < 0) r += 360.0;
          raans.push_back(r);
        }
        std::sort(raans.begin(), raans.end());
        int gaps = 0;
        for (std::size_t k = 0; k < raans.size(); ++k) {
          const double next = k + 1 < raans.size() ? raans[k + 1] : raans[0] + 360.0;
          if (next - raans[k] > raan_tol) ++gaps;
        }
        grp.planes = std::max(1, gaps);
        out.push_back(std::move(grp));
      }
      a = b;
    }
    i = j;
  }
  return out;
}

}  // namespace satcap::orbit
