#pragma once
// Spectrum analyses of a capacity study (the optional [spectrum] section, docs/studies.md and
// docs/models/epfd.md): EPFD(down) of constellations against RR Article 22 at GSO earth stations, and
// interference between pairs of constellations that share the band. Run after the capacity runs, on
// the process that writes the outputs; outputs epfd.csv, epfd_cdf.csv, sharing.csv and a report section.
#include <satcap/capacity/model.hpp>
#include <satcap/network/ground_stations.hpp>
#include <satcap/study/document.hpp>
#include <satcap/study/table.hpp>

#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace satcap::study {

struct SpectrumTestPoint {
  std::string name;
  double lat_deg = 0, lon_deg = 0;
  std::vector<double> gso_lon_deg;
};

struct SpectrumSpec {
  bool enabled = false;
  std::vector<std::string> epfd_systems;       // constellation keys
  double epfd_frequency_ghz = 11.45;
  std::vector<double> epfd_antennas_m{0.6, 1.2, 3.0, 10.0};
  double epfd_duration_s = 600;
  int epfd_n_hits = 5;
  int epfd_nco = 1;
  std::vector<SpectrumTestPoint> test_points;
  std::vector<std::pair<std::string, std::string>> sharing;  // (system A, system B)
  double in_threshold_db = -12.2;
};

/// Reads [spectrum]; problems (file, line, key) go to the section's report. `keys`: the study's
/// constellation keys (every system named must be one of them).
SpectrumSpec parse_spectrum(const Section& s, const std::vector<std::string>& keys);

struct SpectrumSystem {
  std::string label;
  capacity::Scenario scenario;
};

struct SpectrumOutputs {
  Table epfd, epfd_cdf, sharing;
  std::string html;  // the report section
};

/// Runs every analysis of the spec; `system_of(key)` builds a constellation's scenario (study grid).
SpectrumOutputs run_spectrum(const SpectrumSpec& spec, const std::function<SpectrumSystem(const std::string&)>& system_of);

/// The report with the spectrum section inserted before </body>.
std::string with_spectrum_section(std::string report_html, const std::string& section);

}  // namespace satcap::study
