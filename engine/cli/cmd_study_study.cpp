// `satcap study check FILE` and `satcap study run FILE --out DIR [--threads N] [--resume] [--quiet]`.
#include <satcap/core/error.hpp>
#include <satcap/study/capacity_study.hpp>
#include <satcap/study/document.hpp>

#include <cstdio>
#include <iostream>
#include <memory>

#include "command.hpp"

namespace satcap::cli {
namespace {

struct StudyArgs {
  std::string file;
  std::string out;
  std::string maps;
  int threads = 0;
  bool resume = false;
  bool quiet = false;
  std::string progress = "auto";
};

std::optional<std::filesystem::path> maps_of(const StudyArgs& a) {
  if (a.maps.empty()) return std::nullopt;
  return std::filesystem::path(a.maps);
}

void check(const StudyArgs& a) {
  study::CapacityStudy s = study::CapacityStudy::load(a.file, maps_of(a));
  s.check_inputs();
  std::printf("%s: OK: study '%s', %zu run(s):", a.file.c_str(), s.name().c_str(), s.runs().size());
  for (const auto& r : s.runs()) std::printf(" %s", r.name.c_str());
  std::printf("\n");
}

void run(const StudyArgs& a) {
  apply_thread_limit(a.threads);
  study::StudyRunOptions o;
  o.out_dir = a.out;
  o.resume = a.resume;
  o.maps_dir = maps_of(a);
  using Mode = study::ProgressOptions::Mode;
  o.progress.mode = a.quiet ? Mode::quiet : a.progress == "bar" ? Mode::bar : a.progress == "lines" ? Mode::lines : Mode::automatic;
  std::string headline;
  const study::RunSummary summary = study::run_capacity_study(a.file, o, &headline);
  if (!a.quiet) {
    std::cout << headline;
    std::cout << "study: " << summary.brief() << "; outputs in " << std::filesystem::absolute(a.out).string()
              << " (summary.json, regions.csv, timeseries.csv, satellites.csv, latency.csv, report.html)\n";
  }
}

// A ValidationError lists every problem: print them one per line (the first one is the headline).
void guarded(const std::function<void()>& f) {
  try {
    f();
  } catch (const study::ValidationError& e) {
    for (std::size_t i = 1; i < e.issues().size(); ++i) std::cerr << "satcap: error: " << e.issues()[i].to_string() << '\n';
    throw InputError("", 0, "", e.issues().front().to_string() +
                                    (e.issues().size() > 1 ? " (and " + std::to_string(e.issues().size() - 1) + " more above)" : ""));
  }
}

Registrar reg("study", [](CLI::App& app) {
  auto* sub = app.add_subcommand("study", "Capacity studies: validate or run a study file (docs/studies.md)");
  sub->require_subcommand(1);
  auto args = std::make_shared<StudyArgs>();
  auto* chk = sub->add_subcommand("check", "Validate a study file and its inputs without computing");
  chk->add_option("file", args->file, "Study file (TOML)")->required();
  chk->add_option("--maps", args->maps, "ITU-R maps directory (overrides the study and SATCAP_ITU_MAPS_DIR)");
  chk->callback([args] { guarded([&] { check(*args); }); });
  auto* run_cmd = sub->add_subcommand("run", "Run a study file and write its outputs atomically");
  run_cmd->add_option("file", args->file, "Study file (TOML)")->required();
  run_cmd->add_option("--out", args->out, "Output directory (created if missing)")->required();
  run_cmd->add_option("--threads", args->threads, "Worker threads (0 = all cores)")->check(CLI::NonNegativeNumber);
  run_cmd->add_flag("--resume", args->resume, "Reuse the results of runs completed by an earlier, interrupted run");
  run_cmd->add_flag("--quiet", args->quiet, "No progress and no headline table");
  run_cmd->add_option("--progress", args->progress, "Progress display: auto, bar or lines")->check(CLI::IsMember({"auto", "bar", "lines"}));
  run_cmd->add_option("--maps", args->maps, "ITU-R maps directory (overrides the study and SATCAP_ITU_MAPS_DIR)");
  run_cmd->callback([args] { guarded([&] { run(*args); }); });
});

}  // namespace
}  // namespace satcap::cli
