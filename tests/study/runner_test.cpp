// The generic runner: order, parallel determinism, resume, failures leaving outputs intact,
// subsets and result serialisation (the MPI hooks), and progress output.
#include <satcap/core/files.hpp>
#include <satcap/study/runner.hpp>

#include <gtest/gtest.h>
#include <oneapi/tbb/global_control.h>
#include <oneapi/tbb/parallel_for.h>

#include <atomic>
#include <cmath>
#include <mutex>
#include <regex>
#include <set>
#include <sstream>

#include "study_test_util.hpp"
#include "test_support.hpp"

namespace satcap::study {
namespace {

namespace fs = std::filesystem;

const char* kStudy = R"([model]
scale = 1.0
offset = 0

[sweep]
[[sweep.parameters]]
path = "model.scale"
values = [0.5, 1.0, 2.0]
[[sweep.parameters]]
path = "model.offset"
values = [0, 1, 2, 3]
)";

std::vector<CaseSpec> cases_of(const std::string& text) {
  return expand_cases(StudyDocument::parse(text, "s.toml"));
}

// A deterministic "computation": a table of values from the case input, with an inner oneTBB loop
// reporting progress per step (like time steps of a capacity run).
nlohmann::json compute(const CaseSpec& c, ProgressSink& progress) {
  TomlReader r(c.document);
  Section m = r.root().table("model");
  const double scale = m.number("scale");
  const auto offset = m.integer_in("offset", 0, 100);
  constexpr std::size_t steps = 64;
  progress.set_total(steps);
  std::vector<double> values(steps);
  tbb::parallel_for(std::size_t(0), steps, [&](std::size_t i) {
    values[i] = std::sin(scale * static_cast<double>(i)) / 3.0 + static_cast<double>(offset);
    progress.advance();
  });
  Table t({"case", "step", "value"});
  double sum = 0;
  for (std::size_t i = 0; i < steps; ++i) {
    t.add_row({c.name, static_cast<std::int64_t>(i), values[i]});
    sum += values[i];
  }
  return {{"name", c.name}, {"sum", sum}, {"table", t.to_json()}, {"nan", std::nan("")}};
}

std::string outputs_of(const std::vector<nlohmann::json>& results) {
  Table all({"case", "step", "value"});
  nlohmann::json summary = nlohmann::json::array();
  for (const auto& r : results) {
    all.append(Table::from_json(r.at("table")));
    summary.push_back({{"name", r.at("name")}, {"sum", r.at("sum")}});
  }
  return all.to_csv() + json_text(summary);
}

ProgressOptions quiet() {
  ProgressOptions p;
  p.mode = ProgressOptions::Mode::quiet;
  return p;
}

TEST(StudyRunner, ResultsInCaseOrder) {
  auto cases = cases_of(kStudy);
  ASSERT_EQ(cases.size(), 12u);
  StudyRunner runner(cases, {.progress = quiet()});
  RunSummary s;
  auto results = runner.run(compute, nullptr, &s);
  ASSERT_EQ(results.size(), 12u);
  for (std::size_t i = 0; i < 12; ++i) EXPECT_EQ(results[i].at("name"), cases[i].name);
  EXPECT_EQ(s.cases, 12u);
  EXPECT_EQ(s.computed, 12u);
  EXPECT_EQ(s.resumed, 0u);
  EXPECT_TRUE(results[0].at("nan").is_null());  // NaN normalised the same way as after a round trip
  EXPECT_NE(s.brief().find("12 cases: 12 computed, 0 resumed in "), std::string::npos);
}

TEST(StudyRunner, ByteIdenticalOutputsForAnyThreadCountAndParallelCases) {
  auto cases = cases_of(kStudy);
  std::string reference;
  for (int threads : {1, 2, 4}) {
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(threads));
    for (bool parallel : {false, true}) {
      StudyRunner runner(cases, {.parallel_cases = parallel, .progress = quiet()});
      const std::string out = outputs_of(runner.run(compute));
      if (reference.empty())
        reference = out;
      else
        EXPECT_EQ(out, reference) << threads << " threads, parallel cases " << parallel;
    }
  }
  EXPECT_GT(reference.size(), 1000u);
}

