// P.618-14 §2.5 slant-path chain, default gas/cloud sources and the per-site attenuation table.
#include <satcap/core/error.hpp>
#include <satcap/radio/atmosphere.hpp>
#include <satcap/radio/itur/p1510.hpp>
#include <satcap/radio/itur/p1511.hpp>
#include <satcap/radio/itur/p453.hpp>
#include <satcap/radio/itur/p618.hpp>
#include <satcap/radio/itur/p676.hpp>
#include <satcap/radio/itur/p835.hpp>
#include <satcap/radio/itur/p836.hpp>
#include <satcap/radio/itur/p837.hpp>
#include <satcap/radio/itur/p838.hpp>
#include <satcap/radio/itur/p839.hpp>
#include <satcap/radio/itur/p840.hpp>

#include <oneapi/tbb/parallel_for.h>

#include <algorithm>
#include <cmath>

#include "itur_internal.hpp"

namespace satcap::radio {

using namespace itur;

struct SitePrecomputed {
  SlantPathInput in;
  double hs_km = 0, hr_km = 0, r001 = 0, nwet = 0;
  P838Coefficients coeff{};
  double gas_zenith_db = 0, cloud_zenith_db = 0;
};

double combine_total_attenuation(double ag, double ac, double ar, double as) {
  return ag + std::sqrt((ar + ac) * (ar + ac) + as * as);  // P.618-14 eq. (64)
}

namespace {

constexpr const char* kModel = "ITU-R P.618-14 §2.5 slant path";

class DefaultGas final : public GasSource {
 public:
  explicit DefaultGas(std::shared_ptr<const ClimateMaps> maps) : maps_(std::move(maps)) {
    const auto file = maps_->directory() / "676/v13_h0_coefficients.txt";
    if (!std::filesystem::exists(file))
      throw InputError(file.string(), 0, "", "table not found (Annex 2 Part 1 coefficients needed by Recommendation ITU-R P.676-13)");
    table_ = std::make_unique<P676OxygenHeightTable>(file);
  }
  double zenith_db(double lat, double lon, double hs, double f, double p) const override {
    const double t = p1510_annual_temperature_k(*maps_, lat, lon);
    const double ptot = p835_pressure_hpa(hs);
    const double rho_p = p836_surface_water_vapour_density(*maps_, lat, lon, p, hs);
    const double v_p = p836_total_water_vapour_content(*maps_, lat, lon, p, hs);
    const double rho_m = p836_surface_water_vapour_density(*maps_, lat, lon, 50.0, hs);
    const double e_m = rho_m * t / 216.7, e_p = rho_p * t / 216.7;
    const double ao = p676_gamma_oxygen(f, ptot - e_m, rho_m, t) * table_->equivalent_height_km(f, t, ptot, rho_p);
    const double aw = rho_p > 0 ? p676_gamma_water(f, ptot - e_p, rho_p, t) * v_p / rho_p : 0.0;
    return ao + aw;
  }

 private:
  std::shared_ptr<const ClimateMaps> maps_;
  std::unique_ptr<P676OxygenHeightTable> table_;
};

class P840Cloud final : public CloudSource {
 public:
  P840Cloud(std::shared_ptr<const ClimateMaps> maps, bool lognormal) : maps_(std::move(maps)), lognormal_(lognormal) {}
  double zenith_db(double lat, double lon, double f, double p) const override {
    const double l = lognormal_ ? p840_liquid_water_content_lognormal(*maps_, lat, lon, p) : p840_liquid_water_content(*maps_, lat, lon, p);
    return p840_coefficient(f).k_l * l;
  }

