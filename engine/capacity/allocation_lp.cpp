// The allocation LP solved with GLPK's simplex (include/satcap/capacity/allocation.hpp).
#include <satcap/capacity/allocation.hpp>
#include <satcap/core/error.hpp>

#include <glpk.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "allocation_internal.hpp"

namespace satcap::capacity {

namespace {

struct ProbDeleter {
  void operator()(glp_prob* p) const { glp_delete_prob(p); }
};
using ProbPtr = std::unique_ptr<glp_prob, ProbDeleter>;

// Rows and the sparse matrix in GLPK's 1-based triplet form.
class Builder {
 public:
  explicit Builder(glp_prob* lp) : lp_(lp) {
    ia_.push_back(0);
    ja_.push_back(0);
    ar_.push_back(0.0);
  }
  int add_row(int type, double lo, double hi) {
    const int i = glp_add_rows(lp_, 1);
    glp_set_row_bnds(lp_, i, type, lo, hi);
    return i;
  }
  void add(int row, int col, double v) {
    ia_.push_back(row);
    ja_.push_back(col);
    ar_.push_back(v);
  }
  void load() { glp_load_matrix(lp_, static_cast<int>(ia_.size()) - 1, ia_.data(), ja_.data(), ar_.data()); }

 private:
  glp_prob* lp_;
  std::vector<int> ia_, ja_;
  std::vector<double> ar_;
};

// GLPK's presolver is left off: on the property test's instances (GLPK 5.0) it returned solutions that
// break a singleton demand row (r t <= d with d / r = 0.9995) by 5e-4 relative, apparently treating
// the implied column bound as not significantly tighter than t <= 1. Without it the primal simplex
// starts from the standard basis (all constraints basic, t = 0 is feasible) and every row holds to
// GLPK's feasibility tolerance (1e-7 on the scaled problem).
void run_simplex(glp_prob* lp, const char* stage) {
  glp_smcp parm;
  glp_init_smcp(&parm);
  parm.msg_lev = GLP_MSG_OFF;
  parm.presolve = GLP_OFF;
  int ret = glp_simplex(lp, &parm);
  if (ret == GLP_EBADB || ret == GLP_ESING || ret == GLP_ECOND) {  // basis unusable: restart from the standard one
    glp_std_basis(lp);
    ret = glp_simplex(lp, &parm);
  }
  if (ret != 0) throw Error(std::string("allocation LP (") + stage + "): GLPK glp_simplex failed with code " + std::to_string(ret));
  const int status = glp_get_status(lp);
  if (status != GLP_OPT)
    throw Error(std::string("allocation LP (") + stage + "): GLPK status " + std::to_string(status) + " (not optimal)");
}

}  // namespace

AllocationResult solve_allocation_lp(const AllocationProblem& p, const LpOptions& options) {
  p.validate();
  glp_term_out(GLP_OFF);
  const std::size_t nk = p.candidates.size();
  const std::size_t nc = p.cells.size();
  const std::size_t ns = p.satellites.size();
  AllocationResult res;
  res.beam_time.assign(nk, 0.0);
  res.delivered_bps.assign(nk, 0.0);

  // Unit of rate: the largest candidate rate, so every coefficient is <= 1.
  double unit = 0.0;
  for (const auto& a : p.candidates) unit = std::max(unit, a.rate_bps);
  std::vector<std::int32_t> cols;  // LP column -> candidate (rate > 0)
  for (std::size_t k = 0; k < nk; ++k)
    if (p.candidates[k].rate_bps > 0.0 && p.cells[static_cast<std::size_t>(p.candidates[k].cell)].demand_bps > 0.0 &&
        p.satellites[static_cast<std::size_t>(p.candidates[k].sat)].beams > 0)
      cols.push_back(static_cast<std::int32_t>(k));
  if (cols.empty()) {
    detail::fill_totals(p, res);
    return res;
  }

  ProbPtr holder(glp_create_prob());
  glp_prob* lp = holder.get();
  glp_set_obj_dir(lp, GLP_MAX);
  const int nt = static_cast<int>(cols.size());
  glp_add_cols(lp, nt);
  for (int j = 0; j < nt; ++j) {
    glp_set_col_bnds(lp, j + 1, GLP_DB, 0.0, 1.0);
    glp_set_obj_coef(lp, j + 1, p.candidates[static_cast<std::size_t>(cols[static_cast<std::size_t>(j)])].rate_bps / unit);
  }
  Builder m(lp);
  std::vector<std::vector<int>> sat_cols(ns), cell_cols(nc);
  for (int j = 0; j < nt; ++j) {
    const auto& a = p.candidates[static_cast<std::size_t>(cols[static_cast<std::size_t>(j)])];
    sat_cols[static_cast<std::size_t>(a.sat)].push_back(j + 1);
    cell_cols[static_cast<std::size_t>(a.cell)].push_back(j + 1);
  }
  auto rate = [&](int col) { return p.candidates[static_cast<std::size_t>(cols[static_cast<std::size_t>(col - 1)])].rate_bps / unit; };
  // Beams of each satellite, beams and demand of each cell (rows that cannot bind are left out).
  for (std::size_t s = 0; s < ns; ++s) {
    const auto& v = sat_cols[s];
    if (static_cast<int>(v.size()) > p.satellites[s].beams) {
      const int r = m.add_row(GLP_UP, 0.0, p.satellites[s].beams);
      for (int j : v) m.add(r, j, 1.0);
    }
    if (!v.empty() && std::isfinite(p.satellites[s].feeder_cap_bps)) {
      const int r = m.add_row(GLP_UP, 0.0, p.satellites[s].feeder_cap_bps / unit);
      for (int j : v) m.add(r, j, rate(j));
    }
  }
  const int limit = p.cell_limit();
  for (std::size_t c = 0; c < nc; ++c) {
    const auto& v = cell_cols[c];
    if (v.empty()) continue;
    if (static_cast<int>(v.size()) > limit) {
      const int r = m.add_row(GLP_UP, 0.0, limit);
      for (int j : v) m.add(r, j, 1.0);
    }
    const int r = m.add_row(GLP_UP, 0.0, p.cells[c].demand_bps / unit);
    for (int j : v) m.add(r, j, rate(j));
  }
  // Feeder network: arc flows, gateway capacities, conservation at every satellite.
  if (p.has_feeder_network) {
    const auto& f = p.feeder;
    auto add_flow_col = [&](double cap) {
      const int j = glp_add_cols(lp, 1);
      if (std::isfinite(cap)) glp_set_col_bnds(lp, j, cap > 0 ? GLP_DB : GLP_FX, 0.0, cap / unit);
      else glp_set_col_bnds(lp, j, GLP_LO, 0.0, 0.0);
      return j;
    };
    std::vector<std::vector<std::pair<int, double>>> sat_terms(ns);  // (column, +1 in / -1 out)
    std::vector<std::vector<int>> gw_cols(f.gateway_bps.size());
    for (const auto& e : f.gsl) {
      const int j = add_flow_col(e.capacity_bps);
      sat_terms[static_cast<std::size_t>(e.sat)].push_back({j, 1.0});
      gw_cols[static_cast<std::size_t>(e.gateway)].push_back(j);
    }
    for (const auto& e : f.isl) {
      const int ab = add_flow_col(e.capacity_bps), ba = add_flow_col(e.capacity_bps);
      sat_terms[static_cast<std::size_t>(e.a)].push_back({ab, -1.0});
      sat_terms[static_cast<std::size_t>(e.b)].push_back({ab, 1.0});
      sat_terms[static_cast<std::size_t>(e.b)].push_back({ba, -1.0});
      sat_terms[static_cast<std::size_t>(e.a)].push_back({ba, 1.0});
    }
    for (std::size_t g = 0; g < gw_cols.size(); ++g) {
      if (gw_cols[g].empty() || !std::isfinite(f.gateway_bps[g])) continue;
      const int r = m.add_row(GLP_UP, 0.0, f.gateway_bps[g] / unit);
      for (int j : gw_cols[g]) m.add(r, j, 1.0);
    }
    for (std::size_t s = 0; s < ns; ++s) {
      if (sat_terms[s].empty() && sat_cols[s].empty()) continue;
      const int r = m.add_row(GLP_FX, 0.0, 0.0);  // in - out - delivered = 0
      for (const auto& [j, sign] : sat_terms[s]) m.add(r, j, sign);
      for (int j : sat_cols[s]) m.add(r, j, -rate(j));
    }
  }

  // Max-min fairness: lambda column and one row per group, then lambda is maximised first.
  const bool fair = options.objective != AllocationObjective::MaxTotal;
  int lambda_col = 0;
  if (fair) {
    const bool by_region = options.objective == AllocationObjective::MaxMinRegion;
    const std::size_t ng = by_region ? static_cast<std::size_t>(p.region_count()) : nc;
    std::vector<double> group_demand(ng, 0.0);
    std::vector<std::vector<int>> group_cols(ng);
    for (std::size_t c = 0; c < nc; ++c) {
      const std::int32_t g = by_region ? p.cells[c].region : static_cast<std::int32_t>(c);
      if (g < 0) continue;
      const auto gu = static_cast<std::size_t>(g);
      group_demand[gu] += p.cells[c].demand_bps;
      group_cols[gu].insert(group_cols[gu].end(), cell_cols[c].begin(), cell_cols[c].end());
    }
    std::vector<std::size_t> groups;
    for (std::size_t g = 0; g < ng; ++g)
      if (group_demand[g] > 0.0 && !group_cols[g].empty()) groups.push_back(g);
    if (!groups.empty()) {
      lambda_col = glp_add_cols(lp, 1);
      glp_set_col_bnds(lp, lambda_col, GLP_DB, 0.0, 1.0);
      for (std::size_t g : groups) {
        const int r = m.add_row(GLP_LO, 0.0, 0.0);  // delivered - lambda demand >= 0
        for (int j : group_cols[g]) m.add(r, j, rate(j));
        m.add(r, lambda_col, -group_demand[g] / unit);
      }
    }
  }
  m.load();
  glp_scale_prob(lp, GLP_SF_AUTO);

  if (lambda_col > 0) {
    for (int j = 1; j <= nt; ++j) glp_set_obj_coef(lp, j, 0.0);
    glp_set_obj_coef(lp, lambda_col, 1.0);
    run_simplex(lp, "max-min share");
    const double lam = std::clamp(glp_get_col_prim(lp, lambda_col), 0.0, 1.0);
    res.fairness_lambda = lam;
    glp_set_col_bnds(lp, lambda_col, GLP_DB, lam * (1.0 - 1e-9), 1.0);
    glp_set_obj_coef(lp, lambda_col, 0.0);
    for (int j = 1; j <= nt; ++j) glp_set_obj_coef(lp, j, rate(j));
    run_simplex(lp, "total at the max-min share");
  } else {
    run_simplex(lp, "total");
  }
  res.simplex_iterations = glp_get_it_cnt(lp);  // cumulative over both stages
  for (int j = 1; j <= nt; ++j) {
    const auto k = static_cast<std::size_t>(cols[static_cast<std::size_t>(j - 1)]);
    const double t = std::clamp(glp_get_col_prim(lp, j), 0.0, 1.0);
    res.beam_time[k] = t;
    res.delivered_bps[k] = p.candidates[k].rate_bps * t;
  }
  detail::fill_totals(p, res);
  return res;
}

}  // namespace satcap::capacity