TEST(StudyRunner, ResumeSkipsCompletedCasesAndRecomputesChangedOnes) {
  auto dir = test::scratch_dir("study_runner_resume");
  auto cases = cases_of(kStudy);
  std::atomic<int> calls{0};
  auto counting = [&](const CaseSpec& c, ProgressSink& p) {
    ++calls;
    return compute(c, p);
  };
  OutputDirectory out(dir);
  RunSummary s;
  const auto first = StudyRunner(cases, {.progress = quiet()}).run(counting, &out, &s);
  EXPECT_EQ(calls.load(), 12);
  EXPECT_EQ(fs::directory_iterator(dir / ".satcap-cases") == fs::directory_iterator(), false);

  calls = 0;
  const auto second = StudyRunner(cases, {.resume = true, .progress = quiet()}).run(counting, &out, &s);
  EXPECT_EQ(calls.load(), 0);
  EXPECT_EQ(s.resumed, 12u);
  EXPECT_EQ(s.computed, 0u);
  EXPECT_EQ(outputs_of(second), outputs_of(first));
  EXPECT_EQ(second, first);

  // Without --resume everything is recomputed.
  calls = 0;
  StudyRunner(cases, {.progress = quiet()}).run(counting, &out, &s);
  EXPECT_EQ(calls.load(), 12);

  // A changed input recomputes exactly the cases whose resolved input changed.
  std::string changed = kStudy;
  changed.replace(changed.find("values = [0, 1, 2, 3]"), 21, "values = [0, 1, 2, 7]");
  calls = 0;
  const auto third = StudyRunner(cases_of(changed), {.resume = true, .progress = quiet()}).run(counting, &out, &s);
  EXPECT_EQ(calls.load(), 3);  // offset=7 for the three scales
  EXPECT_EQ(s.resumed, 9u);

  // A new engine version or salt recomputes everything.
  calls = 0;
  StudyRunner(cases, {.resume = true, .engine_version = "99.0.0", .progress = quiet()}).run(counting, &out, &s);
  EXPECT_EQ(calls.load(), 12);
  calls = 0;
  StudyRunner(cases, {.resume = true, .engine_version = "99.0.0", .salt = "maps v2", .progress = quiet()})
      .run(counting, &out, &s);
  EXPECT_EQ(calls.load(), 12);
}

// The flow of `study run`: run the cases, then stage and commit the final files.
void run_study(const std::vector<CaseSpec>& cases, const fs::path& dir, bool resume, const CaseFunction& fn) {
  OutputDirectory out(dir);
  auto results = StudyRunner(cases, {.resume = resume, .progress = quiet()}).run(fn, &out);
  Table all({"case", "step", "value"});
  nlohmann::json summary = {{"cases", nlohmann::json::array()}};
  for (const auto& r : results) {
    all.append(Table::from_json(r.at("table")));
    summary["cases"].push_back({{"name", r.at("name")}, {"sum", r.at("sum")}});
  }
  out.stage_json("summary.json", summary);
  out.stage_csv("timeseries.csv", all);
  out.commit();
}

TEST(StudyRunner, FailingCaseLeavesPreviousOutputsIntactAndResumeFinishes) {
  auto dir = test::scratch_dir("study_runner_failure");
  auto cases = cases_of(kStudy);
  // A previous run of a different study left outputs.
  auto old_cases = cases_of("[model]\nscale = 3.0\noffset = 9\n");
  run_study(old_cases, dir, false, compute);
  const std::string old_summary = core::read_file(dir / "summary.json");
  const std::string old_series = core::read_file(dir / "timeseries.csv");

  // This run fails at case 7 (thrown from the callback, as a bad input or a kill would stop it).
  std::atomic<int> calls{0};
  auto failing = [&](const CaseSpec& c, ProgressSink& p) -> nlohmann::json {
    ++calls;
    if (c.index == 7) throw InputError("s.toml", 3, "model.offset", "simulated failure");
    return compute(c, p);
  };
  EXPECT_THROW(run_study(cases, dir, false, failing), InputError);
  EXPECT_EQ(core::read_file(dir / "summary.json"), old_summary);
  EXPECT_EQ(core::read_file(dir / "timeseries.csv"), old_series);
  for (const auto& e : fs::directory_iterator(dir))
    EXPECT_EQ(e.path().filename().string().find(".tmp."), std::string::npos) << e.path();

  // --resume recomputes only from the failed case on and ends with the uninterrupted outputs.
  calls = 0;
  std::atomic<int> resumed_calls{0};
  run_study(cases, dir, true, [&](const CaseSpec& c, ProgressSink& p) {
    ++resumed_calls;
    return compute(c, p);
  });
  EXPECT_EQ(resumed_calls.load(), 5);  // cases 7..11
  auto reference_dir = test::scratch_dir("study_runner_failure_ref");
  run_study(cases, reference_dir, false, compute);
  EXPECT_EQ(core::read_file(dir / "summary.json"), core::read_file(reference_dir / "summary.json"));
  EXPECT_EQ(core::read_file(dir / "timeseries.csv"), core::read_file(reference_dir / "timeseries.csv"));
}

