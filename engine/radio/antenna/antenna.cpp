// Antenna patterns: aperture gain, ITU-R S.465-6, S.580-6, S.672-4, S.1528-0 (recommends 1.2, 1.3,
// 1.4), circular aperture with edge taper, Gaussian beam, phased array, gain table.
#include <satcap/radio/antenna.hpp>

#include <satcap/core/error.hpp>
#include <satcap/core/files.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <sstream>

namespace satcap::radio {
namespace {

constexpr double kPi = std::numbers::pi;
constexpr double kDeg = kPi / 180.0;
constexpr double kNullFloorDb = -80.0;  // nulls of analytic patterns, relative to the peak
const double kNaN = std::numeric_limits<double>::quiet_NaN();

std::string fmt(double v, int prec = 4) {
  std::ostringstream s;
  s.precision(prec);
  s << v;
  return s.str();
}

double d_over_lambda(units::Length d, units::Frequency f) {
  return units::to_metres(d) / units::to_metres(wavelength(f));
}

void check_aperture(units::Length d, units::Frequency f, double efficiency, const char* model) {
  const double dm = units::to_metres(d), fh = units::to_hz(f);
  if (!(dm > 0.0) || !std::isfinite(dm)) throw RangeError("antenna diameter", dm, "> 0 m", model);
  if (!(fh > 0.0) || !std::isfinite(fh)) throw RangeError("frequency", fh, "> 0 Hz", model);
  if (!(efficiency > 0.0 && efficiency <= 1.0)) throw RangeError("aperture efficiency", efficiency, "(0, 1]", model);
}

void check_finite_gain(units::DecibelIsotropic g, const char* model) {
  if (!std::isfinite(g.value())) throw RangeError("peak gain", g.value(), "finite dBi", model);
}

double check_angle_rad(units::Angle a, double lo_deg, double hi_deg, const char* what, const char* model) {
  const double d = units::to_deg(a);
  require_in_range(what, d, lo_deg, hi_deg, "deg", model);
  return units::to_rad(a);
}

// Zeros of J1 (j_{1,k}, k = 1..n): McMahon's asymptotic start, refined by Newton with
// J1'(x) = J0(x) - J1(x)/x.
std::vector<double> bessel_j1_zeros(int n) {
  std::vector<double> z;
  for (int k = 1; k <= n; ++k) {
    const double beta = (k + 0.25) * kPi;
    // McMahon: j ~ beta - (mu - 1)/(8 beta) - ..., mu = 4 nu^2 = 4 for nu = 1.
    double x = beta - 3.0 / (8.0 * beta);
    for (int it = 0; it < 50; ++it) {
      const double j1 = std::cyl_bessel_j(1.0, x);
      const double dj = std::cyl_bessel_j(0.0, x) - j1 / x;
      const double step = j1 / dj;
      x -= step;
      if (std::abs(step) < 1e-15 * x) break;
    }
    z.push_back(x);
  }
  return z;
}

// 2 J1(u)/u with its limit 1 at u = 0.
double jinc(double u) {
  if (std::abs(u) < 1e-8) return 1.0 - u * u / 8.0;
  return 2.0 * std::cyl_bessel_j(1.0, u) / u;
}
// 8 J2(u)/u^2 with its limit 1 at u = 0.
double lambda2(double u) {
  if (std::abs(u) < 1e-6) return 1.0 - u * u / 12.0;
  return 8.0 * std::cyl_bessel_j(2.0, u) / (u * u);
}

// RR Appendix 8 main beam, in degrees.
double main_beam(double gmax, double d_over_lambda, double phi_deg) {
  const double x = d_over_lambda * phi_deg;
  return gmax - 2.5e-3 * x * x;
}

}  // namespace

// ---- free functions --------------------------------------------------------------------------
units::Length wavelength(units::Frequency f) {
  const double fh = units::to_hz(f);
  if (!(fh > 0.0) || !std::isfinite(fh)) throw RangeError("frequency", fh, "> 0 Hz", "wavelength");
  return units::metres(units::kSpeedOfLight / fh);
}

units::DecibelIsotropic aperture_gain(units::Length diameter, units::Frequency f, double efficiency) {
  check_aperture(diameter, f, efficiency, "aperture gain");
  const double x = kPi * d_over_lambda(diameter, f);
  return units::DecibelIsotropic(10.0 * std::log10(efficiency * x * x));
}

units::Length aperture_diameter(units::DecibelIsotropic gain, units::Frequency f, double efficiency) {
  if (!(efficiency > 0.0 && efficiency <= 1.0)) throw RangeError("aperture efficiency", efficiency, "(0, 1]", "aperture diameter");
  check_finite_gain(gain, "aperture diameter");
  const double lambda = units::to_metres(wavelength(f));
  return units::metres(std::sqrt(std::pow(10.0, gain.value() / 10.0) / efficiency) * lambda / kPi);
}

// ---- base ---------------------------------------------------------------------------------------
AntennaPattern::~AntennaPattern() = default;

units::DecibelIsotropic AntennaPattern::gain(units::Angle off_axis) const {
  const double deg = std::abs(units::to_deg(off_axis));
  require_in_range("off-axis angle", deg, 0.0, 180.0, "deg", "antenna pattern");
  const double g = gain_dbi_at(deg * kDeg);
  if (std::isnan(g)) throw RangeError("off-axis angle", deg, "the pattern's defined range", describe());
  return units::DecibelIsotropic(g);
}

// ---- flat ---------------------------------------------------------------------------------------
FlatPattern::FlatPattern(units::DecibelIsotropic gain) : PatternImpl(gain.value()) { check_finite_gain(gain, "flat pattern"); }
std::string FlatPattern::describe() const { return "flat " + fmt(peak_dbi_) + " dBi"; }

// ---- Gaussian -----------------------------------------------------------------------------------
GaussianPattern::GaussianPattern(units::DecibelIsotropic peak, units::Angle hpbw, units::Decibel floor_relative)
    : PatternImpl(peak.value()) {
  check_finite_gain(peak, "Gaussian beam");
  hpbw_rad_ = check_angle_rad(hpbw, 1e-6, 180.0, "3 dB beamwidth", "Gaussian beam");
  require_in_range("side-lobe floor", floor_relative.value(), -200.0, 0.0, "dB", "Gaussian beam");
  k_ = 12.0 / (hpbw_rad_ * hpbw_rad_);
  floor_dbi_ = peak.value() + floor_relative.value();
}
std::string GaussianPattern::describe() const {
  return "Gaussian beam (" + fmt(peak_dbi_) + " dBi, 3 dB width " + fmt(hpbw_rad_ / kDeg) + " deg)";
}

// ---- circular aperture ----------------------------------------------------------------------------
CircularAperturePattern::CircularAperturePattern(units::Length diameter, units::Frequency f, double efficiency,
                                                 units::Decibel edge_taper)
    : PatternImpl(aperture_gain(diameter, f, efficiency).value()) {
  require_in_range("edge taper", edge_taper.value(), 0.0, 300.0, "dB", "circular aperture");
  d_m_ = units::to_metres(diameter);
  f_hz_ = units::to_hz(f);
  efficiency_ = efficiency;
  taper_db_ = edge_taper.value();
  c_ = std::pow(10.0, -taper_db_ / 20.0);
  norm_ = c_ + (1.0 - c_) / 2.0;
  kd_ = kPi * d_over_lambda(diameter, f);
  // Taper efficiency of E(r) = C + (1-C)(1-r^2): |int E|^2 / (int E^2) over the unit disc (weights 2r dr).
  const double mean = c_ + (1.0 - c_) / 2.0;
  const double mean_sq = c_ * c_ + c_ * (1.0 - c_) + (1.0 - c_) * (1.0 - c_) / 3.0;
  taper_efficiency_ = mean * mean / mean_sq;
}

double CircularAperturePattern::eval(double theta) const {
  const double s = theta >= kPi / 2 ? 1.0 : std::sin(theta);
  const double u = kd_ * s;
  const double field = (c_ * jinc(u) + (1.0 - c_) * 0.5 * lambda2(u)) / norm_;
  const double rel = 20.0 * std::log10(std::abs(field));
  return peak_dbi_ + (rel > kNullFloorDb ? rel : kNullFloorDb);
}

std::string CircularAperturePattern::describe() const {
  return "circular aperture (D = " + fmt(d_m_) + " m, " + fmt(f_hz_ / 1e9) + " GHz, eff " + fmt(efficiency_) +
         ", edge taper " + fmt(taper_db_) + " dB)";
}

// ---- S.465-6 --------------------------------------------------------------------------------------
S465Pattern::S465Pattern(units::Length diameter, units::Frequency f, double efficiency)
    : PatternImpl(aperture_gain(diameter, f, efficiency).value()) {
  d_over_lambda_ = d_over_lambda(diameter, f);
  const double phi_min_deg = d_over_lambda_ >= 50.0 ? std::max(1.0, 100.0 / d_over_lambda_)
                                                    : std::max(2.0, 114.0 * std::pow(d_over_lambda_, -1.09));
  phi_min_rad_ = phi_min_deg * kDeg;
  g_phi_min_ = 32.0 - 25.0 * std::log10(phi_min_deg);
}

double S465Pattern::eval(double theta) const {
  const double phi = theta / kDeg;
  if (theta < phi_min_rad_) return std::max(main_beam(peak_dbi_, d_over_lambda_, phi), g_phi_min_);
  if (phi < 48.0) return 32.0 - 25.0 * std::log10(phi);
  return -10.0;
}

std::string S465Pattern::describe() const {
  return "ITU-R S.465-6 (D/lambda = " + fmt(d_over_lambda_) + ", Gmax " + fmt(peak_dbi_) + " dBi)";
}

// ---- S.580-6 --------------------------------------------------------------------------------------
S580Pattern::S580Pattern(units::Length diameter, units::Frequency f, double efficiency)
    : PatternImpl(aperture_gain(diameter, f, efficiency).value()) {
  d_over_lambda_ = d_over_lambda(diameter, f);
  if (d_over_lambda_ < 50.0)
    throw RangeError("D/lambda", d_over_lambda_, ">= 50", "ITU-R S.580-6");
  const double phi_min_deg = std::max(1.0, 100.0 / d_over_lambda_);
  phi_min_rad_ = phi_min_deg * kDeg;
  g_phi_min_ = 29.0 - 25.0 * std::log10(phi_min_deg);
}

double S580Pattern::eval(double theta) const {
  const double phi = theta / kDeg;
  if (theta < phi_min_rad_) return std::max(main_beam(peak_dbi_, d_over_lambda_, phi), g_phi_min_);
  if (phi <= 20.0) return 29.0 - 25.0 * std::log10(phi);
  if (phi <= 26.3) return -3.5;
  if (phi <= 48.0) return 32.0 - 25.0 * std::log10(phi);
  return -10.0;
}

std::string S580Pattern::describe() const {
  return "ITU-R S.580-6 (D/lambda = " + fmt(d_over_lambda_) + ", Gmax " + fmt(peak_dbi_) + " dBi)";
}

// ---- S.672-4 --------------------------------------------------------------------------------------
S672Pattern::S672Pattern(units::DecibelIsotropic peak, units::Angle half_beamwidth, units::Decibel ls)
    : PatternImpl(peak.value()) {
  check_finite_gain(peak, "ITU-R S.672-4");
  psi0_rad_ = check_angle_rad(half_beamwidth, 1e-6, 90.0, "half 3 dB beamwidth", "ITU-R S.672-4");
  ls_ = ls.value();
  if (ls_ == -20.0) a_ = 2.58;
  else if (ls_ == -25.0) a_ = 2.88;
  else if (ls_ == -30.0) a_ = 3.16;
  else throw RangeError("LS", ls_, "-20, -25 or -30 dB", "ITU-R S.672-4");
  // Third segment reaches 0 dBi at psi1: Gm + LS + 20 - 25 log10(psi1/psi0) = 0.
  psi1_rad_ = psi0_rad_ * std::pow(10.0, (peak_dbi_ + ls_ + 20.0) / 25.0);
}

double S672Pattern::eval(double theta) const {
  const double x = theta / psi0_rad_;
  if (x <= a_) return peak_dbi_ - 3.0 * x * x;
  if (x <= b_) return peak_dbi_ + ls_;
  if (theta <= psi1_rad_) return peak_dbi_ + ls_ + 20.0 - 25.0 * std::log10(x);
  return 0.0;
}

std::string S672Pattern::describe() const {
  return "ITU-R S.672-4 (Gm " + fmt(peak_dbi_) + " dBi, psi0 " + fmt(psi0_rad_ / kDeg) + " deg, LS " + fmt(ls_) + " dB)";
}

// ---- S.1528 recommends 1.2 ---------------------------------------------------------------------------
S1528Rec12Pattern::S1528Rec12Pattern(units::DecibelIsotropic peak, units::Angle half_beamwidth, units::Decibel ln,
                                     double z)
    : PatternImpl(peak.value()) {
  check_finite_gain(peak, "ITU-R S.1528 rec. 1.2");
  psib_rad_ = check_angle_rad(half_beamwidth, 1e-6, 90.0, "half 3 dB beamwidth", "ITU-R S.1528 rec. 1.2");
  ln_ = ln.value();
  z_ = z;
  double c = 0.0;
  if (ln_ == -15.0) c = 1.4;
  else if (ln_ == -20.0) c = 1.0;
  else if (ln_ == -25.0) c = 0.6;
  else if (ln_ == -30.0) c = 0.4;
  else throw RangeError("LN", ln_, "-15, -20, -25 or -30 dB", "ITU-R S.1528 rec. 1.2");
  if (!(z_ >= 1.0) || 1.0 - c * std::log10(z_) <= 0.0)
    throw RangeError("axis ratio z", z_, ">= 1 and 1 - c log10(z) > 0", "ITU-R S.1528 rec. 1.2");
  a_ = 2.58 * std::sqrt(1.0 - c * std::log10(z_));
  const double psib_deg = psib_rad_ / kDeg;
  x_ = peak_dbi_ + ln_ + 25.0 * std::log10(b_ * psib_deg);
  y_rad_ = b_ * psib_rad_ * std::pow(10.0, 0.04 * (peak_dbi_ + ln_ - 0.0));
  lb_ = std::max(15.0 + ln_ + 0.25 * peak_dbi_ + 5.0 * std::log10(z_), 0.0);
}

double S1528Rec12Pattern::eval(double theta) const {
  const double x = theta / psib_rad_;
  if (x <= a_) return peak_dbi_ - 3.0 * std::pow(x, alpha_);
  if (x <= 0.5 * b_) return peak_dbi_ + ln_ + 20.0 * std::log10(z_);
  if (x <= b_) return peak_dbi_ + ln_;
  if (theta <= y_rad_) return x_ - 25.0 * std::log10(theta / kDeg);
  if (theta <= kPi / 2) return 0.0;
  return lb_;
}

std::string S1528Rec12Pattern::describe() const {
  return "ITU-R S.1528 rec. 1.2 (Gm " + fmt(peak_dbi_) + " dBi, psi_b " + fmt(psib_rad_ / kDeg) + " deg, LN " + fmt(ln_) +
         " dB, z " + fmt(z_) + ")";
}

// ---- S.1528 recommends 1.3 ---------------------------------------------------------------------------
S1528Rec13Pattern::S1528Rec13Pattern(units::DecibelIsotropic peak, units::Angle half_beamwidth, units::Decibel ls,
                                     units::DecibelIsotropic lf)
    : PatternImpl(peak.value()) {
  check_finite_gain(peak, "ITU-R S.1528 rec. 1.3");
  psib_rad_ = check_angle_rad(half_beamwidth, 1e-6, 90.0, "half 3 dB beamwidth", "ITU-R S.1528 rec. 1.3");
  ls_ = ls.value();
  lf_ = lf.value();
  require_in_range("LS", ls_, -60.0, 0.0, "dB", "ITU-R S.1528 rec. 1.3");
  // Y is where the main lobe reaches Gm + LS: 3 (Y/psi_b)^2 = -LS (1.5 psi_b for LS = -6.75 dB).
  y_rad_ = psib_rad_ * std::sqrt(-ls_ / 3.0);
  z_rad_ = y_rad_ * std::pow(10.0, 0.04 * (peak_dbi_ + ls_ - lf_));
}

double S1528Rec13Pattern::eval(double theta) const {
  if (theta <= y_rad_) {
    const double x = theta / psib_rad_;
    return peak_dbi_ - 3.0 * x * x;
  }
  if (theta <= z_rad_) return peak_dbi_ + ls_ - 25.0 * std::log10(theta / y_rad_);
  return lf_;
}

std::string S1528Rec13Pattern::describe() const {
  return "ITU-R S.1528 rec. 1.3 (Gm " + fmt(peak_dbi_) + " dBi, psi_b " + fmt(psib_rad_ / kDeg) + " deg)";
}

// ---- S.1528 recommends 1.4 (Taylor) -------------------------------------------------------------------
S1528TaylorPattern::S1528TaylorPattern(units::DecibelIsotropic peak, units::Length diameter, units::Frequency f,
                                       units::Decibel slr, int nbar)
    : PatternImpl(peak.value()) {
  check_finite_gain(peak, "ITU-R S.1528 rec. 1.4");
  check_aperture(diameter, f, 1.0, "ITU-R S.1528 rec. 1.4");
  require_in_range("side-lobe ratio", slr.value(), 13.0, 60.0, "dB", "ITU-R S.1528 rec. 1.4");
  if (nbar < 2 || nbar > 20) throw RangeError("nbar", nbar, "2..20", "ITU-R S.1528 rec. 1.4");
  d_m_ = units::to_metres(diameter);
  f_hz_ = units::to_hz(f);
  slr_ = slr.value();
  nbar_ = nbar;
  kd_ = kPi * d_over_lambda(diameter, f);
  a_ = std::acosh(std::pow(10.0, slr_ / 20.0)) / kPi;
  for (double j : bessel_j1_zeros(nbar)) mu_.push_back(j / kPi);
  sigma_ = mu_.back() / std::sqrt(a_ * a_ + (nbar_ - 0.5) * (nbar_ - 0.5));
}

double S1528TaylorPattern::field(double u) const {
  double f = jinc(u);
  for (int i = 1; i < nbar_; ++i) {
    const double zi = kPi * mu_[static_cast<std::size_t>(i - 1)];  // j_{1,i}
    const double num = 1.0 - u * u / (kPi * kPi * sigma_ * sigma_ * (a_ * a_ + (i - 0.5) * (i - 0.5)));
    double den = 1.0 - (u / zi) * (u / zi);
    if (std::abs(den) < 1e-9) {
      // Removable singularity at u = z = j_{1,i}: 2 J1(u)/u ~ 2 J1'(z)(u - z)/z and
      // 1 - u^2/z^2 ~ -2 (u - z)/z, so the ratio tends to -J1'(z) = -J0(z) (J1(z) = 0).
      f = -std::cyl_bessel_j(0.0, zi);
      for (int k = 1; k < nbar_; ++k) {
        if (k == i) {
          f *= num;
          continue;
        }
        const double zk = kPi * mu_[static_cast<std::size_t>(k - 1)];
        const double nk = 1.0 - u * u / (kPi * kPi * sigma_ * sigma_ * (a_ * a_ + (k - 0.5) * (k - 0.5)));
        f *= nk / (1.0 - (u / zk) * (u / zk));
      }
      return f;
    }
    f *= num / den;
  }
  return f;
}

double S1528TaylorPattern::eval(double theta) const {
  const double s = theta >= kPi / 2 ? 1.0 : std::sin(theta);
  const double rel = 20.0 * std::log10(std::abs(field(kd_ * s)));
  return peak_dbi_ + (rel > kNullFloorDb ? rel : kNullFloorDb);
}

std::string S1528TaylorPattern::describe() const {
  return "ITU-R S.1528 rec. 1.4 Taylor (Gm " + fmt(peak_dbi_) + " dBi, D " + fmt(d_m_) + " m, " + fmt(f_hz_ / 1e9) +
         " GHz, SLR " + fmt(slr_) + " dB, nbar " + std::to_string(nbar_) + ")";
}

// ---- phased array -----------------------------------------------------------------------------------
PhasedArray::PhasedArray(units::DecibelIsotropic broadside_gain, units::Angle broadside_hpbw, double scan_exponent,
                         units::Angle max_scan, units::Decibel floor_relative) {
  check_finite_gain(broadside_gain, "phased array");
  g0_ = broadside_gain.value();
  hpbw_rad_ = check_angle_rad(broadside_hpbw, 1e-6, 180.0, "broadside 3 dB beamwidth", "phased array");
  require_in_range("scan-loss exponent k", scan_exponent, 0.0, 10.0, "", "phased array");
  k_ = scan_exponent;
  max_scan_rad_ = check_angle_rad(max_scan, 0.0, 89.9, "maximum scan angle", "phased array");
  require_in_range("side-lobe floor", floor_relative.value(), -200.0, 0.0, "dB", "phased array");
  floor_ = floor_relative.value();
}

bool PhasedArray::can_steer(units::Angle scan) const {
  const double s = std::abs(units::to_rad(scan));
  return s <= max_scan_rad_;
}

double PhasedArray::gain_dbi_at(double scan_rad, double off_rad) const {
  scan_rad = std::abs(scan_rad);
  off_rad = std::abs(off_rad);
  if (!(scan_rad <= max_scan_rad_)) return kNaN;
  const double c = std::cos(scan_rad);
  const double loss = 10.0 * k_ * std::log10(c);
  const double x = off_rad * c / hpbw_rad_;
  const double rel = -12.0 * x * x;
  return g0_ + loss + (rel > floor_ ? rel : floor_);
}

units::Decibel PhasedArray::scan_loss(units::Angle scan) const {
  const double s = check_angle_rad(units::rad(std::abs(units::to_rad(scan))), 0.0, 90.0, "scan angle", "phased array");
  if (s > max_scan_rad_) throw RangeError("scan angle", s / kDeg, "<= maximum scan " + fmt(max_scan_rad_ / kDeg) + " deg", "phased array");
  return units::Decibel(10.0 * k_ * std::log10(std::cos(s)));
}

units::DecibelIsotropic PhasedArray::gain(units::Angle scan, units::Angle off_beam) const {
  (void)scan_loss(scan);
  const double off = check_angle_rad(units::rad(std::abs(units::to_rad(off_beam))), 0.0, 180.0, "off-beam angle", "phased array");
  return units::DecibelIsotropic(gain_dbi_at(units::to_rad(scan), off));
}

namespace {
class SteeredBeam final : public detail::PatternImpl<SteeredBeam> {
 public:
  SteeredBeam(const PhasedArray& array, double scan_rad)
      : PatternImpl(array.gain_dbi_at(scan_rad, 0.0)), array_(array), scan_(scan_rad) {}
  double eval(double theta) const { return array_.gain_dbi_at(scan_, theta); }
  std::string describe() const override {
    return "phased array steered " + fmt(scan_ / kDeg) + " deg (G0 " + fmt(array_.broadside_gain().value()) + " dBi, k " +
           fmt(array_.scan_exponent()) + ")";
  }

