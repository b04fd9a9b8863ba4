// Deterministic tables, atomic and staged outputs, the --resume journal.
#include <satcap/core/files.hpp>
#include <satcap/study/output.hpp>
#include <satcap/study/table.hpp>

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmath>
#include <fstream>

#include "study_test_util.hpp"
#include "test_support.hpp"

namespace satcap::study {
namespace {

namespace fs = std::filesystem;
using testing::write;

std::string slurp(const fs::path& p) { return core::read_file(p); }

TEST(FormatNumber, ShortestRoundTrip) {
  EXPECT_EQ(format_number(0.1), "0.1");
  EXPECT_EQ(format_number(1.0), "1");
  EXPECT_EQ(format_number(-2.5), "-2.5");
  EXPECT_EQ(format_number(1e21), "1e+21");
  EXPECT_EQ(format_number(123456789.0), "123456789");
  EXPECT_EQ(format_number(1.0 / 3.0), "0.3333333333333333");
  for (double v : {0.1 + 0.2, 1.0 / 7.0, 6.02214076e23, -1.2345678901234567e-300, 5e-324}) {
    double back = 0;
    ASSERT_TRUE(core::parse_double(format_number(v), back));
    EXPECT_EQ(back, v) << format_number(v);  // exact round trip
  }
}

TEST(FormatNumber, SpecialValuesAndNegativeZero) {
  EXPECT_EQ(format_number(std::nan("")), "nan");
  EXPECT_EQ(format_number(HUGE_VAL), "inf");
  EXPECT_EQ(format_number(-HUGE_VAL), "-inf");
  EXPECT_EQ(format_number(-0.0), "0");
  EXPECT_EQ(format_number(-0.0001, NumberFormat::fixed(2)), "0.00");
  EXPECT_EQ(format_number(-1e-30, NumberFormat::significant(3)), "-1e-30");
  EXPECT_EQ(format_number(-0.0, NumberFormat::significant(3)), "0");
}

TEST(FormatNumber, SignificantAndFixed) {
  EXPECT_EQ(format_number(1234.5678, NumberFormat::significant(6)), "1234.57");
  EXPECT_EQ(format_number(0.000123456, NumberFormat::significant(3)), "0.000123");
  EXPECT_EQ(format_number(2.0 / 3.0, NumberFormat::fixed(3)), "0.667");
}

Table sample() {
  Table t({"case", "region", "n", "gbps"});
  t.add_row({std::string("base"), std::string("Europe, west"), std::int64_t{3}, 1.0 / 3.0});
  t.add_row({std::string("say \"hi\""), std::string("Asia"), std::int64_t{-1}, -0.0});
  t.add_row({std::string("x"), std::string("Arctic"), std::int64_t{0}, std::nan("")});
  return t;
}

TEST(Table, CsvQuotingAndFormats) {
  Table t = sample();
  EXPECT_EQ(t.to_csv(),
            "case,region,n,gbps\n"
            "base,\"Europe, west\",3,0.3333333333333333\n"
            "\"say \"\"hi\"\"\",Asia,-1,0\n"
            "x,Arctic,0,nan\n");
  t.set_format("gbps", NumberFormat::fixed(3));
  EXPECT_EQ(t.to_csv().substr(0, 48), "case,region,n,gbps\nbase,\"Europe, west\",3,0.333\n\"");
  EXPECT_THROW(t.set_format("nope", NumberFormat::fixed(1)), Error);
  EXPECT_THROW(t.add_row({std::string("short")}), Error);
  Table other({"a"});
  EXPECT_THROW(t.append(other), Error);
}

TEST(Table, JsonRoundTripIsExact) {
  Table t = sample();
  t.add_row({std::string("big"), std::string("r"), std::int64_t{1} << 60, 6.02214076e23});
  t.add_row({std::string("inf"), std::string("r"), std::int64_t{0}, -HUGE_VAL});
  const std::string text = t.to_json().dump();
  Table back = Table::from_json(nlohmann::json::parse(text));
  EXPECT_EQ(back.columns(), t.columns());
  ASSERT_EQ(back.rows(), t.rows());
  EXPECT_EQ(back.to_csv(), t.to_csv());
  EXPECT_EQ(std::get<std::int64_t>(back.row(3)[2]), std::int64_t{1} << 60);
  EXPECT_TRUE(std::isnan(std::get<double>(back.row(2)[3])));
  EXPECT_THROW(Table::from_json(nlohmann::json{{"columns", {"a"}}, {"rows", {{true}}}}), Error);
  EXPECT_THROW(Table::from_json(nlohmann::json::object()), Error);
}

TEST(Table, AppendKeepsOrder) {
  Table a({"k"}), b({"k"});
  a.add_row({std::int64_t{1}});
  b.add_row({std::int64_t{2}});
  a.append(b);
  EXPECT_EQ(a.to_csv(), "k\n1\n2\n");
}

TEST(OutputDirectory, CreatesMissingDirectoriesAndWritesAtomically) {
  auto dir = test::scratch_dir("study_out_create") / "a" / "b";
  OutputDirectory out(dir);
  EXPECT_TRUE(fs::is_directory(dir));
  out.write_csv("t.csv", sample());
  out.write_json("s.json", nlohmann::json{{"b", 1}, {"a", {1.5, 2}}});
  out.write_text("x.txt", "hello");
  EXPECT_EQ(slurp(dir / "t.csv"), sample().to_csv());
  EXPECT_EQ(slurp(dir / "s.json"), "{\n  \"a\": [\n    1.5,\n    2\n  ],\n  \"b\": 1\n}\n");
  EXPECT_EQ(slurp(dir / "x.txt"), "hello");
  for (const auto& e : fs::directory_iterator(dir))
    EXPECT_EQ(e.path().filename().string().find(".tmp."), std::string::npos) << e.path();
}

TEST(OutputDirectory, UnusableDirectoryIsAnInputErrorNamingIt) {
  auto base = test::scratch_dir("study_out_bad");
  write(base / "file", "x");
  try {
    OutputDirectory out(base / "file");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(e.file(), (base / "file").string());
    EXPECT_EQ(e.field(), "--out");
    EXPECT_NE(e.detail().find("not a directory"), std::string::npos);
  }
  try {
    OutputDirectory out(base / "file" / "sub", "output.dir");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(e.file(), (base / "file" / "sub").string());
    EXPECT_EQ(e.field(), "output.dir");
    EXPECT_NE(e.detail().find("cannot create"), std::string::npos);
  }
  EXPECT_THROW(OutputDirectory(""), InputError);
  if (::geteuid() != 0) {  // root ignores permissions
    fs::create_directories(base / "ro");
    ::chmod((base / "ro").c_str(), 0555);
    EXPECT_THROW(OutputDirectory(base / "ro"), InputError);
    ::chmod((base / "ro").c_str(), 0755);
  }
}

TEST(OutputDirectory, StagedFilesAppearOnlyOnCommit) {
  auto dir = test::scratch_dir("study_out_stage");
  OutputDirectory out(dir);
  out.write_text("summary.json", "old summary\n");
  out.write_text("regions.csv", "old regions\n");
  out.stage_text("summary.json", "new summary\n");
  out.stage_csv("regions.csv", sample());
  out.stage_json("extra.json", nlohmann::json::array());
  EXPECT_EQ(out.staged(), (std::vector<std::string>{"extra.json", "regions.csv", "summary.json"}));
  EXPECT_EQ(slurp(dir / "summary.json"), "old summary\n");
  EXPECT_FALSE(fs::exists(dir / "extra.json"));
  out.commit();
  EXPECT_EQ(slurp(dir / "summary.json"), "new summary\n");
  EXPECT_EQ(slurp(dir / "regions.csv"), sample().to_csv());
  EXPECT_EQ(slurp(dir / "extra.json"), "[]\n");
  EXPECT_TRUE(out.staged().empty());
}

TEST(OutputDirectory, FailedCommitKeepsEveryPreviousFile) {
  auto dir = test::scratch_dir("study_out_failcommit");
  OutputDirectory out(dir);
  out.write_text("a.csv", "old a\n");
  out.write_text("b.csv", "old b\n");
  out.stage_text("a.csv", "new a\n");
  out.stage_text("b.csv", "new b\n");
  out.write_text("sub", "a file where a directory would go\n");
  out.stage_text("sub/c.csv", "new c\n");  // its directory cannot be created: fails in phase 1
  EXPECT_THROW(out.commit(), InputError);
  EXPECT_EQ(slurp(dir / "a.csv"), "old a\n");
  EXPECT_EQ(slurp(dir / "b.csv"), "old b\n");
  for (const auto& e : fs::directory_iterator(dir))
    EXPECT_EQ(e.path().filename().string().find(".tmp."), std::string::npos) << e.path();
}

TEST(OutputDirectory, RemovesTemporariesOfDeadProcessesOnly) {
  auto dir = test::scratch_dir("study_out_stale");
  // PID 2^22+1 is above the default pid_max on most systems; 1 (init) is alive.
  write(dir / "summary.json.tmp.4194305.1a2b3c", "partial");
  write(dir / ("regions.csv.tmp." + std::to_string(::getpid()) + ".ff"), "ours");
  write(dir / "keep.tmp.notapid", "x");
  write(dir / "init.csv.tmp.1.abc", "alive owner");
  { OutputDirectory no_clean(dir, "--out", /*clean_stale=*/false); }
  EXPECT_TRUE(fs::exists(dir / "summary.json.tmp.4194305.1a2b3c"));
  OutputDirectory out(dir);
  EXPECT_FALSE(fs::exists(dir / "summary.json.tmp.4194305.1a2b3c"));
  EXPECT_TRUE(fs::exists(dir / ("regions.csv.tmp." + std::to_string(::getpid()) + ".ff")));
  EXPECT_TRUE(fs::exists(dir / "keep.tmp.notapid"));
  EXPECT_TRUE(fs::exists(dir / "init.csv.tmp.1.abc"));
}

CaseSpec spec(const std::string& name, const std::string& text) {
  auto cases = expand_cases(StudyDocument::parse(text, "s.toml"));
  CaseSpec c = cases.at(0);
  c.name = name;
  c.id = case_id(name);
  return c;
}

TEST(CaseJournal, StoresAndLoadsOnlyMatchingEntries) {
  auto dir = test::scratch_dir("study_journal");
  OutputDirectory out(dir);
  CaseJournal j(out, "1.2.3", "datasets:abc");
  EXPECT_EQ(j.directory(), dir / ".satcap-cases");
  CaseSpec a = spec("a", "x = 1\n");
  EXPECT_FALSE(j.load(a).has_value());
  const nlohmann::json result = {{"delivered_gbps", 12.5}, {"rows", {1, 2, 3}}};
  j.store(a, result);
  ASSERT_TRUE(fs::exists(dir / ".satcap-cases" / "a.json"));
  auto back = j.load(a);
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(*back, result);
  // A changed input, engine version or salt does not match.
  EXPECT_FALSE(j.load(spec("a", "x = 2\n")).has_value());
  EXPECT_FALSE(CaseJournal(out, "1.2.4", "datasets:abc").load(a).has_value());
  EXPECT_FALSE(CaseJournal(out, "1.2.3", "datasets:abd").load(a).has_value());
  // Layout changes of the same input still match.
  EXPECT_TRUE(j.load(spec("a", "# comment\nx   =   1\n")).has_value());
  // A corrupt entry is ignored, not an error.
  write(dir / ".satcap-cases" / "a.json", "{\"format\": 1, \"key\": ");
  EXPECT_FALSE(j.load(a).has_value());
  j.store(a, result);
  j.clear();
  EXPECT_FALSE(j.load(a).has_value());
}

}  // namespace
}  // namespace satcap::study