TEST(StudyRunner, ParallelFailurePropagatesAndJournalsFinishedCases) {
  auto dir = test::scratch_dir("study_runner_parallel_failure");
  auto cases = cases_of(kStudy);
  OutputDirectory out(dir);
  StudyRunner runner(cases, {.parallel_cases = true, .progress = quiet()});
  EXPECT_THROW(runner.run(
                   [](const CaseSpec& c, ProgressSink& p) -> nlohmann::json {
                     if (c.index == 0) throw Error("boom");
                     return compute(c, p);
                   },
                   &out),
               Error);
  // Resume computes at most the cases that did not finish, including case 0.
  std::set<std::size_t> computed;
  std::mutex m;
  StudyRunner(cases, {.resume = true, .parallel_cases = true, .progress = quiet()})
      .run(
          [&](const CaseSpec& c, ProgressSink& p) {
            std::lock_guard<std::mutex> lock(m);
            computed.insert(c.index);
            return compute(c, p);
          },
          &out);
  EXPECT_TRUE(computed.count(0));
}

TEST(StudyRunner, SubsetsAndSerialisationGiveTheSameResults) {
  auto cases = cases_of(kStudy);
  StudyRunner runner(cases, {.progress = quiet()});
  const auto all = runner.run(compute);
  // Three "ranks", round-robin, results shipped as strings and put back in case order.
  std::vector<nlohmann::json> gathered(cases.size());
  for (int rank = 0; rank < 3; ++rank) {
    const std::vector<std::size_t> mine = partition_cases(cases.size(), rank, 3);
    EXPECT_EQ(mine.front(), static_cast<std::size_t>(rank));
    RunSummary s;
    auto part = runner.run_subset(mine, compute, nullptr, &s);
    EXPECT_EQ(s.cases, mine.size());
    for (std::size_t k = 0; k < mine.size(); ++k)
      gathered[mine[k]] = deserialize_result(serialize_result(part[k]), "rank " + std::to_string(rank));
  }
  EXPECT_EQ(gathered, all);
  EXPECT_EQ(partition_cases(2, 2, 3), std::vector<std::size_t>{});
  EXPECT_EQ(partition_cases(5, 0, 1), (std::vector<std::size_t>{0, 1, 2, 3, 4}));
  EXPECT_THROW(partition_cases(5, 3, 3), Error);
  EXPECT_THROW(partition_cases(5, 0, 0), Error);
  EXPECT_EQ(outputs_of(gathered), outputs_of(all));
  EXPECT_THROW(runner.run_subset({12}, compute), Error);
  EXPECT_THROW(runner.run({}), Error);
  try {
    deserialize_result("{\"a\": ", "rank 2, case x");
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("rank 2, case x"), std::string::npos);
  }
}

TEST(StudyRunner, SerialisationKeepsEveryDigit) {
  nlohmann::json r = {{"x", 0.1 + 0.2}, {"y", 6.02214076e23}, {"z", -1.0 / 3.0}, {"i", std::int64_t{1} << 62}};
  auto back = deserialize_result(serialize_result(r));
  EXPECT_EQ(back.at("x").get<double>(), 0.1 + 0.2);
  EXPECT_EQ(back.at("y").get<double>(), 6.02214076e23);
  EXPECT_EQ(back.at("z").get<double>(), -1.0 / 3.0);
  EXPECT_EQ(back.at("i").get<std::int64_t>(), std::int64_t{1} << 62);
}

// ---- progress ----

