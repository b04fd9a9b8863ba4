// Batch SGP4: dispatch between the 4-lane near-Earth AVX2/FMA kernel and the scalar reference code.
// The kernel evaluates exactly the near-Earth equations of sgp4.cpp (Spacetrack Report #3 with Vallado
// 2006); transcendental functions use Cephes-style polynomial approximations (S. L. Moshier, Cephes Math
// Library: sin/cos on [-pi/4, pi/4] after a three-part Cody-Waite reduction, atan with a rational
// approximation), written here for 4-wide vectors.
#include "orbit/sgp4_batch.hpp"

#include <cmath>
#include <cstddef>
#include <cstring>
#include <limits>
#include <numbers>

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define SATCAP_SGP4_AVX2 1
#endif

namespace satcap::orbit {

namespace {
void near_earth_soa(const double* base, std::size_t stride, const double tsince[4], double r[3][4], double v[3][4],
                    int err[4]) noexcept;
}  // namespace

Sgp4Batch::Sgp4Batch(const std::vector<Sgp4>& sats) {
  coeffs_.reserve(sats.size());
  near_.resize(sats.size());
  is_near_.resize(sats.size(), 0);
  for (std::size_t i = 0; i < sats.size(); ++i) {
    const Sgp4Coefficients& c = sats[i].coefficients();
    coeffs_.push_back(c);
    if (c.method != 'n') continue;
    NearEarthCoef& n = near_[i];
    const bool simple = c.isimp == 1;
    n.mo = c.mo;
    n.mdot = c.mdot;
    n.argpo = c.argpo;
    n.argpdot = c.argpdot;
    n.nodeo = c.nodeo;
    n.nodedot = c.nodedot;
    n.nodecf = c.nodecf;
    n.cc1 = c.cc1;
    n.bcc4 = c.bstar * c.cc4;
    n.t2cof = c.t2cof;
    // isimp = 1 (perigee < 220 km) drops these terms; zero coefficients give the same result in one code path.
    n.omgcof = simple ? 0.0 : c.omgcof;
    n.eta = c.eta;
    n.xmcof = simple ? 0.0 : c.xmcof;
    n.delmo = c.delmo;
    n.d2 = simple ? 0.0 : c.d2;
    n.d3 = simple ? 0.0 : c.d3;
    n.d4 = simple ? 0.0 : c.d4;
    n.bcc5 = simple ? 0.0 : c.bstar * c.cc5;
    n.sinmao = c.sinmao;
    n.t3cof = simple ? 0.0 : c.t3cof;
    n.t4cof = simple ? 0.0 : c.t4cof;
    n.t5cof = simple ? 0.0 : c.t5cof;
    n.no = c.no_unkozai;
    n.ao23 = std::pow(c.xke / c.no_unkozai, 2.0 / 3.0);  // the value the scalar code computes each call
    n.ecco = c.ecco;
    n.inclo = c.inclo;
    n.sinio = std::sin(c.inclo);
    n.cosio = std::cos(c.inclo);
    n.aycof = c.aycof;
    n.xlcof = c.xlcof;
    n.con41 = c.con41;
    n.x1mth2 = c.x1mth2;
    n.x7thm1 = c.x7thm1;
    n.j2 = c.j2;
    n.xke = c.xke;
    n.radius = c.radius;
    is_near_[i] = 1;
  }
  // Field-major copy (column f of satellite i at f * stride + i) for direct 4-lane loads.
  constexpr std::size_t nf = sizeof(NearEarthCoef) / sizeof(double);
  soa_stride_ = sats.size() + 4;
  soa_.assign(nf * soa_stride_, 0.0);
  for (std::size_t i = 0; i < sats.size(); ++i) {
    double fields[nf];
    std::memcpy(fields, &near_[i], sizeof(NearEarthCoef));
    for (std::size_t f = 0; f < nf; ++f) soa_[f * soa_stride_ + i] = fields[f];
  }
  use_vector_ = vector_kernel_available();
}

bool Sgp4Batch::vector_kernel_available() {
#ifdef SATCAP_SGP4_AVX2
  static const bool ok = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  return ok;
#else
  return false;
#endif
}

void Sgp4Batch::propagate(std::size_t first, std::size_t m, const double* tsince, double* rx, double* ry, double* rz,
                          double* vx, double* vy, double* vz, int* err) const noexcept {
  std::size_t lane_of[kLanes];
  std::size_t nv = 0;
  for (std::size_t l = 0; l < m; ++l) {
    const std::size_t i = first + l;
    if (use_vector_ && is_near_[i]) {
      lane_of[nv++] = l;
      continue;
    }
    double r[3], v[3];
    err[l] = sgp4_propagate(coeffs_[i], tsince[l], r, v);
    rx[l] = r[0]; ry[l] = r[1]; rz[l] = r[2];
    vx[l] = v[0]; vy[l] = v[1]; vz[l] = v[2];
  }
  for (std::size_t g = 0; g < nv; g += 4) {
    double t[4], r[3][4], v[3][4];
    int e[4];
    // Four consecutive satellites: load their columns directly; otherwise gather a 4-lane block.
    const bool consecutive = g + 4 <= nv && lane_of[g + 3] == lane_of[g] + 3;
    if (consecutive) {
      for (std::size_t k = 0; k < 4; ++k) t[k] = tsince[lane_of[g + k]];
      near_earth_soa(soa_.data() + first + lane_of[g], soa_stride_, t, r, v, e);
    } else {
      const NearEarthCoef* lanes[4];
      for (std::size_t k = 0; k < 4; ++k) {
        const std::size_t l = lane_of[g + k < nv ? g + k : g];  // pad with the group's first lane
        lanes[k] = &near_[first + l];
        t[k] = tsince[l];
      }
      sgp4_near_earth_x4(lanes, t, r, v, e);
    }
    for (std::size_t k = 0; k < 4 && g + k < nv; ++k) {
      const std::size_t l = lane_of[g + k];
      rx[l] = r[0][k]; ry[l] = r[1][k]; rz[l] = r[2][k];
      vx[l] = v[0][k]; vy[l] = v[1][k]; vz[l] = v[2][k];
      err[l] = e[k];
    }
  }
}

#ifdef SATCAP_SGP4_AVX2
namespace {

typedef double v4d __attribute__((vector_size(32)));
typedef long long v4l __attribute__((vector_size(32)));

#define SATCAP_AVX __attribute__((target("avx2,fma"), always_inline)) inline

SATCAP_AVX v4d splat(double x) { return v4d{x, x, x, x}; }
SATCAP_AVX v4d vsqrt(v4d x) { return _mm256_sqrt_pd(x); }
SATCAP_AVX v4d vabs(v4d x) { return _mm256_andnot_pd(splat(-0.0), x); }
SATCAP_AVX v4d vsel(v4l mask, v4d a, v4d b) { return _mm256_blendv_pd(b, a, _mm256_castsi256_pd(__m256i(mask))); }
SATCAP_AVX v4d vtrunc(v4d x) { return _mm256_round_pd(x, _MM_FROUND_TO_ZERO | _MM_FROUND_NO_EXC); }
SATCAP_AVX v4d vfloor(v4d x) { return _mm256_round_pd(x, _MM_FROUND_TO_NEG_INF | _MM_FROUND_NO_EXC); }

// fmod(x, 2 pi) with C semantics (result has the sign of x), two-part 2 pi.
SATCAP_AVX v4d vfmod2pi(v4d x) {
  constexpr double kHi = 6.28318530717958623200e+00, kLo = 2.44929359829470635445e-16;  // 2 pi = hi + lo
  const v4d k = vtrunc(x * splat(1.0 / kHi));
  return (x - k * splat(kHi)) - k * splat(kLo);
}

// sin and cos together (Cephes sin.c/cos.c scheme: reduction by pi/4 in three parts, degree-6 polynomials).
SATCAP_AVX void vsincos(v4d x, v4d& s, v4d& c) {
  constexpr double DP1 = 7.85398125648498535156E-1, DP2 = 3.77489470793079817668E-8,
                   DP3 = 2.69515142907905952645E-15, FOPI = 1.27323954473516268615;
  const v4d ax = vabs(x);
  v4d y = vfloor(ax * splat(FOPI));
  v4l j = __builtin_convertvector(y, v4l);
  const v4l odd = (j & 1) != 0;
  j = j + (odd & 1);
  y = vsel(odd, y + splat(1.0), y);
  j = j & 7;
  const v4d z = ((ax - y * splat(DP1)) - y * splat(DP2)) - y * splat(DP3);
  const v4d zz = z * z;
  const v4d ps = z + z * zz * (((((splat(1.58962301576546568060E-10) * zz + splat(-2.50507477628578072866E-8)) * zz +
                                  splat(2.75573136213857245213E-6)) * zz + splat(-1.98412698295895385996E-4)) * zz +
                                splat(8.33333333332211858878E-3)) * zz + splat(-1.66666666666666307295E-1));
  const v4d pc = splat(1.0) - zz * splat(0.5) +
                 zz * zz * (((((splat(-1.13585365213876817300E-11) * zz + splat(2.08757008419747316778E-9)) * zz +
                               splat(-2.75573141792967388112E-7)) * zz + splat(2.48015872888517045348E-5)) * zz +
                             splat(-1.38888888888730564116E-3)) * zz + splat(4.16666666666665929218E-2));
  const v4l big = j > 3;
  const v4l jj = j - (big & 4);
  const v4l swap = (jj == 1) | (jj == 2);
  v4d sv = vsel(swap, pc, ps);
  v4d cv = vsel(swap, ps, pc);
  // sin sign: negative input xor (j > 3); cos sign: (j > 3) xor (jj > 1).
  const v4l neg_x = x < splat(0.0);
  sv = vsel(neg_x ^ big, -sv, sv);
  cv = vsel(big ^ (jj > 1), -cv, cv);
  s = sv;
  c = cv;
}

// atan (Cephes atan.c: range reduction at tan(3 pi/8) and 0.66, rational approximation).
SATCAP_AVX v4d vatan(v4d x) {
  constexpr double T3P8 = 2.41421356237309504880, MOREBITS = 6.123233995736765886130E-17;
  const v4d ax = vabs(x);
  const v4l big = ax > splat(T3P8);
  const v4l mid = (ax > splat(0.66)) & ~big;
  v4d y0 = vsel(big, splat(std::numbers::pi / 2), vsel(mid, splat(std::numbers::pi / 4), splat(0.0)));
  v4d xr = vsel(big, splat(-1.0) / ax, vsel(mid, (ax - splat(1.0)) / (ax + splat(1.0)), ax));
  const v4d z = xr * xr;
  const v4d p = (((splat(-8.750608600031904122785E-1) * z + splat(-1.615753718733365076637E1)) * z +
                  splat(-7.500855792314704667340E1)) * z + splat(-1.228866684490136173410E2)) * z +
                splat(-6.485021904942025371773E1);
  const v4d q = ((((z + splat(2.485846490142306297962E1)) * z + splat(1.650270098316988542046E2)) * z +
                  splat(4.328810604912902668951E2)) * z + splat(4.853903996359136964868E2)) * z +
                splat(1.945506571482613964425E2);
  v4d r = xr * (z * p / q) + xr;
  r = r + vsel(big, splat(MOREBITS), vsel(mid, splat(0.5 * MOREBITS), splat(0.0)));
  r = y0 + r;
  return vsel(x < splat(0.0), -r, r);
}

SATCAP_AVX v4d vatan2(v4d y, v4d x) {
  // Quadrants by the sign bits (so -0 behaves as in C's atan2).
  const v4l xs = v4l(_mm256_castpd_si256(x)) < 0;
  const v4l ys = v4l(_mm256_castpd_si256(y)) < 0;
  const v4d a = vatan(y / x);
  const v4d pi = splat(std::numbers::pi);
  v4d r = vsel(xs, vsel(ys, a - pi, a + pi), a);
  // x = +-0 and y = +-0: 0/0 is NaN; atan2 gives +-0 or +-pi.
  const v4l both_zero = (x == splat(0.0)) & (y == splat(0.0));
  const v4d zero_case = vsel(xs, vsel(ys, -pi, pi), vsel(ys, splat(-0.0), splat(0.0)));
  return vsel(both_zero, zero_case, r);
}

// sin and cos of a small angle (|x| <= 0.05) by their Taylor series (error < 1e-17).
SATCAP_AVX void small_sincos(v4d x, v4d& sx, v4d& cx) {
  const v4d one = splat(1.0), x2 = x * x;
  sx = x * (one - x2 * splat(1.0 / 6.0) *
                      (one - x2 * splat(1.0 / 20.0) * (one - x2 * splat(1.0 / 42.0) * (one - x2 * splat(1.0 / 72.0)))));
  cx = one - x2 * splat(0.5) *
                 (one - x2 * splat(1.0 / 12.0) * (one - x2 * splat(1.0 / 30.0) * (one - x2 * splat(1.0 / 56.0))));
}

// Field f of 4 consecutive lanes: base[f * stride + 0..3] (SoA columns, or a gathered 4-lane block).
#define LOAD(field) v4d(_mm256_loadu_pd(base + (offsetof(NearEarthCoef, field) / sizeof(double)) * stride))

__attribute__((target("avx2,fma"))) void kernel(const double* base, std::size_t stride, const double tsince[4],
                                                 double r[3][4], double v[3][4], int err[4]) {
  const v4d t = v4d{tsince[0], tsince[1], tsince[2], tsince[3]};
  const v4d one = splat(1.0);
  const v4d xke = LOAD(xke);
  // Secular gravity and drag.
  const v4d xmdf = LOAD(mo) + LOAD(mdot) * t;
  const v4d argpdf = LOAD(argpo) + LOAD(argpdot) * t;
  const v4d nodedf = LOAD(nodeo) + LOAD(nodedot) * t;
  const v4d t2 = t * t;
  v4d nodem = nodedf + LOAD(nodecf) * t2;
  const v4d delomg = LOAD(omgcof) * t;
  v4d sinxmdf_unused, cosxmdf;
  vsincos(xmdf, sinxmdf_unused, cosxmdf);
  const v4d delmtemp = one + LOAD(eta) * cosxmdf;
  const v4d delm = LOAD(xmcof) * (delmtemp * delmtemp * delmtemp - LOAD(delmo));
  const v4d temp0 = delomg + delm;
  v4d mm = xmdf + temp0;
  v4d argpm = argpdf - temp0;
  const v4d t3 = t2 * t, t4 = t3 * t;
  const v4d tempa = one - LOAD(cc1) * t - LOAD(d2) * t2 - LOAD(d3) * t3 - LOAD(d4) * t4;
  v4d sinmm, cosmm_unused;
  vsincos(mm, sinmm, cosmm_unused);
  const v4d tempe = LOAD(bcc4) * t + LOAD(bcc5) * (sinmm - LOAD(sinmao));
  const v4d templ = LOAD(t2cof) * t2 + LOAD(t3cof) * t3 + t4 * (LOAD(t4cof) + t * LOAD(t5cof));

  const v4d no = LOAD(no);
  const v4d am = LOAD(ao23) * tempa * tempa;
  const v4d nm = xke / (am * vsqrt(am));
  v4d em = LOAD(ecco) - tempe;
  const v4l bad_e = (em >= one) | (em < splat(-0.001));
  em = vsel(em < splat(1.0e-6), splat(1.0e-6), em);
  mm = mm + no * templ;
  v4d xlm = mm + argpm + nodem;
  nodem = vfmod2pi(nodem);
  argpm = vfmod2pi(argpm);
  xlm = vfmod2pi(xlm);
  mm = vfmod2pi(xlm - argpm - nodem);

  // Long-period periodics.
  v4d sinargp, cosargp;
  vsincos(argpm, sinargp, cosargp);
  const v4d axnl = em * cosargp;
  v4d temp = one / (am * (one - em * em));
  const v4d aynl = em * sinargp + temp * LOAD(aycof);
  const v4d xl = mm + argpm + nodem + temp * LOAD(xlcof) * axnl;

  // Kepler's equation; each lane stops on its own (as the scalar loop does).
  const v4d u = vfmod2pi(xl - nodem);
  v4d eo1 = u, sineo1 = splat(0.0), coseo1 = splat(0.0);
  v4l active = v4l{-1, -1, -1, -1};
  for (int ktr = 1; ktr <= 10; ++ktr) {
    v4d s, c;
    vsincos(eo1, s, c);
    sineo1 = vsel(active, s, sineo1);
    coseo1 = vsel(active, c, coseo1);
    v4d tem5 = one - c * axnl - s * aynl;
    tem5 = (u - aynl * c + axnl * s - eo1) / tem5;
    tem5 = vsel(vabs(tem5) >= splat(0.95), vsel(tem5 > splat(0.0), splat(0.95), splat(-0.95)), tem5);
    eo1 = vsel(active, eo1 + tem5, eo1);
    active = active & (vabs(tem5) >= splat(1.0e-12));
    if (_mm256_testz_si256(__m256i(active), __m256i(active))) break;
  }

  // Short-period preliminaries.
  const v4d ecose = axnl * coseo1 + aynl * sineo1;
  const v4d esine = axnl * sineo1 - aynl * coseo1;
  const v4d el2 = axnl * axnl + aynl * aynl;
  const v4d pl = am * (one - el2);
  const v4l bad_pl = pl < splat(0.0);
  const v4d rl = am * (one - ecose);
  const v4d rdotl = vsqrt(am) * esine / rl;
  const v4d rvdotl = vsqrt(pl) / rl;
  const v4d betal = vsqrt(one - el2);
  temp = esine / (one + betal);
  const v4d sinu = am / rl * (sineo1 - aynl - axnl * temp);
  const v4d cosu = am / rl * (coseo1 - axnl + aynl * temp);
  const v4d sin2u = (cosu + cosu) * sinu;
  const v4d cos2u = one - splat(2.0) * sinu * sinu;
  temp = one / pl;
  const v4d temp1 = splat(0.5) * LOAD(j2) * temp;
  const v4d temp2 = temp1 * temp;

  const v4d con41 = LOAD(con41), x1mth2 = LOAD(x1mth2), cosio = LOAD(cosio), sinio = LOAD(sinio);
  const v4d mrt = rl * (one - splat(1.5) * temp2 * betal * con41) + splat(0.5) * temp1 * x1mth2 * cos2u;
  // su = atan2(sinu, cosu) - eps and xinc = inclo + delta with |eps|, |delta| < 1e-3 in practice: rotate the known
  // sine/cosine pairs by the small angles (Taylor series to the 8th/9th order, error < 1e-17 for |angle| < 0.05)
  // instead of an atan2 and two more sin/cos. Larger angles (near decay) take the full path.
  const v4d eps = splat(0.25) * temp2 * LOAD(x7thm1) * sin2u;
  const v4d delta = splat(1.5) * temp2 * cosio * sinio * cos2u;
  const v4d xnode = nodem + splat(1.5) * temp2 * cosio * sin2u;
  const v4d mvt = rdotl - nm * temp1 * x1mth2 * sin2u / xke;
  const v4d rvdot = rvdotl + nm * temp1 * (x1mth2 * cos2u + splat(1.5) * con41) / xke;

  v4d sinsu, cossu, snod, cnod, sini, cosi;
  vsincos(xnode, snod, cnod);
  {
    const v4d rinv = one / vsqrt(sinu * sinu + cosu * cosu);
    const v4d s0 = sinu * rinv, c0 = cosu * rinv;
    v4d se, ce, sd, cd;
    small_sincos(eps, se, ce);
    small_sincos(delta, sd, cd);
    sinsu = s0 * ce - c0 * se;  // sin(theta - eps)
    cossu = c0 * ce + s0 * se;
    sini = sinio * cd + cosio * sd;  // sin(inclo + delta)
    cosi = cosio * cd - sinio * sd;
  }
  // Lanes with large angles (near decay) take the full path; the choice is per lane, so a satellite's result
  // never depends on the other satellites in its group.
  const v4l large = (vabs(eps) > splat(0.05)) | (vabs(delta) > splat(0.05));
  if (!_mm256_testz_si256(__m256i(large), __m256i(large))) {
    v4d s1, c1, s2, c2;
    vsincos(vatan2(sinu, cosu) - eps, s1, c1);
    vsincos(LOAD(inclo) + delta, s2, c2);
    sinsu = vsel(large, s1, sinsu);
    cossu = vsel(large, c1, cossu);
    sini = vsel(large, s2, sini);
    cosi = vsel(large, c2, cosi);
  }
  const v4d xmx = -snod * cosi;
  const v4d xmy = cnod * cosi;
  const v4d ux = xmx * sinsu + cnod * cossu;
  const v4d uy = xmy * sinsu + snod * cossu;
  const v4d uz = sini * sinsu;
  const v4d vx = xmx * cossu - cnod * sinsu;
  const v4d vy = xmy * cossu - snod * sinsu;
  const v4d vz = sini * cossu;
  const v4d radius = LOAD(radius);
  const v4d mr = mrt * radius;
  const v4d vkm = radius * xke / splat(60.0);
  const v4d out_r[3] = {mr * ux, mr * uy, mr * uz};
  const v4d out_v[3] = {(mvt * ux + rvdot * vx) * vkm, (mvt * uy + rvdot * vy) * vkm, (mvt * uz + rvdot * vz) * vkm};
  const double nan = std::numeric_limits<double>::quiet_NaN();
  for (int k = 0; k < 4; ++k) {
    int e = 0;
    if (bad_e[k]) e = 1;
    else if (bad_pl[k]) e = 4;
    else if (mrt[k] < 1.0) e = 6;
    err[k] = e;
    const bool fail = e != 0 && e != 6;
    for (int d = 0; d < 3; ++d) {
      r[d][k] = fail ? nan : out_r[d][k];
      v[d][k] = fail ? nan : out_v[d][k];
    }
  }
}

__attribute__((target("avx2,fma"))) void math_x4(const double x[4], const double y[4], double s[4], double c[4],
                                                  double at2[4]) {
  const v4d xv = v4d{x[0], x[1], x[2], x[3]}, yv = v4d{y[0], y[1], y[2], y[3]};
  v4d sv, cv;
  vsincos(xv, sv, cv);
  const v4d a = vatan2(yv, xv);
  for (int k = 0; k < 4; ++k) {
    s[k] = sv[k];
    c[k] = cv[k];
    at2[k] = a[k];
  }
}


__attribute__((target("avx2,fma"))) void j2_kernel(const double* a, const double* e, const double* raan0,
                                                    const double* argp0, const double* m0, const double* raan_dot,
                                                    const double* argp_dot, const double* m_dot, const double* smp,
                                                    const double* ci, const double* si, const double* s1me2,
                                                    const double dt_s[4], double out[6][4]) {
  const v4d dt = v4d{dt_s[0], dt_s[1], dt_s[2], dt_s[3]};
  const v4d one = splat(1.0);
  const v4d ev = _mm256_loadu_pd(e);
  const v4d raan = _mm256_loadu_pd(raan0) + _mm256_loadu_pd(raan_dot) * dt;
  const v4d argp = _mm256_loadu_pd(argp0) + _mm256_loadu_pd(argp_dot) * dt;
  const v4d m = vfmod2pi(_mm256_loadu_pd(m0) + _mm256_loadu_pd(m_dot) * dt);
  // Kepler's equation by Newton, each lane until |step| < 1e-14 (circular lanes stop at once).
  v4d E = vsel(ev < splat(0.8), m, splat(std::numbers::pi));
  v4d sE, cE;
  v4l active = v4l{-1, -1, -1, -1};
  for (int it = 0; it < 20; ++it) {
    vsincos(E, sE, cE);
    const v4d d = (E - ev * sE - m) / (one - ev * cE);
    E = vsel(active, E - d, E);
    active = active & (vabs(d) >= splat(1e-14));
    if (_mm256_testz_si256(__m256i(active), __m256i(active))) break;
  }
  vsincos(E, sE, cE);
  const v4d den = one - ev * cE;
  const v4d cnu = (cE - ev) / den;
  const v4d snu = _mm256_loadu_pd(s1me2) * sE / den;
  const v4d rr = _mm256_loadu_pd(a) * den;
  v4d sw, cw, so, co;
  vsincos(argp, sw, cw);
  vsincos(raan, so, co);
  const v4d su = sw * cnu + cw * snu, cu = cw * cnu - sw * snu;  // u = argp + nu
  const v4d cosi = _mm256_loadu_pd(ci), sini = _mm256_loadu_pd(si);
  const v4d px = co * cu - so * su * cosi, py = so * cu + co * su * cosi, pz = su * sini;
  const v4d qx = -co * su - so * cu * cosi, qy = -so * su + co * cu * cosi, qz = cu * sini;
  const v4d sqp = _mm256_loadu_pd(smp);
  const v4d vr = sqp * ev * snu, vt = sqp * (one + ev * cnu);
  const v4d res[6] = {rr * px, rr * py, rr * pz, vr * px + vt * qx, vr * py + vt * qy, vr * pz + vt * qz};
  for (int d = 0; d < 6; ++d)
    for (int k = 0; k < 4; ++k) out[d][k] = res[d][k] * 1e-3;
}

}  // namespace
#endif

namespace {
void near_earth_soa(const double* base, std::size_t stride, const double tsince[4], double r[3][4], double v[3][4],
                    int err[4]) noexcept {
#ifdef SATCAP_SGP4_AVX2
  kernel(base, stride, tsince, r, v, err);
#else
  (void)base; (void)stride; (void)tsince; (void)r; (void)v;
  for (int k = 0; k < 4; ++k) err[k] = -1;
#endif
}
}  // namespace

void sgp4_near_earth_x4(const NearEarthCoef* const lanes[4], const double tsince[4], double r[3][4], double v[3][4],
                        int err[4]) noexcept {
#ifdef SATCAP_SGP4_AVX2
  constexpr std::size_t nf = sizeof(NearEarthCoef) / sizeof(double);
  double block[nf * 4];
  for (std::size_t k = 0; k < 4; ++k) {
    double fields[nf];
    std::memcpy(fields, lanes[k], sizeof(NearEarthCoef));
    for (std::size_t f = 0; f < nf; ++f) block[f * 4 + k] = fields[f];
  }
  kernel(block, 4, tsince, r, v, err);
#else
  (void)lanes; (void)tsince; (void)r; (void)v;
  for (int k = 0; k < 4; ++k) err[k] = -1;
#endif
}

void vector_math_x4(const double x[4], const double y[4], double s[4], double c[4], double at2[4]) noexcept {
#ifdef SATCAP_SGP4_AVX2
  math_x4(x, y, s, c, at2);
#else
  for (int k = 0; k < 4; ++k) {
    s[k] = std::sin(x[k]);
    c[k] = std::cos(x[k]);
    at2[k] = std::atan2(y[k], x[k]);
  }
#endif
}

J2Batch::J2Batch(const std::vector<J2Propagator>& sats) : scalar_(sats) {
  for (const auto& p : sats) {
    const KeplerElements& el = p.elements();
    const J2Constants& k = p.constants();
    const double a = units::to_metres(el.semi_major_axis), e = el.eccentricity;
    const double i = units::to_rad(el.inclination);
    const double pp = a * (1.0 - e * e);
    a_.push_back(a);
    e_.push_back(e);
    raan0_.push_back(units::to_rad(el.raan));
    argp0_.push_back(units::to_rad(el.arg_perigee));
    m0_.push_back(units::to_rad(el.mean_anomaly));
    raan_dot_.push_back(p.raan_rate_rad_s());
    argp_dot_.push_back(p.argp_rate_rad_s());
    m_dot_.push_back(p.mean_anomaly_rate_rad_s());
    sqrt_mu_p_.push_back(std::sqrt(k.mu_m3_s2 / pp));
    cos_i_.push_back(std::cos(i));
    sin_i_.push_back(std::sin(i));
    sqrt_1me2_.push_back(std::sqrt(1.0 - e * e));
  }
  // Pad to a multiple of 4 so the kernel can always load 4 lanes.
  const std::size_t pad = (4 - a_.size() % 4) % 4 + 4;
  for (auto* v : {&a_, &e_, &raan0_, &argp0_, &m0_, &raan_dot_, &argp_dot_, &m_dot_, &sqrt_mu_p_, &cos_i_, &sin_i_})
    v->insert(v->end(), pad, 0.0);
  sqrt_1me2_.insert(sqrt_1me2_.end(), pad, 1.0);
  for (std::size_t k = 0; k < pad; ++k) a_[a_.size() - 1 - k] = 7.0e6;  // harmless padding lanes
  use_vector_ = Sgp4Batch::vector_kernel_available();
}

void J2Batch::propagate(std::size_t first, std::size_t m, const double* dt_s, double* rx, double* ry, double* rz,
                        double* vx, double* vy, double* vz) const noexcept {
#ifdef SATCAP_SGP4_AVX2
  if (use_vector_) {
    for (std::size_t g = 0; g < m; g += 4) {
      double dt[4], out[6][4];
      for (std::size_t k = 0; k < 4; ++k) dt[k] = g + k < m ? dt_s[g + k] : 0.0;
      const std::size_t i = first + g;
      j2_kernel(&a_[i], &e_[i], &raan0_[i], &argp0_[i], &m0_[i], &raan_dot_[i], &argp_dot_[i], &m_dot_[i],
                &sqrt_mu_p_[i], &cos_i_[i], &sin_i_[i], &sqrt_1me2_[i], dt, out);
      for (std::size_t k = 0; k < 4 && g + k < m; ++k) {
        rx[g + k] = out[0][k]; ry[g + k] = out[1][k]; rz[g + k] = out[2][k];
        vx[g + k] = out[3][k]; vy[g + k] = out[4][k]; vz[g + k] = out[5][k];
      }
    }
    return;
  }
#endif
  for (std::size_t l = 0; l < m; ++l) {
    double r[3], v[3];
    scalar_[first + l].propagate(dt_s[l], r, v);
    rx[l] = r[0] * 1e-3; ry[l] = r[1] * 1e-3; rz[l] = r[2] * 1e-3;
    vx[l] = v[0] * 1e-3; vy[l] = v[1] * 1e-3; vz[l] = v[2] * 1e-3;
  }
}

}  // namespace satcap::orbit
