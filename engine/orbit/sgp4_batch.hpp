#pragma once
// Internal: SGP4 over groups of satellites for the batch ephemeris. Holds the coefficient blocks of a
// fleet contiguously (one copy per satellite, in satellite order) so the hot loop walks memory linearly
// and never allocates; each lane runs the reference scalar code path, so batch and scalar results are
// bit-identical.
#include <cstddef>
#include <vector>

#include "orbit/sgp4_coefficients.hpp"

namespace satcap::orbit {

class Sgp4Batch {
 public:
  static constexpr std::size_t kLanes = 8;
  Sgp4Batch() = default;
  explicit Sgp4Batch(const std::vector<Sgp4>& sats) {
    coeffs_.reserve(sats.size());
    for (const auto& s : sats) coeffs_.push_back(s.coefficients());
  }
  std::size_t size() const { return coeffs_.size(); }
  /// Satellites [first, first + m), m <= kLanes; tsince in minutes; outputs km and km/s TEME and the code.
  void propagate(std::size_t first, std::size_t m, const double* tsince, double* rx, double* ry, double* rz, double* vx,
                 double* vy, double* vz, int* err) const noexcept {
    for (std::size_t l = 0; l < m; ++l) {
      double r[3], v[3];
      err[l] = sgp4_propagate(coeffs_[first + l], tsince[l], r, v);
      rx[l] = r[0]; ry[l] = r[1]; rz[l] = r[2];
      vx[l] = v[0]; vy[l] = v[1]; vz[l] = v[2];
    }
  }

 private:
  std::vector<Sgp4Coefficients> coeffs_;
};

}  // namespace satcap::orbit
