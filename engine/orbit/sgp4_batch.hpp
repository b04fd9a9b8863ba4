#pragma once
// Internal (exported only so tests and benchmarks can link it in shared builds): SGP4 over groups of satellites for the batch ephemeris.
// Near-Earth satellites (SGP4 proper, period < 225 min) run through a 4-lane AVX2/FMA kernel when the CPU has
// it (runtime dispatch): the same equations as sgp4.cpp, evaluated for four satellites at once with vector
// sin/cos/atan2 (Cephes-style minimax polynomials, <= 2 ulp). Deep-space satellites and CPUs without AVX2
// use the scalar reference code. A satellite always takes the same path whatever the grouping or thread
// count, so results are bit-identical for any tiling; the vector path agrees with the scalar reference to
// ~1e-9 km (see tests/orbit/sgp4_batch_test.cpp).
#include <cstddef>
#include <vector>

#include <satcap/orbit/j2.hpp>

#include "orbit/sgp4_coefficients.hpp"

namespace satcap::orbit {

/// Per-satellite constants of the near-Earth kernel (derived from Sgp4Coefficients).
struct NearEarthCoef {
  double mo, mdot, argpo, argpdot, nodeo, nodedot, nodecf, cc1, bcc4, t2cof, omgcof, eta, xmcof, delmo;
  double d2, d3, d4, bcc5, sinmao, t3cof, t4cof, t5cof, no, ao23, ecco, inclo, sinio, cosio, aycof, xlcof;
  double con41, x1mth2, x7thm1, j2, xke, radius;
};

class SATCAP_EXPORT Sgp4Batch {
 public:
  static constexpr std::size_t kLanes = 8;
  Sgp4Batch() = default;
  explicit Sgp4Batch(const std::vector<Sgp4>& sats);
  std::size_t size() const { return coeffs_.size(); }
  /// Satellites [first, first + m), m <= kLanes; tsince in minutes; outputs km and km/s TEME and the code.
  void propagate(std::size_t first, std::size_t m, const double* tsince, double* rx, double* ry, double* rz, double* vx,
                 double* vy, double* vz, int* err) const noexcept;
  /// True when the vector kernel is in use on this CPU.
  static bool vector_kernel_available();
  /// Forces the scalar path (for tests / comparison).
  void set_use_vector(bool on) { use_vector_ = on && vector_kernel_available(); }

 private:
  std::vector<Sgp4Coefficients> coeffs_;
  std::vector<NearEarthCoef> near_;
  std::vector<double> soa_;  // field-major copy of near_ (stride soa_stride_), padded by 4
  std::size_t soa_stride_ = 0;
  std::vector<unsigned char> is_near_;
  bool use_vector_ = false;
};

/// J2 secular propagation for many satellites: 4-lane AVX2 kernel (scalar fallback), same equations as
/// J2Propagator (Vallado 4th ed. sec. 9.6), positions / velocities in metres, inertial (TEME-like) frame.
class SATCAP_EXPORT J2Batch {
 public:
  J2Batch() = default;
  explicit J2Batch(const std::vector<J2Propagator>& sats);
  std::size_t size() const { return a_.size(); }
  /// Satellites [first, first + m), m <= 8; dt in seconds since each satellite's epoch; outputs in km and km/s.
  void propagate(std::size_t first, std::size_t m, const double* dt_s, double* rx, double* ry, double* rz, double* vx,
                 double* vy, double* vz) const noexcept;

 private:
  std::vector<double> a_, e_, raan0_, argp0_, m0_, raan_dot_, argp_dot_, m_dot_, sqrt_mu_p_, cos_i_, sin_i_, sqrt_1me2_;
  std::vector<J2Propagator> scalar_;
  bool use_vector_ = false;
};

/// 4-lane kernel entry (exposed for tests). idx: satellite indices of the lanes.
SATCAP_EXPORT void sgp4_near_earth_x4(const NearEarthCoef* const lanes[4], const double tsince[4], double r[3][4], double v[3][4],
                        int err[4]) noexcept;
/// Vector sin/cos/atan2 reference checks (exposed for tests): evaluates 4 values.
SATCAP_EXPORT void vector_math_x4(const double x[4], const double y[4], double s[4], double c[4], double at2[4]) noexcept;

}  // namespace satcap::orbit
