// Crash safety of the real `satcap study run`: a run killed with SIGKILL at random moments (fixed seed)
// leaves every output file byte-identical to its previous version or to the complete new one (never
// partial), and a later `--resume` ends with exactly the bytes of an uninterrupted run.
// Named study_* because it drives the study command (built only when all layers are).
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "test_support.hpp"

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

std::string slurp(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::ostringstream os;
  os << f.rdbuf();
  return os.str();
}

using satcap::test::replace_all;

// Starts `satcap study run STUDY --out DIR --resume --quiet` as a child process.
pid_t start_study(const fs::path& study, const fs::path& out) {
  const std::string cli = satcap::test::cli_path().string();
  const std::string maps = satcap::test::itu_maps_dir().string();
  const pid_t pid = ::fork();
  if (pid == 0) {
    const std::string s = study.string(), o = out.string();
    std::vector<const char*> argv = {cli.c_str(), "study", "run", s.c_str(), "--out", o.c_str(), "--resume",
                                     "--quiet", "--threads", "2", "--maps", maps.c_str(), nullptr};
    ::execv(cli.c_str(), const_cast<char* const*>(argv.data()));
    ::_exit(127);
  }
  return pid;
}

int wait_exit(pid_t pid, bool* signalled) {
  int status = 0;
  ::waitpid(pid, &status, 0);
  *signalled = WIFSIGNALED(status);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::map<std::string, std::string> visible_files(const fs::path& dir) {
  std::map<std::string, std::string> files;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.is_regular_file() && e.path().filename().string()[0] != '.') files[e.path().filename().string()] = slurp(e.path());
  return files;
}

TEST(StudyKill, SigkillAtRandomMomentsKeepsOutputsThenResumeMatches) {
  SATCAP_REQUIRE_REFERENCE(satcap::test::itu_maps_dir());
  // The small test study, 2 steps instead of 4 (4 runs: 2 constellations x 2 sweep values).
  const fs::path work = satcap::test::scratch_dir("study_kill_cli");
  std::string text = slurp(satcap::test::source_dir() / "datasets/studies/small_test.toml");
  std::string datasets(1, '"');
  datasets += (satcap::test::source_dir() / "datasets").string();
  datasets += '/';
  text = replace_all(text, "\"../", datasets);
  text = replace_all(text, "steps = 4", "steps = 2");
  const fs::path study = work / "kill.toml";
  std::ofstream(study, std::ios::binary) << text;

  // Uninterrupted reference run, timed.
  const fs::path ref_dir = work / "reference";
  const auto t0 = Clock::now();
  bool signalled = false;
  ASSERT_EQ(wait_exit(start_study(study, ref_dir), &signalled), 0);
  const double full_s = std::chrono::duration<double>(Clock::now() - t0).count();
  const auto reference = visible_files(ref_dir);
  ASSERT_GE(reference.size(), 5u);

  // Previous outputs in the directory the interrupted runs write to.
  const fs::path dir = work / "out";
  fs::create_directories(dir);
  std::map<std::string, std::string> previous;
  for (const auto& [name, bytes] : reference) {
    previous[name] = "previous version of " + name + "\n";
    std::ofstream(dir / name, std::ios::binary) << previous[name];
  }

  std::mt19937 rng(20261128);
  int killed = 0;
  for (int trial = 0; trial < 5; ++trial) {
    const pid_t pid = start_study(study, dir);
    ASSERT_GT(pid, 0);
    // Kill between 2 % and 60 % of an uninterrupted run's time: every phase (start-up, case computation,
    // journal writes, output staging) gets hit across the trials.
    const double at = std::uniform_real_distribution<double>(0.02, 0.6)(rng) * full_s;
    std::this_thread::sleep_for(std::chrono::duration<double>(at));
    ::kill(pid, SIGKILL);
    const int rc = wait_exit(pid, &signalled);
    if (signalled) ++killed;
    else
      EXPECT_EQ(rc, 0) << "trial " << trial;
    for (const auto& [name, bytes] : visible_files(dir)) {
      if (name.find(".tmp.") != std::string::npos) continue;  // a killed process cannot remove its staging files
      ASSERT_TRUE(reference.count(name)) << "unexpected output " << name << " after trial " << trial;
      EXPECT_TRUE(bytes == previous[name] || bytes == reference.at(name))
          << name << " is neither the previous nor the complete new version after trial " << trial << " (killed at "
          << at << " s)";
    }
  }
  EXPECT_GE(killed, 1);

  // A resumed run finishes with the bytes of the uninterrupted run and leaves no staging files.
  ASSERT_EQ(wait_exit(start_study(study, dir), &signalled), 0);
  const auto final_files = visible_files(dir);
  for (const auto& [name, bytes] : reference) {
    ASSERT_TRUE(final_files.count(name)) << name;
    EXPECT_TRUE(final_files.at(name) == bytes) << name << " differs from the uninterrupted run";
  }
  for (const auto& e : fs::directory_iterator(dir))
    EXPECT_EQ(e.path().filename().string().find(".tmp."), std::string::npos) << e.path();
}

}  // namespace
