#pragma once
/// @file antenna.hpp
/// Antenna gain patterns: boresight gain of an aperture and the off-axis gain G(theta) of
///   - ITU-R S.1528-0 (2001) non-GSO satellite antennas: recommends 1.2 (near-in side-lobe level LN,
///     alpha = 1.5, a/b table), recommends 1.3 (LEO, LS = -6.75 dB, LF = 5 dBi) and recommends 1.4
///     (analytical circular Taylor illumination);
///   - ITU-R S.465-6 (2010) earth-station reference pattern (2-31 GHz);
///   - ITU-R S.580-6 (2004) earth-station design objective (D/lambda >= 50);
///   - ITU-R S.672-4 (1997) GSO satellite antenna, single feed, circular beam (LS = -20/-25/-30 dB);
///   - a circular aperture with parabola-on-pedestal illumination (edge taper), Bessel functions
///     (std::cyl_bessel_j), giving the Airy pattern for a uniform aperture;
///   - a Gaussian beam (G = Gm - 12 (theta/theta_3dB)^2 dB, floored at a side-lobe level);
///   - a phased array with cos^k scan loss, beam broadening 1/cos(scan) and a maximum scan angle;
///   - a gain table read from CSV (linear interpolation in dB);
///   - a flat (direction-independent) gain, for budgets that only know the boresight gain.
/// Angles are off-axis angles from boresight, 0-180 deg. The recommendations' main-lobe segments are
/// used as written; where a recommendation leaves a range undefined (S.465/S.580 below phi_min) the
/// header of the class says what is used.
///
/// Every pattern is an immutable object: const evaluation, thread-safe to share. Scalar `gain()`
/// checks its input (RangeError outside 0-180 deg); the batch `gain_dbi()` is one virtual call per
/// array (no per-element dispatch) and never throws (NaN in, NaN out).
/// Accuracy: the closed forms are evaluated in double precision (< 1e-12 dB from the formulas).
#include <satcap/core/units.hpp>
#include <satcap/export.hpp>

#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace satcap::radio {

/// Wavelength c / f.
SATCAP_EXPORT units::Length wavelength(units::Frequency f);
/// Boresight gain of a circular aperture: G = eta (pi D f / c)^2. RangeError for D <= 0, f <= 0,
/// efficiency outside (0, 1].
SATCAP_EXPORT units::DecibelIsotropic aperture_gain(units::Length diameter, units::Frequency f, double efficiency);
/// Diameter giving `gain` at f with aperture efficiency `efficiency` (inverse of aperture_gain).
SATCAP_EXPORT units::Length aperture_diameter(units::DecibelIsotropic gain, units::Frequency f, double efficiency);

/// Base class of every pattern.
class SATCAP_EXPORT AntennaPattern {
 public:
  virtual ~AntennaPattern();
  /// Maximum (boresight) gain.
  units::DecibelIsotropic peak_gain() const { return units::DecibelIsotropic(peak_dbi_); }
  /// Gain at an off-axis angle in [0, 180] deg (negative angles are mirrored). RangeError otherwise.
  units::DecibelIsotropic gain(units::Angle off_axis) const;
  /// Batch: n off-axis angles (radians, |theta| <= pi) -> gain (dBi). One virtual call per batch.
  virtual void gain_dbi(const double* off_axis_rad, double* out_dbi, std::size_t n) const = 0;
  /// One unchecked evaluation (radians -> dBi), for code that cannot batch.
  virtual double gain_dbi_at(double off_axis_rad) const = 0;
  /// Short description with the parameters, e.g. "ITU-R S.465-6 (D = 3.5 m, 28.5 GHz)".
  virtual std::string describe() const = 0;

 protected:
  explicit AntennaPattern(double peak_dbi) : peak_dbi_(peak_dbi) {}
  double peak_dbi_;
};

namespace detail {
/// Implements the virtual batch/scalar entry points through Derived::eval(theta_rad) (non-virtual).
template <class Derived>
class PatternImpl : public AntennaPattern {
 public:
  void gain_dbi(const double* off_axis_rad, double* out_dbi, std::size_t n) const final {
    const auto& self = static_cast<const Derived&>(*this);
    for (std::size_t i = 0; i < n; ++i) out_dbi[i] = self.eval(off_axis_rad[i] < 0 ? -off_axis_rad[i] : off_axis_rad[i]);
  }
  double gain_dbi_at(double off_axis_rad) const final {
    return static_cast<const Derived&>(*this).eval(off_axis_rad < 0 ? -off_axis_rad : off_axis_rad);
  }

