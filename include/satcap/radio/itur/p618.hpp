#pragma once
/// @file p618.hpp
/// Recommendation ITU-R P.618-14 (08/2023) Propagation data and prediction methods required for the
/// design of Earth-space telecommunication systems.
///  - §2.2.1.1 rain attenuation Ap exceeded for p % (steps 1-10); validity 1-55 GHz, 0.001 <= p <= 5 %,
///    elevation (0, 90] deg (Ls uses the curved-Earth form below 5 deg).
///  - §2.2.1.2 probability of rain attenuation on the path P(A>0) from P0 (P.837) and LG, with the
///    bivariate normal C_B computed by adaptive Gauss-Kronrod quadrature.
///  - §2.4.1 tropospheric scintillation As (elevation >= 5 deg, 4-55 GHz, 0.001 <= p <= 50 %).
///  - §2.4.2 deep-fade part below 5 deg: As = 10 log Kw - v + 9 log f - 59.5 log(1 + theta) - 10 log p
///    (theta apparent elevation in mrad), given pL. The shallow-fade interpolation is NOT implemented.
///  - §4.1 hydrometeor XPD from Ap (6-55 GHz, elevation <= 60 deg, 0.001 <= p <= 1 %; see below).
///  - §8 non-GSO orbit-averaged availability from the elevation statistics (rain only).
///  - §2.5 total: see satcap/radio/atmosphere.hpp.
/// Inputs out of range throw RangeError. Accuracy against the SG3 workbook: docs/models/p618.md.
#include <satcap/export.hpp>

#include <vector>

namespace satcap::radio::itur {

struct P618RainInput {
  double lat_deg = 0;
  double station_height_km = 0;
  double rain_height_km = 0;  ///< hR (P.839)
  double f_ghz = 0;
  double elevation_deg = 0;
  double tilt_deg = 45;
  double p_percent = 0.01;
  double r001_mm_h = 0;
};
struct P618RainResult {
  double ls_km = 0, lg_km = 0, gamma_r_db_km = 0, r001 = 0, nu001 = 0, le_km = 0, a001_db = 0, beta = 0, ap_db = 0;
};
/// §2.2.1.1. Ap = 0 when hR <= hs or R0.01 = 0.
SATCAP_EXPORT P618RainResult p618_rain_attenuation(const P618RainInput& in);
/// The same with k and alpha already known (hot path: no range checks beyond the caller's).
SATCAP_EXPORT P618RainResult p618_rain_attenuation_k(const P618RainInput& in, double k, double alpha);

/// Inverse of §2.2.1.1: the time percentage p (%) for which Ap(p) equals `attenuation_db` (in.p_percent
/// is ignored), by bisection in ln p over the method's range [0.001, 5] %. RangeError when the
/// attenuation lies outside [Ap(5 %), Ap(0.001 %)].
SATCAP_EXPORT double p618_rain_exceedance_percent(const P618RainInput& in, double attenuation_db);

/// §8 (non-GSO): orbit-averaged probability that rain attenuation exceeds the link margin.
struct P618NonGsoBin {
  double el_lo_deg = 0, el_hi_deg = 0;  ///< elevation bin
  double probability_pct = 0;           ///< time percentage the satellite spends in the bin
  // outputs (bins below the operational minimum elevation are left at 0):
  double probability_normalised_pct = 0, el_mid_deg = 0, slant_range_km = 0, margin_db = 0, p_exceed_pct = 0, product_pct = 0;
};
struct P618NonGsoResult {
  double exceedance_pct = 0;    ///< orbit-averaged probability the margin is exceeded
  double availability_pct = 0;  ///< 100 - exceedance
};
/// `rain` gives the site (lat, hs, hR, f, tau, R0.01); the margin at elevation el is the zenith margin
/// minus 20 log10(slant range / altitude) (WGS84 equatorial radius 6378.137 km); bins whose lower edge
/// is below `min_elevation_deg` are excluded. As in the SG3 workbook the exceedance sums the raw bin
/// time percentages times P(A > margin) (the renormalised percentages are reported per bin).
SATCAP_EXPORT P618NonGsoResult p618_nongso_availability(const P618RainInput& rain, double altitude_km, double zenith_margin_db,
                                                        double min_elevation_deg, std::vector<P618NonGsoBin>& bins);

struct P618RainProbability {
  double alpha = 0, rho = 0, cb = 0, p_pct = 0;
};
/// §2.2.1.2 from P0 (%), the slant length Ls (km) and the elevation (deg); d = Ls cos(el).
SATCAP_EXPORT P618RainProbability p618_rain_probability(double p0_pct, double ls_km, double elevation_deg);

struct P618Scintillation {
  double sigma_ref = 0, l_m = 0, x = 0, g = 0, sigma = 0, a_p = 0, as_db = 0;
};
/// §2.4.1 with the median wet refractivity Nwet (ppm), antenna diameter D (m) and efficiency eta (0-1].
SATCAP_EXPORT P618Scintillation p618_scintillation(double nwet_ppm, double f_ghz, double elevation_deg, double diameter_m,
                                                   double efficiency, double p_percent);

struct P618DeepFade {
  double kw = 0, nu = 0, c0 = 76, as_db = 0;
};
/// §2.4.2 deep-fade scintillation/multipath fading below 5 deg: pL (%) of the average worst month,
/// apparent elevation (deg), latitude (deg) and the path-type constant C0 (76 for paths over land;
/// the Recommendation tabulates other values for over-water/coastal paths, e.g. 82 in the workbook).
SATCAP_EXPORT P618DeepFade p618_scintillation_deep_fade(double lat_deg, double pl_pct, double f_ghz, double apparent_elevation_deg,
                                                        double p_percent, double c0 = 76.0);

struct P618Xpd {
  double cf = 0, vf = 0, ca = 0, ctau = 0, ctheta = 0, csigma = 0, xpd_rain = 0, cice = 0, xpd = 0;
  bool extrapolated = false;  ///< elevation above the stated 60 deg limit (computed as the workbook does)
};
/// §4.1 XPD (dB) not exceeded for p % from the co-polar rain attenuation Ap (dB) exceeded for p %.
/// Validity 6-55 GHz, elevation <= 60 deg (60-89 deg is computed and flagged `extrapolated`, as the
/// SG3 workbook does), 0.001 <= p <= 1 % (sigma = -5 log10 p: 0, 5, 10, 15 deg at 1 ... 0.001 %).
SATCAP_EXPORT P618Xpd p618_xpd(double f_ghz, double elevation_deg, double tilt_deg, double p_percent, double ap_db);

}  // namespace satcap::radio::itur
