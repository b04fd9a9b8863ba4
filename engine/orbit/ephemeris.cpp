// Batch ephemeris: oneTBB over (time block x satellite block) tiles of independent states.
#include <satcap/core/error.hpp>
#include <satcap/core/geodesy.hpp>
#include <satcap/orbit/ephemeris.hpp>
#include <satcap/orbit/j2.hpp>
#include <satcap/orbit/sgp4.hpp>

#include <oneapi/tbb/blocked_range2d.h>
#include <oneapi/tbb/parallel_for.h>

#include <cctype>
#include <cmath>
#include <limits>
#include <numbers>

#include "orbit/sgp4_batch.hpp"
#include "orbit/sgp4_coefficients.hpp"

namespace satcap::orbit {

const char* to_string(PropagatorKind k) { return k == PropagatorKind::Sgp4 ? "sgp4" : "j2"; }

PropagatorKind propagator_from_string(const std::string& text) {
  std::string t;
  for (char ch : text) t += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  if (t == "sgp4") return PropagatorKind::Sgp4;
  if (t == "j2") return PropagatorKind::J2;
  throw InputError("", 0, "propagator", "'" + text + "' is not a propagator (sgp4 or j2)");
}

namespace {

KeplerElements kepler_from_mean(const MeanElements& e, const Sgp4& s) {
  KeplerElements k;
  k.semi_major_axis = units::km(s.semi_major_axis_er() * s.constants().radius);
  k.eccentricity = e.eccentricity;
  k.inclination = units::deg(e.inclination_deg);
  k.raan = units::deg(e.raan_deg);
  k.arg_perigee = units::deg(e.arg_perigee_deg);
  k.mean_anomaly = units::deg(e.mean_anomaly_deg);
  return k;
}

}  // namespace

struct BatchPropagator::Impl {
  EphemerisOptions opt;
  std::shared_ptr<std::vector<SatelliteInfo>> info = std::make_shared<std::vector<SatelliteInfo>>();
  // Propagators (one family used, per options.propagator).
  std::vector<Sgp4> sgp4;
  Sgp4Batch batch;  // SoA near-Earth coefficients for the vector kernel
  std::vector<J2Propagator> j2;
  J2Batch j2batch;
  std::vector<core::JulianDate> epoch;  // per satellite, UTC
  // Walker without a fixed epoch: the propagators are built per compute() at the grid start.
  std::optional<Constellation> walker;