 protected:
  using AntennaPattern::AntennaPattern;
};
}  // namespace detail

/// Direction-independent gain (a budget that knows only the boresight gain).
class SATCAP_EXPORT FlatPattern final : public detail::PatternImpl<FlatPattern> {
 public:
  explicit FlatPattern(units::DecibelIsotropic gain);
  double eval(double) const { return peak_dbi_; }
  std::string describe() const override;
};

/// Gaussian beam: G = Gm - 12 (theta / theta_3dB)^2 dB (so -3 dB at theta_3dB/2), never below
/// Gm + floor (floor < 0 dB, the side-lobe envelope).
class SATCAP_EXPORT GaussianPattern final : public detail::PatternImpl<GaussianPattern> {
 public:
  GaussianPattern(units::DecibelIsotropic peak, units::Angle hpbw, units::Decibel floor_relative = units::Decibel(-40.0));
  double eval(double theta) const {
    const double g = peak_dbi_ - k_ * theta * theta;
    return g > floor_dbi_ ? g : floor_dbi_;
  }
  units::Angle hpbw() const { return units::rad(hpbw_rad_); }
  std::string describe() const override;

 private:
  double hpbw_rad_, k_, floor_dbi_;
};

/// Circular aperture of diameter D with parabola-on-pedestal illumination
/// E(r) = C + (1 - C)(1 - (2r/D)^2), C = 10^(-edge_taper/20):
///   F(u) = [C 2 J1(u)/u + (1 - C) 8 J2(u)/u^2 / 2] / [C + (1 - C)/2],  u = (pi D / lambda) sin(theta).
/// Edge taper 0 dB is the uniform aperture (Airy pattern: -17.57 dB first side lobe at u = 5.1356,
/// null at u = 3.8317); a large taper tends to (1 - r^2) (-24.64 dB side lobe, null at u = 5.1356).
/// Peak gain = efficiency (pi D / lambda)^2 with the overall aperture efficiency given (the taper
/// efficiency is reported separately and is not applied twice). Behind the aperture plane
/// (theta > 90 deg) the value at 90 deg is used; nulls are floored at peak - 80 dB.
class SATCAP_EXPORT CircularAperturePattern final : public detail::PatternImpl<CircularAperturePattern> {
 public:
  CircularAperturePattern(units::Length diameter, units::Frequency f, double efficiency,
                          units::Decibel edge_taper = units::Decibel(0.0));
  double eval(double theta) const;
  /// Illumination (taper) efficiency of the pedestal distribution.
  double taper_efficiency() const { return taper_efficiency_; }
  double pi_d_over_lambda() const { return kd_; }
  std::string describe() const override;

 private:
  double d_m_, f_hz_, efficiency_, taper_db_, c_, norm_, kd_, taper_efficiency_;
};

/// ITU-R S.465-6 earth-station reference pattern (2-31 GHz):
///   phi_min = max(1, 100 lambda/D) deg for D/lambda >= 50; max(2, 114 (D/lambda)^-1.09) deg otherwise;
///   G = 32 - 25 log10(phi) dBi for phi_min <= phi < 48 deg; -10 dBi for 48 <= phi <= 180 deg.
/// Below phi_min the recommendation gives nothing; the main beam of RR Appendix 8 is used,
/// G = Gmax - 2.5e-3 (D phi / lambda)^2, but never below G(phi_min) (monotone main lobe).
class SATCAP_EXPORT S465Pattern final : public detail::PatternImpl<S465Pattern> {
 public:
  S465Pattern(units::Length diameter, units::Frequency f, double efficiency);
  double eval(double theta) const;
  units::Angle phi_min() const { return units::rad(phi_min_rad_); }
  std::string describe() const override;

 private:
  double d_over_lambda_, phi_min_rad_, g_phi_min_;
};

