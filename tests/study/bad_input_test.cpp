// Bad-input corpus of study files (tests/study/data/bad/*.toml). Each file's first line states the
// expected first problem: "# expect: LINE | KEY | MESSAGE PART". The pipeline is the one `study check`
// runs: parse, expand the sweep, read every case in collecting mode, check unknown keys.
#include <satcap/study/sweep.hpp>

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>

#include "study_test_util.hpp"
#include "test_support.hpp"

namespace satcap::study {
namespace {

namespace fs = std::filesystem;

fs::path corpus_dir() { return test::source_dir() / "tests" / "study" / "data" / "bad"; }

struct Expectation {
  std::size_t line = 0;
  std::string key, message;
};

std::string trim(std::string s) {
  while (!s.empty() && s.front() == ' ') s.erase(0, 1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\r')) s.pop_back();
  return s;
}

Expectation expectation(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::string first;
  std::getline(in, first);
  const std::string tag = "# expect:";
  EXPECT_EQ(first.rfind(tag, 0), 0u) << p;
  std::string rest = first.substr(tag.size());
  Expectation e;
  const auto a = rest.find('|'), b = rest.find('|', a + 1);
  e.line = static_cast<std::size_t>(std::stoul(trim(rest.substr(0, a))));
  e.key = trim(rest.substr(a + 1, b - a - 1));
  e.message = trim(rest.substr(b + 1));
  return e;
}

// All problems of a study file, as `study check` would list them.
std::vector<ValidationIssue> check(const fs::path& p) {
  ValidationReport report;
  try {
    auto doc = StudyDocument::load(p);
    auto cases = expand_cases(doc, &report);
    for (const auto& c : cases) testing::read_toy(c.document, &report);
  } catch (const InputError& e) {
    report.add(e);
  }
  return report.issues();
}

std::vector<fs::path> corpus() {
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(corpus_dir()))
    if (e.path().extension() == ".toml") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  return files;
}

TEST(BadInputCorpus, HasAtLeastThirtyCases) { EXPECT_GE(corpus().size(), 30u); }

TEST(BadInputCorpus, EveryFileReportsFileLineAndKey) {
  for (const auto& p : corpus()) {
    SCOPED_TRACE(p.filename().string());
    const Expectation want = expectation(p);
    const auto issues = check(p);
    ASSERT_FALSE(issues.empty()) << "no problem found";
    const ValidationIssue& got = issues.front();
    if (std::getenv("SATCAP_SHOW_ISSUES"))
      for (const auto& i : issues) std::printf("%s\n", i.to_string().c_str());
    EXPECT_EQ(got.file, p.string());
    EXPECT_EQ(got.line, want.line) << got.to_string();
    EXPECT_EQ(got.key, want.key) << got.to_string();
    EXPECT_NE(got.message.find(want.message), std::string::npos) << got.to_string();
    // One line per problem, each naming the file.
    const std::string line = got.to_string();
    EXPECT_EQ(line.find('\n'), std::string::npos) << line;
    EXPECT_EQ(line.rfind(p.string(), 0), 0u) << line;
  }
}

TEST(BadInputCorpus, TheValidToyStudyPasses) {
  const fs::path dir = test::scratch_dir("study_bad_input_valid");
  const fs::path path = testing::write_toy(dir, testing::toy_text());
  EXPECT_TRUE(check(path).empty());
}

}  // namespace
}  // namespace satcap::study
