// `satcap propagate`: positions and velocities of element sets (TLE / OMM) or a Walker constellation over a
// regular time grid, as CSV in TEME, ECEF or geodetic (WGS84) coordinates.
#include <satcap/core/error.hpp>
#include <satcap/core/files.hpp>
#include <satcap/core/geodesy.hpp>
#include <satcap/orbit/elements.hpp>
#include <satcap/orbit/ephemeris.hpp>
#include <satcap/orbit/walker.hpp>

#include <cmath>
#include <cstdio>
#include <iostream>
#include <memory>
#include <numbers>
#include <string>

#include "command.hpp"

namespace satcap::cli {
namespace {

struct PropagateArgs {
  std::string tle, omm, constellation, start, frame = "ecef", propagator = "sgp4", out;
  double step = 60.0;
  long long steps = 0;
  bool no_checksum = false;
  bool skip_bad = false;
  int threads = 0;
};

void append_number(std::string& line, const char* fmt, double v) {
  if (!std::isfinite(v)) {
    line += ',';  // failed state (SGP4 errors 1-5): empty cell
    return;
  }
  char buf[48];
  const int n = std::snprintf(buf, sizeof buf, fmt, v);
  line.append(buf, static_cast<std::size_t>(n));
}

void run(const PropagateArgs& a) {
  apply_thread_limit(a.threads);
  const int sources = !a.tle.empty() + !a.omm.empty() + !a.constellation.empty();
  if (sources != 1) throw InputError("", 0, "--tle/--omm/--constellation", "give exactly one of --tle, --omm, --constellation");
  if (!(a.step > 0.0) || !std::isfinite(a.step)) throw InputError("", 0, "--step", "must be > 0 seconds");
  if (a.steps < 1) throw InputError("", 0, "--steps", "must be >= 1");
  if (a.frame != "teme" && a.frame != "ecef" && a.frame != "geodetic")
    throw InputError("", 0, "--frame", "'" + a.frame + "' is not one of teme, ecef, geodetic");
  core::Epoch start;
  try {
    start = core::Epoch::parse_iso8601(a.start);
  } catch (const InputError& e) {
    throw InputError("", 0, "--start", e.detail());
  }
  orbit::EphemerisOptions opt;
  try {
    opt.propagator = orbit::propagator_from_string(a.propagator);
  } catch (const InputError& e) {
    throw InputError("", 0, "--propagator", e.detail());
  }
  opt.frame = a.frame == "teme" ? orbit::Frame::Teme : orbit::Frame::Ecef;
  opt.velocities = a.frame != "geodetic";
  const core::TimeGrid grid(start, a.step, a.steps);

  std::unique_ptr<orbit::BatchPropagator> bp;
  orbit::ReadOptions ro;
  ro.verify_checksum = !a.no_checksum;
  ro.skip_bad_records = a.skip_bad;
  orbit::ReadReport report;
  if (!a.tle.empty()) {
    bp = std::make_unique<orbit::BatchPropagator>(orbit::read_tle_file(a.tle, ro, &report), opt);
  } else if (!a.omm.empty()) {
    bp = std::make_unique<orbit::BatchPropagator>(orbit::read_omm_json(a.omm, ro, &report), opt);
  } else {
    const orbit::Constellation c = orbit::Constellation::load_toml(a.constellation);
    if (!c.epoch()) opt.walker_epoch = start;
    bp = std::make_unique<orbit::BatchPropagator>(c, opt);
  }
  for (const auto& why : report.skipped_reasons) std::fprintf(stderr, "satcap: skipped: %s\n", why.c_str());
  if (bp->satellite_count() == 0) throw InputError(a.tle + a.omm + a.constellation, 0, "", "no satellites in the file");

  core::AtomicFile out(a.out);
  std::ostream& os = out.stream();
  const bool geo = a.frame == "geodetic";
  os << (geo ? "sat_id,norad_id,time_utc,lat_deg,lon_deg,alt_km\n"
             : "sat_id,norad_id,time_utc,x_km,y_km,z_km,vx_km_s,vy_km_s,vz_km_s\n");
  // Per-satellite prefix "sat_id,norad_id," (escaped once).
  std::vector<std::string> prefix;
  for (const auto& s : bp->satellites())
    prefix.push_back(core::csv_escape(s.name) + "," + (s.norad_id > 0 ? std::to_string(s.norad_id) : std::string()) + ",");
  orbit::EphemerisSummary total;
  std::string line;
  Eigen::ArrayXd lat, lon, h;
  bp->for_each_block(grid, [&](const orbit::Ephemeris& block) {
    for (int c = 0; c < 7; ++c) total.errors[c] += block.summary().errors[c];
    total.states += block.summary().states;
    for (std::int64_t k = 0; k < block.step_count(); ++k) {
      const std::string time = block.time(k).to_iso8601(3);
      const Eigen::Matrix3Xd& P = block.positions(k);
      if (geo) core::geodetic_from_ecef(P, lat, lon, h);
      for (Eigen::Index i = 0; i < P.cols(); ++i) {
        line = prefix[static_cast<std::size_t>(i)];
        line += time;
        if (geo) {
          const bool ok = P.col(i).allFinite();
          append_number(line, ",%.7f", ok ? lat[i] * 180.0 / std::numbers::pi : NAN);
          append_number(line, ",%.7f", ok ? lon[i] * 180.0 / std::numbers::pi : NAN);
          append_number(line, ",%.6f", ok ? h[i] / 1000.0 : NAN);
        } else {
          const Eigen::Matrix3Xd& V = block.velocities(k);
          for (int r = 0; r < 3; ++r) append_number(line, ",%.6f", P(r, i) / 1000.0);
          for (int r = 0; r < 3; ++r) append_number(line, ",%.9f", V(r, i) / 1000.0);
        }
        line += '\n';
        os << line;
      }
    }
  });
  out.commit();
  std::printf("wrote %lld states (%zu satellites x %lld steps, %s, %s) to %s", static_cast<long long>(total.states),
              bp->satellite_count(), a.steps, a.propagator.c_str(), a.frame.c_str(), a.out.c_str());
  if (report.skipped > 0) std::printf("; %zu bad records skipped (listed on stderr)", report.skipped);
  if (total.failed() > 0) {
    std::printf("; %lld failed states (SGP4 codes:", static_cast<long long>(total.failed()));
    for (int c = 1; c < 7; ++c)
      if (total.errors[c]) std::printf(" %d x%lld", c, static_cast<long long>(total.errors[c]));
    std::printf("; codes 1-5 have empty coordinates, 6 = decayed keeps the state)");
  }
  std::printf("\n");
}

Registrar reg("propagate", [](CLI::App& app) {
  auto a = std::make_shared<PropagateArgs>();
  auto* sub = app.add_subcommand("propagate", "Propagate element sets (SGP4/SDP4 or J2) or a Walker constellation to CSV");
  sub->add_option("--tle", a->tle, "TLE file (2- or 3-line, Alpha-5 accepted)");
  sub->add_option("--omm", a->omm, "CelesTrak GP / OMM JSON file");
  sub->add_option("--constellation", a->constellation, "Walker constellation TOML (datasets/constellations)");
  sub->add_option("--start", a->start, "Start time, ISO 8601 UTC (e.g. 2026-05-30T00:00:00Z)")->required();
  sub->add_option("--step", a->step, "Step in seconds")->required();
  sub->add_option("--steps", a->steps, "Number of time steps")->required();
  sub->add_option("--frame", a->frame, "teme | ecef | geodetic (default ecef)");
  sub->add_option("--propagator", a->propagator, "sgp4 | j2 (default sgp4)");
  sub->add_option("--out", a->out, "Output CSV file (written atomically)")->required();
  sub->add_flag("--no-checksum", a->no_checksum, "Accept TLE lines with wrong checksums (hand-edited sets)");
  sub->add_flag("--skip-bad-records", a->skip_bad, "Skip malformed element sets (each reported on stderr) instead of failing");
  sub->add_option("--threads", a->threads, "Worker threads (0 = all cores)");
  sub->callback([a] { run(*a); });
});

}  // namespace
}  // namespace satcap::cli
