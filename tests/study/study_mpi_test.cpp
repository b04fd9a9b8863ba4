// satcap-mpi (engine/cli/mpi/main.cpp): the small study under mpirun with 1, 2 and 3 ranks writes
// the same bytes as `satcap study run`; a rank failing on one run ends the job with a message naming
// the rank and the run and leaves previous outputs intact; --resume works across ranks and rank counts.
// Skipped (with the reason) when satcap-mpi was not built or mpirun is missing; under CI=true a missing
// satcap-mpi is a failure when mpirun is installed.
#include <satcap/core/files.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "test_support.hpp"

namespace satcap::test {
namespace {

namespace fs = std::filesystem;

fs::path mpi_path() { return fs::path(SATCAP_TEST_BINARY_DIR) / "bin" / "satcap-mpi"; }

bool have_mpirun() {
  std::string out;
  return run_command("command -v mpirun", out) == 0;
}

std::string quote(const fs::path& p) {
  std::string q = "'";  // (built with append: GCC 12 -Wrestrict false positive on "'" + string)
  q.append(p.string());
  q.push_back('\'');
  return q;
}

/// mpirun on this one machine: oversubscribed (3 ranks on 2 cores), allowed as root (CI containers).
std::string mpirun(int ranks) {
  return "OMPI_MCA_rmaps_base_oversubscribe=1 OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 "
         "mpirun --oversubscribe --allow-run-as-root -n " +
         std::to_string(ranks) + " " + quote(mpi_path()) + " ";
}

#define SATCAP_REQUIRE_MPI()                                                                             \
  do {                                                                                                    \
    SATCAP_REQUIRE_REFERENCE(::satcap::test::itu_maps_dir());                                             \
    if (!have_mpirun()) {                                                                                \
      if (::satcap::test::in_ci()) FAIL() << "mpirun not installed (scripts/install-deps.sh installs openmpi-bin)"; \
      GTEST_SKIP() << "mpirun not installed (Debian: openmpi-bin libopenmpi-dev)";                         \
    }                                                                                                     \
    if (!fs::exists(mpi_path())) {                                                                        \
      if (::satcap::test::in_ci()) FAIL() << "mpirun is installed but satcap-mpi was not built: " << mpi_path(); \
      GTEST_SKIP() << "satcap-mpi not built (MPI not found at configure time): " << mpi_path();            \
    }                                                                                                     \
  } while (0)

fs::path small_study() { return source_dir() / "datasets" / "studies" / "small_test.toml"; }

/// The small study's text up to `cut` (exclusive; whole when absent), dataset paths made absolute.
std::string small_study_until(const std::string& cut) {
  std::string text = core::read_file(small_study());
  const std::string datasets = (source_dir() / "datasets").string() + "/";
  for (std::size_t p = text.find("\"../"); p != std::string::npos; p = text.find("\"../", p))
    text.replace(p + 1, 3, datasets);
  return text.substr(0, text.find(cut));
}

/// Two runs ("announced", "observed"; no sweep) where "observed" fails at run time: its gateway rule
/// names a region the study does not define, only known once the ground regions are built, so
/// load() and check_inputs() accept the file.
fs::path failing_study(const fs::path& work) {
  std::string text = small_study_until("[sweep]");
  text += "\n[constellations.observed.feeder.gateway_rule]\ncount = 2\nregion = \"Atlantis\"\n";
  core::write_file_atomically(work / "failing.toml", text);
  return work / "failing.toml";
}

std::string common_args(const fs::path& out) {
  return quote(small_study()) + " --out " + quote(out) + " --threads 1 --maps " + quote(itu_maps_dir());
}

/// Regular files directly in `dir` (the outputs; the journal sub-directory is not an output).
std::map<std::string, std::string> outputs(const fs::path& dir) {
  std::map<std::string, std::string> files;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.is_regular_file()) files[e.path().filename().string()] = core::read_file(e.path());
  return files;
}

/// The single-process outputs of the small study, computed once for the suite.
const std::map<std::string, std::string>& reference_outputs() {
  static const std::map<std::string, std::string> ref = [] {
    const fs::path dir = scratch_dir("study_mpi_reference");
    std::string log;
    const int rc = run_command(quote(cli_path()) + " study run " + common_args(dir) + " --quiet", log);
    EXPECT_EQ(rc, 0) << log;
    return outputs(dir);
  }();
  return ref;
}

void expect_same_outputs(const fs::path& dir, const std::string& what) {
  const auto& ref = reference_outputs();
  ASSERT_GE(ref.size(), 6u) << "single-process run wrote too few files";
  const auto got = outputs(dir);
  std::vector<std::string> ref_names, got_names;
  for (const auto& [k, v] : ref) ref_names.push_back(k);
  for (const auto& [k, v] : got) got_names.push_back(k);
  EXPECT_EQ(got_names, ref_names) << what;
  for (const auto& [name, bytes] : ref) {
    auto it = got.find(name);
    if (it == got.end()) continue;
    EXPECT_TRUE(it->second == bytes) << what << ": " << name << " differs from the single-process output ("
                                     << it->second.size() << " vs " << bytes.size() << " bytes)";
  }
}

TEST(StudyMpi, VersionAndHelp) {
  SATCAP_REQUIRE_MPI();
  std::string out;
  EXPECT_EQ(run_command(quote(mpi_path()) + " --version", out), 0) << out;
  EXPECT_FALSE(out.empty());
  EXPECT_EQ(run_command(quote(mpi_path()) + " --help", out), 0) << out;
  EXPECT_NE(out.find("--resume"), std::string::npos) << out;
  EXPECT_NE(out.find("mpirun"), std::string::npos) << out;
  EXPECT_EQ(run_command(mpirun(2) + "--out x", out), 2) << out;  // the study file is missing
  EXPECT_NE(out.find("satcap-mpi: error:"), std::string::npos) << out;
}

TEST(StudyMpi, SameBytesAsSingleProcessFor1To3Ranks) {
  SATCAP_REQUIRE_MPI();
  for (int ranks : {1, 2, 3}) {
    const fs::path dir = scratch_dir("study_mpi_ranks_" + std::to_string(ranks));
    std::string log;
    const int rc = run_command(mpirun(ranks) + common_args(dir), log);
    ASSERT_EQ(rc, 0) << log;
    EXPECT_NE(log.find("on " + std::to_string(ranks) + " MPI rank"), std::string::npos) << log;
    EXPECT_NE(log.find("mpi: gathered"), std::string::npos) << log;
    expect_same_outputs(dir, std::to_string(ranks) + " rank(s)");
  }
}

// Runs cut into time blocks on different ranks (--time-blocks, and automatically when there are fewer
// runs than ranks) give the same bytes; the merged runs are journaled for --resume.
TEST(StudyMpi, TimeBlocksGiveTheSameBytes) {
  SATCAP_REQUIRE_MPI();
  for (const auto& [ranks, blocks] : std::vector<std::pair<int, int>>{{2, 2}, {3, 3}, {2, 4}}) {
    const fs::path dir = scratch_dir("study_mpi_blocks_" + std::to_string(ranks) + "_" + std::to_string(blocks));
    std::string log;
    ASSERT_EQ(run_command(mpirun(ranks) + common_args(dir) + " --time-blocks " + std::to_string(blocks), log), 0) << log;
    EXPECT_NE(log.find("4 runs (4 split into time blocks), " + std::to_string(4 * blocks) + " units"), std::string::npos) << log;
    expect_same_outputs(dir, std::to_string(ranks) + " ranks x " + std::to_string(blocks) + " time blocks");
    if (ranks == 2 && blocks == 2) {
      ASSERT_EQ(run_command(mpirun(1) + common_args(dir) + " --resume", log), 0) << log;
      EXPECT_NE(log.find("4 cases: 0 computed, 4 resumed"), std::string::npos) << log;
      expect_same_outputs(dir, "resumed after a time-block run");
    }
  }
}

TEST(StudyMpi, FewerRunsThanRanksSplitsInTime) {
  SATCAP_REQUIRE_MPI();
  // One run (no sweep, one constellation) on 3 ranks: automatically 3 blocks of 1-2 steps.
  const fs::path work = scratch_dir("study_mpi_one_run");
  core::write_file_atomically(work / "one.toml", small_study_until("[constellations.announced]"));
  const std::string args =
      quote(work / "one.toml") + " --threads 1 --maps " + quote(itu_maps_dir());
  std::string log;
  ASSERT_EQ(run_command(quote(cli_path()) + " study run " + args + " --out " + quote(work / "single") + " --quiet", log), 0) << log;
  ASSERT_EQ(run_command(mpirun(3) + args + " --out " + quote(work / "mpi"), log), 0) << log;
  EXPECT_NE(log.find("1 runs (1 split into time blocks), 3 units on 3 ranks"), std::string::npos) << log;
  const auto single = outputs(work / "single"), mpi = outputs(work / "mpi");
  for (const char* f : {"summary.json", "regions.csv", "timeseries.csv", "satellites.csv", "gateways.csv", "cells.csv",
                        "latency.csv", "report.html"})
    EXPECT_TRUE(single.count(f)) << f;
  ASSERT_EQ(single.size(), 8u);
  for (const auto& [name, bytes] : single) EXPECT_TRUE(mpi.count(name) && mpi.at(name) == bytes) << name;
}

TEST(StudyMpi, FailingRankNamesRankAndRunAndKeepsPreviousOutputs) {
  SATCAP_REQUIRE_MPI();
  const fs::path work = scratch_dir("study_mpi_failing");
  // In key order run 0 ("announced") goes to rank 0, run 1 ("observed", same estimated cost) to rank 1.
  const fs::path failing = failing_study(work);

  const fs::path out = work / "out";
  fs::create_directories(out);
  const std::string previous = "{\"previous\": true}\n";
  core::write_file_atomically(out / "summary.json", previous);
  core::write_file_atomically(out / "regions.csv", "previous\n");

  std::string log;
  const int rc = run_command(mpirun(2) + quote(failing) + " --out " + quote(out) + " --threads 1 --maps " +
                                 quote(itu_maps_dir()) + " --quiet",
                             log);
  EXPECT_EQ(rc, 2) << log;
  EXPECT_NE(log.find("satcap-mpi: error: rank 1, run '"), std::string::npos) << log;
  EXPECT_NE(log.find("rank 1, run 'observed'"), std::string::npos) << log;
  EXPECT_NE(log.find("Atlantis"), std::string::npos) << log;
  EXPECT_EQ(log.find("rank 0,"), std::string::npos) << "rank 0 did not fail: " << log;
  EXPECT_EQ(core::read_file(out / "summary.json"), previous);
  EXPECT_EQ(core::read_file(out / "regions.csv"), "previous\n");
  EXPECT_FALSE(fs::exists(out / "timeseries.csv"));
  // The run rank 0 finished is journaled for a later --resume.
  EXPECT_TRUE(fs::exists(out / ".satcap-cases"));
}

TEST(StudyMpi, FailingTimeBlockNamesRankRunAndSteps) {
  SATCAP_REQUIRE_MPI();
  const fs::path work = scratch_dir("study_mpi_failing_block");
  const fs::path failing = failing_study(work);
  const fs::path out = work / "out";
  fs::create_directories(out);
  core::write_file_atomically(out / "summary.json", "{\"previous\": true}\n");
  std::string log;
  const int rc = run_command(mpirun(2) + quote(failing) + " --out " + quote(out) + " --threads 1 --maps " +
                                 quote(itu_maps_dir()) + " --quiet --time-blocks 2",
                             log);
  EXPECT_EQ(rc, 2) << log;
  EXPECT_NE(log.find("run 'observed' steps ["), std::string::npos) << log;
  EXPECT_NE(log.find("Atlantis"), std::string::npos) << log;
  EXPECT_EQ(core::read_file(out / "summary.json"), "{\"previous\": true}\n");
  EXPECT_FALSE(fs::exists(out / "regions.csv"));
}

TEST(StudyMpi, ResumeAcrossRanksAndRankCounts) {
  SATCAP_REQUIRE_MPI();
  const fs::path dir = scratch_dir("study_mpi_resume");
  std::string log;
  ASSERT_EQ(run_command(mpirun(2) + common_args(dir), log), 0) << log;
  EXPECT_NE(log.find("4 cases: 4 computed, 0 resumed"), std::string::npos) << log;

  // Simulate an interrupted run: two of the four journal entries lost (one per rank of the 2-rank
  // split), the outputs replaced by older content.
  std::vector<fs::path> entries;
  for (const auto& e : fs::directory_iterator(dir / ".satcap-cases"))
    if (e.path().extension() == ".json") entries.push_back(e.path());
  std::sort(entries.begin(), entries.end());
  ASSERT_EQ(entries.size(), 4u);
  fs::remove(entries[0]);
  fs::remove(entries[3]);
  core::write_file_atomically(dir / "summary.json", "{\"previous\": true}\n");

  // Resumed with another rank count: every rank finds the runs journaled by the others.
  ASSERT_EQ(run_command(mpirun(3) + common_args(dir) + " --resume", log), 0) << log;
  EXPECT_NE(log.find("4 cases: 2 computed, 2 resumed"), std::string::npos) << log;
  expect_same_outputs(dir, "resumed on 3 ranks");
}

}  // namespace
}  // namespace satcap::test
