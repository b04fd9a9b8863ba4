#include <satcap/core/error.hpp>
#include <satcap/core/files.hpp>

#include <gtest/gtest.h>

#include <filesystem>

#include "test_support.hpp"

using namespace satcap::core;
namespace fs = std::filesystem;

TEST(Files, AtomicFileKeepsPreviousContentUntilCommit) {
  auto dir = satcap::test::scratch_dir("atomic");
  auto target = dir / "out.csv";
  write_file_atomically(target, "old\n");
  {
    AtomicFile f(target);
    f.stream() << "new, half written";
    // destroyed without commit: as if an exception unwound
  }
  EXPECT_EQ(read_file(target), "old\n");
  int entries = 0;
  for (auto& e : fs::directory_iterator(dir)) { (void)e; ++entries; }
  EXPECT_EQ(entries, 1) << "temporary file left behind";
  AtomicFile g(target);
  g.stream() << "new\n";
  g.commit();
  EXPECT_EQ(read_file(target), "new\n");
}

TEST(Files, UnwritableDirectoryIsAnInputError) {
  EXPECT_THROW(AtomicFile(fs::path("/nonexistent-dir/x.csv")), satcap::InputError);
  EXPECT_THROW(read_file("/nonexistent-dir/x.csv"), satcap::InputError);
}

TEST(Files, CsvParsesAndReportsLineAndColumn) {
  std::string text = "# comment\r\nid,name,lat_deg\r\n1,\"Moscow, RU\",55.75\r\n\r\n2,Kazan,abc\r\n";
  CsvTable t = CsvTable::parse(text, "sites.csv", {"id", "lat_deg"});
  ASSERT_EQ(t.rows().size(), 2u);
  EXPECT_EQ(t.text(t.rows()[0], "name"), "Moscow, RU");
  EXPECT_DOUBLE_EQ(t.number(t.rows()[0], "lat_deg"), 55.75);
  EXPECT_EQ(t.rows()[1].line, 5u);
  try {
    t.number(t.rows()[1], "lat_deg");
    FAIL();
  } catch (const satcap::InputError& e) {
    EXPECT_STREQ(e.what(), "sites.csv:5: lat_deg: 'abc' is not a finite number");
  }
  EXPECT_THROW(CsvTable::parse("a,b\n1\n", "x.csv"), satcap::InputError);
  EXPECT_THROW(CsvTable::parse("a,b\n", "x.csv", {"c"}), satcap::InputError);
  EXPECT_THROW(CsvTable::parse("", "x.csv"), satcap::InputError);
  CsvTable u = CsvTable::parse("v\nnan\ninf\n95\n", "v.csv");
  EXPECT_THROW(u.number(u.rows()[0], "v"), satcap::InputError);
  EXPECT_THROW(u.number(u.rows()[1], "v"), satcap::InputError);
  EXPECT_THROW(u.number_in(u.rows()[2], "v", 0, 90, "deg"), satcap::InputError);
  EXPECT_EQ(csv_escape("a,b"), "\"a,b\"");
  EXPECT_EQ(csv_escape("say \"x\""), "\"say \"\"x\"\"\"");
}