/// ITU-R S.580-6 earth-station design objective (D/lambda >= 50, RangeError otherwise):
///   29 - 25 log10(phi) for phi_min <= phi <= 20 deg (phi_min = max(1, 100 lambda/D) deg);
///   -3.5 dBi for 20 < phi <= 26.3 deg; 32 - 25 log10(phi) for 26.3 < phi <= 48 deg; -10 dBi beyond.
/// Below phi_min: the RR Appendix 8 main beam, not below G(phi_min) (as for S465Pattern).
class SATCAP_EXPORT S580Pattern final : public detail::PatternImpl<S580Pattern> {
 public:
  S580Pattern(units::Length diameter, units::Frequency f, double efficiency);
  double eval(double theta) const;
  units::Angle phi_min() const { return units::rad(phi_min_rad_); }
  std::string describe() const override;

 private:
  double d_over_lambda_, phi_min_rad_, g_phi_min_;
};

/// ITU-R S.672-4 GSO satellite antenna, single feed circular beam (psi0 = half the 3 dB beamwidth):
///   Gm - 3 (psi/psi0)^2 for psi <= a psi0; Gm + LS for a psi0 < psi <= b psi0;
///   Gm + LS + 20 - 25 log10(psi/psi0) for b psi0 < psi <= psi1; 0 dBi beyond (psi1: where the
///   previous segment reaches 0 dBi). LS = -20, -25 or -30 dB with a = 2.58, 2.88, 3.16; b = 6.32.
class SATCAP_EXPORT S672Pattern final : public detail::PatternImpl<S672Pattern> {
 public:
  S672Pattern(units::DecibelIsotropic peak, units::Angle half_beamwidth, units::Decibel ls = units::Decibel(-20.0));
  double eval(double theta) const;
  double a() const { return a_; }
  units::Angle psi1() const { return units::rad(psi1_rad_); }
  std::string describe() const override;

 private:
  double psi0_rad_, ls_, a_, b_ = 6.32, psi1_rad_;
};

/// ITU-R S.1528-0 recommends 1.2 (psi_b = half the 3 dB beamwidth, z = major/minor axis ratio):
///   Gm - 3 (psi/psi_b)^alpha                for 0 <= psi <= a psi_b
///   Gm + LN + 20 log10(z)                   for a psi_b < psi <= 0.5 b psi_b
///   Gm + LN                                 for 0.5 b psi_b < psi <= b psi_b
///   X - 25 log10(psi)                       for b psi_b < psi <= Y
///   LF = 0 dBi                              for Y < psi <= 90 deg
///   LB = max(15 + LN + 0.25 Gm + 5 log10 z, 0) dBi for 90 < psi <= 180 deg
/// X = Gm + LN + 25 log10(b psi_b), Y = b psi_b 10^(0.04 (Gm + LN - LF)), alpha = 1.5, b = 6.32,
/// a = 2.58 sqrt(1 - c log10 z) with c = 1.4, 1.0, 0.6, 0.4 for LN = -15, -20, -25, -30 dB.
class SATCAP_EXPORT S1528Rec12Pattern final : public detail::PatternImpl<S1528Rec12Pattern> {
 public:
  S1528Rec12Pattern(units::DecibelIsotropic peak, units::Angle half_beamwidth,
                    units::Decibel ln = units::Decibel(-20.0), double z = 1.0);
  double eval(double theta) const;
  double a() const { return a_; }
  units::Angle y() const { return units::rad(y_rad_); }
  std::string describe() const override;

 private:
  double psib_rad_, ln_, z_, a_, b_ = 6.32, alpha_ = 1.5, x_, y_rad_, lb_;
};

/// ITU-R S.1528-0 recommends 1.3 (LEO, altitude <= 6000 km):
///   Gm - 3 (psi/psi_b)^2 for psi <= Y; Gm + LS - 25 log10(psi/Y) for Y < psi <= Z; LF beyond;
/// LS = -6.75 dB, LF = 5 dBi, Y = 1.5 psi_b, Z = Y 10^(0.04 (Gm + LS - LF)). (The recommendation
/// writes the first segment for psi_b <= psi <= Y; it is used from 0, which gives Gm on axis and the
/// defining -3 dB at psi_b.)
class SATCAP_EXPORT S1528Rec13Pattern final : public detail::PatternImpl<S1528Rec13Pattern> {
 public:
  S1528Rec13Pattern(units::DecibelIsotropic peak, units::Angle half_beamwidth,
                    units::Decibel ls = units::Decibel(-6.75), units::DecibelIsotropic lf = units::DecibelIsotropic(5.0));
  double eval(double theta) const;
  units::Angle y() const { return units::rad(y_rad_); }
  units::Angle z() const { return units::rad(z_rad_); }
  std::string describe() const override;

