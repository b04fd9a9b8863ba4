// J2 secular propagator (Vallado, Fundamentals of Astrodynamics and Applications, 4th ed., sec. 9.6).
#include <satcap/core/error.hpp>
#include <satcap/orbit/j2.hpp>

#include <cmath>
#include <numbers>

namespace satcap::orbit {

J2Propagator::J2Propagator(const KeplerElements& el, const J2Constants& k) : el_(el), k_(k) {
  a_ = units::to_metres(el.semi_major_axis);
  e_ = el.eccentricity;
  i_ = units::to_rad(el.inclination);
  require_in_range("semi-major axis", a_, 0.5 * k.radius_m, 1.0e9, "m", "J2 propagator");
  require_in_range("eccentricity", e_, 0.0, 0.999, "", "J2 propagator");
  require_in_range("inclination", units::to_deg(el.inclination), 0.0, 180.0, "deg", "J2 propagator");
  raan0_ = units::to_rad(el.raan);
  argp0_ = units::to_rad(el.arg_perigee);
  m0_ = units::to_rad(el.mean_anomaly);
  const double n = std::sqrt(k.mu_m3_s2 / (a_ * a_ * a_));
  p_ = a_ * (1.0 - e_ * e_);
  const double f = k.j2 * (k.radius_m / p_) * (k.radius_m / p_);
  cos_i_ = std::cos(i_);
  sin_i_ = std::sin(i_);
  raan_dot_ = -1.5 * n * f * cos_i_;
  argp_dot_ = 0.75 * n * f * (5.0 * cos_i_ * cos_i_ - 1.0);
  m_dot_ = n + 0.75 * n * f * std::sqrt(1.0 - e_ * e_) * (3.0 * cos_i_ * cos_i_ - 1.0);
  sqrt_mu_p_ = std::sqrt(k.mu_m3_s2 / p_);
}

void J2Propagator::propagate(double dt, double r[3], double v[3]) const noexcept {
  const double raan = raan0_ + raan_dot_ * dt;
  const double argp = argp0_ + argp_dot_ * dt;
  const double m = std::fmod(m0_ + m_dot_ * dt, 2.0 * std::numbers::pi);
  double nu;  // true anomaly
  if (e_ == 0.0) {
    nu = m;
  } else {
    double E = e_ < 0.8 ? m : std::numbers::pi;
    for (int it = 0; it < 20; ++it) {
      const double d = (E - e_ * std::sin(E) - m) / (1.0 - e_ * std::cos(E));
      E -= d;
      if (std::fabs(d) < 1e-14) break;
    }
    nu = 2.0 * std::atan2(std::sqrt(1.0 + e_) * std::sin(0.5 * E), std::sqrt(1.0 - e_) * std::cos(0.5 * E));
  }
  const double u = argp + nu;
  const double rr = p_ / (1.0 + e_ * std::cos(nu));
  const double su = std::sin(u), cu = std::cos(u), so = std::sin(raan), co = std::cos(raan);
  // Unit vectors of the orbit: radial direction and its in-plane normal.
  const double px = co * cu - so * su * cos_i_, py = so * cu + co * su * cos_i_, pz = su * sin_i_;
  const double qx = -co * su - so * cu * cos_i_, qy = -so * su + co * cu * cos_i_, qz = cu * sin_i_;
  r[0] = rr * px;
  r[1] = rr * py;
  r[2] = rr * pz;
  const double vr = sqrt_mu_p_ * e_ * std::sin(nu);       // radial speed
  const double vt = sqrt_mu_p_ * (1.0 + e_ * std::cos(nu));  // transverse speed
  v[0] = vr * px + vt * qx;
  v[1] = vr * py + vt * qy;
  v[2] = vr * pz + vt * qz;
}

Eigen::Vector3d J2Propagator::position_m(double dt) const noexcept {
  double r[3], v[3];
  propagate(dt, r, v);
  return {r[0], r[1], r[2]};
}

}  // namespace satcap::orbit
