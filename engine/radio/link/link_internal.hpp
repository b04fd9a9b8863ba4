#pragma once
// Helpers shared by the scalar link budget and the batch kernel (one formula, one place).
#include <satcap/radio/link_budget.hpp>

namespace satcap::radio::detail {

/// 20 log10(4 pi f / c): FSPL = this + 20 log10(d / 1 m).
double fspl_constant_db(double f_hz);
/// T_sys (K) of a receiver given by its noise model, for atmospheric attenuation A (dB).
/// Optionally returns T_sky (NaN in fixed mode) and T_ant.
double system_temperature_k(const Receiver& rx, double attenuation_db, double* sky_k = nullptr, double* ant_k = nullptr);
/// Throws RangeError / Error for inconsistent inputs.
void validate(const LinkInput& in);

}  // namespace satcap::radio::detail
