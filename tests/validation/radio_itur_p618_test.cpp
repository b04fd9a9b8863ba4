// Validation of P.838-3 and P.618-14 (rain, P(A>0), scintillation, deep fade, XPD, §2.5 total) against the
// SG3 workbook (CG-3M3J-13-ValEx Rev 8.3.0).
#include <satcap/radio/atmosphere.hpp>
#include <satcap/radio/itur/p453.hpp>
#include <satcap/radio/itur/p618.hpp>
#include <satcap/radio/itur/p837.hpp>
#include <satcap/radio/itur/p838.hpp>
#include <satcap/radio/itur/p839.hpp>
#include <satcap/radio/itur/p840.hpp>

#include <algorithm>

#include "radio_itur_support.hpp"

namespace it = satcap::radio::itur;
using satcap::core::CsvTable;
using satcap::test::itur::maps;
using satcap::test::itur::Tally;
using satcap::test::itur::valex;

TEST(RadioIturP618Validation, P838SpecificAttenuation) {
  const auto path = valex("P.838-3_gammaR.csv");
  SATCAP_REQUIRE_REFERENCE(path);
  const auto t = CsvTable::read(path);
  Tally tally("radio_itur_p838_gammar", "P.838-3 kH, kV, alphaH, alphaV, k, alpha, gammaR", "SG3 ValEx 8.3.0 P.838-3", 1e-4);
  for (const auto& r : t.rows()) {
    const double f = t.number(r, "f_GHz"), el = t.number(r, "el_deg"), tau = t.number(r, "tau_deg"), rr = t.number(r, "R_mm_per_h");
    const auto c = it::p838_coefficients(f);
    const auto ka = it::p838_k_alpha(c, el, tau);
    tally.check(c.k_h, t.number(r, "kH_1"), "kH", r.line);
    tally.check(c.k_v, t.number(r, "kV_1"), "kV", r.line);
    tally.check(c.alpha_h, t.number(r, "alphaH_1"), "alphaH", r.line);
    tally.check(c.alpha_v, t.number(r, "alphaV_1"), "alphaV", r.line);
    tally.check(ka.k, t.number(r, "k_1"), "k", r.line);
    tally.check(ka.alpha, t.number(r, "alpha_1"), "alpha", r.line);
    tally.check(it::p838_specific_attenuation(f, el, tau, rr), t.number(r, "gammaR_dB_per_km"), "gammaR", r.line);
  }
  tally.cases(static_cast<long>(t.rows().size()));
}

TEST(RadioIturP618Validation, RainAttenuation) {
  const auto path = valex("P.618-14_A_Rain.csv");
  SATCAP_REQUIRE_REFERENCE(path);
  const auto t = CsvTable::read(path);
  Tally tally("radio_itur_p618_rain", "P.618-14 §2.2.1.1 hR, R0.01 (P.837 Annex 1), Ls, LG, gammaR, r0.01, v0.01, LE, A0.01, beta, Ap",
              "SG3 ValEx 8.3.0 P.618-14 A_Rain", 1e-4);
  for (const auto& r : t.rows()) {
    const double lat = t.number(r, "lat_deg"), lon = t.number(r, "lon_deg");
    it::P618RainInput in;
    in.lat_deg = lat;
    in.station_height_km = t.number(r, "hs_km");
    in.rain_height_km = it::p839_rain_height_km(*maps(), lat, lon);
    in.f_ghz = t.number(r, "f_GHz");
    in.elevation_deg = t.number(r, "el_deg");
    in.tilt_deg = t.number(r, "tau_deg");
    in.p_percent = t.number(r, "p_pct");
    in.r001_mm_h = it::p837_rain_rate(*maps(), lat, lon, 0.01);
    tally.check(in.rain_height_km, t.number(r, "hR_km"), "hR", r.line);
    tally.check(in.r001_mm_h, t.number(r, "R001_mm_per_h"), "R0.01", r.line);
    // Use the workbook's R0.01 for the rain chain itself (isolates P.618 from the P.837 bisection).
    in.r001_mm_h = t.number(r, "R001_mm_per_h");
    const auto o = it::p618_rain_attenuation(in);
    tally.check(o.ls_km, t.number(r, "Ls_km"), "Ls", r.line);
    tally.check(o.lg_km, t.number(r, "LG_km"), "LG", r.line);
    tally.check(o.gamma_r_db_km, t.number(r, "gammaR_dB_per_km"), "gammaR", r.line);
    tally.check(o.r001, t.number(r, "r001_1"), "r0.01", r.line);
    tally.check(o.nu001, t.number(r, "nu001_1"), "v0.01", r.line);
    tally.check(o.le_km, t.number(r, "LE_km"), "LE", r.line);
    tally.check(o.a001_db, t.number(r, "A001_dB"), "A0.01", r.line);
    tally.check(o.beta, t.number(r, "beta_1"), "beta", r.line);
    tally.check(o.ap_db, t.number(r, "Ap_dB"), "Ap", r.line);
  }
  tally.cases(static_cast<long>(t.rows().size()));
}

