#pragma once
/// @file link_kernel.hpp
/// The batch link-budget kernel: the one-hop budget of link_budget.hpp evaluated over SoA arrays of
/// geometry (slant range, elevation, off-axis angles at both ends, atmospheric loss per link or from
/// per-site elevation tables) with K co-channel interferers per link, in parallel with oneTBB.
///
/// Equations: exactly those of radio::evaluate(const LinkInput&) (link_budget.hpp); the kernel agrees
/// with the scalar path to < 1e-9 dB (tests/radio/link_kernel_test.cpp). Work per link without
/// interference: one log10 (of d^2 T_sys), plus one exp when the receiver's sky noise depends on the
/// attenuation; each interferer adds one exp; ACM is a binary search on the MODCOD ladder.
/// Antenna patterns are evaluated one virtual call per block of links (no per-link dispatch).
///
/// Hot path: never throws. A link with a non-positive or non-finite range, an elevation outside its
/// site table, or a NaN off-axis gain gets status InvalidInput and NaN outputs (throughput 0).
/// Thread-safety: LinkKernel is immutable; evaluate() may be called from many threads at once.
/// Results do not depend on the thread count (each link is independent).
#include <satcap/core/units.hpp>
#include <satcap/export.hpp>
#include <satcap/radio/link_budget.hpp>

#include <Eigen/Core>

#include <memory>
#include <vector>

namespace satcap::radio {

/// Atmospheric attenuation of one site versus elevation on a uniform grid, linearly interpolated
/// (build it from any model, e.g. radio::Atmosphere / SiteAttenuationTable::total_db).
class SATCAP_EXPORT ElevationLossTable {
 public:
  /// attenuation_db[i] is the loss at min_elevation_deg + i * step_deg (at least 2 values, finite, >= 0).
  ElevationLossTable(double min_elevation_deg, double step_deg, std::vector<double> attenuation_db);
  /// Tabulates f(elevation_deg) -> dB on [min_elevation_deg, 90].
  template <class F>
  static ElevationLossTable tabulate(F&& f, double min_elevation_deg, double step_deg) {
    std::vector<double> v;
    const int n = static_cast<int>((90.0 - min_elevation_deg) / step_deg + 1e-9) + 1;
    for (int i = 0; i < n; ++i) v.push_back(f(min_elevation_deg + i * step_deg));
    return ElevationLossTable(min_elevation_deg, step_deg, std::move(v));
  }
  /// Loss (dB) at an elevation in radians; NaN outside the table. Never throws.
  double attenuation_db(double elevation_rad) const noexcept;
  double min_elevation_deg() const { return el0_deg_; }
  double max_elevation_deg() const { return el0_deg_ + step_deg_ * static_cast<double>(a_.size() - 1); }

 private:
  double el0_deg_, step_deg_, inv_step_;
  std::vector<double> a_;
};

/// Per-link inputs (SoA). N links; K interferer slots per link (K may be 0).
/// Empty optional columns take the template's value (see LinkKernel).
struct LinkBatch {
  Eigen::ArrayXd slant_range_m;          ///< N, required
  Eigen::ArrayXd elevation_rad;          ///< N; required with site tables, else optional (unused)
  Eigen::ArrayXd tx_off_axis_rad;        ///< N; empty: the template's tx.off_axis
  Eigen::ArrayXd rx_off_axis_rad;        ///< N; empty: the template's rx.off_axis
  Eigen::ArrayXd atmospheric_loss_db;    ///< N; empty: site tables when given, else the template's loss
  Eigen::ArrayXi site_index;             ///< N; index into the kernel's site tables
  /// K x N (column i holds link i's interferers): angle at the interfering beam's antenna (the
  /// template's tx pattern and boresight EIRP) between its boresight and the victim. NaN = empty slot.
  Eigen::ArrayXXd interferer_tx_off_axis_rad;
  Eigen::ArrayXXd interferer_range_m;          ///< K x N or empty (same range as the wanted link)
  Eigen::ArrayXXd interferer_rx_off_axis_rad;  ///< K x N or empty (same receive angle as the wanted link)

  Eigen::Index size() const { return slant_range_m.size(); }
  Eigen::Index interferers() const { return interferer_tx_off_axis_rad.rows(); }
};

enum class LinkStatus : int { Ok = 0, NoModcod = 1, InvalidInput = 2 };

/// Per-link outputs.
struct LinkBatchResult {
  Eigen::ArrayXd c_n0_dbhz;       ///< C/N0
  Eigen::ArrayXd c_ni_db;         ///< C/(N+I), N in the allocated bandwidth
  Eigen::ArrayXd esn0_db;         ///< Es/(N0+I0) (the ACM input)
  Eigen::ArrayXd throughput_bps;  ///< information rate, 0 below the lowest MODCOD
  Eigen::ArrayXi modcod_index;    ///< into ModcodTable::of(standard).entries(); -1 when none
  Eigen::ArrayXi status;          ///< LinkStatus
  long ok = 0, no_modcod = 0, invalid = 0;  ///< tallies of status
};

/// The kernel: a template LinkInput holds everything constant over the batch (frequency, bandwidth,
/// roll-off, transmitter EIRP/power/antenna, receiver G/T or antenna + noise model, pointing,
/// polarisation and other losses, C/X terms, MODCOD standard and implementation margin); the batch
/// supplies range, off-axis angles, atmospheric loss and co-channel interferers per link. The
/// template's own co_channel list must be empty (interferers come from the batch).
class SATCAP_EXPORT LinkKernel {
 public:
  explicit LinkKernel(LinkInput templ, std::vector<std::shared_ptr<const ElevationLossTable>> site_tables = {});

  /// Evaluates every link (oneTBB parallel). Throws InputError only for inconsistent column sizes.
  void evaluate(const LinkBatch& batch, LinkBatchResult& out) const;
  /// The scalar input equivalent to link i of the batch (for checks and for printing one link).
  LinkInput scalar_input(const LinkBatch& batch, Eigen::Index i) const;
  const LinkInput& link_template() const { return tmpl_; }
  const ModcodTable& table() const { return *table_; }

 private:
  void evaluate_block(const LinkBatch& b, Eigen::Index i0, Eigen::Index n, LinkBatchResult& out, double* scratch) const;

  LinkInput tmpl_;
  std::vector<std::shared_ptr<const ElevationLossTable>> sites_;
  const ModcodTable* table_;
  // Constants derived from the template.
  double k0_db_ = 0;        // EIRP_b - FSPL const - fixed losses + (G/T part without 10 log T) - 10 log k
  double tx_peak_ = 0, rx_peak_ = 0;
  double tx_rel0_ = 0, rx_rel0_ = 0;  // template off-axis gains relative to peak
  bool tx_pattern_ = false, rx_pattern_ = false;
  bool tsys_depends_on_a_ = false;
  double tsys_fixed_ = 1.0;  // T_sys when it does not depend on A (1 when G/T given)
  double lf_ = 1, t_feed_ = 0, t_rx_ = 0, t_mr_ = 0, t_c_ = 0, t_spill_ = 0;
  double tsys_a0_ = 0, tsys_a1_ = 0;  // sky mode: T_sys = a0 + a1 10^(-A/10)
  double log_rs_ = 0, one_plus_alpha_ = 1, rs_hz_ = 0;
  double inv_cx_ = 0;       // sum of 1/(C/X)
  double margin_db_ = 0;
};

}  // namespace satcap::radio