 private:
  double psib_rad_, ls_, lf_, y_rad_, z_rad_;
};

/// ITU-R S.1528-0 recommends 1.4: circular Taylor illumination (aperture diameter D):
///   G = Gm + 20 log10 | 2 J1(u)/u prod_{i=1}^{nbar-1} [1 - u^2/(pi^2 sigma^2 (A^2 + (i - 1/2)^2))]
///                                               / [1 - (u / (pi mu_i))^2] |
///   u = (pi D / lambda) sin(theta), A = acosh(10^(SLR/20)) / pi, mu_i = j_{1,i} / pi (zeros of J1),
///   sigma = mu_nbar / sqrt(A^2 + (nbar - 1/2)^2).
/// SLR is the side-lobe ratio (dB), nbar the number of controlled side lobes (2..20). Nulls are floored
/// at Gm - 80 dB; theta > 90 deg uses theta = 90 deg.
class SATCAP_EXPORT S1528TaylorPattern final : public detail::PatternImpl<S1528TaylorPattern> {
 public:
  S1528TaylorPattern(units::DecibelIsotropic peak, units::Length diameter, units::Frequency f,
                     units::Decibel slr = units::Decibel(20.0), int nbar = 4);
  double eval(double theta) const;
  /// The normalised field F(u) (1 at u = 0).
  double field(double u) const;
  double pi_d_over_lambda() const { return kd_; }
  std::string describe() const override;

 private:
  double d_m_, f_hz_, slr_, kd_, a_, sigma_;
  int nbar_;
  std::vector<double> mu_;  // mu_i, i = 1..nbar
};

/// Phased array: G(scan, off) = G0 + 10 k log10(cos scan) - 12 (off cos(scan) / hpbw0)^2, floored at
/// G0 + floor (+ the scan loss), for scan <= max_scan. G0 is the broadside peak gain, hpbw0 the
/// broadside 3 dB beamwidth (it broadens as 1/cos(scan)), k the scan-loss exponent (1.0-1.5 typical).
class SATCAP_EXPORT PhasedArray {
 public:
  PhasedArray(units::DecibelIsotropic broadside_gain, units::Angle broadside_hpbw, double scan_exponent,
              units::Angle max_scan, units::Decibel floor_relative = units::Decibel(-30.0));
  /// Gain toward a direction `off_beam` away from a beam steered `scan` from broadside. RangeError when
  /// scan > max_scan or angles outside [0, 180] deg.
  units::DecibelIsotropic gain(units::Angle scan, units::Angle off_beam) const;
  /// Scan loss 10 k log10(cos scan) (<= 0 dB); RangeError beyond max_scan.
  units::Decibel scan_loss(units::Angle scan) const;
  bool can_steer(units::Angle scan) const;
  /// Unchecked, for kernels: NaN beyond max_scan.
  double gain_dbi_at(double scan_rad, double off_rad) const;
  /// The beam steered to `scan` as a single-angle pattern (RangeError beyond max_scan).
  std::shared_ptr<const AntennaPattern> steered(units::Angle scan) const;
  double scan_exponent() const { return k_; }
  units::Angle max_scan() const { return units::rad(max_scan_rad_); }
  units::DecibelIsotropic broadside_gain() const { return units::DecibelIsotropic(g0_); }

 private:
  double g0_, hpbw_rad_, k_, max_scan_rad_, floor_;
};

/// A pattern read from a CSV table with columns `off_axis_deg,gain_dbi` (header required, '#'
/// comments allowed). Angles must start at 0, increase strictly and end at <= 180 deg; gains finite.
/// Linear interpolation in dB; beyond the last angle the last gain is used only if the table ends
/// at 180 deg, otherwise gain() throws RangeError (batch: NaN). Bad rows: InputError with file/line.
class SATCAP_EXPORT GainTablePattern final : public detail::PatternImpl<GainTablePattern> {
 public:
  static GainTablePattern from_csv(const std::filesystem::path& path);
  static GainTablePattern from_csv_text(std::string_view text, const std::string& name);
  GainTablePattern(std::vector<double> off_axis_deg, std::vector<double> gain_dbi, std::string name);
  double eval(double theta) const;
  std::string describe() const override;
  std::size_t size() const { return deg_.size(); }

 private:
  std::vector<double> deg_, g_;
  std::string name_;
};

}  // namespace satcap::radio