TEST(RadioIturP618Validation, ProbabilityOfRainAttenuation) {
  const auto path = valex("P.618-14_PofA.csv");
  SATCAP_REQUIRE_REFERENCE(path);
  const auto t = CsvTable::read(path);
  Tally tally("radio_itur_p618_pofa", "P.618-14 §2.2.1.2 P0 (P.837), alpha, rho, d, CB, P(A>0)", "SG3 ValEx 8.3.0 P.618-14 PofA", 1e-4);
  for (const auto& r : t.rows()) {
    const double lat = t.number(r, "lat_deg"), lon = t.number(r, "lon_deg");
    tally.check(it::p837_rain_probability(*maps(), lat, lon), t.number(r, "P0_pct"), "P0", r.line);
    const double el = t.number(r, "el_deg"), ls = t.number(r, "Ls_km");
    const auto o = it::p618_rain_probability(t.number(r, "P0_pct"), ls, el);
    tally.check(o.alpha, t.number(r, "alpha_1"), "alpha", r.line);
    tally.check(o.rho, t.number(r, "rho_1"), "rho", r.line);
    tally.check(ls * std::cos(el * M_PI / 180.0), t.number(r, "d_km"), "d", r.line);
    tally.check(o.cb, t.number(r, "CB_1"), "CB", r.line);
    tally.check(o.p_pct, t.number(r, "P_A_gt_0_pct"), "P(A>0)", r.line);
  }
  tally.cases(static_cast<long>(t.rows().size()));
}

TEST(RadioIturP618Validation, Scintillation) {
  const auto path = valex("P.618-14_A_Scint.csv");
  SATCAP_REQUIRE_REFERENCE(path);
  const auto t = CsvTable::read(path);
  Tally tally("radio_itur_p618_scint", "P.618-14 §2.4.1 Nwet (P.453), sigma_ref, L, x, g(x), sigma, As", "SG3 ValEx 8.3.0 P.618-14 A_Scint",
              1e-4);
  for (const auto& r : t.rows()) {
    const double nwet = it::p453_wet_refractivity(*maps(), t.number(r, "lat_deg"), t.number(r, "lon_deg"), 50.0);
    tally.check(nwet, t.number(r, "Nwet_median_ppm"), "Nwet", r.line);
    const auto o = it::p618_scintillation(nwet, t.number(r, "f_GHz"), t.number(r, "el_deg"), t.number(r, "D_m"), t.number(r, "eta_1"),
                                          t.number(r, "p_pct"));
    tally.check(o.sigma_ref, t.number(r, "sigma_ref_dB"), "sigma_ref", r.line);
    tally.check(o.l_m, t.number(r, "L_m"), "L", r.line);
    tally.check(o.x, t.number(r, "x_1"), "x", r.line);
    tally.check(o.g, t.number(r, "g_x_1"), "g(x)", r.line);
    tally.check(o.sigma, t.number(r, "sigma_dB"), "sigma", r.line);
    tally.check(o.as_db, t.number(r, "As_dB"), "As", r.line);
  }
  tally.cases(static_cast<long>(t.rows().size()));
}

TEST(RadioIturP618Validation, ScintillationDeepFadeBelow5Deg) {
  const auto path = valex("P.618-14_A_Scint_deep.csv");
  SATCAP_REQUIRE_REFERENCE(path);
  const auto t = CsvTable::read(path);
  Tally tally("radio_itur_p618_scint_deep", "P.618-14 §2.4.2 deep fade: nu, Kw, As (pL and apparent elevation from the workbook)",
              "SG3 ValEx 8.3.0 P.618-14 A_scint_Deep", 1e-4);
  for (const auto& r : t.rows()) {
    const auto o = it::p618_scintillation_deep_fade(t.number(r, "lat_deg"), t.number(r, "pL_pct"), t.number(r, "f_GHz"),
                                                    t.number(r, "theta_apparent_deg"), t.number(r, "p_pct"), t.number(r, "C0_na"));
    tally.check(o.nu, t.number(r, "nu_na"), "nu", r.line);
    tally.check(o.kw, t.number(r, "Kw_na"), "Kw", r.line);
    tally.check(o.as_db, t.number(r, "As_deep_dB"), "As deep", r.line);
  }
  tally.cases(static_cast<long>(t.rows().size()));
}

