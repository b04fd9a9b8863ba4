#pragma once
/// @file runner.hpp
/// The generic study runner: runs expanded cases through a callback, in order or in parallel
/// (oneTBB), stores results in case order (outputs do not depend on the thread count), journals
/// each completed case for `--resume`, and reports progress. Independent of what a case computes.
///
/// Typical use (single process):
/// ```cpp
/// auto doc = StudyDocument::load(path);
/// auto cases = expand_cases(doc);
/// OutputDirectory out(dir);
/// StudyRunner runner(cases, {.resume = resume});
/// RunSummary summary;
/// std::vector<nlohmann::json> results = runner.run(run_one_case, &out, &summary);
/// out.stage_json("summary.json", ...); out.stage_csv("regions.csv", ...); out.commit();
/// ```
/// For MPI (each rank runs a share, rank 0 gathers): `run_subset(indices, ...)` on every rank,
/// `serialize_result` / `deserialize_result` to ship results as strings, then rank 0 writes.
#include <satcap/export.hpp>
#include <satcap/study/output.hpp>
#include <satcap/study/progress.hpp>
#include <satcap/study/sweep.hpp>

#include <nlohmann/json.hpp>

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace satcap::study {

/// Computes one case. Must be deterministic (same input, same result). Called concurrently for
/// different cases when RunnerOptions::parallel_cases is set. Exceptions propagate out of run()
/// (after the cases already finished were journaled) and leave final outputs untouched.
using CaseFunction = std::function<nlohmann::json(const CaseSpec& spec, ProgressSink& progress)>;

struct RunnerOptions {
  /// Reuse journaled results whose key matches (see CaseJournal) instead of recomputing.
  bool resume = false;
  /// Run several cases at once with oneTBB (results still in case order). Off: cases run one after
  /// another and the callback may use oneTBB inside.
  bool parallel_cases = false;
  /// Engine version mixed into each journal key (default satcap::version()).
  std::string engine_version{};
  /// Extra text mixed into each journal key, e.g. checksums of the datasets the study reads.
  std::string salt{};
  ProgressOptions progress{};
};

struct RunSummary {
  std::size_t cases = 0;     ///< cases asked for
  std::size_t computed = 0;  ///< computed by the callback
  std::size_t resumed = 0;   ///< loaded from the journal
  double wall_seconds = 0.0;
  /// One line: "10 cases: 7 computed, 3 resumed in 12.3 s".
  std::string brief() const;
};

class SATCAP_EXPORT StudyRunner {
 public:
  StudyRunner(std::vector<CaseSpec> cases, RunnerOptions options = {});

  const std::vector<CaseSpec>& cases() const noexcept { return cases_; }
  const RunnerOptions& options() const noexcept { return options_; }

  /// Runs every case; `out` null = no journal (nothing written). Returns one result per case, in
  /// case order. Each result passes through serialize/deserialize, so a computed result and a
  /// resumed (or MPI-shipped) one are identical JSON.
  std::vector<nlohmann::json> run(const CaseFunction& fn, OutputDirectory* out = nullptr,
                                  RunSummary* summary = nullptr) const;
  /// Runs only the cases at `indices` (in that order; each < cases().size()), e.g. one MPI rank's
  /// share. Returns their results in the same order. Progress counts only these cases.
  std::vector<nlohmann::json> run_subset(const std::vector<std::size_t>& indices, const CaseFunction& fn,
                                         OutputDirectory* out = nullptr, RunSummary* summary = nullptr) const;

 private:
  std::vector<CaseSpec> cases_;
  RunnerOptions options_;
};

/// The cases of one MPI rank under the static round-robin rule: case i goes to rank i mod ranks
/// (balances sweeps whose cost grows along a parameter). Returns ascending indices; throws
/// satcap::Error unless 0 <= rank < ranks.
SATCAP_EXPORT std::vector<std::size_t> partition_cases(std::size_t cases, int rank, int ranks);

/// A case result as compact JSON text (for journals and MPI messages). Doubles keep all digits
/// (shortest round-trip); NaN and infinities become null (encode them as strings if they matter,
/// as Table::to_json does).
SATCAP_EXPORT std::string serialize_result(const nlohmann::json& result);
/// Parses serialize_result's text; satcap::Error naming `context` (e.g. "rank 2, case x") when
/// the text is not valid JSON.
SATCAP_EXPORT nlohmann::json deserialize_result(std::string_view text, const std::string& context = {});

}  // namespace satcap::study
