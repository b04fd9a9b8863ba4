// Crash safety: a study process killed with SIGKILL at random moments leaves every output file either
// in its previous state or complete, and a later --resume ends with the uninterrupted run's bytes.
#include <satcap/core/files.hpp>
#include <satcap/study/runner.hpp>

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <random>
#include <thread>

#include "test_support.hpp"

namespace satcap::study {
namespace {

namespace fs = std::filesystem;

const char* kStudy = R"([model]
scale = 1.0
[sweep]
[[sweep.parameters]]
path = "model.scale"
values = [0.25, 0.5, 0.75, 1.0, 1.25, 1.5, 1.75, 2.0, 2.25, 2.5, 2.75, 3.0]
)";

// Serial on purpose: the child of fork() must not touch oneTBB's thread pool.
nlohmann::json slow_case(const CaseSpec& c, ProgressSink&) {
  TomlReader r(c.document);
  const double scale = r.root().table("model").number("scale");
  std::this_thread::sleep_for(std::chrono::milliseconds(4));
  Table t({"case", "step", "value"});
  for (int i = 0; i < 2000; ++i) t.add_row({c.name, std::int64_t{i}, std::cos(scale * i)});
  return {{"name", c.name}, {"table", t.to_json()}};
}

void run_study(const std::vector<CaseSpec>& cases, const fs::path& dir, bool resume) {
  OutputDirectory out(dir);
  RunnerOptions o;
  o.resume = resume;
  o.progress.mode = ProgressOptions::Mode::quiet;
  auto results = StudyRunner(cases, o).run(slow_case, &out);
  Table all({"case", "step", "value"});
  nlohmann::json summary = {{"cases", nlohmann::json::array()}};
  for (const auto& r : results) {
    all.append(Table::from_json(r.at("table")));
    summary["cases"].push_back(r.at("name"));
  }
  out.stage_json("summary.json", summary);
  out.stage_csv("timeseries.csv", all);
  out.commit();
}

TEST(KillSafety, SigkillAtRandomMomentsThenResume) {
  const auto cases = expand_cases(StudyDocument::parse(kStudy, "kill.toml"));
  ASSERT_EQ(cases.size(), 12u);
  const fs::path ref = test::scratch_dir("study_kill_reference");
  run_study(cases, ref, false);
  const std::string ref_summary = core::read_file(ref / "summary.json");
  const std::string ref_series = core::read_file(ref / "timeseries.csv");

  const fs::path dir = test::scratch_dir("study_kill");
  const std::string old_summary = "{\"previous\": true}\n", old_series = "previous,results\n";
  core::write_file_atomically(dir / "summary.json", old_summary);
  core::write_file_atomically(dir / "timeseries.csv", old_series);

  std::mt19937 rng(20261128);
  int killed = 0;
  for (int trial = 0; trial < 6; ++trial) {
    const pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      try {
        run_study(cases, dir, /*resume=*/true);
      } catch (...) {
        ::_exit(3);
      }
      ::_exit(0);
    }
    std::this_thread::sleep_for(std::chrono::microseconds(std::uniform_int_distribution<int>(2000, 30000)(rng)));
    ::kill(pid, SIGKILL);
    int status = 0;
    ::waitpid(pid, &status, 0);
    if (WIFSIGNALED(status)) ++killed;
    else
      EXPECT_EQ(WEXITSTATUS(status), 0);
    // Every output is either the previous version or the complete new one, never partial.
    const std::string s = core::read_file(dir / "summary.json"), t = core::read_file(dir / "timeseries.csv");
    EXPECT_TRUE(s == old_summary || s == ref_summary) << "trial " << trial;
    EXPECT_TRUE(t == old_series || t == ref_series) << "trial " << trial;
    // The journal holds only complete entries (each written atomically).
    if (!fs::exists(dir / ".satcap-cases")) continue;  // killed before the journal existed
    for (const auto& e : fs::directory_iterator(dir / ".satcap-cases")) {
      if (e.path().extension() != ".json") continue;
      EXPECT_FALSE(nlohmann::json::parse(core::read_file(e.path()), nullptr, false).is_discarded()) << e.path();
    }
  }
  EXPECT_GE(killed, 1);  // at least one trial was really interrupted
  run_study(cases, dir, /*resume=*/true);
  EXPECT_EQ(core::read_file(dir / "summary.json"), ref_summary);
  EXPECT_EQ(core::read_file(dir / "timeseries.csv"), ref_series);
  // Temporaries of the killed processes were cleaned up by later runs.
  for (const auto& e : fs::directory_iterator(dir))
    EXPECT_EQ(e.path().filename().string().find(".tmp."), std::string::npos) << e.path();
}

}  // namespace
}  // namespace satcap::study
