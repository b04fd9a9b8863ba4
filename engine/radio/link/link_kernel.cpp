// Batch link-budget kernel over SoA arrays (see include/satcap/radio/link_kernel.hpp).
#include <satcap/radio/link_kernel.hpp>

#include <satcap/core/error.hpp>

#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

#include "fast_math.hpp"
#include "link_internal.hpp"

namespace satcap::radio {
namespace {

const double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kLn10Over10 = std::numbers::ln10 / 10.0;
constexpr Eigen::Index kBlock = 256;

inline double from_db(double db) { return detail::fast_exp(db * kLn10Over10); }  // 10^(db/10)
inline double db10(double x) { return 10.0 * detail::fast_log10(x); }

}  // namespace

// ---- ElevationLossTable ------------------------------------------------------------------------------
ElevationLossTable::ElevationLossTable(double min_elevation_deg, double step_deg, std::vector<double> attenuation_db)
    : el0_deg_(min_elevation_deg), step_deg_(step_deg), a_(std::move(attenuation_db)) {
  require_in_range("table minimum elevation", min_elevation_deg, 0.0, 90.0, "deg", "elevation loss table");
  if (!(step_deg > 0.0) || !std::isfinite(step_deg)) throw RangeError("table step", step_deg, "> 0 deg", "elevation loss table");
  if (a_.size() < 2) throw Error("elevation loss table: needs at least two values");
  for (double v : a_) require_in_range("tabulated attenuation", v, 0.0, 1000.0, "dB", "elevation loss table");
  inv_step_ = 1.0 / step_deg_;
}

double ElevationLossTable::attenuation_db(double elevation_rad) const noexcept {
  const double x = (elevation_rad * (180.0 / std::numbers::pi) - el0_deg_) * inv_step_;
  const double last = static_cast<double>(a_.size() - 1);
  if (!(x >= -1e-9 && x <= last + 1e-9)) return kNaN;
  const double xc = std::clamp(x, 0.0, last);
  auto k = static_cast<std::size_t>(xc);
  if (k >= a_.size() - 1) k = a_.size() - 2;
  const double t = xc - static_cast<double>(k);
  return a_[k] + t * (a_[k + 1] - a_[k]);
}

// ---- LinkKernel ----------------------------------------------------------------------------------------
LinkKernel::LinkKernel(LinkInput templ, std::vector<std::shared_ptr<const ElevationLossTable>> site_tables)
    : tmpl_(std::move(templ)), sites_(std::move(site_tables)) {
  if (!tmpl_.co_channel.empty())
    throw Error("LinkKernel: the template's co_channel list must be empty (interferers come from the batch)");
  {
    LinkInput check = tmpl_;  // the range comes from the batch
    if (!(units::to_metres(check.range) > 0.0)) check.range = units::km(1000.0);
    detail::validate(check);
  }
  for (const auto& s : sites_)
    if (!s) throw Error("LinkKernel: null site table");
  table_ = &ModcodTable::of(tmpl_.standard);
  margin_db_ = tmpl_.implementation_margin.value();

  const auto& tx = tmpl_.tx;
  const auto& rx = tmpl_.rx;
  tx_pattern_ = static_cast<bool>(tx.antenna);
  rx_pattern_ = static_cast<bool>(rx.antenna);
  double eirp_b;
  if (tx.power) {
    tx_peak_ = tx.antenna->peak_gain().value();
    eirp_b = units::to_dbw(*tx.power).value() - tx.feed_loss.value() + tx_peak_;
  } else {
    eirp_b = tx.eirp->value();
    if (tx_pattern_) tx_peak_ = tx.antenna->peak_gain().value();
  }
  if (tx_pattern_) tx_rel0_ = tx.antenna->gain(tx.off_axis).value() - tx_peak_;
  if (rx_pattern_) {
    rx_peak_ = rx.antenna->peak_gain().value();
    rx_rel0_ = rx.antenna->gain(rx.off_axis).value() - rx_peak_;
  }
  double gt_part;  // G/T without the -10 log10(T_sys) term
  if (rx.g_over_t) {
    gt_part = rx.g_over_t->value();
    tsys_fixed_ = 1.0;
  } else if (rx.system_temperature) {
    gt_part = rx_peak_ - rx.feed_loss.value();
    tsys_fixed_ = units::to_kelvin(*rx.system_temperature);
  } else {
    gt_part = rx_peak_ - rx.feed_loss.value();
    lf_ = std::pow(10.0, rx.feed_loss.value() / 10.0);
    t_feed_ = units::to_kelvin(rx.feed_temperature);
    t_rx_ = 290.0 * (std::pow(10.0, rx.noise_figure.value() / 10.0) - 1.0);
    t_mr_ = units::to_kelvin(rx.mean_radiating_temperature);
    t_c_ = units::to_kelvin(rx.cosmic_temperature);
    t_spill_ = units::to_kelvin(rx.spillover_temperature);
    if (rx.noise_mode == AntennaNoiseMode::Sky) {
      tsys_depends_on_a_ = true;
      tsys_a0_ = (t_mr_ + t_spill_) / lf_ + t_feed_ * (1.0 - 1.0 / lf_) + t_rx_;
      tsys_a1_ = (t_c_ - t_mr_) / lf_;
    } else {
      tsys_fixed_ = detail::system_temperature_k(rx, 0.0);
    }
  }
  const double f = units::to_hz(tmpl_.frequency);
  const double fixed_losses = tmpl_.pointing_loss.value() + tmpl_.polarization_loss.value() + tmpl_.other_loss.value();
  k0_db_ = eirp_b - detail::fspl_constant_db(f) - fixed_losses + gt_part - units::kBoltzmannDb;
  one_plus_alpha_ = 1.0 + tmpl_.rolloff;
  rs_hz_ = units::to_hz(tmpl_.bandwidth) / one_plus_alpha_;
  log_rs_ = 10.0 * std::log10(rs_hz_);
  for (const auto& x : tmpl_.c_over_x) inv_cx_ += std::pow(10.0, -x.value.value() / 10.0);
}

LinkInput LinkKernel::scalar_input(const LinkBatch& b, Eigen::Index i) const {
  LinkInput in = tmpl_;
  in.range = units::metres(b.slant_range_m[i]);
  if (b.elevation_rad.size() > 0) in.elevation = units::rad(b.elevation_rad[i]);
  if (b.tx_off_axis_rad.size() > 0) in.tx.off_axis = units::rad(b.tx_off_axis_rad[i]);
  if (b.rx_off_axis_rad.size() > 0) in.rx.off_axis = units::rad(b.rx_off_axis_rad[i]);
  if (b.atmospheric_loss_db.size() > 0) {
    in.atmospheric_loss = units::Decibel(b.atmospheric_loss_db[i]);
  } else if (!sites_.empty()) {
    in.atmospheric_loss = units::Decibel(sites_[static_cast<std::size_t>(b.site_index[i])]->attenuation_db(b.elevation_rad[i]));
  }
  const Eigen::Index k = b.interferers();
  for (Eigen::Index j = 0; j < k; ++j) {
    const double a = b.interferer_tx_off_axis_rad(j, i);
    if (std::isnan(a)) continue;
    CoChannelSource s;
    s.name = "beam " + std::to_string(j);
    s.off_axis = units::rad(a);
    if (b.interferer_range_m.size() > 0) s.range = units::metres(b.interferer_range_m(j, i));
    if (b.interferer_rx_off_axis_rad.size() > 0) s.rx_off_axis = units::rad(b.interferer_rx_off_axis_rad(j, i));
    in.co_channel.push_back(std::move(s));
  }
  return in;
}

void LinkKernel::evaluate(const LinkBatch& b, LinkBatchResult& out) const {
  const Eigen::Index n = b.size();
  const Eigen::Index k = b.interferers();
  auto check = [&](Eigen::Index got, const char* column) {
    if (got != 0 && got != n)
      throw InputError("", 0, column, "has " + std::to_string(got) + " entries for " + std::to_string(n) + " links");
  };
  check(b.elevation_rad.size(), "elevation_rad");
  check(b.tx_off_axis_rad.size(), "tx_off_axis_rad");
  check(b.rx_off_axis_rad.size(), "rx_off_axis_rad");
  check(b.atmospheric_loss_db.size(), "atmospheric_loss_db");
  check(b.site_index.size(), "site_index");
  if (k > 0 && b.interferer_tx_off_axis_rad.cols() != n)
    throw InputError("", 0, "interferer_tx_off_axis_rad", "must have one column per link");
  if (b.interferer_range_m.size() > 0 && (b.interferer_range_m.rows() != k || b.interferer_range_m.cols() != n))
    throw InputError("", 0, "interferer_range_m", "must be K x N like interferer_tx_off_axis_rad");
  if (b.interferer_rx_off_axis_rad.size() > 0 && (b.interferer_rx_off_axis_rad.rows() != k || b.interferer_rx_off_axis_rad.cols() != n))
    throw InputError("", 0, "interferer_rx_off_axis_rad", "must be K x N like interferer_tx_off_axis_rad");
  if (b.atmospheric_loss_db.size() == 0 && !sites_.empty()) {
    if (b.site_index.size() != n) throw InputError("", 0, "site_index", "required with site tables");
    if (b.elevation_rad.size() != n) throw InputError("", 0, "elevation_rad", "required with site tables");
    for (Eigen::Index i = 0; i < n; ++i)
      if (b.site_index[i] < 0 || static_cast<std::size_t>(b.site_index[i]) >= sites_.size())
        throw InputError("", 0, "site_index", "entry " + std::to_string(i) + " is not a site table index");
  }
  out.c_n0_dbhz.resize(n);
  out.c_ni_db.resize(n);
  out.esn0_db.resize(n);
  out.throughput_bps.resize(n);
  out.modcod_index.resize(n);
  out.status.resize(n);

  // Scratch per block: tx gain, rx gain, attenuation, and K tx/rx interferer gains.
  const Eigen::Index scratch_size = kBlock * (5 + 2 * k);
  tbb::parallel_for(tbb::blocked_range<Eigen::Index>(0, n, 4 * kBlock), [&](const tbb::blocked_range<Eigen::Index>& r) {
    std::vector<double> scratch(static_cast<std::size_t>(scratch_size));
    for (Eigen::Index i0 = r.begin(); i0 < r.end(); i0 += kBlock) {
      evaluate_block(b, i0, std::min(kBlock, r.end() - i0), out, scratch.data());
    }
  });
  out.ok = out.no_modcod = out.invalid = 0;
  for (Eigen::Index i = 0; i < n; ++i) {
    const int s = out.status[i];
    if (s == static_cast<int>(LinkStatus::Ok)) ++out.ok;
    else if (s == static_cast<int>(LinkStatus::NoModcod)) ++out.no_modcod;
    else ++out.invalid;
  }
}

void LinkKernel::evaluate_block(const LinkBatch& b, Eigen::Index i0, Eigen::Index n, LinkBatchResult& out,
                                double* scratch) const {
  const Eigen::Index k = b.interferers();
  const auto un = static_cast<std::size_t>(n);
  double* gtx = scratch;               // relative tx gain toward the victim (dB)
  double* grx = scratch + kBlock;      // relative rx gain (dB)
  double* att = scratch + 2 * kBlock;  // attenuation (dB)
  double* gik = scratch + 3 * kBlock;  // K x n interferer tx gains (dBi), column-major like the batch
  double* rik = gik + k * kBlock;      // K x n interferer rx gains (dBi); then C/N0 (dBHz) and sum I/C

  // Antenna gains: one virtual call per block.
  if (tx_pattern_ && b.tx_off_axis_rad.size() > 0) {
    tmpl_.tx.antenna->gain_dbi(b.tx_off_axis_rad.data() + i0, gtx, un);
    for (Eigen::Index j = 0; j < n; ++j) gtx[j] -= tx_peak_;
  } else {
    std::fill(gtx, gtx + n, tx_rel0_);
  }
  if (rx_pattern_ && b.rx_off_axis_rad.size() > 0) {
    tmpl_.rx.antenna->gain_dbi(b.rx_off_axis_rad.data() + i0, grx, un);
    for (Eigen::Index j = 0; j < n; ++j) grx[j] -= rx_peak_;
  } else {
    std::fill(grx, grx + n, rx_rel0_);
  }
  if (b.atmospheric_loss_db.size() > 0) {
    std::copy(b.atmospheric_loss_db.data() + i0, b.atmospheric_loss_db.data() + i0 + n, att);
  } else if (!sites_.empty()) {
    for (Eigen::Index j = 0; j < n; ++j)
      att[j] = sites_[static_cast<std::size_t>(b.site_index[i0 + j])]->attenuation_db(b.elevation_rad[i0 + j]);
  } else {
    std::fill(att, att + n, tmpl_.atmospheric_loss.value());
  }
  if (k > 0) {
    const auto kn = static_cast<std::size_t>(k * n);
    if (tx_pattern_) {
      tmpl_.tx.antenna->gain_dbi(b.interferer_tx_off_axis_rad.data() + k * i0, gik, kn);
    } else {
      std::fill(gik, gik + kn, 0.0);
    }
    if (rx_pattern_ && b.interferer_rx_off_axis_rad.size() > 0)
      tmpl_.rx.antenna->gain_dbi(b.interferer_rx_off_axis_rad.data() + k * i0, rik, kn);
    // Empty (NaN) slots: a gain 2000 dB down, i.e. a contribution of 1e-200 relative (the scalar path
    // skips them; the difference is far below rounding), so the accumulation below has no branches.
    const double* slot = b.interferer_tx_off_axis_rad.data() + k * i0;
    for (std::size_t j = 0; j < kn; ++j)
      if (std::isnan(slot[j])) {
        gik[j] = tx_peak_ - 2000.0;
        rik[j] = rx_peak_;
      }
  }

  const double* ladder_thr = table_->ladder_threshold_db().data();
  const auto ladder_n = static_cast<std::ptrdiff_t>(table_->ladder_threshold_db().size());
  const double* ladder_eff = table_->ladder_efficiency().data();
  const int* ladder_idx = table_->ladder().data();
  const double log_1pa = 10.0 * std::log10(one_plus_alpha_);

  // Stage 1 (branch-free, vectorisable): C/N0 = k0 + g_tx + g_rx - A - 10 log10(d^2 T_sys), with
  // T_sys = [T_mr (1 - tau) + T_c tau + T_spill] / L_f + T_f (1 - 1/L_f) + T_rx = a0 + a1 tau in sky mode.
  double* cn0v = rik + k * kBlock;
  const double* dv = b.slant_range_m.data() + i0;
  if (tsys_depends_on_a_) {
    const double a0 = tsys_a0_, a1 = tsys_a1_, k0 = k0_db_;
    for (Eigen::Index j = 0; j < n; ++j) {
      const double tsys = a0 + a1 * from_db(-att[j]);
      cn0v[j] = k0 + gtx[j] + grx[j] - att[j] - db10(dv[j] * dv[j] * tsys);
    }
  } else {
    const double t = tsys_fixed_, k0 = k0_db_;
    for (Eigen::Index j = 0; j < n; ++j) cn0v[j] = k0 + gtx[j] + grx[j] - att[j] - db10(dv[j] * dv[j] * t);
  }

  // Stage 2 (vectorisable): sum of I/C over the K slots, plus the C/X terms.
  double* inv = cn0v + kBlock;
  std::fill(inv, inv + n, inv_cx_);
  const bool has_irange = b.interferer_range_m.size() > 0;
  const bool has_irx = rx_pattern_ && b.interferer_rx_off_axis_rad.size() > 0;
  const double* irange = has_irange ? b.interferer_range_m.data() + k * i0 : nullptr;
  const double tx_peak = tx_peak_, rx_peak = rx_peak_;
  for (Eigen::Index m = 0; m < k; ++m) {
    const double* gk = gik + m;
    const double* rk = rik + m;
    if (has_irx && has_irange) {
      for (Eigen::Index j = 0; j < n; ++j) {
        const double q = dv[j] / irange[k * j + m];
        inv[j] += from_db(gk[k * j] - tx_peak - gtx[j] + rk[k * j] - rx_peak - grx[j]) * (q * q);
      }
    } else if (has_irx) {
      for (Eigen::Index j = 0; j < n; ++j) inv[j] += from_db(gk[k * j] - tx_peak - gtx[j] + rk[k * j] - rx_peak - grx[j]);
    } else if (has_irange) {
      for (Eigen::Index j = 0; j < n; ++j) {
        const double q = dv[j] / irange[k * j + m];
        inv[j] += from_db(gk[k * j] - tx_peak - gtx[j]) * (q * q);
      }
    } else {
      for (Eigen::Index j = 0; j < n; ++j) inv[j] += from_db(gk[k * j] - tx_peak - gtx[j]);
    }
  }

  // Stage 3: validity, Es/(N0+I0), ACM.
  for (Eigen::Index j = 0; j < n; ++j) {
    const Eigen::Index i = i0 + j;
    const double d = dv[j];
    const double a = att[j];
    const double cn0 = cn0v[j];
    // (fast_exp/fast_log10 need their domains: finite positive range, attenuation within [0, 1000] dB.)
    const bool bad = !(d > 0.0) || !std::isfinite(d) || !std::isfinite(cn0) || !(a >= 0.0 && a <= 1000.0);
    if (bad) {
      out.c_n0_dbhz[i] = out.c_ni_db[i] = out.esn0_db[i] = kNaN;
      out.throughput_bps[i] = 0.0;
      out.modcod_index[i] = -1;
      out.status[i] = static_cast<int>(LinkStatus::InvalidInput);
      continue;
    }
    const double esn0 = cn0 - log_rs_;
    const double inv_ci = inv[j];  // interference relative to the wanted carrier (linear I/C)
    double esn0_eff = esn0, c_ni = esn0 - log_1pa;
    if (inv_ci > 0.0) {
      const double x = from_db(-esn0);
      esn0_eff = -db10(x + inv_ci);
      c_ni = -db10(x * one_plus_alpha_ + inv_ci);
    }
    out.c_n0_dbhz[i] = cn0;
    out.esn0_db[i] = esn0_eff;
    out.c_ni_db[i] = c_ni;
    // ACM: last ladder step with threshold <= Es/(N0+I0) - margin, i.e. upper_bound's position on the
    // sorted thresholds, by a branch-free binary search (conditional moves, no mispredictions).
    const double xs = esn0_eff - margin_db_;
    const double* base = ladder_thr;
    for (std::ptrdiff_t len = ladder_n; len > 1;) {
      const std::ptrdiff_t half = len / 2;
      base = base[half - 1] <= xs ? base + half : base;
      len -= half;
    }
    const std::ptrdiff_t pos = (base - ladder_thr) + (*base <= xs ? 1 : 0);
    if (pos == 0 || std::isnan(xs)) {
      out.modcod_index[i] = -1;
      out.throughput_bps[i] = 0.0;
      out.status[i] = std::isnan(xs) ? static_cast<int>(LinkStatus::InvalidInput) : static_cast<int>(LinkStatus::NoModcod);
    } else {
      out.modcod_index[i] = ladder_idx[pos - 1];
      out.throughput_bps[i] = rs_hz_ * ladder_eff[pos - 1];
      out.status[i] = static_cast<int>(LinkStatus::Ok);
    }
  }
}

}  // namespace satcap::radio
