#pragma once
/// @file capacity_study.hpp
/// Capacity studies: a TOML study file (docs/studies.md) names constellations with their radio and
/// feeder parameters, the ground segment, propagation settings, the time grid, latency city pairs and
/// sweeps. Every (sweep case x constellation) is one *run* of the capacity engine; runs are the unit of
/// the journal (--resume) and of the MPI split. Outputs (summary.json, regions.csv, timeseries.csv,
/// satellites.csv, latency.csv, report.html) are staged and committed atomically at the end.
///
/// Validation reads the whole file (and every sweep case) before any computation and reports every
/// problem with file, line and key: unknown keys, wrong types, out-of-range values, missing files.
/// Determinism: a run's result depends only on its inputs, never on the thread or process count.
/// Thread-safety: a CapacityStudy is immutable after load(); run() may be called concurrently for
/// different runs (shared ground data is built once under a lock).
#include <satcap/export.hpp>
#include <satcap/study/output.hpp>
#include <satcap/study/progress.hpp>
#include <satcap/study/runner.hpp>
#include <satcap/study/sweep.hpp>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace satcap::study {

/// Options of a study run that do not belong in the study file.
struct StudyRunOptions {
  std::filesystem::path out_dir;
  bool resume = false;
  std::optional<std::filesystem::path> maps_dir;  ///< overrides propagation.maps_dir
  ProgressOptions progress;
};

class SATCAP_EXPORT CapacityStudy {
 public:
  /// Reads and validates a study file and expands its runs. Throws ValidationError listing every
  /// problem, or InputError for an unreadable file.
  static CapacityStudy load(const std::filesystem::path& path,
                            const std::optional<std::filesystem::path>& maps_dir = std::nullopt);
  ~CapacityStudy();
  CapacityStudy(CapacityStudy&&) noexcept;
  CapacityStudy& operator=(CapacityStudy&&) noexcept;

  /// The runs (sweep case x constellation), in output order.
  const std::vector<CaseSpec>& runs() const;
  const std::string& name() const;
  /// Checks the inputs that need loading (maps directory and files, dataset contents) without
  /// computing: throws InputError naming the file on the first problem.
  void check_inputs() const;
  /// Computes one run (thread-compatible; deterministic): merge_blocks(run, {run_block(run, 0, steps(run))}).
  nlohmann::json run(const CaseSpec& run, ProgressSink& progress) const;
  /// Number of time steps of a run.
  std::int64_t steps(const CaseSpec& run) const;
  /// Computes the time steps [first, first + count) of a run: a partial result (JSON whose doubles
  /// round-trip exactly through serialize_result) for merge_blocks(). Throws InputError for a range
  /// outside the run's grid.
  nlohmann::json run_block(const CaseSpec& run, std::int64_t first, std::int64_t count, ProgressSink& progress) const;
  /// The run's result from the partials of consecutive blocks covering its whole grid, in order:
  /// identical, byte for byte, to run() whatever the split (docs/scaling.md).
  nlohmann::json merge_blocks(const CaseSpec& run, const std::vector<nlohmann::json>& partials) const;
  /// Stages every output file from the results (in run order) and commits them atomically.
  void write_outputs(const std::vector<nlohmann::json>& results, OutputDirectory& out) const;
  /// The headline table (per region, each run's delivered throughput and share served).
  std::string headline(const std::vector<nlohmann::json>& results) const;
  /// SHA-1 of every dataset file the study reads, "path=sha1;..." (journal salt).
  std::string dataset_salt() const;

 private:
  CapacityStudy();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// Loads, runs (single process, oneTBB inside) and writes a study. Returns the run summary.
SATCAP_EXPORT RunSummary run_capacity_study(const std::filesystem::path& study_file, const StudyRunOptions& options,
                                            std::string* headline = nullptr);

}  // namespace satcap::study
