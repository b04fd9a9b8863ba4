// `satcap atten`: Earth-space slant-path attenuation (ITU-R P.618-14 §2.5 chain: gas, cloud, rain,
// scintillation, total) for one point or for every row of a CSV file.
#include <satcap/core/error.hpp>
#include <satcap/core/files.hpp>
#include <satcap/radio/atmosphere.hpp>

#include <oneapi/tbb/parallel_for.h>

#include <cstdio>
#include <exception>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "command.hpp"

namespace satcap::cli {
namespace {

struct Options {
  std::string in, out, maps;
  double lat = NAN, lon = NAN, el = NAN, f = NAN, p = NAN, d = NAN, eta = 0.5, tau = 45.0;
  std::optional<double> hs, r001;
  int threads = 0;
};

std::string fmt(double v) {
  char b[40];
  std::snprintf(b, sizeof b, "%.10g", v);
  return b;
}

// Maps a model's RangeError quantity to the CSV column that carries it.
std::string column_of(const std::string& quantity) {
  if (quantity == "latitude") return "lat_deg";
  if (quantity == "longitude") return "lon_deg";
  if (quantity == "elevation") return "el_deg";
  if (quantity == "frequency") return "f_ghz";
  if (quantity == "p") return "p_pct";
  if (quantity == "antenna diameter") return "d_m";
  if (quantity == "antenna efficiency") return "eta";
  if (quantity == "station height") return "hs_km";
  if (quantity == "R0.01") return "r001_mm_h";
  if (quantity == "polarisation tilt") return "tau_deg";
  return quantity;
}

std::shared_ptr<const radio::ClimateMaps> open_maps(const std::string& dir) {
  std::optional<std::filesystem::path> explicit_dir;
  if (!dir.empty()) explicit_dir = dir;
  return radio::ClimateMaps::load(radio::resolve_maps_dir(explicit_dir));
}

void run_point(const Options& o) {
  for (auto [name, v] : {std::pair{"--lat", o.lat}, {"--lon", o.lon}, {"--el", o.el}, {"--f-ghz", o.f}, {"--p-pct", o.p}, {"--d-m", o.d}})
    if (std::isnan(v)) throw InputError("", 0, name, "required (or use --in FILE --out FILE)");
  radio::Atmosphere atm(open_maps(o.maps));
  radio::SlantPathInput in;
  in.lat_deg = o.lat;
  in.lon_deg = o.lon;
  in.elevation_deg = o.el;
  in.frequency_ghz = o.f;
  in.p_percent = o.p;
  in.antenna_diameter_m = o.d;
  in.antenna_efficiency = o.eta;
  in.polarisation_tilt_deg = o.tau;
  in.station_height_km = o.hs;
  in.r001_mm_h = o.r001;
  const auto c = atm.slant_path(in);
  std::cout << "ag_db,ac_db,ar_db,as_db,at_db\n"
            << fmt(c.gas_db) << ',' << fmt(c.cloud_db) << ',' << fmt(c.rain_db) << ',' << fmt(c.scintillation_db) << ','
            << fmt(c.total_db) << '\n';
}

void run_file(const Options& o) {
  if (o.out.empty()) throw InputError("", 0, "--out", "required with --in");
  const auto table = core::CsvTable::read(o.in, {"lat_deg", "lon_deg", "el_deg", "f_ghz", "p_pct", "d_m"});
  const auto& rows = table.rows();
  // Parse every row first (CsvTable reports file, line and column for non-numeric cells).
  std::vector<radio::SlantPathInput> inputs(rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& r = rows[i];
    auto& in = inputs[i];
    in.lat_deg = table.number(r, "lat_deg");
    in.lon_deg = table.number(r, "lon_deg");
    in.elevation_deg = table.number(r, "el_deg");
    in.frequency_ghz = table.number(r, "f_ghz");
    in.p_percent = table.number(r, "p_pct");
    in.antenna_diameter_m = table.number(r, "d_m");
    in.antenna_efficiency = table.number_or(r, "eta", 0.5);
    in.polarisation_tilt_deg = table.number_or(r, "tau_deg", 45.0);
    if (table.has_column("hs_km") && !table.text(r, "hs_km").empty()) in.station_height_km = table.number(r, "hs_km");
    if (table.has_column("r001_mm_h") && !table.text(r, "r001_mm_h").empty()) in.r001_mm_h = table.number(r, "r001_mm_h");
  }
  radio::Atmosphere atm(open_maps(o.maps));
  std::vector<radio::AttenuationComponents> out(rows.size());
  std::vector<std::exception_ptr> errors(rows.size());
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, rows.size(), 8), [&](const tbb::blocked_range<std::size_t>& br) {
    for (std::size_t i = br.begin(); i != br.end(); ++i) {
      try {
        out[i] = atm.slant_path(inputs[i]);
      } catch (...) {
        errors[i] = std::current_exception();
      }
    }
  });
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (!errors[i]) continue;
    try {
      std::rethrow_exception(errors[i]);
    } catch (const RangeError& e) {
      throw InputError(o.in, rows[i].line, column_of(e.quantity()), e.what());
    } catch (const InputError&) {
      throw;  // e.g. a missing map: names its own file
    } catch (const Error& e) {
      throw InputError(o.in, rows[i].line, "", e.what());
    }
  }
  core::AtomicFile file(o.out);
  auto& s = file.stream();
  const auto& header = table.header();
  for (std::size_t j = 0; j < header.size(); ++j) s << (j ? "," : "") << core::csv_escape(header[j]);
  s << (header.empty() ? "" : ",") << "ag_db,ac_db,ar_db,as_db,at_db\n";
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& cells = rows[i].cells;
    for (std::size_t j = 0; j < header.size(); ++j) s << (j ? "," : "") << core::csv_escape(j < cells.size() ? cells[j] : "");
    const auto& c = out[i];
    s << ',' << fmt(c.gas_db) << ',' << fmt(c.cloud_db) << ',' << fmt(c.rain_db) << ',' << fmt(c.scintillation_db) << ','
      << fmt(c.total_db) << '\n';
  }
  file.commit();
  std::cerr << "satcap atten: " << rows.size() << " points -> " << o.out << '\n';
}

