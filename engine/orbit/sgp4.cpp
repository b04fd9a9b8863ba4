// SGP4 / SDP4 propagator. Written for satcap from the equations of Hoots & Roehrich, Spacetrack Report #3
// (1980), and D. A. Vallado, P. Crawford, R. Hujsak, T. S. Kelso, "Revisiting Spacetrack Report #3",
// AIAA 2006-6753 (2006), including the corrections documented there (Lyddane choice on the perturbed
// inclination, the modern GMST for opsmode 'i', perigee-dependent drag parameters, error codes 1-6).
// Structure: init_near_earth (Report #3 SGP4 initialisation) -> deep_common / deep_init (SDP4 lunar-solar
// and resonance set-up) -> sgp4_propagate (secular, deep-space secular + resonance integration, long- and
// short-period periodics, Kepler's equation).
#include <satcap/core/error.hpp>
#include <satcap/orbit/sgp4.hpp>

#include <cmath>
#include <limits>
#include <numbers>

#include "orbit/sgp4_coefficients.hpp"

namespace satcap::orbit {
namespace {

constexpr double kPi = std::numbers::pi;
constexpr double kTwoPi = 2.0 * std::numbers::pi;
constexpr double kX2o3 = 2.0 / 3.0;
constexpr double kDeg = std::numbers::pi / 180.0;
// Lunar-solar constants of SDP4 (Spacetrack Report #3, DEEP).
constexpr double kZns = 1.19459e-5, kZes = 0.01675, kZnl = 1.5835218e-4, kZel = 0.05490;
constexpr double kRptim = 4.37526908801129966e-3;  // Earth rotation, rad/min

// Greenwich mean sidereal time (IAU-82 formula as used by SGP4 for opsmode 'i'), radians.
double gstime(double jdut1) {
  const double tut1 = (jdut1 - 2451545.0) / 36525.0;
  double temp = -6.2e-6 * tut1 * tut1 * tut1 + 0.093104 * tut1 * tut1 +
                (876600.0 * 3600.0 + 8640184.812866) * tut1 + 67310.54841;  // seconds
  temp = std::fmod(temp * kDeg / 240.0, kTwoPi);
  if (temp < 0.0) temp += kTwoPi;
  return temp;
}

// Outputs of the lunar-solar common block (DSCOM).
struct DeepCommon {
  double snodm, cnodm, sinim, cosim, sinomm, cosomm, day, em, emsq, gam, rtemsq, nm;
  double s1, s2, s3, s4, s5, s6, s7, ss1, ss2, ss3, ss4, ss5, ss6, ss7;
  double sz1, sz2, sz3, sz11, sz12, sz13, sz21, sz22, sz23, sz31, sz32, sz33;
  double z1, z2, z3, z11, z12, z13, z21, z22, z23, z31, z32, z33;
};

// DSCOM: lunar and solar geometry at epoch and the periodic coefficients.
void deep_common(double epoch, double ep, double argpp, double tc, double inclp, double nodep, double np,
                 Sgp4Coefficients& c, DeepCommon& d) {
  constexpr double c1ss = 2.9864797e-6, c1l = 4.7968065e-7, zsinis = 0.39785416, zcosis = 0.91744867,
                   zcosgs = 0.1945905, zsings = -0.98088458;
  d.nm = np;
  d.em = ep;
  d.snodm = std::sin(nodep);
  d.cnodm = std::cos(nodep);
  d.sinomm = std::sin(argpp);
  d.cosomm = std::cos(argpp);
  d.sinim = std::sin(inclp);
  d.cosim = std::cos(inclp);
  d.emsq = d.em * d.em;
  const double betasq = 1.0 - d.emsq;
  d.rtemsq = std::sqrt(betasq);

  c.peo = c.pinco = c.plo = c.pgho = c.pho = 0.0;
  d.day = epoch + 18261.5 + tc / 1440.0;
  const double xnodce = std::fmod(4.5236020 - 9.2422029e-4 * d.day, kTwoPi);
  const double stem = std::sin(xnodce), ctem = std::cos(xnodce);
  const double zcosil = 0.91375164 - 0.03568096 * ctem;
  const double zsinil = std::sqrt(1.0 - zcosil * zcosil);
  const double zsinhl = 0.089683511 * stem / zsinil;
  const double zcoshl = std::sqrt(1.0 - zsinhl * zsinhl);
  d.gam = 5.8351514 + 0.0019443680 * d.day;
  double zx = 0.39785416 * stem / zsinil;
  const double zy = zcoshl * ctem + 0.91744867 * zsinhl * stem;
  zx = std::atan2(zx, zy);
  zx = d.gam + zx - xnodce;
  const double zcosgl = std::cos(zx), zsingl = std::sin(zx);

  // Solar pass first (lsflg 1), then lunar.
  double zcosg = zcosgs, zsing = zsings, zcosi = zcosis, zsini = zsinis, zcosh = d.cnodm, zsinh = d.snodm;
  double cc = c1ss;
  const double xnoi = 1.0 / d.nm;
  for (int lsflg = 1; lsflg <= 2; ++lsflg) {
    const double a1 = zcosg * zcosh + zsing * zcosi * zsinh;
    const double a3 = -zsing * zcosh + zcosg * zcosi * zsinh;
    const double a7 = -zcosg * zsinh + zsing * zcosi * zcosh;
    const double a8 = zsing * zsini;
    const double a9 = zsing * zsinh + zcosg * zcosi * zcosh;
    const double a10 = zcosg * zsini;
    const double a2 = d.cosim * a7 + d.sinim * a8;
    const double a4 = d.cosim * a9 + d.sinim * a10;
    const double a5 = -d.sinim * a7 + d.cosim * a8;
    const double a6 = -d.sinim * a9 + d.cosim * a10;

    const double x1 = a1 * d.cosomm + a2 * d.sinomm;
    const double x2 = a3 * d.cosomm + a4 * d.sinomm;
    const double x3 = -a1 * d.sinomm + a2 * d.cosomm;
    const double x4 = -a3 * d.sinomm + a4 * d.cosomm;
    const double x5 = a5 * d.sinomm;
    const double x6 = a6 * d.sinomm;
    const double x7 = a5 * d.cosomm;
    const double x8 = a6 * d.cosomm;

    d.z31 = 12.0 * x1 * x1 - 3.0 * x3 * x3;
    d.z32 = 24.0 * x1 * x2 - 6.0 * x3 * x4;
    d.z33 = 12.0 * x2 * x2 - 3.0 * x4 * x4;
    d.z1 = 3.0 * (a1 * a1 + a2 * a2) + d.z31 * d.emsq;
    d.z2 = 6.0 * (a1 * a3 + a2 * a4) + d.z32 * d.emsq;
    d.z3 = 3.0 * (a3 * a3 + a4 * a4) + d.z33 * d.emsq;
    d.z11 = -6.0 * a1 * a5 + d.emsq * (-24.0 * x1 * x7 - 6.0 * x3 * x5);
    d.z12 = -6.0 * (a1 * a6 + a3 * a5) + d.emsq * (-24.0 * (x2 * x7 + x1 * x8) - 6.0 * (x3 * x6 + x4 * x5));
    d.z13 = -6.0 * a3 * a6 + d.emsq * (-24.0 * x2 * x8 - 6.0 * x4 * x6);
    d.z21 = 6.0 * a2 * a5 + d.emsq * (24.0 * x1 * x5 - 6.0 * x3 * x7);
    d.z22 = 6.0 * (a4 * a5 + a2 * a6) + d.emsq * (24.0 * (x2 * x5 + x1 * x6) - 6.0 * (x4 * x7 + x3 * x8));
    d.z23 = 6.0 * a4 * a6 + d.emsq * (24.0 * x2 * x6 - 6.0 * x4 * x8);
    d.z1 = d.z1 + d.z1 + betasq * d.z31;
    d.z2 = d.z2 + d.z2 + betasq * d.z32;
    d.z3 = d.z3 + d.z3 + betasq * d.z33;
    d.s3 = cc * xnoi;
    d.s2 = -0.5 * d.s3 / d.rtemsq;
    d.s4 = d.s3 * d.rtemsq;
    d.s1 = -15.0 * d.em * d.s4;
    d.s5 = x1 * x3 + x2 * x4;
    d.s6 = x2 * x3 + x1 * x4;
    d.s7 = x2 * x4 - x1 * x3;

    if (lsflg == 1) {
      d.ss1 = d.s1; d.ss2 = d.s2; d.ss3 = d.s3; d.ss4 = d.s4; d.ss5 = d.s5; d.ss6 = d.s6; d.ss7 = d.s7;
      d.sz1 = d.z1; d.sz2 = d.z2; d.sz3 = d.z3;
      d.sz11 = d.z11; d.sz12 = d.z12; d.sz13 = d.z13;
      d.sz21 = d.z21; d.sz22 = d.z22; d.sz23 = d.z23;
      d.sz31 = d.z31; d.sz32 = d.z32; d.sz33 = d.z33;
      zcosg = zcosgl;
      zsing = zsingl;
      zcosi = zcosil;
      zsini = zsinil;
      zcosh = zcoshl * d.cnodm + zsinhl * d.snodm;
      zsinh = d.snodm * zcoshl - d.cnodm * zsinhl;
      cc = c1l;
    }
  }
  c.zmol = std::fmod(4.7199672 + 0.22997150 * d.day - d.gam, kTwoPi);
  c.zmos = std::fmod(6.2565837 + 0.017201977 * d.day, kTwoPi);

  // Solar periodic coefficients.
  c.se2 = 2.0 * d.ss1 * d.ss6;
  c.se3 = 2.0 * d.ss1 * d.ss7;
  c.si2 = 2.0 * d.ss2 * d.sz12;
  c.si3 = 2.0 * d.ss2 * (d.sz13 - d.sz11);
  c.sl2 = -2.0 * d.ss3 * d.sz2;
  c.sl3 = -2.0 * d.ss3 * (d.sz3 - d.sz1);
  c.sl4 = -2.0 * d.ss3 * (-21.0 - 9.0 * d.emsq) * kZes;
  c.sgh2 = 2.0 * d.ss4 * d.sz32;
  c.sgh3 = 2.0 * d.ss4 * (d.sz33 - d.sz31);
  c.sgh4 = -18.0 * d.ss4 * kZes;
  c.sh2 = -2.0 * d.ss2 * d.sz22;
  c.sh3 = -2.0 * d.ss2 * (d.sz23 - d.sz21);
  // Lunar periodic coefficients.
  c.ee2 = 2.0 * d.s1 * d.s6;
  c.e3 = 2.0 * d.s1 * d.s7;
  c.xi2 = 2.0 * d.s2 * d.z12;
  c.xi3 = 2.0 * d.s2 * (d.z13 - d.z11);
  c.xl2 = -2.0 * d.s3 * d.z2;
  c.xl3 = -2.0 * d.s3 * (d.z3 - d.z1);
  c.xl4 = -2.0 * d.s3 * (-21.0 - 9.0 * d.emsq) * kZel;
  c.xgh2 = 2.0 * d.s4 * d.z32;
  c.xgh3 = 2.0 * d.s4 * (d.z33 - d.z31);
  c.xgh4 = -18.0 * d.s4 * kZel;
  c.xh2 = -2.0 * d.s2 * d.z22;
  c.xh3 = -2.0 * d.s2 * (d.z23 - d.z21);
}

// DPPER at propagation time: lunar-solar periodics applied to the mean elements.
void deep_periodics(const Sgp4Coefficients& c, double t, double& ep, double& inclp, double& nodep, double& argpp,
                    double& mp) {
  // Solar terms.
  double zm = c.zmos + kZns * t;
  double zf = zm + 2.0 * kZes * std::sin(zm);
  double sinzf = std::sin(zf);
  double f2 = 0.5 * sinzf * sinzf - 0.25;
  double f3 = -0.5 * sinzf * std::cos(zf);
  const double ses = c.se2 * f2 + c.se3 * f3;
  const double sis = c.si2 * f2 + c.si3 * f3;
  const double sls = c.sl2 * f2 + c.sl3 * f3 + c.sl4 * sinzf;
  const double sghs = c.sgh2 * f2 + c.sgh3 * f3 + c.sgh4 * sinzf;
  const double shs = c.sh2 * f2 + c.sh3 * f3;
  // Lunar terms.
  zm = c.zmol + kZnl * t;
  zf = zm + 2.0 * kZel * std::sin(zm);
  sinzf = std::sin(zf);
  f2 = 0.5 * sinzf * sinzf - 0.25;
  f3 = -0.5 * sinzf * std::cos(zf);
  const double sel = c.ee2 * f2 + c.e3 * f3;
  const double sil = c.xi2 * f2 + c.xi3 * f3;
  const double sll = c.xl2 * f2 + c.xl3 * f3 + c.xl4 * sinzf;
  const double sghl = c.xgh2 * f2 + c.xgh3 * f3 + c.xgh4 * sinzf;
  const double shll = c.xh2 * f2 + c.xh3 * f3;

  double pe = ses + sel;
  double pinc = sis + sil;
  double pl = sls + sll;
  double pgh = sghs + sghl;
  double ph = shs + shll;
  pe -= c.peo;
  pinc -= c.pinco;
  pl -= c.plo;
  pgh -= c.pgho;
  ph -= c.pho;
  inclp += pinc;
  ep += pe;
  const double sinip = std::sin(inclp), cosip = std::cos(inclp);
  // Vallado 2006: the Lyddane choice uses the perturbed inclination (0.2 rad = 11.46 deg).
  if (inclp >= 0.2) {
    ph /= sinip;
    pgh -= cosip * ph;
    argpp += pgh;
    nodep += ph;
    mp += pl;
  } else {
    // Lyddane modification for low inclinations.
    const double sinop = std::sin(nodep), cosop = std::cos(nodep);
    double alfdp = sinip * sinop;
    double betdp = sinip * cosop;
    const double dalf = ph * cosop + pinc * cosip * sinop;
    const double dbet = -ph * sinop + pinc * cosip * cosop;
    alfdp += dalf;
    betdp += dbet;
    nodep = std::fmod(nodep, kTwoPi);
    if (nodep < 0.0 && c.opsmode == 'a') nodep += kTwoPi;
    double xls = mp + argpp + cosip * nodep;
    const double dls = pl + pgh - pinc * nodep * sinip;
    xls += dls;
    const double xnoh = nodep;
    nodep = std::atan2(alfdp, betdp);
    if (nodep < 0.0 && c.opsmode == 'a') nodep += kTwoPi;
    if (std::fabs(xnoh - nodep) > kPi) {
      if (nodep < xnoh)
        nodep += kTwoPi;
      else
        nodep -= kTwoPi;
    }
    mp += pl;
    argpp = xls - mp - cosip * nodep;
  }
}

// DSINIT: deep-space secular rates and resonance coefficients. tc = 0 at initialisation.
void deep_init(Sgp4Coefficients& c, const DeepCommon& d, double eccsq, double xpidot) {
  constexpr double q22 = 1.7891679e-6, q31 = 2.1460748e-6, q33 = 2.2123015e-7, root22 = 1.7891679e-6,
                   root44 = 7.3636953e-9, root54 = 2.1765803e-9, root32 = 3.7393792e-7, root52 = 1.1428639e-7;
  const double nm = d.nm, em = d.em, inclm = c.inclo;
  const double cosim = d.cosim, sinim = d.sinim, emsq = d.emsq;

  c.irez = 0;
  if (nm < 0.0052359877 && nm > 0.0034906585) c.irez = 1;
  if (nm >= 8.26e-3 && nm <= 9.24e-3 && em >= 0.5) c.irez = 2;

  // Solar secular terms.
  const double ses = d.ss1 * kZns * d.ss5;
  const double sis = d.ss2 * kZns * (d.sz11 + d.sz13);
  const double sls = -kZns * d.ss3 * (d.sz1 + d.sz3 - 14.0 - 6.0 * emsq);
  const double sghs = d.ss4 * kZns * (d.sz31 + d.sz33 - 6.0);
  double shs = -kZns * d.ss2 * (d.sz21 + d.sz23);
  if (inclm < 5.2359877e-2 || inclm > kPi - 5.2359877e-2) shs = 0.0;
  if (sinim != 0.0) shs = shs / sinim;
  const double sgs = sghs - cosim * shs;
  // Lunar secular terms.
  c.dedt = ses + d.s1 * kZnl * d.s5;
  c.didt = sis + d.s2 * kZnl * (d.z11 + d.z13);
  c.dmdt = sls - kZnl * d.s3 * (d.z1 + d.z3 - 14.0 - 6.0 * emsq);
  const double sghl = d.s4 * kZnl * (d.z31 + d.z33 - 6.0);
  double shll = -kZnl * d.s2 * (d.z21 + d.z23);
  if (inclm < 5.2359877e-2 || inclm > kPi - 5.2359877e-2) shll = 0.0;
  c.domdt = sgs + sghl;
  c.dnodt = shs;
  if (sinim != 0.0) {
    c.domdt = c.domdt - cosim / sinim * shll;
    c.dnodt = c.dnodt + shll / sinim;
  }

  const double theta = std::fmod(c.gsto, kTwoPi);  // tc = 0
  if (c.irez == 0) return;
  const double aonv = std::pow(nm / c.xke, kX2o3);

  if (c.irez == 2) {
    // Geopotential resonance for 12-hour orbits (evaluated with the epoch eccentricity).
    const double cosisq = cosim * cosim;
    const double e = c.ecco;
    const double esq = eccsq;
    const double eoc = e * esq;
    const double g201 = -0.306 - (e - 0.64) * 0.440;
    double g211, g310, g322, g410, g422, g520, g521, g532, g533;
    if (e <= 0.65) {
      g211 = 3.616 - 13.2470 * e + 16.2900 * esq;
      g310 = -19.302 + 117.3900 * e - 228.4190 * esq + 156.5910 * eoc;
      g322 = -18.9068 + 109.7927 * e - 214.6334 * esq + 146.5816 * eoc;
      g410 = -41.122 + 242.6940 * e - 471.0940 * esq + 313.9530 * eoc;
      g422 = -146.407 + 841.8800 * e - 1629.014 * esq + 1083.4350 * eoc;
      g520 = -532.114 + 3017.977 * e - 5740.032 * esq + 3708.2760 * eoc;
    } else {
      g211 = -72.099 + 331.819 * e - 508.738 * esq + 266.724 * eoc;
      g310 = -346.844 + 1582.851 * e - 2415.925 * esq + 1246.113 * eoc;
      g322 = -342.585 + 1554.908 * e - 2366.899 * esq + 1215.972 * eoc;
      g410 = -1052.797 + 4758.686 * e - 7193.992 * esq + 3651.957 * eoc;
      g422 = -3581.690 + 16178.110 * e - 24462.770 * esq + 12422.520 * eoc;
      if (e > 0.715)
        g520 = -5149.66 + 29936.92 * e - 54087.36 * esq + 31324.56 * eoc;
      else
        g520 = 1464.74 - 4664.75 * e + 3763.64 * esq;
    }
    if (e < 0.7) {
      g533 = -919.22770 + 4988.6100 * e - 9064.7700 * esq + 5542.21 * eoc;
      g521 = -822.71072 + 4568.6173 * e - 8491.4146 * esq + 5337.524 * eoc;
      g532 = -853.66600 + 4690.2500 * e - 8624.7700 * esq + 5341.4 * eoc;
    } else {
      g533 = -37995.780 + 161616.52 * e - 229838.20 * esq + 109377.94 * eoc;
      g521 = -51752.104 + 218913.95 * e - 309468.16 * esq + 146349.42 * eoc;
      g532 = -40023.880 + 170470.89 * e - 242699.48 * esq + 115605.82 * eoc;
    }
    const double sini2 = sinim * sinim;
    const double f220 = 0.75 * (1.0 + 2.0 * cosim + cosisq);
    const double f221 = 1.5 * sini2;
    const double f321 = 1.875 * sinim * (1.0 - 2.0 * cosim - 3.0 * cosisq);
    const double f322 = -1.875 * sinim * (1.0 + 2.0 * cosim - 3.0 * cosisq);
    const double f441 = 35.0 * sini2 * f220;
    const double f442 = 39.3750 * sini2 * sini2;
    const double f522 =
        9.84375 * sinim * (sini2 * (1.0 - 2.0 * cosim - 5.0 * cosisq) + 0.33333333 * (-2.0 + 4.0 * cosim + 6.0 * cosisq));
    const double f523 = sinim * (4.92187512 * sini2 * (-2.0 - 4.0 * cosim + 10.0 * cosisq) +
                                 6.56250012 * (1.0 + 2.0 * cosim - 3.0 * cosisq));
    const double f542 = 29.53125 * sinim * (2.0 - 8.0 * cosim + cosisq * (-12.0 + 8.0 * cosim + 10.0 * cosisq));
    const double f543 = 29.53125 * sinim * (-2.0 - 8.0 * cosim + cosisq * (12.0 + 8.0 * cosim - 10.0 * cosisq));
    const double xno2 = nm * nm;
    const double ainv2 = aonv * aonv;
    double temp1 = 3.0 * xno2 * ainv2;
    double temp = temp1 * root22;
    c.d2201 = temp * f220 * g201;
    c.d2211 = temp * f221 * g211;
    temp1 = temp1 * aonv;
    temp = temp1 * root32;
    c.d3210 = temp * f321 * g310;
    c.d3222 = temp * f322 * g322;
    temp1 = temp1 * aonv;
    temp = 2.0 * temp1 * root44;
    c.d4410 = temp * f441 * g410;
    c.d4422 = temp * f442 * g422;
    temp1 = temp1 * aonv;
    temp = temp1 * root52;
    c.d5220 = temp * f522 * g520;
    c.d5232 = temp * f523 * g532;
    temp = 2.0 * temp1 * root54;
    c.d5421 = temp * f542 * g521;
    c.d5433 = temp * f543 * g533;
    c.xlamo = std::fmod(c.mo + c.nodeo + c.nodeo - theta - theta, kTwoPi);
    c.xfact = c.mdot + c.dmdt + 2.0 * (c.nodedot + c.dnodt - kRptim) - c.no_unkozai;
  }
  if (c.irez == 1) {
    // Synchronous (24-hour) resonance.
    const double g200 = 1.0 + emsq * (-2.5 + 0.8125 * emsq);
    const double g310 = 1.0 + 2.0 * emsq;
    const double g300 = 1.0 + emsq * (-6.0 + 6.60937 * emsq);
    const double f220 = 0.75 * (1.0 + cosim) * (1.0 + cosim);
    const double f311 = 0.9375 * sinim * sinim * (1.0 + 3.0 * cosim) - 0.75 * (1.0 + cosim);
    double f330 = 1.0 + cosim;
    f330 = 1.875 * f330 * f330 * f330;
    double del1 = 3.0 * nm * nm * aonv * aonv;
    c.del2 = 2.0 * del1 * f220 * g200 * q22;
    c.del3 = 3.0 * del1 * f330 * g300 * q33 * aonv;
    c.del1 = del1 * f311 * g310 * q31 * aonv;
    c.xlamo = std::fmod(c.mo + c.nodeo + c.argpo - theta, kTwoPi);
    c.xfact = c.mdot + xpidot - kRptim + c.dmdt + c.domdt + c.dnodt - c.no_unkozai;
  }
}

// DSPACE: deep-space secular effects and the resonance integrator (restarted from epoch on each call).
void deep_secular(const Sgp4Coefficients& c, double t, double& em, double& argpm, double& inclm, double& mm,
                  double& nodem, double& nm) {
  constexpr double fasx2 = 0.13130908, fasx4 = 2.8843198, fasx6 = 0.37448087, g22 = 5.7686396, g32 = 0.95240898,
                   g44 = 1.8014998, g52 = 1.0508330, g54 = 4.4108898, stepp = 720.0, stepn = -720.0,
                   step2 = 259200.0;
  const double theta = std::fmod(c.gsto + t * kRptim, kTwoPi);
  em += c.dedt * t;
  inclm += c.didt * t;
  argpm += c.domdt * t;
  nodem += c.dnodt * t;
  mm += c.dmdt * t;
  if (c.irez == 0) return;

  double atime = 0.0, xni = c.no_unkozai, xli = c.xlamo;
  const double delt = t > 0.0 ? stepp : stepn;
  double ft = 0.0, xndt = 0.0, xldot = 0.0, xnddt = 0.0;
  for (;;) {
    if (c.irez != 2) {
      xndt = c.del1 * std::sin(xli - fasx2) + c.del2 * std::sin(2.0 * (xli - fasx4)) +
             c.del3 * std::sin(3.0 * (xli - fasx6));
      xldot = xni + c.xfact;
      xnddt = c.del1 * std::cos(xli - fasx2) + 2.0 * c.del2 * std::cos(2.0 * (xli - fasx4)) +
              3.0 * c.del3 * std::cos(3.0 * (xli - fasx6));
      xnddt *= xldot;
    } else {
      const double xomi = c.argpo + c.argpdot * atime;
      const double x2omi = xomi + xomi;
      const double x2li = xli + xli;
      xndt = c.d2201 * std::sin(x2omi + xli - g22) + c.d2211 * std::sin(xli - g22) +
             c.d3210 * std::sin(xomi + xli - g32) + c.d3222 * std::sin(-xomi + xli - g32) +
             c.d4410 * std::sin(x2omi + x2li - g44) + c.d4422 * std::sin(x2li - g44) +
             c.d5220 * std::sin(xomi + xli - g52) + c.d5232 * std::sin(-xomi + xli - g52) +
             c.d5421 * std::sin(xomi + x2li - g54) + c.d5433 * std::sin(-xomi + x2li - g54);
      xldot = xni + c.xfact;
      xnddt = c.d2201 * std::cos(x2omi + xli - g22) + c.d2211 * std::cos(xli - g22) +
              c.d3210 * std::cos(xomi + xli - g32) + c.d3222 * std::cos(-xomi + xli - g32) +
              c.d5220 * std::cos(xomi + xli - g52) + c.d5232 * std::cos(-xomi + xli - g52) +
              2.0 * (c.d4410 * std::cos(x2omi + x2li - g44) + c.d4422 * std::cos(x2li - g44) +
                     c.d5421 * std::cos(xomi + x2li - g54) + c.d5433 * std::cos(-xomi + x2li - g54));
      xnddt *= xldot;
    }
    if (std::fabs(t - atime) >= stepp) {
      xli = xli + xldot * delt + xndt * step2;
      xni = xni + xndt * delt + xnddt * step2;
      atime += delt;
    } else {
      ft = t - atime;
      break;
    }
  }
  nm = xni + xndt * ft + xnddt * ft * ft * 0.5;
  const double xl = xli + xldot * ft + xndt * ft * ft * 0.5;
  if (c.irez != 1)
    mm = xl - 2.0 * nodem + 2.0 * theta;
  else
    mm = xl - nodem - argpm + theta;
}

void set_nan(double r[3], double v[3]) {
  const double n = std::numeric_limits<double>::quiet_NaN();
  r[0] = r[1] = r[2] = v[0] = v[1] = v[2] = n;
}

}  // namespace

int sgp4_propagate(const Sgp4Coefficients& c, double t, double r[3], double v[3]) noexcept {
  constexpr double temp4 = 1.5e-12;
  const double vkmpersec = c.radius * c.xke / 60.0;

  // Secular gravity and atmospheric drag.
  const double xmdf = c.mo + c.mdot * t;
  const double argpdf = c.argpo + c.argpdot * t;
  const double nodedf = c.nodeo + c.nodedot * t;
  double argpm = argpdf;
  double mm = xmdf;
  const double t2 = t * t;
  double nodem = nodedf + c.nodecf * t2;
  double tempa = 1.0 - c.cc1 * t;
  double tempe = c.bstar * c.cc4 * t;
  double templ = c.t2cof * t2;
  if (c.isimp != 1) {
    const double delomg = c.omgcof * t;
    const double delmtemp = 1.0 + c.eta * std::cos(xmdf);
    const double delm = c.xmcof * (delmtemp * delmtemp * delmtemp - c.delmo);
    const double temp = delomg + delm;
    mm = xmdf + temp;
    argpm = argpdf - temp;
    const double t3 = t2 * t;
    const double t4 = t3 * t;
    tempa = tempa - c.d2 * t2 - c.d3 * t3 - c.d4 * t4;
    tempe = tempe + c.bstar * c.cc5 * (std::sin(mm) - c.sinmao);
    templ = templ + c.t3cof * t3 + t4 * (c.t4cof + t * c.t5cof);
  }
  double nm = c.no_unkozai;
  double em = c.ecco;
  double inclm = c.inclo;
  if (c.method == 'd') deep_secular(c, t, em, argpm, inclm, mm, nodem, nm);

  if (nm <= 0.0) {
    set_nan(r, v);
    return kSgp4MeanMotion;
  }
  const double am = std::pow(c.xke / nm, kX2o3) * tempa * tempa;
  nm = c.xke / std::pow(am, 1.5);
  em = em - tempe;
  if (em >= 1.0 || em < -0.001) {
    set_nan(r, v);
    return kSgp4MeanElements;
  }
  if (em < 1.0e-6) em = 1.0e-6;
  mm = mm + c.no_unkozai * templ;
  double xlm = mm + argpm + nodem;
  nodem = std::fmod(nodem, kTwoPi);
  argpm = std::fmod(argpm, kTwoPi);
  xlm = std::fmod(xlm, kTwoPi);
  mm = std::fmod(xlm - argpm - nodem, kTwoPi);

  const double sinim = std::sin(inclm), cosim = std::cos(inclm);

  // Lunar-solar periodics.
  double ep = em, xincp = inclm, argpp = argpm, nodep = nodem, mp = mm;
  double sinip = sinim, cosip = cosim;
  double aycof = c.aycof, xlcof = c.xlcof, con41 = c.con41, x1mth2 = c.x1mth2, x7thm1 = c.x7thm1;
  if (c.method == 'd') {
    deep_periodics(c, t, ep, xincp, nodep, argpp, mp);
    if (xincp < 0.0) {
      xincp = -xincp;
      nodep = nodep + kPi;
      argpp = argpp - kPi;
    }
    if (ep < 0.0 || ep > 1.0) {
      set_nan(r, v);
      return kSgp4PerturbedElements;
    }
    sinip = std::sin(xincp);
    cosip = std::cos(xincp);
    aycof = -0.5 * c.j3oj2 * sinip;
    if (std::fabs(cosip + 1.0) > 1.5e-12)
      xlcof = -0.25 * c.j3oj2 * sinip * (3.0 + 5.0 * cosip) / (1.0 + cosip);
    else
      xlcof = -0.25 * c.j3oj2 * sinip * (3.0 + 5.0 * cosip) / temp4;
  }

  // Long-period periodics.
  const double axnl = ep * std::cos(argpp);
  double temp = 1.0 / (am * (1.0 - ep * ep));
  const double aynl = ep * std::sin(argpp) + temp * aycof;
  const double xl = mp + argpp + nodep + temp * xlcof * axnl;

  // Kepler's equation (Newton iteration with a step limit of 0.95).
  const double u = std::fmod(xl - nodep, kTwoPi);
  double eo1 = u;
  double tem5 = 9999.9;
  double sineo1 = 0.0, coseo1 = 0.0;
  for (int ktr = 1; std::fabs(tem5) >= 1.0e-12 && ktr <= 10; ++ktr) {
    sineo1 = std::sin(eo1);
    coseo1 = std::cos(eo1);
    tem5 = 1.0 - coseo1 * axnl - sineo1 * aynl;
    tem5 = (u - aynl * coseo1 + axnl * sineo1 - eo1) / tem5;
    if (std::fabs(tem5) >= 0.95) tem5 = tem5 > 0.0 ? 0.95 : -0.95;
    eo1 = eo1 + tem5;
  }

  // Short-period preliminaries.
  const double ecose = axnl * coseo1 + aynl * sineo1;
  const double esine = axnl * sineo1 - aynl * coseo1;
  const double el2 = axnl * axnl + aynl * aynl;
  const double pl = am * (1.0 - el2);
  if (pl < 0.0) {
    set_nan(r, v);
    return kSgp4SemiLatusRectum;
  }
  const double rl = am * (1.0 - ecose);
  const double rdotl = std::sqrt(am) * esine / rl;
  const double rvdotl = std::sqrt(pl) / rl;
  const double betal = std::sqrt(1.0 - el2);
  temp = esine / (1.0 + betal);
  const double sinu = am / rl * (sineo1 - aynl - axnl * temp);
  const double cosu = am / rl * (coseo1 - axnl + aynl * temp);
  double su = std::atan2(sinu, cosu);
  const double sin2u = (cosu + cosu) * sinu;
  const double cos2u = 1.0 - 2.0 * sinu * sinu;
  temp = 1.0 / pl;
  const double temp1 = 0.5 * c.j2 * temp;
  const double temp2 = temp1 * temp;

  if (c.method == 'd') {
    const double cosisq = cosip * cosip;
    con41 = 3.0 * cosisq - 1.0;
    x1mth2 = 1.0 - cosisq;
    x7thm1 = 7.0 * cosisq - 1.0;
  }
  // Short-period periodics.
  const double mrt = rl * (1.0 - 1.5 * temp2 * betal * con41) + 0.5 * temp1 * x1mth2 * cos2u;
  su = su - 0.25 * temp2 * x7thm1 * sin2u;
  const double xnode = nodep + 1.5 * temp2 * cosip * sin2u;
  const double xinc = xincp + 1.5 * temp2 * cosip * sinip * cos2u;
  const double mvt = rdotl - nm * temp1 * x1mth2 * sin2u / c.xke;
  const double rvdot = rvdotl + nm * temp1 * (x1mth2 * cos2u + 1.5 * con41) / c.xke;

  // Orientation vectors.
  const double sinsu = std::sin(su), cossu = std::cos(su);
  const double snod = std::sin(xnode), cnod = std::cos(xnode);
  const double sini = std::sin(xinc), cosi = std::cos(xinc);
  const double xmx = -snod * cosi;
  const double xmy = cnod * cosi;
  const double ux = xmx * sinsu + cnod * cossu;
  const double uy = xmy * sinsu + snod * cossu;
  const double uz = sini * sinsu;
  const double vx = xmx * cossu - cnod * sinsu;
  const double vy = xmy * cossu - snod * sinsu;
  const double vz = sini * cossu;

  const double mr = mrt * c.radius;
  r[0] = mr * ux;
  r[1] = mr * uy;
  r[2] = mr * uz;
  v[0] = (mvt * ux + rvdot * vx) * vkmpersec;
  v[1] = (mvt * uy + rvdot * vy) * vkmpersec;
  v[2] = (mvt * uz + rvdot * vz) * vkmpersec;
  // Decayed: the state is still returned (Vallado's behaviour) but flagged.
  return mrt < 1.0 ? kSgp4Decayed : kSgp4Ok;
}

GravityConstants gravity_constants(GravityModel model) {
  GravityConstants g{};
  switch (model) {
    case GravityModel::Wgs72Old:
      g.mu = 398600.79964;
      g.radius = 6378.135;
      g.xke = 0.0743669161;
      g.j2 = 0.001082616;
      g.j3 = -0.00000253881;
      g.j4 = -0.00000165597;
      break;
    case GravityModel::Wgs72:
      g.mu = 398600.8;
      g.radius = 6378.135;
      g.xke = 60.0 / std::sqrt(g.radius * g.radius * g.radius / g.mu);
      g.j2 = 0.001082616;
      g.j3 = -0.00000253881;
      g.j4 = -0.00000165597;
      break;
    case GravityModel::Wgs84:
      g.mu = 398600.5;
      g.radius = 6378.137;
      g.xke = 60.0 / std::sqrt(g.radius * g.radius * g.radius / g.mu);
      g.j2 = 0.00108262998905;
      g.j3 = -0.00000253215306;
      g.j4 = -0.00000161098761;
      break;
  }
  g.tumin = 1.0 / g.xke;
  g.j3oj2 = g.j3 / g.j2;
  return g;
}

const char* sgp4_error_text(int code) {
  switch (code) {
    case 0: return "ok";
    case 1: return "mean elements out of range (eccentricity >= 1 or < -0.001, or a < 0.95 Earth radii)";
    case 2: return "mean motion < 0";
    case 3: return "perturbed eccentricity out of [0, 1]";
    case 4: return "semi-latus rectum < 0";
    case 5: return "sub-orbital epoch elements";
    case 6: return "decayed (radius < 1 Earth radius)";
    default: return "unknown SGP4 error";
  }
}

Sgp4::Sgp4(const MeanElements& el, const Sgp4Options& options) : elements_(el), grav_(gravity_constants(options.gravity)) {
  if (options.opsmode != 'i' && options.opsmode != 'a')
    throw InputError("", 0, "opsmode", "SGP4 opsmode must be 'i' or 'a'");
  auto cp = std::make_shared<Sgp4Coefficients>();
  Sgp4Coefficients& c = *cp;
  const GravityConstants& g = grav_;
  c.radius = g.radius;
  c.xke = g.xke;
  c.j2 = g.j2;
  c.j3oj2 = g.j3oj2;
  c.opsmode = options.opsmode;

  const double xpdotp = 1440.0 / kTwoPi;  // rev/day -> rad/min
  c.bstar = el.bstar;
  c.ecco = el.eccentricity;
  c.inclo = el.inclination_deg * kDeg;
  c.nodeo = el.raan_deg * kDeg;
  c.argpo = el.arg_perigee_deg * kDeg;
  c.mo = el.mean_anomaly_deg * kDeg;
  const double no_kozai = el.mean_motion_rev_day / xpdotp;
  // Days since 1950 Jan 0.0 UTC. The epoch is first rounded to one double Julian date, as Vallado's code does
  // (jdsatepoch + jdsatepochF): a quantisation of <= 4.7e-10 day (40 us) that the lunar-solar terms of very
  // eccentric deep-space orbits are sensitive to (case 23333 moves by ~4e-6 km without it).
  const double epoch = (el.epoch_jd_utc.jd1 + el.epoch_jd_utc.jd2) - 2433281.5;

  // ---- INITL: un-Kozai the mean motion, auxiliary quantities, GMST at epoch.
  const double eccsq = c.ecco * c.ecco;
  const double omeosq = 1.0 - eccsq;
  const double rteosq = std::sqrt(omeosq);
  const double cosio = std::cos(c.inclo);
  const double cosio2 = cosio * cosio;
  const double ak = std::pow(c.xke / no_kozai, kX2o3);
  const double d1 = 0.75 * c.j2 * (3.0 * cosio2 - 1.0) / (rteosq * omeosq);
  double del = d1 / (ak * ak);
  const double adel = ak * (1.0 - del * del - del * (1.0 / 3.0 + 134.0 * del * del / 81.0));
  del = d1 / (adel * adel);
  c.no_unkozai = no_kozai / (1.0 + del);
  const double ao = std::pow(c.xke / c.no_unkozai, kX2o3);
  c.ao = ao;
  const double sinio = std::sin(c.inclo);
  const double po = ao * omeosq;
  const double con42 = 1.0 - 5.0 * cosio2;
  c.con41 = -con42 - cosio2 - cosio2;
  const double posq = po * po;
  const double rp = ao * (1.0 - c.ecco);
  c.method = 'n';
  if (c.opsmode == 'a') {
    // AFSPC sidereal time (1970-based polynomial).
    const double ts70 = epoch - 7305.0;
    const double ds70 = std::floor(ts70 + 1.0e-8);
    const double tfrac = ts70 - ds70;
    constexpr double c1 = 1.72027916940703639e-2, thgr70 = 1.7321343856509374, fk5r = 5.07551419432269442e-15;
    const double c1p2p = c1 + kTwoPi;
    double gsto = std::fmod(thgr70 + c1 * ds70 + c1p2p * tfrac + ts70 * ts70 * fk5r, kTwoPi);
    if (gsto < 0.0) gsto += kTwoPi;
    c.gsto = gsto;
  } else {
    c.gsto = gstime(epoch + 2433281.5);
  }

  // ---- SGP4 initialisation (Spacetrack Report #3 with Vallado 2006).
  const double ss = 78.0 / c.radius + 1.0;
  const double qzms2ttemp = (120.0 - 78.0) / c.radius;
  const double qzms2t = qzms2ttemp * qzms2ttemp * qzms2ttemp * qzms2ttemp;
  if (omeosq >= 0.0 || c.no_unkozai >= 0.0) {
    c.isimp = 0;
    if (rp < 220.0 / c.radius + 1.0) c.isimp = 1;
    double sfour = ss;
    double qzms24 = qzms2t;
    const double perige = (rp - 1.0) * c.radius;
    // Perigee-dependent s and (q0 - s)^4 below 156 km.
    if (perige < 156.0) {
      sfour = perige - 78.0;
      if (perige < 98.0) sfour = 20.0;
      const double qzms24temp = (120.0 - sfour) / c.radius;
      qzms24 = qzms24temp * qzms24temp * qzms24temp * qzms24temp;
      sfour = sfour / c.radius + 1.0;
    }
    const double pinvsq = 1.0 / posq;
    const double tsi = 1.0 / (ao - sfour);
    c.eta = ao * c.ecco * tsi;
    const double etasq = c.eta * c.eta;
    const double eeta = c.ecco * c.eta;
    const double psisq = std::fabs(1.0 - etasq);
    const double coef = qzms24 * tsi * tsi * tsi * tsi;
    const double coef1 = coef / std::pow(psisq, 3.5);
    const double cc2 = coef1 * c.no_unkozai *
                       (ao * (1.0 + 1.5 * etasq + eeta * (4.0 + etasq)) +
                        0.375 * c.j2 * tsi / psisq * c.con41 * (8.0 + 3.0 * etasq * (8.0 + etasq)));
    c.cc1 = c.bstar * cc2;
    double cc3 = 0.0;
    if (c.ecco > 1.0e-4) cc3 = -2.0 * coef * tsi * c.j3oj2 * c.no_unkozai * sinio / c.ecco;
    c.x1mth2 = 1.0 - cosio2;
    c.cc4 = 2.0 * c.no_unkozai * coef1 * ao * omeosq *
            (c.eta * (2.0 + 0.5 * etasq) + c.ecco * (0.5 + 2.0 * etasq) -
             c.j2 * tsi / (ao * psisq) *
                 (-3.0 * c.con41 * (1.0 - 2.0 * eeta + etasq * (1.5 - 0.5 * eeta)) +
                  0.75 * c.x1mth2 * (2.0 * etasq - eeta * (1.0 + etasq)) * std::cos(2.0 * c.argpo)));
    c.cc5 = 2.0 * coef1 * ao * omeosq * (1.0 + 2.75 * (etasq + eeta) + eeta * etasq);
    const double cosio4 = cosio2 * cosio2;
    const double temp1 = 1.5 * c.j2 * pinvsq * c.no_unkozai;
    const double temp2 = 0.5 * temp1 * c.j2 * pinvsq;
    const double temp3 = -0.46875 * g.j4 * pinvsq * pinvsq * c.no_unkozai;
    c.mdot = c.no_unkozai + 0.5 * temp1 * rteosq * c.con41 +
             0.0625 * temp2 * rteosq * (13.0 - 78.0 * cosio2 + 137.0 * cosio4);
    c.argpdot = -0.5 * temp1 * con42 + 0.0625 * temp2 * (7.0 - 114.0 * cosio2 + 395.0 * cosio4) +
                temp3 * (3.0 - 36.0 * cosio2 + 49.0 * cosio4);
    const double xhdot1 = -temp1 * cosio;
    c.nodedot = xhdot1 + (0.5 * temp2 * (4.0 - 19.0 * cosio2) + 2.0 * temp3 * (3.0 - 7.0 * cosio2)) * cosio;
    const double xpidot = c.argpdot + c.nodedot;
    c.omgcof = c.bstar * cc3 * std::cos(c.argpo);
    c.xmcof = 0.0;
    if (c.ecco > 1.0e-4) c.xmcof = -kX2o3 * coef * c.bstar / eeta;
    c.nodecf = 3.5 * omeosq * xhdot1 * c.cc1;
    c.t2cof = 1.5 * c.cc1;
    if (std::fabs(cosio + 1.0) > 1.5e-12)
      c.xlcof = -0.25 * c.j3oj2 * sinio * (3.0 + 5.0 * cosio) / (1.0 + cosio);
    else
      c.xlcof = -0.25 * c.j3oj2 * sinio * (3.0 + 5.0 * cosio) / 1.5e-12;
    c.aycof = -0.5 * c.j3oj2 * sinio;
    const double delmotemp = 1.0 + c.eta * std::cos(c.mo);
    c.delmo = delmotemp * delmotemp * delmotemp;
    c.sinmao = std::sin(c.mo);
    c.x7thm1 = 7.0 * cosio2 - 1.0;

    // Deep space (period >= 225 min).
    if (kTwoPi / c.no_unkozai >= 225.0) {
      c.method = 'd';
      c.isimp = 1;
      DeepCommon d{};
      deep_common(epoch, c.ecco, c.argpo, 0.0, c.inclo, c.nodeo, c.no_unkozai, c, d);
      deep_init(c, d, eccsq, xpidot);
    }

    if (c.isimp != 1) {
      const double cc1sq = c.cc1 * c.cc1;
      c.d2 = 4.0 * ao * tsi * cc1sq;
      const double temp = c.d2 * tsi * c.cc1 / 3.0;
      c.d3 = (17.0 * ao + sfour) * temp;
      c.d4 = 0.5 * temp * ao * tsi * (221.0 * ao + 31.0 * sfour) * c.cc1;
      c.t3cof = c.d2 + 2.0 * cc1sq;
      c.t4cof = 0.25 * (3.0 * c.d3 + c.cc1 * (12.0 * c.d2 + 10.0 * cc1sq));
      c.t5cof = 0.2 * (3.0 * c.d4 + 12.0 * c.cc1 * c.d3 + 6.0 * c.d2 * c.d2 + 15.0 * cc1sq * (2.0 * c.d2 + cc1sq));
    }
  }
  c_ = std::move(cp);
  double r[3], v[3];
  init_error_ = sgp4_propagate(*c_, 0.0, r, v);
}

bool Sgp4::deep_space() const noexcept { return c_->method == 'd'; }
double Sgp4::mean_motion_rad_min() const noexcept { return c_->no_unkozai; }
double Sgp4::semi_major_axis_er() const noexcept { return c_->ao; }

int Sgp4::propagate(double tsince_min, double r_km[3], double v_km_s[3]) const noexcept {
  return sgp4_propagate(*c_, tsince_min, r_km, v_km_s);
}

Sgp4State Sgp4::propagate(double tsince_min) const noexcept {
  Sgp4State s;
  double r[3], v[3];
  s.error = sgp4_propagate(*c_, tsince_min, r, v);
  s.r_km = Eigen::Vector3d(r[0], r[1], r[2]);
  s.v_km_s = Eigen::Vector3d(v[0], v[1], v[2]);
  return s;
}

double Sgp4::minutes_since_epoch(const core::JulianDate& jd) const noexcept {
  return ((jd.jd1 - elements_.epoch_jd_utc.jd1) + (jd.jd2 - elements_.epoch_jd_utc.jd2)) * 1440.0;
}

double Sgp4::minutes_since_epoch(const core::Epoch& t) const noexcept { return minutes_since_epoch(t.jd_utc()); }

Sgp4State Sgp4::propagate(const core::Epoch& t) const noexcept { return propagate(minutes_since_epoch(t)); }

}  // namespace satcap::orbit
