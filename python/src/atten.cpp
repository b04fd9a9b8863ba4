// ITU-R job: the P.618-14 §2.5 slant-path chain (gas, cloud, rain, scintillation, total) over arrays of
// points, through radio::Atmosphere::slant_path exactly as `satcap atten --in` evaluates each row.
// Climate maps are loaded once per directory and shared (ClimateMaps is immutable and thread-safe).
#include <satcap/core/error.hpp>
#include <satcap/radio/atmosphere.hpp>
#include <satcap/radio/climate_maps.hpp>

#include <oneapi/tbb/parallel_for.h>

#include <cmath>
#include <exception>
#include <map>
#include <mutex>
#include <optional>

#include "common.hpp"

namespace satcap::python {

std::shared_ptr<const radio::ClimateMaps> maps_for(const std::string& dir) {
  static std::mutex mutex;
  static std::map<std::string, std::shared_ptr<const radio::ClimateMaps>> cache;
  std::optional<std::filesystem::path> explicit_dir;
  if (!dir.empty()) explicit_dir = dir;
  const std::string key = radio::resolve_maps_dir(explicit_dir).string();
  std::lock_guard<std::mutex> lock(mutex);
  auto it = cache.find(key);
  if (it == cache.end()) it = cache.emplace(key, radio::ClimateMaps::load(key)).first;
  return it->second;
}

namespace {

// Columns of the batch, in the order of the Python signature.
constexpr const char* kNames[] = {"lat_deg", "lon_deg", "el_deg", "f_ghz", "p_pct", "d_m", "eta", "tau_deg", "hs_km", "r001_mm_h"};

py::array atten(const std::vector<py::object>& columns, const std::string& maps_dir, int threads) {
  if (columns.size() != 10) throw py::value_error("_atten: expected 10 columns");
  std::vector<py::array_t<double, py::array::c_style | py::array::forcecast>> a;
  for (std::size_t j = 0; j < columns.size(); ++j)
    a.push_back(as_f64_1d(columns[j], kNames[j], j == 0 ? -1 : (a.empty() ? -1 : a[0].shape(0))));
  const auto n = static_cast<std::size_t>(a[0].shape(0));
  std::vector<const double*> col;
  for (const auto& x : a) col.push_back(x.data());
  auto out = std::make_shared<std::vector<radio::AttenuationComponents>>(n);
  std::size_t bad = n;
  {
    ThreadLimit limit(threads);
    py::gil_scoped_release nogil;
    const radio::Atmosphere atm(maps_for(maps_dir));
    std::vector<radio::SlantPathInput> inputs(n);
    for (std::size_t i = 0; i < n; ++i) {
      auto& in = inputs[i];
      in.lat_deg = col[0][i];
      in.lon_deg = col[1][i];
      in.elevation_deg = col[2][i];
      in.frequency_ghz = col[3][i];
      in.p_percent = col[4][i];
      in.antenna_diameter_m = col[5][i];
      in.antenna_efficiency = col[6][i];
      in.polarisation_tilt_deg = col[7][i];
      if (!std::isnan(col[8][i])) in.station_height_km = col[8][i];  // NaN: P.1511 topography
      if (!std::isnan(col[9][i])) in.r001_mm_h = col[9][i];          // NaN: P.837 Annex 1
    }
    std::vector<std::exception_ptr> errors(n);
    engine_seconds() = 0.0;
    std::optional<Stopwatch> sw(std::in_place, engine_seconds());
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, n, 8), [&](const tbb::blocked_range<std::size_t>& br) {
      for (std::size_t i = br.begin(); i != br.end(); ++i) {
        try {
          (*out)[i] = atm.slant_path(inputs[i]);
        } catch (...) {
          errors[i] = std::current_exception();
        }
      }
    });
    sw.reset();
    for (std::size_t i = 0; i < n; ++i)
      if (errors[i]) {
        bad = i;
        break;
      }
    if (bad < n) {
      try {
        std::rethrow_exception(errors[bad]);
      } catch (const RangeError& e) {
        throw IndexedRangeError(e, bad);  // raised as satcap.RangeError with .index
      }
    }
  }
  static_assert(sizeof(radio::AttenuationComponents) == 5 * sizeof(double));
  const auto N = static_cast<py::ssize_t>(n);
  const double* base = n ? &(*out)[0].gas_db : nullptr;
  py::array table = owned_view<double>(out, base, {N, 5}, {5, 1});
  return table;
}

}  // namespace

void init_atten(py::module_& m) {
  m.def("_atten", &atten);
  m.def("_maps_dir", [](const std::string& dir) {
    std::optional<std::filesystem::path> explicit_dir;
    if (!dir.empty()) explicit_dir = dir;
    return radio::resolve_maps_dir(explicit_dir).string();
  });
  m.def("_combine_total_attenuation", &radio::combine_total_attenuation);
}

}  // namespace satcap::python
