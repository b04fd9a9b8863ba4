// libFuzzer harness: link TOML files (radio::parse_link_toml). Antenna table paths resolve against a
// directory that does not exist, so a fuzzed path can only produce a "file not found" InputError.
#include <satcap/radio/link_file.hpp>

#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto text = satcap::fuzz::as_text(data, size);
  satcap::fuzz::guarded(
      [&] { (void)satcap::radio::parse_link_toml(text, "fuzz_link.toml", "/nonexistent-satcap-fuzz"); });
  return 0;
}
