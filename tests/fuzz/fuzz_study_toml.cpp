// libFuzzer harness: study TOML. Parses the document and expands its sweep (study::StudyDocument::parse
// + expand_cases), then validates it against the capacity-study schema through CapacityStudy::load on a
// temporary copy (the only schema entry point takes a path). Datasets resolve against a directory that
// does not exist, so no large file is read. The same text is then read as a payload file.
#include <satcap/study/capacity_study.hpp>
#include <satcap/study/document.hpp>
#include <satcap/study/payload_file.hpp>
#include <satcap/study/sweep.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "fuzz_common.hpp"

namespace {
std::filesystem::path temp_study() {
  static const std::filesystem::path p =
      std::filesystem::temp_directory_path() / ("satcap-fuzz-study-" + std::to_string(::getpid())) / "study.toml";
  std::filesystem::create_directories(p.parent_path());
  return p;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto text = satcap::fuzz::as_text(data, size);
  satcap::fuzz::guarded([&] {
    const auto doc = satcap::study::StudyDocument::parse(text, "fuzz_study.toml", "/nonexistent-satcap-fuzz");
    satcap::study::SweepOptions o;
    o.max_cases = 1000;
    satcap::study::ValidationReport report;
    (void)satcap::study::expand_cases(doc, &report, o);
  });
  satcap::fuzz::guarded([&] {
    const auto path = temp_study();
    {
      std::ofstream f(path, std::ios::binary | std::ios::trunc);
      f.write(text.data(), static_cast<std::streamsize>(text.size()));
    }
    (void)satcap::study::CapacityStudy::load(path, std::filesystem::path("/nonexistent-satcap-fuzz-maps"));
  });
  // The same text as a payload file (datasets/payloads format; the file written above).
  satcap::fuzz::guarded([&] { (void)satcap::study::read_payload_file(temp_study()); });
  return 0;
}
