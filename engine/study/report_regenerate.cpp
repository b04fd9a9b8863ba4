// `satcap report OUTDIR`: the report of a finished study from its output files.
#include <satcap/core/error.hpp>
#include <satcap/core/files.hpp>
#include <satcap/ground/regions.hpp>
#include <satcap/study/output.hpp>
#include <satcap/study/report.hpp>

#include <algorithm>
#include <map>

#include "report.hpp"

namespace satcap::study {

std::vector<std::string> regenerate_report(const std::filesystem::path& out_dir, const std::filesystem::path& dcw_dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(out_dir, ec)) throw InputError(out_dir.string(), 0, "OUTDIR", "not a directory");
  std::map<std::string, std::string> inputs;
  for (const auto& name : report_input_names()) {
    const fs::path f = out_dir / name;
    if (!fs::is_regular_file(f, ec)) throw InputError(f.string(), 0, "file", "missing study output (run `satcap study run` first)");
    inputs[name] = core::read_file(f);
  }
  ReportBuild report;
  try {
    if (dcw_dir.empty()) {
      report = build_report(inputs, nullptr);
    } else {
      const ground::CountryAtlas atlas = ground::CountryAtlas::load_dcw(dcw_dir);
      report = build_report(inputs, &atlas);
    }
  } catch (const InputError& e) {
    // Name the file with its directory.
    const auto& n = report_input_names();
    if (std::find(n.begin(), n.end(), e.file()) != n.end()) throw InputError((out_dir / e.file()).string(), e.line(), e.field(), e.detail());
    throw;
  }
  OutputDirectory out(out_dir, "OUTDIR", /*clean_stale=*/false);
  std::vector<std::string> names;
  for (auto& [name, text] : report.files) {
    names.push_back(name);
    out.stage_text(name, std::move(text));
  }
  out.commit();
  return names;
}

}  // namespace satcap::study