 private:
  std::shared_ptr<const ClimateMaps> maps_;
  bool lognormal_;
};

}  // namespace

std::shared_ptr<const GasSource> default_gas_source(std::shared_ptr<const ClimateMaps> maps) {
  return std::make_shared<DefaultGas>(std::move(maps));
}
std::shared_ptr<const CloudSource> default_cloud_source(std::shared_ptr<const ClimateMaps> maps) {
  return std::make_shared<P840Cloud>(std::move(maps), false);
}
std::shared_ptr<const CloudSource> lognormal_cloud_source(std::shared_ptr<const ClimateMaps> maps) {
  return std::make_shared<P840Cloud>(std::move(maps), true);
}

Atmosphere::Atmosphere(std::shared_ptr<const ClimateMaps> maps, std::shared_ptr<const GasSource> gas,
                       std::shared_ptr<const CloudSource> cloud)
    : maps_(std::move(maps)), gas_(std::move(gas)), cloud_(std::move(cloud)) {
  if (!maps_) throw Error("Atmosphere: no climate maps");
  if (!gas_) gas_ = default_gas_source(maps_);
  if (!cloud_) cloud_ = default_cloud_source(maps_);
  // Read the maps every query needs now, in parallel (P.837-7 monthly MT and P.1510-1 T dominate).
  std::vector<MapKey> keys = {MapKey::kP839RainHeight0, MapKey::kP1511Topo, MapKey::kP1510Annual,
                              static_cast<MapKey>(static_cast<int>(MapKey::kP453Nwet0) + 11)};  // Nwet 50 %
  for (int m = 0; m < 12; ++m) {
    keys.push_back(static_cast<MapKey>(static_cast<int>(MapKey::kP837Mt01) + m));
    keys.push_back(static_cast<MapKey>(static_cast<int>(MapKey::kP1510Month01) + m));
  }
  maps_->preload(keys);
}

std::shared_ptr<const SitePrecomputed> Atmosphere::prepare(const SlantPathInput& in) const {
  require_in_range("latitude", in.lat_deg, -90, 90, "deg", kModel);
  require_in_range("longitude", in.lon_deg, -360, 360, "deg", kModel);
  require_in_range("frequency", in.frequency_ghz, 4.0, in.extrapolate_above_55ghz ? 100.0 : 55.0, "GHz", kModel);
  require_in_range("p", in.p_percent, 0.001, 50.0, "%", kModel);
  require_in_range("antenna diameter", in.antenna_diameter_m, 1e-3, 100.0, "m", kModel);
  require_in_range("antenna efficiency", in.antenna_efficiency, 1e-3, 1.0, "", kModel);
  require_in_range("polarisation tilt", in.polarisation_tilt_deg, -90, 180, "deg", kModel);
  auto s = std::make_shared<SitePrecomputed>();
  s->in = in;
  s->hs_km = in.station_height_km ? *in.station_height_km : p1511_topographic_height_km(*maps_, in.lat_deg, in.lon_deg);
  require_in_range("station height", s->hs_km, -0.5, 10.0, "km", kModel);
  s->hr_km = p839_rain_height_km(*maps_, in.lat_deg, in.lon_deg);
  if (in.r001_mm_h) {
    require_in_range("R0.01", *in.r001_mm_h, 0.0, 1000.0, "mm/h", kModel);
    s->r001 = *in.r001_mm_h;
  } else {
    s->r001 = p837_rain_rate(*maps_, in.lat_deg, in.lon_deg, 0.01);
  }
  s->nwet = p453_wet_refractivity(*maps_, in.lat_deg, in.lon_deg, 50.0);
  s->coeff = p838_coefficients(in.frequency_ghz);
  const double pe = std::max(in.p_percent, 5.0);  // §2.5: AG(p) = AG(5 %), AC(p) = AC(5 %) for p < 5 %
  s->gas_zenith_db = gas_->zenith_db(in.lat_deg, in.lon_deg, s->hs_km, in.frequency_ghz, pe);
  s->cloud_zenith_db = cloud_->zenith_db(in.lat_deg, in.lon_deg, in.frequency_ghz, pe);
  return s;
}

AttenuationComponents Atmosphere::evaluate(const SitePrecomputed& s, double el) const {
  require_in_range("elevation", el, 5.0, 90.0, "deg", kModel);
  AttenuationComponents c;
  const double sin_el = std::sin(detail::deg2rad(el));
  c.gas_db = s.gas_zenith_db / sin_el;
  c.cloud_db = s.cloud_zenith_db / sin_el;
  if (s.in.p_percent <= 5.0) {
    P618RainInput r;
    r.lat_deg = s.in.lat_deg;
    r.station_height_km = s.hs_km;
    r.rain_height_km = s.hr_km;
    r.f_ghz = s.in.frequency_ghz;
    r.elevation_deg = el;
    r.tilt_deg = s.in.polarisation_tilt_deg;
    r.p_percent = s.in.p_percent;
    r.r001_mm_h = s.r001;
    const auto ka = p838_k_alpha(s.coeff, el, s.in.polarisation_tilt_deg);
    c.rain_db = p618_rain_attenuation_k(r, ka.k, ka.alpha).ap_db;
  }
  c.scintillation_db = (s.in.frequency_ghz > 55.0 ? detail::p618_scintillation_any_frequency : p618_scintillation)(
                           s.nwet, s.in.frequency_ghz, el, s.in.antenna_diameter_m, s.in.antenna_efficiency, s.in.p_percent)
                           .as_db;
  c.total_db = combine_total_attenuation(c.gas_db, c.cloud_db, c.rain_db, c.scintillation_db);
  return c;
}

AttenuationComponents Atmosphere::slant_path(const SlantPathInput& in) const {
  require_in_range("elevation", in.elevation_deg, 5.0, 90.0, "deg", kModel);
  return evaluate(*prepare(in), in.elevation_deg);
}

void Atmosphere::slant_path(std::span<const SlantPathInput> in, std::span<AttenuationComponents> out) const {
  if (in.size() != out.size()) throw Error("Atmosphere::slant_path: input and output sizes differ");
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, in.size(), 16), [&](const tbb::blocked_range<std::size_t>& r) {
    for (std::size_t i = r.begin(); i != r.end(); ++i) out[i] = slant_path(in[i]);
  });
}

