// Regression tests for crashes found by fuzzing the orbit parsers (tests/fuzz, docs/reliability.md).
#include <satcap/core/error.hpp>
#include <satcap/orbit/elements.hpp>

#include <gtest/gtest.h>

namespace {

// fuzz_omm: a number that overflows a double ("2.52e752") made nlohmann::json throw out_of_range (406),
// which escaped parse_omm_json's parse_error handler and terminated the process.
TEST(FuzzRegressions, OmmNumberOverflowIsAnInputError) {
  const std::string text =
      R"([{"OBJECT_NAME": "X", "EPOCH": "2026-09-19T18:42:51", "MEAN_MOTION": 15.2, "MEAN_MOTION_DOT": 2.52e752}])";
  EXPECT_THROW((void)satcap::orbit::parse_omm_json(text, "overflow.json"), satcap::InputError);
  satcap::orbit::ReadOptions lenient;
  lenient.skip_bad_records = true;
  EXPECT_THROW((void)satcap::orbit::parse_omm_json(text, "overflow.json", lenient), satcap::InputError);
  try {
    (void)satcap::orbit::parse_omm_json("[{\"BSTAR\": -1e999}]", "overflow.json");
    FAIL() << "no exception";
  } catch (const satcap::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("overflow.json"), std::string::npos) << e.what();
  }
}

}  // namespace
