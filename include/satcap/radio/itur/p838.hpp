#pragma once
/// @file p838.hpp
/// Recommendation ITU-R P.838-3 (03/2005) Specific attenuation model for rain: gamma_R = k R^alpha
/// with kH, kV, alphaH, alphaV from eq. (2)-(3) and Tables 1-4, combined for path elevation theta and
/// polarisation tilt tau by eq. (4)-(5). Validity 1-1000 GHz (RangeError outside), R >= 0.
/// Accuracy: the 64 workbook cases (kH, kV, alphaH, alphaV, k, alpha, gammaR) to <= 1e-12 relative.
#include <satcap/export.hpp>

namespace satcap::radio::itur {

struct P838Coefficients {
  double k_h, k_v, alpha_h, alpha_v;
};
struct P838KAlpha {
  double k, alpha;
};

SATCAP_EXPORT P838Coefficients p838_coefficients(double f_ghz);
SATCAP_EXPORT P838KAlpha p838_k_alpha(const P838Coefficients& c, double elevation_deg, double tilt_deg);
/// gamma_R (dB/km) for rain rate R (mm/h).
SATCAP_EXPORT double p838_specific_attenuation(double f_ghz, double elevation_deg, double tilt_deg, double r_mm_h);

}  // namespace satcap::radio::itur
