// The generic study runner: cases in order or in parallel (oneTBB), journaled for --resume.
#include <satcap/core/error.hpp>
#include <satcap/core/version.hpp>
#include <satcap/study/runner.hpp>

#include <oneapi/tbb/parallel_for.h>

#include <chrono>
#include <cstdio>
#include <memory>

namespace satcap::study {

std::string RunSummary::brief() const {
  char buf[160];
  std::snprintf(buf, sizeof buf, "%zu case%s: %zu computed, %zu resumed in %.1f s", cases, cases == 1 ? "" : "s",
                computed, resumed, wall_seconds);
  return buf;
}

std::vector<std::size_t> partition_cases(std::size_t cases, int rank, int ranks) {
  if (ranks < 1 || rank < 0 || rank >= ranks)
    throw Error("partition_cases: rank " + std::to_string(rank) + " of " + std::to_string(ranks));
  std::vector<std::size_t> mine;
  for (std::size_t i = static_cast<std::size_t>(rank); i < cases; i += static_cast<std::size_t>(ranks)) mine.push_back(i);
  return mine;
}

std::string serialize_result(const nlohmann::json& result) {
  return result.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

nlohmann::json deserialize_result(std::string_view text, const std::string& context) {
  nlohmann::json j = nlohmann::json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded())
    throw Error("corrupt case result" + (context.empty() ? std::string() : " (" + context + ")") +
                ": not valid JSON");
  return j;
}

StudyRunner::StudyRunner(std::vector<CaseSpec> cases, RunnerOptions options)
    : cases_(std::move(cases)), options_(std::move(options)) {
  if (options_.engine_version.empty()) options_.engine_version = satcap::version();
}

std::vector<nlohmann::json> StudyRunner::run(const CaseFunction& fn, OutputDirectory* out, RunSummary* summary) const {
  std::vector<std::size_t> all(cases_.size());
  for (std::size_t i = 0; i < all.size(); ++i) all[i] = i;
  return run_subset(all, fn, out, summary);
}

std::vector<nlohmann::json> StudyRunner::run_subset(const std::vector<std::size_t>& indices, const CaseFunction& fn,
                                                    OutputDirectory* out, RunSummary* summary) const {
  const auto t0 = std::chrono::steady_clock::now();
  for (std::size_t i : indices)
    if (i >= cases_.size())
      throw Error("StudyRunner: case index " + std::to_string(i) + " out of range (" + std::to_string(cases_.size()) +
                  " cases)");
  if (!fn) throw Error("StudyRunner: no case function");
  std::unique_ptr<CaseJournal> journal;
  if (out) journal = std::make_unique<CaseJournal>(*out, options_.engine_version, options_.salt);

  const std::size_t n = indices.size();
  std::vector<nlohmann::json> results(n);
  Progress progress(n, options_.progress);
  std::vector<std::size_t> todo;
  RunSummary s;
  s.cases = n;
  for (std::size_t k = 0; k < n; ++k) {
    if (options_.resume && journal) {
      if (auto stored = journal->load(cases_[indices[k]])) {
        results[k] = std::move(*stored);
        ++s.resumed;
        progress.complete(k);
        continue;
      }
    }
    todo.push_back(k);
  }

  auto compute = [&](std::size_t k) {
    const CaseSpec& spec = cases_[indices[k]];
    nlohmann::json r = fn(spec, progress.sink(k));
    // The same bytes whether computed, resumed or shipped from another rank.
    r = deserialize_result(serialize_result(r), "case " + spec.name);
    if (journal) journal->store(spec, r);
    results[k] = std::move(r);
    progress.complete(k);
  };
  if (options_.parallel_cases && todo.size() > 1) {
    tbb::parallel_for(std::size_t(0), todo.size(), [&](std::size_t j) { compute(todo[j]); });
  } else {
    for (std::size_t k : todo) compute(k);
  }
  progress.finish();
  s.computed = todo.size();
  s.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (summary) *summary = s;
  return results;
}

}  // namespace satcap::study
