// Recommendation ITU-R P.676-13 (08/2022): gaseous attenuation, Annex 1 line-by-line and slant path,
// Annex 2 equivalent heights.
#include <satcap/core/error.hpp>
#include <satcap/core/files.hpp>
#include <satcap/radio/itur/p453.hpp>
#include <satcap/radio/itur/p676.hpp>
#include <satcap/radio/itur/p835.hpp>

#include <algorithm>
#include <cmath>
#include <string>

#include "itur_internal.hpp"

namespace satcap::radio::itur {
namespace {

struct Line {
  double f0, c1, c2, c3, c4, c5, c6;
};

// P.676-13 Annex 1 Table 1: spectroscopic data for oxygen attenuation (f0 GHz, a1..a6).
constexpr Line kOxygen[] = {
    {50.474214, 0.975, 9.651, 6.69, 0.0, 2.566, 6.85},
    {50.987745, 2.529, 8.653, 7.17, 0.0, 2.246, 6.8},
    {51.50336, 6.193, 7.709, 7.64, 0.0, 1.947, 6.729},
    {52.021429, 14.32, 6.819, 8.11, 0.0, 1.667, 6.64},
    {52.542418, 31.24, 5.983, 8.58, 0.0, 1.388, 6.526},
    {53.066934, 64.29, 5.201, 9.06, 0.0, 1.349, 6.206},
    {53.595775, 124.6, 4.474, 9.55, 0.0, 2.227, 5.085},
    {54.130025, 227.3, 3.8, 9.96, 0.0, 3.17, 3.75},
    {54.67118, 389.7, 3.182, 10.37, 0.0, 3.558, 2.654},
    {55.221384, 627.1, 2.618, 10.89, 0.0, 2.56, 2.952},
    {55.783815, 945.3, 2.109, 11.34, 0.0, -1.172, 6.135},
    {56.264774, 543.4, 0.014, 17.03, 0.0, 3.525, -0.978},
    {56.363399, 1331.8, 1.654, 11.89, 0.0, -2.378, 6.547},
    {56.968211, 1746.6, 1.255, 12.23, 0.0, -3.545, 6.451},
    {57.612486, 2120.1, 0.91, 12.62, 0.0, -5.416, 6.056},
    {58.323877, 2363.7, 0.621, 12.95, 0.0, -1.932, 0.436},
    {58.446588, 1442.1, 0.083, 14.91, 0.0, 6.768, -1.273},
    {59.164204, 2379.9, 0.387, 13.53, 0.0, -6.561, 2.309},
    {59.590983, 2090.7, 0.207, 14.08, 0.0, 6.957, -0.776},
    {60.306056, 2103.4, 0.207, 14.15, 0.0, -6.395, 0.699},
    {60.434778, 2438.0, 0.386, 13.39, 0.0, 6.342, -2.825},
    {61.150562, 2479.5, 0.621, 12.92, 0.0, 1.014, -0.584},
    {61.800158, 2275.9, 0.91, 12.63, 0.0, 5.014, -6.619},
    {62.41122, 1915.4, 1.255, 12.17, 0.0, 3.029, -6.759},
    {62.486253, 1503.0, 0.083, 15.13, 0.0, -4.499, 0.844},
    {62.997984, 1490.2, 1.654, 11.74, 0.0, 1.856, -6.675},
    {63.568526, 1078.0, 2.108, 11.34, 0.0, 0.658, -6.139},
    {64.127775, 728.7, 2.617, 10.88, 0.0, -3.036, -2.895},
    {64.67891, 461.3, 3.181, 10.38, 0.0, -3.968, -2.59},
    {65.224078, 274.0, 3.8, 9.96, 0.0, -3.528, -3.68},
    {65.764779, 153.0, 4.473, 9.55, 0.0, -2.548, -5.002},
    {66.302096, 80.4, 5.2, 9.06, 0.0, -1.66, -6.091},
    {66.836834, 39.8, 5.982, 8.58, 0.0, -1.68, -6.393},
    {67.369601, 18.56, 6.818, 8.11, 0.0, -1.956, -6.475},
    {67.900868, 8.172, 7.708, 7.64, 0.0, -2.216, -6.545},
    {68.431006, 3.397, 8.652, 7.17, 0.0, -2.492, -6.6},
    {68.960312, 1.334, 9.65, 6.69, 0.0, -2.773, -6.65},
    {118.750334, 940.3, 0.01, 16.64, 0.0, -0.439, 0.079},
    {368.498246, 67.4, 0.048, 16.4, 0.0, 0.0, 0.0},
    {424.76302, 637.7, 0.044, 16.4, 0.0, 0.0, 0.0},
    {487.249273, 237.4, 0.049, 16.0, 0.0, 0.0, 0.0},
    {715.392902, 98.1, 0.145, 16.0, 0.0, 0.0, 0.0},
    {773.83949, 572.3, 0.141, 16.2, 0.0, 0.0, 0.0},
    {834.145546, 183.1, 0.145, 14.7, 0.0, 0.0, 0.0},
};
// P.676-13 Annex 1 Table 2: spectroscopic data for water-vapour attenuation (f0 GHz, b1..b6).
constexpr Line kWater[] = {
    {22.23508, 0.1079, 2.144, 26.38, 0.76, 5.087, 1.0},
    {67.80396, 0.0011, 8.732, 28.58, 0.69, 4.93, 0.82},
    {119.99594, 0.0007, 8.353, 29.48, 0.7, 4.78, 0.79},
    {183.310087, 2.273, 0.668, 29.06, 0.77, 5.022, 0.85},
    {321.22563, 0.047, 6.179, 24.04, 0.67, 4.398, 0.54},
    {325.152888, 1.514, 1.541, 28.23, 0.64, 4.893, 0.74},
    {336.227764, 0.001, 9.825, 26.93, 0.69, 4.74, 0.61},
    {380.197353, 11.67, 1.048, 28.11, 0.54, 5.063, 0.89},
    {390.134508, 0.0045, 7.347, 21.52, 0.63, 4.81, 0.55},
    {437.346667, 0.0632, 5.048, 18.45, 0.6, 4.23, 0.48},
    {439.150807, 0.9098, 3.595, 20.07, 0.63, 4.483, 0.52},
    {443.018343, 0.192, 5.048, 15.55, 0.6, 5.083, 0.5},
    {448.001085, 10.41, 1.405, 25.64, 0.66, 5.028, 0.67},
    {470.888999, 0.3254, 3.597, 21.34, 0.66, 4.506, 0.65},
    {474.689092, 1.26, 2.379, 23.2, 0.65, 4.804, 0.64},
    {488.490108, 0.2529, 2.852, 25.86, 0.69, 5.201, 0.72},
    {503.568532, 0.0372, 6.731, 16.12, 0.61, 3.98, 0.43},
    {504.482692, 0.0124, 6.731, 16.12, 0.61, 4.01, 0.45},
    {547.67644, 0.9785, 0.158, 26.0, 0.7, 4.5, 1.0},
    {552.02096, 0.184, 0.158, 26.0, 0.7, 4.5, 1.0},
    {556.935985, 497.0, 0.159, 30.86, 0.69, 4.552, 1.0},
    {620.700807, 5.015, 2.391, 24.38, 0.71, 4.856, 0.68},
    {645.766085, 0.0067, 8.633, 18.0, 0.6, 4.0, 0.5},
    {658.00528, 0.2732, 7.816, 32.1, 0.69, 4.14, 1.0},
    {752.033113, 243.4, 0.396, 30.86, 0.68, 4.352, 0.84},
    {841.051732, 0.0134, 8.177, 15.9, 0.33, 5.76, 0.45},
    {859.965698, 0.1325, 8.055, 30.6, 0.68, 4.09, 0.84},
    {899.303175, 0.0547, 7.914, 29.85, 0.68, 4.53, 0.9},
    {902.611085, 0.0386, 8.429, 28.65, 0.7, 5.1, 0.95},
    {906.205957, 0.1836, 5.11, 24.08, 0.7, 4.7, 0.53},
    {916.171582, 8.4, 1.441, 26.73, 0.7, 5.15, 0.78},
    {923.112692, 0.0079, 10.293, 29.0, 0.7, 5.0, 0.8},
    {970.315022, 9.009, 1.919, 25.5, 0.64, 4.94, 0.67},
    {987.926764, 134.6, 0.257, 29.85, 0.68, 4.55, 0.9},
    {1780.0, 17506.0, 0.952, 196.3, 2.0, 24.15, 5.0},
};

constexpr const char* kModelA1 = "ITU-R P.676-13 Annex 1";

}  // namespace

double p676_gamma_oxygen(double f, double p, double rho, double t) {
  require_in_range("frequency", f, 1.0, 1000.0, "GHz", kModelA1);
  const double theta = 300.0 / t;
  const double e = rho * t / 216.7;  // eq. (4)
  const double th08 = std::pow(theta, 0.8);
  double n = 0;
  for (const Line& l : kOxygen) {
    const double s = l.c1 * 1e-7 * p * theta * theta * theta * std::exp(l.c2 * (1.0 - theta));  // eq. (3)
    double df = l.c3 * 1e-4 * (p * std::pow(theta, 0.8 - l.c4) + 1.1 * e * theta);           // eq. (6a)
    df = std::sqrt(df * df + 2.25e-6);                                                        // eq. (6b)
    const double delta = (l.c5 + l.c6 * theta) * 1e-4 * (p + e) * th08;                        // eq. (7)
    const double dm = l.f0 - f, dp = l.f0 + f;
    const double shape = f / l.f0 * ((df - delta * dm) / (dm * dm + df * df) + (df - delta * dp) / (dp * dp + df * df));  // eq. (5)
    n += s * shape;
  }
  const double d = 5.6e-4 * (p + e) * th08;  // eq. (9)
  const double nd = f * p * theta * theta *
                    (6.14e-5 / (d * (1.0 + (f / d) * (f / d))) + 1.4e-12 * p * std::pow(theta, 1.5) / (1.0 + 1.9e-5 * std::pow(f, 1.5)));  // eq. (8)
  return 0.1820 * f * (n + nd);  // eq. (1)
}

double p676_gamma_water(double f, double p, double rho, double t) {
  require_in_range("frequency", f, 1.0, 1000.0, "GHz", kModelA1);
  const double theta = 300.0 / t;
  const double e = rho * t / 216.7;
  const double th35 = std::pow(theta, 3.5);
  double n = 0;
  for (const Line& l : kWater) {
    const double s = l.c1 * 0.1 * e * th35 * std::exp(l.c2 * (1.0 - theta));                      // eq. (3)
    double df = l.c3 * 1e-4 * (p * std::pow(theta, l.c4) + l.c5 * e * std::pow(theta, l.c6));      // eq. (6a)
    df = 0.535 * df + std::sqrt(0.217 * df * df + 2.1316e-12 * l.f0 * l.f0 / theta);             // eq. (6b)
    const double dm = l.f0 - f, dp = l.f0 + f;
    n += s * (f / l.f0 * (df / (dm * dm + df * df) + df / (dp * dp + df * df)));                 // eq. (5), delta = 0
  }
  return 0.1820 * f * n;
}

P676SlantResult p676_slant_path_annex1(double f, double el_deg, double h1, double h2, double rho0, std::vector<P676Layer>* layers) {
  require_in_range("frequency", f, 1.0, 1000.0, "GHz", kModelA1);
  require_in_range("elevation", el_deg, 0.0, 90.0, "deg", kModelA1);
  require_in_range("lower height", h1, 0.0, 100.0, "km", kModelA1);
  require_in_range("upper height", h2, h1, 100.0, "km", kModelA1);
  // Layers of eq. (14)-(15): delta_i = 1e-4 exp((i-1)/100), bottom h_i = 1e-4 (exp((i-1)/100)-1)/(exp(1/100)-1).
  constexpr int kLayers = 922;
  const double q = std::exp(0.01) - 1.0;
  auto bottom = [&](int i) { return 1e-4 * (std::exp((i - 1) / 100.0) - 1.0) / q; };
  auto thick = [&](int i) { return 1e-4 * std::exp((i - 1) / 100.0); };
  int i1 = 1, i2 = kLayers;
  double scale = 1.0, base = 0.0;
  if (!(h1 == 0.0 && h2 >= 100.0)) {
    // Between two heights (§2.2.1, second case): the layers containing h1 .. h2, their thicknesses
    // scaled so that they exactly span [h1, h2].
    while (i1 < kLayers && bottom(i1 + 1) <= h1) ++i1;
    i2 = i1;
    while (i2 < kLayers && bottom(i2 + 1) < h2) ++i2;
    double sum = 0;
    for (int i = i1; i <= i2; ++i) sum += thick(i);
    scale = (h2 - h1) / sum;
    base = h1;
  }
  P676SlantResult out;
  const double re = 6371.0;
  if (layers) layers->clear();
  double h = base;
  double beta = detail::deg2rad(90.0 - el_deg);
  double n_prev = 0, alpha_prev = 0;
  for (int i = i1; i <= i2; ++i) {
    const double d = thick(i) * scale;
    const double r = re + h;
    const double hm = h + 0.5 * d;
    const double t = p835_temperature_k(hm);
    const double ptot = p835_pressure_hpa(hm);
    const double rho = p835_water_vapour_density(hm, rho0);
    const double e = rho * t / 216.7;
    const double pd = ptot - e;
    const double n = 1.0 + 1e-6 * p453_refractivity(pd, e, t);
    if (i > i1) {
      const double s = std::min(1.0, n_prev / n * std::sin(alpha_prev));  // eq. (19a)
      const double b = std::asin(s);
      out.bending_rad += b - alpha_prev;
      beta = b;
    }
    const double cb = std::cos(beta);
    const double a = -r * cb + 0.5 * std::sqrt(4.0 * r * r * cb * cb + 8.0 * r * d + 4.0 * d * d);  // eq. (17)
    const double arg = (-a * a - 2.0 * r * d - d * d) / (2.0 * a * r + 2.0 * a * d);
    const double alpha = detail::kPi - std::acos(std::clamp(arg, -1.0, 1.0));  // eq. (18a)
    const double go = p676_gamma_oxygen(f, pd, rho, t), gw = p676_gamma_water(f, pd, rho, t);
    out.attenuation_db += a * (go + gw);  // eq. (13)
    if (layers) layers->push_back({i, d, h, hm, ptot, t, rho, pd, e, n, beta, alpha, a, go, gw});
    n_prev = n;
    alpha_prev = alpha;
    h += d;
  }
  return out;
}

P676OxygenHeightTable::P676OxygenHeightTable(const std::filesystem::path& file) {
  const auto table = core::CsvTable::read(file, {"f", "a0", "b0", "c0", "d0"});
  for (const auto& row : table.rows()) {
    f_.push_back(table.number(row, "f"));
    a_.push_back(table.number(row, "a0"));
    b_.push_back(table.number(row, "b0"));
    c_.push_back(table.number(row, "c0"));
    d_.push_back(table.number(row, "d0"));
  }
  if (f_.size() < 2) throw InputError(file.string(), 0, "", "P.676-13 Annex 2 Part 1 table is empty");
  for (std::size_t i = 1; i < f_.size(); ++i)
    if (!(f_[i] > f_[i - 1])) throw InputError(file.string(), i + 2, "f", "frequencies must increase");
}

P676OxygenHeightTable::Coefficients P676OxygenHeightTable::at(double f) const {
  require_in_range("frequency", f, f_.front(), f_.back(), "GHz", "ITU-R P.676-13 Annex 2");
  auto it = std::upper_bound(f_.begin(), f_.end(), f);
  std::size_t hi = static_cast<std::size_t>(it - f_.begin());
  if (hi >= f_.size()) hi = f_.size() - 1;
  const std::size_t lo = hi - 1;
  const double w = (f - f_[lo]) / (f_[hi] - f_[lo]);
  return {a_[lo] + w * (a_[hi] - a_[lo]), b_[lo] + w * (b_[hi] - b_[lo]), c_[lo] + w * (c_[hi] - c_[lo]),
          d_[lo] + w * (d_[hi] - d_[lo])};
}

double P676OxygenHeightTable::equivalent_height_km(double f, double t, double p, double rho) const {
  const Coefficients c = at(f);
  return c.a0 + c.b0 * t + c.c0 * p + c.d0 * rho;  // eq. (31)
}

double p676_water_vapour_zenith_db(double v, double av, double bv, double cv, double dv, double rho, double t, double p) {
  return (av + bv * rho + cv * t + dv * p) * v;  // eq. (40)
}

}  // namespace satcap::radio::itur
