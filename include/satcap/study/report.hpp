#pragma once
/// @file report.hpp
/// The report of a finished capacity study (docs/report.md): report.html (maps and charts as inline
/// SVG, self-contained) and standalone SVG figures under figures/, built from the study's output files
/// (summary.json, regions.csv, timeseries.csv, satellites.csv, latency.csv, cells.csv, gateways.csv).
/// A study run writes them; `satcap report OUTDIR` regenerates them, byte for byte the same.
#include <satcap/export.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace satcap::study {

/// Reads the study outputs in `out_dir`, renders report.html and figures/*.svg and commits them
/// atomically (study OutputDirectory). Country borders come from the DCW files in `dcw_dir` (empty: no
/// borders).
/// Throws InputError naming the file, line and field of a missing or malformed output (nothing is
/// written then). Returns the names written, relative to `out_dir`.
SATCAP_EXPORT std::vector<std::string> regenerate_report(const std::filesystem::path& out_dir,
                                                         const std::filesystem::path& dcw_dir = "/usr/share/gmt-dcw");

}  // namespace satcap::study
