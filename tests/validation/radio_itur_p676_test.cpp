// Validation of P.676-13 (Annex 1 specific attenuation and ray-traced slant paths, with the P.835-6 and
// P.453-14 profiles they use; Annex 2 oxygen equivalent height and the statistical method given the
// workbook's P.2145 climatic inputs) against the SG3 workbook (CG-3M3J-13-ValEx Rev 8.3.0).
#include <satcap/radio/itur/p676.hpp>

#include <cmath>
#include <string>

#include "radio_itur_support.hpp"

namespace it = satcap::radio::itur;
using satcap::core::CsvTable;
using satcap::test::itur::Tally;
using satcap::test::itur::valex;

namespace {
double sind(double d) { return std::sin(d * M_PI / 180.0); }
it::P676OxygenHeightTable& oxygen_table() {
  static it::P676OxygenHeightTable t(satcap::test::itu_maps_dir() / "676/v13_h0_coefficients.txt");
  return t;
}
}  // namespace

TEST(RadioIturP676Validation, SpecificAttenuationLineByLine) {
  const auto path = valex("P.676-13_SpAtt.csv");
  SATCAP_REQUIRE_REFERENCE(path);
  const auto t = CsvTable::read(path);
  Tally tally("radio_itur_p676_spatt", "P.676-13 Annex 1 gamma_o, gamma_w, gamma (1-350 GHz)", "SG3 ValEx 8.3.0 P.676-13 SpAtt", 1e-4);
  for (const auto& r : t.rows()) {
    const double f = t.number(r, "f_GHz"), p = t.number(r, "p_dry_hPa"), rho = t.number(r, "rho_g_per_m3"), tk = t.number(r, "T_K");
    const double go = it::p676_gamma_oxygen(f, p, rho, tk), gw = it::p676_gamma_water(f, p, rho, tk);
    tally.check(go, t.number(r, "gamma_o_dB_per_km"), "gamma_o", r.line);
    tally.check(gw, t.number(r, "gamma_w_dB_per_km"), "gamma_w", r.line);
    tally.check(go + gw, t.number(r, "gamma_dB_per_km"), "gamma", r.line);
  }
  tally.cases(static_cast<long>(t.rows().size()));
}

namespace {
void check_layers(const std::string& file, double h1, double h2, const std::string& key, double& a_gas, double& bending) {
  const auto path = valex(file);
  ASSERT_TRUE(std::filesystem::exists(path)) << path;
  const auto t = CsvTable::read(path);
  std::vector<it::P676Layer> layers;
  const auto res = it::p676_slant_path_annex1(28.0, 30.0, h1, h2, 7.5, &layers);
  a_gas = res.attenuation_db;
  bending = res.bending_rad;
  ASSERT_EQ(layers.size(), t.rows().size()) << file;
  Tally tally(key, "P.676-13 Annex 1 §2.2.1 layers: d, h, P, T, rho (P.835-6), p_dry, e, n (P.453-14), beta, alpha, a, gamma_o, gamma_w",
              "SG3 ValEx 8.3.0 P.676-13 " + file, 1e-4);
  for (std::size_t k = 0; k < layers.size(); ++k) {
    const auto& r = t.rows()[k];
    const auto& l = layers[k];
    EXPECT_EQ(l.index, static_cast<int>(t.number(r, "i")));
    tally.check(l.thickness_km, t.number(r, "d_km"), "d", r.line);
    tally.check(l.h_bottom_km, t.number(r, "h_km"), "h", r.line, 1e-9);
    tally.check(l.h_mid_km, t.number(r, "h_mid_km"), "h_mid", r.line);
    tally.check(l.p_hpa, t.number(r, "P_hPa"), "P", r.line);
    tally.check(l.t_k, t.number(r, "T_K"), "T", r.line);
    tally.check(l.rho_g_m3, t.number(r, "rho_g_per_m3"), "rho", r.line);
    tally.check(l.p_dry_hpa, t.number(r, "p_dry_hPa"), "p_dry", r.line);
    tally.check(l.e_hpa, t.number(r, "e_hPa"), "e", r.line);
    tally.check(l.n - 1.0, t.number(r, "n_1") - 1.0, "n-1", r.line);
    tally.check(l.beta_rad, t.number(r, "beta_rad"), "beta", r.line);
    tally.check(l.alpha_rad, t.number(r, "alpha_entry_rad"), "alpha", r.line);
    tally.check(l.a_km, t.number(r, "a_km"), "a", r.line);
    tally.check(l.gamma_o, t.number(r, "gamma_o_dB_per_km"), "gamma_o", r.line);
    tally.check(l.gamma_w, t.number(r, "gamma_w_dB_per_km"), "gamma_w", r.line);
  }
  tally.cases(static_cast<long>(t.rows().size()));
}
}  // namespace