 private:
  PhasedArray array_;
  double scan_;
};
}  // namespace

std::shared_ptr<const AntennaPattern> PhasedArray::steered(units::Angle scan) const {
  (void)scan_loss(scan);
  return std::make_shared<SteeredBeam>(*this, std::abs(units::to_rad(scan)));
}

// ---- gain table ------------------------------------------------------------------------------------
GainTablePattern::GainTablePattern(std::vector<double> off_axis_deg, std::vector<double> gain_dbi, std::string name)
    : PatternImpl(gain_dbi.empty() ? 0.0 : *std::max_element(gain_dbi.begin(), gain_dbi.end())),
      deg_(std::move(off_axis_deg)),
      g_(std::move(gain_dbi)),
      name_(std::move(name)) {
  if (deg_.size() < 2 || deg_.size() != g_.size()) throw InputError(name_, 0, "", "a gain table needs at least two rows");
  if (deg_.front() != 0.0) throw InputError(name_, 0, "off_axis_deg", "the first angle must be 0 deg");
  for (std::size_t i = 1; i < deg_.size(); ++i)
    if (!(deg_[i] > deg_[i - 1])) throw InputError(name_, 0, "off_axis_deg", "angles must increase strictly");
  if (deg_.back() > 180.0) throw InputError(name_, 0, "off_axis_deg", "angles must not exceed 180 deg");
}

GainTablePattern GainTablePattern::from_csv_text(std::string_view text, const std::string& name) {
  auto t = core::CsvTable::parse(text, name, {"off_axis_deg", "gain_dbi"});
  std::vector<double> deg, g;
  for (const auto& row : t.rows()) {
    const double a = t.number_in(row, "off_axis_deg", 0.0, 180.0, "deg");
    const double gi = t.number_in(row, "gain_dbi", -100.0, 100.0, "dBi");
    if (deg.empty() && a != 0.0) t.fail(row, "off_axis_deg", "the first angle must be 0 deg");
    if (!deg.empty() && !(a > deg.back()))
      t.fail(row, "off_axis_deg", "angles must increase strictly (previous " + fmt(deg.back(), 8) + ")");
    deg.push_back(a);
    g.push_back(gi);
  }
  if (deg.size() < 2) throw InputError(name, 0, "", "a gain table needs at least two rows");
  return GainTablePattern(std::move(deg), std::move(g), name);
}

GainTablePattern GainTablePattern::from_csv(const std::filesystem::path& path) {
  return from_csv_text(core::read_file(path), path.string());
}

double GainTablePattern::eval(double theta) const {
  const double d = theta / kDeg;
  if (!(d <= deg_.back())) {
    if (deg_.back() == 180.0 && d <= 180.0 + 1e-9) return g_.back();
    return kNaN;
  }
  auto it = std::upper_bound(deg_.begin(), deg_.end(), d);
  if (it == deg_.end()) return g_.back();
  const auto k = static_cast<std::size_t>(it - deg_.begin());
  const double t = (d - deg_[k - 1]) / (deg_[k] - deg_[k - 1]);
  return g_[k - 1] + t * (g_[k] - g_[k - 1]);
}

std::string GainTablePattern::describe() const {
  return "gain table " + name_ + " (" + std::to_string(deg_.size()) + " rows, peak " + fmt(peak_dbi_) + " dBi)";
}

}  // namespace satcap::radio
