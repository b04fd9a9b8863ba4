// libFuzzer harness: 2-/3-line TLE text (Alpha-5 catalogue numbers included), strict and lenient modes.
#include <satcap/orbit/elements.hpp>

#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto text = satcap::fuzz::as_text(data, size);
  satcap::fuzz::guarded([&] { (void)satcap::orbit::parse_tle_text(text, "fuzz.tle"); });
  satcap::fuzz::guarded([&] {
    satcap::orbit::ReadOptions o;
    o.skip_bad_records = true;
    satcap::orbit::ReadReport report;
    (void)satcap::orbit::parse_tle_text(text, "fuzz.tle", o, &report);
  });
  return 0;
}
