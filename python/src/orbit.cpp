// Orbit job: element sets (TLE / OMM) and Walker constellations -> ephemerides (satellites, times, 3) in
// TEME, ECEF or geodetic coordinates. The satellites are propagated exactly as `satcap propagate` does
// (BatchPropagator::for_each_block with the same options), so the numbers are the CLI's to the last bit.
#include <satcap/core/error.hpp>
#include <satcap/core/geodesy.hpp>
#include <satcap/orbit/elements.hpp>
#include <satcap/orbit/ephemeris.hpp>
#include <satcap/orbit/walker.hpp>

#include <oneapi/tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <optional>

#include "common.hpp"
#include "orbit_source.hpp"

namespace satcap::python {
namespace {

orbit::ReadOptions read_options(bool verify_checksum, bool skip_bad_records) {
  orbit::ReadOptions ro;
  ro.verify_checksum = verify_checksum;
  ro.skip_bad_records = skip_bad_records;
  return ro;
}

ElementSets read_elements(const std::string& path, const std::string& format, bool verify_checksum, bool skip_bad) {
  ElementSets s;
  s.source = path;
  const auto ro = read_options(verify_checksum, skip_bad);
  py::gil_scoped_release nogil;
  if (format == "tle")
    s.fleet = orbit::read_tle_file(path, ro, &s.report);
  else if (format == "omm")
    s.fleet = orbit::read_omm_json(path, ro, &s.report);
  else if (format == "auto")
    s.fleet = orbit::read_elements_file(path, ro, &s.report);
  else
    throw InputError("", 0, "format", "'" + format + "' is not one of auto, tle, omm");
  return s;
}

ElementSets parse_elements(const std::string& text, const std::string& source, const std::string& format,
                           bool verify_checksum, bool skip_bad) {
  ElementSets s;
  s.source = source;
  const auto ro = read_options(verify_checksum, skip_bad);
  std::string fmt = format;
  if (fmt == "auto") {
    const auto pos = text.find_first_not_of(" \t\r\n");
    fmt = pos != std::string::npos && (text[pos] == '[' || text[pos] == '{') ? "omm" : "tle";
  }
  py::gil_scoped_release nogil;
  if (fmt == "tle")
    s.fleet = orbit::parse_tle_text(text, source, ro, &s.report);
  else if (fmt == "omm")
    s.fleet = orbit::parse_omm_json(text, source, ro, &s.report);
  else
    throw InputError("", 0, "format", "'" + format + "' is not one of auto, tle, omm");
  return s;
}

orbit::Constellation walker(const std::string& name, const std::vector<py::dict>& shells, const std::string& epoch) {
  std::vector<orbit::ShellSpec> specs;
  for (std::size_t i = 0; i < shells.size(); ++i) {
    const py::dict& d = shells[i];
    orbit::ShellSpec s;
    const std::string where = "shells[" + std::to_string(i) + "]";
    for (auto item : d) {
      const std::string key = py::str(item.first);
      const py::handle v = item.second;
      try {
        if (key == "name") s.name = v.cast<std::string>();
        else if (key == "altitude_km") s.altitude = units::km(v.cast<double>());
        else if (key == "inclination_deg") s.inclination = units::deg(v.cast<double>());
        else if (key == "planes") s.planes = v.cast<int>();
        else if (key == "sats_per_plane") s.sats_per_plane = v.cast<int>();
        else if (key == "phasing") s.phasing = v.cast<int>();
        else if (key == "pattern") s.pattern = orbit::walker_pattern_from_string(v.cast<std::string>());
        else if (key == "raan_offset_deg") s.raan_offset = units::deg(v.cast<double>());
        else if (key == "eccentricity") s.eccentricity = v.cast<double>();
        else if (key == "source") s.source = v.cast<std::string>();
        else throw InputError("", 0, where + "." + key, "unknown key (name, altitude_km, inclination_deg, planes, "
                                                          "sats_per_plane, phasing, pattern, raan_offset_deg, eccentricity, source)");
      } catch (const py::cast_error&) {
        throw InputError("", 0, where + "." + key, "wrong type");
      } catch (const InputError& e) {
        if (!e.field().empty() && e.field() != "pattern") throw;
        throw InputError("", 0, where + "." + key, e.detail());
      }
    }
    if (s.name.empty()) s.name = "shell" + std::to_string(i);
    try {
      s.validate();
    } catch (const RangeError& e) {
      throw InputError("", 0, where, e.what());
    }
    specs.push_back(std::move(s));
  }
  if (specs.empty()) throw InputError("", 0, "shells", "at least one shell is required");
  std::optional<core::Epoch> ep;
  if (!epoch.empty()) {
    try {
      ep = core::Epoch::parse_iso8601(epoch);
    } catch (const InputError& e) {
      throw InputError("", 0, "epoch", e.detail());
    }
  }
  return orbit::Constellation(name, std::move(specs), ep);
}

// The ephemeris buffers: (satellites, times, 3) C-contiguous, owned by the returned arrays. Allocated
// without initialisation (every element is written once).
struct EphemerisBuffers {
  std::unique_ptr<double[]> pos, vel;
  std::unique_ptr<std::uint8_t[]> status;
  std::size_t cells = 0;  // satellites x times
};

py::tuple propagate(const py::object& source, const std::string& start_text, double step, long long steps,
                    const std::string& frame, const std::string& propagator, bool velocities, int threads,
                    const py::object& reuse) {
  if (!(step > 0.0) || !std::isfinite(step)) throw InputError("", 0, "step_s", "must be > 0 seconds");
  if (steps < 1) throw InputError("", 0, "steps", "must be >= 1");
  if (frame != "teme" && frame != "ecef" && frame != "geodetic")
    throw InputError("", 0, "frame", "'" + frame + "' is not one of teme, ecef, geodetic");
  core::Epoch start;
  try {
    start = core::Epoch::parse_iso8601(start_text);
  } catch (const InputError& e) {
    throw InputError("", 0, "start", e.detail());
  }
  orbit::EphemerisOptions opt;
  try {
    opt.propagator = orbit::propagator_from_string(propagator);
  } catch (const InputError& e) {
    throw InputError("", 0, "propagator", e.detail());
  }
  // As `satcap propagate`: velocities with the Cartesian frames (unless not wanted), none for geodetic.
  opt.frame = frame == "teme" ? orbit::Frame::Teme : orbit::Frame::Ecef;
  opt.velocities = frame != "geodetic" && velocities;
  const core::TimeGrid grid(start, step, steps);

  std::unique_ptr<orbit::BatchPropagator> bp;
  engine_seconds() = 0.0;
  double init_s = 0.0, stream_s = 0.0, scatter_s = 0.0;
  if (py::isinstance<ElementSets>(source)) {
    const auto& s = source.cast<const ElementSets&>();
    if (s.fleet.empty()) throw InputError(s.source, 0, "", "no satellites in the element sets");
    py::gil_scoped_release nogil;
    Stopwatch sw(init_s);
    bp = std::make_unique<orbit::BatchPropagator>(s.fleet, opt);
  } else if (py::isinstance<orbit::Constellation>(source)) {
    const auto& c = source.cast<const orbit::Constellation&>();
    if (!c.epoch()) opt.walker_epoch = start;
    py::gil_scoped_release nogil;
    Stopwatch sw(init_s);
    bp = std::make_unique<orbit::BatchPropagator>(c, opt);
  } else {
    throw py::type_error("source: expected satcap.ElementSets or satcap.Constellation");
  }

  const auto n = static_cast<std::size_t>(bp->satellite_count());
  const auto t = static_cast<std::size_t>(steps);
  // `reuse`: the buffers of an earlier result of the same size are overwritten (no allocation).
  std::shared_ptr<EphemerisBuffers> buf;
  if (!reuse.is_none()) buf = reuse.cast<std::shared_ptr<EphemerisBuffers>>();
  if (!buf || buf->cells != n * static_cast<std::size_t>(steps) || (opt.velocities && !buf->vel))
    buf = std::make_shared<EphemerisBuffers>();
  std::vector<std::string> times(t);
  std::int64_t errors[7] = {0, 0, 0, 0, 0, 0, 0};
  const bool geo = frame == "geodetic";
  {
    ThreadLimit limit(threads);
    py::gil_scoped_release nogil;
    if (buf->cells == 0) {
      buf->cells = n * t;
      buf->pos = std::make_unique_for_overwrite<double[]>(n * t * 3);
      if (opt.velocities) buf->vel = std::make_unique_for_overwrite<double[]>(n * t * 3);
      buf->status = std::make_unique_for_overwrite<std::uint8_t[]>(n * t);
    }
    std::int64_t step_index = 0;
    // Each streamed block of steps is scattered into the (satellites, times, 3) layout satellite by
    // satellite (contiguous writes, one sequential read stream per step), in parallel over satellites.
    std::vector<Eigen::ArrayXd> lat, lon, h;
    // Blocks of about 2 MB of positions, so the scatter reads the block from cache (the results do not
    // depend on the block size: see ephemeris.hpp).
    const std::int64_t block_steps =
        std::clamp<std::int64_t>(static_cast<std::int64_t>((2u << 20) / (24 * std::max<std::size_t>(n, 1))), 1, 64);
    std::optional<Stopwatch> stream(std::in_place, stream_s);
    bp->for_each_block(grid, [&](const orbit::Ephemeris& block) {
      Stopwatch scatter(scatter_s);
      for (int c = 0; c < 7; ++c) errors[c] += block.summary().errors[c];
      const std::int64_t first = step_index, count = block.step_count();
      for (std::int64_t k = 0; k < count; ++k) times[static_cast<std::size_t>(first + k)] = block.time(k).to_iso8601(3);
      if (geo) {
        lat.resize(static_cast<std::size_t>(count));
        lon.resize(lat.size());
        h.resize(lat.size());
        tbb::parallel_for(std::int64_t{0}, count, [&](std::int64_t k) {
          const auto kz = static_cast<std::size_t>(k);
          core::geodetic_from_ecef(block.positions(k), lat[kz], lon[kz], h[kz]);
        });
      }
      // Raw per-step pointers, so the inner loop is a plain strided copy.
      std::vector<const double*> pk(static_cast<std::size_t>(count)), vk(pk.size());
      std::vector<const std::uint8_t*> sk(pk.size());
      for (std::int64_t k = 0; k < count; ++k) {
        const auto kz = static_cast<std::size_t>(k);
        pk[kz] = block.positions(k).data();
        vk[kz] = opt.velocities ? block.velocities(k).data() : nullptr;
        sk[kz] = block.status(k).data();
      }
      double* const pos = buf->pos.get();
      double* const vel = buf->vel.get();
      std::uint8_t* const status = buf->status.get();
      tbb::parallel_for(tbb::blocked_range<std::size_t>(0, n, 256), [&](const tbb::blocked_range<std::size_t>& br) {
        for (std::size_t i = br.begin(); i != br.end(); ++i) {
          const std::size_t cell0 = i * t + static_cast<std::size_t>(first);
          for (std::size_t k = 0; k < pk.size(); ++k) status[cell0 + k] = sk[k][i];
          double* out = pos + cell0 * 3;
          if (geo) {
            const auto ie = static_cast<Eigen::Index>(i);
            for (std::size_t k = 0; k < pk.size(); ++k, out += 3) {
              // The same expressions as the CLI's CSV columns lat_deg, lon_deg, alt_km.
              const double* p = pk[k] + 3 * i;
              const bool ok = std::isfinite(p[0]) && std::isfinite(p[1]) && std::isfinite(p[2]);
              out[0] = ok ? lat[k][ie] * 180.0 / std::numbers::pi : NAN;
              out[1] = ok ? lon[k][ie] * 180.0 / std::numbers::pi : NAN;
              out[2] = ok ? h[k][ie] / 1000.0 : NAN;
            }
          } else {
            for (std::size_t k = 0; k < pk.size(); ++k, out += 3) {
              const double* p = pk[k] + 3 * i;
              out[0] = p[0] / 1000.0;
              out[1] = p[1] / 1000.0;
              out[2] = p[2] / 1000.0;
            }
            if (vel) {
              double* v = vel + cell0 * 3;
              for (std::size_t k = 0; k < pk.size(); ++k, v += 3) {
                const double* q = vk[k] + 3 * i;
                v[0] = q[0] / 1000.0;
                v[1] = q[1] / 1000.0;
                v[2] = q[2] / 1000.0;
              }
            }
          }
        }
      });
      step_index += count;
    }, block_steps);
    stream.reset();
    engine_seconds() = init_s + stream_s - scatter_s;
  }
  const auto N = static_cast<py::ssize_t>(n), T = static_cast<py::ssize_t>(t);
  py::array pos = owned_view<double>(buf, buf->pos.get(), {N, T, 3}, {T * 3, 3, 1});
  py::object vel = !opt.velocities ? py::object(py::none()) : py::object(owned_view<double>(buf, buf->vel.get(), {N, T, 3}, {T * 3, 3, 1}));
  py::array status = owned_view<std::uint8_t>(buf, buf->status.get(), {N, T}, {T, 1});
  py::list names, ids;
  for (const auto& s : bp->satellites()) {
    names.append(s.name);
    ids.append(s.norad_id);
  }
  py::list errs;
  for (int c = 0; c < 7; ++c) errs.append(errors[c]);
  return py::make_tuple(pos, vel, status, times, names, ids, errs, py::cast(buf));
}

}  // namespace

void init_orbit(py::module_& m) {
  py::class_<ElementSets>(m, "ElementSets", "Element sets (TLE / OMM) read by satcap.read_elements / parse_elements.")
      .def("__len__", [](const ElementSets& s) { return s.fleet.size(); })
      .def_property_readonly("names", [](const ElementSets& s) {
        std::vector<std::string> v;
        for (const auto& e : s.fleet) v.push_back(e.name);
        return v;
      }, "Object names, in file order.")
      .def_property_readonly("norad_ids", [](const ElementSets& s) {
        std::vector<int> v;
        for (const auto& e : s.fleet) v.push_back(e.norad_id);
        return from_vector(std::move(v), {static_cast<py::ssize_t>(s.fleet.size())});
      }, "NORAD catalogue numbers (int32 array).")
      .def_property_readonly("epochs", [](const ElementSets& s) {
        std::vector<std::string> v;
        for (const auto& e : s.fleet) v.push_back(e.epoch.to_iso8601(6));
        return v;
      }, "Element-set epochs, ISO 8601 UTC.")
      .def_property_readonly("source", [](const ElementSets& s) { return s.source; })
      .def_property_readonly("skipped", [](const ElementSets& s) { return s.report.skipped_reasons; },
                             "Why each skipped record was skipped (skip_bad_records=True).")
      .def("__repr__", [](const ElementSets& s) {
        return "<satcap.ElementSets " + std::to_string(s.fleet.size()) + " from '" + s.source + "'>";
      });
  py::class_<orbit::Constellation>(m, "Constellation", "A Walker constellation (satcap.load_constellation / satcap.walker).")
      .def("__len__", &orbit::Constellation::size)
      .def_property_readonly("name", &orbit::Constellation::name)
      .def_property_readonly("names", [](const orbit::Constellation& c) {
        std::vector<std::string> v;
        for (const auto& s : c.satellites()) v.push_back(s.name);
        return v;
      })
      .def_property_readonly("shells", [](const orbit::Constellation& c) {
        py::list out;
        for (const auto& s : c.shells()) {
          py::dict d;
          d["name"] = s.name;
          d["altitude_km"] = units::to_km(s.altitude);
          d["inclination_deg"] = units::to_deg(s.inclination);
          d["planes"] = s.planes;
          d["sats_per_plane"] = s.sats_per_plane;
          d["phasing"] = s.phasing;
          d["pattern"] = std::string(orbit::to_string(s.pattern));
          d["source"] = s.source;
          out.append(d);
        }
        return out;
      })
      .def_property_readonly("epoch", [](const orbit::Constellation& c) -> py::object {
        if (!c.epoch()) return py::none();
        return py::str(c.epoch()->to_iso8601(3));
      })
      .def("__repr__", [](const orbit::Constellation& c) {
        return "<satcap.Constellation '" + c.name() + "' " + std::to_string(c.size()) + " satellites>";
      });
  m.def("_read_elements", &read_elements);
  m.def("_parse_elements", &parse_elements);
  m.def("_load_constellation", [](const std::string& path) {
    py::gil_scoped_release nogil;
    return orbit::Constellation::load_toml(path);
  });
  m.def("_walker", &walker);
  py::class_<EphemerisBuffers, std::shared_ptr<EphemerisBuffers>>(m, "_EphemerisBuffers");
  m.def("_propagate", &propagate);
}

}  // namespace satcap::python
