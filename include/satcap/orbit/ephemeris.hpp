#pragma once
/// @file ephemeris.hpp
/// Batch ephemeris: positions (and optionally velocities) of N satellites at T instants of a TimeGrid,
/// into contiguous SoA arrays (one Eigen::Matrix3Xd per step, columns = satellites, rows x, y, z).
///
/// Sources: a fleet of element sets (TLE / OMM; each satellite propagates from its own epoch with SGP4,
/// or with the J2 propagator from its mean elements, a being SGP4's un-Kozai'd semi-major axis, WGS-72) or a
/// Walker Constellation
/// (J2 from the shell elements, or SGP4 from synthesised elements; both from the constellation epoch,
/// which defaults to the grid start).
/// Frames: ECEF (default; TEME rotated by GMST IAU-82 with UT1 ~ UTC, polar motion neglected, see
/// core/geodesy.hpp) or TEME. Units: metres and metres per second.
/// Parallelism: oneTBB over (time block x satellite block) tiles; every element is computed by the same
/// code regardless of the tiling (near-Earth SGP4 and J2 through 4-lane AVX2 kernels chosen per satellite),
/// so results are bit-identical for any thread count and tiling.
/// Speed (docs/models/ephemeris.md): ~9-11 M SGP4 states and ~20-26 M J2 states per CPU-second.
/// Streaming: for_each_block() hands out consecutive time blocks so long runs need not be held at once.
/// Failed states: SGP4 errors 1-5 give NaN columns; error 6 (decayed) keeps the state. status() holds the
/// per-satellite, per-step code; the Summary counts them.
/// Thread-safety: Ephemeris is an immutable value once built.
#include <satcap/core/time.hpp>
#include <satcap/export.hpp>
#include <satcap/orbit/elements.hpp>
#include <satcap/orbit/walker.hpp>

#include <Eigen/Dense>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace satcap::orbit {

enum class PropagatorKind { Sgp4, J2 };
SATCAP_EXPORT const char* to_string(PropagatorKind k);
/// "sgp4" / "j2"; throws InputError otherwise.
SATCAP_EXPORT PropagatorKind propagator_from_string(const std::string& text);

enum class Frame { Ecef, Teme };

struct EphemerisOptions {
  PropagatorKind propagator = PropagatorKind::Sgp4;
  Frame frame = Frame::Ecef;
  bool velocities = false;                 ///< also compute velocities (m/s; ECEF includes -omega x r)
  std::optional<core::Epoch> walker_epoch; ///< epoch of Walker elements (default: constellation's, else grid start)
  std::int64_t time_block = 64;            ///< steps per parallel tile / per streamed block
  std::int64_t sat_block = 256;            ///< satellites per parallel tile
};

/// Identity of one satellite in an Ephemeris.
struct SatelliteInfo {
  std::string name;          ///< element-set name, or "<shell>/<plane>/<slot>"
  int norad_id = 0;          ///< 0 for Walker satellites
  SatelliteId walker_id{-1, -1, -1};  ///< (-1,-1,-1) for element-set satellites
};

/// Per-status counts of a run.
struct EphemerisSummary {
  std::int64_t states = 0;
  std::int64_t errors[7] = {0, 0, 0, 0, 0, 0, 0};  ///< index = SGP4 error code (0 = ok)
  std::int64_t failed() const { return states - errors[0]; }
};

/// A block of consecutive steps of a TimeGrid.
class SATCAP_EXPORT Ephemeris {
 public:
  Ephemeris() = default;
  std::size_t satellite_count() const { return info_ ? info_->size() : 0; }
  /// Number of steps held (the whole grid for propagate(), one block in for_each_block()).
  std::int64_t step_count() const { return static_cast<std::int64_t>(pos_.size()); }
  /// Index of the first held step within the grid.
  std::int64_t first_step() const { return first_; }
  const core::TimeGrid& grid() const { return *grid_; }
  /// Instant of held step k (0-based within this block).
  core::Epoch time(std::int64_t k) const { return grid_->at(first_ + k); }

