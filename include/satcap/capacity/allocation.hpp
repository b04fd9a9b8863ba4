#pragma once
/// @file allocation.hpp
/// The per-step beam allocation problem, stated on its own and solved three ways
/// (docs/models/allocation.md):
///   - `solve_allocation_lp`: the linear programme (beam hopping = time sharing) solved with GLPK's
///     simplex; its optimum is an upper bound of every whole-beam or hopping schedule with the same
///     rates (proof sketch below);
///   - `allocate_greedy`: the capacity engine's greedy rule (GreedyRule::Engine, as in
///     engine/capacity/model.cpp) or a feeder- and rate-aware variant (GreedyRule::FeederAware);
///   - `round_to_hopping`: an LP allocation turned into a beam-hopping schedule (B_s beams per
///     satellite, at most `max_cells_per_beam` cells per beam, switching guard time) that never
///     delivers more than a beam's rate.
///
/// Problem. Cells c with demand d_c (bit/s) and an optional region; satellites s with B_s beams and a
/// feeder (a per-satellite cap, and/or a network: gateways g with capacity G_g, GSL arcs g -> s with
/// capacity, ISLs s <-> s' with a capacity per direction); candidate pairs k = (s, c) with the rate
/// r_k (bit/s a full beam delivers on that pair, from the link budget at a fixed SINR); a per-cell
/// beam limit M_c = max_beams_per_cell (min with `colours` when `colour_exclusive`).
///
/// LP (variables t_k in [0, 1], the share of one beam's time given to pair k; f_a >= 0 on feeder arcs):
///   maximise   sum_k r_k t_k
///   subject to sum_{k in s} t_k <= B_s                     (beams of s)
///              sum_{k in c} t_k <= M_c                     (beams on c)
///              sum_{k in c} r_k t_k <= d_c                 (demand of c)
///              sum_{k in s} r_k t_k <= cap_s               (per-satellite feeder cap, when finite)
///              in_s(f) - out_s(f) = sum_{k in s} r_k t_k   (flow conservation at s, feeder network)
///              sum_{GSL a from g} f_a <= G_g, 0 <= f_a <= cap_a
/// Single commodity: every gateway reaches the Internet, so one super-source feeds all gateways.
/// Max-min fairness (objective MaxMinCell / MaxMinRegion): first maximise lambda subject to
/// delivered_group >= lambda d_group for every group (cell or region) with demand and at least one
/// candidate of positive rate (groups nobody can serve are left out, and a group that can be served
/// only through satellites without a feeder path pins lambda to 0), then maximise the total with
/// lambda >= lambda* (1 - 1e-9).
///
/// Bound (proof sketch). Take any whole-beam assignment (each beam on one cell for the whole step,
/// at most one beam of a satellite per cell) with delivered y_k <= r_k on its pairs, cell totals
/// <= d_c and satellite totals carried by some feasible feeder flow (that is what the greedy
/// produces: proportional split, then scaling by a maximum flow). Set t_k = y_k / r_k <= 1: beam
/// counts give sum_s t_k <= B_s and sum_c t_k <= M_c, demand and feeder rows hold because y does, so
/// t is LP-feasible with objective sum y_k. Hence LP* >= delivered of any such assignment; the same
/// holds for a hopping schedule (t_k = its dwell fractions). The bound assumes the same rates r_k:
/// interference that depends on the allocation is outside it (the caller computes r_k at a stated,
/// conservative SINR).
///
/// Colours: with `colour_exclusive` the per-cell limit becomes min(max_beams_per_cell, colours) (no
/// two co-frequency beams on one cell, the engine's rule while a colour is free); reuse of colours
/// between a satellite's own beams is relaxed (it only acts through interference, i.e. the rates).
///
/// Errors: an invalid problem throws satcap::Error naming the field; a GLPK failure (non-zero return,
/// status not optimal) throws satcap::Error with GLPK's code. GLPK's terminal output is silenced.
/// Thread-safety: free functions on immutable inputs; GLPK keeps its environment per thread (Debian's
/// build uses thread-local storage), so solves may run concurrently from oneTBB workers.
/// Cost: see bench/capacity_allocation_bench.cpp (LP per step on 300 sats x 16 beams x 2,000 cells).
#include <satcap/export.hpp>

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace satcap::capacity {

struct AllocationCell {
  double demand_bps = 0.0;   ///< d_c >= 0
  std::int32_t region = -1;  ///< region index for MaxMinRegion and region totals (-1: none)
};

struct AllocationSatellite {
  int beams = 1;  ///< B_s >= 0
  /// Feeder cap of the satellite, bit/s (+inf: only the network, if any, limits it).
  double feeder_cap_bps = std::numeric_limits<double>::infinity();
};

/// One usable (satellite, cell) pair.
struct AllocationCandidate {
  std::int32_t sat = 0;
  std::int32_t cell = 0;
  double rate_bps = 0.0;       ///< r_k: what a full beam delivers on this pair (>= 0)
  double elevation_deg = 0.0;  ///< for the greedy's "highest elevation first"
};

/// Feeder network of the step (single commodity, super-source -> gateways -> GSL -> sats -> ISL).
struct FeederNetwork {
  struct Gsl {
    std::int32_t gateway = 0;
    std::int32_t sat = 0;
    double capacity_bps = 0.0;  ///< gateway -> satellite
  };
  struct Isl {
    std::int32_t a = 0;
    std::int32_t b = 0;
    double capacity_bps = 0.0;  ///< each direction independently
  };
  std::vector<double> gateway_bps;  ///< per gateway: backhaul / total feeder capacity
  std::vector<Gsl> gsl;
  std::vector<Isl> isl;
};

/// Beam-hopping parameters (used by round_to_hopping).
struct HoppingOptions {
  int max_cells_per_beam = 1;         ///< cells one beam may visit in a frame (>= 1)
  double frame_s = 0.01;              ///< hopping frame length, s (> 0)
  double switching_overhead_s = 0.0;  ///< guard time per dwell switch, s (>= 0, < frame)
  /// Usable share of the frame for a beam that visits k cells: 1 for k <= 1, else 1 - k x overhead / frame.
  double usable_fraction(int k) const;
};

struct AllocationProblem {
  std::vector<AllocationCell> cells;
  std::vector<AllocationSatellite> satellites;
  std::vector<AllocationCandidate> candidates;  ///< at most one per (sat, cell)
  int max_beams_per_cell = 4;
  bool colour_exclusive = false;  ///< per-cell limit = min(max_beams_per_cell, colours)
  int colours = 1;
  bool has_feeder_network = false;  ///< when false, `feeder` is ignored
  FeederNetwork feeder;
  HoppingOptions hopping;

  /// Throws satcap::Error naming the first invalid field (indices, negative or non-finite values).
  void validate() const;
  int cell_limit() const { return colour_exclusive && colours < max_beams_per_cell ? colours : max_beams_per_cell; }
  int region_count() const;
};

enum class AllocationObjective { MaxTotal, MaxMinCell, MaxMinRegion };
SATCAP_EXPORT const char* to_string(AllocationObjective o);
/// "max_total", "max_min_cell", "max_min_region" -> enum; Error otherwise.
SATCAP_EXPORT AllocationObjective allocation_objective_from_string(const std::string& s);

struct LpOptions {
  AllocationObjective objective = AllocationObjective::MaxTotal;
};

enum class GreedyRule {
  Engine,       ///< the capacity engine's rule (largest unmet demand first, highest elevation)
  FeederAware,  ///< largest unmet demand first; the satellite maximising min(r, unmet, spare feeder)
};
SATCAP_EXPORT const char* to_string(GreedyRule r);

/// An allocation: per candidate beam time and delivered rate, with totals.
struct AllocationResult {
  std::vector<double> beam_time;      ///< per candidate: t_k in [0, 1] (greedy: 0 or 1)
  std::vector<double> delivered_bps;  ///< per candidate: x_k <= r_k t_k
  std::vector<double> cell_delivered_bps;
  std::vector<double> sat_delivered_bps;
  std::vector<double> region_delivered_bps;  ///< size region_count()
  double total_bps = 0.0;
  double fairness_lambda = std::numeric_limits<double>::quiet_NaN();  ///< MaxMin objectives only
  int simplex_iterations = 0;                                         ///< LP only
};

/// The LP optimum (GLPK simplex). Throws satcap::Error on an invalid problem or a solver failure.
SATCAP_EXPORT AllocationResult solve_allocation_lp(const AllocationProblem& problem, const LpOptions& options = {});

/// The greedy allocation (whole beams), proportional split of each cell's demand over its beams and
/// scaling of each satellite by the feeder (per-satellite cap, and a Boost.Graph maximum flow through
/// network::FlowSolver when a feeder network is given).
SATCAP_EXPORT AllocationResult allocate_greedy(const AllocationProblem& problem, GreedyRule rule = GreedyRule::Engine);

/// One beam of a hopping schedule.
struct HoppingBeam {
  std::int32_t sat = 0;
  std::vector<std::int32_t> candidates;  ///< candidate indices visited in the frame, in dwell order
  std::vector<double> dwell;             ///< share of the frame on each (sum + switching <= 1)
  std::vector<double> delivered_bps;     ///< per visit: <= rate x dwell
};

struct HoppingSchedule {
  std::vector<HoppingBeam> beams;
  std::vector<double> cell_delivered_bps;
  double total_bps = 0.0;
  double dropped_bps = 0.0;   ///< LP delivery lost to the max_cells_per_beam limit
  double overhead_bps = 0.0;  ///< LP delivery lost to switching guard time
};

/// Rounds an LP allocation (from solve_allocation_lp on the same problem) to a hopping schedule:
/// per satellite, the pairs' beam times (largest first) are laid end to end over its B_s beams
/// (McNaughton's wrap-around rule: a pair split between beams b and b+1 ends beam b and starts beam
/// b+1, so never overlaps itself); a beam keeps its `max_cells_per_beam` largest visits (the rest is
/// `dropped`), and a beam with k > 1 visits scales its dwells into the usable share
/// 1 - k x overhead / frame when they do not fit. Delivered per visit = r_k x dwell, capped at the LP's
/// x_k, so demand and feeder rows stay satisfied and no beam exceeds its rate.
SATCAP_EXPORT HoppingSchedule round_to_hopping(const AllocationProblem& problem, const AllocationResult& lp);

}  // namespace satcap::capacity
