#pragma once
// Shared helpers of engine/capacity/allocation*.cpp.
#include <satcap/capacity/allocation.hpp>

namespace satcap::capacity::detail {

/// Fills the cell, satellite, region and total sums of `r` from r.delivered_bps.
void fill_totals(const AllocationProblem& p, AllocationResult& r);

}  // namespace satcap::capacity::detail
