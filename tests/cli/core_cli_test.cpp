#include <gtest/gtest.h>

#include "test_support.hpp"

using satcap::test::cli_path;
using satcap::test::run_command;

TEST(CliCore, VersionAndHelp) {
  std::string out;
  EXPECT_EQ(run_command(cli_path().string() + " --version", out), 0);
  EXPECT_NE(out.find('.'), std::string::npos);
  EXPECT_EQ(run_command(cli_path().string() + " --help", out), 0);
  EXPECT_NE(out.find("look"), std::string::npos);
}

TEST(CliCore, UnknownOptionExitsTwoWithOneLine) {
  std::string out;
  EXPECT_EQ(run_command(cli_path().string() + " look --bogus", out), 2);
  EXPECT_NE(out.find("--bogus"), std::string::npos);
  EXPECT_EQ(run_command(cli_path().string() + " nosuchcommand", out), 2);
}

TEST(CliCore, LookPrintsZenithCase) {
  std::string out;
  ASSERT_EQ(run_command(cli_path().string() + " look --sat 55.75,37.62,550 --site Moscow,55.75,37.62,0", out), 0) << out;
  EXPECT_NE(out.find("90.000"), std::string::npos) << out;
  EXPECT_NE(out.find("550.000"), std::string::npos) << out;
}

TEST(CliCore, LookRejectsBadSite) {
  std::string out;
  EXPECT_EQ(run_command(cli_path().string() + " look --site Nowhere,95,0", out), 2);
  EXPECT_NE(out.find("--site"), std::string::npos) << out;
  EXPECT_EQ(run_command(cli_path().string() + " look --sat 10,10,-5", out), 2);
}
