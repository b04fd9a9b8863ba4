// Landing rights per system and country (include/satcap/ground/landing_rights.hpp).
#include <satcap/core/error.hpp>
#include <satcap/ground/landing_rights.hpp>

#include <gtest/gtest.h>

#include "test_support.hpp"

using namespace satcap;

TEST(LandingRights, ShippedFileListsStarlinkAndRassvetWithSources) {
  const auto r = ground::read_landing_rights(test::source_dir() / "datasets/ground/landing_rights.csv");
  const auto& sl = r.of("starlink", "f");
  EXPECT_TRUE(sl.licensed("DE"));
  EXPECT_TRUE(sl.licensed(""));  // the sea follows the * row
  for (const char* c : {"RU", "CN", "IR", "BY", "KP"}) EXPECT_FALSE(sl.licensed(c)) << c;
  const auto& ra = r.of("rassvet", "f");
  EXPECT_TRUE(ra.licensed("RU"));
  EXPECT_FALSE(ra.licensed("KZ"));
  EXPECT_TRUE(r.of("rassvet_eaeu", "f").licensed("KZ"));
  EXPECT_THROW(r.of("nosuch", "f"), InputError);
}

TEST(LandingRights, BadRowsNameTheLineAndColumn) {
  const std::string head = "system,country,rights,source\n";
  struct Case {
    std::string body, column;
    std::size_t line;
  };
  const std::vector<Case> cases = {
      {"s,*,licensed,x\ns,Russia,licensed,x\n", "country", 3},
      {"s,*,licensed,x\ns,RU,maybe,x\n", "rights", 3},
      {"s,*,licensed,x\ns,RU,licensed,\n", "source", 3},
      {"s,*,licensed,x\ns,RU,licensed,x\ns,RU,not_licensed,x\n", "country", 4},
      {"s,*,licensed,x\ns,*,licensed,x\n", "country", 3},
      {"s,RU,licensed,x\n", "country", 0},  // no * row
  };
  for (const auto& c : cases) {
    try {
      (void)ground::parse_landing_rights(head + c.body, "rights.csv");
      ADD_FAILURE() << "accepted: " << c.body;
    } catch (const InputError& e) {
      EXPECT_EQ(e.file(), "rights.csv");
      EXPECT_EQ(e.field(), c.column) << e.what();
      EXPECT_EQ(e.line(), c.line) << e.what();
    }
  }
}
