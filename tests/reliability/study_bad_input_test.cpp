// Bad-input corpus of the satcap CLI (tests/reliability/bad_inputs.txt, format described at its top).
// Every case runs the real `satcap` binary on input files written into a scratch directory and must:
// exit with status 2; print exactly one line on stderr (the study validator lists every problem of a
// file, one per line: a case may state `lines: N`), naming the file[:line] and the field or key; leave
// no output file at the stated path and no `*.tmp.*` staging file anywhere in the scratch directory.
// Named study_* because it drives every layer's command (built only when all layers are).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "test_support.hpp"

namespace {

namespace fs = std::filesystem;

struct BadInputCase {
  std::string name;
  std::string args;
  std::vector<std::string> expect;
  std::string out;
  int lines = 1;
  std::vector<std::pair<std::string, std::string>> files;
};

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> parts;
  std::string cur;
  for (char c : s) {
    if (c == sep) {
      parts.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  parts.push_back(cur);
  return parts;
}

using satcap::test::replace_all;

std::vector<BadInputCase> load_cases() {
  std::ifstream in(satcap::test::source_dir() / "tests" / "reliability" / "bad_inputs.txt", std::ios::binary);
  std::vector<BadInputCase> cases;
  std::string line;
  BadInputCase* cur = nullptr;
  std::string* file = nullptr;
  while (std::getline(in, line)) {
    if (line.rfind("### ", 0) == 0) {
      cases.push_back({});
      cur = &cases.back();
      cur->name = line.substr(4);
      file = nullptr;
      continue;
    }
    if (cur == nullptr) continue;
    if (file == nullptr) {
      if (line.rfind("args: ", 0) == 0) { cur->args = line.substr(6); continue; }
      if (line.rfind("expect: ", 0) == 0) { cur->expect = split(line.substr(8), '|'); continue; }
      if (line.rfind("out:", 0) == 0) { cur->out = line.size() > 5 ? line.substr(5) : ""; continue; }
      if (line.rfind("lines: ", 0) == 0) { cur->lines = std::stoi(line.substr(7)); continue; }
    }
    if (line == "@@@ !noeol") {
      if (file != nullptr && !file->empty()) file->pop_back();
      continue;
    }
    if (line.rfind("@@@ ", 0) == 0) {
      cur->files.emplace_back(line.substr(4), "");
      file = &cur->files.back().second;
      continue;
    }
    if (file != nullptr) *file += line + "\n";
  }
  return cases;
}

const std::vector<BadInputCase>& all_cases() {
  static const std::vector<BadInputCase> cases = load_cases();
  return cases;
}

std::string slurp(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::ostringstream os;
  os << f.rdbuf();
  return os.str();
}

class BadInput : public ::testing::TestWithParam<std::size_t> {};

TEST(BadInputCorpus, HasAtLeastSixtyCases) {
  EXPECT_GE(all_cases().size(), 60u);
  std::map<std::string, int> names;
  for (const auto& c : all_cases()) EXPECT_EQ(++names[c.name], 1) << "duplicate case name " << c.name;
}

TEST_P(BadInput, ExitsTwoWithOneLineAndNoPartialOutput) {
  const auto& c = all_cases().at(GetParam());
  const fs::path dir = satcap::test::scratch_dir("bad_input/" + c.name);
  const auto subst = [&](std::string s) {
    s = replace_all(std::move(s), "{d}", dir.string());
    s = replace_all(std::move(s), "{maps}", satcap::test::itu_maps_dir().string());
    return replace_all(std::move(s), "{src}", satcap::test::source_dir().string());
  };
  for (const auto& [name, content] : c.files) {
    const fs::path p = dir / name;
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << subst(content);
  }
  const fs::path err = dir.parent_path() / (c.name + ".stderr");
  const fs::path out = dir.parent_path() / (c.name + ".stdout");
  std::string ignored;
  // Parenthesised: run_command appends 2>&1 to the whole command line.
  std::string cmd(1, '(');
  cmd += satcap::test::cli_path().string();
  cmd += ' ';
  cmd += subst(c.args);
  cmd += " >";
  cmd += out.string();
  cmd += " 2>";
  cmd += err.string();
  cmd += ')';
  const int rc = satcap::test::run_command(cmd, ignored);
  const std::string stderr_text = slurp(err);
  EXPECT_EQ(rc, 2) << c.name << ": " << stderr_text;
  int lines = 0;
  for (const auto& l : split(stderr_text, '\n')) lines += l.empty() ? 0 : 1;
  EXPECT_EQ(lines, c.lines) << c.name << ": " << stderr_text;
  EXPECT_EQ(stderr_text.rfind("satcap", 0), 0u) << stderr_text;
  for (const auto& e : c.expect) EXPECT_NE(stderr_text.find(e), std::string::npos) << "'" << e << "' not in: " << stderr_text;
  if (!c.out.empty()) {
    EXPECT_FALSE(fs::exists(dir / c.out)) << c.name << ": partial output " << (dir / c.out);
  }
  for (const auto& entry : fs::recursive_directory_iterator(dir))
    EXPECT_EQ(entry.path().filename().string().find(".tmp."), std::string::npos) << "staging file left: " << entry.path();
}

std::string case_name(const ::testing::TestParamInfo<std::size_t>& info) { return all_cases().at(info.param).name; }

INSTANTIATE_TEST_SUITE_P(Corpus, BadInput, ::testing::Range<std::size_t>(0, all_cases().size()), case_name);

}  // namespace
