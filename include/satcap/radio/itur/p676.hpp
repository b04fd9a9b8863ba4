#pragma once
/// @file p676.hpp
/// Recommendation ITU-R P.676-13 (08/2022) Attenuation by atmospheric gases and related effects.
///
/// Annex 1 (line-by-line, 1-1000 GHz): specific attenuation gamma_o (oxygen + dry continuum, 44 lines of
/// Table 1) and gamma_w (water vapour, 35 lines of Table 2), eq. (1)-(9); the pressure argument is the
/// DRY-air pressure. Slant path §2.2.1 (ray tracing through 922 exponentially spaced layers of the
/// P.835-6 mean annual global reference atmosphere, eq. (13)-(19)), between heights h1 < h2 <= 100 km.
///
/// Annex 2 (approximate, 1-350 GHz): oxygen zenith attenuation Ao = gamma_o h_o with the equivalent
/// height h_o = a0 + b0 T + c0 P + d0 rho (eq. (31), coefficients a0-d0 versus frequency from the
/// Recommendation's Part 1 data file, read from <maps>/676/v13_h0_coefficients.txt and linearly
/// interpolated in frequency); water vapour zenith attenuation from the columnar content V,
/// Aw = Kv V with Kv = av + bv rho + cv T + dv P (eq. (40)) given its coefficients (the Part 2 data
/// file of av-dv is NOT available here, so callers pass them).
///
/// Validity: 1 <= f <= 1000 GHz (Annex 1), 1 <= f <= 350 GHz (Annex 2); RangeError outside.
/// Accuracy against the SG3 workbook: see docs/models/p676.md (SpAtt 350 frequencies <= 1e-12
/// relative; slant paths <= 1e-6 relative).
#include <satcap/export.hpp>

#include <filesystem>
#include <vector>

namespace satcap::radio::itur {

/// Specific attenuation (dB/km) due to dry air (oxygen + non-resonant) at frequency f (GHz), dry
/// pressure p_dry (hPa), water-vapour density rho (g/m3), temperature T (K).
SATCAP_EXPORT double p676_gamma_oxygen(double f_ghz, double p_dry_hpa, double rho_g_m3, double t_k);
/// Specific attenuation (dB/km) due to water vapour (same arguments).
SATCAP_EXPORT double p676_gamma_water(double f_ghz, double p_dry_hpa, double rho_g_m3, double t_k);

/// Result of the Annex 1 §2.2.1 ray-traced slant path.
struct P676SlantResult {
  double attenuation_db = 0;  ///< A_gas, eq. (13)
  double bending_rad = 0;     ///< total bending, eq. (17)
};
/// One layer of the ray trace (for inspection and validation).
struct P676Layer {
  int index = 0;                       ///< i of eq. (14)
  double thickness_km = 0, h_bottom_km = 0, h_mid_km = 0;
  double p_hpa = 0, t_k = 0, rho_g_m3 = 0, p_dry_hpa = 0, e_hpa = 0, n = 1;  ///< at the layer midpoint
  double beta_rad = 0, alpha_rad = 0, a_km = 0;                             ///< entry/exit angles, path length
  double gamma_o = 0, gamma_w = 0;                                          ///< dB/km
};
/// Slant path from height h1_km (station) to h2_km (<= 100 km) at apparent elevation el_deg (0-90]
/// through the P.835-6 mean annual global reference atmosphere with surface water-vapour density
/// rho0 (g/m3, 7.5 by default). Layers are those of eq. (14)-(15) lying between h1 and h2.
/// With h1 = 0 and h2 >= 100 the 922 layers of eq. (14) are used as they are (top at 100.46 km);
/// otherwise the layers containing h1 .. h2 are scaled to span [h1, h2] exactly. `layers`, when
/// given, receives every layer.
SATCAP_EXPORT P676SlantResult p676_slant_path_annex1(double f_ghz, double el_deg, double h1_km = 0.0, double h2_km = 100.0,
                                                      double rho0_g_m3 = 7.5, std::vector<P676Layer>* layers = nullptr);

/// Annex 2 Part 1 coefficients (a0, b0, c0, d0 of eq. (31)) read once from a text table.
class SATCAP_EXPORT P676OxygenHeightTable {
 public:
  /// Reads "f, a0, b0, c0, d0" CSV (one header line). InputError naming the file if missing.
  explicit P676OxygenHeightTable(const std::filesystem::path& file);
  struct Coefficients {
    double a0, b0, c0, d0;
  };
  /// Linear interpolation in frequency (1-350 GHz).
  Coefficients at(double f_ghz) const;
  /// h_o (km), eq. (31), with T (K), total pressure P (hPa), rho (g/m3).
  double equivalent_height_km(double f_ghz, double t_k, double p_hpa, double rho_g_m3) const;

 private:
  std::vector<double> f_, a_, b_, c_, d_;
};

/// Annex 2 zenith water-vapour attenuation (dB) from V (kg/m2) and the eq. (40) coefficients.
SATCAP_EXPORT double p676_water_vapour_zenith_db(double v_kg_m2, double av, double bv, double cv, double dv, double rho_g_m3,
                                                 double t_k, double p_hpa);

}  // namespace satcap::radio::itur
