#pragma once
// Internal: the initialised SGP4/SDP4 coefficient block (one per satellite). Names follow the symbols of
// Spacetrack Report #3 and Vallado et al. (AIAA 2006-6753) so the equations can be checked against them.
#include <satcap/orbit/sgp4.hpp>

namespace satcap::orbit {

struct Sgp4Coefficients {
  // constants
  double radius = 0, xke = 0, j2 = 0, j3oj2 = 0;
  char method = 'n';
  char opsmode = 'i';
  int isimp = 0;
  // mean elements at epoch (radians, rad/min)
  double bstar = 0, ecco = 0, inclo = 0, nodeo = 0, argpo = 0, mo = 0, no_unkozai = 0;
  double ao = 0;
  // near-Earth
  double aycof = 0, con41 = 0, cc1 = 0, cc4 = 0, cc5 = 0, d2 = 0, d3 = 0, d4 = 0, delmo = 0, eta = 0;
  double argpdot = 0, omgcof = 0, sinmao = 0, t2cof = 0, t3cof = 0, t4cof = 0, t5cof = 0;
  double x1mth2 = 0, x7thm1 = 0, mdot = 0, nodedot = 0, xlcof = 0, xmcof = 0, nodecf = 0;
  // deep space
  int irez = 0;
  double d2201 = 0, d2211 = 0, d3210 = 0, d3222 = 0, d4410 = 0, d4422 = 0, d5220 = 0, d5232 = 0, d5421 = 0, d5433 = 0;
  double dedt = 0, del1 = 0, del2 = 0, del3 = 0, didt = 0, dmdt = 0, dnodt = 0, domdt = 0;
  double e3 = 0, ee2 = 0, peo = 0, pgho = 0, pho = 0, pinco = 0, plo = 0;
  double se2 = 0, se3 = 0, sgh2 = 0, sgh3 = 0, sgh4 = 0, sh2 = 0, sh3 = 0, si2 = 0, si3 = 0, sl2 = 0, sl3 = 0, sl4 = 0;
  double gsto = 0, xfact = 0, xgh2 = 0, xgh3 = 0, xgh4 = 0, xh2 = 0, xh3 = 0, xi2 = 0, xi3 = 0;
  double xl2 = 0, xl3 = 0, xl4 = 0, xlamo = 0, zmol = 0, zmos = 0;
};

/// Internal scalar propagation (the reference implementation the batch kernel must match).
SATCAP_EXPORT int sgp4_propagate(const Sgp4Coefficients& c, double tsince, double r[3], double v[3]) noexcept;

}  // namespace satcap::orbit