TEST(RadioIturP676Validation, SlantPathRayTracing) {
  const auto path = valex("P.676-13_A1_slant_summary.csv");
  SATCAP_REQUIRE_REFERENCE(path);
  const auto t = CsvTable::read(path);
  Tally tally("radio_itur_p676_slant", "P.676-13 Annex 1 §2.2.1 A_gas and bending (28 GHz, 30 deg)", "SG3 ValEx 8.3.0 P.676-13 slant summary",
              1e-4);
  const char* files[] = {"P.676-13_A1_slant_layers_2.2.1a.csv", "P.676-13_A1_slant_layers_2.2.1b_ex1.csv",
                         "P.676-13_A1_slant_layers_2.2.1b_ex2.csv"};
  const char* keys[] = {"radio_itur_p676_layers_a", "radio_itur_p676_layers_b1", "radio_itur_p676_layers_b2"};
  std::size_t k = 0;
  for (const auto& r : t.rows()) {
    ASSERT_LT(k, 3u);
    double a = 0, b = 0;
    check_layers(files[k], t.number(r, "h_lower_km"), t.number(r, "h_upper_km"), keys[k], a, b);
    ++k;
    tally.check(a, t.number(r, "A_gas_dB"), "A_gas", r.line);
    tally.check(b, t.number(r, "bending_rad"), "bending", r.line);
  }
  tally.cases(static_cast<long>(t.rows().size()));
}

TEST(RadioIturP676Validation, Annex2Instantaneous) {
  const auto path = valex("P.676-13_A2_instantaneous.csv");
  SATCAP_REQUIRE_REFERENCE(path);
  const auto t = CsvTable::read(path);
  Tally tally("radio_itur_p676_a2_inst", "P.676-13 Annex 2 (instantaneous) es->p_dry, gamma_o, a0-d0, h_o, Ao, gamma_w",
              "SG3 ValEx 8.3.0 P.676-13 A_Gas_A2_INST", 1e-4);
  for (const auto& r : t.rows()) {
    const double f = t.number(r, "f_GHz"), ps = t.number(r, "Ps_hPa"), tk = t.number(r, "Ts_K"), el = t.number(r, "el_deg");
    const double rho = t.number(r, "rho_ws_g_per_m3"), es = t.number(r, "es_hPa");
    tally.check(rho * tk / 216.7, es, "e from rho", r.line);
    const double pd = ps - es;
    tally.check(pd, t.number(r, "p_dry_hPa"), "p_dry", r.line);
    const double go = it::p676_gamma_oxygen(f, pd, rho, tk);
    tally.check(go, t.number(r, "gamma_o_dB_per_km"), "gamma_o", r.line);
    const auto c = oxygen_table().at(f);
    tally.check(c.a0, t.number(r, "a_o_na"), "a0", r.line);
    tally.check(c.b0, t.number(r, "b_o_na"), "b0", r.line);
    tally.check(c.c0, t.number(r, "c_o_na"), "c0", r.line);
    tally.check(c.d0, t.number(r, "d_o_na"), "d0", r.line);
    const double ho = oxygen_table().equivalent_height_km(f, tk, ps, rho);
    tally.check(ho, t.number(r, "h_o_km"), "h_o", r.line);
    tally.check(go * ho, t.number(r, "A_o_zenith_dB"), "Ao zenith", r.line);
    tally.check(go * ho / sind(el), t.number(r, "A_o_dB"), "Ao", r.line);
    tally.check(it::p676_gamma_water(f, pd, rho, tk), t.number(r, "gamma_w_dB_per_km"), "gamma_w", r.line);
  }
  tally.cases(static_cast<long>(t.rows().size()));
}