TEST(RadioIturP618Validation, CrossPolarDiscrimination) {
  const auto path = valex("P.618-14_XPD.csv");
  SATCAP_REQUIRE_REFERENCE(path);
  const auto t = CsvTable::read(path);
  Tally tally("radio_itur_p618_xpd", "P.618-14 §4.1 Cf, V(f), Ca, Ctau, Ctheta, Csigma, XPDrain, Cice, XPD", "SG3 ValEx 8.3.0 P.618-14 XPD",
              1e-4);
  for (const auto& r : t.rows()) {
    const auto o = it::p618_xpd(t.number(r, "f_GHz"), t.number(r, "el_deg"), t.number(r, "tau_deg"), t.number(r, "p_pct"),
                                t.number(r, "Ap_dB"));
    tally.check(o.cf, t.number(r, "Cf_dB"), "Cf", r.line);
    tally.check(o.vf, t.number(r, "Vf_1"), "V(f)", r.line);
    tally.check(o.ca, t.number(r, "Ca_dB"), "Ca", r.line);
    tally.check(o.ctau, t.number(r, "Ctau_dB"), "Ctau", r.line);
    tally.check(o.ctheta, t.number(r, "Ctheta_dB"), "Ctheta", r.line);
    tally.check(o.csigma, t.number(r, "Csigma_dB"), "Csigma", r.line);
    tally.check(o.xpd_rain, t.number(r, "XPDrain_dB"), "XPDrain", r.line);
    tally.check(o.cice, t.number(r, "Cice_dB"), "Cice", r.line);
    tally.check(o.xpd, t.number(r, "XPD_dB"), "XPD", r.line);
  }
  tally.cases(static_cast<long>(t.rows().size()));
}

namespace {

// Gas and cloud sources that return the workbook's own zenith values (the P.2145-based AG is not
// reproducible here): the §2.5 chain is then checked with our rain and scintillation models.
struct FixedGas final : satcap::radio::GasSource {
  double v;
  explicit FixedGas(double x) : v(x) {}
  double zenith_db(double, double, double, double, double) const override { return v; }
};
struct FixedCloud final : satcap::radio::CloudSource {
  double v;
  explicit FixedCloud(double x) : v(x) {}
  double zenith_db(double, double, double, double) const override { return v; }
};

void check_total(const std::string& file, const std::string& key) {
  const auto path = valex(file);
  SATCAP_REQUIRE_REFERENCE(path);
  const auto t = CsvTable::read(path);
  Tally tally(key, "P.618-14 §2.5 AR, AS (ours), AC (P.840-9 at max(p,5 %)), AT from workbook AG + ours", "SG3 ValEx 8.3.0 P.618-14 " + file,
              1e-4);
  for (const auto& r : t.rows()) {
    const double el = t.number(r, "el_deg");
    const double s = std::sin(el * M_PI / 180.0);
    satcap::radio::SlantPathInput in;
    in.lat_deg = t.number(r, "lat_deg");
    in.lon_deg = t.number(r, "lon_deg");
    in.station_height_km = t.number(r, "hs_km");
    in.frequency_ghz = t.number(r, "f_GHz");
    in.elevation_deg = el;
    in.antenna_diameter_m = t.number(r, "D_m");
    in.antenna_efficiency = t.number(r, "eta_1");
    in.polarisation_tilt_deg = t.number(r, "tau_deg");
    in.p_percent = t.number(r, "p_pct");
    // Our own P.840-9 cloud source, workbook gas.
    satcap::radio::Atmosphere ours(maps(), std::make_shared<FixedGas>(t.number(r, "AG_dB") * s),
                                   satcap::radio::default_cloud_source(maps()));
    const auto c = ours.slant_path(in);
    tally.check(c.rain_db, t.number(r, "AR_dB"), "AR", r.line);
    tally.check(c.scintillation_db, t.number(r, "AS_dB"), "AS", r.line);
    tally.check(c.cloud_db, t.number(r, "AC_dB"), "AC", r.line);
    tally.check(c.total_db, t.number(r, "AT_dB"), "AT", r.line);
    // The pure §2.5 combination of the workbook's own components.
    tally.check(satcap::radio::combine_total_attenuation(t.number(r, "AG_dB"), t.number(r, "AC_dB"), t.number(r, "AR_dB"),
                                                         t.number(r, "AS_dB")),
                t.number(r, "AT_dB"), "AT(workbook components)", r.line);
  }
  tally.cases(static_cast<long>(t.rows().size()));
}

}  // namespace

TEST(RadioIturP618Validation, TotalAttenuation) { check_total("P.618-14_Att_Tot.csv", "radio_itur_p618_total"); }
TEST(RadioIturP618Validation, TotalAttenuationCcdf) { check_total("P.618-14_Att_Tot_ccdf.csv", "radio_itur_p618_total_ccdf"); }