TEST(Progress, LinesModeReportsEveryTenPercentAndDone) {
  std::ostringstream os;
  ProgressOptions o;
  o.mode = ProgressOptions::Mode::lines;
  o.stream = &os;
  o.line_interval_s = 1e9;  // only percentage steps
  o.label = "study demo";
  {
    Progress p(10, o);
    EXPECT_EQ(p.mode(), ProgressOptions::Mode::lines);
    for (std::size_t i = 0; i < 10; ++i) p.complete(i);
    p.finish();
    p.finish();  // idempotent
  }
  std::vector<std::string> lines;
  std::istringstream in(os.str());
  for (std::string l; std::getline(in, l);) lines.push_back(l);
  ASSERT_EQ(lines.size(), 11u) << os.str();
  const std::regex step(R"(satcap: study demo (\d+)% \((\d+)/10 cases\), \d+ s elapsed, ETA (\d+ s|--))");
  for (std::size_t i = 0; i < 10; ++i) {
    std::smatch m;
    ASSERT_TRUE(std::regex_match(lines[i], m, step)) << lines[i];
    EXPECT_EQ(m[1].str(), std::to_string((i + 1) * 10));
    EXPECT_EQ(m[2].str(), std::to_string(i + 1));
  }
  EXPECT_TRUE(std::regex_match(lines[10], std::regex(R"(satcap: study demo 100% \(10/10 cases\), done in \d+ s)")))
      << lines[10];
}

TEST(Progress, SinksCountPartialWorkFromManyThreads) {
  std::ostringstream os;
  ProgressOptions o;
  o.mode = ProgressOptions::Mode::lines;
  o.stream = &os;
  o.line_interval_s = 1e9;
  o.line_step_percent = 25;
  Progress p(2, o);
  p.sink(0).set_total(1000);
  tbb::parallel_for(0, 500, [&](int) { p.sink(0).advance(); });
  EXPECT_DOUBLE_EQ(p.sink(0).fraction(), 0.5);
  EXPECT_DOUBLE_EQ(p.fraction(), 0.25);
  p.complete(1);
  EXPECT_DOUBLE_EQ(p.fraction(), 0.75);
  p.sink(0).advance(10000);  // over-reporting is clamped
  EXPECT_DOUBLE_EQ(p.fraction(), 1.0);
  p.finish();
  EXPECT_NE(os.str().find("100% (1/2 cases), done in"), std::string::npos) << os.str();
}

TEST(Progress, QuietPrintsNothingAndBarRedrawsOneLine) {
  std::ostringstream quiet_out;
  ProgressOptions q;
  q.mode = ProgressOptions::Mode::quiet;
  q.stream = &quiet_out;
  {
    Progress p(3, q);
    for (std::size_t i = 0; i < 3; ++i) p.complete(i);
    p.finish();
  }
  EXPECT_EQ(quiet_out.str(), "");

  std::ostringstream bar_out;
  ProgressOptions b;
  b.mode = ProgressOptions::Mode::bar;
  b.stream = &bar_out;
  b.bar_width = 10;
  {
    Progress p(2, b);
    p.complete(0);
    p.complete(1);
    p.finish();
  }
  const std::string s = bar_out.str();
  EXPECT_EQ(std::count(s.begin(), s.end(), '\n'), 1) << s;
  EXPECT_EQ(s.back(), '\n');
  EXPECT_NE(s.find("\rsatcap: study [#####.....]  50% (1/2 cases) "), std::string::npos) << s;
  EXPECT_NE(s.find("\rsatcap: study [##########] 100% (2/2 cases) done in "), std::string::npos) << s;

  // A stream other than stderr is never treated as a terminal.
  ProgressOptions a;
  a.stream = &bar_out;
  EXPECT_EQ(Progress(1, a).mode(), ProgressOptions::Mode::lines);
}

TEST(Progress, AbortedBarEndsTheLine) {
  std::ostringstream out;
  ProgressOptions b;
  b.mode = ProgressOptions::Mode::bar;
  b.stream = &out;
  {
    Progress p(4, b);
    p.complete(0);
  }
  EXPECT_EQ(out.str().back(), '\n');
}

TEST(Progress, DurationFormat) {
  EXPECT_EQ(format_duration(12.4), "12 s");
  EXPECT_EQ(format_duration(185), "3 min 05 s");
  EXPECT_EQ(format_duration(3720), "1 h 02 min");
  EXPECT_EQ(format_duration(-1), "--");
}

TEST(StudyRunner, ReportsProgressLinesWhileRunning) {
  std::ostringstream os;
  RunnerOptions o;
  o.progress.mode = ProgressOptions::Mode::lines;
  o.progress.stream = &os;
  o.progress.line_interval_s = 1e9;
  auto cases = cases_of(kStudy);
  StudyRunner(cases, o).run(compute);
  const std::string text = os.str();
  EXPECT_NE(text.find("(12/12 cases), done in"), std::string::npos) << text;
  EXPECT_GE(std::count(text.begin(), text.end(), '\n'), 5);
}

}  // namespace
}  // namespace satcap::study
