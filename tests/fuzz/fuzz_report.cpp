// libFuzzer harness: the study outputs read by `satcap report OUTDIR` (docs/report.md). The input is
// split at lines "@@@" into summary.json, regions.csv, timeseries.csv, satellites.csv, latency.csv,
// cells.csv and gateways.csv (in that order; missing parts are empty files); they are written to a
// temporary directory and study::regenerate_report runs on it without country borders (no DCW load).
#include <satcap/study/report.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "fuzz_common.hpp"

namespace {
const std::filesystem::path& temp_dir() {
  static const std::filesystem::path p = std::filesystem::temp_directory_path() / ("satcap-fuzz-report-" + std::to_string(::getpid()));
  std::filesystem::create_directories(p);
  return p;
}
const char* kNames[] = {"summary.json", "regions.csv", "timeseries.csv", "satellites.csv", "latency.csv", "cells.csv", "gateways.csv"};
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(satcap::fuzz::as_text(data, size));
  std::vector<std::string> parts(7);
  std::size_t part = 0, pos = 0;
  while (part < 7) {
    const std::size_t at = text.find("\n@@@\n", pos);
    parts[part++] = text.substr(pos, at == std::string::npos ? std::string::npos : at - pos);
    if (at == std::string::npos) break;
    pos = at + 5;
  }
  for (std::size_t i = 0; i < 7; ++i) std::ofstream(temp_dir() / kNames[i], std::ios::binary | std::ios::trunc) << parts[i];
  satcap::fuzz::guarded([&] { (void)satcap::study::regenerate_report(temp_dir(), std::filesystem::path()); });
  return 0;
}
