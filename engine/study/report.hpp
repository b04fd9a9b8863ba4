#pragma once
// The HTML report of a capacity study and its figures (docs/report.md): maps of per-cell results on
// the Equal Earth projection and charts, written as SVG by the engine; no scripts, no external files.
// The report is built from the text of the study's output files only, so that `satcap report OUTDIR`
// regenerates exactly what the study run wrote.
#include <satcap/study/table.hpp>

#include <nlohmann/json.hpp>

#include <array>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace satcap::capacity {
struct Scenario;
struct CapacityResult;
}  // namespace satcap::capacity
namespace satcap::ground {
class CellGrid;
class CountryAtlas;
}  // namespace satcap::ground

namespace satcap::study {

/// The per-cell part of a run's result (key "map"): the cells with busy-hour demand (id, demand,
/// time-mean delivered and offered Gbit/s, usable satellites, coverage) and, from `licensed` (the
/// licensed view, demand only where the system may land; null: licensed everywhere), the delivered
/// Gbit/s of the licensed view.
nlohmann::json report_map_json(const capacity::Scenario& scenario, const capacity::CapacityResult& result,
                               const capacity::CapacityResult* licensed);

/// cells.csv from the runs' results; grids[i] is the cell grid of results[i].
Table report_cells_table(const std::vector<nlohmann::json>& results, const std::vector<std::shared_ptr<const ground::CellGrid>>& grids);

/// The study output files the report reads, in the order they are checked.
const std::vector<std::string>& report_input_names();

/// report.html and figures/<name>.svg (name -> text) from the text of the output files (name ->
/// text, every report_input_names() entry). Throws InputError naming file, line and field for a
/// malformed input. `atlas` (may be null: no borders) gives the country borders.
struct ReportBuild {
  std::map<std::string, std::string> files;
};
ReportBuild build_report(const std::map<std::string, std::string>& inputs, const ground::CountryAtlas* atlas);

/// The Equal Earth projection (Šavrič, Patterson & Jenny 2019, eq. 1-2) of a point on the unit
/// sphere: {x, y}, x in [-2.7066, 2.7066], y in [-1.3174, 1.3174]. Equal-area.
std::array<double, 2> equal_earth(double lon_deg, double lat_deg);

/// Escapes text for HTML.
std::string html_escape(const std::string& text);

}  // namespace satcap::study
