// Shared helpers of the libFuzzer harnesses. A harness passes when the parser either returns or
// throws satcap::Error (InputError/RangeError/ValidationError): any other exception escapes and is
// reported by libFuzzer as a crash (uncaught exception), as are sanitizer findings.
#pragma once
#include <satcap/core/error.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace satcap::fuzz {

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

template <class F>
int guarded(F&& f) {
  try {
    f();
  } catch (const satcap::Error&) {
    // Expected: bad input reported with file/line/field.
  }
  return 0;
}

}  // namespace satcap::fuzz
