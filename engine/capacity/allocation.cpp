// The allocation problem: validation, names, totals and the beam-hopping rounding
// (include/satcap/capacity/allocation.hpp, docs/models/allocation.md).
#include <satcap/capacity/allocation.hpp>
#include <satcap/core/error.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "allocation_internal.hpp"

namespace satcap::capacity {

namespace {

[[noreturn]] void bad(const std::string& field, const std::string& what) {
  throw Error("allocation problem: " + field + ": " + what);
}

void require_rate(const std::string& field, double v, bool allow_inf) {
  if (std::isnan(v) || v < 0.0 || (!allow_inf && std::isinf(v))) bad(field, "must be finite and >= 0 (got " + std::to_string(v) + ")");
}

}  // namespace

double HoppingOptions::usable_fraction(int k) const {
  if (k <= 1) return 1.0;
  return std::max(0.0, 1.0 - static_cast<double>(k) * switching_overhead_s / frame_s);
}

void AllocationProblem::validate() const {
  const auto nc = static_cast<std::int64_t>(cells.size());
  const auto ns = static_cast<std::int64_t>(satellites.size());
  for (std::size_t c = 0; c < cells.size(); ++c) require_rate("cells[" + std::to_string(c) + "].demand_bps", cells[c].demand_bps, false);
  for (std::size_t s = 0; s < satellites.size(); ++s) {
    if (satellites[s].beams < 0) bad("satellites[" + std::to_string(s) + "].beams", "must be >= 0");
    require_rate("satellites[" + std::to_string(s) + "].feeder_cap_bps", satellites[s].feeder_cap_bps, true);
  }
  for (std::size_t k = 0; k < candidates.size(); ++k) {
    const auto& a = candidates[k];
    const std::string f = "candidates[" + std::to_string(k) + "]";
    if (a.sat < 0 || a.sat >= ns) bad(f + ".sat", "index " + std::to_string(a.sat) + " outside [0, " + std::to_string(ns) + ")");
    if (a.cell < 0 || a.cell >= nc) bad(f + ".cell", "index " + std::to_string(a.cell) + " outside [0, " + std::to_string(nc) + ")");
    require_rate(f + ".rate_bps", a.rate_bps, false);
    if (!std::isfinite(a.elevation_deg)) bad(f + ".elevation_deg", "must be finite");
  }
  if (max_beams_per_cell < 1) bad("max_beams_per_cell", "must be >= 1");
  if (colour_exclusive && colours < 1) bad("colours", "must be >= 1");
  if (has_feeder_network) {
    const auto ng = static_cast<std::int64_t>(feeder.gateway_bps.size());
    for (std::size_t g = 0; g < feeder.gateway_bps.size(); ++g)
      require_rate("feeder.gateway_bps[" + std::to_string(g) + "]", feeder.gateway_bps[g], true);
    for (std::size_t i = 0; i < feeder.gsl.size(); ++i) {
      const auto& e = feeder.gsl[i];
      const std::string f = "feeder.gsl[" + std::to_string(i) + "]";
      if (e.gateway < 0 || e.gateway >= ng) bad(f + ".gateway", "index outside the gateways");
      if (e.sat < 0 || e.sat >= ns) bad(f + ".sat", "index outside the satellites");
      require_rate(f + ".capacity_bps", e.capacity_bps, true);
    }
    for (std::size_t i = 0; i < feeder.isl.size(); ++i) {
      const auto& e = feeder.isl[i];
      const std::string f = "feeder.isl[" + std::to_string(i) + "]";
      if (e.a < 0 || e.a >= ns || e.b < 0 || e.b >= ns || e.a == e.b) bad(f, "endpoints must be two different satellites");
      require_rate(f + ".capacity_bps", e.capacity_bps, true);
    }
  }
  if (hopping.max_cells_per_beam < 1) bad("hopping.max_cells_per_beam", "must be >= 1");
  if (!(hopping.frame_s > 0.0) || !std::isfinite(hopping.frame_s)) bad("hopping.frame_s", "must be > 0");
  if (!(hopping.switching_overhead_s >= 0.0) || !(hopping.switching_overhead_s < hopping.frame_s))
    bad("hopping.switching_overhead_s", "must be in [0, frame_s)");
}

int AllocationProblem::region_count() const {
  int n = 0;
  for (const auto& c : cells) n = std::max(n, c.region + 1);
  return n;
}

const char* to_string(AllocationObjective o) {
  switch (o) {
    case AllocationObjective::MaxTotal: return "max_total";
    case AllocationObjective::MaxMinCell: return "max_min_cell";
    case AllocationObjective::MaxMinRegion: return "max_min_region";
  }
  return "?";
}

AllocationObjective allocation_objective_from_string(const std::string& s) {
  for (auto o : {AllocationObjective::MaxTotal, AllocationObjective::MaxMinCell, AllocationObjective::MaxMinRegion})
    if (s == to_string(o)) return o;
  throw Error("allocation objective '" + s + "': expected max_total, max_min_cell or max_min_region");
}

const char* to_string(GreedyRule r) { return r == GreedyRule::Engine ? "engine" : "feeder_aware"; }

namespace detail {

void fill_totals(const AllocationProblem& p, AllocationResult& r) {
  r.cell_delivered_bps.assign(p.cells.size(), 0.0);
  r.sat_delivered_bps.assign(p.satellites.size(), 0.0);
  r.region_delivered_bps.assign(static_cast<std::size_t>(p.region_count()), 0.0);
  r.total_bps = 0.0;
  for (std::size_t k = 0; k < p.candidates.size(); ++k) {
    const double x = r.delivered_bps[k];
    r.cell_delivered_bps[static_cast<std::size_t>(p.candidates[k].cell)] += x;
    r.sat_delivered_bps[static_cast<std::size_t>(p.candidates[k].sat)] += x;
    r.total_bps += x;
  }
  for (std::size_t c = 0; c < p.cells.size(); ++c)
    if (p.cells[c].region >= 0) r.region_delivered_bps[static_cast<std::size_t>(p.cells[c].region)] += r.cell_delivered_bps[c];
}

}  // namespace detail

HoppingSchedule round_to_hopping(const AllocationProblem& p, const AllocationResult& lp) {
  p.validate();
  if (lp.beam_time.size() != p.candidates.size() || lp.delivered_bps.size() != p.candidates.size())
    throw Error("round_to_hopping: the allocation has " + std::to_string(lp.beam_time.size()) + " candidates, the problem " +
                std::to_string(p.candidates.size()));
  HoppingSchedule out;
  out.cell_delivered_bps.assign(p.cells.size(), 0.0);
  // Candidates of each satellite with positive beam time, largest first (ties by candidate index).
  std::vector<std::vector<std::int32_t>> per_sat(p.satellites.size());
  for (std::size_t k = 0; k < p.candidates.size(); ++k)
    if (lp.beam_time[k] > 1e-12 && lp.delivered_bps[k] > 0.0) per_sat[static_cast<std::size_t>(p.candidates[k].sat)].push_back(static_cast<std::int32_t>(k));
  const int M = p.hopping.max_cells_per_beam;
  for (std::size_t s = 0; s < p.satellites.size(); ++s) {
    auto& list = per_sat[s];
    if (list.empty()) continue;
    std::stable_sort(list.begin(), list.end(), [&](std::int32_t a, std::int32_t b) {
      return lp.beam_time[static_cast<std::size_t>(a)] > lp.beam_time[static_cast<std::size_t>(b)];
    });
    // Wrap-around: lay the beam times end to end on [0, B_s) and cut at every integer.
    struct Piece {
      std::int32_t k;
      double t;
    };
    std::vector<std::vector<Piece>> beams(static_cast<std::size_t>(std::max(p.satellites[s].beams, 0)));
    std::size_t b = 0;
    double used = 0.0;  // beam time used on beam b
    for (std::int32_t k : list) {
      double t = std::min(1.0, lp.beam_time[static_cast<std::size_t>(k)]);
      while (t > 1e-12 && b < beams.size()) {
        const double take = std::min(t, 1.0 - used);
        beams[b].push_back({k, take});
        t -= take;
        used += take;
        if (used >= 1.0 - 1e-12) {
          ++b;
          used = 0.0;
        }
      }
      // Beam time beyond B_s (only from LP round-off) is dropped.
      if (t > 1e-12) out.dropped_bps += p.candidates[static_cast<std::size_t>(k)].rate_bps * t;
    }
    for (auto& pieces : beams) {
      if (pieces.empty()) continue;
      // Keep the max_cells_per_beam visits delivering most (ties: earlier in the wrap order).
      if (static_cast<int>(pieces.size()) > M) {
        std::vector<std::size_t> order(pieces.size());
        std::iota(order.begin(), order.end(), 0);
        auto value = [&](std::size_t i) { return p.candidates[static_cast<std::size_t>(pieces[i].k)].rate_bps * pieces[i].t; };
        std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t c) { return value(a) > value(c); });
        std::vector<Piece> kept;
        std::vector<std::uint8_t> keep(pieces.size(), 0);
        for (int i = 0; i < M; ++i) keep[order[static_cast<std::size_t>(i)]] = 1;
        for (std::size_t i = 0; i < pieces.size(); ++i) {
          if (keep[i]) kept.push_back(pieces[i]);
          else out.dropped_bps += value(i);
        }
        pieces.swap(kept);
      }
      const int nvisit = static_cast<int>(pieces.size());
      const double usable = p.hopping.usable_fraction(nvisit);
      double sum = 0.0;
      for (const auto& pc : pieces) sum += pc.t;
      const double f = sum > usable ? usable / sum : 1.0;
      HoppingBeam hb;
      hb.sat = static_cast<std::int32_t>(s);
      for (const auto& pc : pieces) {
        const auto ku = static_cast<std::size_t>(pc.k);
        const double r = p.candidates[ku].rate_bps;
        const double dwell = pc.t * f;
        // The LP's x_k = r_k t_k; the piece's share of it, never more than the dwell delivers.
        const double share = lp.beam_time[ku] > 0 ? lp.delivered_bps[ku] * (pc.t / lp.beam_time[ku]) : 0.0;
        const double x = std::min(r * dwell, share);
        out.overhead_bps += share - x;
        hb.candidates.push_back(pc.k);
        hb.dwell.push_back(dwell);
        hb.delivered_bps.push_back(x);
        out.cell_delivered_bps[static_cast<std::size_t>(p.candidates[ku].cell)] += x;
        out.total_bps += x;
      }
      out.beams.push_back(std::move(hb));
    }
  }
  return out;
}

}  // namespace satcap::capacity