Registrar reg("atten", [](CLI::App& app) {
  auto o = std::make_shared<Options>();
  auto* sub = app.add_subcommand("atten", "Earth-space slant-path attenuation (ITU-R P.618-14: gas, cloud, rain, scintillation, total)");
  sub->add_option("--in", o->in, "Input CSV: lat_deg,lon_deg,el_deg,f_ghz,p_pct,d_m[,eta,hs_km,r001_mm_h,tau_deg] (others carried through)");
  sub->add_option("--out", o->out, "Output CSV: the input columns followed by ag_db,ac_db,ar_db,as_db,at_db");
  sub->add_option("--maps", o->maps, "ITU-R maps directory (default: $SATCAP_ITU_MAPS_DIR, then the built-in path)");
  sub->add_option("--lat", o->lat, "Station latitude (deg)");
  sub->add_option("--lon", o->lon, "Station longitude (deg)");
  sub->add_option("--el", o->el, "Elevation angle (deg, 5-90)");
  sub->add_option("--f-ghz", o->f, "Frequency (GHz, 4-55)");
  sub->add_option("--p-pct", o->p, "Time percentage exceeded (%, 0.001-50)");
  sub->add_option("--d-m", o->d, "Antenna diameter (m)");
  sub->add_option("--eta", o->eta, "Antenna efficiency (0-1, default 0.5)");
  sub->add_option("--hs-km", o->hs, "Station height above mean sea level (km; default P.1511-1 topography)");
  sub->add_option("--r001-mm-h", o->r001, "R0.01 (mm/h; default P.837-7 Annex 1)");
  sub->add_option("--tau-deg", o->tau, "Polarisation tilt (deg; 45 = circular)");
  sub->add_option("--threads", o->threads, "Threads (0 = all cores)");
  sub->callback([o] {
    apply_thread_limit(o->threads);
    if (!o->in.empty()) {
      run_file(*o);
    } else {
      if (!o->out.empty()) throw InputError("", 0, "--in", "required with --out");
      run_point(*o);
    }
  });
});

}  // namespace
}  // namespace satcap::cli
