#pragma once
/// @file epfd.hpp
/// Radio pieces of the equivalent power flux-density (EPFD) check of a non-GSO FSS system against the
/// Radio Regulations Article 22 (docs/models/epfd.md):
///   - the ITU-R S.1428-1 (02/2001) reference FSS earth-station receive pattern for interference from
///     non-GSO satellites, 10.7-30 GHz (the pattern S.1503 and Table 22-1A name for the GSO earth station);
///   - the EPFD(down) limit masks of RR Article 22 Table 22-1A (Edition of 2020; the table is unchanged
///     since WRC-2000), typed in with their percentages of time;
///   - the EPFD sum of No. 22.5C for one time step (free-space PFD x receive gain relative to maximum).
/// Units: degrees and metres at the API; dB(W/m^2) in the limit's reference bandwidth.
/// Thread-safety: everything here is an immutable value or a pure function.
#include <satcap/export.hpp>
#include <satcap/radio/antenna.hpp>

#include <string>
#include <vector>

namespace satcap::radio {

/// ITU-R S.1428-1 recommends 1 (10.7-30 GHz), with phi the off-axis angle in degrees:
///   Gmax = 20 log10(D/lambda) + 7.7 dBi;  main lobe Gmax - 2.5e-3 (D phi / lambda)^2 for phi < phi_m;
///   D/lambda > 100:      G1 = -1 + 15 log10(D/lambda), phi_r = 15.85 (D/lambda)^-0.6;
///                        G1 to phi_r, 29 - 25 log phi to 10 deg, 34 - 30 log phi to 34.1 deg,
///                        -12 dBi to 80 deg, -7 dBi to 120 deg, -12 dBi to 180 deg;
///   25 < D/lambda <= 100: G1 = 29 - 25 log10(95 lambda/D), phi_r = 95 lambda/D;
///                        G1 to phi_r, 29 - 25 log phi to 33.1 deg, -9 dBi to 80, -4 dBi to 120, -9 dBi to 180;
///   20 <= D/lambda <= 25: as above but -5 dBi from 80 to 180 deg;
///   phi_m = 20 (lambda/D) sqrt(Gmax - G1).
/// D/lambda < 20 is outside the recommendation: RangeError. Frequency outside 10.7-30 GHz: RangeError.
class SATCAP_EXPORT S1428Pattern final : public detail::PatternImpl<S1428Pattern> {
 public:
  S1428Pattern(units::Length diameter, units::Frequency f);
  double eval(double theta_rad) const;
  /// Same in degrees (no range check).
  double gain_at_deg(double phi_deg) const;
  double d_over_lambda() const { return d_over_lambda_; }
  /// phi_m (deg): end of the main lobe.
  double phi_m_deg() const { return phi_m_; }
  /// phi_r (deg): end of the G1 plateau.
  double phi_r_deg() const { return phi_r_; }
  double g1_dbi() const { return g1_; }
  /// Full 3 dB beamwidth of the main lobe (deg): 2 sqrt(3 / 2.5e-3) lambda / D.
  double beamwidth_3db_deg() const;
  std::string describe() const override;

 private:
  double d_m_, f_ghz_, d_over_lambda_, g1_, phi_m_, phi_r_;
};

/// One point of an EPFD mask: the EPFD (dB(W/m^2) in the reference bandwidth) that may not be exceeded
/// for more than (100 - percent) % of the time, i.e. the empirical CDF at `epfd_dbw_m2` must be at
/// least percent / 100.
struct EpfdLimitPoint {
  double epfd_dbw_m2;
  double percent;
};

/// An EPFD(down) limit of Article 22 for one reference antenna.
struct EpfdLimit {
  std::string table;               ///< e.g. "RR Art. 22 Table 22-1A (Ed. 2020)"
  std::string bands;               ///< frequency bands and Regions the table covers (text)
  double band_low_ghz = 0, band_high_ghz = 0;  ///< the widest band of the table (all Regions)
  double reference_bandwidth_khz = 40.0;
  double antenna_diameter_m = 0;   ///< reference antenna diameter
  std::string antenna_pattern;     ///< "ITU-R S.1428-1"
  std::vector<EpfdLimitPoint> points;  ///< ascending percent
  /// The limit at a percentage of time, linear in dB between the table's points (the mask curve).
  double at_percent(double percent) const;
};

/// The typed Article 22 EPFD(down) tables: Table 22-1A (10.7-11.7 GHz in all Regions; 11.7-12.2 GHz
/// in Region 2; 12.2-12.5 GHz in Region 3; 12.5-12.75 GHz in Regions 1 and 3), 40 kHz, antennas
/// 60 cm, 1.2 m, 3 m and 10 m. Tables 22-1B (BSS bands, ITU-R BO.1443 patterns) and 22-1C
/// (17.8-18.6 GHz) are not typed (docs/models/epfd.md).
SATCAP_EXPORT const std::vector<EpfdLimit>& article22_down_limits();
/// The Table 22-1A limit for a reference antenna diameter (0.6, 1.2, 3 or 10 m; within 1 mm) at a
/// frequency inside 10.7-12.75 GHz. RangeError when the frequency is outside the table's bands or no
/// reference antenna of that size exists.
SATCAP_EXPORT const EpfdLimit& article22_down_limit(double frequency_ghz, double antenna_diameter_m);

/// No. 22.5C for one time step: EPFD = 10 log10( sum_i 10^(P_i/10) G_t,i / (4 pi d_i^2) x G_r(phi_i) / G_r,max )
/// with the transmit terms given as EIRP in the reference bandwidth (dBW), the distance (m) and the
/// receive gain relative to its maximum (dB, <= 0). Empty input: -inf.
SATCAP_EXPORT double epfd_sum_dbw_m2(const double* eirp_dbw, const double* distance_m, const double* rx_rel_db, std::size_t n);

}  // namespace satcap::radio