namespace {
void check_statistical(const std::string& file, const std::string& key) {
  const auto path = valex(file);
  SATCAP_REQUIRE_REFERENCE(path);
  const auto t = CsvTable::read(path);
  Tally tally(key, "P.676-13 Annex 2 statistical: gamma_o (mean), a0-d0, h_o (p), Ao; Kv (eq. 40, workbook av-dv), Aw, A_gas",
              "SG3 ValEx 8.3.0 P.676-13 A_Gas_A2_STAT " + file + " (P.2145 inputs from the workbook)", 1e-4);
  for (const auto& r : t.rows()) {
    const double f = t.number(r, "f_GHz");
    const std::string el_text = t.text(r, "el_deg");
    const double el = t.number(r, "el_deg");
    const double tm = t.number(r, "Ts_mean_K"), rhom = t.number(r, "rho_ws_mean_g_per_m3"), pm = t.number(r, "Ps_mean_hPa");
    const double em = rhom * tm / 216.7;
    tally.check(em, t.number(r, "e_mean_hPa"), "e mean", r.line);
    tally.check(pm - em, t.number(r, "p_dry_mean_hPa"), "p_dry mean", r.line);
    const double go = it::p676_gamma_oxygen(f, pm - em, rhom, tm);
    tally.check(go, t.number(r, "gamma_o_dB_per_km"), "gamma_o", r.line);
    const auto c = oxygen_table().at(f);
    tally.check(c.a0, t.number(r, "a_o_na"), "a0", r.line);
    tally.check(c.b0, t.number(r, "b_o_na"), "b0", r.line);
    tally.check(c.c0, t.number(r, "c_o_na"), "c0", r.line);
    tally.check(c.d0, t.number(r, "d_o_na"), "d0", r.line);
    const double ho = oxygen_table().equivalent_height_km(f, t.number(r, "Ts_p_K"), t.number(r, "Ps_p_hPa"), t.number(r, "rho_ws_p_g_per_m3"));
    tally.check(ho, t.number(r, "h_o_km"), "h_o", r.line);
    const double ao_z = go * ho;
    tally.check(ao_z, t.number(r, "A_o_zenith_dB"), "Ao zenith", r.line);
    tally.check(ao_z / sind(el), t.number(r, "A_o_dB"), "Ao", r.line);
    const double av = t.number(r, "a_v_na"), bv = t.number(r, "b_v_na"), cv = t.number(r, "c_v_na"), dv = t.number(r, "d_v_na");
    const double aw_z = it::p676_water_vapour_zenith_db(t.number(r, "Vs_p_kg_per_m2"), av, bv, cv, dv, rhom, tm, pm);
    tally.check(av + bv * rhom + cv * tm + dv * pm, t.number(r, "K_v_na"), "Kv", r.line);
    tally.check(aw_z, t.number(r, "A_w_zenith_dB"), "Aw zenith", r.line);
    tally.check(aw_z / sind(el), t.number(r, "A_w_dB"), "Aw", r.line);
    tally.check((ao_z + aw_z) / sind(el), t.number(r, "A_gas_dB"), "A_gas", r.line);
  }
  tally.cases(static_cast<long>(t.rows().size()));
}
}  // namespace

TEST(RadioIturP676Validation, Annex2StatisticalAnnual) {
  check_statistical("P.676-13_A2_statistical_annual.csv", "radio_itur_p676_a2_stat_annual");
}
TEST(RadioIturP676Validation, Annex2StatisticalMonthly) {
  check_statistical("P.676-13_A2_statistical_monthly.csv", "radio_itur_p676_a2_stat_monthly");
}
