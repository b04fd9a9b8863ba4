#pragma once
// Helpers for the study-layer tests: a small study schema read through the generic reader (the shape
// of a real study: named tables, arrays of tables, files, ranges), used by the error-path tests.
#include <satcap/study/document.hpp>
#include <satcap/study/sweep.hpp>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace satcap::study::testing {

inline std::filesystem::path write(const std::filesystem::path& p, const std::string& text) {
  std::filesystem::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << text;
  return p;
}

/// What the toy schema reads (values are only used to check the getters).
struct ToyStudy {
  std::string name;
  int steps = 0;
  double step_s = 0;
  std::string mode;
  struct Constellation {
    std::string name;
    std::filesystem::path dataset;
    std::int64_t beams = 0;
    double eirp_dbw_mhz = 0;
    double bandwidth_mhz = 0;
    std::vector<double> min_elevation_deg;
  };
  std::vector<Constellation> constellations;
  std::vector<std::string> regions;
  double availability_pct = 0;
  bool feeder_limits = false;
};

/// Reads the toy schema; throws at the first problem, or records all in `report` when given.
inline ToyStudy read_toy(const std::shared_ptr<const StudyDocument>& doc, ValidationReport* report = nullptr) {
  TomlReader reader(doc, report);
  Section root = reader.root();
  root.accept_subtree("sweep");  // expand_cases checks it
  ToyStudy s;
  Section study = root.table("study");
  study.declare({"name"}, {"description"});
  s.name = study.string("name");
  Section time = root.table("time");
  s.steps = static_cast<int>(time.integer_in("steps", 1, 100000));
  s.step_s = time.number_above("step_s", 0.0, 86400.0, "s");
  s.mode = time.choice_or("mode", {"sgp4", "j2"}, "sgp4");
  for (auto& [name, c] : root.table("constellations").children()) {
    ToyStudy::Constellation k;
    k.name = name;
    k.dataset = c.file("dataset");
    k.beams = c.integer_in_or("beams", 1, 1024, 16);
    k.eirp_dbw_mhz = c.number_in("eirp_density_dbw_mhz", -80.0, 0.0, "dBW/MHz");
    k.bandwidth_mhz = c.number_above_or("bandwidth_mhz", 0.0, 5000.0, "MHz", 250.0);
    k.min_elevation_deg = c.numbers_in("min_elevation_deg", 0.0, 90.0, "deg");
    s.constellations.push_back(k);
  }
  Section ground = root.table("ground");
  s.regions = ground.strings_or("regions", {"world"});
  s.availability_pct = ground.number_in_or("availability_pct", 50.0, 99.999, "%", 99.5);
  s.feeder_limits = ground.boolean_or("feeder_limits", true);
  for (const Section& g : ground.tables("gateways")) {
    g.declare({"name", "lat_deg", "lon_deg"});
    g.number_in("lat_deg", -90.0, 90.0, "deg");
    g.number_in("lon_deg", -180.0, 180.0, "deg");
    g.string("name");
  }
  reader.check_unknown_keys();
  return s;
}

/// A valid toy study (datasets relative to the study directory).
inline std::string toy_text() {
  return R"([study]
name = "toy"

[time]
steps = 10
step_s = 60.0

[constellations.alpha]
dataset = "alpha.csv"
beams = 16
eirp_density_dbw_mhz = -40.0
min_elevation_deg = [25.0, 40.0]

[constellations.beta]
dataset = "beta.csv"
eirp_density_dbw_mhz = -38
min_elevation_deg = [25]

[ground]
regions = ["europe", "asia"]
availability_pct = 99.5

[[ground.gateways]]
name = "gw1"
lat_deg = 55.0
lon_deg = 37.0
)";
}

/// Writes `text` as DIR/study.toml with the datasets next to it; returns the study path.
inline std::filesystem::path write_toy(const std::filesystem::path& dir, const std::string& text) {
  write(dir / "alpha.csv", "id\n1\n");
  write(dir / "beta.csv", "id\n2\n");
  return write(dir / "study.toml", text);
}

}  // namespace satcap::study::testing