// The default gas source is a substitute for the P.2145-based P.676-13 Annex 2 statistics that the
// workbook uses (P.2145 maps not available): it is checked against the workbook's AG with a stated
// 20 % bound (measured: worst 17.6 %, mean 7.6 %).
TEST(RadioIturP618Validation, DefaultGasSourceVersusWorkbookAG) {
  const auto path = valex("P.618-14_Att_Tot.csv");
  SATCAP_REQUIRE_REFERENCE(path);
  const auto t = CsvTable::read(path);
  const auto gas = satcap::radio::default_gas_source(maps());
  Tally tally("radio_itur_p618_gas_substitute", "AG, default gas source (P.676-13 A2 O2 + gamma_w V/rho, P.836/P.1510/P.835 inputs) vs P.2145-based AG",
              "SG3 ValEx 8.3.0 P.618-14 Att_Tot (AG column)", 0.2);
  for (const auto& r : t.rows()) {
    const double el = t.number(r, "el_deg");
    const double ag = gas->zenith_db(t.number(r, "lat_deg"), t.number(r, "lon_deg"), t.number(r, "hs_km"), t.number(r, "f_GHz"),
                                     std::max(5.0, t.number(r, "p_pct"))) /
                      std::sin(el * M_PI / 180.0);
    tally.check(ag, t.number(r, "AG_dB"), "AG", r.line);
  }
  tally.cases(static_cast<long>(t.rows().size()));
}

TEST(RadioIturP618Validation, NonGsoOrbitAveragedAvailability) {
  const auto path = valex("P.618-14_nonGSO.csv");
  SATCAP_REQUIRE_REFERENCE(path);
  const auto t = CsvTable::read(path);
  const auto& r0 = t.rows().front();
  const double lat = t.number(r0, "lat_deg"), lon = t.number(r0, "lon_deg");
  it::P618RainInput rain;
  rain.lat_deg = lat;
  rain.station_height_km = t.number(r0, "hs_km");
  rain.rain_height_km = it::p839_rain_height_km(*maps(), lat, lon);
  rain.f_ghz = t.number(r0, "f_GHz");
  rain.tilt_deg = t.number(r0, "tau_deg");
  rain.r001_mm_h = it::p837_rain_rate(*maps(), lat, lon, 0.01);
  std::vector<it::P618NonGsoBin> bins;
  for (const auto& r : t.rows()) {
    const std::string bin = t.text(r, "el_bin_deg");
    it::P618NonGsoBin b;
    b.el_lo_deg = std::stod(bin.substr(0, bin.find('-')));
    b.el_hi_deg = std::stod(bin.substr(bin.find('-') + 1));
    b.probability_pct = t.number(r, "P_el_in_bin_pct");
    bins.push_back(b);
  }
  const auto res = it::p618_nongso_availability(rain, t.number(r0, "sat_altitude_km"), t.number(r0, "margin_at_zenith_dB"),
                                                t.number(r0, "el_min_deg"), bins);
  Tally tally("radio_itur_p618_nongso", "P.618-14 §8 per-bin P normalised, slant range, margin, P(A>margin), product; orbit exceedance/availability",
              "SG3 ValEx 8.3.0 P.618-14 non-GSO (R0.01 P.837 Annex 1, hR P.839)", 2e-4);
  // Bound 2e-4 (not 1e-4): the workbook inverts Ap(p) = margin numerically and its P(A > margin) scatters
  // by up to 1.3e-4 around the exact inverse; ours is exact (checked below: Ap(p) = margin to 1e-9).
  for (std::size_t i = 0; i < bins.size(); ++i) {
    const auto& r = t.rows()[i];
    if (t.text(r, "el_mid_deg").empty()) continue;  // below the operational minimum elevation
    tally.check(bins[i].probability_normalised_pct, t.number(r, "P_el_in_bin_normalised_pct"), "P normalised", r.line);
    tally.check(bins[i].el_mid_deg, t.number(r, "el_mid_deg"), "el mid", r.line);
    tally.check(bins[i].slant_range_km, t.number(r, "slant_range_km"), "slant range", r.line);
    tally.check(bins[i].margin_db, t.number(r, "margin_at_el_dB"), "margin", r.line);
    tally.check(bins[i].p_exceed_pct, t.number(r, "P_A_gt_margin_at_el_pct"), "P(A>margin)", r.line);
    tally.check(bins[i].product_pct, t.number(r, "P_el_times_P_A_pct"), "product", r.line);
    auto q = rain;
    q.elevation_deg = bins[i].el_mid_deg;
    q.p_percent = bins[i].p_exceed_pct;
    EXPECT_NEAR(it::p618_rain_attenuation(q).ap_db, bins[i].margin_db, 1e-9 * bins[i].margin_db) << "line " << r.line;
  }
  tally.check(res.exceedance_pct, t.number(r0, "orbit_avg_exceedance_pct"), "orbit exceedance", r0.line);
  tally.check(res.availability_pct, t.number(r0, "orbit_avg_availability_pct"), "orbit availability", r0.line);
  tally.cases(static_cast<long>(t.rows().size()));
}
