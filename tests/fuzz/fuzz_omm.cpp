// libFuzzer harness: CelesTrak GP / OMM JSON (array or single object), strict and lenient modes.
#include <satcap/orbit/elements.hpp>

#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto text = satcap::fuzz::as_text(data, size);
  satcap::fuzz::guarded([&] { (void)satcap::orbit::parse_omm_json(text, "fuzz.json"); });
  satcap::fuzz::guarded([&] {
    satcap::orbit::ReadOptions o;
    o.skip_bad_records = true;
    satcap::orbit::ReadReport report;
    (void)satcap::orbit::parse_omm_json(text, "fuzz.json", o, &report);
  });
  return 0;
}