  void build_walker(const Constellation& c, const core::Epoch& ep) {
    sgp4.clear();
    j2.clear();
    epoch.assign(c.size(), ep.jd_utc());
    if (opt.propagator == PropagatorKind::J2) {
      for (const auto& w : c.satellites()) j2.emplace_back(w.elements);
      j2batch = J2Batch(j2);
    } else {
      for (std::size_t i = 0; i < c.size(); ++i) sgp4.emplace_back(c.sgp4_elements(i, ep));
      batch = Sgp4Batch(sgp4);
    }
  }
};

BatchPropagator::BatchPropagator(const std::vector<MeanElements>& fleet, const EphemerisOptions& options)
    : impl_(std::make_unique<Impl>()) {
  impl_->opt = options;
  if (options.time_block < 1 || options.sat_block < 1)
    throw InputError("", 0, "time_block", "time_block and sat_block must be >= 1");
  for (const auto& e : fleet) {
    impl_->info->push_back({e.name, e.norad_id, {-1, -1, -1}});
    impl_->sgp4.emplace_back(e);
    impl_->epoch.push_back(e.epoch_jd_utc);
    if (options.propagator == PropagatorKind::J2) {
      // Mean elements of the element set, J2 secular drift with the WGS-72 constants SGP4 uses.
      impl_->j2.emplace_back(kepler_from_mean(e, impl_->sgp4.back()), J2Constants::wgs72());
    }
  }
  if (options.propagator == PropagatorKind::J2) {
    impl_->sgp4.clear();
    impl_->j2batch = J2Batch(impl_->j2);
  } else {
    impl_->batch = Sgp4Batch(impl_->sgp4);
  }
}

BatchPropagator::BatchPropagator(const Constellation& c, const EphemerisOptions& options)
    : impl_(std::make_unique<Impl>()) {
  impl_->opt = options;
  if (options.time_block < 1 || options.sat_block < 1)
    throw InputError("", 0, "time_block", "time_block and sat_block must be >= 1");
  for (const auto& w : c.satellites()) impl_->info->push_back({w.name, 0, w.id});
  const std::optional<core::Epoch> ep = options.walker_epoch ? options.walker_epoch : c.epoch();
  if (ep)
    impl_->build_walker(c, *ep);
  else
    impl_->walker = c;
}

BatchPropagator::~BatchPropagator() = default;
BatchPropagator::BatchPropagator(BatchPropagator&&) noexcept = default;
BatchPropagator& BatchPropagator::operator=(BatchPropagator&&) noexcept = default;

std::size_t BatchPropagator::satellite_count() const { return impl_->info->size(); }
const std::vector<SatelliteInfo>& BatchPropagator::satellites() const { return *impl_->info; }
const EphemerisOptions& BatchPropagator::options() const { return impl_->opt; }

Ephemeris BatchPropagator::compute(const core::TimeGrid& grid, std::int64_t first, std::int64_t count) const {
  Ephemeris eph;
  compute_into(grid, first, count, eph);
  return eph;
}

void BatchPropagator::compute_into(const core::TimeGrid& grid, std::int64_t first, std::int64_t count,
                                   Ephemeris& eph) const {
  if (first < 0 || count < 0 || first + count > grid.count())
    throw InputError("", 0, "steps", "requested steps outside the time grid");
  const Impl* im = impl_.get();
  std::unique_ptr<Impl> deferred;
  if (im->walker) {
    deferred = std::make_unique<Impl>();
    deferred->opt = im->opt;
    deferred->info = im->info;
    deferred->build_walker(*im->walker, grid.start());
    im = deferred.get();
  }
  const EphemerisOptions& opt = im->opt;
  const std::size_t n = im->info->size();
  const auto kcount = static_cast<std::size_t>(count);

  eph.info_ = im->info;
  if (!eph.grid_ || eph.grid_->start() != grid.start() || eph.grid_->step_seconds() != grid.step_seconds() ||
      eph.grid_->count() != grid.count())
    eph.grid_ = std::make_shared<const core::TimeGrid>(grid);
  eph.first_ = first;
  eph.frame_ = opt.frame;
  eph.summary_ = EphemerisSummary{};
  const auto ncols = static_cast<Eigen::Index>(n);
  eph.pos_.resize(kcount);
  eph.vel_.resize(kcount);
  eph.status_.resize(kcount);
  for (std::size_t k = 0; k < kcount; ++k) {
    if (eph.pos_[k].cols() != ncols) eph.pos_[k].resize(3, ncols);
    if (eph.vel_[k].cols() != (opt.velocities ? ncols : 0)) eph.vel_[k].resize(3, opt.velocities ? ncols : 0);
    eph.status_[k].resize(n);
  }

  // Per-step time and Earth rotation.
  std::vector<core::JulianDate> jd(kcount);
  std::vector<double> gc(kcount), gs(kcount);
  for (std::size_t k = 0; k < kcount; ++k) {
    const core::Epoch t = grid.at(first + static_cast<std::int64_t>(k));
    jd[k] = t.jd_utc();
    const double g = opt.frame == Frame::Ecef ? core::gmst82(t) : 0.0;
    gc[k] = std::cos(g);
    gs[k] = std::sin(g);
  }
  const bool want_v = opt.velocities;
  const bool ecef = opt.frame == Frame::Ecef;
  const double omega = core::Wgs84::omega_earth;
  const bool use_j2 = opt.propagator == PropagatorKind::J2;

  tbb::parallel_for(
      tbb::blocked_range2d<std::size_t, std::size_t>(0, kcount, static_cast<std::size_t>(opt.time_block), 0, n,
                                                     static_cast<std::size_t>(opt.sat_block)),
      [&](const tbb::blocked_range2d<std::size_t, std::size_t>& range) {
        constexpr std::size_t kLanes = Sgp4Batch::kLanes;
        double tsince[kLanes], rx[kLanes], ry[kLanes], rz[kLanes], vx[kLanes], vy[kLanes], vz[kLanes];
        int err[kLanes];
        for (std::size_t k = range.rows().begin(); k != range.rows().end(); ++k) {
          double* P = eph.pos_[k].data();
          double* V = want_v ? eph.vel_[k].data() : nullptr;
          std::uint8_t* S = eph.status_[k].data();
          const double c = gc[k], s = gs[k];
          const std::size_t i0 = range.cols().begin(), i1 = range.cols().end();
          for (std::size_t i = i0; i < i1; i += kLanes) {
            const std::size_t m = std::min(kLanes, i1 - i);
            if (use_j2) {
              for (std::size_t l = 0; l < m; ++l) {
                const core::JulianDate& e = im->epoch[i + l];
                tsince[l] = ((jd[k].jd1 - e.jd1) + (jd[k].jd2 - e.jd2)) * 86400.0;  // seconds here
                err[l] = 0;
              }
              im->j2batch.propagate(i, m, tsince, rx, ry, rz, vx, vy, vz);
            } else {
              for (std::size_t l = 0; l < m; ++l) {
                const core::JulianDate& e = im->epoch[i + l];
                tsince[l] = ((jd[k].jd1 - e.jd1) + (jd[k].jd2 - e.jd2)) * 1440.0;
              }
              im->batch.propagate(i, m, tsince, rx, ry, rz, vx, vy, vz, err);
            }
            for (std::size_t l = 0; l < m; ++l) {
              const std::size_t col = i + l;
              double x = rx[l] * 1e3, y = ry[l] * 1e3, z = rz[l] * 1e3;
              double u = vx[l] * 1e3, w = vy[l] * 1e3, q = vz[l] * 1e3;
              if (ecef) {
                const double xe = c * x + s * y, ye = -s * x + c * y;
                const double ue = c * u + s * w + omega * ye, we = -s * u + c * w - omega * xe;
                x = xe; y = ye; u = ue; w = we;
              }
              P[3 * col] = x;
              P[3 * col + 1] = y;
              P[3 * col + 2] = z;
              if (V) {
                V[3 * col] = u;
                V[3 * col + 1] = w;
                V[3 * col + 2] = q;
              }
              S[col] = static_cast<std::uint8_t>(err[l]);
            }
          }
        }
      },
      tbb::simple_partitioner());

  eph.summary_.states = static_cast<std::int64_t>(kcount * n);
  for (const auto& st : eph.status_)
    for (std::uint8_t code : st) ++eph.summary_.errors[code < 7 ? code : 0];
}

void BatchPropagator::for_each_block(const core::TimeGrid& grid, const std::function<void(const Ephemeris&)>& visit,
                                     std::int64_t block_steps) const {
  for_each_block(grid, 0, grid.count(), visit, block_steps);
}

void BatchPropagator::for_each_block(const core::TimeGrid& grid, std::int64_t first, std::int64_t count,
                                     const std::function<void(const Ephemeris&)>& visit, std::int64_t block_steps) const {
  if (first < 0 || count < 0 || first > grid.count() - count)
    throw InputError("", 0, "steps", "ephemeris: steps [" + std::to_string(first) + ", " + std::to_string(first + count) +
                     ") are not inside the time grid of " + std::to_string(grid.count()) + " steps");
  if (block_steps <= 0) block_steps = impl_->opt.time_block;
  Ephemeris block;
  const std::int64_t end = first + count;
  for (std::int64_t b = first; b < end; b += block_steps) {
    compute_into(grid, b, std::min(block_steps, end - b), block);
    visit(block);
  }
}

Ephemeris propagate(const std::vector<MeanElements>& fleet, const core::TimeGrid& grid, const EphemerisOptions& options) {
  return BatchPropagator(fleet, options).compute(grid);
}

Ephemeris propagate(const Constellation& constellation, const core::TimeGrid& grid, const EphemerisOptions& options) {
  return BatchPropagator(constellation, options).compute(grid);
}

}  // namespace satcap::orbit
