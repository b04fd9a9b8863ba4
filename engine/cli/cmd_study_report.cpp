// `satcap report OUTDIR [--dcw DIR]`: regenerates report.html and figures/ from a finished study's outputs.
#include <satcap/study/report.hpp>

#include <cstdio>
#include <memory>

#include "command.hpp"

namespace satcap::cli {
namespace {

struct ReportArgs {
  std::string dir;
  std::string dcw = "/usr/share/gmt-dcw";
  bool quiet = false;
};

Registrar reg("report", [](CLI::App& app) {
  auto args = std::make_shared<ReportArgs>();
  auto* sub = app.add_subcommand("report", "Regenerate report.html and figures/ from a finished study's outputs (docs/report.md)");
  sub->add_option("outdir", args->dir, "Output directory of `satcap study run`")->required();
  sub->add_option("--dcw", args->dcw, "Directory of the DCW country polygons (dcw-gmt.nc) for the map borders");
  sub->add_flag("--quiet", args->quiet, "Print nothing on success");
  sub->callback([args] {
    const auto names = study::regenerate_report(args->dir, args->dcw);
    if (!args->quiet) std::printf("report: wrote %zu files in %s (report.html, figures/)\n", names.size(), args->dir.c_str());
  });
});

}  // namespace
}  // namespace satcap::cli