SiteAttenuationTable::SiteAttenuationTable(const Atmosphere& atm, const SlantPathInput& site, double min_el, double step) {
  require_in_range("minimum elevation", min_el, 5.0, 89.0, "deg", "SiteAttenuationTable");
  require_in_range("table step", step, 1e-3, 5.0, "deg", "SiteAttenuationTable");
  const auto pre = atm.prepare(site);
  el0_ = min_el;
  const auto direct = [&](double e) { return atm.evaluate(*pre, std::clamp(e, 5.0, 90.0)).total_db; };
  std::vector<double> cuts = {min_el};
  for (double c : {25.0, 60.0})
    if (c > min_el) cuts.push_back(c);
  cuts.push_back(90.0);
  max_err_ = 0;
  for (std::size_t k = 0; k + 1 < cuts.size(); ++k) {
    Segment sg;
    sg.el_lo = cuts[k];
    sg.el_hi = cuts[k + 1];
    sg.sqrt_cos = sg.el_lo >= 60.0;
    // Elevation as a function of the segment variable, kept inside [el_lo, el_hi) so that the left
    // limit is used at a cut (25 deg belongs to the upper segment).
    const double top = sg.el_hi == 90.0 ? 90.0 : sg.el_hi - 1e-9;
    double xa, xb;
    std::size_t n;
    if (sg.sqrt_cos) {
      xa = std::sqrt(std::cos(detail::deg2rad(top)));
      xb = std::sqrt(std::cos(detail::deg2rad(sg.el_lo)));
      if (top == 90.0) xa = 0.0;
      n = static_cast<std::size_t>(std::ceil(2.0 * (sg.el_hi - sg.el_lo) / step)) + 1;
    } else {
      xa = sg.el_lo;
      xb = top;
      n = static_cast<std::size_t>(std::ceil((xb - xa) / step - 1e-9)) + 1;
    }
    n = std::max<std::size_t>(n, 2);
    sg.x0 = xa;
    sg.step = (xb - xa) / static_cast<double>(n - 1);
    sg.inv_step = 1.0 / sg.step;
    const auto el_of = [&](double x) {
      const double e = sg.sqrt_cos ? detail::rad2deg(std::acos(std::clamp(x * x, 0.0, 1.0))) : x;
      return std::clamp(e, sg.el_lo, top);
    };
    const auto f = [&](double x) { return direct(el_of(std::clamp(x, xa, xb))); };
    const double h = 1e-3 * sg.step;
    sg.value.resize(n);
    sg.slope.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
      const double x = xa + sg.step * static_cast<double>(i);
      sg.value[i] = f(x);
      if (i == 0)
        sg.slope[i] = (-3.0 * sg.value[i] + 4.0 * f(x + h) - f(x + 2 * h)) / (2 * h);
      else if (i + 1 == n)
        sg.slope[i] = (3.0 * sg.value[i] - 4.0 * f(x - h) + f(x - 2 * h)) / (2 * h);
      else
        sg.slope[i] = (f(x + h) - f(x - h)) / (2 * h);
    }
    for (std::size_t i = 0; i + 1 < n; ++i) {  // self-check at the interval midpoints
      const double x = xa + sg.step * (static_cast<double>(i) + 0.5);
      max_err_ = std::max(max_err_, std::fabs(sg.eval(x) - f(x)));
    }
    seg_.push_back(std::move(sg));
  }
}

double SiteAttenuationTable::Segment::eval(double x) const noexcept {
  const double u = (x - x0) * inv_step;
  const std::size_t last = value.size() - 1;
  std::size_t i = u <= 0.0 ? 0 : static_cast<std::size_t>(u);
  if (i >= last) i = last - 1;
  const double t = u - static_cast<double>(i);
  const double t2 = t * t, t3 = t2 * t;
  const double h00 = 2 * t3 - 3 * t2 + 1, h10 = t3 - 2 * t2 + t, h01 = -2 * t3 + 3 * t2, h11 = t3 - t2;  // cubic Hermite basis
  return h00 * value[i] + h10 * step * slope[i] + h01 * value[i + 1] + h11 * step * slope[i + 1];
}

double SiteAttenuationTable::total_db(double el) const noexcept {
  if (!(el >= el0_ && el <= 90.0)) return std::nan("");
  for (const Segment& s : seg_) {
    if (el < s.el_hi || s.el_hi == 90.0) {
      const double x = s.sqrt_cos ? std::sqrt(std::max(0.0, std::cos(detail::deg2rad(el)))) : el;
      return s.eval(x);
    }
  }
  return std::nan("");
}

void SiteAttenuationTable::total_db(std::span<const double> el, std::span<double> out) const noexcept {
  const std::size_t n = std::min(el.size(), out.size());
  for (std::size_t i = 0; i < n; ++i) out[i] = total_db(el[i]);
}

}  // namespace satcap::radio