  /// 3 x N positions (m) at held step k, columns in satellite order.
  const Eigen::Matrix3Xd& positions(std::int64_t k) const { return pos_[static_cast<std::size_t>(k)]; }
  /// 3 x N velocities (m/s) at held step k; empty (3 x 0) unless options.velocities.
  const Eigen::Matrix3Xd& velocities(std::int64_t k) const { return vel_[static_cast<std::size_t>(k)]; }
  /// SGP4 status per satellite at held step k (0 = ok; J2 always 0).
  const std::vector<std::uint8_t>& status(std::int64_t k) const { return status_[static_cast<std::size_t>(k)]; }

  const std::vector<SatelliteInfo>& satellites() const { return *info_; }
  const EphemerisSummary& summary() const { return summary_; }
  Frame frame() const { return frame_; }

 private:
  friend class BatchPropagator;
  std::shared_ptr<const std::vector<SatelliteInfo>> info_;
  std::shared_ptr<const core::TimeGrid> grid_;
  std::int64_t first_ = 0;
  Frame frame_ = Frame::Ecef;
  std::vector<Eigen::Matrix3Xd> pos_, vel_;
  std::vector<std::vector<std::uint8_t>> status_;
  EphemerisSummary summary_;
};

/// A prepared set of satellites (propagators initialised once) that computes blocks of a grid.
class SATCAP_EXPORT BatchPropagator {
 public:
  /// From element sets (each from its own epoch).
  BatchPropagator(const std::vector<MeanElements>& fleet, const EphemerisOptions& options = {});
  /// From a Walker constellation; the elements hold at options.walker_epoch, else constellation.epoch(),
  /// else the start of the grid given to compute().
  BatchPropagator(const Constellation& constellation, const EphemerisOptions& options = {});
  ~BatchPropagator();
  BatchPropagator(BatchPropagator&&) noexcept;
  BatchPropagator& operator=(BatchPropagator&&) noexcept;

  std::size_t satellite_count() const;
  const std::vector<SatelliteInfo>& satellites() const;
  const EphemerisOptions& options() const;

  /// Steps [first, first + count) of `grid`. Parallel (oneTBB), deterministic.
  Ephemeris compute(const core::TimeGrid& grid, std::int64_t first, std::int64_t count) const;
  /// The whole grid.
  Ephemeris compute(const core::TimeGrid& grid) const { return compute(grid, 0, grid.count()); }
  /// Same as compute(grid, first, count) into `out`, reusing its storage when the shapes match (no allocation
  /// in steady-state streaming).
  void compute_into(const core::TimeGrid& grid, std::int64_t first, std::int64_t count, Ephemeris& out) const;
  /// Streams the grid in blocks of `block_steps` (default options.time_block) steps, in time order. The block
  /// passed to `visit` is only valid during the call (its storage is reused for the next block).
  void for_each_block(const core::TimeGrid& grid, const std::function<void(const Ephemeris& block)>& visit,
                      std::int64_t block_steps = 0) const;
  /// The same over steps [first, first + count) of `grid` only (a time block of a distributed run); the
  /// blocks hold exactly the states a stream over the whole grid gives for those steps.
  void for_each_block(const core::TimeGrid& grid, std::int64_t first, std::int64_t count,
                      const std::function<void(const Ephemeris& block)>& visit, std::int64_t block_steps = 0) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// Convenience: the whole grid for a fleet of element sets.
SATCAP_EXPORT Ephemeris propagate(const std::vector<MeanElements>& fleet, const core::TimeGrid& grid,
                                  const EphemerisOptions& options = {});
/// Convenience: the whole grid for a Walker constellation.
SATCAP_EXPORT Ephemeris propagate(const Constellation& constellation, const core::TimeGrid& grid,
                                  const EphemerisOptions& options = {});

}  // namespace satcap::orbit
